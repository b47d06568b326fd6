"""The compiled, immutable model of a ruleset: what programs import and score with."""

from __future__ import annotations

import datetime
from collections.abc import Iterator, Mapping
from fractions import Fraction
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Literal, TypeAlias

import attrs

from zona.model import features as _features
from zona.model.assumptions import Assumption, gather
from zona.model.chaining import FactSource
from zona.model.changes import Change, Words
from zona.model.expr import Expr
from zona.source import Source, Span

if TYPE_CHECKING:
    from zona.model.grades import Grade
    from zona.scoring.result import Result

Policy: TypeAlias = Literal["error", "exclude", "zero"]
POLICIES: tuple[Policy, ...] = ("error", "exclude", "zero")
#: What a not-applicable answer does to its parent (`na reweight|full|zero`).
NaPolicy: TypeAlias = Literal["reweight", "full", "zero"]


def _span() -> Any:
    return attrs.field(default=None, eq=False, repr=False)


@attrs.frozen
class Texts:
    """A declaration's prose: labels, criteria, citations, notes, assumptions."""

    label: str | None = None
    label_en: str | None = None
    criteria: str | None = None
    criteria_en: str | None = None
    cites: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    assumptions: tuple[str, ...] = ()


@attrs.frozen
class ScaleOption:
    """An option: its value (a numbered option's name is its number), or `na`: the answer
    "not applicable" (its value is then 0 and means nothing)."""

    name: str
    value: Fraction
    label: str | None = None
    na: bool = False


@attrs.frozen
class Scale:
    """A named answer scale: options with exact values in low..high (0..1 without a
    `range`); an option's share of a question's maximum is its value / high."""

    name: str
    label: str | None
    options: tuple[ScaleOption, ...]
    low: Fraction = Fraction(0)
    high: Fraction = Fraction(1)
    texts: Texts = Texts()
    span: Span | None = _span()

    def value(self, option: str) -> Fraction | None:
        """The value of an option name, or None if it is not on the scale (or is `na`)."""
        for candidate in self.options:
            if candidate.name == option:
                return None if candidate.na else candidate.value
        return None

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(o.name for o in self.options)

    @property
    def valued(self) -> tuple[ScaleOption, ...]:
        """The options with a value (every option but the `na` ones)."""
        return tuple(o for o in self.options if not o.na)

    @property
    def not_applicable(self) -> tuple[str, ...]:
        """The names of the options that mean "not applicable"."""
        return tuple(o.name for o in self.options if o.na)

    @property
    def best(self) -> ScaleOption:
        return max(self.valued, key=lambda o: o.value)

    @property
    def worst(self) -> ScaleOption:
        return min(self.valued, key=lambda o: o.value)


InputKind: TypeAlias = Literal["choice", "count", "decimal"]


@attrs.frozen
class Input:
    """An answer the unit gives: a choice on a scale, a count, or a bounded decimal."""

    name: str
    kind: InputKind
    texts: Texts = Texts()
    scale: Scale | None = None
    low: Fraction | None = None
    high: Fraction | None = None
    soal: int | None = None
    missing: Policy = "exclude"
    scored: bool = False
    span: Span | None = _span()
    na: NaPolicy = "reweight"
    change: Change = "free"  # how a gap plan may change it (zona.model.changes)
    measured: bool = False  # measured, not chosen by the unit: held unless asked


@attrs.frozen
class Derived:
    """A named value computed from inputs and other values."""

    name: str
    expr: Expr
    texts: Texts = Texts()
    span: Span | None = _span()


Aggregation: TypeAlias = Literal["mean", "sum", "weighted", "expr", "choice"]


