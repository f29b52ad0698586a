-- one row per lead, contact value and page: every email, phone (E.164) and social profile
-- the latest crawl of a lead listing's website read, with the page it was read on
with observations as (
    select * from stg_raw__contact_observations
),

clusters as (
    select * from int_lead_listings_clustered
),

latest as (
    select
        source,
        source_id,
        arg_max(
            contact_observation_id, (observed_at, crawl_run_id, contact_observation_id)
        ) as latest_observation_id,
    from observations
    group by source, source_id
),

current_sites as (
    select observations.*
    from observations
    join latest on latest.latest_observation_id = observations.contact_observation_id
),

emails as (
    select
        source, source_id, observed_at,
        'email' as kind, found.email as value, found.role as is_role, null as network,
        unnest(found.pages) as page,
    from (select *, unnest(emails) as found from current_sites)
),

phones as (
    select
        source, source_id, observed_at,
        'phone' as kind, found.e164 as value, null as is_role, null as network,
        unnest(found.pages) as page,
    from (select *, unnest(phones) as found from current_sites)
),

socials as (
    select
        source, source_id, observed_at,
        'social' as kind, found.url as value, null as is_role, found.network as network,
        unnest(found.pages) as page,
    from (select *, unnest(socials) as found from current_sites)
),

found as (
    select
        -- ids
        clusters.lead_id,
        shown.source,
        shown.source_id,

        -- the value, and where it was read
        shown.kind,
        shown.value,
        shown.is_role::boolean as is_role,
        shown.network::varchar as network,
        shown.page,

        -- timestamps
        shown.observed_at,
    from (select * from emails union all select * from phones union all select * from socials)
        as shown
    join clusters using (source, source_id)
    where shown.value is not null
)

select * from found
