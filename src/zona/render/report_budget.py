"""The time a report may spend on its gap plans, all of them together.

Each plan has the gap analysis's own limit (5 s; zona.analysis.gap.LIMIT), and a report
makes one or two per target (the second with the measured inputs free). The report as a
whole has the limit `report_seconds` (`ZONA_MAX_REPORT_SECONDS`, default 30): each plan
gets at most what is left, and a plan with nothing left is not made, and the report says so.
"""

from __future__ import annotations

import math
import time
from fractions import Fraction
from html import escape

from zona.i18n import _, exact
from zona.limits import limit


class Budget:
    """The seconds left for the report's plans, from `seconds` (None: the limit
    `report_seconds`)."""

    def __init__(self, seconds: float | None = None) -> None:
        self.seconds = float(limit("report_seconds")) if seconds is None else seconds
        self.deadline = time.monotonic() + self.seconds

    def left(self, most: float) -> float | None:
        """The time limit of the next plan: at most `most` seconds, what is left of the
        report's; None when nothing is left."""
        tenths = math.floor((self.deadline - time.monotonic()) * 10)  # shown as 1.2 s
        return min(most, tenths / 10) if tenths > 0 else None

    def spent(self, lang: str) -> str:
        """The note in place of a plan not made."""
        text = _("No plan was made: the report's time limit ({seconds} s, for all its plans "
                 "together) was spent on the plans above it; raise it with "
                 "ZONA_MAX_REPORT_SECONDS.", lang,
                 seconds=exact(Fraction(f"{self.seconds:g}"), lang))
        return f'<p class="note" data-out-of-time="report">{escape(text)}</p>'


__all__ = ["Budget"]
