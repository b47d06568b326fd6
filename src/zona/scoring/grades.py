"""The grades of one unit: each decided once, from its numbers (the value a grade's bands
read) and its verdicts (the levels' `when` conditions, three-valued).

Level L holds when the value reaches L's band (v >= LOW, v > LOW for `> LOW`; always for a
band without a low end) and L's `when` holds; the lowest level always holds. Reading from
the highest level down, the first level that holds is the grade, unless a level above it is
undecided: then the grade is undecided (`level` None) and `at_least` is the level known to
hold. A grade whose value is unanswered is unanswered.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from fractions import Fraction
from typing import TYPE_CHECKING

import attrs

from zona import model as m
from zona.model import expr as e
from zona.scoring.grade_result import GradeResult, LevelResult
from zona.scoring.numbers import State
from zona.scoring.read import fact_number

if TYPE_CHECKING:
    from zona.scoring.plan import Plan
    from zona.scoring.result import ConditionResult

Verdict = Callable[[m.Condition], "bool | None"]
_ZERO = Fraction(0)


@attrs.frozen
class Decision:
    """A grade decided for one unit: the level (None when undecided or unanswered), the
    highest level known to hold, the value its bands read, and per level (lowest first)
    whether it holds and whether the value reaches its band."""

    level: str | None
    at_least: str | None
    value: Fraction | None
    answered: bool
    holds: tuple[bool | None, ...]
    reached: tuple[bool | None, ...]


class Grades:
    """The grades of one unit. `condition` gives a condition's verdict (zona.scoring.verdicts),
    so that a level's `when` may read scores, facts, predicates and other grades."""

    def __init__(self, plan: Plan, state: State, condition: Verdict,
                 facts: Mapping[str, m.FactValue]) -> None:
        self.plan = plan
        self.state = state
        self.condition = condition
        self.facts = facts
        self.grades = plan.ruleset.grades_by_name
        self.decided: dict[str, Decision] = {}

    def value(self, grade: m.Grade) -> Fraction | None:
        """The value a grade's bands read: None when anything it mentions is unanswered or
        does not apply, and for a grade by rules."""
        if grade.value is None:
            return None
        found = e.evaluate(grade.value, self._read)
        if isinstance(found, bool):  # the compiler admits numbers only
            raise TypeError(f"the value of grade '{grade.name}' is a condition")
        return found

    def _read(self, var: e.Var) -> Fraction | None:
        """What an expression reads, as scoring has it: an input's answer or a derived value,
        a node's score, a view's (the sum of its parts; None when every part is None), a
        fact as expressions read it (a level's position, yes 1, no 0)."""
        state, name = self.state, var.name
        if var.kind == "node":
            return state.known[name]
        if var.kind == "view":
            view = self.plan.ruleset.views_by_name[name]
            parts = [state.known[p] for v in view.walk() for p in v.parts]
            return None if all(p is None for p in parts) else \
                sum((p for p in parts if p is not None), _ZERO)
        if var.kind == "fact":
            return fact_number(self.plan.ruleset.facts_by_name[name], self.facts.get(name))
        found = state.values.get(name)
        spec = self.plan.ruleset.inputs_by_name.get(name)
        if found is None and name in state.na and spec is not None:  # not applicable
            high = spec.scale.high if spec.scale is not None else Fraction(1)
            return high if spec.na == "full" else _ZERO if spec.na == "zero" else None
        return found

    def decide(self, grade: m.Grade) -> Decision:
        found = self.decided.get(grade.name)
        if found is None:
            found = self.decided[grade.name] = self._decide(grade)
        return found

    def _decide(self, grade: m.Grade) -> Decision:
        value = self.value(grade)
        answered = not grade.by_bands or value is not None
        holds: list[bool | None] = []
        reached: list[bool | None] = []
        for index, level in enumerate(grade.levels):
            band: bool | None = True
            if level.band is not None:
                band = None if value is None else level.band.reaches(value)
            reached.append(band)
            if index == 0:
                holds.append(True)
                continue
            when = self.condition(level.when) if level.when is not None else True
            holds.append(_all((band, when)))
        at_least: str | None = None
        undecided = False
        for level, verdict in zip(reversed(grade.levels), reversed(holds), strict=True):
            if verdict is True:
                at_least = level.name
                break
            undecided = undecided or verdict is None
        return Decision(None if undecided or not answered else at_least, at_least, value,
                        answered, tuple(holds), tuple(reached))

    def compare(self, condition: m.Compare) -> bool | None:
        """`grade ID OP LEVEL`: by position, lowest first. An undecided grade leaves it
        undecided, except that `>=` and `>` pass when the level known to hold passes."""
        grade = self.grades[condition.subject]
        decision = self.decide(grade)
        bar = Fraction(grade.position(str(condition.threshold)))
        if decision.level is not None:
            return e.compare(condition.op, Fraction(grade.position(decision.level)), bar)
        if decision.at_least is not None and condition.op in (">=", ">") and e.compare(
                condition.op, Fraction(grade.position(decision.at_least)), bar):
            return True
        return None


def _all(verdicts: Iterable[bool | None]) -> bool | None:
    found = list(verdicts)
    if False in found:
        return False
    return None if None in found else True


def grade_result(grade: m.Grade, decision: Decision,
                 condition: Callable[[m.Condition], ConditionResult]) -> GradeResult:
    """A grade's result; each level's conditions are built when first read."""

    def levels() -> dict[str, LevelResult]:
        return {
            level.name: LevelResult(
                level, holds, reached, _when(level, condition))
            for level, holds, reached in zip(grade.levels, decision.holds, decision.reached,
                                             strict=True)}

    return GradeResult(grade, decision.level, decision.at_least, decision.value,
                       decision.answered, levels)


def _when(level: m.Level, condition: Callable[[m.Condition], ConditionResult]
          ) -> Callable[[], tuple[ConditionResult, ...]]:
    """A level's `when` verdicts, built when first read."""
    when = level.when
    return lambda: (condition(when),) if when is not None else ()
