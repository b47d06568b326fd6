"""Time limits and progress for gap analysis.

The searches call `Clock.tick()` in their loops: past the deadline it raises OutOfTime,
and now and then it reports a Progress to the caller's callback. The exact search may use
EXACT_SHARE of the limit; the rest is kept for the heuristic search that takes over when
the exact one does not finish (zona.analysis.gap.plans).
"""

from __future__ import annotations

import math
import numbers
import time
from collections.abc import Callable
from fractions import Fraction
from typing import Literal

import attrs

from zona.errors import ZonaError
from zona.i18n import N_, _, exact, number

LIMIT = 5.0  # seconds: the default time limit of a gap analysis
EXACT_SHARE = 0.7  # of the limit, for the exact search; the heuristic search has the rest
EVERY = 0.2  # seconds between two progress reports

Phase = Literal["exact", "heuristic", "finishing"]


@attrs.frozen
class Progress:
    """Where a long gap analysis is: its phase, the seconds spent and allowed, and (in the
    heuristic search) how many changes its plan has so far."""

    phase: Phase
    elapsed: float
    limit: float | None
    changes: int | None = None

    @property
    def text(self) -> str:
        """One line for a person in the language in use, e.g. 'exact search, 1.2 s of 5 s'."""
        what = _(_PHASES[self.phase])
        elapsed = number(Fraction(f"{self.elapsed:.1f}"), 1)
        spent = _("{elapsed} s of {limit} s", elapsed=elapsed,
                  limit=exact(Fraction(f"{self.limit:g}"))) if self.limit \
            else _("{elapsed} s", elapsed=elapsed)
        found = ", " + _("{count} change(s) so far", count=self.changes) \
            if self.changes is not None else ""
        return f"{what}, {spent}{found}"


_PHASES = {"exact": N_("exact search"), "heuristic": N_("heuristic search"),
           "finishing": N_("checking the plan")}


class OutOfTime(Exception):
    """The time limit of a gap analysis was reached."""


class Clock:
    """A gap analysis's time limit (None: none) and its progress callback."""

    def __init__(self, limit: float | None = None,
                 progress: Callable[[Progress], None] | None = None) -> None:
        if limit is not None and (not isinstance(limit, numbers.Real) or isinstance(limit, bool)
                                  or math.isnan(limit) or limit <= 0):
            raise ZonaError(_("the time limit must be a number of seconds above 0 (or None for "
                              "no limit), not {value}", value=repr(limit)))
        self.start = time.monotonic()
        self.limit = None if limit is None else float(limit)
        self.progress = progress
        self.phase: Phase = "exact"
        self.changes: int | None = None
        self.deadline = math.inf
        self.reached = False  # the limit cut some search short
        self._next = self.start + EVERY
        self.until(1.0)

    @property
    def elapsed(self) -> float:
        return time.monotonic() - self.start

    def until(self, share: float) -> None:
        """Let the searches run until `share` of the limit has passed."""
        if self.limit is not None:
            self.deadline = self.start + share * self.limit

    def enter(self, phase: Phase, changes: int | None = None) -> None:
        """A new phase: reported at once."""
        self.phase, self.changes = phase, changes
        self._report(time.monotonic())

    def tick(self) -> None:
        """Raise OutOfTime past the deadline; report progress every EVERY seconds."""
        now = time.monotonic()
        if now >= self.deadline:
            self.reached = True
            raise OutOfTime
        if self.progress is not None and now >= self._next:
            self._report(now)

    def _report(self, now: float) -> None:
        if self.progress is not None:
            self._next = now + EVERY
            self.progress(Progress(self.phase, now - self.start, self.limit, self.changes))


def idle() -> None:
    """A tick that never stops anything (searches run without a clock)."""


__all__ = ["EXACT_SHARE", "LIMIT", "Clock", "OutOfTime", "Progress", "idle"]
