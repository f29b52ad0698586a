-- one row per listing of a lead: where each business was seen, as that source showed it
with listings as (
    select * from int_lead_listings_collapsed
),

clusters as (
    select * from int_lead_listings_clustered
),

lead_sources as (
    select
        -- ids
        clusters.lead_id,
        listings.source,
        listings.source_id,
        listings.url,

        -- as the source shows it
        listings.name,
        listings.phone,
        listings.website_domain,
        listings.street,
        listings.city,
        listings.region,
        listings.postal_code,
        listings.country,
        listings.rating,
        listings.review_count,

        -- sightings
        listings.crawl_run_id as last_crawl_run_id,
        listings.first_seen,
        listings.last_seen,
        listings.times_seen,
    from listings
    join clusters using (source, source_id)
)

select * from lead_sources
