"""What zona.analysis.bounds returns: an Interval per node and view, a GradeBounds per
grade, and Bounds (the intervals, the predicates' verdicts, the grades' reachable levels
and the extreme completions), as dicts for JSON and as text."""

from __future__ import annotations

from collections.abc import Mapping
from fractions import Fraction
from typing import Any, Literal

import attrs

from zona import model as m
from zona.i18n import N_, _, exact, ngettext, number
from zona.numtext import exact_text
from zona.scoring.result import Result

Verdict = Literal["passed", "failed", "undecided"]
_VERDICTS = {"passed": N_("passed"), "failed": N_("failed"), "undecided": N_("undecided")}


@attrs.frozen
class Interval:
    """[low, high]: every score a node (or view) can reach; `tight` when both are reached."""

    low: Fraction
    high: Fraction
    maximum: Fraction
    tight: bool
    #: the share's ends, when they are not low / maximum and high / maximum (the maximum
    #: depends on a fact nobody gave: `maximum` is then the largest)
    shares: tuple[Fraction, Fraction] | None = None

    @property
    def share_low(self) -> Fraction:
        if self.shares is not None:
            return self.shares[0]
        return self.low / self.maximum if self.maximum else Fraction(0)

    @property
    def share_high(self) -> Fraction:
        if self.shares is not None:
            return self.shares[1]
        return self.high / self.maximum if self.maximum else Fraction(0)

    def __contains__(self, value: object) -> bool:
        return isinstance(value, int | Fraction) and self.low <= value <= self.high

    def to_dict(self) -> dict[str, Any]:
        return {**_number("low", self.low), **_number("high", self.high),
                **_number("maximum", self.maximum), "tight": self.tight}


@attrs.frozen
class GradeBounds:
    """The levels of a grade still reachable: `low` is the lowest level a completion can
    have (the lowest known to hold, when a fact in a `when` is unknown), `high` the highest
    that can hold; both None when the grade's value does not apply in any completion.
    `exact` when some completion reaches each end (else the ends are sound: every
    completion lies between them)."""

    grade: m.Grade = attrs.field(eq=False, repr=False)
    low: str | None
    high: str | None
    exact: bool

    @property
    def decided(self) -> bool:
        """Whether every completion gets the same level."""
        return self.low is not None and self.low == self.high

    @property
    def levels(self) -> tuple[str, ...]:
        """The levels from `low` to `high`, lowest first."""
        if self.low is None or self.high is None:
            return ()
        names = [v.name for v in self.grade.levels]
        return tuple(names[names.index(self.low):names.index(self.high) + 1])

    def __contains__(self, level: object) -> bool:
        return isinstance(level, str) and level in self.levels

    def to_dict(self) -> dict[str, Any]:
        return {"low": self.low, "high": self.high, "decided": self.decided,
                "exact": self.exact, "levels": list(self.levels)}

    def text(self) -> str:
        """`B .. A`, `decided: BB`, or `unanswered`, in the language in use."""
        if self.low is None or self.high is None:
            return _("unanswered")
        if self.decided:
            return _("decided: {level}", level=self.low)
        if self.exact:
            return f"{self.low} .. {self.high}"
        return _("{low} .. {high} (sound, not exact)", low=self.low, high=self.high)


@attrs.frozen(eq=False)
class Bounds:
    """Intervals per node and view, and each predicate's verdict over all completions.

    A verdict is "passed" (every completion passes), "failed" (none does) or
    "undecided"; `exact[p]` says whether an undecided verdict is certain to be open both
    ways. `lowest`/`highest` are completions that reach the lows/highs (scored normally).
    `grades` are each grade's reachable levels; `unknown_facts` the facts that expressions
    or weights read and nobody gave, which completions fill in too.
    """

    ruleset: m.Ruleset
    unknown: tuple[str, ...]
    nodes: Mapping[str, Interval]
    views: Mapping[str, Interval]
    predicates: Mapping[str, Verdict]
    exact: Mapping[str, bool]
    lowest: Result
    highest: Result
    grades: Mapping[str, GradeBounds] = attrs.field(factory=dict)
    unknown_facts: tuple[str, ...] = ()

    @property
    def total(self) -> Interval:
        return self.nodes["total"]

    def __getitem__(self, name: str) -> Interval:
        return self.nodes[name] if name in self.nodes else self.views[name]

    def to_dict(self) -> dict[str, Any]:
        return {
            "ruleset": self.ruleset.id,
            "unknown": list(self.unknown),
            "total": self.total.to_dict(),
            "nodes": {k: v.to_dict() for k, v in self.nodes.items() if k != "total"},
            "views": {k: v.to_dict() for k, v in self.views.items()},
            "predicates": {k: {"verdict": v, "exact": self.exact[k]}
                           for k, v in self.predicates.items()},
            "grades": {k: v.to_dict() for k, v in self.grades.items()},
            "unknown_facts": list(self.unknown_facts),
        }

    def text(self) -> str:
        """The bounds for a person, in the language in use: the unknowns, the total, each
        predicate and grade."""
        total = self.total
        count = len(self.unknown)
        head = ngettext("{ruleset}: bounds with {count} unknown answer",
                        "{ruleset}: bounds with {count} unknown answers", count,
                        ruleset=self.ruleset.id)
        ends = {"low": _shown(total.low), "high": _shown(total.high),
                "maximum": _shown(total.maximum)}
        lines = [head + (f" ({', '.join(self.unknown)})" if self.unknown else ""),
                 _("total: {low} .. {high} of {maximum}", **ends) if total.tight else
                 _("total: {low} .. {high} of {maximum} (sound, not tight)", **ends)]
        if self.unknown_facts:
            lines.insert(1, _("unknown facts (every value tried): {facts}",
                              facts=", ".join(self.unknown_facts)))
        for name, verdict in self.predicates.items():
            word = _(_VERDICTS[verdict])
            if verdict == "undecided" and not self.exact[name]:
                lines.append(_("{name}: {verdict} (may be decided)", name=name, verdict=word))
            else:
                lines.append(f"{name}: {word}")
        for name, grade in self.grades.items():
            lines.append(_("grade {name}: {levels}", name=name, levels=grade.text()))
        return "\n".join(lines) + "\n"


def _shown(value: Fraction) -> str:
    """A number for a person, as the language writes it: exact when it is short, else
    rounded to 2 decimals with the exact fraction after it."""
    text = exact_text(value)
    return exact(value) if len(text) <= 8 else f"{number(value)} ({exact(value)})"


def _number(key: str, value: Fraction) -> dict[str, Any]:
    plain: int | float = value.numerator if value.denominator == 1 else float(value)
    return {key: plain, f"{key}_exact": exact_text(value)}


__all__ = ["Bounds", "GradeBounds", "Interval", "Verdict"]
