"""Syntax-tree nodes for the formulas inside declarations: expressions and conditions.

Score expressions (`score is ...`, derived values) and predicate conditions (`require ...`)
are the two small languages a declaration embeds; zona.language.syntax holds the
declarations around them and re-exports every name here.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any, TypeAlias

import attrs

from zona.source import Span


def span_field() -> Any:
    """A node's source span: kept for messages, left out of equality and repr."""
    return attrs.field(default=None, eq=False, repr=False, kw_only=True)


# --- expressions -------------------------------------------------------------


@attrs.frozen(kw_only=True)
class Number:
    """A decimal literal, kept exact."""

    value: Fraction
    span: Span | None = span_field()


@attrs.frozen(kw_only=True)
class Percent:
    """`60%`: value holds 60; it means 60/100."""

    value: Fraction
    span: Span | None = span_field()


@attrs.frozen(kw_only=True)
class Ref:
    """A name: an input, derived value or node."""

    name: str
    span: Span | None = span_field()


@attrs.frozen(kw_only=True)
class Call:
    """`min(a, b)`, `max(...)`, `divide(a, b, if_zero)`."""

    function: str
    args: tuple[Expr, ...]
    span: Span | None = span_field()


@attrs.frozen(kw_only=True)
class Negate:
    """Unary minus."""

    operand: Expr
    span: Span | None = span_field()


@attrs.frozen(kw_only=True)
class Binary:
    """Arithmetic (+ - * /), comparison (== != < <= > >=) or logic (and, or)."""

    op: str
    left: Expr
    right: Expr
    span: Span | None = span_field()


@attrs.frozen(kw_only=True)
class Not:
    """Logical negation."""

    operand: Expr
    span: Span | None = span_field()


@attrs.frozen(kw_only=True)
class If:
    """`if test then a else b`."""

    test: Expr
    then: Expr
    otherwise: Expr
    span: Span | None = span_field()


@attrs.frozen(kw_only=True)
class FactRef:
    """`fact ID` in an expression: a number fact's number, a yes/no fact as a condition, or
    a levels fact (compared with one of its levels: `fact instansi == pemda`)."""

    name: str
    span: Span | None = span_field()


@attrs.frozen(kw_only=True)
class ShareRef:
    """`share(ID)` in an expression: the share of a node, a view or total."""

    name: str
    span: Span | None = span_field()


Expr: TypeAlias = Number | Percent | Ref | Call | Negate | Binary | Not | If | FactRef | ShareRef


# --- predicate conditions ----------------------------------------------------


@attrs.frozen(kw_only=True)
class ScoreOf:
    name: str
    span: Span | None = span_field()


@attrs.frozen(kw_only=True)
class ShareOf:
    name: str
    span: Span | None = span_field()


@attrs.frozen(kw_only=True)
class FactOf:
    name: str
    span: Span | None = span_field()


@attrs.frozen(kw_only=True)
class GradeOf:
    """`grade ID`: a grade's level, compared by position with one of its levels."""

    name: str
    span: Span | None = span_field()


Quantity: TypeAlias = ScoreOf | ShareOf | FactOf | GradeOf


@attrs.frozen(kw_only=True)
class NumberThreshold:
    value: Fraction
    span: Span | None = span_field()


@attrs.frozen(kw_only=True)
class PercentThreshold:
    value: Fraction
    span: Span | None = span_field()


@attrs.frozen(kw_only=True)
class LevelThreshold:
    name: str
    span: Span | None = span_field()


@attrs.frozen(kw_only=True)
class YesNoThreshold:
    value: bool
    span: Span | None = span_field()


Threshold: TypeAlias = NumberThreshold | PercentThreshold | LevelThreshold | YesNoThreshold


@attrs.frozen(kw_only=True)
class Comparison:
    quantity: Quantity
    op: str
    threshold: Threshold
    span: Span | None = span_field()


@attrs.frozen(kw_only=True)
class EveryChild:
    group: str
    quantity: str
    op: str
    threshold: Threshold
    span: Span | None = span_field()


@attrs.frozen(kw_only=True)
class EveryUnder:
    """`every KIND under ID: QUANTITY OP THRESHOLD`: each node of a kind anywhere below."""

    kind: str
    group: str
    quantity: str
    op: str
    threshold: Threshold
    span: Span | None = span_field()


@attrs.frozen(kw_only=True)
class PredicateRef:
    name: str
    span: Span | None = span_field()


@attrs.frozen(kw_only=True)
class CondAnd:
    left: Condition
    right: Condition
    span: Span | None = span_field()


@attrs.frozen(kw_only=True)
class CondOr:
    left: Condition
    right: Condition
    span: Span | None = span_field()


@attrs.frozen(kw_only=True)
class CondNot:
    operand: Condition
    span: Span | None = span_field()


Condition: TypeAlias = (
    Comparison | EveryChild | EveryUnder | PredicateRef | CondAnd | CondOr | CondNot
)
