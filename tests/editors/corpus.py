"""The .zona files every highlighter must handle, and the tokens zona's own parser sees in them.

The highlighters (the TextMate grammar, the Pygments lexer) are checked against the real
lexer: zona's LALR parser with its contextual lexer, which knows where a word is a keyword
and where it is an id. Comments are collected through a lexer callback (they are ignored
by the parser), every other token through lark's interactive parser.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path

import lark

from tests.conftest import DATA, ROOT
from zona.language.grammar import OPTIONS, grammar_text

VALID = sorted(
    [*(DATA / "valid").glob("*.zona"), *(ROOT / "rulesets").glob("*.zona"),
     *(ROOT / "examples").glob("*.zona")]
)
INVALID = sorted((DATA / "invalid").glob("*.zona"))
CORPUS = VALID + INVALID
# The invalid files whose error is in a token itself: a highlighter marks the bad text.
LEXICAL_ERRORS = ("syntax_bad_character", "syntax_unknown_escape", "syntax_unterminated_string")

_ERROR_LINE = re.compile(r"^(?P<path>\S+?\.zona):(?P<line>\d+):(?P<col>\d+): error:", re.M)


@dataclass(frozen=True)
class Token:
    """One token of zona's lexer: its terminal, its text and its 1-based start position."""

    type: str
    value: str
    line: int
    column: int

    def lines(self) -> list[tuple[int, int, int]]:
        """(line, first column, column after the end) of each line the token covers, 0-based."""
        parts = self.value.split("\n")
        spans = []
        for index, part in enumerate(parts):
            start = self.column - 1 if index == 0 else 0
            spans.append((self.line - 1 + index, start, start + len(part)))
        return spans


_comments: list[lark.Token] = []


@functools.cache
def _parser() -> lark.Lark:
    return lark.Lark(grammar_text(), **OPTIONS, lexer_callbacks={"COMMENT": _comments.append})


def zona_tokens(text: str) -> list[Token] | None:
    """Every token of a text that parses, comments included, in source order; else None
    (also for a text that lark reads but zona's parser refuses: a keyword glued to letters,
    `requirement`, which lark splits as `require` + `ment` and a highlighter rightly does not)."""
    from zona.errors import ZonaSyntaxError
    from zona.language.parser import parse

    try:
        parse(text)
    except ZonaSyntaxError:
        return None
    _comments.clear()
    interactive = _parser().parse_interactive(text)
    try:
        found = list(interactive.iter_parse())
        interactive.feed_eof()
    except lark.exceptions.LarkError:
        return None
    found += _comments
    tokens = [Token(t.type, str(t.value), t.line or 0, t.column or 0) for t in found
              if t.type != "$END"]
    return sorted(tokens, key=lambda t: (t.line, t.column))


def first_error(path: Path) -> tuple[int, int]:
    """The (1-based line, column) of the first error the compiler reports for an invalid file."""
    expected = path.with_name(path.stem + ".expected.txt").read_text(encoding="utf-8")
    match = next(m for m in _ERROR_LINE.finditer(expected) if m["path"].endswith(path.name))
    return int(match["line"]), int(match["col"])


def keyword_class(token: Token) -> str:
    """What a token is, for a highlighter: comment, string, number, keyword, name or operator."""
    if token.type in {"COMMENT", "STRING", "NAME", "DATE", "PERCENT"}:
        return token.type.lower()
    if token.type in {"NUMBER", "INT"}:
        return "number"
    if token.value[:1].isalpha():
        return "keyword"
    return "operator"
