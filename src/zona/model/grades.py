"""Grades in the model: an ordered set of levels, lowest first, of which a unit gets one.

A level is decided by a band over the grade's value (`by EXPRESSION`) or by a rule (`when
CONDITION`), or both; the grade is the highest level that holds, the lowest always holding
(zona.scoring.grades decides it).
"""

from __future__ import annotations

from collections.abc import Mapping
from fractions import Fraction
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

import attrs

from zona.model.expr import Expr
from zona.numtext import exact_text
from zona.source import Span

if TYPE_CHECKING:
    from zona.model.ruleset import Condition, Texts


def _span() -> Any:
    return attrs.field(default=None, eq=False, repr=False)


@attrs.frozen
class Band:
    """`LOW .. HIGH` over a grade's value: `low_open` excludes LOW (`> LOW`), `high_open`
    excludes HIGH (`< HIGH`); a missing end (None) is unbounded."""

    low: Fraction | None = None
    low_open: bool = False
    high: Fraction | None = None
    high_open: bool = False

    def reaches(self, value: Fraction) -> bool:
        """Whether the value is at or past the band's low end (v >= LOW, v > LOW for `>`)."""
        if self.low is None:
            return True
        return value > self.low if self.low_open else value >= self.low

    def contains(self, value: Fraction) -> bool:
        """Whether the value lies in the band."""
        if not self.reaches(value):
            return False
        if self.high is None:
            return True
        return value < self.high if self.high_open else value <= self.high

    @property
    def text(self) -> str:
        """The band as written: `> 60 .. 70`, `.. < 1.8`, `> 90 ..`."""
        low = "" if self.low is None else \
            f"{'> ' if self.low_open else ''}{exact_text(self.low)} "
        high = "" if self.high is None else \
            f" {'< ' if self.high_open else ''}{exact_text(self.high)}"
        return f"{low}..{high}"


@attrs.frozen
class Level:
    """One level of a grade: its name (a number's text for a numbered level), its band
    (a grade by bands) and its rule (`when`), if any."""

    name: str
    texts: Texts
    band: Band | None = None
    when: Condition | None = None
    numbered: bool = False
    span: Span | None = _span()

    @property
    def label(self) -> str | None:
        return self.texts.label

    @property
    def number(self) -> Fraction | None:
        """A numbered level's number (None for a named level)."""
        return Fraction(int(self.name)) if self.numbered else None


@attrs.frozen
class Grade:
    """A grade: its levels lowest first, and the value its bands read (None: by rules)."""

    name: str
    texts: Texts
    value: Expr | None
    levels: tuple[Level, ...]
    span: Span | None = _span()
    _by_name: Mapping[str, Level] = attrs.field(init=False, repr=False, eq=False)
    _positions: Mapping[str, int] = attrs.field(init=False, repr=False, eq=False)

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "_by_name", MappingProxyType({v.name: v for v in self.levels}))
        object.__setattr__(self, "_positions", MappingProxyType(
            {v.name: i for i, v in enumerate(self.levels)}))

    @property
    def label(self) -> str | None:
        return self.texts.label

    @property
    def by_bands(self) -> bool:
        """Whether the levels are decided by bands over a value (`by`)."""
        return self.value is not None

    @property
    def numbered(self) -> bool:
        """Whether every level is numbered (`level 0` .. `level 5`)."""
        return bool(self.levels) and all(v.numbered for v in self.levels)

    @property
    def levels_by_name(self) -> Mapping[str, Level]:
        return self._by_name

    def position(self, level: str) -> int:
        """A level's position, 0 for the lowest (KeyError for a name that is no level)."""
        return self._positions[level]
