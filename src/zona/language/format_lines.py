"""The lines `zona fmt` writes, with the author's comments and blank lines put back.

The layout (zona.language.format_blocks) walks the ruleset in source order and hands each
line to an Emitter with the stretch of source text it stands for. Before a line, the
Emitter writes every comment that comes before the end of that stretch, each on a line of
its own at the line's indentation; a comment right after the stretch on its last source line
stays at the end of the line. A blank line is kept (one, however many were written) where
the author left one between two lines, except right after a `{` and before a `}`.
"""

from __future__ import annotations

import attrs

from zona.language.format_scan import INDENT, SourceText

_COMMENT_GAP = 2  # spaces between code and a comment at the end of its line


@attrs.define
class Line:
    """One line of the output (its text spans lines only for a triple-quoted text)."""

    indent: int
    text: str
    comment: str | None = None
    blank: bool = False  # an empty line comes before it


class Emitter:
    """Collects the output lines and merges the comments of the source into them."""

    def __init__(self, source: SourceText) -> None:
        self.source = source
        self.lines: list[Line] = []
        self._next = 0  # the first comment not written yet
        self._last = 0  # where the source text written so far ends
        self._fresh = True  # nothing written since the file started or a block opened

    def item(self, indent: int, text: str, start: int, end: int) -> None:
        """A line for the source text from start to end; comments before `end` first."""
        self.flush(end, indent, limit=start)
        self._add(Line(indent, text), start)
        self._last = max(self._last, end)
        self._trailing(end)

    def open(self, indent: int, text: str, start: int, end: int,
             trailing_at: int | None = None) -> None:
        """A line that opens a block (`... {`). `trailing_at`: the end of a block the author
        wrote on one line, whose comment at the end of that line goes on this line."""
        self.item(indent, text, start, end)
        if trailing_at is not None and self.lines[-1].comment is None:
            self._trailing(trailing_at)
        self._fresh = True

    def close(self, indent: int, brace: int, end: int, text: str = "}") -> None:
        """The line of a block's `}` at `brace` (the source up to `end`): the comments left
        in the block first, at the block's indentation."""
        self.flush(end, indent + 1, limit=brace)
        self.lines.append(Line(indent, text))
        self._fresh = text.endswith("{")
        self._last = max(self._last, end)
        self._trailing(end)

    def flush(self, before: int, indent: int, limit: int | None = None) -> None:
        """Every comment not written yet that starts before `before`, each on its own line
        (`limit`: where the code the comments stand before starts)."""
        comments = self.source.comments
        while self._next < len(comments) and comments[self._next].start < before:
            comment = comments[self._next]
            at = comment.start if limit is None else min(comment.start, limit)
            self._add(Line(indent, comment.text), at)
            self._last = max(self._last, comment.end)
            self._next += 1

    def finish(self) -> None:
        """The comments after the last declaration."""
        self.flush(len(self.source.text) + 1, 0)

    def _add(self, line: Line, at: int) -> None:
        line.blank = not self._fresh and self.source.blank_between(self._last, at)
        self.lines.append(line)
        self._fresh = False

    def _trailing(self, end: int) -> None:
        comment = self.source.comment_after(end)
        comments = self.source.comments
        if comment is not None and self._next < len(comments) and comment is comments[self._next]:
            self.lines[-1].comment = comment.text
            self._last = comment.end
            self._next += 1

    def render(self) -> str:
        """The output text: comments at the end of consecutive lines start in one column."""
        columns = _comment_columns(self.lines)
        out: list[str] = []
        for line, column in zip(self.lines, columns, strict=True):
            if line.blank:
                out.append("")
            code = INDENT * line.indent + line.text
            if line.comment is not None and "\n" in line.text:
                code += " " * _COMMENT_GAP + line.comment
            elif line.comment is not None:
                code = code.ljust(column) + line.comment
            out.append(code)
        return "\n".join(out) + "\n"


def _comment_columns(lines: list[Line]) -> list[int]:
    """For each line with a comment at its end, the column where that comment starts: two
    spaces after the longest code of its run of consecutive commented lines (a line that
    opens or closes a block has a run of its own)."""
    columns = [len(INDENT * line.indent + line.text) + _COMMENT_GAP for line in lines]
    run: list[int] = []

    def close_run() -> None:
        width = max((len(INDENT * lines[i].indent + lines[i].text) for i in run), default=0)
        for i in run:
            columns[i] = width + _COMMENT_GAP
        run.clear()

    for i, line in enumerate(lines):
        alone = line.comment is None or "\n" in line.text or line.text.endswith("{") \
            or line.text.startswith("}")
        if run and (alone or line.blank):
            close_run()
        if not alone:
            run.append(i)
    close_run()
    return columns
