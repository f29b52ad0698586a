-- one row per offer of a product: a seller's listing on a source, at its current price
with offers as (
    select * from int_product_offers_collapsed
),

clusters as (
    select * from int_product_offers_clustered
),

product_offers as (
    select
        -- ids
        clusters.product_id,
        offers.source,
        offers.source_id,
        offers.url,

        -- as the source shows it
        offers.seller,
        offers.title,
        offers.brand,
        offers.gtin,
        offers.sku,
        offers.mpn,
        offers.category_path,

        -- offer
        offers.price,  -- as last seen
        offers.currency,
        offers.min_price,  -- over every observation in this currency
        offers.max_price,
        offers.availability,
        offers.rating,
        offers.review_count,

        -- sightings
        offers.crawl_run_id as last_crawl_run_id,
        offers.first_seen,
        offers.last_seen,
        offers.times_seen,
    from offers
    join clusters using (source, source_id)
)

select * from product_offers
