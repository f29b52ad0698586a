-- one row per lead, contact value and page: each email (role addresses flagged), phone and
-- social profile a lead's own website shows, the page it is on, and the listings whose
-- website led there
with found as (
    select * from int_lead_contacts_found
),

lead_contacts as (
    select
        -- ids
        lead_id,
        kind,  -- email | phone | social
        value,  -- the address, the E.164 number, or the profile URL
        page,

        -- about the value
        bool_or(is_role) as is_role,
        any_value(network) as network,

        -- provenance
        list_sort(list_distinct(list(source || ':' || source_id))) as listings,
        max(observed_at) as last_seen,
    from found
    group by lead_id, kind, value, page
)

select * from lead_contacts
