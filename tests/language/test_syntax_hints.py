"""Syntax errors that name a known slip (zona.language.syntax_hints and _forms): a brace
never closed is found in real rulesets, the text readers behave, and no slip, however
odd, makes the error reporting itself fail."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import zona
from tests.conftest import ROOT
from zona.language.parser import parse
from zona.language.syntax import ScaleDecl
from zona.language.syntax_scan import balance, declared, open_braces, unclosed_brace

RULESETS = sorted([*ROOT.glob("rulesets/*.zona"), *ROOT.glob("examples/*.zona")])


def _lone_closers(text: str) -> list[tuple[int, int]]:
    """(opening, closing) offsets of each '}' that stands alone on its line."""
    stack: list[int] = []
    pairs = []
    in_text = False
    for offset, char in enumerate(text):  # the rulesets keep braces out of their texts
        if char == '"':
            in_text = not in_text
        elif char == "{" and not in_text:
            stack.append(offset)
        elif char == "}" and not in_text:
            pairs.append((stack.pop(), offset))
    lines = text.split("\n")
    return [(o, c) for o, c in pairs if lines[text.count("\n", 0, c)].strip() == "}"]


@pytest.mark.parametrize("path", RULESETS, ids=lambda p: p.stem)
def test_a_removed_brace_is_found_at_its_opening(path: Path) -> None:
    """Delete any '}' on a line of its own from a shipped ruleset: the error points at the
    '{' it closed (line and column), whatever the parser read after it."""
    text = path.read_text(encoding="utf-8")
    pairs = _lone_closers(text)
    assert pairs
    step = max(1, len(pairs) // 40)  # the long rulesets: every so many, spread over the file
    for opening, closing in pairs[::step]:
        broken = text[:closing] + text[closing + 1:]
        with pytest.raises(zona.ZonaSyntaxError) as caught:
            zona.loads(broken, path.name)
        span = caught.value.diagnostic.span
        assert span is not None
        line = text.count("\n", 0, opening) + 1
        column = opening - (text.rfind("\n", 0, opening) + 1) + 1
        assert (span.line, span.column) == (line, column), str(caught.value)
        assert "is never closed" in caught.value.diagnostic.message


MISSING = """\
ruleset "r" { maximum 10 }
component c {
    weight 10
    area a {
        weight 10
        question q1 { weight 5 scale yt
        question q2 { weight 5 scale yt }
    }
}
"""


def test_unclosed_brace_reads_the_indentation() -> None:
    """The first block whose '}' is indented as an outer block's is the one left open."""
    stop = len(MISSING)
    stack, misplaced = open_braces(MISSING, stop)
    assert [b.opens for b in stack] == ["component 'c'"]
    assert [b.opens for b in misplaced] == ["question 'q1'", "area 'a'"]
    brace = unclosed_brace(MISSING, stop)
    assert brace is not None and brace.opens == "question 'q1'"
    assert MISSING[brace.offset] == "{"
    assert balance(MISSING) == 1
    assert balance('ruleset "r" { note "{ not a brace" }  # nor this {\n') == 0


def test_a_whole_missing_brace_message() -> None:
    """The message names the block, the line where the parser noticed, and what to do."""
    text = MISSING + "predicate P { require total >= 5 }\n"
    with pytest.raises(zona.ZonaSyntaxError) as caught:
        zona.loads(text, "r.zona")
    assert str(caught.value) == """\
r.zona:6:21: error: this '{' of question 'q1' is never closed; the parser noticed at line 10, \
where 'predicate' cannot stand inside component 'c'. Add '}' where question 'q1' ends.
  6 |         question q1 { weight 5 scale yt
    |                     ^"""


def test_declared_reads_what_each_name_is() -> None:
    """Names are read from the lines that declare them, facts by their type."""
    text = ('ruleset "r" { }\nfact kkn yesno\nfact jenis "Jenis" levels { a, b }\n'
            "fact n number 0..2\n  predicate WBK { }\ncomponent c { }\n")
    assert declared(text) == {"kkn": "yes/no fact", "jenis": "levels fact",
                              "n": "number fact", "WBK": "predicate", "c": "node"}


@pytest.mark.parametrize(("text", "message"), [
    ("predicate P { requirement >= 5 }",
     "'requirement' is not a keyword of the language. Did you mean 'require'?"),
    ("predicate P { requiretotal >= 5 }",
     "'requiretotal' is not a keyword of the language. Did you mean 'require'?"),
    ("item i { weights 1 score = 1 }",
     "'weights' is not a keyword of the language. Did you mean 'weight'?"),
])
def test_a_keyword_with_letters_glued_to_it(text: str, message: str) -> None:
    """`requirement` is not read as `require ment`, even where that would parse."""
    with pytest.raises(zona.ZonaSyntaxError) as caught:
        zona.loads('ruleset "r" { }\n' + text, "r.zona")
    assert str(caught.value).splitlines()[0].split(": error: ")[1] == message


def test_numbered_option_after_a_comma_is_not_a_decimal_comma() -> None:
    """`A = 1,2 = 0.5` is two options (the second has its own value), not 1,2."""
    scale = parse('ruleset "r" { }\nscale s { A = 1,2 = 0.5 }\n').declarations[0]
    assert isinstance(scale, ScaleDecl)
    assert [(o.name, o.value) for o in scale.options] == [("A", 1), ("2", Fraction(1, 2))]


SLIPS = st.sampled_from(
    ["", "}", "{", "%", ",", "=", "==", "'", "\u201c", ";", "//", "..", "-", "&&", "fact ",
     "predicate ", "grade ", "weight ", "(", ")", '"', "0,5", "01-01-2024", " x ", "\t"])


@settings(max_examples=150, deadline=None)
@given(st.data())
def test_any_slip_gives_a_located_error_or_compiles(data: st.DataObject) -> None:
    """A slip anywhere in a real ruleset gives a ZonaError whose caret lies on the text (or
    the ruleset still compiles): the hints never fail themselves."""
    text = (ROOT / "examples" / "example.zona").read_text(encoding="utf-8")
    at = data.draw(st.integers(0, len(text)))
    cut = data.draw(st.integers(0, 3))
    slipped = text[:at] + data.draw(SLIPS) + text[at + cut:]
    try:
        zona.loads(slipped, "slip.zona")
    except zona.ZonaSyntaxError as error:
        span = error.diagnostic.span
        assert span is not None
        lines = slipped.split("\n")
        assert 1 <= span.line <= len(lines)
        assert 1 <= span.column <= len(lines[span.line - 1]) + 1
        assert str(error).startswith(f"slip.zona:{span.line}:{span.column}: error: ")
    except zona.ZonaError:
        pass
