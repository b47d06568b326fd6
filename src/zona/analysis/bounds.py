"""Scores with some answers unknown: the interval each node and view can still reach.

    >>> found = bounds(ruleset, {"q1": "Ya", "q2": None})   # q2 and the rest unknown
    >>> found["total"].low, found["total"].high, found.predicates["WBK"]

An unknown answer (absent, or None) may take any value its input allows: any option of
its scale, any decimal in its range, any count 0, 1, 2, ... Every completion answers
every input, so each mean counts all its children, and every score is a sum of its
leaves' scores with fixed positive weights. A leaf's range comes from exact interval
arithmetic over its formula (always sound) and is *tight* when some completion attains
both ends; zona searches the options, the range ends and the formula's constants for
such completions. A node is tight when its leaves are tight and share no unknown input.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Mapping
from fractions import Fraction
from typing import Any, Literal

import attrs

from zona import model as m
from zona.analysis.gap.leaves import constants, item_points
from zona.analysis.intervals import Span, compare, span
from zona.errors import AnswerProblem, ZonaAnswerError, ZonaError
from zona.model import expr as e
from zona.numtext import exact_text
from zona.scoring import read_value
from zona.scoring.result import ConditionResult, Result

Verdict = Literal["passed", "failed", "undecided"]
CANDIDATES = 20_000  # completions of one item tried when looking for its extremes


@attrs.frozen
class Interval:
    """[low, high]: every score a node (or view) can reach; `tight` when both are reached."""

    low: Fraction
    high: Fraction
    maximum: Fraction
    tight: bool

    @property
    def share_low(self) -> Fraction:
        return self.low / self.maximum if self.maximum else Fraction(0)

    @property
    def share_high(self) -> Fraction:
        return self.high / self.maximum if self.maximum else Fraction(0)

    def __contains__(self, value: object) -> bool:
        return isinstance(value, int | Fraction) and self.low <= value <= self.high

    def to_dict(self) -> dict[str, Any]:
        return {**_number("low", self.low), **_number("high", self.high),
                **_number("maximum", self.maximum), "tight": self.tight}


@attrs.frozen(eq=False)
class Bounds:
    """Intervals per node and view, and each predicate's verdict over all completions.

    A verdict is "passed" (every completion passes), "failed" (none does) or
    "undecided"; `exact[p]` says whether an undecided verdict is certain to be open both
    ways. `lowest`/`highest` are completions that reach the lows/highs (scored normally).
    """

    ruleset: m.Ruleset
    unknown: tuple[str, ...]
    nodes: Mapping[str, Interval]
    views: Mapping[str, Interval]
    predicates: Mapping[str, Verdict]
    exact: Mapping[str, bool]
    lowest: Result
    highest: Result

    @property
    def total(self) -> Interval:
        return self.nodes["total"]

    def __getitem__(self, name: str) -> Interval:
        return self.nodes[name] if name in self.nodes else self.views[name]

    def to_dict(self) -> dict[str, Any]:
        return {
            "ruleset": self.ruleset.id,
            "unknown": list(self.unknown),
            "total": self.total.to_dict(),
            "nodes": {k: v.to_dict() for k, v in self.nodes.items() if k != "total"},
            "views": {k: v.to_dict() for k, v in self.views.items()},
            "predicates": {k: {"verdict": v, "exact": self.exact[k]}
                           for k, v in self.predicates.items()},
        }


def bounds(ruleset: m.Ruleset, answers: Mapping[str, object],
           facts: Mapping[str, object] | None = None) -> Bounds:
    """Score with the answers absent from `answers` (or None) unknown; see the module doc."""
    values = _read(ruleset, answers)
    unknown = tuple(i.name for i in ruleset.inputs if values.get(i.name) is None)
    work = _Bounds(ruleset, values)
    nodes = {n.name: work.node(n) for n in ruleset.root.walk()}
    views = {v.name: work.view(v) for top in ruleset.views for v in top.walk()}
    lowest = work.completion(False, answers, facts or {})
    highest = work.completion(True, answers, facts or {})
    leaves = frozenset(n.name for n in ruleset.root.walk() if n.aggregate in ("choice", "expr"))
    exact = work.independent and all(nodes[n].tight for n in leaves) and work.apart(leaves)
    verdicts: dict[str, Verdict] = {}
    certain: dict[str, bool] = {}
    for predicate in ruleset.predicates:
        found = lowest.predicates[predicate.name]
        if exact and _monotone(ruleset, predicate, set()):
            passed = found.passed is True
            failed = highest.predicates[predicate.name].passed is False
            certain[predicate.name] = True
        else:
            verdict = _all(_truth(ruleset, c, r, nodes, views, lowest)
                           for c, r in zip(predicate.conditions, found.conditions, strict=True))
            passed, failed = verdict is True, verdict is False
            certain[predicate.name] = False
        verdicts[predicate.name] = "passed" if passed else "failed" if failed else "undecided"
        certain[predicate.name] = certain[predicate.name] or verdicts[predicate.name] != \
            "undecided"
    return Bounds(ruleset, unknown, nodes, views, verdicts, certain, lowest, highest)


def _read(ruleset: m.Ruleset, answers: Mapping[str, object]) -> dict[str, Fraction | None]:
    problems: list[AnswerProblem] = []
    values: dict[str, Fraction | None] = {}
    for key, raw in answers.items():
        spec = ruleset.inputs_by_name.get(str(key))
        if spec is None:
            problems.append(AnswerProblem(str(key), "no question or input has this id"))
            continue
        try:
            values[spec.name] = read_value(spec, raw)
        except ValueError as error:
            problems.append(AnswerProblem(spec.name, str(error)))
    if problems:
        raise ZonaAnswerError(problems)
    return values


class _Bounds:
    def __init__(self, ruleset: m.Ruleset, values: dict[str, Fraction | None]) -> None:
        self.ruleset = ruleset
        self.values = values
        self.derived = {d.name: d for d in ruleset.derived}
        self.nodes: dict[str, Interval] = {}
        self.unknown_of: dict[str, frozenset[str]] = {}  # leaf -> its unknown inputs
        self.witness: dict[str, tuple[dict[str, Fraction], dict[str, Fraction]]] = {}
        self.independent = True
        self.leaves: dict[str, frozenset[str]] = {}  # node -> the leaves its score reads

    # inputs and expressions

    def domain(self, name: str) -> Span:
        value = self.values.get(name)
        if value is not None:
            return Span.point(value)
        spec = self.ruleset.inputs_by_name[name]
        if spec.kind == "choice":
            assert spec.scale is not None
            return Span(spec.scale.worst.value, spec.scale.best.value)
        if spec.kind == "count":
            return Span(Fraction(0), None)
        return Span(spec.low, spec.high)

    def lookup(self, var: e.Var) -> Span:
        if var.kind == "input":
            return self.domain(var.name)
        if var.kind == "derived":
            return span(self.derived[var.name].expr, self.lookup)
        found = self.node(self.ruleset.node(var.name))
        return Span(found.low, found.high)

    # nodes

    def node(self, node: m.Node) -> Interval:
        if node.name not in self.nodes:
            self.nodes[node.name] = self._node(node)
        return self.nodes[node.name]

    def _node(self, node: m.Node) -> Interval:
        if node.aggregate == "choice":
            return self._question(node)
        if node.aggregate == "expr":
            for child in node.children:
                self.node(child)
            return self._item(node)
        children = [self.node(c) for c in node.children]
        self.leaves[node.name] = frozenset().union(*(self.leaves[c.name] for c in node.children))
        tight = all(c.tight for c in children) and self.apart(self.leaves[node.name])
        if node.aggregate == "sum":
            return Interval(sum((c.low for c in children), Fraction(0)),
                            sum((c.high for c in children), Fraction(0)), node.maximum, tight)
        each = node.maximum / len(children)  # every child is answered in a completion
        return Interval(each * sum((c.share_low for c in children), Fraction(0)),
                        each * sum((c.share_high for c in children), Fraction(0)),
                        node.maximum, tight)

    def apart(self, leaves: frozenset[str]) -> bool:
        seen: set[str] = set()
        for leaf in leaves:
            if seen & self.unknown_of[leaf]:
                return False
            seen |= self.unknown_of[leaf]
        return True

    def _question(self, node: m.Node) -> Interval:
        self.leaves[node.name] = frozenset((node.name,))
        value = self.values.get(node.name)
        spec = self.ruleset.inputs_by_name[node.name]
        assert spec.scale is not None
        if value is not None:
            self.unknown_of[node.name] = frozenset()
            self.witness[node.name] = ({}, {})
            return Interval(value * node.maximum, value * node.maximum, node.maximum, True)
        self.unknown_of[node.name] = frozenset((node.name,))
        low, high = spec.scale.worst.value, spec.scale.best.value
        self.witness[node.name] = ({node.name: low}, {node.name: high})
        return Interval(low * node.maximum, high * node.maximum, node.maximum, True)

    def _item(self, node: m.Node) -> Interval:
        assert node.expr is not None
        self.leaves[node.name] = frozenset((node.name,))
        reads_nodes, names = self._inputs(node)
        unknown = [n for n in names if self.values.get(n) is None]
        self.unknown_of[node.name] = frozenset(unknown)
        sound = span(node.expr, self.lookup).clip(Fraction(0), node.maximum)
        assert sound.low is not None and sound.high is not None
        if reads_nodes:
            self.independent = False
            self.witness[node.name] = ({}, {})
            return Interval(sound.low, sound.high, node.maximum, False)
        low: tuple[Fraction, dict[str, Fraction]] | None = None
        high: tuple[Fraction, dict[str, Fraction]] | None = None
        choices = [self._candidates(node, n, names) for n in unknown]
        for picks in itertools.islice(itertools.product(*choices), CANDIDATES):
            assignment = dict(zip(unknown, picks, strict=True))
            points = item_points(node, self.derived, {**self.values, **assignment})
            if not isinstance(points, Fraction) or isinstance(points, bool):
                continue
            if low is None or points < low[0]:
                low = (points, assignment)
            if high is None or points > high[0]:
                high = (points, assignment)
        if low is None or high is None:
            raise ZonaError(f"no completion of the unknown answers gives '{node.name}' a score "
                            f"scoring accepts ({', '.join(unknown)})")
        self.witness[node.name] = (low[1], high[1])
        tight = (low[0], high[0]) == (sound.low, sound.high)
        return Interval(sound.low, sound.high, node.maximum, tight)

    def _inputs(self, node: m.Node) -> tuple[bool, list[str]]:
        names: list[str] = []
        reads_nodes = False
        stack: list[e.Expr] = [node.expr] if node.expr is not None else []
        seen: set[str] = set()
        while stack:
            for var in e.variables(stack.pop()):
                if var.kind == "node":
                    reads_nodes = True
                elif var.kind == "derived" and var.name not in seen:
                    seen.add(var.name)
                    stack.append(self.derived[var.name].expr)
                elif var.kind == "input" and var.name not in names:
                    names.append(var.name)
        return reads_nodes, names

    def _candidates(self, node: m.Node, name: str, names: list[str]) -> list[Fraction]:
        """Values of unknown input `name` tried for the item's extremes."""
        spec = self.ruleset.inputs_by_name[name]
        numbers = {c.value for c in constants(node.expr)} if node.expr is not None else set()
        if spec.kind == "choice":
            assert spec.scale is not None
            return sorted({o.value for o in spec.scale.options})
        if spec.kind == "decimal":
            assert spec.low is not None and spec.high is not None
            return sorted({spec.low, spec.high,
                           *(c for c in numbers if spec.low <= c <= spec.high)})
        known = [int(self.values.get(n) or 0) for n in names
                 if self.ruleset.inputs_by_name[n].kind == "count"]
        found = {0, 1, 2, *known, sum(known), sum(known) + 1,
                 *(math.floor(c) for c in numbers if c >= 0),
                 *(math.ceil(c) for c in numbers if c >= 0)}
        return sorted(Fraction(v) for v in found)

    def view(self, view: m.View) -> Interval:
        parts = [self.nodes[p] for p in view.parts]
        children = [self.view(c) for c in view.children]
        leaves = frozenset().union(*(self.leaves[p] for p in view.parts),
                                   *(self._view_leaves(c) for c in view.children))
        tight = all(p.tight for p in [*parts, *children]) and self.apart(leaves)
        return Interval(sum((p.low for p in [*parts, *children]), Fraction(0)),
                        sum((p.high for p in [*parts, *children]), Fraction(0)),
                        view.maximum, tight)

    def _view_leaves(self, view: m.View) -> frozenset[str]:
        return frozenset().union(*(self.leaves[p] for p in view.parts),
                                 *(self._view_leaves(c) for c in view.children))

    # completions

    def completion(self, high: bool, answers: Mapping[str, object],
                   facts: Mapping[str, object]) -> Result:
        """The known answers plus every leaf's lowest (or highest) witness, scored."""
        chosen: dict[str, object] = {k: v for k, v in answers.items() if v is not None
                                     and not (isinstance(v, str) and not v.strip())}
        for low, top in self.witness.values():
            for name, value in (top if high else low).items():
                chosen.setdefault(name, _answer(self.ruleset.inputs_by_name[name], value))
        for spec in self.ruleset.inputs:  # unknown inputs no score reads
            if spec.name not in chosen:
                reach = self.domain(spec.name)
                end = reach.high if high and reach.high is not None else reach.low
                chosen[spec.name] = _answer(spec, end if end is not None else Fraction(0))
        return self.ruleset.score(chosen, facts)


