"""Source text and spans: where in a file something was written."""

from __future__ import annotations

import attrs


@attrs.frozen
class Span:
    """A 1-based, end-inclusive region of a source file (columns count characters)."""

    line: int
    column: int
    end_line: int
    end_column: int
    file: str | None = None

    @classmethod
    def point(cls, line: int, column: int, file: str | None = None) -> Span:
        """A one-character span."""
        return cls(line, column, line, column, file)


@attrs.frozen
class Source:
    """A named text: a file's path (or `<string>`) and its contents."""

    text: str
    name: str = "<string>"

    def line_text(self, line: int) -> str:
        """The text of a 1-based line without its newline ('' past the end)."""
        lines = self.text.split("\n")  # lines as the parser counts them: "\n" only
        return lines[line - 1].rstrip("\r") if 1 <= line <= len(lines) else ""
