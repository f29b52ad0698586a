-- one row per product offer (a product as one source and seller offers it, keyed by source
-- and source_id): its latest observation, its price range and when it was seen
with observations as (
    select * from stg_raw__product_observations
),

latest as (
    select *
    from observations
    qualify row_number() over (
        partition by source, source_id
        order by observed_at desc, crawl_run_id desc, product_observation_id desc
    ) = 1
),

sightings as (
    select
        observations.source,
        observations.source_id,
        min(observations.observed_at) as first_seen,
        max(observations.observed_at) as last_seen,
        count(*) as times_seen,
        -- the price range in the offer's current currency only: other currencies don't compare
        min(observations.price) filter (where observations.currency = latest.currency)
            as min_price,
        max(observations.price) filter (where observations.currency = latest.currency)
            as max_price,
    from observations
    join latest using (source, source_id)
    group by observations.source, observations.source_id
),

collapsed as (
    select
        latest.*,
        sightings.min_price,
        sightings.max_price,
        sightings.first_seen,
        sightings.last_seen,
        sightings.times_seen,
    from latest
    join sightings using (source, source_id)
)

select * from collapsed
