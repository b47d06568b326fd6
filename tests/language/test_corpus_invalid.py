"""The invalid corpus: each tests/data/invalid/NAME.zona holds one mistake.

NAME.expected.txt is the exact rendered error (path shown as tests/data/invalid/NAME.zona).
Files named syntax_* must fail to parse (ZonaSyntaxError); the rest parse but break a rule
of the language (ZonaCompileError).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import zona
from tests.conftest import DATA
from zona.language import grammar as _grammar

INVALID = DATA / "invalid"
CASES = sorted(INVALID.glob("*.zona"))

_LARK_NAMES = sorted({t.name for t in _grammar.parser().terminals} - {"NAME"} | {"$END"})
_TOKEN_NAME = re.compile(
    r"(?<![A-Za-z_$])(" + "|".join(re.escape(n) for n in _LARK_NAMES) + r")(?![A-Za-z0-9_])")


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


@pytest.mark.parametrize("path", CASES, ids=lambda p: p.stem)
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
    else:
        pytest.fail(f"{path.name} compiled without an error")
