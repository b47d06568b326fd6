"""The exact path's Result: the node tree, views and predicates built from a unit's
numbers (see scoring_plan), with every comparison exact."""

from __future__ import annotations

import operator
from collections.abc import Iterable
from fractions import Fraction

from zona import expr as e
from zona import model as m
from zona.result import (
    ConditionResult,
    NodeResult,
    PredicateResult,
    Result,
    ViewResult,
    share_of,
)
from zona.scoring_numbers import State
from zona.scoring_plan import Plan, _fsum

_ZERO = Fraction(0)


def build_result(plan: Plan, state: State, facts: dict[str, m.FactValue]) -> Result:
    """The Result of one unit's numbers; its parts are built when first read."""
    return Result(plan.ruleset, state.values, facts, parts=_Results(plan, state, facts))


class _Results:
    """Builds the Result tree, views and predicates from a unit's numbers (ResultParts)."""

    def __init__(self, plan: Plan, state: State, facts: dict[str, m.FactValue]) -> None:
        self.plan = plan
        self.ruleset = plan.ruleset
        self.state = state
        self.facts = facts
        self.built_views: dict[str, ViewResult] = {}
        self.built_predicates: dict[str, PredicateResult] = {}

    def nodes(self) -> dict[str, NodeResult]:
        """Every node's result, `total` first, in walk order."""
        built = self._nodes()
        return {name: built[name] for name in self.ruleset.nodes}

    def views(self) -> dict[str, ViewResult]:
        return {v.name: self.view(v) for top in self.ruleset.views for v in top.walk()}

    def predicates(self) -> dict[str, PredicateResult]:
        return {p.name: self.predicate(p) for p in self.ruleset.predicates}

    def _nodes(self) -> dict[str, NodeResult]:
        state, plan = self.state, self.plan
        values, known, counted = state.values, state.known, state.counted
        built: dict[str, NodeResult] = {}
        for name, node, children, parent, how, cache in plan.build:
            points = known[name]
            if cache is not None:
                # A question's result depends only on its answer (an option of its scale,
                # alive as long as the ruleset) and on how many its parent counted.
                value = values[name]
                key = (id(value), counted.get(parent, -1))
                entry = cache.get(key)
                if entry is not None and entry[0] is value:
                    built[name] = entry[1]
                    continue
            if how == "sum":
                share: Fraction | None = _ZERO if points is None else points
            elif how == "mean":
                share = plan.contribution(state, name)
            else:
                share = None
            found = NodeResult(node, _ZERO if points is None else points, points is not None,
                               tuple(map(built.__getitem__, children)), share)
            if cache is not None and (value is None or id(value) in plan.option_ids[name]):
                cache[key] = (value, found)
            built[name] = found
        return built

    def view(self, view: m.View) -> ViewResult:
        done = self.built_views.get(view.name)
        if done is not None:
            return done
        children = tuple(self.view(c) for c in view.children)
        score = self.state.score
        found = ViewResult(view, _fsum([*map(score, view.parts), *(c.score for c in children)]),
                           children)
        self.built_views[view.name] = found
        return found

    def predicate(self, predicate: m.Predicate) -> PredicateResult:
        done = self.built_predicates.get(predicate.name)
        if done is not None:
            return done
        facts = self.plan.fact_uses.get(id(predicate))
        key = (id(predicate), tuple(self.facts.get(f) for f in facts)) if facts is not None \
            else None
        found = self.plan.fact_results.get(key) if key is not None else None
        if found is None:
            conditions = tuple(self.condition(c) for c in predicate.conditions)
            found = PredicateResult(predicate, _all(c.passed for c in conditions), conditions)
            if key is not None and len(self.plan.fact_results) < 4096:
                self.plan.fact_results[key] = found  # it depends on these facts alone
        self.built_predicates[predicate.name] = found
        return found

    def subject(self, name: str) -> tuple[str, Fraction, Fraction]:
        """A node's or view's name, score and maximum."""
        node = self.ruleset.nodes.get(name)
        if node is not None:
            return name, self.state.score(name), node.maximum
        view = self.view(self.ruleset.views_by_name[name])
        return name, view.score, view.maximum

    def condition(self, condition: m.Condition) -> ConditionResult:
        facts = self.plan.fact_uses.get(id(condition))
        if facts is not None:
            key = (id(condition), tuple(self.facts.get(f) for f in facts))
            found: ConditionResult | None = self.plan.fact_results.get(key)
            if found is None:
                found = self._condition(condition)
                if len(self.plan.fact_results) < 4096:
                    self.plan.fact_results[key] = found  # it depends on these facts alone
            return found
        return self._condition(condition)

    def _condition(self, condition: m.Condition) -> ConditionResult:
        if isinstance(condition, m.AllOf | m.AnyOf):
            parts = tuple(self.condition(p) for p in condition.parts)
            combine = _all if isinstance(condition, m.AllOf) else _any
            return ConditionResult(condition, combine(p.passed for p in parts), parts=parts)
        if isinstance(condition, m.NoneOf):
            part = self.condition(condition.part)
            passed = None if part.passed is None else not part.passed
            return ConditionResult(condition, passed, parts=(part,))
        if isinstance(condition, m.PredicateRef):
            found = self.predicate(self.ruleset.predicates_by_name[condition.name])
            return ConditionResult(condition, found.passed, actual=found.passed,
                                   subject=condition.name)
        if isinstance(condition, m.Every):
            return self.every(condition)
        if condition.quantity == "fact":
            return self.fact(condition)
        name, points, maximum = self.subject(condition.subject)
        actual = share_of(points, maximum) if condition.quantity == "share" else points
        return _compare(condition, name, actual, condition.threshold)

    def every(self, condition: m.Every) -> ConditionResult:
        if condition.group in self.ruleset.views_by_name:
            view = self.ruleset.views_by_name[condition.group]
            subjects = [self.subject(c.name) for c in view.children]
        else:
            subjects = [self.subject(c.name) for c in self.ruleset.node(condition.group).children]
        share = condition.quantity == "share"
        parts = tuple(
            _compare(condition, name, share_of(points, top) if share else points,
                     condition.threshold)
            for name, points, top in subjects)
        return ConditionResult(condition, _all(p.passed for p in parts), parts=parts,
                               threshold=condition.threshold)

    def fact(self, condition: m.Compare) -> ConditionResult:
        return fact_condition(self.ruleset, condition, self.facts.get(condition.subject))


