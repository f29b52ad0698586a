-- every product observation: one offer as one source showed it in one crawl run
with source as (
    select * from raw.product_observations
),

renamed as (
    select
        -- ids
        id as product_observation_id,
        crawl_run_id,
        source,
        source_id,

        -- product
        url,
        title,
        nullif(trim(brand), '') as brand,
        nullif(trim(gtin), '') as gtin,  -- check digit validated upstream
        sku,
        mpn,
        coalesce(from_json(category_path, '["varchar"]'), []) as category_path,
        coalesce(from_json(image_urls, '["varchar"]'), []) as image_urls,

        -- offer
        seller,
        price::decimal(18, 4) as price,
        upper(currency) as currency,  -- ISO 4217
        price_raw,
        coalesce(availability, 'Unknown') as availability,
        rating::double as rating,
        review_count::bigint as review_count,

        -- timestamps
        observed_at,
    from source
)

select * from renamed
