-- each candidate pair of product offers compared: identifiers, brand, measures, colours and
-- model words (NULL where one of the two is silent)
with pairs as (
    select * from int_product_pairs_blocked
),

offers as (
    select * from int_product_offers_keyed
),

compared as (
    select
        -- ids
        pairs.left_number,
        pairs.right_number,

        -- identifiers
        if(lefts.gtin is null or rights.gtin is null, null, lefts.gtin = rights.gtin)
            as gtin_equal,
        if(lefts.mpn_key is null or rights.mpn_key is null, null, lefts.mpn_key = rights.mpn_key)
            as mpn_equal,
        if(
            lefts.brand_key is null or rights.brand_key is null,
            null,
            lefts.brand_key = rights.brand_key
        ) as brand_equal,

        -- what tells siblings apart: "128gb" / "256gb", "black" / "blue" (both empty: equal)
        lefts.measures = rights.measures as measures_equal,
        len(lefts.measures) > 0 and len(rights.measures) > 0 and lefts.measures <> rights.measures
            as measures_conflict,
        lefts.colours = rights.colours as colours_equal,
        len(lefts.colours) > 0 and len(rights.colours) > 0 and lefts.colours <> rights.colours
            as colours_conflict,

        -- the model: its words, and model numbers
        lefts.core_words = rights.core_words as core_equal,
        -- equal but for one side's first word, where no brand is known: a brand left unnamed
        list_filter(lefts.core_words, word -> not list_contains(rights.core_words, word))
            as left_extra_words,
        list_filter(rights.core_words, word -> not list_contains(lefts.core_words, word))
            as right_extra_words,
        (left_extra_words = [lefts.lead_word] and len(right_extra_words) = 0)
            or (right_extra_words = [rights.lead_word] and len(left_extra_words) = 0)
            as core_equal_but_brand,
        len(list_intersect(lefts.core_words, rights.core_words))
            / nullif(len(list_distinct(lefts.core_words || rights.core_words)), 0)
            as core_similarity,
        len(list_intersect(lefts.codes, rights.codes)) > 0 as code_shared,
        list_max(list_transform(list_intersect(lefts.codes, rights.codes), code -> length(code)))
            as shared_code_length,
        -- each has a model number the other lacks: "dvpfx820li" / "dvpfx820r"
        len(list_intersect(lefts.codes, rights.codes)) < least(len(lefts.codes), len(rights.codes))
            as codes_conflict,
        jaro_winkler_similarity(lefts.title_key, rights.title_key) as title_similarity,
    from pairs
    join offers as lefts on lefts.offer_number = pairs.left_number
    join offers as rights on rights.offer_number = pairs.right_number
)

select * from compared