def _answer(spec: m.Input, value: Fraction) -> object:
    if spec.kind == "choice":
        assert spec.scale is not None
        return next(o.name for o in spec.scale.options if o.value == value)
    return value


# --- predicates -------------------------------------------------------------------


def _monotone(ruleset: m.Ruleset, predicate: m.Predicate, seen: set[str]) -> bool:
    """True when raising any score can never turn the predicate from passing to failing."""
    seen = seen | {predicate.name}

    def ok(condition: m.Condition) -> bool:
        if isinstance(condition, m.AllOf | m.AnyOf):
            return all(ok(p) for p in condition.parts)
        if isinstance(condition, m.NoneOf):
            return not _reads_scores(condition.part)
        if isinstance(condition, m.PredicateRef):
            return condition.name in seen or _monotone(
                ruleset, ruleset.predicates_by_name[condition.name], seen)
        if isinstance(condition, m.Compare) and condition.quantity == "fact":
            return True
        return condition.op in (">=", ">")

    return all(ok(c) for c in predicate.conditions)


def _reads_scores(condition: m.Condition) -> bool:
    if isinstance(condition, m.AllOf | m.AnyOf):
        return any(_reads_scores(p) for p in condition.parts)
    if isinstance(condition, m.NoneOf):
        return _reads_scores(condition.part)
    return not (isinstance(condition, m.Compare) and condition.quantity == "fact")


