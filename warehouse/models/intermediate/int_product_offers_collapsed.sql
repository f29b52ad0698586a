-- one row per product offer (a product as one source and seller offers it, keyed by source
-- and source_id): its latest observation, its price range and when it was seen
with observations as (
    select * from stg_raw__product_observations
),

-- the latest observation is picked by id in an aggregate: far cheaper than ranking whole
-- rows in a window
sightings as (
    select
        source,
        source_id,
        arg_max(
            product_observation_id, (observed_at, crawl_run_id, product_observation_id)
        ) as latest_observation_id,
        min(observed_at) as first_seen,
        max(observed_at) as last_seen,
        count(*) as times_seen,
    from observations
    group by source, source_id
),

price_ranges as (
    select
        source,
        source_id,
        currency,
        min(price) as min_price,
        max(price) as max_price,
    from observations
    group by source, source_id, currency
),

collapsed as (
    select
        observations.*,
        -- the price range in the offer's current currency only: other currencies don't compare
        price_ranges.min_price,
        price_ranges.max_price,
        sightings.first_seen,
        sightings.last_seen,
        sightings.times_seen,
    from observations
    join sightings on sightings.latest_observation_id = observations.product_observation_id
    left join price_ranges
        on price_ranges.source = observations.source
        and price_ranges.source_id = observations.source_id
        and price_ranges.currency = observations.currency
)

select * from collapsed