def fact_condition(ruleset: m.Ruleset, condition: m.Compare,
                   actual: m.FactValue | None) -> ConditionResult:
    """A condition on a fact, given the fact's value (None when unknown: undecided)."""
    if actual is None:
        return ConditionResult(condition, None, None, condition.threshold,
                               subject=condition.subject)
    fact = ruleset.facts_by_name[condition.subject]
    if fact.kind == "levels":
        index = Fraction(fact.levels.index(str(actual)))
        bar = Fraction(fact.levels.index(str(condition.threshold)))
        passed = e.compare(condition.op, index, bar)
        return ConditionResult(condition, passed, actual, condition.threshold,
                               subject=condition.subject)
    if isinstance(actual, bool):
        passed = (actual == condition.threshold) == (condition.op == "==")
        return ConditionResult(condition, passed, actual, condition.threshold,
                               subject=condition.subject)
    assert isinstance(actual, Fraction) and isinstance(condition.threshold, Fraction)
    return _compare(condition, condition.subject, actual, condition.threshold)


def with_contribution(result: NodeResult, contribution: Fraction) -> NodeResult:
    """The same result, recording what it contributes to its parent's score."""
    return NodeResult(result.node, result.score, result.answered, result.children, contribution)


def _compare(condition: m.Condition, subject: str, actual: Fraction,
             threshold: m.FactValue) -> ConditionResult:
    assert isinstance(threshold, Fraction)
    op = condition.op if isinstance(condition, m.Compare | m.Every) else ">="
    return ConditionResult(condition, _OPERATORS[op](actual, threshold), actual, threshold,
                           subject)


_OPERATORS = {"==": operator.eq, "!=": operator.ne, "<": operator.lt, "<=": operator.le,
              ">": operator.gt, ">=": operator.ge}


def _all(verdicts: Iterable[bool | None]) -> bool | None:
    found = list(verdicts)
    if any(v is False for v in found):
        return False
    return None if any(v is None for v in found) else True


def _any(verdicts: Iterable[bool | None]) -> bool | None:
    found = list(verdicts)
    if any(v is True for v in found):
        return True
    return None if any(v is None for v in found) else False