@attrs.frozen
class Node:
    """A weighted node of the tree. Its score lies in 0..maximum. Under a weighted mean
    (`aggregate weighted`) a child's weight is relative and its maximum is its parent's."""

    name: str
    kind: str
    aggregate: Aggregation
    maximum: Fraction
    weight: Fraction | None = None
    children: tuple[Node, ...] = ()
    expr: Expr | None = None
    texts: Texts = Texts()
    soal: int | None = None
    missing: Policy = "exclude"
    inputs: tuple[str, ...] = ()
    declared: tuple[str, ...] = ()
    span: Span | None = _span()
    na: NaPolicy = "reweight"

    @property
    def is_leaf(self) -> bool:
        return self.aggregate in ("choice", "expr") and not self.children

    def walk(self) -> Iterator[Node]:
        """This node and every node below it, parents first."""
        yield self
        for child in self.children:
            yield from child.walk()


@attrs.frozen
class View:
    """A grouping of existing nodes outside the total: score and maximum are sums."""

    name: str
    texts: Texts
    parts: tuple[str, ...] = ()
    children: tuple[View, ...] = ()
    maximum: Fraction = Fraction(0)
    span: Span | None = _span()

    def walk(self) -> Iterator[View]:
        yield self
        for child in self.children:
            yield from child.walk()


FactKind: TypeAlias = Literal["yesno", "number", "levels"]


@attrs.frozen
class Fact:
    """A declared fact about the unit (prior predicate, audit opinion, ...)."""

    name: str
    kind: FactKind
    texts: Texts = Texts()
    levels: tuple[str, ...] = ()
    low: Fraction | None = None
    high: Fraction | None = None
    span: Span | None = _span()
    source: FactSource | None = None  # `from "RULESET" grade G` (zona.model.chaining)


# --- predicate conditions ----------------------------------------------------

FactValue: TypeAlias = Fraction | str | bool


@attrs.frozen
class Compare:
    """`quantity op threshold`; quantity is 'score', 'share' or 'fact' of subject."""

    quantity: Literal["score", "share", "fact", "grade"]
    subject: str
    op: str
    threshold: FactValue
    text: str
    span: Span | None = _span()


@attrs.frozen
class Every:
    """`every child of group: quantity op threshold`, or with `kind`, `every KIND under
    group: ...`; `members` are the nodes (or views) it compares, in order."""

    group: str
    quantity: Literal["score", "share"]
    op: str
    threshold: Fraction
    text: str
    span: Span | None = _span()
    kind: str | None = None
    members: tuple[str, ...] = ()


@attrs.frozen
class PredicateRef:
    name: str
    text: str
    span: Span | None = _span()


@attrs.frozen
class AllOf:
    parts: tuple[Condition, ...]
    text: str
    span: Span | None = _span()


@attrs.frozen
class AnyOf:
    parts: tuple[Condition, ...]
    text: str
    span: Span | None = _span()


@attrs.frozen
class NoneOf:
    """`not x`."""

    part: Condition
    text: str
    span: Span | None = _span()


Condition: TypeAlias = Compare | Every | PredicateRef | AllOf | AnyOf | NoneOf


@attrs.frozen
class Predicate:
    """A named verdict: every condition in `conditions` must hold."""

    name: str
    texts: Texts
    conditions: tuple[Condition, ...]
    span: Span | None = _span()


# --- the ruleset -------------------------------------------------------------


def _index(items: Any) -> Mapping[str, Any]:
    return MappingProxyType({item.name: item for item in items})


