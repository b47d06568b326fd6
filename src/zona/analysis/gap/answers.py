"""A unit's answers as gap analysis handles them: exact values per input, the answers to
score with, and a plan (input -> new value) applied to them.

An answer "not applicable" has no value (`Result.values` holds None for it): it is kept as
its scale's `na` option, never changed, and never proposed. An `na` option's stored value
(0) is no value, so a value is always read back as an option that has one (an `na` option
may share 0 with a real option).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from fractions import Fraction

from zona import model as m
from zona.analysis.gap.leaves import GRID
from zona.numtext import approx_text, exact_text
from zona.scoring.result import Result


def answer(spec: m.Input, value: Fraction) -> object:
    """An input's value as an answer to score with: a choice as the name of its option
    with that value (never an `na` option)."""
    if spec.kind == "choice":
        assert spec.scale is not None
        return next(o.name for o in spec.scale.valued if o.value == value)
    return value


def answers_of(ruleset: m.Ruleset, values: Mapping[str, Fraction | None],
               not_applicable: Iterable[str] = ()) -> dict[str, object]:
    """Answers to score with, from input values (unanswered inputs left out) and the inputs
    answered "not applicable" (as their scale's `na` option)."""
    found = {name: answer(ruleset.inputs_by_name[name], value)
             for name, value in values.items() if value is not None}
    for name in not_applicable:
        scale = ruleset.inputs_by_name[name].scale
        assert scale is not None and scale.not_applicable
        found[name] = scale.not_applicable[0]
    return found


def unit_answers(result: Result) -> dict[str, object]:
    """A scored unit's answers, to score again with: every answered input, and those
    answered "not applicable"."""
    ruleset = result.ruleset
    return answers_of(ruleset, {i.name: result.values.get(i.name) for i in ruleset.inputs},
                      result.not_applicable)


def apply(ruleset: m.Ruleset, answers: Mapping[str, object],
          plan: Mapping[str, Fraction]) -> dict[str, object]:
    """The answers with a plan's changes made."""
    changed = dict(answers)
    changed.update({n: answer(ruleset.inputs_by_name[n], v) for n, v in plan.items()})
    return changed


def input_order(ruleset: m.Ruleset) -> Callable[[str], int]:
    """A sort key: inputs in the ruleset's order."""
    order = {i.name: n for n, i in enumerate(ruleset.inputs)}
    return lambda name: order.get(name, len(order))


def shown(spec: m.Input, value: Fraction | None) -> str | None:
    """An answer as written: an option name, a count, a decimal with 2 places (3.20)."""
    if value is None:
        return None
    found = answer(spec, value)
    if isinstance(found, str):
        return found
    if spec.kind == "decimal" and (value / GRID).denominator == 1:
        return approx_text(value, 2)
    return exact_text(value)


__all__ = ["answer", "answers_of", "apply", "input_order", "shown", "unit_answers"]
