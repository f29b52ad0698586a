-- the match keys of each product offer: two offers sharing a key are the same product.
-- keys: the GTIN (check digit validated upstream) and the manufacturer part number (MPN),
-- when it looks like one (4+ characters with a digit: not "n/a" or "1"). Titles are not
-- keys: "128GB Black" and "256GB Black" are different products with near-equal titles.
with offers as (
    select
        source,
        source_id,
        gtin,
        upper(regexp_replace(mpn, '\s+', '', 'g')) as mpn_key,
    from int_product_offers_collapsed
),

keys as (
    select source, source_id, 'gtin:' || gtin as match_key
    from offers
    where gtin is not null

    union all

    select source, source_id, 'mpn:' || mpn_key as match_key
    from offers
    where length(mpn_key) >= 4 and regexp_matches(mpn_key, '[0-9]')
)

select distinct * from keys
