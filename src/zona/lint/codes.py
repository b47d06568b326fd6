"""The warning catalogue: every lint code, its name and what it means (docs/warnings.md).

Codes are stable: a code is never reused for another meaning. The hundreds group them:
W1xx declarations nothing uses, W2xx conditions and levels decided in advance, W3xx
weights and maxima, W4xx repeated texts and conditions, W5xx advice (what a gap plan may
change), W0xx the silencing comments.
"""

from __future__ import annotations

import attrs

from zona.errors import Diagnostic
from zona.source import Span


@attrs.frozen
class Code:
    """One warning: its stable code (`W101`), its name (`unused-input`) and a summary."""

    code: str
    name: str
    summary: str


CODES: tuple[Code, ...] = (
    Code("W001", "unknown-code", "a `# zona: ignore[...]` comment names no warning"),
    Code("W101", "unused-input", "an input that no score, derived value or grade reads"),
    Code("W102", "unused-scale", "a scale that no question or input uses"),
    Code("W103", "unused-fact", "a fact that no condition, expression or weight reads"),
    Code("W104", "unused-view", "a view that no condition, expression or view group reads"),
    Code("W105", "unused-derived", "a derived value that no score, grade or other value reads"),
    Code("W201", "always-true", "a condition or `if` test that holds for every answer"),
    Code("W202", "always-false", "a condition or `if` test that holds for no answer"),
    Code("W203", "unreachable-level", "a grade level that no unit can get"),
    Code("W204", "unreachable-predicate", "a predicate that no unit can pass"),
    Code("W205", "same-branches", "an `if` whose two branches are the same expression"),
    Code("W301", "rounded-weights", "sibling weights that are an equal share, rounded"),
    Code("W302", "unreachable-maximum", "a score that can never reach its node's maximum"),
    Code("W401", "duplicate-text", "two questions or inputs with the same text"),
    Code("W402", "duplicate-condition", "the same condition twice in one predicate"),
    Code("W501", "undeclared-denominator",
         "a count read as a denominator that does not say how a plan may change it"),
)

BY_CODE = {c.code: c for c in CODES}
BY_NAME = {c.name: c for c in CODES}


def lookup(word: str) -> Code | None:
    """The warning a code (`W101`, any case) or a name (`unused-input`) stands for."""
    return BY_CODE.get(word.strip().upper()) or BY_NAME.get(word.strip().lower())


def warning(code: str, message: str, span: Span | None, hint: str | None = None) -> Diagnostic:
    """A warning Diagnostic with a catalogued code."""
    assert code in BY_CODE, code
    return Diagnostic(message, span, hint, severity="warning", code=code)


__all__ = ["BY_CODE", "BY_NAME", "CODES", "Code", "lookup", "warning"]