def _truth(ruleset: m.Ruleset, condition: m.Condition, found: ConditionResult,
           nodes: Mapping[str, Interval], views: Mapping[str, Interval],
           probe: Result) -> bool | None:
    """A condition's verdict over the intervals (sound); facts as the probe saw them."""
    def quantity(subject: str, share: bool) -> Span:
        got = nodes[subject] if subject in nodes else views[subject]
        return Span(got.share_low, got.share_high) if share else Span(got.low, got.high)

    if isinstance(condition, m.AllOf | m.AnyOf):
        parts = [_truth(ruleset, p, r, nodes, views, probe)
                 for p, r in zip(condition.parts, found.parts, strict=True)]
        return _all(parts) if isinstance(condition, m.AllOf) else _any(parts)
    if isinstance(condition, m.NoneOf):
        inner = _truth(ruleset, condition.part, found.parts[0], nodes, views, probe)
        return None if inner is None else not inner
    if isinstance(condition, m.PredicateRef):
        predicate = probe.predicates[condition.name]
        return _all(_truth(ruleset, c, r, nodes, views, probe)
                    for c, r in zip(predicate.predicate.conditions, predicate.conditions,
                                    strict=True))
    if isinstance(condition, m.Every):
        return _all(compare(condition.op, quantity(p.subject or "", condition.quantity == "share"),
                            Span.point(condition.threshold)) for p in found.parts)
    if condition.quantity == "fact":
        return found.passed
    assert isinstance(condition.threshold, Fraction)
    return compare(condition.op, quantity(condition.subject, condition.quantity == "share"),
                   Span.point(condition.threshold))


def _all(verdicts: Any) -> bool | None:
    found = list(verdicts)
    return False if False in found else (None if None in found else True)


def _any(verdicts: Any) -> bool | None:
    found = list(verdicts)
    return True if True in found else (None if None in found else False)


def _number(key: str, value: Fraction) -> dict[str, Any]:
    plain: int | float = value.numerator if value.denominator == 1 else float(value)
    return {key: plain, f"{key}_exact": exact_text(value)}


__all__ = ["Bounds", "Interval", "Verdict", "bounds"]
