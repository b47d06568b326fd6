"""What a gap analysis aims at, as written: a predicate's name (`WBK`), or a grade and the
least level to reach (`predikat>=BB`, `maturitas>=3`; `predikat>B` is `predikat>=` the level
above B).

`parse_target` is the one place a target is read; `default_target` is what `zona gap` aims
at without `--target`: the ruleset's top level of its only grade, else its only predicate.
"""

from __future__ import annotations

import re

import attrs

from zona import model as m
from zona.errors import ZonaError, did_you_mean
from zona.i18n import _
from zona.limits import printable
from zona.numtext import read_number
from zona.scoring.result import Result

_GRADE = re.compile(r"^\s*([^\s<>=!]+)\s*(>=|>|=>)\s*([^\s<>=!]+)\s*$")


@attrs.frozen
class Target:
    """A predicate to pass (`predicate`), or a grade (`grade`) to bring to at least `level`.
    `text` is the target as zona writes it: `WBK`, `predikat>=BB`."""

    text: str
    predicate: str | None = None
    grade: str | None = None
    level: str | None = None

    def __str__(self) -> str:
        return self.text

    def reached(self, result: Result) -> bool | None:
        """Whether the target holds in `result`: the predicate's verdict, or whether the
        grade's level is at least `level` (None when undecided below it; False when the
        grade is unanswered and `level` is not its lowest)."""
        if self.predicate is not None:
            return result.predicates[self.predicate].passed
        assert self.grade is not None and self.level is not None
        found = result.grades[self.grade]
        grade = found.grade
        bar = grade.position(self.level)
        if found.level is not None:
            return grade.position(found.level) >= bar
        if found.at_least is not None and grade.position(found.at_least) >= bar:
            return True
        return None if found.answered else False


def parse_target(ruleset: m.Ruleset, text: str | Target) -> Target:
    """The target a text names; ZonaError (with a suggestion) when there is none."""
    if isinstance(text, Target):
        return text
    name = text.strip() if isinstance(text, str) else str(text)
    matched = _GRADE.match(name)
    if matched is not None:
        return _grade_target(ruleset, *matched.groups())
    if name in ruleset.predicates_by_name:
        return Target(name, predicate=name)
    if name in ruleset.grades_by_name:
        grade = ruleset.grades_by_name[name]
        example = name + ">=" + grade.levels[-1].name
        raise ZonaError(_("'{name}' is a grade: say which level to reach, e.g. {example} "
                          "(levels: {levels})", name=name, example=example,
                          levels=", ".join(v.name for v in grade.levels)))
    hint = did_you_mean(name, {**ruleset.predicates_by_name, **ruleset.grades_by_name})
    grades = [f"{g.name}>=LEVEL" for g in ruleset.grades]
    known = _("predicates: {names}", names=", ".join(ruleset.predicates_by_name) or _("none"))
    if grades:
        known += "; " + _("grades: {names}", names=", ".join(grades))
    raise ZonaError(_("no predicate '{name}' in {ruleset}", name=name, ruleset=ruleset.id)
                    + (f". {hint}" if hint else "") + f" ({known})")


def _grade_target(ruleset: m.Ruleset, name: str, op: str, level: str) -> Target:
    grade = ruleset.grades_by_name.get(name)
    if grade is None:
        hint = did_you_mean(name, ruleset.grades_by_name)
        known = _("grades: {names}", names=", ".join(ruleset.grades_by_name) or _("none"))
        raise ZonaError(_("no grade '{name}' in {ruleset}", name=name, ruleset=ruleset.id)
                        + (f". {hint}" if hint else "") + f" ({known})")
    found = _level(grade, level)
    if found is None:
        hint = did_you_mean(level, grade.levels_by_name)
        raise ZonaError(_("'{level}' is not a level of grade '{name}' ({levels})", level=level,
                          name=name, levels=", ".join(v.name for v in grade.levels))
                        + (f". {hint}" if hint else ""))
    position = grade.position(found)
    if op == ">":
        if position + 1 >= len(grade.levels):
            raise ZonaError(_("no level of grade '{name}' is above {level}, its top level",
                              name=name, level=found))
        found = grade.levels[position + 1].name
    return grade_target(grade, found)


def grade_target(grade: m.Grade, level: str) -> Target:
    """The target "grade at least `level`"."""
    return Target(f"{grade.name}>={level}", grade=grade.name, level=level)


def _level(grade: m.Grade, text: str) -> str | None:
    """A level by its name; a numbered level also by its number (`03`, `3.0`)."""
    if text in grade.levels_by_name:
        return text
    if grade.numbered:
        try:
            number = read_number(text)
        except ValueError:
            return None
        if number is None:
            return None
        found = str(number.numerator) if number.denominator == 1 else None
        return found if found in grade.levels_by_name else None
    matches = [v.name for v in grade.levels if v.name.lower() == text.lower()]
    return matches[0] if len(matches) == 1 else None


def default_target(ruleset: m.Ruleset) -> Target | None:
    """The ruleset's only grade at its top level, else its only predicate; None when it has
    neither or several (say which)."""
    if len(ruleset.grades) == 1:
        grade = ruleset.grades[0]
        return grade_target(grade, grade.levels[-1].name)
    names = list(ruleset.predicates_by_name)
    return Target(names[0], predicate=names[0]) if len(names) == 1 else None


def target_choices(ruleset: m.Ruleset) -> list[str]:
    """Each target a ruleset offers, as a line: the predicate's name, or the grade with its
    top level, and their labels."""
    found: list[tuple[str, m.Texts]] = [(p.name, p.texts) for p in ruleset.predicates]
    found += [(f"{g.name}>={g.levels[-1].name}", g.texts) for g in ruleset.grades]
    width = max((len(name) for name, _ in found), default=0)
    lines = []
    for name, texts in found:
        labels = [printable(" ".join(t.split()))  # a label's ESC never reaches a terminal
                  for t in dict.fromkeys((texts.label, texts.label_en)) if t]
        lines.append(f"{name:<{width}}  {' / '.join(labels)}".rstrip())
    return lines


__all__ = ["Target", "default_target", "grade_target", "parse_target", "target_choices"]
