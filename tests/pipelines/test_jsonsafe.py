"""pipelines.jsonsafe.dumps: one spelling of JSON for every value, through orjson or the json
module."""

import json

import pytest

from pipelines.jsonsafe import dumps

TRICKY_TEXT = ["", "plain", 'a "quote"', "back\\slash", "tab\tnew\nline", "\x00\x1f\x7f", "é €",
               "\u2028\u2029", "\ud800 lone surrogate", "😀", "</script>"]  # fmt: skip


@pytest.mark.parametrize(
    "value", [[], TRICKY_TEXT, [TRICKY_TEXT[2]], ["a", None], ["a", 1], ["a", ["b"]], ("a", "b")]
)
def test_a_list_of_text_is_written_as_the_json_encoder_writes_it(value):
    encoded = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    assert dumps(value) == encoded


def test_nul_in_a_list_of_text_is_made_visible_when_asked():
    assert dumps(["a\x00b"], strip_nul=True) == '["a␀b"]'


RECORDS = [
    {"b": 1, "a": [{"d": 2.5, "c": None}], "é": "😀"},
    {"email": "a@b.co", "pages": ["https://b.co/"], "role": True},
    {"n": 2**64, "x": "y"},  # past orjson's integers: the json module writes it
    {1: "a", "b": 2},  # a key that is not text: the json module makes it text
]


@pytest.mark.parametrize("value", RECORDS)
def test_records_are_written_compact_with_their_keys_sorted(value):
    expected = json.dumps(
        {str(k): v for k, v in value.items()}, ensure_ascii=False, sort_keys=True,
        separators=(",", ":"),
    )  # fmt: skip
    assert dumps(value) == expected
    assert dumps([value]) == f"[{expected}]"
