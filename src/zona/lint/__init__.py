"""Lint warnings for a ruleset: what compiles but is probably a mistake (docs/warnings.md).

`diagnose(text, name)` gives every error (as `zona.compiler.check` does) and every warning,
in source order, without the warnings silenced by a `# zona: ignore[CODE]` comment. The
checks: unused declarations and repeated texts (`usage`), conditions, predicates, levels
and `if` tests decided in advance and unreachable maxima (`decided`, over the sound ranges
of `reach` and `truth`), rounded weights (`weights`), counts read as denominators with no
`change` (`changes`); the catalogue is `codes`.
"""

from __future__ import annotations

from zona.compiler import check, loads
from zona.errors import Diagnostic, ZonaError
from zona.language.parser import parse
from zona.lint.changes import undeclared_denominators
from zona.lint.codes import CODES, Code, lookup
from zona.lint.context import Context
from zona.lint.decided import decided
from zona.lint.reach import Reach
from zona.lint.silence import keep, silences
from zona.lint.usage import duplicates, unused
from zona.lint.weights import rounded_weights
from zona.source import Source

__all__ = ["CODES", "Code", "diagnose", "lookup", "warnings"]


def diagnose(text: str, name: str = "<string>") -> list[Diagnostic]:
    """Every error and every (unsilenced) warning for one ruleset text, in source order.

    Errors are those of `zona.compiler.check`; warnings are looked for only in a ruleset
    without errors (they need the compiled model)."""
    errors = check(text, name)
    if errors:
        return errors
    found = silences(text, name)
    return keep(_sorted([*warnings(text, name), *found.problems]), found)


def warnings(text: str, name: str = "<string>") -> list[Diagnostic]:
    """Every warning for a ruleset that compiles, silenced or not, in source order."""
    try:
        ruleset = loads(text, name)
        module = parse(text, name)
    except ZonaError:
        return []
    ctx = Context(Source(text, name), module, ruleset)
    found = [*unused(ctx), *duplicates(ctx), *rounded_weights(ctx),
             *undeclared_denominators(ctx)]
    variants = list(ruleset.variants.values()) or [ruleset]
    runs = [list(decided(Context(ctx.source, module, variant), Reach(variant)))
            for variant in variants]
    # with weights that depend on facts: only what holds for every combination of them
    agreed = {(d.code, d.span) for d in runs[0]}
    for run in runs[1:]:
        agreed &= {(d.code, d.span) for d in run}
    found += [d for d in runs[0] if (d.code, d.span) in agreed]
    return _sorted(_unique(found))


def _unique(found: list[Diagnostic]) -> list[Diagnostic]:
    seen: set[tuple[str, object, str]] = set()
    kept = []
    for d in found:
        if (d.code, d.span, d.message) not in seen:
            seen.add((d.code, d.span, d.message))
            kept.append(d)
    return kept


def _sorted(found: list[Diagnostic]) -> list[Diagnostic]:
    def key(d: Diagnostic) -> tuple[int, int, str]:
        span = d.span
        return (span.line, span.column, d.code) if span is not None else (1 << 30, 0, d.code)

    return sorted(found, key=key)
