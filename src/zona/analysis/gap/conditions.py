"""The conditions a predicate needs, read for gap analysis: score thresholds to meet,
and the fact conditions no answer can change.
"""

from __future__ import annotations

from collections.abc import Iterator
from fractions import Fraction
from typing import Any, Literal

import attrs

from zona import model as m
from zona.analysis.gap.leaves import Unsupported
from zona.analysis.gap.search import Need
from zona.model.expr import compare
from zona.numtext import exact_text
from zona.scoring.result import ConditionResult, Result


@attrs.frozen
class Blocking:
    """A condition that no allowed change of answers can meet.

    `highest` is the best value its score can reach by the allowed changes (None for a
    fact); `frozen` the inputs that could raise it but may not change. `kind` is "score"
    (proven: no allowed change meets it), "fact" (answers cannot change it) or "unmet"
    (the heuristic search found no plan meeting it; one may still exist).
    """

    condition: str
    reason: str
    highest: Fraction | None = None
    threshold: Fraction | None = None
    frozen: tuple[str, ...] = ()
    kind: Literal["score", "fact", "unmet"] = "score"

    def to_dict(self) -> dict[str, Any]:
        found: dict[str, Any] = {"condition": self.condition, "kind": self.kind,
                                 "reason": self.reason}
        if self.highest is not None:
            found.update(_number("highest", self.highest))
        if self.threshold is not None:
            found.update(_number("threshold", self.threshold))
        found["frozen"] = list(self.frozen)
        return found


@attrs.frozen
class Requirement:
    """A score condition to meet: `subject`'s score or share `op` `threshold`."""

    text: str
    subject: str
    quantity: str
    op: str
    threshold: Fraction
    need: Need

    def met(self, result: Result) -> bool:
        found = result[self.subject]
        actual = found.share if self.quantity == "share" else found.score
        return compare(self.op, actual, self.threshold)


def top_conditions(result: Result, target: str,
                   ) -> Iterator[tuple[m.Condition, ConditionResult]]:
    """The conditions predicate `target` needs all of, with their verdicts in `result`:
    read through `and` and predicate references (each predicate once)."""
    seen: set[str] = set()

    def visit(condition: m.Condition, found: ConditionResult,
              ) -> Iterator[tuple[m.Condition, ConditionResult]]:
        if isinstance(condition, m.AllOf):
            for inner, inner_found in zip(condition.parts, found.parts, strict=True):
                yield from visit(inner, inner_found)
        elif isinstance(condition, m.PredicateRef):
            yield from predicate(condition.name)
        else:
            yield condition, found

    def predicate(name: str) -> Iterator[tuple[m.Condition, ConditionResult]]:
        if name in seen:
            return
        seen.add(name)
        found = result.predicates[name]
        for condition, condition_found in zip(found.predicate.conditions, found.conditions,
                                              strict=True):
            yield from visit(condition, condition_found)

    yield from predicate(target)


def requirements(result: Result, target: str) -> tuple[list[Requirement], list[Blocking]]:
    """The score conditions predicate `target` needs, and the fact conditions that fail.

    Raises Unsupported for a condition the exact search cannot optimise: a score under
    'or' or 'not', or a comparison other than >= and > on a score.
    """
    ruleset = result.ruleset
    needs: list[Requirement] = []
    facts: list[Blocking] = []
    for condition, found in top_conditions(result, target):
        if isinstance(condition, m.Every):
            for part in found.parts:
                assert part.subject is not None
                needs.append(_requirement(ruleset, f"{condition.text} ({part.subject})",
                                          part.subject, condition.quantity, condition.op,
                                          condition.threshold))
        elif isinstance(condition, m.Compare) and condition.quantity in ("score", "share"):
            assert isinstance(condition.threshold, Fraction)
            needs.append(_requirement(ruleset, condition.text, condition.subject,
                                      condition.quantity, condition.op, condition.threshold))
        elif isinstance(condition, m.Compare) and condition.quantity != "fact":
            raise Unsupported(f"gap analysis cannot optimise '{condition.text}' exactly: it "
                              f"compares a {condition.quantity}, not a score")
        elif reads_scores(condition):
            word = "or" if isinstance(condition, m.AnyOf) else "not"
            raise Unsupported(f"gap analysis cannot optimise '{condition.text}' exactly: a "
                              f"score under '{word}' may be met in more than one way; only "
                              f"'and', 'every child of', predicate references and >=/> "
                              f"comparisons are searched exactly")
        elif found.passed is not True:
            facts.append(_fact_blocking(condition, found))
    return needs, facts


def fact_blockings(result: Result, target: str) -> list[Blocking]:
    """The conditions of `target` on facts alone that do not pass: no answer changes them."""
    return [_fact_blocking(condition, found)
            for condition, found in top_conditions(result, target)
            if not reads_scores(condition) and found.passed is not True]


def _requirement(ruleset: m.Ruleset, text: str, subject: str, quantity: str, op: str,
                 threshold: Fraction) -> Requirement:
    if op not in (">=", ">"):
        raise Unsupported(f"gap analysis cannot optimise '{text}' exactly: it only raises "
                          f"scores, and '{op}' is not met by raising one")
    form = _form(ruleset, subject)
    maximum = ruleset.node(subject).maximum if subject in ruleset.nodes \
        else ruleset.views_by_name[subject].maximum
    bar = threshold * maximum if quantity == "share" else threshold
    if quantity == "share" and not maximum:
        form = {}  # a share of nothing is 0
    need = Need(text, form, bar, strict=op == ">")
    return Requirement(text, subject, quantity, op, threshold, need)


def _form(ruleset: m.Ruleset, subject: str) -> dict[str, Fraction]:
    """A node's or a view's score as a sum of node scores."""
    if subject in ruleset.nodes:
        return {subject: Fraction(1)}
    found: dict[str, Fraction] = {}
    for view in ruleset.views_by_name[subject].walk():
        for part in view.parts:
            found[part] = found.get(part, Fraction(0)) + 1
    return found


def reads_scores(condition: m.Condition) -> bool:
    """Whether a condition compares a score or share (facts alone: False)."""
    if isinstance(condition, m.AllOf | m.AnyOf):
        return any(reads_scores(p) for p in condition.parts)
    if isinstance(condition, m.NoneOf):
        return reads_scores(condition.part)
    if isinstance(condition, m.Compare):
        return condition.quantity != "fact"
    return True  # every child of, predicate references


def _fact_blocking(condition: m.Condition, found: ConditionResult) -> Blocking:
    if found.passed is None:
        reason = "depends on a fact that is not known; answers cannot change it"
    elif found.actual is not None and isinstance(condition, m.Compare):
        shown = exact_text(found.actual) if isinstance(found.actual, Fraction) \
            else str(found.actual).lower() if isinstance(found.actual, bool) else found.actual
        reason = f"fails on a fact (it is {shown}); answers cannot change it"
    else:
        reason = "fails on facts; answers cannot change it"
    return Blocking(condition.text, reason, kind="fact")


def _number(key: str, value: Fraction) -> dict[str, Any]:
    plain: int | float = value.numerator if value.denominator == 1 else float(value)
    return {key: plain, f"{key}_exact": exact_text(value)}


__all__ = ["Blocking", "Requirement", "fact_blockings", "reads_scores", "requirements",
           "top_conditions"]
