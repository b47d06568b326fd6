"""Sensitivity: what one grade step of each question is worth in the total.

    >>> for q in zona.analysis.sensitivity.sensitivity(result)[:5]:
    ...     print(q.id, q.weight, q.gain)

A question's *effective weight* is d total / d value: how many points of the total one
unit of its answer value is worth (a value in 0..1, or in its scale's range: a level 1..5
is worth its number). Its own score is value / HIGH x its maximum. Through a sum it passes
unchanged (times the sum's maximum over its counted children's, when a sibling does not
apply); through a mean of weight W that counts n children it is multiplied by W / n and
divided by the child's maximum; through a weighted mean, by W x the child's weight / the
weights counted. For a question in a sub-area of weight W with n answered questions, that
is W / n. `gain` is the exact change of the total when the answer moves one option up its
scale (ordered by value).

Where a score formula reads the question's score (or a node above it, or a view holding
either), the chain rule up the tree misses that path: such a question is re-scored
(`linear` False). A question answered "not applicable" is listed too (`not_applicable`):
`next` is its lowest option, `gain` what answering that option instead does to the total,
re-weighting as the ruleset says (its siblings share its weight again under `na
reweight`; under `na full` it loses its full marks), `headroom` the same for its best
option, and `weight` the slope once it applies (between its lowest and best options).
"""

from __future__ import annotations

from collections.abc import Mapping
from fractions import Fraction
from typing import Any

import attrs

from zona import model as m
from zona.analysis.gap.answers import unit_answers
from zona.i18n import N_
from zona.model import expr as e
from zona.model.features import FEATURES
from zona.numtext import exact_text
from zona.scoring.result import NodeResult, Result

#: the constructs beyond the first language that sensitivity supports: all of them
SUPPORTED = frozenset(FEATURES)


@attrs.frozen
class QuestionSensitivity:
    """One question's effective weight, and what its next option up would add.

    `answer` is the current option (None when unanswered), `next` the next option up
    (None at the top); `gain` is the total's exact change for that step (0 at the top)
    and `headroom` the change from the current answer to the best option. `weight` is
    d total / d value; for an unanswered question, the weight it gets once answered.
    `linear` is False when a node scored by an expression sits above the question, or a
    formula reads its score: then `weight` is the slope over the next step rather than a
    derivative. `not_applicable` is True for a question answered "not applicable"
    (`answer` is that option; `next` its lowest option; see the module doc). `held` is True
    when the ruleset lets no plan raise the answer (`change fixed` or `down`, a blank `change
    up`, or `measured` unless `surveys`): then `next` is None and `gain` and `headroom` 0.
    """

    id: str
    soal: int | None
    answer: str | None
    value: Fraction | None
    next: str | None
    weight: Fraction
    gain: Fraction
    headroom: Fraction
    linear: bool = True
    not_applicable: bool = False
    held: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "soal": self.soal, "answer": self.answer, "next": self.next,
                **_number("weight", self.weight), **_number("gain", self.gain),
                **_number("headroom", self.headroom), "linear": self.linear,
                "not_applicable": self.not_applicable, "held": self.held}


def sensitivity(result: Result, *, surveys: bool = False) -> list[QuestionSensitivity]:
    """Every question (a node answered on a scale), highest effective weight first.

    A question the ruleset holds (its `change` or `measured`; `surveys` searches the
    measured ones, as zona gap's does) is listed with its weight but no next step.

    Ties keep the ruleset's order. Answered questions are exact by the chain rule (no
    answered status changes); an unanswered one, one answered "not applicable", and one
    whose score a formula reads are re-scored through `ruleset.score`.
    """
    ruleset = result.ruleset
    ruleset.refuse(N_("sensitivity analysis"), SUPPORTED)
    parents = {c.name: n for n in result.total.walk() for c in n.children}
    answers = unit_answers(result)
    read = _read_by_formulas(ruleset)
    found = []
    questions = (n for n in result.total.walk() if n.node.aggregate == "choice")
    for position, node in enumerate(questions):
        spec = ruleset.inputs_by_name[node.name]
        assert spec.scale is not None
        options = sorted(spec.scale.valued, key=lambda o: o.value)
        value = result.values.get(node.name)
        na = node.name in result.not_applicable
        up = next((o for o in options if value is None or o.value > value), None)
        best = options[-1]
        held = not na and _held(spec, value, surveys)
        if held:
            up, best = None, next((o for o in options if o.value == value), options[0])
        weight, linear = _weight(node, parents, answered=value is not None and not na)
        linear = linear and not _read(node, parents, read)
        weight /= spec.scale.high
        if value is not None and linear:
            gain = weight * (up.value - value) if up is not None else Fraction(0)
            headroom = weight * (best.value - value)
        else:
            gain = _rescored(result, answers, node.name, up) if up is not None else Fraction(0)
            headroom = _rescored(result, answers, node.name, best) if not held else Fraction(0)
            if not linear and up is not None and value is not None:
                weight = gain / (up.value - value)
            elif not held and (na or not linear) and best.value != options[0].value:
                weight = (headroom - gain) / (best.value - options[0].value)
        answer = next((o.name for o in options if o.value == value), None)
        if na:
            answer = str(answers[node.name])
        found.append((position, QuestionSensitivity(
            node.name, spec.soal, answer, value, up.name if up is not None else None,
            weight, gain, headroom, linear, na, held)))
    found.sort(key=lambda pair: (-pair[1].weight, pair[0]))
    return [q for _, q in found]


