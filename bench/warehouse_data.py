"""Generated observations for the warehouse benchmark, written by PostgreSQL itself.

`generate(conn, observations)` fills an empty, migrated raw store with about `observations`
lead and product observations over two crawl runs, made in SQL with generate_series (a
million rows in seconds, no Python per row). The data has the shapes matching must handle:

- businesses in 200 cities, names made of syllables and trades, so names repeat across
  cities; 1% are branches of chains sharing a name and a website; 30% are listed by a
  second source ("maps") with a street abbreviated, "&" written "and", "LLC" dropped, a
  typo, the phone missing or another number, the website missing, the pin a little off;
- products in model lines of 18 siblings (3 storage sizes x 6 colours), each sold by 1-4
  sellers under titles written four ways, a valid GTIN on 60% of offers, the brand on 80%,
  prices in USD, EUR or GBP;
- a second crawl run that sees a quarter of the listings again, prices changed.

Source ids carry the true entity ("d123", "m123" are business 123; "p45-2" is product 45),
so a benchmark can score the matching without a separate truth table.
"""

from __future__ import annotations

import psycopg

LISTINGS_PER_BUSINESS = 1.3  # a directory listing each, a maps listing for 30%
OFFERS_PER_PRODUCT = 2.5  # 1-4 sellers
SECOND_RUN_SHARE = 4  # 1 in 4 listings is seen again in the second run

_SYLLABLES = (
    "'ka','lo','mi','ra','ven','tor','bel','dan','sil','mor','ash','bro','cal','der','fen',"
    "'gra','hal','jen','kor','lan','mar','nel','ost','pen','quin','ros','sut','tal','ul',"
    "'var','wes','yor','zan','ber','cor','dal','el','far','gil','hol'"
)
_TRADES = (
    "'Plumbing','Dental','Bakery','Coffee','Pizza','Auto Repair','Law Office','Florist',"
    "'Hair Salon','Pharmacy','Hardware','Fitness','Books','Pet Grooming','Tailor','Electric',"
    "'Roofing','Insurance','Realty','Cleaners'"
)
_STREETS = "'Main','Oak','Maple','Cedar','Elm','Park','Lake','Hill','Washington','Lincoln'"
_SUFFIXES = "'Street','Avenue','Road','Boulevard','Drive','Lane'"
_BRANDS = (
    "'Nexa','Voltix','Lumio','Kestrel','Corvana','Bitwell','Auralis','Tonewell','Slatek',"
    "'Optix','Hearthly','Brava','Viewtek','Pulsewear','Cookwell','Lumacam','Aerion','Quanta',"
    "'Solace','Trion'"
)
_COLOURS = "'Black','White','Silver','Blue','Green','Pink'"
_STORAGE = "'128GB','256GB','512GB'"


def _hash(expression: str, salt: str, modulo: int) -> str:
    """A deterministic pseudo-random integer in [0, modulo) from an expression."""
    return f"(abs(hashtext(({expression})::text || ':{salt}')) % {modulo})"


def _gtin13(number: str) -> str:
    """SQL for a valid GTIN-13 made of a 12-digit body (from `number`) and its check digit."""
    body = f"lpad(({number})::text, 12, '0')"
    weighted = " + ".join(
        f"substr({body}, {i}, 1)::int * {3 if i % 2 == 0 else 1}" for i in range(1, 13)
    )
    return f"{body} || ((10 - ({weighted}) % 10) % 10)::text"


