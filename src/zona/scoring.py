"""Ruleset x answers -> Result, in exact arithmetic. No I/O."""

from __future__ import annotations

import decimal
from collections.abc import Mapping
from fractions import Fraction

from zona import expr as e
from zona import model as m
from zona.checks import did_you_mean
from zona.errors import AnswerProblem, ZonaAnswerError, ZonaEvaluationError
from zona.numtext import exact_text
from zona.result import (
    ConditionResult,
    NodeResult,
    PredicateResult,
    Result,
    ViewResult,
    share_of,
)

_YES = ("yes", "ya", "true", "y")
_NO = ("no", "tidak", "false", "n")


def score(ruleset: m.Ruleset, answers: Mapping[str, object],
          facts: Mapping[str, object]) -> Result:
    """Score one unit; ZonaAnswerError lists every problem in answers and facts."""
    problems: list[AnswerProblem] = []
    values = _read_answers(ruleset, answers, problems)
    known_facts = _read_facts(ruleset, facts, problems)
    _check_required(ruleset, values, {p.location for p in problems}, problems)
    if problems:
        raise ZonaAnswerError(problems)
    try:
        result = _Scorer(ruleset, values, known_facts).result()
    except RecursionError:
        raise ZonaEvaluationError("the ruleset's references are chained too deeply to score "
                                  "(a node whose score uses a node whose score uses ...)",
                                  None, ruleset.source) from None
    unanswered = [AnswerProblem(n.name, "nothing it depends on was answered, and the "
                                "missing-answer policy here is 'error'")
                  for n in result.total.walk()
                  if n.node.missing == "error" and not n.answered and n.name != "total"]
    if unanswered:
        raise ZonaAnswerError(unanswered)
    return result


# --- reading answers ---------------------------------------------------------


def _read_answers(ruleset: m.Ruleset, answers: Mapping[str, object],
                  problems: list[AnswerProblem]) -> dict[str, Fraction | None]:
    inputs = ruleset.inputs_by_name
    values: dict[str, Fraction | None] = {name: None for name in inputs}
    for key, raw in answers.items():
        name = str(key)
        spec = inputs.get(name)
        if spec is None:
            hint = did_you_mean(name, inputs)
            problems.append(AnswerProblem(name, "no question or input has this id"
                                          + (f". {hint}" if hint else "")))
            continue
        try:
            values[name] = read_value(spec, raw)
        except ValueError as error:
            problems.append(AnswerProblem(name, str(error)))
    return values


def read_value(spec: m.Input, raw: object) -> Fraction | None:
    """One answer as an exact number (None when unanswered); ValueError says what is wrong."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    if spec.kind == "choice":
        return _choice(spec, raw)
    number = _number(raw)
    if spec.kind == "count":
        if number is None or number.denominator != 1:
            raise ValueError(f"{_shown(raw)} is not a whole number; a count is 0, 1, 2, ...")
        if number < 0:
            raise ValueError(f"{_shown(raw)} is negative; a count is 0, 1, 2, ...")
        return number
    low, high = spec.low, spec.high
    if number is None:
        raise ValueError(f"{_shown(raw)} is not a number")
    if (low is not None and number < low) or (high is not None and number > high):
        raise ValueError(f"{exact_text(number)} is outside {exact_text(low or Fraction(0))}"
                         f"..{exact_text(high or Fraction(0))}")
    return number


def _shown(raw: object) -> str:
    """An answer as the user wrote it: numbers plainly, texts quoted."""
    if isinstance(raw, decimal.Decimal | Fraction | int) and not isinstance(raw, bool):
        return str(raw)
    return repr(raw)


def _choice(spec: m.Input, raw: object) -> Fraction:
    assert spec.scale is not None
    text = str(raw).strip()
    value = spec.scale.value(text)
    if value is None:
        matches = [o for o in spec.scale.names if o.lower() == text.lower()]
        if len(matches) == 1:
            return spec.scale.value(matches[0]) or Fraction(0)
        raise ValueError(f"{_shown(raw)} is not on the scale {spec.scale.label or spec.scale.name} "
                         f"({', '.join(spec.scale.names)})")
    return value


def _number(raw: object) -> Fraction | None:
    if isinstance(raw, bool):
        return None
    if isinstance(raw, int | Fraction):
        return Fraction(raw)
    if isinstance(raw, float):
        return Fraction(decimal.Decimal(repr(raw))) if raw == raw and abs(raw) != float("inf") \
            else None
    if isinstance(raw, decimal.Decimal):
        return Fraction(raw) if raw.is_finite() else None
    if isinstance(raw, str):
        try:
            parsed = decimal.Decimal(raw.strip())
        except decimal.InvalidOperation:
            return None
        return Fraction(parsed) if parsed.is_finite() else None
    return None


def _read_facts(ruleset: m.Ruleset, facts: Mapping[str, object],
                problems: list[AnswerProblem]) -> dict[str, m.FactValue]:
    declared = ruleset.facts_by_name
    found: dict[str, m.FactValue] = {}
    for key, raw in facts.items():
        name = str(key)
        fact = declared.get(name)
        where = f"facts.{name}"
        if fact is None:
            hint = did_you_mean(name, declared)
            problems.append(AnswerProblem(where, "no fact has this id"
                                          + (f". {hint}" if hint else "")))
        elif raw is not None:
            try:
                found[name] = read_fact(fact, raw)
            except ValueError as error:
                problems.append(AnswerProblem(where, str(error)))
    return found


def read_fact(fact: m.Fact, raw: object) -> m.FactValue:
    """One fact's value (a level name, a bool or an exact number); ValueError if it is bad."""
    if fact.kind == "levels":
        text = str(raw).strip()
        matches = [level for level in fact.levels if level.lower() == text.lower()]
        if text in fact.levels:
            return text
        if len(matches) != 1:
            raise ValueError(f"{_shown(raw)} is not one of {', '.join(fact.levels)}")
        return matches[0]
    if fact.kind == "yesno":
        if isinstance(raw, bool):
            return raw
        word = str(raw).strip().lower()
        if word in _YES or word in _NO:
            return word in _YES
        raise ValueError(f"{_shown(raw)} is not yes or no")
    number = _number(raw)
    if number is None:
        raise ValueError(f"{_shown(raw)} is not a number")
    if (fact.low is not None and number < fact.low) or (
            fact.high is not None and number > fact.high):
        raise ValueError(f"{exact_text(number)} is outside {exact_text(fact.low or Fraction(0))}"
                         f"..{exact_text(fact.high or Fraction(0))}")
    return number


