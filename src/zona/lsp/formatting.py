"""Formatting a document as `zona fmt` does (zona.language.format.format_source)."""

from __future__ import annotations

from zona.errors import ZonaError
from zona.lsp.positions import Offsets, Place


def format_edits(text: str, name: str) -> list[tuple[Place, str]]:
    """The edits that make a document canonical: none when it already is or does not parse
    (its syntax error is among its diagnostics), else one that replaces the whole text."""
    from zona.language.format import format_source

    try:
        formatted = format_source(text, name)
    except (ZonaError, RecursionError):
        return []
    if formatted == text:
        return []
    return [(Place(0, 0, *Offsets(text).end()), formatted)]
