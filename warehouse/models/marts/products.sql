-- one row per real-world product, merged across its offers: text fields from the most
-- recently seen offer that has them; prices over the offers in the most common currency
with offers as (
    select
        clusters.product_id,
        collapsed.*,
        -- 1 = the offer whose fields win
        row_number() over (
            partition by clusters.product_id
            order by collapsed.last_seen desc, collapsed.source, collapsed.source_id
        ) as offer_rank,
    from int_product_offers_collapsed as collapsed
    join int_product_offers_clustered as clusters using (source, source_id)
),

currencies as (
    select
        product_id,
        currency,
    from offers
    where currency is not null and price is not null
    group by product_id, currency
    qualify row_number() over (partition by product_id order by count(*) desc, currency) = 1
),

products as (
    select
        -- ids
        offers.product_id,
        arg_min(offers.gtin, offers.offer_rank) filter (where offers.gtin is not null) as gtin,

        -- product
        arg_min(offers.title, offers.offer_rank) filter (where offers.title is not null) as title,
        arg_min(offers.brand, offers.offer_rank) filter (where offers.brand is not null) as brand,
        coalesce(
            arg_min(offers.category_path, offers.offer_rank)
                filter (where len(offers.category_path) > 0),
            []
        ) as category_path,

        -- offers
        count(*) as offer_count,
        count(*) filter (where offers.availability = 'InStock') as in_stock_offer_count,
        any_value(currencies.currency) as currency,
        min(offers.price) filter (where offers.currency = currencies.currency) as min_price,
        max(offers.price) filter (where offers.currency = currencies.currency) as max_price,

        -- provenance
        list_sort(list_distinct(list(offers.source))) as sources,
        min(offers.first_seen) as first_seen,
        max(offers.last_seen) as last_seen,
    from offers
    left join currencies using (product_id)
    group by offers.product_id
)

select * from products
