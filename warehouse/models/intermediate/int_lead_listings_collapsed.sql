-- one row per lead listing (a business as one source lists it, keyed by source and
-- source_id): its latest observation, and when and how often it was seen
with observations as (
    select * from stg_raw__lead_observations
),

sightings as (
    select
        source,
        source_id,
        min(observed_at) as first_seen,
        max(observed_at) as last_seen,
        count(*) as times_seen,
    from observations
    group by source, source_id
),

latest as (
    select *
    from observations
    qualify row_number() over (
        partition by source, source_id
        order by observed_at desc, crawl_run_id desc, lead_observation_id desc
    ) = 1
),

collapsed as (
    select
        latest.*,
        sightings.first_seen,
        sightings.last_seen,
        sightings.times_seen,
    from latest
    join sightings using (source, source_id)
)

select * from collapsed