def _check_required(ruleset: m.Ruleset, values: Mapping[str, Fraction | None],
                    invalid: set[str], problems: list[AnswerProblem]) -> None:
    reported = set(invalid)
    for node in ruleset.root.walk():
        if node.missing != "error" or node.aggregate not in ("choice", "expr"):
            continue
        for name in node.inputs:
            if values.get(name) is None and name not in reported:
                reported.add(name)
                problems.append(AnswerProblem(name, "unanswered, and the missing-answer "
                                              "policy here is 'error'"))


# --- evaluation --------------------------------------------------------------


class _Scorer:
    def __init__(self, ruleset: m.Ruleset, values: dict[str, Fraction | None],
                 facts: dict[str, m.FactValue]) -> None:
        self.ruleset = ruleset
        self.values: dict[str, Fraction | None] = dict(values)
        self.facts = facts
        self.nodes: dict[str, NodeResult] = {}
        self.predicates: dict[str, PredicateResult] = {}
        self.views: dict[str, ViewResult] = {}
        self.derived = {d.name: d for d in ruleset.derived}
        for name in ruleset.order:  # dependencies first, so no evaluation recurses deeply
            if name in self.derived:
                self.derived_value(name)
            else:
                self.node(ruleset.node(name))

    def derived_value(self, name: str) -> Fraction | None:
        if name not in self.values:
            derived = self.derived[name]
            self.values[name] = self.evaluate(derived.expr, derived)
        return self.values[name]

    def result(self) -> Result:
        total = self.node(self.ruleset.root)
        views = {v.name: self.view(v) for top in self.ruleset.views for v in top.walk()}
        predicates = {p.name: self.predicate(p) for p in self.ruleset.predicates}
        return Result(self.ruleset, total, views, predicates, self.values, self.facts)

    def lookup(self, var: e.Var) -> Fraction | None:
        if var.kind == "node":
            found = self.node(self.ruleset.node(var.name))
            return found.score if found.answered else None
        if var.kind == "derived":
            return self.derived_value(var.name)
        return self.values.get(var.name)

    def evaluate(self, expression: e.Expr, owner: m.Node | m.Derived) -> Fraction | None:
        value = e.evaluate(expression, self.lookup)
        if isinstance(value, bool):
            raise ZonaEvaluationError(f"'{owner.name}' gave a condition, not a number",
                                      owner.span, self.ruleset.source)
        return value

    def node(self, node: m.Node) -> NodeResult:
        done = self.nodes.get(node.name)
        if done is not None:
            return done
        if node.aggregate == "choice":
            value = self.values.get(node.name)
            found = self._leaf(node, None if value is None else value * node.maximum)
        elif node.aggregate == "expr":
            children = tuple(self.node(c) for c in node.children)
            found = self._leaf(node, self.evaluate(node.expr, node) if node.expr else None,
                               children)
        elif node.aggregate == "sum":
            children = tuple(self.node(c) for c in node.children)
            children = tuple(with_contribution(c, c.score) for c in children)
            found = NodeResult(node, sum((c.score for c in children), Fraction(0)),
                               any(c.answered for c in children), children)
        else:
            found = self._mean(node)
        self.nodes[node.name] = found
        return found

    def _leaf(self, node: m.Node, points: Fraction | None,
              children: tuple[NodeResult, ...] = ()) -> NodeResult:
        if points is None:
            return NodeResult(node, Fraction(0), False, children)
        if not 0 <= points <= node.maximum:
            bound = "max(0, ...)" if points < 0 else f"min({exact_text(node.maximum)}, ...)"
            raise ZonaEvaluationError(
                f"'{node.name}' scored {exact_text(points)}, outside 0..{exact_text(node.maximum)}"
                f"; bound its score, for example with {bound}",
                node.span, self.ruleset.source)
        return NodeResult(node, points, True, children)

    def _mean(self, node: m.Node) -> NodeResult:
        children = [self.node(c) for c in node.children]
        counted = [c for c in children if c.answered or c.node.missing == "zero"]
        if not counted:
            none = tuple(with_contribution(c, Fraction(0)) for c in children)
            return NodeResult(node, Fraction(0), False, none)
        each = node.maximum / len(counted)
        scored = tuple(
            with_contribution(c, each * c.share if c in counted else Fraction(0)) for c in children)
        total = sum((each * c.share for c in counted), Fraction(0))
        return NodeResult(node, total, True, scored)

    def view(self, view: m.View) -> ViewResult:
        done = self.views.get(view.name)
        if done is not None:
            return done
        children = tuple(self.view(c) for c in view.children)
        parts = sum((self.node(self.ruleset.node(p)).score for p in view.parts), Fraction(0))
        found = ViewResult(view, parts + sum((c.score for c in children), Fraction(0)), children)
        self.views[view.name] = found
        return found

    # predicates

    def predicate(self, predicate: m.Predicate) -> PredicateResult:
        done = self.predicates.get(predicate.name)
        if done is not None:
            return done
        conditions = tuple(self.condition(c) for c in predicate.conditions)
        found = PredicateResult(predicate, _all(c.passed for c in conditions), conditions)
        self.predicates[predicate.name] = found
        return found

    def subject(self, name: str) -> NodeResult | ViewResult:
        if name in self.ruleset.nodes:
            return self.node(self.ruleset.node(name))
        return self.view(self.ruleset.views_by_name[name])

    def condition(self, condition: m.Condition) -> ConditionResult:
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
        found_subject = self.subject(condition.subject)
        actual = found_subject.share if condition.quantity == "share" else found_subject.score
        return _compare(condition, condition.subject, actual, condition.threshold)

    def every(self, condition: m.Every) -> ConditionResult:
        if condition.group in self.ruleset.views_by_name:
            view = self.ruleset.views_by_name[condition.group]
            subjects: list[NodeResult | ViewResult] = [self.subject(c.name) for c in view.children]
        else:
            node = self.ruleset.node(condition.group)
            subjects = [self.node(c) for c in node.children]
        parts = tuple(
            _compare(condition, s.name, s.share if condition.quantity == "share" else s.score,
                     condition.threshold)
            for s in subjects)
        return ConditionResult(condition, _all(p.passed for p in parts), parts=parts,
                               threshold=condition.threshold)

    def fact(self, condition: m.Compare) -> ConditionResult:
        actual = self.facts.get(condition.subject)
        if actual is None:
            return ConditionResult(condition, None, None, condition.threshold,
                                   subject=condition.subject)
        fact = self.ruleset.facts_by_name[condition.subject]
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
    passed = e.compare(op, actual, threshold)
    margin = None
    if op in (">=", ">"):
        margin = actual - threshold
    elif op in ("<=", "<"):
        margin = threshold - actual
    return ConditionResult(condition, passed, actual, threshold, margin, subject)


def _all(verdicts: object) -> bool | None:
    found = list(verdicts)  # type: ignore[call-overload]
    if any(v is False for v in found):
        return False
    return None if any(v is None for v in found) else True


def _any(verdicts: object) -> bool | None:
    found = list(verdicts)  # type: ignore[call-overload]
    if any(v is True for v in found):
        return True
    return None if any(v is None for v in found) else False


__all__ = ["read_fact", "read_value", "score", "share_of"]
