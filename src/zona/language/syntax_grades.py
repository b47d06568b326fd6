"""Syntax-tree nodes for grades: `grade ID "label"? (by EXPR)? { level ... }`.

zona.language.syntax re-exports every name here, so that `syntax` names every node of
the tree.
"""

from __future__ import annotations

from fractions import Fraction
from typing import TYPE_CHECKING

import attrs

from zona.language.syntax_expr import Condition, Expr, span_field
from zona.source import Span

if TYPE_CHECKING:
    from zona.language.syntax import Assumed, Text


@attrs.frozen(kw_only=True)
class Band:
    """`LOW .. HIGH`: `>` before LOW excludes it (low_open), `<` before HIGH excludes it
    (high_open); an end left out (None) is unbounded."""

    low: Fraction | None = None
    low_open: bool = False
    high: Fraction | None = None
    high_open: bool = False
    span: Span | None = span_field()
    low_span: Span | None = span_field()
    high_span: Span | None = span_field()


@attrs.frozen(kw_only=True)
class LevelDecl:
    """`level NAME "label"? BAND? (when CONDITION)? ({ texts })?`; a numbered level
    (`level 3`) has its number, as written without leading zeros, for a name."""

    name: str
    numbered: bool = False
    label: str | None = None
    band: Band | None = None
    when: Condition | None = None
    texts: tuple[Text | Assumed, ...] = ()
    span: Span | None = span_field()


@attrs.frozen(kw_only=True)
class GradeBy:
    """`by EXPRESSION`: the value a grade's bands read (a member of `amend GRADE`)."""

    expr: Expr
    span: Span | None = span_field()


@attrs.frozen(kw_only=True)
class GradeDecl:
    """An ordered set of levels, lowest first, decided by bands over `by` or by rules."""

    name: str
    label: str | None
    by: Expr | None = None
    members: tuple[LevelDecl | Text | Assumed, ...] = ()
    span: Span | None = span_field()

    @property
    def levels(self) -> tuple[LevelDecl, ...]:
        return tuple(m for m in self.members if isinstance(m, LevelDecl))
