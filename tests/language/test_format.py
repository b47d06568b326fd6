"""`zona fmt` (zona.language.format): formatting twice changes nothing, never changes what
a ruleset means (the same syntax tree, the same compiled model) and keeps every comment,
in order; over the corpora, generated rulesets and texts with comments and blank lines
put anywhere between tokens. Exact outputs for hand-written messy inputs.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import zona
from tests.conftest import ROOT
from tests.strategies import any_modules, grammar_texts
from zona.errors import ZonaSyntaxError
from zona.language import unparse
from zona.language.format import format_source
from zona.language.format_scan import SourceText
from zona.language.parser import parse
from zona.model import Ruleset
from zona.testing.generated import valid_rulesets
from zona.testing.generated_levels import level_rulesets

CORPUS = sorted([*(ROOT / "tests" / "data" / "valid").glob("*.zona"),
                 *(ROOT / "rulesets").glob("*.zona"), *(ROOT / "examples").glob("*.zona"),
                 *(ROOT / "docs").rglob("*.zona")])
SETTINGS = settings(max_examples=60, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                           HealthCheck.filter_too_much])


def comments(text: str) -> list[str]:
    """The comments of a text, in order (without trailing blanks)."""
    return [c.text for c in SourceText(text).comments]


def meaning(ruleset: Ruleset) -> dict[str, Any]:
    """A compiled ruleset without what depends on its text's layout (the source, its
    fingerprint, which hashes the text, and positions, which models leave out of equality)."""
    layout = {"source", "fingerprint", "variants", "features", "_nodes", "_inputs", "_views"}
    fields = {f.name: getattr(ruleset, f.name) for f in attrs.fields(Ruleset)
              if f.name not in layout}
    fields["variants"] = {key: meaning(v) for key, v in ruleset.variants.items()}
    return fields


def assert_formats_faithfully(text: str, name: str = "<string>") -> str:
    """The properties every formatted text has; returns the formatted text."""
    formatted = format_source(text, name)
    assert format_source(formatted, name) == formatted  # idempotent
    assert parse(formatted, name) == parse(text, name)  # the same syntax tree
    assert comments(formatted) == comments(text)  # every comment, in order
    assert formatted.endswith("\n") and not formatted.endswith("\n\n")
    assert not re.search(r"[ \t]\n", _outside_strings(formatted))  # no trailing blanks
    return formatted


def _outside_strings(text: str) -> str:
    return re.sub(r'"""[\s\S]*?"""|"(?:[^"\\\n]|\\.)*"', '""', text)


# --- the corpora ---------------------------------------------------------------------


def test_the_corpora_are_found() -> None:
    names = {p.name for p in CORPUS}
    assert {"permenpan-90-2021.zona", "sakip-88-2021.zona", "all_constructs.zona"} <= names


@pytest.mark.parametrize("path", CORPUS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_corpus_file_formats_faithfully(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    formatted = assert_formats_faithfully(text, str(path))
    assert meaning(zona.loads(formatted, str(path))) == meaning(zona.loads(text, str(path)))


@pytest.mark.parametrize("path", CORPUS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_corpus_file_is_formatted(path: Path) -> None:
    """The shipped rulesets, the examples and the valid corpus are kept formatted (the
    invalid corpus is not: many of its files do not parse, and its messages have positions)."""
    text = path.read_text(encoding="utf-8")
    assert format_source(text, str(path)) == text


# --- generated texts ------------------------------------------------------------------

_PIECES = re.compile(r'"""[\s\S]*?"""|"(?:[^"\\\n]|\\.)*"|#[^\n]*|[ \t\r\n]+|[^\s"#]+')
#: What may replace the blanks between two tokens: comments and blank lines everywhere.
_BLANKS = (" ", "\n", "\n\n\n", "   ", " # c1\n", "\n# c2\n\n", "\t# c3 \n  ", "\n  #\n")


@st.composite
def rewhitespaced(draw: Any, text: str) -> str:
    """A text with some of the blanks between its tokens replaced by other blanks, blank
    lines or comments (texts and comments untouched)."""
    pieces = _PIECES.findall(text)
    assert "".join(pieces) == text
    out: list[str] = []
    for piece in pieces:
        if piece.isspace() and draw(st.integers(0, 2)) == 0:
            piece = draw(st.sampled_from(_BLANKS))
            if out and out[-1].startswith("#") and "\n" not in piece:
                piece = "\n"  # a comment ends at the end of its line
        out.append(piece)
    return "".join(out)


def _parses(text: str) -> bool:
    try:
        parse(text)
    except (ZonaSyntaxError, RecursionError):
        return False
    return True


@SETTINGS
@given(st.sampled_from(CORPUS).map(lambda p: p.read_text(encoding="utf-8"))
       .flatmap(rewhitespaced))
def test_corpus_with_comments_and_blanks_anywhere(text: str) -> None:
    assert_formats_faithfully(text)


@SETTINGS
@given(any_modules.map(unparse.module).flatmap(rewhitespaced))
def test_every_shape_of_syntax_tree(text: str) -> None:
    assume(_parses(text))
    assert_formats_faithfully(text)


@SETTINGS
@given(grammar_texts(spaced=True))
def test_texts_from_the_grammar_with_comments(text: str) -> None:
    assume(_parses(text))
    assert_formats_faithfully(text)


@SETTINGS
@given(grammar_texts(spaced=False))
def test_texts_from_the_grammar_without_spaces(text: str) -> None:
    assume(_parses(text))
    assert_formats_faithfully(text)


@SETTINGS
@given(st.one_of(valid_rulesets(grades=True), level_rulesets(na=True))
       .map(lambda g: g.text).flatmap(rewhitespaced))
def test_generated_rulesets_compile_to_the_same_model(text: str) -> None:
    formatted = assert_formats_faithfully(text)
    assert meaning(zona.loads(formatted)) == meaning(zona.loads(text))


def test_a_syntax_error_is_raised_located() -> None:
    with pytest.raises(ZonaSyntaxError) as caught:
        format_source('ruleset "x" {\n    weight 25%\n}\n', "bad.zona")
    assert str(caught.value).startswith("bad.zona:2:")
