"""The syntax tree: frozen attrs nodes for exactly what a ruleset author wrote.

Spans are kept for messages but left out of equality, so that
`parse(unparse(tree)) == tree` holds. Nothing here knows about lark.
"""

from __future__ import annotations

import datetime
from fractions import Fraction
from typing import Any, TypeAlias

import attrs

from zona.source import Span


def _span() -> Any:
    return attrs.field(default=None, eq=False, repr=False, kw_only=True)


# --- expressions -------------------------------------------------------------


@attrs.frozen(kw_only=True)
class Number:
    """A decimal literal, kept exact."""

    value: Fraction
    span: Span | None = _span()


@attrs.frozen(kw_only=True)
class Percent:
    """`60%`: value holds 60; it means 60/100."""

    value: Fraction
    span: Span | None = _span()


@attrs.frozen(kw_only=True)
class Ref:
    """A name: an input, derived value or node."""

    name: str
    span: Span | None = _span()


@attrs.frozen(kw_only=True)
class Call:
    """`min(a, b)`, `max(...)`, `divide(a, b, if_zero)`."""

    function: str
    args: tuple[Expr, ...]
    span: Span | None = _span()


@attrs.frozen(kw_only=True)
class Negate:
    """Unary minus."""

    operand: Expr
    span: Span | None = _span()


@attrs.frozen(kw_only=True)
class Binary:
    """Arithmetic (+ - * /), comparison (== != < <= > >=) or logic (and, or)."""

    op: str
    left: Expr
    right: Expr
    span: Span | None = _span()


@attrs.frozen(kw_only=True)
class Not:
    """Logical negation."""

    operand: Expr
    span: Span | None = _span()


@attrs.frozen(kw_only=True)
class If:
    """`if test then a else b`."""

    test: Expr
    then: Expr
    otherwise: Expr
    span: Span | None = _span()


Expr: TypeAlias = Number | Percent | Ref | Call | Negate | Binary | Not | If


# --- attributes --------------------------------------------------------------


@attrs.frozen(kw_only=True)
class Title:
    text: str
    lang: str | None = None
    span: Span | None = _span()


@attrs.frozen(kw_only=True)
class Regulation:
    text: str
    span: Span | None = _span()


@attrs.frozen(kw_only=True)
class Effective:
    start: datetime.date
    end: datetime.date | None = None
    span: Span | None = _span()


@attrs.frozen(kw_only=True)
class Maximum:
    value: Fraction
    span: Span | None = _span()


@attrs.frozen(kw_only=True)
class MissingPolicy:
    policy: str
    span: Span | None = _span()


@attrs.frozen(kw_only=True)
class Text:
    """`label en "..."`, `criteria "..."`, `cite "..."`, `note "..."`."""

    kind: str
    text: str
    lang: str | None = None
    span: Span | None = _span()


@attrs.frozen(kw_only=True)
class Assessors:
    """`assessors tpn, tpi, unit`: answer columns, the prevailing one first."""

    names: tuple[str, ...]
    span: Span | None = _span()


@attrs.frozen(kw_only=True)
class Assumed:
    text: str
    span: Span | None = _span()


@attrs.frozen(kw_only=True)
class Weight:
    value: Fraction
    span: Span | None = _span()


@attrs.frozen(kw_only=True)
class Aggregate:
    how: str
    span: Span | None = _span()


@attrs.frozen(kw_only=True)
class ScoreIs:
    expr: Expr
    span: Span | None = _span()


@attrs.frozen(kw_only=True)
class ScaleRef:
    name: str
    span: Span | None = _span()


@attrs.frozen(kw_only=True)
class Soal:
    number: int
    span: Span | None = _span()


@attrs.frozen(kw_only=True)
class CountType:
    span: Span | None = _span()


@attrs.frozen(kw_only=True)
class DecimalType:
    low: Fraction
    high: Fraction
    span: Span | None = _span()


HeaderAttr: TypeAlias = (
    Title | Regulation | Effective | Maximum | MissingPolicy | Text | Assumed | Assessors
)


# --- declarations ------------------------------------------------------------


@attrs.frozen(kw_only=True)
class Header:
    id: str
    extends: str | None = None
    attrs: tuple[HeaderAttr, ...] = ()
    span: Span | None = _span()


@attrs.frozen(kw_only=True)
class ScaleOption:
    name: str
    value: Fraction
    label: str | None = None
    span: Span | None = _span()


@attrs.frozen(kw_only=True)
class ScaleDecl:
    name: str
    label: str | None
    options: tuple[ScaleOption, ...]
    span: Span | None = _span()


@attrs.frozen(kw_only=True)
class YesNoType:
    span: Span | None = _span()


@attrs.frozen(kw_only=True)
class NumberType:
    low: Fraction | None = None
    high: Fraction | None = None
    span: Span | None = _span()


@attrs.frozen(kw_only=True)
class LevelsType:
    levels: tuple[str, ...]
    span: Span | None = _span()


