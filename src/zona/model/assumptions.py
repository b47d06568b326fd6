"""What a ruleset marks `assumed`: inferred rather than read in its source.

Every declaration may carry `assumed "..."` lines: the header, nodes, inputs, derived
values, scales, facts, views, predicates, grades and a grade's levels.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import attrs

from zona.source import Span

if TYPE_CHECKING:
    from zona.model.ruleset import Ruleset


@attrs.frozen
class Assumption:
    """Something the ruleset marks as inferred rather than read in its source: `where` is
    the declaration's id (a grade's level: `GRADE.LEVEL`, the header: the ruleset's id)
    and `kind` what it is (`node`, `input`, `grade`, `level`, ...; `ruleset` for the
    header)."""

    where: str
    text: str
    span: Span | None = attrs.field(default=None, eq=False, repr=False)
    kind: str = "node"


def gather(ruleset: Ruleset) -> tuple[Assumption, ...]:
    """The header's assumptions, then every declaration's, in source order (a ruleset that
    extends another: the files in the order their declarations first appear)."""
    header = [Assumption(ruleset.id, text, None, "ruleset")
              for text in ruleset.texts.assumptions]
    found = list(_declared(ruleset))
    files: dict[str | None, int] = {}
    for item in found:
        files.setdefault(item.span.file if item.span else None, len(files))

    def position(item: Assumption) -> tuple[int, int, int]:
        span = item.span
        if span is None:
            return (files[None], 0, 0)
        return (files[span.file], span.line, span.column)

    return (*header, *sorted(found, key=position))


def _declared(ruleset: Ruleset) -> Iterator[Assumption]:
    for node in ruleset.root.walk():
        if node.name != "total":
            yield from _of(node.name, node.texts, node.span, "node")
    for spec in ruleset.inputs:
        if not spec.scored:  # a question's texts are its node's
            yield from _of(spec.name, spec.texts, spec.span, "input")
    for derived in ruleset.derived:
        yield from _of(derived.name, derived.texts, derived.span, "derived value")
    for scale in ruleset.scales:
        yield from _of(scale.name, scale.texts, scale.span, "scale")
    for fact in ruleset.facts:
        yield from _of(fact.name, fact.texts, fact.span, "fact")
    for top in ruleset.views:
        for view in top.walk():
            yield from _of(view.name, view.texts, view.span, "view")
    for predicate in ruleset.predicates:
        yield from _of(predicate.name, predicate.texts, predicate.span, "predicate")
    for grade in ruleset.grades:
        yield from _of(grade.name, grade.texts, grade.span, "grade")
        for level in grade.levels:
            yield from _of(f"{grade.name}.{level.name}", level.texts, level.span, "level")


def _of(where: str, texts: Any, span: Span | None, kind: str) -> Iterator[Assumption]:
    for text in getattr(texts, "assumptions", ()):
        yield Assumption(where, text, span, kind)
