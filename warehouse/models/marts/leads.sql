-- one row per real-world business, merged across its listings: each field from the most
-- recently seen listing that has it; lists united; reviews summed across sources
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
    from int_lead_listings_collapsed as collapsed
    join int_lead_listings_clustered as clusters using (source, source_id)
),

leads as (
    select
        -- ids
        lead_id,

        -- business
        arg_min(name, listing_rank) filter (where name is not null) as name,
        arg_min(phone, listing_rank) filter (where phone is not null) as phone,
        arg_min(website_domain, listing_rank) filter (where website_domain is not null)
            as website_domain,
        list_sort(list_distinct(flatten(list(categories)))) as categories,
        list_sort(list_distinct(flatten(list(list_transform(emails, lambda e: lower(e))))))
            as emails,

        -- address
        arg_min(street, listing_rank) filter (where street is not null) as street,
        arg_min(city, listing_rank) filter (where city is not null) as city,
        arg_min(region, listing_rank) filter (where region is not null) as region,
        arg_min(postal_code, listing_rank) filter (where postal_code is not null)
            as postal_code,
        arg_min(country, listing_rank) filter (where country is not null) as country,
        -- a point from one listing, never a latitude from one and a longitude from another
        arg_min(latitude, listing_rank) filter (where has_point) as latitude,
        arg_min(longitude, listing_rank) filter (where has_point) as longitude,

        -- reputation: the review-weighted rating over every source's reviews
        round(coalesce(
            sum(rating * review_count)
                / nullif(sum(review_count) filter (where rating is not null), 0),
            avg(rating)
        ), 2) as rating,
        sum(review_count)::bigint as review_count,

        -- provenance
        list_sort(list_distinct(list(source))) as sources,
        count(distinct source) as source_count,
        count(*) as listing_count,
        min(first_seen) as first_seen,
        max(last_seen) as last_seen,
    from listings
    group by lead_id
)

select * from leads
order by lead_id
