"""Where the parser stopped, as the rules of zona.language.syntax_hints read it.

A Site holds what was found (a token, a character, or the end of the file), what the
parser would have accepted there, the token before it and the text around it.
"""

from __future__ import annotations

import functools
import re

import attrs
from lark import Token

from zona.errors import Diagnostic
from zona.language.syntax_scan import declared, open_braces, span_at
from zona.source import Span

NUMBER_AT_END = re.compile(r"[0-9]+(?:\.[0-9]+)?$")
NUMBER_AT_START = re.compile(r"[0-9]+(?:\.[0-9]+)?")
WORD_AT_START = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
DECLARATION_KEYWORDS = ("component", "subcomponent", "area", "subarea", "group", "question",
                        "item", "scale", "fact", "input", "derived", "view", "predicate",
                        "grade", "level")


@attrs.frozen
class Site:
    """The place of a syntax error: found text, its kind, what was acceptable."""

    text: str
    start: int
    end: int
    found: str
    type: str  # a terminal name, "$END", or "CHAR" for a character no token starts with
    acceptable: frozenset[str]
    previous: Token | None = None

    @property
    def line_before(self) -> str:
        """The text of the line before what was found."""
        return self.text[self.text.rfind("\n", 0, self.start) + 1:self.start]

    @property
    def line_after(self) -> str:
        """The text of the line after what was found."""
        stop = self.text.find("\n", self.end)
        return self.text[self.end:stop if stop >= 0 else len(self.text)]

    @property
    def previous_text(self) -> str:
        return str(self.previous) if self.previous is not None else ""

    @property
    def previous_type(self) -> str:
        return self.previous.type if self.previous is not None else ""

    def before_previous(self) -> str:
        """The text of the line before the previous token."""
        if self.previous is None or self.previous.start_pos is None:
            return ""
        start = self.previous.start_pos
        return self.text[self.text.rfind("\n", 0, start) + 1:start]

    def previous_is_word(self, *words: str) -> bool:
        """Whether the previous token is one of these words (keyword or name)."""
        return self.previous_text in words

    def accepts(self, *names: str) -> bool:
        return all(name in self.acceptable for name in names)

    def declares(self) -> bool:
        """Whether the previous token is a keyword that starts a declaration here (`scale`
        inside a block is a member, `scale ya_tidak`)."""
        before = self.before_previous().rstrip()
        if self.previous_text not in DECLARATION_KEYWORDS or before[-1:] not in ("", "{", "}"):
            return False  # (`require grade >= B` names a grade; it declares none)
        return self.previous_text != "scale" or not open_braces(self.text, self.start)[0]

    def declared(self) -> dict[str, str]:
        return _declared(self.text)

    def span(self, start: int | None = None, end: int | None = None) -> Span:
        """The span of text[start:end], by default what was found."""
        first = self.start if start is None else start
        last = (self.end if start is None else first + 1) if end is None else end
        return span_at(self.text, first, last)

    def error(self, message: str, hint: str | None = None, span: Span | None = None
              ) -> Diagnostic:
        """A syntax diagnostic at what was found (or at `span`)."""
        return Diagnostic(message, span or self.span(), hint, code="syntax")


@functools.lru_cache(maxsize=8)
def _declared(text: str) -> dict[str, str]:
    return declared(text)
