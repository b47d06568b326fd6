"""The parser tables shipped in src/zona/_parser_tables.pickle (see src/zona/language/grammar.py).

They must match the grammar, and the parser loaded from them must read every ruleset (and
reject every broken one) exactly as a parser built from grammar/zona.lark does.
"""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
from collections.abc import Iterator
from fractions import Fraction
from pathlib import Path
from typing import Any

import lark
import pytest

import zona
import zona.language.parser
import zona.language.syntax_errors
from tests.conftest import ROOT
from zona.language import grammar as _grammar

REGENERATE = ("regenerate them with `python docs/tools/parser_tables.py` "
              "(make parser-tables) and commit src/zona/_parser_tables.pickle")
VALID = sorted([*(ROOT / "tests" / "data" / "valid").glob("*.zona"),
                *(ROOT / "rulesets").glob("*.zona"), *(ROOT / "examples").glob("*.zona")])
INVALID = sorted((ROOT / "tests" / "data" / "invalid").glob("*.zona"))


def _shipped() -> bytes:
    return Path(_grammar.__file__).with_name(_grammar.TABLES_FILE).read_bytes()


#: The tables hold lark's own serialized parser, so they serve only the lark version that
#: wrote them; with another one installed, zona builds its parser (tested below) and the
#: tests that need the tables in use say so as they skip.
RECORDED_LARK = _grammar.read_tables(_shipped()).get("lark_version")
needs_recorded_lark = pytest.mark.skipif(
    lark.__version__ != RECORDED_LARK,
    reason=f"the shipped parser tables were written with lark {RECORDED_LARK} and lark "
           f"{lark.__version__} is installed, so zona builds its parser from the grammar "
           f"(correct, about 90 ms slower to start); {REGENERATE}")


def _shape(tree: lark.Tree[lark.Token] | lark.Token) -> Any:
    """A lark tree as plain data: every node's and token's kind, text and position."""
    if isinstance(tree, lark.Token):
        return ("token", tree.type, str(tree), tree.start_pos, tree.end_pos, tree.line,
                tree.column, tree.end_line, tree.end_column)
    meta = tree.meta
    where = None if meta.empty else (meta.start_pos, meta.end_pos, meta.line, meta.column,
                                     meta.end_line, meta.end_column)
    return (str(tree.data), where, [_shape(child) for child in tree.children])


def _error_text(path: Path) -> str:
    with pytest.raises(zona.ZonaError) as caught:
        zona.loads(path.read_text(encoding="utf-8"), f"tests/data/invalid/{path.name}")
    return str(caught.value)


