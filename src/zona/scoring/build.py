"""The exact path's Result: the node tree, views and predicates built from a unit's
numbers (see scoring_numbers), each part when first read. Verdicts come from
scoring_verdicts; the ConditionResults explaining them are built when read."""

from __future__ import annotations

from fractions import Fraction

from zona import model as m
from zona.model import expr as e
from zona.scoring.grade_result import GradeResult
from zona.scoring.grades import grade_result
from zona.scoring.numbers import State
from zona.scoring.plan import Plan
from zona.scoring.result import (
    ConditionResult,
    NodeResult,
    PredicateResult,
    Result,
    ViewResult,
)
from zona.scoring.verdicts import Comparison, Verdicts, all_of, any_of

_ZERO = Fraction(0)
_CACHED = 4096  # results that depend on facts alone, kept per ruleset


def build_result(plan: Plan, state: State, facts: dict[str, m.FactValue]) -> Result:
    """The Result of one unit's numbers; its parts are built when first read."""
    answered_na = tuple(i for i in plan.inputs if i in state.na) if state.na else ()
    return Result(plan.ruleset, state.values, facts, parts=_Results(plan, state, facts),
                  not_applicable=answered_na)


class _Results:
    """Builds the Result tree, views and predicates from a unit's numbers (ResultParts)."""

    def __init__(self, plan: Plan, state: State, facts: dict[str, m.FactValue]) -> None:
        self.plan = plan
        self.ruleset = plan.ruleset
        self.state = state
        self.facts = facts
        self.verdicts = Verdicts(plan, state, facts, self._fact_verdict)
        self.built_nodes: dict[str, NodeResult] = {}
        self.built_views: dict[str, ViewResult] = {}
        self.built_predicates: dict[str, PredicateResult] = {}

    # ResultParts

    def nodes(self) -> dict[str, NodeResult]:
        """Every node's result, `total` first, in walk order (built children first)."""
        built, plan, state = self.built_nodes, self.plan, self.state
        values, points, known, counted = state.values, state.points, state.known, state.counted
        for name, node, children, parent, how, cache, question in plan.bottom_up:
            if name in built:
                continue
            if cache is not None:
                # A question's result depends only on its answer (an option of its scale)
                # and on how many its parent counted; a group of questions' result only on
                # its questions' results and the same count. A cache entry keeps the objects
                # of its key alive, so their ids are theirs alone.
                if question:
                    value = values[name]
                    key: tuple[int, ...] = (id(value), counted.get(parent, -1))
                else:
                    below = tuple(map(built.__getitem__, children))
                    key = (*map(id, below), counted.get(parent, -1))
                entry = cache.get(key)
                if entry is not None:
                    built[name] = entry[1]
                    continue
            score = known[name] if points[name] is not None else None
            applies = name not in state.na
            found = built[name] = NodeResult(
                node, _ZERO if score is None else score, score is not None or not applies,
                tuple(map(built.__getitem__, children)), self._contribution(name, how, score),
                applies)
            if cache is not None and len(cache) < _CACHED:
                cache[key] = (value if question else below, found)
        return {name: built[name] for name in self.ruleset.nodes}

    def views(self) -> dict[str, ViewResult]:
        return {v.name: self.view(v) for top in self.ruleset.views for v in top.walk()}

    def predicates(self) -> dict[str, PredicateResult]:
        return {p.name: self.predicate(p) for p in self.ruleset.predicates}

    def grades(self) -> dict[str, GradeResult]:
        return {g.name: grade_result(g, self.verdicts.grades.decide(g), self.condition)
                for g in self.ruleset.grades}

    # the tree

    def node(self, name: str) -> NodeResult:
        """A node's result; its children are built when first read."""
        found = self.built_nodes.get(name)
        if found is None:
            found = self.built_nodes[name] = self._node(name)
        return found

    def _node(self, name: str) -> NodeResult:
        plan, state = self.plan, self.state
        _, node, children, parent, how, cache, question = plan.build[name]
        if question:
            value = state.values[name]
            key = (id(value), state.counted.get(parent, -1))
            entry = cache.get(key)
            if entry is not None:
                return entry[1]  # type: ignore[no-any-return]
        score = state.known[name]
        applies = name not in state.na
        found = NodeResult(node, _ZERO if score is None else score,
                           score is not None or not applies,
                           (lambda: tuple(map(self.node, children))) if children else (),
                           self._contribution(name, how, score), applies)
        if question and len(cache) < _CACHED:
            cache[key] = (value, found)
        return found

    def _contribution(self, name: str, how: str | None, score: Fraction | None
                      ) -> Fraction | None:
        """What a node adds to its parent: its score under a sum, its weighted share under a
        mean, None at the top or under an expression."""
        if self.plan.general is not None:
            return self.plan.contribution(self.state, name)
        if how == "sum":
            return _ZERO if score is None else score
        if how == "mean":
            return self.plan.contribution(self.state, name)
        return None

    def view(self, view: m.View) -> ViewResult:
        done = self.built_views.get(view.name)
        if done is not None:
            return done
        children = tuple(self.view(c) for c in view.children)
        found = ViewResult(view, Fraction(*self.verdicts.pair(view.name)), children)
        self.built_views[view.name] = found
        return found

    # predicates

    def predicate(self, predicate: m.Predicate) -> PredicateResult:
        done = self.built_predicates.get(predicate.name)
        if done is not None:
            return done
        facts = self.plan.fact_uses.get(id(predicate))
        key = (id(predicate), tuple(self.facts.get(f) for f in facts)) if facts is not None \
            else None
        found = self.plan.fact_results.get(key) if key is not None else None
        if found is None:
            found = PredicateResult(
                predicate, self.verdicts.predicate(predicate),
                lambda: tuple(self.condition(c) for c in predicate.conditions))
            if key is not None and len(self.plan.fact_results) < _CACHED:
                self.plan.fact_results[key] = found  # it depends on these facts alone
        self.built_predicates[predicate.name] = found
        return found

    def condition(self, condition: m.Condition) -> ConditionResult:
        facts = self.plan.fact_uses.get(id(condition))
        if facts is not None:
            key = (id(condition), tuple(self.facts.get(f) for f in facts))
            found: ConditionResult | None = self.plan.fact_results.get(key)
            if found is None:
                found = self._condition(condition)
                if len(self.plan.fact_results) < _CACHED:
                    self.plan.fact_results[key] = found  # it depends on these facts alone
            return found
        return self._condition(condition)

    def _condition(self, condition: m.Condition) -> ConditionResult:
        if isinstance(condition, m.AllOf | m.AnyOf):
            parts = tuple(self.condition(p) for p in condition.parts)
            combine = all_of if isinstance(condition, m.AllOf) else any_of
            return ConditionResult(condition, combine(p.passed for p in parts), parts=parts)
        if isinstance(condition, m.NoneOf):
            part = self.condition(condition.part)
            passed = None if part.passed is None else not part.passed
            return ConditionResult(condition, passed, parts=(part,))
        if isinstance(condition, m.PredicateRef):
            found = self.predicate(self.plan.predicates[condition.name])
            return ConditionResult(condition, found.passed, actual=found.passed,
                                   subject=condition.name)
        if isinstance(condition, m.Every):  # what does not apply is not compared
            parts = tuple(self.compare(condition, found)
                          for found in self.verdicts.comparisons_of(condition)
                          if found[0] not in self.state.na)
            return ConditionResult(condition, all_of(p.passed for p in parts), parts=parts,
                                   threshold=condition.threshold)
        if condition.quantity == "fact":
            return fact_condition(self.ruleset, condition, self.facts.get(condition.subject))
        if condition.quantity == "grade":
            return ConditionResult(condition, self.verdicts.condition(condition),
                                   self.verdicts.grades.decide(
                                       self.ruleset.grades_by_name[condition.subject]).level,
                                   condition.threshold, condition.subject)
        return self.compare(condition, self.verdicts.comparisons_of(condition)[0])

    def compare(self, condition: m.Compare | m.Every, comparison: Comparison
                ) -> ConditionResult:
        """One comparison of a node's or view's score (or share) with the threshold."""
        subject = comparison[0]
        n, d = self.verdicts.pair(subject)
        if condition.quantity == "share":
            top = self.verdicts.maximum(subject)
            n, d = (n * top.denominator, d * top.numerator) if top else (0, 1)
        return ConditionResult(condition, self.verdicts.holds(comparison), Fraction(n, d),
                               condition.threshold, subject)

    def _fact_verdict(self, condition: m.Compare, actual: m.FactValue | None) -> bool | None:
        key = (id(condition), actual)
        found = self.plan.fact_verdicts.get(key, self)
        if found is self:
            found = fact_condition(self.ruleset, condition, actual).passed
            if len(self.plan.fact_verdicts) < _CACHED:
                self.plan.fact_verdicts[key] = found
        return found  # type: ignore[return-value]


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
    elif isinstance(actual, bool):
        passed = (actual == condition.threshold) == (condition.op == "==")
    else:
        assert isinstance(actual, Fraction) and isinstance(condition.threshold, Fraction)
        passed = e.compare(condition.op, actual, condition.threshold)
    return ConditionResult(condition, passed, actual, condition.threshold,
                           subject=condition.subject)


def with_contribution(result: NodeResult, contribution: Fraction) -> NodeResult:
    """The same result, recording what it contributes to its parent's score."""
    return NodeResult(result.node, result.score, result.answered, result.children, contribution,
                      result.applicable)
