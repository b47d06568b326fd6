"""The syntax tree: frozen attrs nodes for exactly what a ruleset author wrote.

Spans are kept for messages but left out of equality, so that
`parse(unparse(tree)) == tree` holds. Nothing here knows about lark. The expression and
condition nodes live in zona.language.syntax_expr and are re-exported here, so that
`syntax` names every node of the tree.
"""

from __future__ import annotations

import datetime
from fractions import Fraction
from typing import TypeAlias

import attrs

from zona.language.syntax_changes import ChangeRule, Measured, Words
from zona.language.syntax_expr import (
    Binary,
    Call,
    Comparison,
    CondAnd,
    Condition,
    CondNot,
    CondOr,
    EveryChild,
    EveryUnder,
    Expr,
    FactOf,
    FactRef,
    GradeOf,
    If,
    LevelThreshold,
    Negate,
    Not,
    Number,
    NumberThreshold,
    Percent,
    PercentThreshold,
    PredicateRef,
    Quantity,
    Ref,
    ScoreOf,
    ShareOf,
    ShareRef,
    Threshold,
    YesNoThreshold,
    span_field,
)
from zona.language.syntax_grades import Band, GradeBy, GradeDecl, LevelDecl
from zona.source import Span

# --- attributes --------------------------------------------------------------


@attrs.frozen(kw_only=True)
class Title:
    text: str
    lang: str | None = None
    span: Span | None = span_field()


@attrs.frozen(kw_only=True)
class Regulation:
    text: str
    span: Span | None = span_field()


@attrs.frozen(kw_only=True)
class Effective:
    start: datetime.date
    end: datetime.date | None = None
    span: Span | None = span_field()


@attrs.frozen(kw_only=True)
class Maximum:
    value: Fraction
    span: Span | None = span_field()


@attrs.frozen(kw_only=True)
class MissingPolicy:
    policy: str
    span: Span | None = span_field()


@attrs.frozen(kw_only=True)
class NaPolicy:
    """`na reweight|full|zero`: what a not-applicable answer does to its parent."""

    policy: str
    span: Span | None = span_field()


@attrs.frozen(kw_only=True)
class Text:
    """`label en "..."`, `criteria "..."`, `cite "..."`, `note "..."`."""

    kind: str
    text: str
    lang: str | None = None
    span: Span | None = span_field()


@attrs.frozen(kw_only=True)
class Assessors:
    """`assessors tpn, tpi, unit`: answer columns, the prevailing one first."""

    names: tuple[str, ...]
    span: Span | None = span_field()


@attrs.frozen(kw_only=True)
class Assumed:
    text: str
    span: Span | None = span_field()


@attrs.frozen(kw_only=True)
class Weight:
    value: Fraction
    span: Span | None = span_field()


@attrs.frozen(kw_only=True)
class WeightIs:
    """`weight = EXPR`: a weight that depends on levels and yes/no facts."""

    expr: Expr
    span: Span | None = span_field()


@attrs.frozen(kw_only=True)
class Aggregate:
    how: str
    span: Span | None = span_field()


@attrs.frozen(kw_only=True)
class ScoreIs:
    expr: Expr
    span: Span | None = span_field()


@attrs.frozen(kw_only=True)
class ScaleRef:
    name: str
    span: Span | None = span_field()


@attrs.frozen(kw_only=True)
class Soal:
    number: int
    span: Span | None = span_field()


@attrs.frozen(kw_only=True)
class CountType:
    span: Span | None = span_field()


@attrs.frozen(kw_only=True)
class DecimalType:
    low: Fraction
    high: Fraction
    span: Span | None = span_field()


HeaderAttr: TypeAlias = (
    Title | Regulation | Effective | Maximum | MissingPolicy | Text | Assumed | Assessors
    | NaPolicy | ChangeRule | Words
)


# --- declarations ------------------------------------------------------------


@attrs.frozen(kw_only=True)
class Header:
    id: str
    extends: str | None = None
    attrs: tuple[HeaderAttr, ...] = ()
    span: Span | None = span_field()


@attrs.frozen(kw_only=True)
class ScaleOption:
    """`NAME = VALUE "label"?`, `NAME = na`, or a numbered option `3`, `3 = 2.5`, `3 = na`
    (`numbered`: the name is the number as written; `value` None when no `= VALUE`)."""

    name: str
    value: Fraction | None
    label: str | None = None
    na: bool = False
    numbered: bool = False
    span: Span | None = span_field()


@attrs.frozen(kw_only=True)
class ScaleDecl:
    name: str
    label: str | None
    options: tuple[ScaleOption, ...]
    range: tuple[Fraction, Fraction] | None = None  # `range LO..HI`
    assumptions: tuple[Assumed, ...] = ()  # `assumed "..."` lines before the options
    span: Span | None = span_field()


@attrs.frozen(kw_only=True)
class YesNoType:
    span: Span | None = span_field()


@attrs.frozen(kw_only=True)
class NumberType:
    low: Fraction | None = None
    high: Fraction | None = None
    span: Span | None = span_field()


@attrs.frozen(kw_only=True)
class LevelsType:
    levels: tuple[str, ...]
    span: Span | None = span_field()


FactType: TypeAlias = YesNoType | NumberType | LevelsType


