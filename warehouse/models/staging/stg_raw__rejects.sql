-- every rejected item, with the reason it failed validation or storage
with source as (
    select * from raw.rejects
),

renamed as (
    select
        -- ids
        id as reject_id,
        crawl_run_id,
        item_type,
        source,
        source_id,

        -- why
        reason,
        item,

        -- timestamps
        rejected_at,
    from source
)

select * from renamed
