"""What the ruleset lets a plan change (docs/language.md, "How a plan may change an input").

An input is held (never changed) when it is `change fixed`, when it is measured (a survey
index: not the unit's to choose) and the measured inputs are not searched (`surveys`), or
when it is `change up`/`down` and unanswered (there is nothing to stay above or below).
Every other input may move only as its `change` allows: the search's domains
(zona.analysis.gap.leaves, .greedy) offer nothing else, and `check_allowed` refuses any plan
that does, so a bug cannot turn into harmful advice.
"""

from __future__ import annotations

from collections.abc import Iterable
from fractions import Fraction
from typing import Protocol

from zona import model as m
from zona.errors import ZonaError
from zona.i18n import _
from zona.model.changes import allows
from zona.scoring.result import Result


def held_by_ruleset(result: Result, surveys: bool) -> set[str]:
    """The inputs the ruleset lets no plan change for this unit."""
    found = set()
    for spec in result.ruleset.inputs:
        blank = result.values.get(spec.name) is None
        if spec.change == "fixed" or (spec.measured and not surveys) \
                or (blank and spec.change in ("up", "down")):
            found.add(spec.name)
    return found


def limits(ruleset: m.Ruleset) -> tuple[tuple[str, str], ...]:
    """Each input a plan may not move freely, with its `change`: (name, "up"), ..."""
    return tuple((i.name, i.change) for i in ruleset.inputs if i.change != "free")


class Moved(Protocol):
    """What this module reads of a zona.analysis.gap.plans.Change."""

    @property
    def id(self) -> str: ...
    @property
    def old_value(self) -> Fraction | None: ...
    @property
    def new_value(self) -> Fraction: ...


def check_allowed(changes: Iterable[Moved], ruleset: m.Ruleset, held: Iterable[str]) -> None:
    """Raise (a bug in zona) when a change moves a held input or goes where its `change`
    forbids: the last guard before advice reaches a person."""
    frozen = set(held)
    for change in changes:
        name, old, new = change.id, change.old_value, change.new_value
        spec = ruleset.inputs_by_name[name]
        if (name in frozen and new != old) or not allows(spec.change, old, new):
            raise ZonaError(_("gap analysis proposed changing '{name}', which may not change "
                              "that way (change {change}); this is a bug in zona, please "
                              "report it", name=name, change=spec.change))


__all__ = ["check_allowed", "held_by_ruleset", "limits"]
