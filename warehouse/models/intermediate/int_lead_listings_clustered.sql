-- each lead listing with the lead (real-world business) it belongs to: the connected
-- components of matched pairs. A lead is named after its first-seen listing (a hash of its
-- source and source_id), so its id stays the same across rebuilds and as new listings join.
with recursive listings as (
    select listing_number, source, source_id from int_lead_listings_keyed
),

edges as materialized (
    select left_number as from_number, right_number as to_number
    from int_lead_pairs_matched
    where is_match

    union all

    select right_number as from_number, left_number as to_number
    from int_lead_pairs_matched
    where is_match
),

-- label propagation: each matched listing takes the smallest label among its matches until
-- no label changes; only listings whose label changed propagate further. Listings are
-- numbered in the order first seen, so the smallest label is the first-seen listing; a
-- listing that matches nothing is a lead of its own.
components(listing_number, component) using key (listing_number) as (
    select distinct from_number as listing_number, from_number as component
    from edges

    union

    select edges.to_number as listing_number, min(components.component) as component
    from components
    join edges on edges.from_number = components.listing_number
    join recurring.components as labelled on labelled.listing_number = edges.to_number
    group by edges.to_number
    having min(components.component) < any_value(labelled.component)
),

clustered as (
    select
        substr(md5(anchor.source || ':' || anchor.source_id), 1, 16) as lead_id,
        listings.source,
        listings.source_id,
    from listings
    left join components using (listing_number)
    join listings as anchor
        on anchor.listing_number = coalesce(components.component, listings.listing_number)
)

select * from clustered
