-- every crawl run: which spider ran, when, how it ended and what it counted
with source as (
    select * from raw.crawl_runs
),

renamed as (
    select
        -- ids
        id as crawl_run_id,
        spider,
        dagster_run_id,

        -- outcome
        status,
        finish_reason,
        items_stored::bigint as reported_items_stored,
        items_rejected::bigint as reported_items_rejected,
        arguments,
        stats,

        -- timestamps
        started_at,
        finished_at,
    from source
)

select * from renamed
