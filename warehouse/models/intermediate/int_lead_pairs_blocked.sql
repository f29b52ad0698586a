-- candidate pairs of lead listings: two listings that share a block (a phone, a website, an
-- email, a house number on a street, a name word in a place, a spot on the map). Only pairs
-- from blocks of 2 to 50 listings (name words: 20): a word or a place that common says
-- nothing by itself, and a block of n listings makes n*(n-1)/2 pairs.
with listings as (
    select * from int_lead_listings_keyed
),

block_keys as (
    select listing_number, 'phone:' || phone_local as block_key
    from listings where phone_local is not null

    union all

    select listing_number, 'domain:' || website_domain as block_key
    from listings where website_domain is not null

    union all

    select listing_number, 'email:' || unnest(emails) as block_key
    from listings

    union all

    -- "1200 n main st" and "1200 main street": the number and the street's first word that
    -- is not a direction, in the listing's city (its first word: "new york" is "new york city")
    select
        listing_number,
        'address:' || house_number || ' '
            || list_filter(string_split(street_name, ' '), word -> word not in (
                'n', 's', 'e', 'w', 'ne', 'nw', 'se', 'sw'
            ))[1]
            || '@' || coalesce(string_split(city_key, ' ')[1], '') as block_key
    from listings where house_number is not null and street_name is not null

    union all

    -- a name word in the listing's city (its first word: "new york" is "new york city"), else
    -- in its postal code, else anywhere
    select
        listing_number,
        'name:' || unnest(list_filter(
            name_words, word -> length(word) >= 2 and word not in ('and', 'the', 'of', 'for')
        )) || '@' || coalesce(string_split(city_key, ' ')[1], postal_key, '') as block_key
    from listings

    union all

    -- cells of about 110 m x 80 m, on four grids shifted by half a cell: two points closer
    -- than half a cell in both directions share a cell on one of them
    select
        listing_number,
        'cell:' || shift[1] || shift[2]
            || ':' || floor(latitude * 1000 + shift[1] * 0.5)::bigint
            || ':' || floor(longitude * 1000 + shift[2] * 0.5)::bigint as block_key
    from listings, (select unnest([[0, 0], [0, 1], [1, 0], [1, 1]]) as shift)
    where latitude is not null and longitude is not null
),

blocks as (
    select block_key
    from block_keys
    group by block_key
    having count(*) between 2 and if(starts_with(block_key, 'name:'), 20, 50)
),

members as (
    select distinct block_keys.block_key, block_keys.listing_number
    from block_keys
    semi join blocks using (block_key)
),

pairs as (
    select distinct
        lefts.listing_number as left_number,
        rights.listing_number as right_number,
    from members as lefts
    join members as rights
        on lefts.block_key = rights.block_key and lefts.listing_number < rights.listing_number
)

select * from pairs
