"""What zona.analysis.bounds returns: an Interval per node and view, and Bounds (the
intervals, the predicates' verdicts and the extreme completions), as dicts for JSON."""

from __future__ import annotations

from collections.abc import Mapping
from fractions import Fraction
from typing import Any, Literal

import attrs

from zona import model as m
from zona.numtext import exact_text
from zona.scoring.result import Result

Verdict = Literal["passed", "failed", "undecided"]


@attrs.frozen
class Interval:
    """[low, high]: every score a node (or view) can reach; `tight` when both are reached."""

    low: Fraction
    high: Fraction
    maximum: Fraction
    tight: bool

    @property
    def share_low(self) -> Fraction:
        return self.low / self.maximum if self.maximum else Fraction(0)

    @property
    def share_high(self) -> Fraction:
        return self.high / self.maximum if self.maximum else Fraction(0)

    def __contains__(self, value: object) -> bool:
        return isinstance(value, int | Fraction) and self.low <= value <= self.high

    def to_dict(self) -> dict[str, Any]:
        return {**_number("low", self.low), **_number("high", self.high),
                **_number("maximum", self.maximum), "tight": self.tight}


@attrs.frozen(eq=False)
class Bounds:
    """Intervals per node and view, and each predicate's verdict over all completions.

    A verdict is "passed" (every completion passes), "failed" (none does) or
    "undecided"; `exact[p]` says whether an undecided verdict is certain to be open both
    ways. `lowest`/`highest` are completions that reach the lows/highs (scored normally).
    """

    ruleset: m.Ruleset
    unknown: tuple[str, ...]
    nodes: Mapping[str, Interval]
    views: Mapping[str, Interval]
    predicates: Mapping[str, Verdict]
    exact: Mapping[str, bool]
    lowest: Result
    highest: Result

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
        }


def _number(key: str, value: Fraction) -> dict[str, Any]:
    plain: int | float = value.numerator if value.denominator == 1 else float(value)
    return {key: plain, f"{key}_exact": exact_text(value)}


__all__ = ["Bounds", "Interval", "Verdict"]
