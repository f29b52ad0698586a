-- each product offer with the product it belongs to, never mixing two GTINs: offers with one
-- GTIN (or a part number seen with that GTIN only) are one product; offers with neither are
-- grouped by their matches (connected components), and each group joins the one identified
-- product it matches best, if any. A product is named after its first-seen offer.
with recursive offers as (
    select offer_number, source, source_id, gtin, mpn_key from int_product_offers_keyed
),

matches as materialized (
    select left_number as from_number, right_number as to_number, title_similarity
    from int_product_pairs_matched
    where is_match

    union all

    select right_number as from_number, left_number as to_number, title_similarity
    from int_product_pairs_matched
    where is_match
),

-- a part number seen with exactly one GTIN stands for it; one seen with several names none
part_numbers as (
    select mpn_key, count(distinct gtin) as gtins, min(gtin) as gtin
    from offers
    where mpn_key is not null
    group by mpn_key
),

identified as materialized (
    select
        offers.*,
        coalesce(offers.gtin, if(part_numbers.gtins = 1, part_numbers.gtin, null))
            as product_gtin,
        part_numbers.gtins as part_number_gtins,
    from offers
    left join part_numbers using (mpn_key)
),

unidentified as (
    select * from identified where product_gtin is null
),

group_edges as materialized (
    select matches.from_number, matches.to_number
    from matches
    semi join unidentified on unidentified.offer_number = matches.from_number
    semi join unidentified as targets on targets.offer_number = matches.to_number

    union all

    -- offers sharing a part number that no GTIN claims: each linked to the first, both ways
    select offer_number as from_number, first_number as to_number
    from (
        select offer_number, min(offer_number) over (partition by mpn_key) as first_number
        from unidentified
        where mpn_key is not null and part_number_gtins = 0
    )
    where offer_number <> first_number

    union all

    select first_number as from_number, offer_number as to_number
    from (
        select offer_number, min(offer_number) over (partition by mpn_key) as first_number
        from unidentified
        where mpn_key is not null and part_number_gtins = 0
    )
    where offer_number <> first_number
),

-- label propagation over the unidentified offers, as in int_lead_listings_clustered
groups(offer_number, component) using key (offer_number) as (
    select offer_number, offer_number as component
    from unidentified

    union

    select group_edges.to_number as offer_number, min(groups.component) as component
    from groups
    join group_edges on group_edges.from_number = groups.offer_number
    join recurring.groups as labelled on labelled.offer_number = group_edges.to_number
    group by group_edges.to_number
    having min(groups.component) < any_value(labelled.component)
),

-- the identified product each group matches best (one only: a group never bridges two GTINs)
attachments as (
    select groups.component, identified.product_gtin
    from groups
    join matches on matches.from_number = groups.offer_number
    join identified on identified.offer_number = matches.to_number
    where identified.product_gtin is not null
    qualify row_number() over (
        partition by groups.component
        order by matches.title_similarity desc, identified.offer_number
    ) = 1
),

clusters as (
    select
        identified.offer_number,
        coalesce(
            'gtin:' || identified.product_gtin,
            'gtin:' || attachments.product_gtin,
            'group:' || groups.component
        ) as cluster_key,
    from identified
    left join groups using (offer_number)
    left join attachments using (component)
),

anchored as (
    select offer_number, min(offer_number) over (partition by cluster_key) as anchor_number
    from clusters
),

clustered as (
    select
        substr(md5(anchor.source || ':' || anchor.source_id), 1, 16) as product_id,
        offers.source,
        offers.source_id,
    from anchored
    join offers using (offer_number)
    join offers as anchor on anchor.offer_number = anchored.anchor_number
)

select * from clustered
