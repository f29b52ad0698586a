-- candidate pairs of product offers: two offers that share a block (the same model words,
-- measures and colours; a model number; a rare title word). Only pairs from blocks of 2 to
-- 50 offers (title words: 10): a block of n offers makes n*(n-1)/2 pairs, and a word shared
-- by a model line's siblings says little. Offers sharing a GTIN or part number need no
-- pair: they are clustered on the identifier.
with offers as (
    select * from int_product_offers_keyed
),

block_keys as (
    select
        offer_number,
        'title:' || array_to_string(core_words, ' ') || '|' || array_to_string(measures, ' ')
            || '|' || array_to_string(colours, ' ') as block_key
    from offers
    where len(core_words) > 0


    union all

    select offer_number, 'code:' || unnest(codes) as block_key
    from offers

    union all

    select offer_number, 'word:' || word as block_key
    from (select offer_number, unnest(core_words) as word from offers)
    where length(word) >= 3
),

blocks as (
    select block_key
    from block_keys
    group by block_key
    having count(*) between 2 and if(starts_with(block_key, 'word:'), 10, 50)
),

members as (
    select distinct block_keys.block_key, block_keys.offer_number
    from block_keys
    semi join blocks using (block_key)
),

pairs as (
    select distinct
        lefts.offer_number as left_number,
        rights.offer_number as right_number,
    from members as lefts
    join members as rights
        on lefts.block_key = rights.block_key and lefts.offer_number < rights.offer_number
)

select * from pairs
