"""Text that a spreadsheet could take for a formula (CSV injection, OWASP): a cell starting
with `=`, `+`, `-`, `@`, a tab or a carriage return. A template writes such text with a
leading `'` in CSV (and as a quote-prefixed text cell in xlsx), so Excel and LibreOffice
show it as text and never run it; the readers take the `'` off again.

So that every text reads back as it was written, a text that already starts with quotes
before such a character gets one more quote too (`'=x` is written `''=x`).
"""

from __future__ import annotations

import re

PREFIXES = ("=", "+", "-", "@", "\t", "\r")
QUOTE = "'"
_QUOTED = re.compile(r"'*[=+\-@\t\r]")


def risky(text: str) -> bool:
    """Whether a spreadsheet could read `text` as a formula."""
    return text.startswith(PREFIXES)


def neutralise(text: str) -> str:
    """`text` with a leading `'` when a spreadsheet could read it as a formula (or when it
    is quotes before such a text)."""
    return QUOTE + text if _QUOTED.match(text) else text


def restore(text: str) -> str:
    """The text neutralise() was given: one leading `'` comes off quotes before a formula
    prefix."""
    return text[1:] if text.startswith(QUOTE) and _QUOTED.match(text) else text
