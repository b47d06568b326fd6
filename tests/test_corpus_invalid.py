"""The invalid corpus: each tests/data/invalid/NAME.zona holds one mistake.

NAME.expected.txt is the exact rendered error (path shown as tests/data/invalid/NAME.zona).
Files named syntax_* must fail to parse (ZonaSyntaxError); the rest parse but break a rule
of the language (ZonaCompileError).

Entries in KNOWN_BUGS hold the text zona *should* print (see /work/notes/bugs.md); they are
strict xfails. When a bug is fixed, adjust NAME.expected.txt to the final wording if it
differs from the proposal and drop the entry.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import zona
from zona import _grammar

INVALID = Path(__file__).parent / "data" / "invalid"
CASES = sorted(INVALID.glob("*.zona"))

KNOWN_BUGS = {
    "duplicate_id": "bug: the dropped duplicate child also yields a cascaded 'weights of the "
                    "children of 'c' sum to 5' error, shown first",
    "reserved_total": "bug: a top-level node named 'total' also yields a cascaded "
                      "'top-level weights sum to 0' error",
    "syntax_keyword_as_id": "bug: keywords are accepted as ids where the keyword is not "
                            "expected (contextual lexer), contrary to the grammar",
    "syntax_keyword_in_expression": "bug: keywords are accepted as ids at the declaration, "
                                    "then fail with an unrelated message where used",
    "syntax_missing_brace": "bug: the expected list is cut before '}', the fix for a "
                            "missing brace",
    "syntax_missing_brace_middle": "bug: the expected list is cut before '}'",
    "syntax_bad_character": "bug: an unexpected character lists LALR lookaheads that are "
                            "not valid here ('add', 'amend', 'fact') and hides '}'",
    "syntax_misspelled_kind": "bug: a misspelt node kind is not recognised; the expected "
                              "list omits the node kinds",
    "syntax_stray_string": "bug: 'unexpected a quoted text' (the article is wrong)",
    "threshold_strictly_above_maximum": "bug: `c > 10` with maximum 10 says '10 is above "
                                        "the highest score (10)'",
    "every_child_of_empty_total": "bug: `every child of total` with no top-level node crashes "
                                  "with ValueError (min of an empty sequence)",
    "every_child_of_empty_view": "bug: `every child of` an empty view group crashes with "
                                 "ValueError (min of an empty sequence)",
    "condition_on_derived": "bug: a derived value in a condition is reported as an "
                            "'unknown node or view' although it is declared",
}

_LARK_NAMES = sorted({t.name for t in _grammar.parser().terminals} - {"NAME"} | {"$END"})
_TOKEN_NAME = re.compile(
    r"(?<![A-Za-z_$])(" + "|".join(re.escape(n) for n in _LARK_NAMES) + r")(?![A-Za-z0-9_])")


def _params() -> list[object]:
    params: list[object] = []
    for path in CASES:
        reason = KNOWN_BUGS.get(path.stem)
        marks = [pytest.mark.xfail(reason=reason, strict=True)] if reason else []
        params.append(pytest.param(path, id=path.stem, marks=marks))
    return params


def _error(path: Path) -> zona.ZonaError:
    name = f"tests/data/invalid/{path.name}"
    with pytest.raises(zona.ZonaError) as caught:
        zona.loads(path.read_text(encoding="utf-8"), name)
    return caught.value


def test_corpus_is_complete() -> None:
    """There are 25+ invalid files, each with its expected message."""
    assert len(CASES) >= 25
    for path in CASES:
        assert path.with_suffix(".expected.txt").is_file(), path
    assert set(KNOWN_BUGS) <= {p.stem for p in CASES}


@pytest.mark.parametrize("path", _params())
def test_invalid_ruleset_error_text(path: Path) -> None:
    """The rendered error is exactly NAME.expected.txt, of the right class."""
    error = _error(path)
    expected_class = zona.ZonaSyntaxError if path.stem.startswith("syntax_") else \
        zona.ZonaCompileError
    assert isinstance(error, expected_class), type(error)
    expected = path.with_suffix(".expected.txt").read_text(encoding="utf-8")
    assert str(error) + "\n" == expected


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_expected_texts_speak_the_language(path: Path) -> None:
    """No expected message leaks a lark terminal name (COLON, $END, LBRACE, __ANON_0...)."""
    text = path.with_suffix(".expected.txt").read_text(encoding="utf-8")
    message_lines = [line for line in text.splitlines() if not line.startswith("  ")]
    for line in message_lines:
        assert not _TOKEN_NAME.search(line.split(": error: ", 1)[-1]), line


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_check_agrees_with_loads(path: Path) -> None:
    """zona.check returns the same diagnostics that loads raises (or would, once fixed)."""
    text = path.read_text(encoding="utf-8")
    name = f"tests/data/invalid/{path.name}"
    try:
        zona.loads(text, name)
    except zona.ZonaError as error:
        diagnostics = list(getattr(error, "diagnostics", ()))
        assert zona.check(text, name) == diagnostics
        assert diagnostics and all(d.severity == "error" for d in diagnostics)
    except Exception:  # a crash: reported by test_invalid_ruleset_error_text
        if path.stem not in KNOWN_BUGS:
            raise
        pytest.xfail("zona crashes on this file (known bug)")
    else:
        assert path.stem in KNOWN_BUGS
