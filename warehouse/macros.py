"""The SQL macros the matching models call: names, streets, phones and product titles spelled
one way, so that two spellings of one thing compare equal.

Each macro is the SQL form of a rule kept once in Python: `match_name` follows
`pipelines.normalize.names.match_name` (tests/warehouse/test_macros.py checks they agree),
`street_key` is generated from `pipelines.normalize.addresses.STREET_WORDS`; the title
vocabulary (units, colours, filler words) lives here. The models need them at build time
only: they are registered as temporary macros on every connection that builds models
(`register_macros`), and the tables they fill hold plain values.

Macros (each NULL for NULL or empty input):
- match_name(text): "Joe's Pizza & Grill, LLC" -> 'joes pizza and grill'
- street_key(text): "1200 North Main Street, Suite 5" -> '1200 n main st ste 5'
- phone_local(text): the last 7 digits of a phone as written: '5550142' (matches across
  formats, a missing or changed area code, and numbers phonenumbers rejects)
- title_key(text): lowercase words, units glued to their numbers: "iPhone 15 (128 GB)" ->
  'iphone 15 128gb'
- title_measures(key), title_colours(key), title_core_words(key, measures, colours,
  brand_words), title_codes(title): the parts of a title that tell products apart:
  ['128gb'], ['black'], ['iphone', '15'], ['wh1000xm5']
"""

from __future__ import annotations

import duckdb

from pipelines.normalize.addresses import STREET_WORDS
from pipelines.normalize.names import LEGAL_SUFFIXES

# units a number in a product title carries; "128 GB" and "128GB" become one word
UNITS = (
    "gb", "tb", "mb", "mm", "cm", "m", "inch", "qt", "quart", "cup", "cups", "oz", "lb",
    "lbs", "w", "mah", "hz", "mp", "l", "ml", "v", "ft", "port", "pack", "pk", "x", "p", "ms",
    "k", "mpx", "megapixel", "megapixels",
)  # fmt: skip
# colour words: two titles naming different colours are different products
COLOURS = (
    "black", "white", "silver", "blue", "green", "pink", "graphite", "midnight", "gray",
    "purple", "starlight", "rose", "gold", "sandstone", "pistachio", "cobalt", "empire",
    "red", "yellow", "orange", "beige", "brown", "bronze", "titanium", "navy", "space",
    "charcoal", "cream", "teal", "violet", "lavender", "mint", "coral", "champagne",
)  # fmt: skip
# words that say nothing about which product it is
FILLER_WORDS = ("new", "unlocked", "with", "and", "the", "for", "of", "by", "a", "an", "in")


def _sql_list(words) -> str:
    return "[" + ", ".join(f"'{word}'" for word in sorted(set(words))) + "]"


def _sql_case(value: str, mapping: dict[str, str]) -> str:
    """`value` looked up in `mapping` (itself when absent), as a CASE: far faster in DuckDB
    than a map literal inside a lambda, which is rebuilt for every element."""
    whens = " ".join(f"when '{k}' then '{v}'" for k, v in sorted(mapping.items()) if k != v)
    return f"case {value} {whens} else {value} end"


_LEGAL = "|".join(sorted(LEGAL_SUFFIXES))
_UNITS = "|".join(sorted(UNITS, key=len, reverse=True))

# how a title becomes its key, in order: (RE2 pattern, replacement)
TITLE_REWRITES = (
    ("&", " and "),
    ("grey", "gray"),
    (r"(\d)\s*(?:\"|''|'|inches|in\b|-inch)", r"\1inch"),  # 27", 27-inch, 27 in
    (rf"(\d)\s*-?\s*({_UNITS})\b", r"\1\2"),  # "128 GB", "5-Quart" -> one word
    (r"(\d)(?:megapixels?|mpx)\b", r"\1mp"),
    (r"(\d)quarts?\b", r"\1qt"),
    (r"(\d)(cup|lb)s\b", r"\1\2"),
    (r"(\d)[.,]0+([a-z]|\b)", r"\1\2"),  # "10.0mp" is "10mp"
    (r"(\d)[.,](\d)", r"\1_\2"),  # "1.7l": one word
    ("'", ""),
    (r"[^a-z0-9_]+", " "),
)


def _title_key_sql() -> str:
    sql = "strip_accents(lower(title))"
    for pattern, replacement in TITLE_REWRITES:
        quoted = pattern.replace("'", "''")
        sql = f"regexp_replace({sql}, '{quoted}', '{replacement}', 'g')"
    return f"trim({sql})"


MACROS = {
    "match_name": f"""(name) as nullif(regexp_replace(regexp_replace(
        trim(regexp_replace(regexp_replace(
            replace(replace(strip_accents(lower(name)), '&', ' and '), '+', ' and '),
            '[''’`.]', '', 'g'), '[^a-z0-9]+', ' ', 'g')),
        '( (?:{_LEGAL}))+$', ''), '^the (.+)$', '\\1'), '')""",
    "street_key": f"""(street) as nullif(array_to_string(list_transform(
        string_split(trim(regexp_replace(
            regexp_replace(strip_accents(lower(street)), '[.'']', '', 'g'),
            '[^a-z0-9]+', ' ', 'g')), ' '),
        word -> {_sql_case("word", STREET_WORDS)}
    ), ' '), '')""",
    "phone_local": """(phone) as case
        when length(regexp_replace(phone, '[^0-9]', '', 'g')) >= 7
        then right(regexp_replace(phone, '[^0-9]', '', 'g'), 7)
    end""",
    "title_key": f"""(title) as nullif({_title_key_sql()}, '')""",
    "title_measures": f"""(key) as list_sort(list_distinct(list_filter(
        string_split(key, ' '), word -> regexp_full_match(word, '\\d+(?:_\\d+)?(?:{_UNITS})')
    )))""",
    "title_colours": f"""(key) as list_sort(list_distinct(list_filter(
        string_split(key, ' '), word -> word in {_sql_list(COLOURS)}
    )))""",
    # the words left when measures, colours, filler and the brand are taken out
    "title_core_words": f"""(key, measures, colours, brand_words) as list_sort(list_distinct(
        list_filter(
            string_split(key, ' '),
            word -> word <> ''
                and not list_contains(measures, word)
                and not list_contains(colours, word)
                and not list_contains({_sql_list(FILLER_WORDS)}, word)
                and not list_contains(coalesce(brand_words, []), word)
        )
    ))""",
    # model numbers: letters and digits in one word of 4+ characters ("wh-1000xm5" is
    # "wh1000xm5"), or 5+ digits ("706018"); not a measure
    "title_codes": f"""(title) as list_sort(list_distinct(list_filter(
        list_transform(
            list_filter(
                regexp_extract_all(lower(title), '[a-z0-9]+(?:[-/.][a-z0-9]+)*'),
                word -> regexp_matches(word, '[0-9]')
            ),
            word -> replace(replace(replace(word, '-', ''), '/', ''), '.', '')
        ),
        word -> (
                length(word) >= 4 and regexp_matches(word, '[a-z]')
                or regexp_full_match(word, '[0-9]{{5,}}')
            )
            and not regexp_full_match(word, '\\d+(?:{_UNITS})')
    )))""",
}


def register_macros(con: duckdb.DuckDBPyConnection) -> None:
    """Create every matching macro on `con`, as temporary macros (gone when it closes)."""
    for name, body in MACROS.items():
        con.execute(f"create or replace temp macro {name}{body}")
