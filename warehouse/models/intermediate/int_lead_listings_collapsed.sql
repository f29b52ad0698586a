-- one row per lead listing (a business as one source lists it, keyed by source and
-- source_id): its latest observation, and when and how often it was seen
with observations as (
    select * from stg_raw__lead_observations
),

-- the latest observation is picked by id in an aggregate: far cheaper than ranking whole
-- rows in a window
sightings as (
    select
        source,
        source_id,
        arg_max(
            lead_observation_id, (observed_at, crawl_run_id, lead_observation_id)
        ) as latest_observation_id,
        min(observed_at) as first_seen,
        max(observed_at) as last_seen,
        count(*) as times_seen,
    from observations
    group by source, source_id
),

collapsed as (
    select
        observations.*,
        sightings.first_seen,
        sightings.last_seen,
        sightings.times_seen,
    from observations
    join sightings on sightings.latest_observation_id = observations.lead_observation_id
)

select * from collapsed
