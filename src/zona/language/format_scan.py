"""The text between a ruleset's tokens, for `zona fmt`: comments, blank lines, parentheses.

The grammar drops comments and parentheses (`%ignore COMMENT`; `"(" expr ")"` is inlined),
so the formatter reads them back from the text. A comment is `#` to the end of the line
outside a quoted text; the texts are matched with the grammar's own STRING pattern, so
a `#` or a `"` inside a text is never taken for a comment.
"""

from __future__ import annotations

import bisect
import re

import attrs
from lark import Token

from zona.language.literals import string

#: The grammar's STRING terminal (grammar/zona.lark), then a comment.
_STRING_OR_COMMENT = re.compile(r'"""[\s\S]*?"""|"(?:[^"\\\n]|\\.)*"|#[^\n]*')
_BLANK_LINE = re.compile(r"\n[ \t\f\r]*\n")
_SPACE = " \t\f\r\n"  # the grammar's WS
INDENT = "    "


@attrs.frozen
class Comment:
    """One `# ...` comment: where it is and its text (without trailing blanks)."""

    start: int
    end: int
    line: int
    text: str
    own_line: bool  # nothing but blanks before it on its line


class SourceText:
    """A ruleset's text with its comments found, and questions about the text between
    tokens (positions are offsets into the text, as lark's `start_pos`/`end_pos`)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._line_starts = [0, *(m.end() for m in re.finditer("\n", text))]
        self.comments = tuple(self._scan())
        self._comment_starts = [c.start for c in self.comments]

    def _scan(self) -> list[Comment]:
        found = []
        for match in _STRING_OR_COMMENT.finditer(self.text):
            if match.group().startswith("#"):
                start = match.start()
                line = self.line_of(start)
                before = self.text[self._line_starts[line - 1]:start]
                found.append(Comment(start, match.end(), line, match.group().rstrip(),
                                     not before.strip(_SPACE)))
        return found

    def line_of(self, position: int) -> int:
        """The 1-based line of a position."""
        return bisect.bisect_right(self._line_starts, position)

    def _comment_at(self, position: int) -> Comment | None:
        index = bisect.bisect_right(self._comment_starts, position) - 1
        if index >= 0 and self.comments[index].start <= position < self.comments[index].end:
            return self.comments[index]
        return None

    def skip(self, position: int) -> int:
        """The first position at or after `position` that is neither blank nor a comment."""
        text = self.text
        while position < len(text):
            comment = self._comment_at(position)
            if comment is not None:
                position = comment.end
            elif text[position] in _SPACE:
                position += 1
            else:
                break
        return position

    def skip_back(self, position: int) -> int:
        """The last position before `position` that is neither blank nor a comment (-1)."""
        position -= 1
        while position >= 0:
            comment = self._comment_at(position)
            if comment is not None:
                position = comment.start - 1
            elif self.text[position] in _SPACE:
                position -= 1
            else:
                break
        return position

    def char(self, position: int) -> str:
        """The character at a position ('' past the end)."""
        return self.text[position] if 0 <= position < len(self.text) else ""

    def parentheses(self, start: int, end: int) -> int:
        """How many pairs of parentheses enclose the text from start to end."""
        count = 0
        while True:
            before, after = self.skip_back(start), self.skip(end)
            if self.char(before) != "(" or self.char(after) != ")":
                return count
            count, start, end = count + 1, before, after + 1

    def blank_between(self, start: int, end: int) -> bool:
        """Whether an empty line lies between two positions."""
        return start < end and _BLANK_LINE.search(self.text, start, end) is not None

    def comment_after(self, position: int) -> Comment | None:
        """The comment at the end of the line the text before `position` ends on."""
        index = bisect.bisect_left(self._comment_starts, position)
        if index == len(self.comments) or position == 0:
            return None
        comment = self.comments[index]
        between = self.text[position:comment.start]
        if between.strip(" \t\f\r") or comment.line != self.line_of(position - 1):
            return None
        return comment

    def has_comment(self, start: int, end: int) -> bool:
        """Whether a comment starts between two positions."""
        index = bisect.bisect_left(self._comment_starts, start)
        return index < len(self.comments) and self.comments[index].start < end


def string_literal(raw: str, indent: int) -> str:
    """A STRING token as written, except that a triple-quoted text that starts on a new line
    is re-indented one step deeper than the line it opens on (its closing quotes too).
    The text it stands for is unchanged: the parser dedents such texts."""
    if not raw.startswith('"""\n'):
        return raw
    meaning = string(Token("STRING", raw))
    if not meaning:
        return raw
    inner = INDENT * (indent + 1)
    body = "\n".join(inner + line if line.strip(" \t") else "" for line in meaning.split("\n"))
    literal = f'"""\n{body}\n{inner}"""'
    return literal if string(Token("STRING", literal)) == meaning else raw
