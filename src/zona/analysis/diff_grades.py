"""What changes in the grades between two rulesets (a grade or a level added or removed, a
level's band, its `when` rule, its label, the value the bands read, the order of levels),
and whose grade changes: a unit scored under both rulesets with a different level."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from fractions import Fraction
from typing import Any, TypeVar

import attrs

from zona import model as m
from zona.analysis.grades import value_text
from zona.i18n import _
from zona.numtext import exact_text
from zona.scoring.grade_result import GradeResult
from zona.scoring.result import Result

T = TypeVar("T")
Make = Callable[[str, str, "str | None", "str | None"], T]


def grade_changes(old: m.Ruleset, new: m.Ruleset, make: Make[T]) -> Iterator[T]:
    """Every change to the grades, as `make(kind, subject, before, after)` (a diff.Change):
    kind "added"/"removed" for grades and levels, "band" and "rule" for a level's band and
    `when`, "value" for what a grade's bands read, "order" for its levels' order, "text"
    for a label."""
    before, after = old.grades_by_name, new.grades_by_name
    for name in before:
        if name not in after:
            yield make("removed", f"grade {name}", _levels(before[name]), None)
    for name, grade in after.items():
        was = before.get(name)
        if was is None:
            yield make("added", f"grade {name}", None, _levels(grade))
            continue
        if value_text(was) != value_text(grade):
            yield make("value", f"grade {name}", value_text(was), value_text(grade))
        if was.texts.label != grade.texts.label:
            yield make("text", f"grade {name}.label", was.texts.label, grade.texts.label)
        yield from _levels_changed(was, grade, make)


def _levels_changed(was: m.Grade, grade: m.Grade, make: Make[T]) -> Iterator[T]:
    name = grade.name
    old, new = was.levels_by_name, grade.levels_by_name
    for level in was.levels:
        if level.name not in new:
            yield make("removed", f"grade {name} level {level.name}", _level(level), None)
    for level in grade.levels:
        if level.name not in old:
            yield make("added", f"grade {name} level {level.name}", None, _level(level))
            continue
        before = old[level.name]
        subject = f"grade {name} level {level.name}"
        if _band(before) != _band(level):
            yield make("band", subject, _band(before), _band(level))
        if _when(before) != _when(level):
            yield make("rule", subject, _when(before), _when(level))
        if before.label != level.label:
            yield make("text", f"{subject}.label", before.label, level.label)
    kept_old = [v.name for v in was.levels if v.name in new]
    kept_new = [v.name for v in grade.levels if v.name in old]
    if kept_old != kept_new:
        yield make("order", f"grade {name}", ", ".join(kept_old), ", ".join(kept_new))


def _band(level: m.Level) -> str | None:
    return level.band.text if level.band is not None else None


def _when(level: m.Level) -> str | None:
    return level.when.text if level.when is not None else None


def _level(level: m.Level) -> str:
    """A level as a line: its band and rule (`> 60 .. 70 when ...`)."""
    parts = [p for p in (_band(level), f"when {_when(level)}" if level.when else None) if p]
    return " ".join(parts) or "(the lowest level)"


def _levels(grade: m.Grade) -> str:
    return ", ".join(v.name for v in grade.levels) + (
        f" by {value_text(grade)}" if grade.value is not None else "")


def grade_word(found: GradeResult) -> str:
    """A unit's grade in one word: its level, `undecided (at least WBK)`, or `unanswered`
    (in English: the JSON's word; `said_grade` says it to a person)."""
    if not found.answered:
        return "unanswered"
    if found.level is None:
        return f"undecided (at least {found.at_least})"
    return found.level


def said_grade(word: str) -> str:
    """A word of grade_word in the language in use (a level's name as it is)."""
    if word == "unanswered":
        return _("unanswered")
    if word.startswith("undecided (at least ") and word.endswith(")"):
        return _("undecided (at least {level})", level=word[len("undecided (at least "):-1])
    return word


@attrs.frozen
class GradeShift:
    """A unit whose grade differs between two rulesets (its level in each, as grade_word
    writes it), with its totals."""

    source: str
    unit: str | None
    grade: str
    before: str
    after: str
    total_before: Fraction
    total_after: Fraction

    def to_dict(self) -> dict[str, Any]:
        return {"file": self.source, "unit": self.unit, "grade": self.grade,
                "before": self.before, "after": self.after,
                "total_before": exact_text(self.total_before),
                "total_after": exact_text(self.total_after)}


def grade_shifts(source: str, unit: str | None, before: Result, after: Result,
                 ) -> list[GradeShift]:
    """The grades (in both rulesets) whose level differs between two Results of one unit."""
    found = []
    for name, was in before.grades.items():
        now = after.grades.get(name)
        if now is not None and grade_word(was) != grade_word(now):
            found.append(GradeShift(source, unit, name, grade_word(was), grade_word(now),
                                    before.total.score, after.total.score))
    return found


__all__ = ["GradeShift", "grade_changes", "grade_shifts", "grade_word", "said_grade"]
