-- the match decision for each candidate pair of lead listings: evidence weights (about log2
-- of how much likelier the feature is for one business than for two) summed; a pair with
-- 6 or more is one business. A wrong merge costs more than a missed one, so nothing short of
-- two agreeing kinds of evidence (a name and an address, a phone and a name...) merges.
with scored as (
    select * from int_lead_pairs_scored
),

weighed as (
    select
        *,
        case
            when name_spelling is null then 0
            when name_spelling >= 0.97 or name_overlap >= 0.9 then 5  -- one name
            when name_spelling >= 0.92 then 3  -- a typo, a word spelled another way
            when name_containment >= 0.9 then 2  -- one name inside the other
            when name_spelling >= 0.85 or name_overlap >= 0.6 then -1
            when name_spelling >= 0.70 or name_overlap >= 0.4 then -3
            else -8  -- two names: two businesses sharing an address, even a phone (a hotel)
        end as name_weight,
        case
            when phone_equal then 8
            when phone_local_equal then 6  -- same number, area code missing or changed
            when phone_local_equal = false then -2  -- a second number, or another business
            else 0
        end as phone_weight,
        case
            when domain_equal and domain_sites <= 1 then 4
            when domain_equal then 0  -- a chain's website says nothing about the branch
            when domain_equal = false then -2
            else 0
        end as website_weight,
        case when email_shared then 4 when email_shared = false then -1 else 0 end
            as email_weight,
        case
            when house_number_equal and street_similarity >= 0.85 then 4
            when house_number_equal then 1
            when house_number_equal = false then -7  -- another address: another branch
            else 0
        end as address_weight,
        case when postal_equal then 1 when postal_equal = false then -2 else 0 end
            as postal_weight,
        -- neighbourhoods are written as cities too ("los feliz" / "los angeles")
        case when city_equal = false then -1 else 0 end as city_weight,
        case
            when distance_m is null then 0
            when distance_m <= 50 then 2
            when distance_m <= 150 then 1
            when distance_m <= 500 then 0
            when distance_m <= 2000 then -2
            else -5
        end as distance_weight,
    from scored
),

decided as (
    select
        *,
        name_weight + phone_weight + website_weight + email_weight + address_weight
            + postal_weight + city_weight + distance_weight as match_weight,
        match_weight >= 6 as is_match,
    from weighed
)

select * from decided