def _business_sql(businesses: int) -> str:
    h = _hash
    return f"""
with syllables as (select array[{_SYLLABLES}] as s),
entities as (
    select
        e,
        {h("e", "city", 200)} as city,
        e % 100 = 0 as chain,
        {h("e", "trade", 20)} + 1 as trade,
        {h("e", "a", 40)} + 1 as a,
        {h("e", "b", 40)} + 1 as b,
        {h("e", "partner", 5)} = 0 as partner,
        {h("e", "llc", 10)} = 0 as llc,
        {h("e", "site", 10)} < 7 as has_site
    from generate_series(0, {businesses - 1}) as e
),
named as (
    select
        entities.*,
        case
            when chain then initcap(s[(e / 100) % 40 + 1] || s[(e / 4000) % 40 + 1]) || ' '
                || (array[{_TRADES}])[(e / 100) % 20 + 1]
            else initcap(s[a] || s[b])
                || case when partner then ' & ' || initcap(s[b] || s[a]) else '' end
                || ' ' || (array[{_TRADES}])[trade]
                || case when llc then ' LLC' else '' end
        end as name,
        (100 + {h("e", "number", 9800)})::text || ' '
            || (array[{_STREETS}])[{h("e", "street", 10)} + 1] || ' '
            || (array[{_SUFFIXES}])[{h("e", "suffix", 6)} + 1] as street,
        '+1' || (200 + city * 3 + {h("e", "area", 3)})::text
            || (200 + {h("e", "exchange", 700)})::text
            || lpad({h("e", "line", 10000)}::text, 4, '0') as phone
    from entities, syllables
),
businesses as (
    select
        named.*,
        case
            when chain then lower(regexp_replace(name, '[^A-Za-z]', '', 'g')) || '.com'
            when has_site then lower(regexp_replace(name, '[^A-Za-z]', '', 'g'))
                || city::text || '.com'
        end as domain,
        initcap(s[city % 40 + 1] || s[city / 40 + 1]) || ' Falls' as city_name,
        (array['IL','WI','OH','IN','MI','MN','IA','MO'])[city % 8 + 1] as region,
        lpad((10000 + city * 100 + {h("e", "zip", 100)})::text, 5, '0') as postal_code,
        30 + (city % 20) * 0.9 + ({h("e", "lat", 8000)} - 4000) / 100000.0 as latitude,
        -120 + (city / 20) * 3 + ({h("e", "lng", 8000)} - 4000) / 100000.0 as longitude
    from named, syllables
)
"""


def _business_listings_sql(businesses: int) -> str:
    h = _hash
    return (
        _business_sql(businesses)
        + f""",
listings as (
    select 'directory' as source, 'd' || e as source_id, name, phone, domain, street,
        city_name, region, postal_code, latitude, longitude
    from businesses

    union all

    -- the second source: the same business written another way
    select
        'maps' as source,
        'm' || e as source_id,
        case {h("e", "name-variant", 10)}
            when 0 then replace(name, ' & ', ' and ')
            when 1 then replace(name, ' LLC', '')
            when 2 then overlay(name placing substr(name, 3, 1) || substr(name, 2, 1) from 2 for 2)
            else name
        end as name,
        case {h("e", "phone-variant", 20)}
            when 0 then null
            when 1 then null
            when 2 then null
            when 3 then left(phone, 8) || lpad({h("e", "second", 10000)}::text, 4, '0')
            else phone
        end as phone,
        case when {h("e", "site-variant", 5)} = 0 then null else domain end as domain,
        case when {h("e", "abbreviate", 2)} = 0
            then replace(replace(replace(replace(street, ' Street', ' St.'), ' Avenue', ' Ave'),
                ' Road', ' Rd.'), ' Boulevard', ' Blvd')
            else street
        end as street,
        city_name,
        region,
        postal_code,
        latitude + ({h("e", "jlat", 600)} - 300) / 1000000.0 as latitude,
        longitude + ({h("e", "jlng", 600)} - 300) / 1000000.0 as longitude
    from businesses
    where {h("e", "maps", 10)} < 3
)
"""
    )