FactType: TypeAlias = YesNoType | NumberType | LevelsType


@attrs.frozen(kw_only=True)
class FactDecl:
    name: str
    label: str | None
    type: FactType
    texts: tuple[Text, ...] = ()
    span: Span | None = _span()


@attrs.frozen(kw_only=True)
class InputDecl:
    name: str
    label: str | None
    members: tuple[InputMember, ...]
    span: Span | None = _span()


@attrs.frozen(kw_only=True)
class DerivedDecl:
    name: str
    label: str | None
    expr: Expr
    span: Span | None = _span()


@attrs.frozen(kw_only=True)
class NodeDecl:
    kind: str
    name: str
    label: str | None
    members: tuple[NodeMember, ...]
    span: Span | None = _span()


InputMember: TypeAlias = CountType | DecimalType | ScaleRef | Soal | Text
NodeMember: TypeAlias = (
    Weight | Aggregate | ScoreIs | ScaleRef | Soal | MissingPolicy | Text | Assumed
    | NodeDecl | InputDecl | DerivedDecl
)


@attrs.frozen(kw_only=True)
class ViewSum:
    name: str
    label: str | None
    parts: tuple[str, ...]
    span: Span | None = _span()
    part_spans: tuple[Span | None, ...] = attrs.field(default=(), eq=False, repr=False)


@attrs.frozen(kw_only=True)
class ViewGroup:
    name: str
    label: str | None
    members: tuple[ViewSum | ViewGroup | Text, ...]
    span: Span | None = _span()


ViewDecl: TypeAlias = ViewSum | ViewGroup


# --- predicate conditions ----------------------------------------------------


@attrs.frozen(kw_only=True)
class ScoreOf:
    name: str
    span: Span | None = _span()


@attrs.frozen(kw_only=True)
class ShareOf:
    name: str
    span: Span | None = _span()


@attrs.frozen(kw_only=True)
class FactOf:
    name: str
    span: Span | None = _span()


Quantity: TypeAlias = ScoreOf | ShareOf | FactOf


@attrs.frozen(kw_only=True)
class NumberThreshold:
    value: Fraction
    span: Span | None = _span()


@attrs.frozen(kw_only=True)
class PercentThreshold:
    value: Fraction
    span: Span | None = _span()


@attrs.frozen(kw_only=True)
class LevelThreshold:
    name: str
    span: Span | None = _span()


@attrs.frozen(kw_only=True)
class YesNoThreshold:
    value: bool
    span: Span | None = _span()


Threshold: TypeAlias = NumberThreshold | PercentThreshold | LevelThreshold | YesNoThreshold


@attrs.frozen(kw_only=True)
class Comparison:
    quantity: Quantity
    op: str
    threshold: Threshold
    span: Span | None = _span()


@attrs.frozen(kw_only=True)
class EveryChild:
    group: str
    quantity: str
    op: str
    threshold: Threshold
    span: Span | None = _span()


@attrs.frozen(kw_only=True)
class PredicateRef:
    name: str
    span: Span | None = _span()


@attrs.frozen(kw_only=True)
class CondAnd:
    left: Condition
    right: Condition
    span: Span | None = _span()


@attrs.frozen(kw_only=True)
class CondOr:
    left: Condition
    right: Condition
    span: Span | None = _span()


@attrs.frozen(kw_only=True)
class CondNot:
    operand: Condition
    span: Span | None = _span()


Condition: TypeAlias = Comparison | EveryChild | PredicateRef | CondAnd | CondOr | CondNot


@attrs.frozen(kw_only=True)
class Require:
    condition: Condition
    span: Span | None = _span()


@attrs.frozen(kw_only=True)
class PredicateDecl:
    name: str
    label: str | None
    members: tuple[Require | Text, ...]
    span: Span | None = _span()


# --- amendments (in a ruleset that extends another) --------------------------

AmendMember: TypeAlias = (
    Weight | Aggregate | ScoreIs | ScaleRef | Soal | MissingPolicy | Text | Assumed | Require
    | CountType | DecimalType
)


@attrs.frozen(kw_only=True)
class Amend:
    name: str
    members: tuple[AmendMember, ...]
    span: Span | None = _span()


@attrs.frozen(kw_only=True)
class Remove:
    name: str
    span: Span | None = _span()


@attrs.frozen(kw_only=True)
class AddTo:
    parent: str
    declarations: tuple[Declaration, ...]
    span: Span | None = _span()


@attrs.frozen(kw_only=True)
class Move:
    name: str
    parent: str
    span: Span | None = _span()


Declaration: TypeAlias = (
    ScaleDecl | FactDecl | NodeDecl | InputDecl | DerivedDecl | ViewSum | ViewGroup
    | PredicateDecl | Amend | Remove | AddTo | Move
)


@attrs.frozen(kw_only=True)
class Module:
    """A whole ruleset file."""

    header: Header
    declarations: tuple[Declaration, ...] = ()
    span: Span | None = _span()