@pytest.fixture
def built_parser_only(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """zona parses (and explains syntax errors) with the parser built from the grammar."""
    monkeypatch.setattr(zona.language.parser, "_lark_parser", _grammar.build_parser)
    monkeypatch.setattr(zona.language.syntax_errors, "_lark_parser", _grammar.build_parser)
    yield


# --- the shipped file is current -------------------------------------------------


def test_shipped_tables_match_the_grammar() -> None:
    """The tables record this grammar's sha256, their format and the parser options (the
    lark version is checked where the tables are used)."""
    recorded = _grammar.read_tables(_shipped())
    expected = _grammar.fingerprint(_grammar.grammar_text())
    stale = sorted(key for key, value in expected.items()
                   if key != "lark_version" and recorded.get(key) != value)
    assert not stale, (f"src/zona/_parser_tables.pickle is out of date ({', '.join(stale)} "
                       f"changed): {REGENERATE}")


@needs_recorded_lark
def test_shipped_tables_are_what_the_generator_writes() -> None:
    """The same data as the tables written now from the grammar (the output is reproducible,
    so this holds until the grammar or lark changes)."""
    checked = subprocess.run([sys.executable, ROOT / "docs" / "tools" / "parser_tables.py",
                              "--check"], capture_output=True, text=True, check=False)
    assert checked.returncode == 0, f"{checked.stdout}{checked.stderr[-2000:]}\n{REGENERATE}"


@needs_recorded_lark
def test_the_parser_is_loaded_from_the_tables() -> None:
    assert _grammar.load_tables(_shipped(), _grammar.grammar_text()) is not None
    assert _grammar.parser() is not _grammar.build_parser(), (
        f"the tables were not used: {REGENERATE}")


# --- the loaded parser is the built one ------------------------------------------


@pytest.mark.parametrize("path", VALID, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_loaded_parser_reads_like_the_built_one(path: Path) -> None:
    """The same tree, every node and token at the same place."""
    text = path.read_text(encoding="utf-8")
    loaded = _shape(_grammar.parser().parse(text))
    assert loaded == _shape(_grammar.build_parser().parse(text))


@pytest.mark.parametrize("path", INVALID, ids=lambda p: p.stem)
@pytest.mark.usefixtures("built_parser_only")
def test_built_parser_gives_the_same_error_texts(path: Path) -> None:
    """The invalid corpus's exact messages (tests/language/test_corpus_invalid.py checks them with
    the loaded parser) come out of the built parser too."""
    expected = path.with_suffix(".expected.txt").read_text(encoding="utf-8")
    assert _error_text(path) + "\n" == expected


# --- otherwise the parser is built -----------------------------------------------


@pytest.mark.parametrize(("key", "value"), [
    ("grammar_sha256", "0" * 64),
    ("lark_version", "1.0.0"),
    ("format", _grammar.TABLES_FORMAT + 1),
    ("options", {**_grammar.OPTIONS, "propagate_positions": False}),
])
def test_tables_recording_something_else_are_not_used(key: str, value: object) -> None:
    tables = _grammar.read_tables(_shipped())
    tables[key] = value
    assert _grammar.load_tables(pickle.dumps(tables), _grammar.grammar_text()) is None


def test_tables_are_not_used_for_an_edited_grammar() -> None:
    edited = _grammar.grammar_text() + "\n// one more comment\n"
    assert _grammar.load_tables(_shipped(), edited) is None


def test_damaged_tables_are_not_used() -> None:
    grammar = _grammar.grammar_text()
    assert _grammar.load_tables(_shipped()[:1000], grammar) is None
    assert _grammar.load_tables(b"not a pickle", grammar) is None
    assert _grammar.load_tables(pickle.dumps(["a", "list"]), grammar) is None


@pytest.mark.parametrize("payload", [os.system, Fraction(1, 3), {"data": pickle.loads}])
def test_tables_naming_code_or_classes_are_refused(payload: object) -> None:
    """The unpickler refuses every global, so nothing in the file can run."""
    blob = pickle.dumps(payload)
    with pytest.raises(pickle.UnpicklingError, match="may not name"):
        _grammar.read_tables(blob)
    assert _grammar.load_tables(blob, _grammar.grammar_text()) is None


def test_stale_tables_fall_back_to_building(monkeypatch: pytest.MonkeyPatch) -> None:
    """With tables from another lark version, zona builds the parser and still reads
    rulesets the same way."""
    tables = _grammar.read_tables(_shipped())
    tables["lark_version"] = "1.0.0"
    text = (ROOT / "rulesets" / "permenpan-90-2021.zona").read_text(encoding="utf-8")
    try:
        with monkeypatch.context() as patch:
            patch.setattr(_grammar, "_shipped_tables", lambda: pickle.dumps(tables))
            _grammar.parser.cache_clear()
            assert _grammar.parser() is _grammar.build_parser()
            module = zona.language.parser.parse(text)
            assert len(zona.loads(text).inputs) == 127
    finally:
        _grammar.parser.cache_clear()
    assert module == zona.language.parser.parse(text)


def test_missing_tables_fall_back_to_building(monkeypatch: pytest.MonkeyPatch) -> None:
    try:
        with monkeypatch.context() as patch:
            patch.setattr(_grammar, "_shipped_tables", lambda: None)
            _grammar.parser.cache_clear()
            assert _grammar.parser() is _grammar.build_parser()
    finally:
        _grammar.parser.cache_clear()