def _product_offers_sql(products: int) -> str:
    h = _hash
    return f"""
with syllables as (select array[{_SYLLABLES}] as s),
products as (
    select
        p,
        p / 18 as line,
        (array[{_STORAGE}])[p % 3 + 1] as storage,
        (array[{_COLOURS}])[(p / 3) % 6 + 1] as colour,
        (array[{_BRANDS}])[(p / 18) % 20 + 1] as brand,
        initcap(s[(p / 18) % 40 + 1] || s[(p / 720) % 40 + 1]) || ' ' || (10 + (p / 18) % 89)::text
            || (array['', ' Pro', ' Plus', ' Max'])[(p / 18) % 4 + 1] as model,
        {_gtin13("4000000000 + p")} as gtin,
        (200 + {h("p / 18", "base", 900)}) * (1 + 0.18 * (p % 3)) as base_price
    from generate_series(0, {products - 1}) as p, syllables
),
offers as (
    select products.*, k
    from products, generate_series(0, 3) as k
    where k <= {h("p", "sellers", 4)}
),
written as (
    select
        'marketplace' as source,
        'p' || p || '-' || k as source_id,
        case {h("p || '-' || k", "style", 4)}
            when 0 then brand || ' ' || model || ' ' || storage || ' ' || colour
            when 1 then model || ' (' || replace(storage, 'GB', ' GB') || ') - ' || colour
            when 2 then brand || ' ' || model || ', ' || colour || ', ' || storage
            else upper(brand) || ' ' || model || ' ' || storage || ' ' || colour
        end as title,
        case when {h("p || '-' || k", "brand", 5)} = 0 then null else brand end as brand,
        case when {h("p || '-' || k", "gtin", 5)} < 3 then gtin end as gtin,
        case when {h("p || '-' || k", "mpn", 5)} < 2
            then upper(left(brand, 2)) || (100000 + p)::text end as mpn,
        (array['USD','USD','USD','EUR','GBP'])[{h("p || '-' || k", "currency", 5)} + 1]
            as currency,
        round(base_price * (0.9 + {h("p || '-' || k", "price", 220)} / 1000.0), 2) as price,
        'Seller ' || {h("p || '-' || k", "seller", 200)}::text as seller,
        (array['InStock','InStock','InStock','OutOfStock','PreOrder'])[
            {h("p || '-' || k", "stock", 5)} + 1] as availability
    from offers
)
"""


def generate(conn: psycopg.Connection, observations: int) -> dict[str, int]:
    """Fill the raw store with about `observations` observations; rows per table."""
    listings = observations / (1 + 1 / SECOND_RUN_SHARE)
    businesses = max(1, round(listings / 2 / LISTINGS_PER_BUSINESS))
    products = max(1, round(listings / 2 / OFFERS_PER_PRODUCT))
    conn.execute(
        "insert into crawl_runs (id, spider, started_at, finished_at, status, items_stored, "
        "items_rejected) values "
        "(1, 'bench', '2025-03-01 09:00+00', '2025-03-01 10:00+00', 'finished', 0, 0), "
        "(2, 'bench', '2025-03-02 09:00+00', '2025-03-02 10:00+00', 'finished', 0, 0)"
    )
    seen_again = _hash("source_id", "again", SECOND_RUN_SHARE) + " = 0"
    conn.execute(
        _business_listings_sql(businesses)
        + f"""
insert into lead_observations (
    crawl_run_id, source, source_id, url, name, categories, phone_raw, phone, emails, website,
    website_domain, address_raw, street, city, region, postal_code, country, latitude,
    longitude, rating, review_count, content_hash, observed_at
)
select
    run, source, source_id, 'http://bench.test/' || source || '/' || source_id, name,
    '[]'::jsonb, phone, phone, '[]'::jsonb, 'https://www.' || domain || '/', domain,
    street || ', ' || city_name || ', ' || region || ' ' || postal_code, street, city_name,
    region, postal_code, 'US', latitude, longitude, null, 0, md5(source_id || name),
    case run when 1 then timestamptz '2025-03-01 09:30+00' else timestamptz '2025-03-02 09:30+00' end
from listings, (values (1), (2)) as runs(run)
where run = 1 or {seen_again}
"""
    )
    conn.execute(
        _product_offers_sql(products)
        + f"""
insert into product_observations (
    crawl_run_id, source, source_id, url, title, brand, gtin, mpn, price_raw, price, currency,
    availability, seller, category_path, image_urls, content_hash, observed_at
)
select
    run, source, source_id, 'http://bench.test/market/' || source_id, title, brand, gtin, mpn,
    (price * case run when 1 then 1 else 0.95 end)::text,
    round(price * case run when 1 then 1 else 0.95 end, 2), currency, availability, seller,
    '["Electronics"]'::jsonb, '[]'::jsonb, md5(source_id || run),
    case run when 1 then timestamptz '2025-03-01 09:30+00' else timestamptz '2025-03-02 09:30+00' end
from written, (values (1), (2)) as runs(run)
where run = 1 or {seen_again}
"""
    )
    counts = {}
    for table in ("lead_observations", "product_observations"):
        counts[table] = conn.execute(f"select count(*) from {table}").fetchone()[0]
    return counts
