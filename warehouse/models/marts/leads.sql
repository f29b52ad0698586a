-- one row per real-world business, merged across its listings. Survivorship: the phone and
-- website most listings agree on (then the latest), the whole address of the listing that
-- gives the most of it (then the latest), other fields from the latest listing that has
-- them; categories and emails united (with those of the business's own website); reviews
-- summed across sources. "The latest": last seen most recently, ties to the listing seen
-- first. Where each website email and social profile was read: `lead_contacts`.
with listings as (
    select
        clusters.lead_id,
        collapsed.*,
        collapsed.latitude is not null and collapsed.longitude is not null as has_point,
        -- the larger, the more a listing's fields win (aggregates, not windows: far cheaper)
        (collapsed.last_seen, -keyed.listing_number) as recency,
        (
            (collapsed.street is not null)::int + (collapsed.city is not null)::int
                + (collapsed.region is not null)::int
                + (collapsed.postal_code is not null)::int,
            collapsed.last_seen,
            -keyed.listing_number
        ) as address_completeness,
    from int_lead_listings_collapsed as collapsed
    join int_lead_listings_clustered as clusters using (source, source_id)
    join int_lead_listings_keyed as keyed using (source, source_id)
),

best_phones as (
    select lead_id, arg_max(phone, (listings, recency)) as phone
    from (
        select lead_id, phone, count(*) as listings, max(recency) as recency
        from listings
        where phone is not null
        group by lead_id, phone
    )
    group by lead_id
),

best_domains as (
    select lead_id, arg_max(website_domain, (listings, recency)) as website_domain
    from (
        select lead_id, website_domain, count(*) as listings, max(recency) as recency
        from listings
        where website_domain is not null
        group by lead_id, website_domain
    )
    group by lead_id
),

website_contacts as (
    select
        lead_id,
        list(distinct value) filter (where kind = 'email') as emails,
        list(distinct value) filter (where kind = 'social') as socials,
    from int_lead_contacts_found
    group by lead_id
),

leads as (
    select
        -- ids
        listings.lead_id,

        -- business
        arg_max(listings.name, listings.recency) filter (where listings.name is not null)
            as name,
        any_value(best_phones.phone) as phone,
        any_value(best_domains.website_domain) as website_domain,
        list_sort(list_distinct(flatten(list(listings.categories)))) as categories,
        list_sort(list_distinct(flatten(list(
            list_transform(listings.emails, email -> lower(email))
        )) || coalesce(any_value(website_contacts.emails), []))) as emails,
        list_sort(coalesce(any_value(website_contacts.socials), [])) as socials,

        -- address: every part from one listing, never a street from one and a city from another
        arg_max(listings.street, listings.address_completeness) as street,
        arg_max(listings.city, listings.address_completeness) as city,
        arg_max(listings.region, listings.address_completeness) as region,
        arg_max(listings.postal_code, listings.address_completeness) as postal_code,
        arg_max(listings.country, listings.recency) filter (where listings.country is not null)
            as country,
        -- a point from one listing, never a latitude from one and a longitude from another
        arg_max(listings.latitude, listings.recency) filter (where listings.has_point)
            as latitude,
        arg_max(listings.longitude, listings.recency) filter (where listings.has_point)
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
    left join website_contacts using (lead_id)
    group by listings.lead_id
)

select * from leads
