"""The conditions a predicate needs, read for gap analysis: score thresholds to meet,
and the fact conditions no answer can change.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

import attrs

from zona import model as m
from zona.analysis.gap.search import Need
from zona.errors import ZonaError
from zona.model.expr import compare
from zona.numtext import exact_text
from zona.scoring.result import ConditionResult, Result


@attrs.frozen
class Blocking:
    """A condition that no allowed change of answers can meet.

    `highest` is the best value its score can reach by the allowed changes (None for a
    fact); `frozen` the inputs that could raise it but may not change.
    """

    condition: str
    reason: str
    highest: Fraction | None = None
    threshold: Fraction | None = None
    frozen: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        found: dict[str, Any] = {"condition": self.condition, "reason": self.reason}
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


def requirements(result: Result, target: str) -> tuple[list[Requirement], list[Blocking]]:
    """The score conditions predicate `target` needs, and the fact conditions that fail."""
    ruleset = result.ruleset
    needs: list[Requirement] = []
    facts: list[Blocking] = []
    seen: set[str] = set()

    def visit(condition: m.Condition, found: ConditionResult) -> None:
        if isinstance(condition, m.AllOf):
            for inner, inner_found in zip(condition.parts, found.parts, strict=True):
                visit(inner, inner_found)
        elif isinstance(condition, m.PredicateRef):
            predicate(condition.name)
        elif isinstance(condition, m.Every):
            for part in found.parts:
                assert part.subject is not None
                needs.append(_requirement(ruleset, f"{condition.text} ({part.subject})",
                                          part.subject, condition.quantity, condition.op,
                                          condition.threshold))
        elif isinstance(condition, m.Compare) and condition.quantity != "fact":
            assert isinstance(condition.threshold, Fraction)
            needs.append(_requirement(ruleset, condition.text, condition.subject,
                                      condition.quantity, condition.op, condition.threshold))
        elif _reads_scores(condition):
            word = "or" if isinstance(condition, m.AnyOf) else "not"
            raise ZonaError(f"gap analysis cannot optimise '{condition.text}': a score under "
                            f"'{word}' may be met in more than one way; only 'and', 'every "
                            f"child of', predicate references and >=/> comparisons are searched")
        elif found.passed is not True:
            facts.append(_fact_blocking(condition, found))

    def predicate(name: str) -> None:
        if name in seen:
            return
        seen.add(name)
        found = result.predicates[name]
        for condition, condition_found in zip(found.predicate.conditions, found.conditions,
                                              strict=True):
            visit(condition, condition_found)

    predicate(target)
    return needs, facts


def _requirement(ruleset: m.Ruleset, text: str, subject: str, quantity: str, op: str,
                 threshold: Fraction) -> Requirement:
    if op not in (">=", ">"):
        raise ZonaError(f"gap analysis cannot optimise '{text}': it only raises scores, and "
                        f"'{op}' is not met by raising one")
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


def _reads_scores(condition: m.Condition) -> bool:
    if isinstance(condition, m.AllOf | m.AnyOf):
        return any(_reads_scores(p) for p in condition.parts)
    if isinstance(condition, m.NoneOf):
        return _reads_scores(condition.part)
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
    return Blocking(condition.text, reason)


def _number(key: str, value: Fraction) -> dict[str, Any]:
    plain: int | float = value.numerator if value.denominator == 1 else float(value)
    return {key: plain, f"{key}_exact": exact_text(value)}


__all__ = ["Blocking", "Requirement", "requirements"]
