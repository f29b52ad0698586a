-- each lead listing with the lead (real-world business) it belongs to: the connected
-- components of listings linked by shared match keys. A lead's id is a hash of its
-- smallest (source, source_id), so it stays the same across rebuilds of the same data.
with recursive listings as (
    select
        source,
        source_id,
        row_number() over (order by source, source_id) as listing_number,
    from int_lead_listings_collapsed
),

keys as (
    select listings.listing_number, keyed.match_key
    from int_lead_listings_keyed as keyed
    join listings using (source, source_id)
),

-- label propagation: each listing takes the smallest label among the listings it shares a
-- key with, until no label changes; only changed listings propagate further
components(listing_number, component) using key (listing_number) as (
    select listing_number, listing_number as component
    from listings

    union

    select keys.listing_number, min(key_labels.component) as component
    from (
        select keys.match_key, min(components.component) as component
        from components
        join keys using (listing_number)
        group by keys.match_key
    ) as key_labels
    join keys using (match_key)
    join recurring.components as labelled using (listing_number)
    group by keys.listing_number
    having min(key_labels.component) < any_value(labelled.component)
),

clustered as (
    select
        substr(md5(anchor.source || ':' || anchor.source_id), 1, 16) as lead_id,
        listings.source,
        listings.source_id,
    from components
    join listings using (listing_number)
    join listings as anchor on anchor.listing_number = components.component
)

select * from clustered
