-- the match decision for each candidate pair of product offers. Never one product: two
-- different GTINs, two brands, two sets of measures or colours ("128gb" / "256gb" is a
-- sibling, not a duplicate). One product: the same model words (but for a first word that
-- may be an unnamed brand) with the same measures and colours; or a shared model number
-- (and no other model number on both sides) that is long (6+ characters), or comes with 60%
-- of the model words in common, or with the same measures and colours.
with scored as (
    select * from int_product_pairs_scored
),

decided as (
    select
        *,
        coalesce(gtin_equal, true)
            and coalesce(brand_equal, true)
            and not measures_conflict
            and not colours_conflict
            and (
                ((core_equal or core_equal_but_brand) and measures_equal and colours_equal)
                or (
                    code_shared and not codes_conflict
                    and (
                        core_similarity >= 0.6
                        or (measures_equal and colours_equal)
                        or shared_code_length >= 6  -- "ezxs55w": specific enough alone
                    )
                )
            ) as is_match,
    from scored
)

select * from decided
