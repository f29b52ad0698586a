-- every lead observation: one business as one source showed it in one crawl run
with source as (
    select * from raw.lead_observations
),

renamed as (
    select
        -- ids
        id as lead_observation_id,
        crawl_run_id,
        source,
        source_id,

        -- business
        url,
        name,
        coalesce(from_json(categories, '["varchar"]'), []) as categories,
        phone,  -- E.164
        phone_raw,
        coalesce(from_json(emails, '["varchar"]'), []) as emails,
        website,
        lower(nullif(trim(website_domain), '')) as website_domain,
        opening_hours,

        -- address
        address_raw,
        nullif(trim(street), '') as street,
        nullif(trim(city), '') as city,
        nullif(trim(region), '') as region,
        nullif(trim(postal_code), '') as postal_code,
        upper(nullif(trim(country), '')) as country,
        latitude::double as latitude,
        longitude::double as longitude,

        -- reputation
        rating::double as rating,
        review_count::bigint as review_count,

        -- timestamps
        observed_at,
    from source
)

select * from renamed
