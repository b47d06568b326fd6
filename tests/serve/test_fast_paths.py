"""The speed-ups of `zona serve` (docs/serve.md, Performance) change no answer: a small JSON
body scored on the event loop gives the bytes the worker-thread path gives, the depth check
and the repeated-key check refuse what the plain versions refused, a kept pointer is the
pointer, and PortalRB rows that are plain dicts read as any other rows do."""

from __future__ import annotations

import json
import warnings
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from starlette.testclient import TestClient

from tests.serve.conftest import EXAMPLES, UNIT, load
from zona.io.files import pointer
from zona.serve import app as serve_app
from zona.serve.bodies import MAX_DEPTH, REQUEST, _check_depth, _list_pointer, parse_json
from zona.serve.problems import Problem

JSON = {"content-type": "application/json"}
documents = st.recursive(st.none() | st.integers() | st.text(max_size=3),
                         lambda inner: st.lists(inner, max_size=3)
                         | st.dictionaries(st.text(max_size=2), inner, max_size=3),
                         max_leaves=60)


def plain_depth_ok(document: object) -> bool:
    """The check as first written: every item's depth, the document at 1."""
    stack: list[tuple[object, int]] = [(document, 1)]
    while stack:
        item, depth = stack.pop()
        if depth > MAX_DEPTH:
            return False
        if isinstance(item, dict):
            stack.extend((v, depth + 1) for v in item.values())
        elif isinstance(item, list):
            stack.extend((v, depth + 1) for v in item)
    return True


def nested(levels: int, leaf: object) -> object:
    for _ in range(levels):
        leaf = [leaf]
    return leaf


@given(documents, st.integers(0, MAX_DEPTH + 2))
def test_depth_check_refuses_what_the_plain_one_refused(document: object, levels: int) -> None:
    deep = nested(levels, document)
    try:
        _check_depth(deep)
        found = True
    except Problem as problem:
        assert problem.code == "too-deep"
        found = False
    assert found == plain_depth_ok(deep)


@pytest.mark.parametrize(("levels", "leaf", "ok"), [
    (MAX_DEPTH - 1, 1, True), (MAX_DEPTH, 1, False), (MAX_DEPTH - 1, [], True),
    (MAX_DEPTH, [], False), (MAX_DEPTH - 2, {"a": 1}, True), (MAX_DEPTH - 1, {"a": 1}, False)])
def test_depth_limit_exactly(levels: int, leaf: object, ok: bool) -> None:
    assert plain_depth_ok(nested(levels, leaf)) is ok
    if ok:
        _check_depth(nested(levels, leaf))
    else:
        with pytest.raises(Problem, match=f"nested deeper than {MAX_DEPTH} levels"):
            _check_depth(nested(levels, leaf))


@pytest.mark.parametrize(("body", "key"), [
    (b'{"a": 1, "b": 2, "a": 3}', "a"), (b'[{"x": {"k": 1, "k": 1}}]', "k"),
    (b'{"b": 1, "c": 2, "c": 3, "b": 4}', "c")])
def test_a_key_given_twice_is_named(body: bytes, key: str) -> None:
    with pytest.raises(Problem, match=f"the key '{key}' is given twice in one object"):
        parse_json(body)


def test_parsed_objects_keep_their_order() -> None:
    assert list(parse_json(b'{"z": 1, "a": {"y": 2, "b": 3}}').items()) == [  # type: ignore[union-attr]
        ("z", 1), ("a", {"y": 2, "b": 3})]


@given(st.lists(st.integers(0, 500) | st.text(max_size=60), max_size=3))
def test_kept_pointer_is_the_pointer(path: list[Any]) -> None:
    assert _list_pointer(tuple(path)) == pointer(REQUEST, "answers", *path)


def _bodies(monkeypatch: pytest.MonkeyPatch, inline_bytes: int, requests: list[Any]
            ) -> tuple[list[tuple[int, bytes, dict[str, str]]], int]:
    """Each response's status, body and zona headers; how many went to a worker thread."""
    import anyio.to_thread

    hops = []
    run_sync = anyio.to_thread.run_sync

    async def counted(*args: Any, **kwargs: Any) -> Any:
        hops.append(1)
        return await run_sync(*args, **kwargs)

    monkeypatch.setattr(anyio.to_thread, "run_sync", counted)
    monkeypatch.setattr(serve_app, "INLINE_BYTES", inline_bytes)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with TestClient(serve_app.create_app([EXAMPLES])) as client:
            found = []
            for path, body in requests:
                response = client.post(path, content=body, headers=JSON)
                heads = {k: v for k, v in response.headers.items() if k.startswith("zona-")}
                found.append((response.status_code, response.content, heads))
            return found, len(hops)


def test_event_loop_and_thread_give_the_same_bytes(monkeypatch: pytest.MonkeyPatch) -> None:
    """The full result, the summary, an answer problem and an unknown ruleset: byte for
    byte the same whether scored on the event loop or in a worker thread."""
    unit = UNIT.read_bytes()
    bad = json.dumps([{"soal_id": 1, "jawaban_unit": "Mungkin"}]).encode()
    requests = [("/score?ruleset=permenpan-90-2021", unit),
                ("/score?ruleset=permenpan-90-2021&detail=summary", unit),
                ("/score?ruleset=permenpan-90-2021", bad),
                ("/score?ruleset=nowhere", unit),
                ("/score", json.dumps({"ruleset": "example",
                                       "answers": load(EXAMPLES / "example-answers.json")[
                                           "answers"]}).encode())]
    inline, hops = _bodies(monkeypatch, 64 * 1024, requests)
    threaded, thread_hops = _bodies(monkeypatch, -1, requests)
    assert (hops, thread_hops) == (0, len(requests))
    assert [status for status, _, _ in inline] == [200, 200, 422, 404, 200]
    assert inline == threaded
    assert json.loads(inline[0][1])["total_exact"] == "625060859/7224000"



#: PortalRB rows as a request may send them: good ones, a soal twice or unknown, a key
#: misspelt or unknown, an assessor the ruleset does not have, no soal_id
rows = st.lists(st.dictionaries(
    st.sampled_from(["soal_id", "jawaban", "jawaban_unit", "jawaban_tpi", "jawaban_tpn",
                     "jawaban_x", "Jawaban_unit", "catatan", "soal_ID"]),
    st.sampled_from([1, 2, 3, 7, 999, "2", " 3", True, None, "Ya", "Tidak", "", 5, "B"]),
    max_size=4), max_size=8)


def _read_all(rows: list[Any], plain: bool) -> object:
    """The sheet read from `rows` (plain dicts: the fast path; read-only mappings: the
    general one), or the problems it has."""
    from types import MappingProxyType

    from zona.compiler import load_builtin
    from zona.errors import ZonaAnswerError
    from zona.io.portalrb import portalrb_sheet

    given = rows if plain else [MappingProxyType(r) for r in rows]
    try:
        sheet = portalrb_sheet(given, REQUEST, load_builtin("permenpan-90-2021"),
                               lambda path: pointer(REQUEST, "answers", *path))
    except ZonaAnswerError as error:
        return [str(p) for p in error.problems]
    return sheet.answers, sheet.locations


@given(rows)
def test_plain_portalrb_rows_read_as_any_rows(given_rows: list[dict[str, Any]]) -> None:
    assert _read_all(given_rows, plain=True) == _read_all(given_rows, plain=False)
