-- every price observed for every offer, crawl run by crawl run
with observations as (
    select * from stg_raw__product_observations
),

clusters as (
    select * from int_product_offers_clustered
),

price_history as (
    select
        -- ids
        clusters.product_id,
        observations.source,
        observations.source_id,
        observations.crawl_run_id,

        -- what was seen
        observations.observed_at,
        observations.price,
        observations.currency,
        observations.availability,
    from observations
    join clusters using (source, source_id)
)

select * from price_history
order by source, source_id, observed_at
