"""Places in a document as an editor counts them: 0-based lines and columns, end exclusive.

zona's spans are 1-based with an inclusive end and count characters (code points); the
Language Server Protocol counts 0-based columns in the code units the client chose
(UTF-16 by default: a character beyond the Basic Multilingual Plane is two units). A Place
counts code points; `to_units`/`from_units` convert a column for a client, given its
counter of code units (pygls's PositionCodec supplies it).
"""

from __future__ import annotations

import bisect
from collections.abc import Callable

import attrs

from zona.source import Span

Units = Callable[[str], int]  # how many code units the client counts in a text


@attrs.frozen(order=True)
class Place:
    """A region: 0-based line and code-point column of its start, and of its end (exclusive)."""

    line: int
    column: int
    end_line: int
    end_column: int

    def contains(self, line: int, column: int) -> bool:
        """Whether a cursor at (line, column) touches the region (either end included)."""
        return (self.line, self.column) <= (line, column) <= (self.end_line, self.end_column)


def place_of(span: Span) -> Place:
    """The Place of a zona span (1-based, end inclusive)."""
    return Place(span.line - 1, span.column - 1, span.end_line - 1, span.end_column)


def lines_of(text: str) -> list[str]:
    """The lines of a text as zona (and the editor, for "\\n" and "\\r\\n") counts them."""
    return [line.removesuffix("\r") for line in text.split("\n")]


def to_units(line: str, column: int, units: Units) -> int:
    """A code-point column of a line as the client's code units."""
    return units(line[:column])


def from_units(line: str, count: int, units: Units) -> int:
    """The code-point column of a line at `count` client code units (clamped to the line)."""
    seen = 0
    for index, char in enumerate(line):
        if seen >= count:
            return index
        seen += units(char)
    return len(line)


def utf16(text: str) -> int:
    """Code units of a text in UTF-16 (the protocol's default encoding)."""
    return len(text.encode("utf-16-le")) // 2


class Offsets:
    """Converts between (line, column) and offsets into one text (code points)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.starts = [0]
        for index, char in enumerate(text):
            if char == "\n":
                self.starts.append(index + 1)

    def offset(self, line: int, column: int) -> int:
        """The offset of a 0-based line and column (clamped to the text)."""
        if line >= len(self.starts):
            return len(self.text)
        return min(self.starts[max(line, 0)] + max(column, 0), len(self.text))

    def position(self, offset: int) -> tuple[int, int]:
        """The 0-based (line, column) of an offset."""
        line = bisect.bisect_right(self.starts, offset) - 1
        return line, offset - self.starts[line]

    def place(self, start: int, end: int) -> Place:
        """The Place of the text from offset `start` to `end` (exclusive)."""
        return Place(*self.position(start), *self.position(end))

    def end(self) -> tuple[int, int]:
        """The (line, column) just after the last character."""
        return self.position(len(self.text))
