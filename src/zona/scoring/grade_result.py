"""A grade's result for one unit: the level, the value its bands read, each level's verdict,
and how far the value is from the next level up and above the current band's low end."""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from fractions import Fraction
from typing import TYPE_CHECKING

import attrs

from zona import model as m

if TYPE_CHECKING:
    from zona.scoring.result import ConditionResult


@attrs.frozen(slots=False, eq=False)
class LevelResult:
    """One level of a grade for one unit: whether it holds (True, False, or None when
    undecided), whether the value reaches its band (True for a level without a band, None
    when the value is unanswered), and the verdicts of its `when` condition."""

    level: m.Level
    holds: bool | None
    reached: bool | None
    _conditions: tuple[ConditionResult, ...] | Callable[[], tuple[ConditionResult, ...]] = \
        attrs.field(default=(), alias="conditions", repr=False)

    @functools.cached_property
    def conditions(self) -> tuple[ConditionResult, ...]:
        found = self._conditions
        return found() if callable(found) else found

    @property
    def name(self) -> str:
        return self.level.name

    @property
    def label(self) -> str | None:
        return self.level.label

    def failing(self) -> list[ConditionResult]:
        """The comparisons of its `when` that fail or are undecided."""
        return [c for top in self.conditions for c in top.leaves() if c.passed is not True]


@attrs.frozen(slots=False, eq=False)
class GradeResult:
    """A grade's result: `level` (None when undecided or unanswered), `at_least` (the
    highest level known to hold), `value` (what the bands read, exact; None for a grade by
    rules or an unanswered value), and `levels` by name, lowest first."""

    grade: m.Grade
    level: str | None
    at_least: str | None
    value: Fraction | None
    answered: bool
    _levels: Mapping[str, LevelResult] | Callable[[], Mapping[str, LevelResult]] = \
        attrs.field(alias="levels", repr=False)

    @functools.cached_property
    def levels(self) -> Mapping[str, LevelResult]:
        found = self._levels
        return found() if callable(found) else found

    @property
    def name(self) -> str:
        return self.grade.name

    @property
    def label(self) -> str | None:
        """The label of the unit's level (None when undecided)."""
        return self.grade.levels_by_name[self.level].label if self.level is not None else None

    @property
    def _base(self) -> m.Level | None:
        """The level the gaps are measured from: the grade's, or the one known to hold."""
        name = self.level if self.level is not None else self.at_least
        return self.grade.levels_by_name[name] if name is not None else None

    @property
    def band(self) -> str | None:
        """The band of the unit's level as written (`> 60 .. 70`), or None."""
        base = self._base
        return base.band.text if base is not None and base.band is not None else None

    @property
    def next(self) -> str | None:
        """The level above the unit's (or above the one known to hold), or None at the top."""
        base = self._base
        if base is None:
            return None
        position = self.grade.position(base.name) + 1
        return self.grade.levels[position].name if position < len(self.grade.levels) else None

    @property
    def gap_to_next(self) -> Fraction | None:
        """The next level's low end minus the value: how much more the value needs (more
        than this for a `>` end). Zero or below when the value already reaches the next
        band and that level's `when` is what fails; None without a value or a low end."""
        if self.next is None or self.value is None:
            return None
        band = self.grade.levels_by_name[self.next].band
        if band is None or band.low is None:
            return None
        return band.low - self.value

    @property
    def margin_down(self) -> Fraction | None:
        """How far the value is above the low end of its level's band (the margin to stay
        in it); None without a value or a low end."""
        base = self._base
        if base is None or base.band is None or base.band.low is None or self.value is None:
            return None
        return self.value - base.band.low
