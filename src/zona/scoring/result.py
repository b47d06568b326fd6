"""The Result of scoring one unit: every node, view and predicate, with exact numbers.

Results are data; explain, gap analysis and the CLI render or analyse them.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable, Iterator, Mapping
from fractions import Fraction
from typing import TYPE_CHECKING, Any, Protocol

import attrs

from zona import model as m
from zona.numtext import exact_text
from zona.scoring.grade_result import GradeResult
from zona.version import __version__

if TYPE_CHECKING:
    from zona.analysis.gap import GapPlan


def share_of(score: Fraction, maximum: Fraction) -> Fraction:
    """score / maximum, and 0 for a zero maximum."""
    return score / maximum if maximum else Fraction(0)


@attrs.frozen(slots=False, eq=False)
class NodeResult:
    """A node's score (0..maximum); `answered` is False when nothing below it was answered;
    `applicable` is False when it does not apply to the unit (answered "not applicable",
    or everything below it was): its score is then its maximum under `na full`, else 0.
    `children` may be given as a function that builds them when first read."""

    node: m.Node
    score: Fraction
    answered: bool
    _children: tuple[NodeResult, ...] | Callable[[], tuple[NodeResult, ...]] = attrs.field(
        default=(), alias="children", repr=False)
    contribution: Fraction | None = None
    applicable: bool = True

    @functools.cached_property
    def children(self) -> tuple[NodeResult, ...]:
        found = self._children
        return found() if callable(found) else found

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, NodeResult):
            return NotImplemented
        return (self.node, self.score, self.answered, self.contribution, self.applicable,
                self.children) == (other.node, other.score, other.answered, other.contribution,
                                   other.applicable, other.children)

    def __hash__(self) -> int:
        return hash((self.node.name, self.score, self.answered, self.contribution))

    @property
    def name(self) -> str:
        return self.node.name

    @property
    def maximum(self) -> Fraction:
        return self.node.maximum

    @property
    def share(self) -> Fraction:
        return share_of(self.score, self.maximum)

    def walk(self) -> Iterator[NodeResult]:
        yield self
        for child in self.children:
            yield from child.walk()

    @functools.cached_property
    def _document(self) -> dict[str, Any]:
        """This node in Result.to_dict (kept: a node's result may serve many units)."""
        found: dict[str, Any] = {}
        _scored(found, self.score, self.node.maximum)
        found["answered"] = self.answered
        if not self.applicable:
            found["applicable"] = False
        return found


@attrs.frozen
class ViewResult:
    view: m.View
    score: Fraction
    children: tuple[ViewResult, ...] = ()

    @property
    def name(self) -> str:
        return self.view.name

    @property
    def maximum(self) -> Fraction:
        return self.view.maximum

    @property
    def share(self) -> Fraction:
        return share_of(self.score, self.maximum)


@attrs.frozen(slots=False)
class ConditionResult:
    """One condition's verdict: passed is True, False, or None when a fact is unknown."""

    condition: m.Condition
    passed: bool | None
    actual: m.FactValue | None = None
    threshold: m.FactValue | None = None
    subject: str | None = None
    parts: tuple[ConditionResult, ...] = ()

    @property
    def text(self) -> str:
        return self.condition.text

    @functools.cached_property
    def margin(self) -> Fraction | None:
        """How far a number is past its threshold: positive or zero when it passes, negative
        when it fails; None for anything but an ordering comparison of two numbers."""
        found = self._margin()
        return None if found is None else Fraction(*found)

    def _margin(self) -> tuple[int, int] | None:
        """The margin as (numerator, denominator) in lowest terms (what Result.to_dict
        writes, without making the Fraction)."""
        actual, threshold = self.actual, self.threshold
        if not isinstance(actual, Fraction) or not isinstance(threshold, Fraction):
            return None
        op = getattr(self.condition, "op", ">=")
        if op in (">=", ">"):
            high, low = actual, threshold
        elif op in ("<=", "<"):
            high, low = threshold, actual
        else:
            return None
        denominator = high.denominator * low.denominator
        numerator = high.numerator * low.denominator - low.numerator * high.denominator
        common = math.gcd(numerator, denominator)
        return numerator // common, denominator // common

    def leaves(self) -> Iterator[ConditionResult]:
        """The comparisons this condition is made of."""
        if not self.parts:
            yield self
        for part in self.parts:
            yield from part.leaves()


@attrs.frozen(slots=False, eq=False)
class PredicateResult:
    """A predicate's verdict; `conditions` (what decided it) may be given as a function
    that builds them when first read."""

    predicate: m.Predicate
    passed: bool | None
    _conditions: tuple[ConditionResult, ...] | Callable[[], tuple[ConditionResult, ...]] = \
        attrs.field(alias="conditions", repr=False)

    @functools.cached_property
    def conditions(self) -> tuple[ConditionResult, ...]:
        found = self._conditions
        return found() if callable(found) else found

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, PredicateResult):
            return NotImplemented
        return (self.predicate, self.passed, self.conditions) == (
            other.predicate, other.passed, other.conditions)

    def __hash__(self) -> int:
        return hash((self.predicate.name, self.passed))

    @property
    def name(self) -> str:
        return self.predicate.name

    def failing(self) -> list[ConditionResult]:
        """The comparisons that fail or are undecided."""
        return [c for top in self.conditions for c in top.leaves() if c.passed is not True]


