-- each candidate pair of lead listings compared feature by feature: how alike the names,
-- phones, websites, emails, addresses and places are (NULL where one of the two is silent)
with pairs as (
    select * from int_lead_pairs_blocked
),

listings as (
    select * from int_lead_listings_keyed
),

-- a website serving several addresses is a chain's or a platform's: it names no one branch
domain_sites as (
    select
        website_domain,
        count(distinct house_number) as sites,
    from listings
    where website_domain is not null
    group by website_domain
),

compared as (
    select
        -- ids
        pairs.left_number,
        pairs.right_number,

        -- name: spelling ("joes pizza" / "joes pizzza"), and the weight of the words both
        -- names have, over both ("bel-air hotel" / "hotel bel-air") and over the lighter
        -- name ("ymca north lawndale" / "ymca of chicago - north lawndale ymca")
        jaro_winkler_similarity(lefts.name_key, rights.name_key) as name_spelling,
        coalesce(list_sum(list_transform(
            list_filter(lefts.name_terms, term -> list_contains(rights.name_words, term.word)),
            term -> term.weight
        )), 0) as shared_name_weight,
        round(shared_name_weight / (lefts.name_weight + rights.name_weight - shared_name_weight), 4)
            as name_overlap,
        round(shared_name_weight / least(lefts.name_weight, rights.name_weight), 4)
            as name_containment,

        -- contact
        if(lefts.phone is null or rights.phone is null, null, lefts.phone = rights.phone)
            as phone_equal,
        if(
            lefts.phone_local is null or rights.phone_local is null,
            null,
            lefts.phone_local = rights.phone_local
        ) as phone_local_equal,
        if(
            lefts.website_domain is null or rights.website_domain is null,
            null,
            lefts.website_domain = rights.website_domain
        ) as domain_equal,
        greatest(left_sites.sites, right_sites.sites) as domain_sites,
        if(
            len(lefts.emails) = 0 or len(rights.emails) = 0,
            null,
            len(list_intersect(lefts.emails, rights.emails)) > 0
        ) as email_shared,

        -- address
        if(
            lefts.house_number is null or rights.house_number is null,
            null,
            lefts.house_number = rights.house_number
        ) as house_number_equal,
        -- the street: spelling, or the words of the shorter one all in the longer one
        -- ("9th ave" / "9th ave between 50th and 51st sts")
        greatest(
            jaro_winkler_similarity(lefts.street_name, rights.street_name),
            len(list_intersect(
                string_split(lefts.street_name, ' '), string_split(rights.street_name, ' ')
            )) / least(
                len(string_split(lefts.street_name, ' ')),
                len(string_split(rights.street_name, ' '))
            )
        ) as street_similarity,
        if(
            lefts.postal_key is null or rights.postal_key is null,
            null,
            lefts.postal_key = rights.postal_key
        ) as postal_equal,
        -- "new york" and "new york city" are one city
        if(
            lefts.city_key is null or rights.city_key is null,
            null,
            starts_with(lefts.city_key || ' ', rights.city_key || ' ')
                or starts_with(rights.city_key || ' ', lefts.city_key || ' ')
        ) as city_equal,

        -- place: great-circle distance in metres
        round(2 * 6371008.8 * asin(sqrt(
            pow(sin(radians(rights.latitude - lefts.latitude) / 2), 2)
            + cos(radians(lefts.latitude)) * cos(radians(rights.latitude))
                * pow(sin(radians(rights.longitude - lefts.longitude) / 2), 2)
        )), 1) as distance_m,
    from pairs
    join listings as lefts on lefts.listing_number = pairs.left_number
    join listings as rights on rights.listing_number = pairs.right_number
    left join domain_sites as left_sites on left_sites.website_domain = lefts.website_domain
    left join domain_sites as right_sites on right_sites.website_domain = rights.website_domain
)

select * from compared