def _held(spec: m.Input, value: Fraction | None, surveys: bool) -> bool:
    """Whether the ruleset lets no plan raise this answer (zona.model.changes)."""
    if spec.measured and not surveys:
        return True
    return spec.change in ("fixed", "down") or (spec.change == "up" and value is None)


def _read_by_formulas(ruleset: m.Ruleset) -> frozenset[str]:
    """The nodes whose scores a score formula reads (through derived values; a view: the
    nodes it sums)."""
    derived = {d.name: d.expr for d in ruleset.derived}
    stack = [n.expr for n in ruleset.nodes.values() if n.expr is not None]
    seen: set[str] = set()
    found: set[str] = set()
    while stack:
        for var in e.variables(stack.pop()):
            if var.kind == "derived" and var.name not in seen:
                seen.add(var.name)
                stack.append(derived[var.name])
            elif var.kind == "node":
                found.add(var.name)
            elif var.kind == "view":
                view = ruleset.views_by_name[var.name]
                found.update(p for v in view.walk() for p in v.parts)
    return frozenset(found)


def _read(node: NodeResult, parents: Mapping[str, NodeResult], read: frozenset[str]) -> bool:
    """Whether a formula reads the question's score or that of a node above it."""
    name = node.name
    while True:
        if name in read:
            return True
        if name not in parents:
            return False
        name = parents[name].name


def _weight(node: NodeResult, parents: Mapping[str, NodeResult],
            answered: bool) -> tuple[Fraction, bool]:
    """d total / d value by the chain rule up the tree; False when an expression is above."""
    weight = node.maximum  # score = value / HIGH x maximum (divided by HIGH by the caller)
    child = node
    joined = not answered  # answering joins the mean that does not count this child yet
    while child.name in parents:
        parent = parents[child.name]
        aggregate = parent.node.aggregate
        kept = [c for c in parent.children if c.applicable or c.node.na != "reweight"]
        if aggregate in ("mean", "weighted"):
            counted = [c for c in kept if c.answered or c.node.missing == "zero"]
            if joined and child not in counted:
                counted.append(child)
            own = _weight_in(parent, child)
            weights = sum((_weight_in(parent, c) for c in counted), Fraction(0))
            weight *= parent.maximum * own / (weights * child.maximum)
            joined = joined and not parent.answered
        elif aggregate == "sum":
            room = sum((c.maximum for c in kept), Fraction(0))
            weight *= parent.maximum / room if room else Fraction(1)
        elif aggregate == "expr":
            return weight, False
        child = parent
    return weight, True


def _weight_in(parent: NodeResult, child: NodeResult) -> Fraction:
    """A child's weight in its parent's mean: 1, or its weight in a weighted mean."""
    return (child.node.weight or Fraction(1)) if parent.node.aggregate == "weighted" \
        else Fraction(1)


def _rescored(result: Result, answers: Mapping[str, object], name: str,
              option: m.ScaleOption) -> Fraction:
    changed = dict(answers)
    changed[name] = option.name
    return result.ruleset.score(changed, result.facts).total.score - result.total.score


def _number(key: str, value: Fraction) -> dict[str, Any]:
    plain: int | float = value.numerator if value.denominator == 1 else float(value)
    return {key: plain, f"{key}_exact": exact_text(value)}


__all__ = ["QuestionSensitivity", "sensitivity"]
