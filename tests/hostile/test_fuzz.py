"""Fuzzers: hostile mutations of real answer files in every format (JSON, YAML, CSV, PortalRB)
and of a ruleset. Whatever the bytes, reading and scoring ends in a result or zona's own
error (a ZonaError), never another exception."""

from __future__ import annotations

import contextlib
import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import zona
from zona.io import read_answers

ROOT = Path(__file__).resolve().parents[2]
LKE = zona.load_builtin("permenpan-90-2021")
SETTINGS = settings(max_examples=200, deadline=None, database=None,
                    suppress_health_check=[HealthCheck.too_slow,
                                           HealthCheck.function_scoped_fixture])
PORTALRB = (ROOT / "examples" / "unit-90-2021.portalrb.json").read_bytes()[:2000]
SHEET = {"ruleset": "permenpan-90-2021", "unit": "Unit A", "answers": {"q1": "Ya", "q88": 3}}
SEEDS = {
    ".json": json.dumps(SHEET).encode(),
    ".yaml": b"ruleset: permenpan-90-2021\nunit: Unit A\nanswers:\n  q1: Ya\n  q88: 3\n",
    ".csv": b"ruleset,permenpan-90-2021\nunit,Unit A\nq1,Ya\nq88,3\nfact:x,1\n",
}
#: pieces an attacker splices in: huge and odd numbers, aliases, nesting, control characters,
#: other scripts' digits, paths, formulas, quotes
HOSTILE = [b"1e100000000", b"-1e-100000000", b"9" * 5000, b"NaN", b"Infinity", b"\xc2\xb2",
           b"\xd9\xa3", b"1.000", b"1_000", b"1,500", b"&a [1]", b"*a", b"<<: *a", b"[" * 50,
           b"{" * 50, b"\x1b[2J", b"\n", b"\r", b"\x00", b"/etc/passwd", b"../x", b"=1+1",
           b"'", b'"', b"\\", b",", b";", b":", b"- ", b"!!python/object:os.system", b"\xff",
           b"\xef\xbb\xbf", b"~", b"null", b"true", b"  ", b"#", b"soal_id", b"Jawaban_unit"]


def mutate(seed: bytes, data: st.DataObject) -> bytes:
    """The seed with a few slices replaced by hostile pieces or random bytes."""
    text = seed
    for _ in range(data.draw(st.integers(1, 4))):
        start = data.draw(st.integers(0, len(text)))
        end = data.draw(st.integers(start, min(len(text), start + 8)))
        piece = data.draw(st.sampled_from(HOSTILE) | st.binary(max_size=6))
        text = text[:start] + piece + text[end:]
    return text


def read_and_score(path: Path) -> None:
    try:
        sheet = read_answers(path, LKE)
        sheet.score(LKE)
    except zona.ZonaError:
        pass


@SETTINGS
@given(st.sampled_from(sorted(SEEDS)), st.data())
def test_answer_files_fail_only_with_zona_errors(tmp_path_factory: pytest.TempPathFactory,
                                                 suffix: str,
                                                 data: st.DataObject) -> None:
    folder = tmp_path_factory.mktemp("fuzz")
    path = folder / f"unit{suffix}"
    path.write_bytes(mutate(SEEDS[suffix], data))
    read_and_score(path)


@SETTINGS
@given(st.data())
def test_portalrb_lists_fail_only_with_zona_errors(tmp_path_factory: pytest.TempPathFactory,
                                                   data: st.DataObject) -> None:
    folder = tmp_path_factory.mktemp("fuzz")
    path = folder / "unit.json"
    text = PORTALRB[:PORTALRB.rindex(b"}") + 1] + b"]"
    path.write_bytes(mutate(text, data))
    read_and_score(path)


RULESET = (ROOT / "examples" / "example.zona").read_text(encoding="utf-8")[:3000]


@SETTINGS
@given(st.data())
def test_rulesets_fail_only_with_zona_errors(data: st.DataObject) -> None:
    text = mutate(RULESET.encode(), data).decode("utf-8", "replace")
    with contextlib.suppress(zona.ZonaError):
        zona.loads(text, "fuzz.zona")
