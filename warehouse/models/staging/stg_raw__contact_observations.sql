-- every contact observation: what one lead's own website showed in one crawl run
with source as (
    select * from raw.contact_observations
),

renamed as (
    select
        -- ids: the lead listing that gave the website
        id as contact_observation_id,
        crawl_run_id,
        source,
        source_id,

        -- site
        url as site_url,
        website,
        lower(nullif(trim(website_domain), '')) as website_domain,

        -- what it showed, each value with the pages it was read on
        coalesce(from_json(
            emails, '[{"email": "varchar", "role": "boolean", "pages": ["varchar"]}]'
        ), []) as emails,
        coalesce(from_json(
            phones, '[{"raw": "varchar", "e164": "varchar", "pages": ["varchar"]}]'
        ), []) as phones,
        coalesce(from_json(
            socials, '[{"network": "varchar", "url": "varchar", "pages": ["varchar"]}]'
        ), []) as socials,
        coalesce(from_json(pages, '["varchar"]'), []) as pages,

        -- timestamps
        observed_at,
    from source
)

select * from renamed
