-- the matching features of each product offer: identifiers (GTIN, part number) and the
-- title taken apart into brand, measures ("128gb"), colours and model words (macros in
-- warehouse/macros.py), with a number for fast joins
with offers as (
    select * from int_product_offers_collapsed
),

titled as (
    select
        row_number() over (order by first_seen, source, source_id) as offer_number,
        source,
        source_id,
        gtin,  -- check digit validated upstream
        -- a part number that looks like one (4+ characters with a digit: not "n/a" or "1")
        case
            when length(regexp_replace(upper(mpn), '[^A-Z0-9]', '', 'g')) >= 4
                and regexp_matches(mpn, '[0-9]')
            then regexp_replace(upper(mpn), '[^A-Z0-9]', '', 'g')
        end as mpn_key,
        match_name(brand) as brand_key,
        title_key(title) as title_key,
        title_codes(title) as codes,
    from offers
),

-- brands named anywhere, to read the brand off a title when the offer leaves it out
brands as (
    select distinct brand_key, string_split(brand_key, ' ')[1] as first_word
    from titled
    where brand_key is not null
),

-- "New Apple iPhone 15 ..." names Apple: the longest known brand the title starts with
title_brands as (
    select titled.offer_number, arg_max(brands.brand_key, length(brands.brand_key)) as brand_key
    from titled
    join brands on brands.first_word = string_split(
        regexp_replace(titled.title_key, '^new ', ''), ' '
    )[1]
    where titled.brand_key is null
        and starts_with(
            regexp_replace(titled.title_key, '^new ', '') || ' ', brands.brand_key || ' '
        )
    group by titled.offer_number
),

measured as (
    select
        titled.* exclude (brand_key),
        coalesce(titled.brand_key, title_brands.brand_key) as brand_key,
        title_measures(titled.title_key) as measures,
        title_colours(titled.title_key) as colours,
    from titled
    left join title_brands using (offer_number)
),

keyed as (
    select
        *,
        title_core_words(title_key, measures, colours, string_split(brand_key, ' '))
            as core_words,
        -- with no brand known, the title's first word may be one ("acme widget" / "widget")
        if(
            brand_key is null,
            string_split(regexp_replace(title_key, '^new ', ''), ' ')[1],
            null
        ) as lead_word,
    from measured
)

select * from keyed