class ResultParts(Protocol):
    """What builds a Result's parts from one unit's numbers (zona.scoring.build)."""

    def node(self, name: str) -> NodeResult: ...

    def nodes(self) -> dict[str, NodeResult]: ...

    def views(self) -> dict[str, ViewResult]: ...

    def predicates(self) -> dict[str, PredicateResult]: ...

    def grades(self) -> dict[str, GradeResult]: ...


@attrs.frozen(eq=False, slots=False)
class Result:
    """Everything scoring found for one unit. Scoring computes every number and checks it;
    the node tree, the views and the predicates are built from those numbers when first
    read, once."""

    ruleset: m.Ruleset
    values: Mapping[str, Fraction | None]
    facts: Mapping[str, m.FactValue]
    _parts: ResultParts = attrs.field(alias="parts", repr=False)
    #: the inputs answered with an option that means "not applicable" (values: None)
    not_applicable: tuple[str, ...] = ()

    @functools.cached_property
    def nodes(self) -> Mapping[str, NodeResult]:
        """Every node's result by id, `total` first, in the tree's walk order."""
        return self._parts.nodes()

    @functools.cached_property
    def total(self) -> NodeResult:
        """The root of the tree: the unit's total score (its children are built when read)."""
        return self._parts.node("total")

    @functools.cached_property
    def views(self) -> Mapping[str, ViewResult]:
        """Every view's result by id."""
        return self._parts.views()

    @functools.cached_property
    def predicates(self) -> Mapping[str, PredicateResult]:
        """Every predicate's verdict by name, in the ruleset's order."""
        return self._parts.predicates()

    @functools.cached_property
    def unanswered(self) -> tuple[str, ...]:
        """The inputs left without an answer (not those answered "not applicable"), in the
        ruleset's order: what a unit still has to fill in."""
        skipped = set(self.not_applicable)
        return tuple(name for name in self.ruleset.inputs_by_name
                     if self.values.get(name) is None and name not in skipped)

    @functools.cached_property
    def grades(self) -> Mapping[str, GradeResult]:
        """Every grade's result by name, in the ruleset's order (zona.scoring.grade_result)."""
        return self._parts.grades()

    def explain(self, lang: str = "id", *, top: int | None = 10) -> str:
        """Why this score: areas, conditions, costliest questions (zona.analysis.explain)."""
        from zona.analysis.explain import explain

        return explain(self, lang, top=top)

    def gap(self, target: str, **options: Any) -> GapPlan:
        """The smallest set of answer changes that makes `target` pass (zona.analysis.gap)."""
        from zona.analysis.gap import gap

        return gap(self, target, **options)

    def _repr_html_(self) -> str:
        """Scores with bars, the areas and the predicates, failing ones highlighted (Jupyter)."""
        from zona.render.html import result_html

        return result_html(self)

    def __getitem__(self, name: str) -> NodeResult | ViewResult:
        """A node's or a view's result by id."""
        if name in self.ruleset.nodes:
            return self._parts.node(name)
        return self.views[name]

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready document: numbers as JSON numbers plus exact `*_exact` strings."""
        return {
            "zona_version": __version__,
            "ruleset": self.ruleset.id,
            "ruleset_fingerprint": self.ruleset.fingerprint,
            **_number("total", self.total.score),
            **_number("maximum", self.total.maximum),
            "nodes": {name: dict(n._document) for name, n in self.nodes.items()
                      if name != "total"},
            **({"not_applicable": list(self.not_applicable)} if self.not_applicable else {}),
            "unanswered": list(self.unanswered),
            "views": {v.name: _scored({}, v.score, v.view.maximum) for v in self.views.values()},
            "predicates": {
                p.name: {"passed": p.passed,
                         "conditions": [_condition(c) for c in p.conditions]}
                for p in self.predicates.values()
            },
            **({"grades": {g.name: _grade(g) for g in self.grades.values()}}
               if self.ruleset.grades else {}),
        }


_TEXTS: dict[tuple[int, int], tuple[int | float, str]] = {}  # a number's JSON, by value
_TEXTS_KEPT = 1 << 16
_EXACT = {key: f"{key}_exact" for key in ("score", "maximum", "share", "total", "actual",
                                          "threshold", "margin", "value", "gap_to_next")}


def _number(key: str, value: Fraction) -> dict[str, Any]:
    """`key` as a JSON number and `key_exact` as its exact text."""
    found: dict[str, Any] = {}
    _put(found, key, value.numerator, value.denominator)
    return found


def _put(found: dict[str, Any], key: str, numerator: int, denominator: int) -> None:
    """Write `key` as a JSON number and `key_exact` as its exact text into `found`: the
    number numerator/denominator (in lowest terms, the denominator positive)."""
    pair = (numerator, denominator)
    texts = _TEXTS.get(pair)
    if texts is None:
        value = Fraction(numerator, denominator)
        texts = (numerator if denominator == 1 else float(value), exact_text(value))
        if len(_TEXTS) < _TEXTS_KEPT:
            _TEXTS[pair] = texts
    found[key] = texts[0]
    found[_EXACT.get(key) or f"{key}_exact"] = texts[1]


def _scored(found: dict[str, Any], score: Fraction, maximum: Fraction) -> dict[str, Any]:
    """A node's or view's score, maximum and share written into `found` (the share as
    share_of() makes it, without making the Fraction when its texts are known)."""
    sn, sd, mn, md = score.numerator, score.denominator, maximum.numerator, maximum.denominator
    _put(found, "score", sn, sd)
    _put(found, "maximum", mn, md)
    if mn:  # score / maximum in lowest terms, its sign on the numerator
        n, d = sn * md, sd * mn
        if d < 0:
            n, d = -n, -d
        common = math.gcd(n, d)
        _put(found, "share", n // common, d // common)
    else:
        _put(found, "share", 0, 1)
    return found


def _grade(result: GradeResult) -> dict[str, Any]:
    """A grade in the JSON document: a missing number is null, and so is its exact text."""
    found: dict[str, Any] = {"level": result.level, "label": result.label,
                             "at_least": result.at_least}
    found.update(_value("value", result.value) if result.value is not None
                 else {"value": None, "value_exact": None})
    found.update({"band": result.band, "next": result.next})
    gap = result.gap_to_next
    found.update(_number("gap_to_next", gap) if gap is not None
                 else {"gap_to_next": None, "gap_to_next_exact": None})
    return found


def _value(key: str, value: m.FactValue | None) -> dict[str, Any]:
    found: dict[str, Any] = {}
    _put_value(found, key, value)
    return found


def _put_value(found: dict[str, Any], key: str, value: m.FactValue | None) -> None:
    if isinstance(value, Fraction):
        _put(found, key, value.numerator, value.denominator)
    else:
        found[key] = value


def _condition(result: ConditionResult) -> dict[str, Any]:
    found: dict[str, Any] = {"condition": result.condition.text, "passed": result.passed}
    subject, parts = result.subject, result.parts
    if subject is not None:
        found["subject"] = subject
    if not parts or subject is not None:
        _put_value(found, "actual", result.actual)
        _put_value(found, "threshold", result.threshold)
        margin = result._margin()
        if margin is not None:
            _put(found, "margin", *margin)
    if parts:
        found["parts"] = [_condition(p) for p in parts]
    return found
