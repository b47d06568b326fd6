"""Grades as SQL, decided as zona.scoring.grades decides them: level L holds when the value
reaches L's band (an exact comparison with its low end: NULL when the value is unanswered)
and L's `when` holds (SQL's three-valued AND is zona's); the grade is the highest level that
holds, unless a level above it is undecided.

Each grade is two computed columns: its level's position (lowest 0; -1 undecided, -2
unanswered) and the highest level known to hold (`at_least`).
"""

from __future__ import annotations

from collections.abc import Callable

from zona import model as m
from zona.batch.sql_dialect import quote
from zona.batch.sql_exact import OPS, Exact, Rat, const
from zona.batch.sql_layout import Layout
from zona.batch.sql_tree import Tree

UNDECIDED, UNANSWERED = -1, -2


class Grades:
    """Each grade's columns, made when first asked for (a grade's `when` may read
    predicates and other grades: `condition` gives SQL for any condition)."""

    def __init__(self, ruleset: m.Ruleset, exact: Exact, layout: Layout, tree: Tree,
                 condition: Callable[[m.Condition], str]) -> None:
        self.ruleset, self.exact, self.layout, self.tree = ruleset, exact, layout, tree
        self.condition = condition
        self.made: dict[str, tuple[str, str]] = {}

    def columns(self, name: str) -> tuple[str, str]:
        """The grade's level and at-least columns."""
        found = self.made.get(name)
        if found is None:
            found = self.made[name] = self._make(self.ruleset.grades_by_name[name])
        return found

    def _make(self, grade: m.Grade) -> tuple[str, str]:
        value: Rat | None = None
        if grade.value is not None:
            value, _ = self.tree.expressions.expression(grade.value)
        holds: list[str] = []
        for level in grade.levels[1:]:
            parts = []
            if level.band is not None and value is not None:
                parts.append(self._reaches(level.band, value))
            if level.when is not None:
                parts.append(self.condition(level.when))
            holds.append(self.layout.column("h", "(" + (" AND ".join(parts) or "TRUE") + ")"))
        top_down = list(reversed(list(enumerate(holds, start=1))))
        decided = " ".join(f"WHEN {h} THEN {i} WHEN {h} IS NULL THEN {UNDECIDED}"
                           for i, h in top_down)
        level_sql = f"CASE {decided} ELSE 0 END" if holds else "0"
        if value is not None:
            level_sql = f"CASE WHEN {value.n} IS NULL THEN {UNANSWERED} ELSE {level_sql} END"
        known = " ".join(f"WHEN {h} THEN {i}" for i, h in top_down)
        at_least = f"CASE {known} ELSE 0 END" if holds else "0"
        return self.layout.column("g", level_sql), self.layout.column("l", at_least)

    def _reaches(self, band: m.Band, value: Rat) -> str:
        """Whether the value is at or past the band's low end (NULL when unanswered)."""
        if band.low is None:
            return f"CASE WHEN {value.n} IS NOT NULL THEN TRUE END"
        return self.exact.compare(value, ">" if band.low_open else ">=", const(band.low))

    def compare(self, c: m.Compare) -> str:
        """`grade ID OP LEVEL` by position; an undecided (or unanswered) grade leaves it
        NULL, except that `>=` and `>` hold when the level known to hold passes."""
        grade = self.ruleset.grades_by_name[c.subject]
        level, at_least = self.columns(c.subject)
        bar = grade.position(str(c.threshold))
        sure = f"WHEN {at_least} {OPS[c.op]} {bar} THEN TRUE " if c.op in (">=", ">") else ""
        return f"CASE WHEN {level} >= 0 THEN {level} {OPS[c.op]} {bar} {sure}END"

    def text(self, name: str) -> str:
        """SQL for the grade's level as text (NULL when undecided or unanswered)."""
        level, _ = self.columns(name)
        names = " ".join(f"WHEN {i} THEN {quote(v.name)}"
                         for i, v in enumerate(self.ruleset.grades_by_name[name].levels))
        return f"CASE {level} {names} END"


__all__ = ["UNANSWERED", "UNDECIDED", "Grades"]
