-- each product offer with the product (real-world product) it belongs to: the connected
-- components of offers linked by shared match keys; an offer with no key is a product of
-- its own. A product's id is a hash of its smallest (source, source_id), so it stays the
-- same across rebuilds of the same data.
with recursive offers as (
    select
        source,
        source_id,
        row_number() over (order by source, source_id) as offer_number,
    from int_product_offers_collapsed
),

keys as (
    select offers.offer_number, keyed.match_key
    from int_product_offers_keyed as keyed
    join offers using (source, source_id)
),

-- label propagation, as in int_lead_listings_clustered
components(offer_number, component) using key (offer_number) as (
    select offer_number, offer_number as component
    from offers

    union

    select keys.offer_number, min(key_labels.component) as component
    from (
        select keys.match_key, min(components.component) as component
        from components
        join keys using (offer_number)
        group by keys.match_key
    ) as key_labels
    join keys using (match_key)
    join recurring.components as labelled using (offer_number)
    group by keys.offer_number
    having min(key_labels.component) < any_value(labelled.component)
),

clustered as (
    select
        substr(md5(anchor.source || ':' || anchor.source_id), 1, 16) as product_id,
        offers.source,
        offers.source_id,
    from components
    join offers using (offer_number)
    join offers as anchor on anchor.offer_number = components.component
)

select * from clustered
