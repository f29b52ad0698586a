-- the match keys of each lead listing: two listings sharing a key are the same business.
-- keys: the phone; the website domain, unless several street addresses share it (a chain,
-- or a site hosting many businesses), where only domain + street links; name + street.
with listings as (
    select
        source,
        source_id,
        phone,
        website_domain,
        -- the same address written two ways ("12 Main St." / "12 main street") gets one key
        nullif(array_to_string(list_transform(
            string_split(trim(regexp_replace(lower(street), '[^a-z0-9]+', ' ', 'g')), ' '),
            lambda word: coalesce(map {
                'street': 'st', 'avenue': 'ave', 'av': 'ave', 'road': 'rd', 'boulevard': 'blvd',
                'drive': 'dr', 'lane': 'ln', 'court': 'ct', 'place': 'pl', 'square': 'sq',
                'highway': 'hwy', 'parkway': 'pkwy', 'suite': 'ste', 'north': 'n',
                'south': 's', 'east': 'e', 'west': 'w', 'first': '1st', 'second': '2nd'
            }[word], word)
        ), ' '), '') as street_key,
        -- "Joe's Pizza & Pasta, LLC" and "joes pizza and pasta" get one key
        nullif(array_to_string(list_filter(
            string_split(trim(regexp_replace(
                replace(replace(lower(name), '&', ' and '), '''', ''), '[^a-z0-9]+', ' ', 'g'
            )), ' '),
            lambda word: word not in ('llc', 'inc', 'ltd', 'corp', 'co', 'gmbh', 'the')
        ), ' '), '') as name_key,
    from int_lead_listings_collapsed
),

domain_streets as (
    select
        website_domain,
        count(distinct street_key) as street_count,
    from listings
    where website_domain is not null
    group by website_domain
),

keys as (
    select source, source_id, 'phone:' || phone as match_key
    from listings
    where phone is not null

    union all

    select source, source_id, 'domain:' || website_domain as match_key
    from listings
    join domain_streets using (website_domain)
    where street_count <= 1

    union all

    select source, source_id, 'domain:' || website_domain || '@' || street_key as match_key
    from listings
    join domain_streets using (website_domain)
    where street_count > 1 and street_key is not null

    union all

    select source, source_id, 'name:' || name_key || '@' || street_key as match_key
    from listings
    where name_key is not null and street_key is not null
)

select distinct * from keys
