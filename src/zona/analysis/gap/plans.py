"""Gap analysis: the fewest answer changes that make a predicate pass, found exactly.

    >>> plan = zona.analysis.gap.gap(result, "WBK")
    >>> plan.feasible, [(c.id, c.old, c.new) for c in plan.changes]

The search (zona.analysis.gap.search) minimises the number of changed answers, or the number of
grade steps; `plan.after` is the unit re-scored by the normal path, `ruleset.score`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from fractions import Fraction
from typing import Any, Literal

import attrs

from zona import model as m
from zona.analysis.gap.conditions import Blocking, Requirement, requirements
from zona.analysis.gap.leaves import GRID, steps_between
from zona.analysis.gap.search import Need, Search
from zona.errors import ZonaError, did_you_mean
from zona.numtext import approx_text, exact_text
from zona.scoring.result import Result

Minimise = Literal["answers", "steps"]


@attrs.frozen
class Change:
    """One answer to change: input `id` (PortalRB `soal`) from `old` to `new`.

    `old`/`new` are the answers as written (an option name, a number); `old` is None when
    the input was unanswered. `points` is what this change alone adds to the total, and
    `steps` how many options up (or down) the scale it moves (1 for a count or decimal).
    """

    id: str
    soal: int | None
    old: str | None
    new: str
    old_value: Fraction | None
    new_value: Fraction
    points: Fraction
    steps: int

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "soal": self.soal, "from": self.old, "to": self.new,
                "steps": self.steps, **_number("points", self.points)}


@attrs.frozen
class GapPlan:
    """The smallest set of answer changes that makes predicate `target` pass.

    `feasible` is True when the predicate passes after the changes; otherwise `blocking`
    names the conditions in the way. When only facts block, `changes` still holds what the
    score conditions need.
    """

    target: str
    minimise: Minimise
    feasible: bool
    changes: tuple[Change, ...]
    after: Result
    blocking: tuple[Blocking, ...] = ()
    frozen: tuple[str, ...] = ()
    surveys: bool = False

    @property
    def cost(self) -> int:
        """The minimised quantity: the number of changes, or of grade steps."""
        return sum(c.steps for c in self.changes) if self.minimise == "steps" \
            else len(self.changes)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready document; `after` is Result.to_dict() of the changed answers."""
        return {
            "target": self.target,
            "minimise": self.minimise,
            "feasible": self.feasible,
            "cost": self.cost,
            "changes": [c.to_dict() for c in self.changes],
            "blocking": [b.to_dict() for b in self.blocking],
            "frozen": list(self.frozen),
            "surveys": self.surveys,
            "survey_step": exact_text(GRID) if self.surveys else None,
            "after": self.after.to_dict(),
        }


# --- the analysis ---------------------------------------------------------------


def gap(result: Result, target: str, *, minimise: Minimise = "answers",
        freeze: Iterable[str] = (), surveys: bool = False) -> GapPlan:
    """The fewest answer changes (or grade steps) that make predicate `target` pass.

    `freeze` lists inputs that may not change; decimal inputs (survey indices) are
    frozen too unless `surveys` is True, and are then searched in steps of 0.01.
    Facts never change. Raises ZonaError for an unknown target or input, or a predicate
    whose shape cannot be optimised exactly ('or'/'not' over scores, '<=' thresholds).
    """
    ruleset = result.ruleset
    if target not in ruleset.predicates_by_name:
        hint = did_you_mean(target, ruleset.predicates_by_name)
        raise ZonaError(f"no predicate '{target}' in {ruleset.id}" + (f". {hint}" if hint else "")
                        + f" (predicates: {', '.join(ruleset.predicates_by_name)})")
    if minimise not in ("answers", "steps"):
        raise ZonaError(f"minimise must be 'answers' or 'steps', not {minimise!r}")
    frozen = _frozen(ruleset, freeze, surveys)
    values = {i.name: result.values.get(i.name) for i in ruleset.inputs}
    search = Search(ruleset, values, (i.name for i in ruleset.inputs if i.name not in frozen),
                    steps=minimise == "steps")
    needed, facts = requirements(result, target)
    answers = _answers(ruleset, values)
    constant = [r for r in needed if not r.need.form and not r.need.met(Fraction(0))]
    found = None if constant else search.solve([r.need for r in needed])
    if found is None:
        blocking = [Blocking(r.text, "can never be met: its maximum is 0", Fraction(0),
                             r.need.threshold) for r in constant]
        blocking += _blockers(search, needed, frozen) if not constant else []
        after = ruleset.score(answers, result.facts)
        return GapPlan(target, minimise, False, (), after, tuple(blocking + facts),
                       tuple(sorted(frozen, key=_input_order(ruleset))), surveys)
    plan = _shrink(search, ruleset, answers, result.facts, found[1], needed)
    after = ruleset.score(_apply(ruleset, answers, plan), result.facts)
    if not all(r.met(after) for r in needed):
        raise ZonaError(f"gap analysis found changes that do not meet the conditions of "
                        f"{target} when scored; this is a bug in zona, please report it")
    order = _input_order(ruleset)
    changes = tuple(_change(ruleset, result, answers, name, plan[name])
                    for name in sorted(plan, key=order))
    passed = after.predicates[target].passed is True
    return GapPlan(target, minimise, passed, changes, after, tuple(facts),
                   tuple(sorted(frozen, key=order)), surveys)


