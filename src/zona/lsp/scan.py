"""A forgiving lexical scan of zona text: words, numbers, quoted texts, comments and marks,
with their offsets. It never fails, so the editor features that need to see where things
are (a declaration's extent, the block a cursor is in, a name inside a wider span) work on
text that does not parse. The grammar (zona.language) stays the authority on meaning.
"""

from __future__ import annotations

import bisect
import re

import attrs

_TOKEN = re.compile(r'''
    (?P<string>"""[\s\S]*?"""|"(?:[^"\\\n]|\\.)*"?)
  | (?P<comment>\#[^\n]*)
  | (?P<word>[A-Za-z_][A-Za-z0-9_]*)
  | (?P<number>[0-9]+(?:\.[0-9]+)?%?)
  | (?P<mark>\.\.|[<>]=?|==|!=|\S)
  | (?P<space>\s+)
''', re.VERBOSE)


@attrs.frozen
class Token:
    """One token: its kind (`string`, `comment`, `word`, `number` or `mark`), text, offsets."""

    kind: str
    text: str
    start: int
    end: int


class Tokens:
    """The tokens of a text, comments left out, searchable by offset."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.items = [Token(m.lastgroup or "mark", m.group(), m.start(), m.end())
                      for m in _TOKEN.finditer(text)
                      if m.lastgroup not in ("space", "comment")]
        self._starts = [t.start for t in self.items]

    def index_at(self, offset: int) -> int:
        """The index of the first token that ends after `offset` (len(items) if none)."""
        index = bisect.bisect_right(self._starts, offset) - 1
        if index >= 0 and self.items[index].end > offset:
            return index
        return index + 1

    def before(self, offset: int) -> list[Token]:
        """The tokens that end at or before `offset`."""
        return [t for t in self.items[:self.index_at(offset) + 1] if t.end <= offset]

    def matching(self, index: int) -> int:
        """The index of the `}` that closes the `{` at `index` (the last token if none)."""
        depth = 0
        for position in range(index, len(self.items)):
            text = self.items[position].text
            if text == "{":
                depth += 1
            elif text == "}":
                depth -= 1
                if depth == 0:
                    return position
        return len(self.items) - 1

    def next_mark(self, offset: int, mark: str) -> int | None:
        """The index of the first token `mark` at or after `offset`, or None."""
        for position in range(self.index_at(offset), len(self.items)):
            if self.items[position].text == mark and self.items[position].kind == "mark":
                return position
        return None


def find_word(tokens: Tokens, name: str, start: int, end: int, after: str | None = None) -> \
        Token | None:
    """The first word `name` between offsets `start` and `end` (just after the word
    `after`, when given), outside quoted texts and comments."""
    previous: Token | None = None
    for token in tokens.items[tokens.index_at(start):]:
        if token.start >= end:
            break
        if token.kind == "word" and token.text == name and (
                after is None or (previous is not None and previous.text == after)):
            return token
        previous = token
    return None
