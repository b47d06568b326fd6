"""Literals of the grammar's tokens: quoted texts, dates, spans, an optional leading label.

Used by the transformers of zona.language.parser (and its grade rules in
zona.language.parser_grades); nothing here builds a syntax node.
"""

from __future__ import annotations

import datetime
import re
import textwrap
from typing import Any

from lark import Token
from lark.tree import Meta

from zona.errors import Diagnostic
from zona.i18n import _
from zona.source import Span


class BadLiteral(Exception):
    """A token the grammar accepts but whose value is wrong (an unknown escape, a date)."""

    def __init__(self, diagnostic: Diagnostic) -> None:
        super().__init__(diagnostic.message)
        self.diagnostic = diagnostic


_ESCAPES = {"n": "\n", "t": "\t", '"': '"', "\\": "\\"}


def token_span(token: Token, file: str | None = None) -> Span:
    """Where a token was written."""
    line = token.line or 1
    column = token.column or 1
    end_line = token.end_line or line
    end_column = token.end_column or column + 1
    return Span(line, column, end_line, max(1, end_column - 1), file)


def meta_span(meta: Meta, file: str | None = None) -> Span | None:
    """Where a rule's text was written (None for an empty rule)."""
    if getattr(meta, "empty", True):
        return None
    return Span(meta.line, meta.column, meta.end_line, max(1, meta.end_column - 1), file)


def string(token: Token) -> str:
    """The text of a quoted (or triple-quoted) STRING token."""
    raw = str(token)
    if raw.startswith('"""'):
        body = raw[3:-3]
        if body.startswith("\n"):
            body = body[1:]
        return textwrap.dedent(body).rstrip()
    body = raw[1:-1]

    def unescape(match: re.Match[str]) -> str:
        char = match.group(1)
        if char not in _ESCAPES:
            raise BadLiteral(
                Diagnostic(
                    _("unknown escape '\\{char}' in a quoted text; use \\\", \\\\, \\n or "
                      "\\t", char=char),
                    token_span(token),
                    code="syntax",
                )
            )
        return _ESCAPES[char]

    return re.sub(r"\\(.)", unescape, body)


def date(token: Token) -> datetime.date:
    """A DATE token as a date; BadLiteral for a date that does not exist."""
    try:
        return datetime.date.fromisoformat(str(token))
    except ValueError:
        raise BadLiteral(
            Diagnostic(_("'{date}' is not a valid date", date=str(token)), token_span(token),
                       code="syntax")
        ) from None


def split_label(children: list[Any]) -> tuple[str | None, list[Any]]:
    """An optional leading STRING (a label) and the rest."""
    if children and isinstance(children[0], Token) and children[0].type == "STRING":
        return string(children[0]), children[1:]
    return None, children


def lang_and_text(children: list[Any]) -> tuple[str | None, str]:
    """The optional LANG token and the text of the last (STRING) child."""
    lang = None
    for child in children:
        if isinstance(child, Token) and child.type == "LANG":
            lang = str(child)
    return lang, string(children[-1])