def _frozen(ruleset: m.Ruleset, freeze: Iterable[str], surveys: bool) -> set[str]:
    names = [freeze] if isinstance(freeze, str) else list(freeze)
    unknown = [n for n in names if n not in ruleset.inputs_by_name]
    if unknown:
        hints = [did_you_mean(n, ruleset.inputs_by_name) for n in unknown]
        raise ZonaError("cannot freeze " + "; ".join(
            f"'{n}': no question or input has this id" + (f". {h}" if h else "")
            for n, h in zip(unknown, hints, strict=True)))
    found = set(names)
    if not surveys:
        found |= {i.name for i in ruleset.inputs if i.kind == "decimal"}
    return found


def _input_order(ruleset: m.Ruleset) -> Any:
    order = {i.name: n for n, i in enumerate(ruleset.inputs)}
    return lambda name: order.get(name, len(order))


def _answers(ruleset: m.Ruleset, values: Mapping[str, Fraction | None]) -> dict[str, object]:
    """Answers to score with: a choice as its option's name, numbers as they are."""
    return {name: _answer(ruleset.inputs_by_name[name], value)
            for name, value in values.items() if value is not None}


def _answer(spec: m.Input, value: Fraction) -> object:
    if spec.kind == "choice":
        assert spec.scale is not None
        return next(o.name for o in spec.scale.options if o.value == value)
    return value


def _apply(ruleset: m.Ruleset, answers: Mapping[str, object],
           plan: Mapping[str, Fraction]) -> dict[str, object]:
    changed = dict(answers)
    changed.update({n: _answer(ruleset.inputs_by_name[n], v) for n, v in plan.items()})
    return changed


def _shown(spec: m.Input, value: Fraction | None) -> str | None:
    """An answer as written: an option name, a count, a decimal with 2 places (3.20)."""
    if value is None:
        return None
    answer = _answer(spec, value)
    if isinstance(answer, str):
        return answer
    if spec.kind == "decimal" and (value / GRID).denominator == 1:
        return approx_text(value, 2)
    return exact_text(value)


def _change(ruleset: m.Ruleset, result: Result,
            answers: Mapping[str, object], name: str, value: Fraction) -> Change:
    spec = ruleset.inputs_by_name[name]
    old = result.values.get(name)
    alone = ruleset.score(_apply(ruleset, answers, {name: value}), result.facts)
    steps = steps_between(spec, old, value)
    return Change(name, spec.soal, _shown(spec, old), _shown(spec, value) or "", old, value,
                  alone.total.score - result.total.score, steps)


def _shrink(search: Search, ruleset: m.Ruleset, answers: Mapping[str, object],
            facts: Mapping[str, object], plan: dict[str, Fraction],
            needed: list[Requirement]) -> dict[str, Fraction]:
    """Lower each change, one at a time, to the least that still meets every condition.

    The cost never rises, so the plan stays optimal; no single change overshoots.
    """
    plan = dict(plan)

    def passes(trial: Mapping[str, Fraction]) -> bool:
        scored = ruleset.score(_apply(ruleset, answers, trial), facts)
        return all(r.met(scored) for r in needed)

    for name in sorted(plan, key=_input_order(ruleset)):
        leaves = search.leaves
        leaf = ruleset.node(leaves.leaf_of.get(name, name))
        original = leaves.values.get(name)
        if leaf.aggregate == "choice":
            options = [(v, c, v * leaf.maximum) for v, c in leaves.domain(name)]
        else:
            options = leaves.alternatives(leaf, plan, name)
        mine = plan[name]
        now = next(p for v, _, p in options if v == mine)
        cost = next(c for v, c, _ in options if v == mine)
        options = [o for o in options if o[1] <= cost and o[2] <= now]
        scores = sorted({p for _, _, p in options})
        low, high = 0, len(scores) - 1  # scores[high] == now passes
        while low < high:
            middle = (low + high) // 2
            pick = next(v for v, _, p in options if p == scores[middle])
            if passes({**plan, name: pick}):
                high = middle
            else:
                low = middle + 1
        least = scores[high]
        base = original if original is not None else Fraction(0)
        plan[name] = min((o for o in options if o[2] >= least),
                         key=lambda o: (o[1], abs(o[0] - base), o[0]))[0]
    return plan


def _blockers(search: Search, needed: list[Requirement], frozen: set[str]) -> list[Blocking]:
    """The conditions no allowed change can meet: each alone, else a smallest joint set."""
    alone = []
    for r in needed:
        highest = search.highest(Need(r.text, r.need.form, None))
        if highest is None or not r.need.met(highest):
            alone.append(Blocking(r.text, "cannot be met by changing the allowed answers",
                                  highest, r.need.threshold, _frozen_inputs(search, r, frozen)))
    if alone:
        return alone
    kept = list(needed)
    for r in list(kept):
        trial = [k for k in kept if k is not r]
        if search.solve([k.need for k in trial]) is None:
            kept = trial
    return [Blocking(r.text, "cannot be met together with the other blocking conditions",
                     None, r.need.threshold, _frozen_inputs(search, r, frozen)) for r in kept]


def _frozen_inputs(search: Search, requirement: Requirement, frozen: set[str]) -> tuple[str, ...]:
    ruleset = search.ruleset
    found: list[str] = []
    for name in requirement.need.form:
        for node in ruleset.node(name).walk():
            names = (node.name,) if node.aggregate == "choice" else \
                search.leaves.inputs_of(node) if node.aggregate == "expr" else ()
            found.extend(n for n in names if n in frozen and n not in found)
    return tuple(found)


def _number(key: str, value: Fraction) -> dict[str, Any]:
    plain: int | float = value.numerator if value.denominator == 1 else float(value)
    return {key: plain, f"{key}_exact": exact_text(value)}


__all__ = ["Blocking", "Change", "GapPlan", "Requirement", "gap", "requirements"]
