-- one row per real-world business, merged across its listings. Survivorship: the phone and
-- website most listings agree on (then the latest), the whole address of the listing that
-- gives the most of it (then the latest), other fields from the latest listing that has
-- them; categories and emails united; reviews summed across sources
with listings as (
    select
        clusters.lead_id,
        collapsed.*,
        collapsed.latitude is not null and collapsed.longitude is not null as has_point,
        -- 1 = the listing whose fields win
        row_number() over (
            partition by clusters.lead_id
            order by collapsed.last_seen desc, collapsed.source, collapsed.source_id
        ) as listing_rank,
        -- 1 = the listing with the most complete address
        row_number() over (
            partition by clusters.lead_id
            order by
                (collapsed.street is not null)::int + (collapsed.city is not null)::int
                    + (collapsed.region is not null)::int
                    + (collapsed.postal_code is not null)::int desc,
                collapsed.last_seen desc,
                collapsed.source,
                collapsed.source_id
        ) as address_rank,
    from int_lead_listings_collapsed as collapsed
    join int_lead_listings_clustered as clusters using (source, source_id)
),

best_phones as (
    select lead_id, phone
    from listings
    where phone is not null
    group by lead_id, phone
    qualify row_number() over (
        partition by lead_id order by count(*) desc, min(listing_rank)
    ) = 1
),

best_domains as (
    select lead_id, website_domain
    from listings
    where website_domain is not null
    group by lead_id, website_domain
    qualify row_number() over (
        partition by lead_id order by count(*) desc, min(listing_rank)
    ) = 1
),

leads as (
    select
        -- ids
        listings.lead_id,

        -- business
        arg_min(listings.name, listings.listing_rank) filter (where listings.name is not null)
            as name,
        any_value(best_phones.phone) as phone,
        any_value(best_domains.website_domain) as website_domain,
        list_sort(list_distinct(flatten(list(listings.categories)))) as categories,
        list_sort(list_distinct(flatten(list(
            list_transform(listings.emails, email -> lower(email))
        )))) as emails,

        -- address: every part from one listing, never a street from one and a city from another
        arg_min(listings.street, listings.address_rank) as street,
        arg_min(listings.city, listings.address_rank) as city,
        arg_min(listings.region, listings.address_rank) as region,
        arg_min(listings.postal_code, listings.address_rank) as postal_code,
        arg_min(listings.country, listings.listing_rank) filter (where listings.country is not null)
            as country,
        -- a point from one listing, never a latitude from one and a longitude from another
        arg_min(listings.latitude, listings.listing_rank) filter (where listings.has_point)
            as latitude,
        arg_min(listings.longitude, listings.listing_rank) filter (where listings.has_point)
            as longitude,

        -- reputation: the review-weighted rating over every source's reviews
        round(coalesce(
            sum(listings.rating * listings.review_count)
                / nullif(sum(listings.review_count) filter (where listings.rating is not null), 0),
            avg(listings.rating)
        ), 2) as rating,
        sum(listings.review_count)::bigint as review_count,

        -- provenance
        list_sort(list_distinct(list(listings.source))) as sources,
        count(distinct listings.source) as source_count,
        count(*) as listing_count,
        min(listings.first_seen) as first_seen,
        max(listings.last_seen) as last_seen,
    from listings
    left join best_phones using (lead_id)
    left join best_domains using (lead_id)
    group by listings.lead_id
)

select * from leads
