"""Gap analysis: the fewest answer changes that make a target pass (a predicate, or a
grade's level: `predikat>=BB`), within a time limit.

`plans` is the entry (`gap`, `GapPlan`); `targets` reads a target, `tree` reads what it
needs (grades expanded into their levels), `values` turns a band into a threshold on
scores, `conditions` turns it all into requirements (one set per alternative), `answers`
holds the unit's answers, `leaves` and `frontier` list what each answer can reach,
`search` finds the cheapest mix and `exact` makes it a plan, proven minimal. Where that
cannot be done (in time), `goal` and `greedy` make a heuristic plan; `clock` keeps the
time limit.
"""

from __future__ import annotations

from zona.analysis.gap.clock import LIMIT, Progress
from zona.analysis.gap.plans import Change, GapPlan, gap
from zona.analysis.gap.targets import Target, default_target, parse_target, target_choices

__all__ = ["LIMIT", "Change", "GapPlan", "Progress", "Target", "default_target", "gap",
           "parse_target", "target_choices"]
