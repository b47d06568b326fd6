"""Sensitivity: what one grade step of each question is worth in the total.

    >>> for q in zona.analysis.sensitivity.sensitivity(result)[:5]:
    ...     print(q.id, q.weight, q.gain)

A question's *effective weight* is d total / d value: how many points of the total one
full unit of its answer value (0..1) is worth. Through a sum it passes unchanged;
through a mean of weight W that counts n children it is multiplied by W / n and divided
by the child's maximum. For a question in a sub-area of weight W with n answered
questions, that is W / n. `gain` is the exact change of the total when the answer moves
one option up its scale (ordered by value).
"""

from __future__ import annotations

from collections.abc import Mapping
from fractions import Fraction
from typing import Any

import attrs

from zona import model as m
from zona.numtext import exact_text
from zona.scoring.result import NodeResult, Result


@attrs.frozen
class QuestionSensitivity:
    """One question's effective weight, and what its next option up would add.

    `answer` is the current option (None when unanswered), `next` the next option up
    (None at the top); `gain` is the total's exact change for that step (0 at the top)
    and `headroom` the change from the current answer to the best option. `weight` is
    d total / d value; for an unanswered question, the weight it gets once answered.
    `linear` is False when a node scored by an expression sits above the question: then
    `weight` is the slope over the next step rather than a derivative.
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

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "soal": self.soal, "answer": self.answer, "next": self.next,
                **_number("weight", self.weight), **_number("gain", self.gain),
                **_number("headroom", self.headroom), "linear": self.linear}


def sensitivity(result: Result) -> list[QuestionSensitivity]:
    """Every question (a node answered on a scale), highest effective weight first.

    Ties keep the ruleset's order. Answered questions are exact by the chain rule (no
    answered status changes); an unanswered one is re-scored through `ruleset.score`,
    since answering it changes how many questions its mean counts.
    """
    ruleset = result.ruleset
    ruleset.refuse("sensitivity analysis")  # the constructs beyond the first language: not yet
    parents = {c.name: n for n in result.total.walk() for c in n.children}
    answers = _answers(result)
    found = []
    for position, node in enumerate(n for n in result.total.walk()
                                     if n.node.aggregate == "choice"):
        spec = ruleset.inputs_by_name[node.name]
        assert spec.scale is not None
        options = sorted(spec.scale.options, key=lambda o: o.value)
        value = result.values.get(node.name)
        up = next((o for o in options if value is None or o.value > value), None)
        best = options[-1]
        weight, linear = _weight(node, parents, answered=value is not None)
        if value is not None and linear:
            gain = weight * (up.value - value) if up is not None else Fraction(0)
            headroom = weight * (best.value - value)
        else:
            gain = _rescored(result, answers, node.name, up) if up is not None else Fraction(0)
            headroom = _rescored(result, answers, node.name, best)
            if not linear and up is not None and value is not None:
                weight = gain / (up.value - value)
        answer = next((o.name for o in options if o.value == value), None)
        found.append((position, QuestionSensitivity(
            node.name, spec.soal, answer, value, up.name if up is not None else None,
            weight, gain, headroom, linear)))
    found.sort(key=lambda pair: (-pair[1].weight, pair[0]))
    return [q for _, q in found]


def _weight(node: NodeResult, parents: Mapping[str, NodeResult],
            answered: bool) -> tuple[Fraction, bool]:
    """d total / d value by the chain rule up the tree; False when an expression is above."""
    weight = node.maximum  # score = value x maximum
    child = node
    joined = not answered  # answering joins the mean that does not count this child yet
    while child.name in parents:
        parent = parents[child.name]
        aggregate = parent.node.aggregate
        if aggregate == "mean":
            counted = [c for c in parent.children if c.answered or c.node.missing == "zero"]
            size = len(counted) + (1 if joined and child not in counted else 0)
            weight *= parent.maximum / (size * child.maximum)
            joined = joined and not parent.answered
        elif aggregate == "expr":
            return weight, False
        child = parent
    return weight, True


def _answers(result: Result) -> dict[str, object]:
    found: dict[str, object] = {}
    for spec in result.ruleset.inputs:
        value = result.values.get(spec.name)
        if value is None:
            continue
        if spec.kind == "choice":
            assert spec.scale is not None
            found[spec.name] = next(o.name for o in spec.scale.options if o.value == value)
        else:
            found[spec.name] = value
    return found


def _rescored(result: Result, answers: Mapping[str, object], name: str,
              option: m.ScaleOption) -> Fraction:
    changed = dict(answers)
    changed[name] = option.name
    return result.ruleset.score(changed, result.facts).total.score - result.total.score


def _number(key: str, value: Fraction) -> dict[str, Any]:
    plain: int | float = value.numerator if value.denominator == 1 else float(value)
    return {key: plain, f"{key}_exact": exact_text(value)}


__all__ = ["QuestionSensitivity", "sensitivity"]
