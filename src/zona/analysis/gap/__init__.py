"""Gap analysis: the fewest answer changes that make a target pass, proven minimal.

`plans` is the entry (`gap`, `GapPlan`); `conditions` turns a target into requirements,
`leaves` and `frontier` list what each answer can reach, `search` finds the cheapest mix.
"""

from __future__ import annotations

from zona.analysis.gap.plans import Change, GapPlan, gap

__all__ = ["Change", "GapPlan", "gap"]
