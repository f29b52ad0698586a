-- one row per crawl run: how it ended, how long it took, what it stored and rejected
with runs as (
    select * from stg_raw__crawl_runs
),

stored as (
    select crawl_run_id, count(*) as items from stg_raw__lead_observations group by all
    union all
    select crawl_run_id, count(*) as items from stg_raw__product_observations group by all
),

stored_per_run as (
    select crawl_run_id, sum(items)::bigint as items_stored from stored group by all
),

rejected_per_run as (
    select crawl_run_id, count(*) as items_rejected from stg_raw__rejects group by all
),

crawl_health as (
    select
        -- ids
        runs.crawl_run_id,
        runs.spider,
        runs.dagster_run_id,

        -- outcome
        runs.status,
        runs.finish_reason,
        runs.started_at,
        runs.finished_at,
        date_diff('millisecond', runs.started_at, runs.finished_at) / 1000.0 as duration_seconds,

        -- items: counted in the raw store, and as the crawl itself reported them
        coalesce(stored_per_run.items_stored, 0) as items_stored,
        coalesce(rejected_per_run.items_rejected, 0) as items_rejected,
        round(
            coalesce(rejected_per_run.items_rejected, 0)
            / nullif(coalesce(stored_per_run.items_stored, 0)
                + coalesce(rejected_per_run.items_rejected, 0), 0),
            4
        ) as reject_rate,
        runs.reported_items_stored,
        runs.reported_items_rejected,
    from runs
    left join stored_per_run using (crawl_run_id)
    left join rejected_per_run using (crawl_run_id)
)

select * from crawl_health
order by crawl_run_id
