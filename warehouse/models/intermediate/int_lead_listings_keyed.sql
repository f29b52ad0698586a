-- the matching features of each lead listing: name, phone, website, emails, address and place
-- spelled one way (macros in warehouse/macros.py), name words weighted by how rare they are,
-- and a number for fast joins
with listings as (
    select * from int_lead_listings_collapsed
),

keyed as materialized (
    select
        -- ids
        -- numbered in the order first seen: a lead is named after its first listing
        row_number() over (order by first_seen, source, source_id) as listing_number,
        source,
        source_id,
        first_seen,

        -- business
        match_name(name) as name_key,
        phone,  -- E.164
        -- the last 7 digits as written: a format, a missing or changed area code don't matter
        phone_local(coalesce(phone, phone_raw)) as phone_local,
        website_domain,
        list_distinct(list_transform(emails, email -> lower(email))) as emails,

        -- address
        street_key(coalesce(street, address_raw)) as street_key,
        nullif(left(regexp_replace(postal_code, '[^0-9A-Za-z]', '', 'g'), 5), '') as postal_key,
        nullif(trim(regexp_replace(lower(city), '[^a-z0-9]+', ' ', 'g')), '') as city_key,
        latitude,
        longitude,
    from listings
),

with_words as materialized (
    select
        *,
        list_distinct(string_split(name_key, ' ')) as name_words,
        nullif(regexp_extract(street_key, '^([0-9]+)', 1), '') as house_number,
        -- the street without its number and unit: "n main st"
        nullif(trim(regexp_replace(
            regexp_replace(street_key, '^[0-9]+[a-z]? ', ''), ' (ste|apt|unit|fl|rm|bldg) .*$', ''
        )), '') as street_name,
    from keyed
),

-- a word most names share ("cafe", "ymca" in a list of YMCAs) says less than a rare one:
-- weight ln(1 + listings / listings whose name has it)
word_weights as (
    select word, ln(1 + (select count(*) from keyed) / count(*)) as weight
    from (select unnest(name_words) as word from with_words)
    group by word
),

weighted as (
    select
        words.listing_number,
        list({'word': word_weights.word, 'weight': word_weights.weight}) as name_terms,
        sum(word_weights.weight) as name_weight,
    from (select listing_number, unnest(name_words) as word from with_words) as words
    join word_weights using (word)
    group by words.listing_number
)

select with_words.*, weighted.name_terms, weighted.name_weight
from with_words
left join weighted using (listing_number)