@attrs.frozen(kw_only=True)
class FactFrom:
    """`from "RULESET" grade G`, `from "RULESET" score NODE` or `... share NODE`."""

    ruleset: str
    quantity: str  # "grade", "score" or "share"
    name: str
    span: Span | None = span_field()


@attrs.frozen(kw_only=True)
class FactDecl:
    name: str
    label: str | None
    type: FactType
    texts: tuple[Text | Assumed, ...] = ()
    sources: tuple[FactFrom, ...] = ()  # `from ...` (more than one is an error)
    span: Span | None = span_field()


@attrs.frozen(kw_only=True)
class InputDecl:
    name: str
    label: str | None
    members: tuple[InputMember, ...]
    span: Span | None = span_field()


@attrs.frozen(kw_only=True)
class DerivedDecl:
    name: str
    label: str | None
    expr: Expr
    texts: tuple[Text | Assumed, ...] = ()  # `derived x = ... { assumed "..." }`
    span: Span | None = span_field()


@attrs.frozen(kw_only=True)
class NodeDecl:
    kind: str
    name: str
    label: str | None
    members: tuple[NodeMember, ...]
    span: Span | None = span_field()


InputMember: TypeAlias = (
    CountType | DecimalType | ScaleRef | Soal | Text | Assumed | ChangeRule | Measured
)
NodeMember: TypeAlias = (
    Weight | Aggregate | ScoreIs | ScaleRef | Soal | MissingPolicy | Text | Assumed
    | NodeDecl | InputDecl | DerivedDecl | NaPolicy | WeightIs | ChangeRule | Measured
)


@attrs.frozen(kw_only=True)
class ViewSum:
    name: str
    label: str | None
    parts: tuple[str, ...]
    texts: tuple[Text | Assumed, ...] = ()  # `view v = a + b { assumed "..." }`
    span: Span | None = span_field()
    part_spans: tuple[Span | None, ...] = attrs.field(default=(), eq=False, repr=False)


@attrs.frozen(kw_only=True)
class ViewGroup:
    name: str
    label: str | None
    members: tuple[ViewSum | ViewGroup | Text | Assumed, ...]
    span: Span | None = span_field()


ViewDecl: TypeAlias = ViewSum | ViewGroup


# --- predicates --------------------------------------------------------------


@attrs.frozen(kw_only=True)
class Require:
    condition: Condition
    span: Span | None = span_field()


@attrs.frozen(kw_only=True)
class PredicateDecl:
    name: str
    label: str | None
    members: tuple[Require | Text | Assumed, ...]
    span: Span | None = span_field()


# --- amendments (in a ruleset that extends another) --------------------------

AmendMember: TypeAlias = (
    Weight | Aggregate | ScoreIs | ScaleRef | Soal | MissingPolicy | Text | Assumed | Require
    | CountType | DecimalType | LevelDecl | GradeBy | NaPolicy | WeightIs | ChangeRule | Measured
)


@attrs.frozen(kw_only=True)
class Amend:
    name: str
    members: tuple[AmendMember, ...]
    span: Span | None = span_field()


@attrs.frozen(kw_only=True)
class Remove:
    name: str
    span: Span | None = span_field()


@attrs.frozen(kw_only=True)
class AddTo:
    parent: str
    declarations: tuple[Declaration, ...]
    span: Span | None = span_field()


@attrs.frozen(kw_only=True)
class Move:
    name: str
    parent: str
    span: Span | None = span_field()


Declaration: TypeAlias = (
    ScaleDecl | FactDecl | NodeDecl | InputDecl | DerivedDecl | ViewSum | ViewGroup
    | PredicateDecl | GradeDecl | Amend | Remove | AddTo | Move
)


@attrs.frozen(kw_only=True)
class Module:
    """A whole ruleset file."""

    header: Header
    declarations: tuple[Declaration, ...] = ()
    span: Span | None = span_field()


__all__ = ["AddTo", "Aggregate", "Amend", "AmendMember", "Assessors", "Assumed", "Band", "Binary",
           "Call", "ChangeRule", "Comparison", "CondAnd", "CondNot", "CondOr", "Condition",
           "CountType", "DecimalType", "Declaration", "DerivedDecl", "Effective", "EveryChild",
           "EveryUnder", "Expr", "FactDecl", "FactFrom", "FactOf", "FactRef", "FactType", "GradeBy",
           "GradeDecl", "GradeOf", "Header", "HeaderAttr", "If", "InputDecl", "InputMember",
           "LevelDecl", "LevelThreshold", "LevelsType", "Maximum", "Measured", "MissingPolicy",
           "Module", "Move", "NaPolicy", "Negate", "NodeDecl", "NodeMember", "Not", "Number",
           "NumberThreshold", "NumberType", "Percent", "PercentThreshold", "PredicateDecl",
           "PredicateRef", "Quantity", "Ref", "Regulation", "Remove", "Require", "ScaleDecl",
           "ScaleOption", "ScaleRef", "ScoreIs", "ScoreOf", "ShareOf", "ShareRef", "Soal", "Text",
           "Threshold", "Title", "ViewDecl", "ViewGroup", "ViewSum", "Weight", "WeightIs", "Words",
           "YesNoThreshold", "YesNoType"]
