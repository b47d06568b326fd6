"""Diagnostics as `zona check` shows them: text with the warning's code, or data for JSON."""

from __future__ import annotations

from typing import Any

from zona.errors import Diagnostic
from zona.source import Source


def render(diagnostic: Diagnostic, source: Source) -> str:
    """Like an error (`path:line:col: warning: message`, the line, a caret), with the code
    of a warning in brackets at the end of the first line: `... [W101]`."""
    text = diagnostic.render(source)
    if diagnostic.severity != "warning" or not diagnostic.code:
        return text
    head, newline, rest = text.partition("\n")
    return f"{head} [{diagnostic.code}]{newline}{rest}"


def to_dict(diagnostic: Diagnostic, file: str) -> dict[str, Any]:
    """A diagnostic as data: file, line, column, end_line, end_column (None without a
    place), severity, code, message and hint."""
    span = diagnostic.span
    return {
        "file": span.file if span is not None and span.file else file,
        "line": span.line if span else None,
        "column": span.column if span else None,
        "end_line": span.end_line if span else None,
        "end_column": span.end_column if span else None,
        "severity": diagnostic.severity,
        "code": diagnostic.code,
        "message": diagnostic.message,
        "hint": diagnostic.hint,
    }


__all__ = ["render", "to_dict"]