@attrs.frozen(eq=False)
class Ruleset:
    """A compiled ruleset: the tree, inputs, facts, views and predicates."""

    id: str
    texts: Texts
    regulation: str | None
    effective_from: datetime.date | None
    effective_until: datetime.date | None
    maximum: Fraction
    missing: Policy
    scales: tuple[Scale, ...]
    inputs: tuple[Input, ...]
    derived: tuple[Derived, ...]
    root: Node
    views: tuple[View, ...]
    facts: tuple[Fact, ...]
    predicates: tuple[Predicate, ...]
    grades: tuple[Grade, ...] = ()  # zona.model.grades
    # every derived value and node, each after everything it depends on (`total` last)
    extends: str | None = None
    assessors: tuple[str, ...] = ()  # answer columns, the one that prevails first
    order: tuple[str, ...] = ()
    source: Source | None = attrs.field(default=None, repr=False)
    fingerprint: str = ""  # sha256 of the source and its bases (zona.compiler.build)
    na: NaPolicy = "reweight"  # the header's not-applicable policy
    words: Words = Words()  # `measured "..."`, `numbering "..."` (zona.model.changes)
    #: the facts its weights depend on, and the ruleset for each combination of their values
    weight_facts: tuple[str, ...] = ()
    variants: Mapping[tuple[str, ...], Ruleset] = attrs.field(factory=dict, repr=False)
    #: the constructs beyond the first language that the ruleset uses (zona.model.features)
    features: frozenset[str] = attrs.field(init=False, repr=False)
    _nodes: Mapping[str, Node] = attrs.field(init=False, repr=False)
    _inputs: Mapping[str, Input] = attrs.field(init=False, repr=False)
    _views: Mapping[str, View] = attrs.field(init=False, repr=False)

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "_nodes", _index(self.root.walk()))
        object.__setattr__(self, "_inputs", _index(self.inputs))
        object.__setattr__(self, "_views", _index(v for top in self.views for v in top.walk()))
        object.__setattr__(self, "features", _features.find(self))

    def __repr__(self) -> str:
        return f"<Ruleset {self.id!r}: {len(self._nodes) - 1} nodes, {len(self.inputs)} inputs>"

    @property
    def title(self) -> str | None:
        return self.texts.label

    @property
    def nodes(self) -> Mapping[str, Node]:
        """Every node by id, the root `total` first, parents before children."""
        return self._nodes

    @property
    def inputs_by_name(self) -> Mapping[str, Input]:
        return self._inputs

    @property
    def views_by_name(self) -> Mapping[str, View]:
        return self._views

    @property
    def facts_by_name(self) -> Mapping[str, Fact]:
        return _index(self.facts)

    @property
    def predicates_by_name(self) -> Mapping[str, Predicate]:
        return _index(self.predicates)

    @property
    def grades_by_name(self) -> Mapping[str, Grade]:
        return _index(self.grades)

    def node(self, name: str) -> Node:
        """The node with this id (KeyError if there is none)."""
        return self._nodes[name]

    def by_soal(self) -> Mapping[int, Input]:
        """Inputs by their PortalRB soal number."""
        return MappingProxyType({i.soal: i for i in self.inputs if i.soal is not None})

    def assumptions(self) -> tuple[Assumption, ...]:
        """Everything the ruleset marks `assumed`, with where it is marked: the header's,
        then every declaration's in source order (zona.model.assumptions)."""
        return gather(self)

    def specialise(self, facts: Mapping[str, object]) -> Ruleset:
        """The ruleset with its fact-dependent weights fixed by these facts (itself when no
        weight depends on a fact); ZonaAnswerError when a fact they need is missing."""
        return _features.specialise(self, facts)

    def refuse(self, where: str, supported: frozenset[str] = frozenset()) -> None:
        """Raise ZonaError naming a construct of this ruleset that `where` (such as "the SQL
        back end") does not support yet: any feature not in `supported`."""
        _features.refuse(self, where, supported)

    def to_sql(self, dialect: str = "duckdb", table: str = "answers", **options: Any) -> str:
        """One SQL query that scores a table of answers inside a database (zona.batch.sql)."""
        from zona.batch.sql import to_sql

        return to_sql(self, dialect, table, **options)

    def _repr_html_(self) -> str:
        """The ruleset as a collapsible HTML tree with weights (Jupyter)."""
        from zona.render.html import ruleset_html

        return ruleset_html(self)

    def score(self, answers: Mapping[str, object],
              facts: Mapping[str, object] | None = None) -> Result:
        """Score one unit's answers exactly (a fact may be another ruleset's Result: see
        zona.model.chaining); raise ZonaAnswerError listing every problem."""
        from zona.scoring import score

        return score(self, answers, facts or {})
