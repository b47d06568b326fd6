"""JSON response bodies (zona.serve.encode): compact, the same text as json.dumps writes
(orjson or not), and never a 500 for what a request can put in a document."""

from __future__ import annotations

import datetime
import decimal
import json
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from tests.serve.conftest import UNIT
from zona.serve.encode import dumps, line

#: texts with every code point, lone surrogates too (json.loads makes them from "\ud800")
texts = st.text(st.characters(exclude_categories=()), max_size=8)
scalars = st.none() | st.booleans() | st.integers() | texts
documents = st.recursive(scalars, lambda inner: st.lists(inner, max_size=4)
                         | st.dictionaries(texts, inner, max_size=4), max_leaves=20)


def compact(document: object) -> bytes:
    """What json.dumps writes, compact: UTF-8, else with \\u escapes for a lone surrogate."""
    written = json.dumps(document, ensure_ascii=False, separators=(",", ":"))
    try:
        return written.encode()
    except UnicodeEncodeError:
        return json.dumps(document, separators=(",", ":")).encode()


@given(documents)
def test_the_text_json_dumps_writes(document: object) -> None:
    assert dumps(document) == compact(document)
    assert json.loads(dumps(document)) == document


@given(st.floats(allow_nan=False, allow_infinity=False))
def test_floats_keep_their_value(number: float) -> None:
    assert json.loads(dumps({"x": number})) == {"x": number}


def test_what_orjson_does_not_take() -> None:
    assert dumps({"n": 2**70, "m": -(2**64)}) == \
        b'{"n":1180591620717411303424,"m":-18446744073709551616}'
    assert dumps({1: "a", None: "b"}) == b'{"1":"a","null":"b"}'
    assert dumps({"k\ud800": "\udfff"}) == b'{"k\\ud800":"\\udfff"}'
    when = datetime.datetime(2026, 1, 2, 3, 4, 5)
    assert dumps([decimal.Decimal("1.50"), datetime.date(2026, 1, 2), when, {1, 2} - {1, 2}]) \
        == b'["1.50","2026-01-02","2026-01-02 03:04:05","set()"]'
    assert line({"a": [1, "é"]}) == '{"a":[1,"é"]}\n'


def test_a_lone_surrogate_in_a_request_is_a_problem_not_a_500(client: Any) -> None:
    body = b'{"ruleset": "example", "answers": {"q1": "Ya"}, "\\ud800x": 1}'
    response = client.post("/score", content=body, headers={"content-type": "application/json"})
    assert (response.status_code, response.json()["code"]) == (400, "unknown-field")
    assert response.json()["field"] == "\ud800x"
    assert b'"field":"\\ud800x"' in response.content


def test_a_body_is_compact_json(client: Any) -> None:
    response = client.post("/score?ruleset=permenpan-90-2021", content=UNIT.read_bytes(),
                           headers={"content-type": "application/json"})
    assert response.content.startswith(b'{"zona_version":')
    assert response.content == dumps(response.json())
