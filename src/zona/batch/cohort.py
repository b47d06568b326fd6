"""Cohort analytics: many units scored at once, then counted, described and ranked.

For every group of units (all of them, and each value of a `by` column such as the
institution): how many pass each predicate and how many get each level of each grade; the
distribution of each area's score; a Pareto of the conditions that block each predicate
(among the units that fail it, how many fail each condition); and a Pareto of the
questions that cost the most points.

A question's cost is its part of the points the unit lost on the total (maximum -
total), split down the tree: a sum passes each child its own loss (maximum - score; re-
weighted with the sum where children do not apply); a mean passes each counted child a
part in proportion to 1 - its share, a weighted mean in proportion to weight x (1 -
share) (an unanswered child left out of the mean, or a child that does not apply, costs
nothing); a node scored by an expression splits its loss in proportion to its children's
losses; where none of the children has a loss to weigh by (nothing counted, or every child
dropped), they share it equally. So the costs of a unit's questions and items add up to
exactly what it lost. Needs the `zona-rb[batch]` extra.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import attrs

from zona.i18n import N_, _
from zona.model import Node, Ruleset

TOP = 10


@attrs.frozen
class Distribution:
    """An area's scores over a group's scored units (points; the maximum for scale)."""

    maximum: float
    count: int
    mean: float | None
    minimum: float | None
    p25: float | None
    median: float | None
    p75: float | None
    highest: float | None


@attrs.frozen
class Blocker:
    """A condition and how many of the units failing its predicate fail it."""

    condition: str
    units: int
    share: float  # of the units that fail the predicate
    cumulative: float  # running share of all blocking failures (the Pareto line)


@attrs.frozen
class Cost:
    """A question (or item) and the points it cost a group's units, in total and each."""

    node: str
    label: str | None
    points: float
    mean: float
    units: int  # units that lost points on it
    cumulative: float  # running share of all points lost


@attrs.frozen
class Group:
    """One group of units (key None: every unit)."""

    key: object
    units: int
    scored: int
    predicates: Mapping[str, Mapping[str, int]]
    distributions: Mapping[str, Distribution]
    blocking: Mapping[str, tuple[Blocker, ...]]
    costly: tuple[Cost, ...]
    #: per grade, how many scored units get each level (lowest first), then how many are
    #: undecided (a fact unknown) and unanswered (the value it reads is)
    grades: Mapping[str, Mapping[str, int]] = attrs.field(factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {"group": self.key, "units": self.units, "scored": self.scored,
                "predicates": {k: dict(v) for k, v in self.predicates.items()},
                "grades": {k: dict(v) for k, v in self.grades.items()},
                "distributions": {k: attrs.asdict(v) for k, v in self.distributions.items()},
                "blocking": {k: [attrs.asdict(b) for b in v] for k, v in self.blocking.items()},
                "costly": [attrs.asdict(c) for c in self.costly]}


@attrs.frozen
class Cohort:
    """Every group's analysis, everyone first."""

    ruleset: str
    by: str | None
    groups: tuple[Group, ...]
    problems: Mapping[int, tuple[tuple[str | None, str], ...]]

    def to_dict(self) -> dict[str, Any]:
        return {"ruleset": self.ruleset, "by": self.by,
                "groups": [g.to_dict() for g in self.groups],
                "rows_with_problems": len(self.problems)}

    def to_frame(self, part: str = "summary") -> Any:
        """A pandas DataFrame: one row per group ("summary"), or one per group and entry
        ("distributions", "blocking", "costly"); see zona.batch.cohort_frame."""
        from zona.batch.cohort_frame import to_frame

        return to_frame(self, part)

    def __repr__(self) -> str:  # short: the HTML and to_frame() show the content
        groups = len(self.groups) - 1  # the first is every unit
        by = f", {groups} group{'s' * (groups != 1)} by {self.by}" if self.by else ""
        return f"<Cohort {self.ruleset}: {self.groups[0].units} units{by}>"

    def _repr_html_(self) -> str:
        from zona.batch.cohort_frame import to_html

        return to_html(self)


def analyse(ruleset: Ruleset, table: object, *, by: str | None = None,
            facts: Mapping[str, object] | None = None, areas: Sequence[str] | None = None,
            top: int = TOP) -> Cohort:
    """Score `table` (as zona.batch.score_table takes it) and analyse the cohort, overall
    and for each value of the column `by`."""
    import numpy as np

    from zona.batch import SUPPORTED, score_arrays
    from zona.errors import ZonaError

    ruleset.refuse(N_("cohort analysis"), SUPPORTED)
    scores = score_arrays(ruleset, table, facts=facts, conditions=True, nodes="all")
    ruleset = scores.ruleset  # with weights fixed by the facts, if they depend on them
    if by is not None and by not in scores.carried:
        raise ZonaError(_("no column {name} to group by (columns carried over: {columns})",
                          name=repr(by), columns=", ".join(scores.carried) or _("none")))
    good = np.ones(scores.rows, dtype=bool)
    good[list(scores.problems)] = False
    costs = _costs(ruleset, scores)
    names = list(areas) if areas is not None else _areas(ruleset)
    groups = [_group(ruleset, scores, None, np.ones(scores.rows, dtype=bool), good, costs,
                     names, top)]
    if by is not None:
        column = scores.table.column(by).as_codes()
        codes = np.asarray(column.codes)
        for code, key in enumerate(column.uniques):
            groups.append(_group(ruleset, scores, key, codes == code, good, costs, names, top))
        if bool((codes < 0).any()):
            groups.append(_group(ruleset, scores, None, codes < 0, good, costs, names, top))
    return Cohort(ruleset.id, by, tuple(groups), scores.problems)


def _areas(ruleset: Ruleset) -> list[str]:
    """total, the top-level nodes and their children, and every view."""
    found = ["total"]
    for top in ruleset.root.children:
        found.append(top.name)
        found.extend(c.name for c in top.children)
    found.extend(v.name for top in ruleset.views for v in top.walk())
    return found


def _group(ruleset: Ruleset, scores: Any, key: object, members: Any, good: Any,
           costs: Mapping[str, Any], areas: list[str], top: int) -> Group:
    import numpy as np

    scored = members & good
    predicates = {name: {"passed": int((verdict[scored] == 2).sum()),
                         "failed": int((verdict[scored] == 0).sum()),
                         "undecided": int((verdict[scored] == 1).sum())}
                  for name, verdict in scores.verdicts.items()}
    distributions = {}
    for name in areas:
        values = scores.scores[name][scored]
        top_points = float(_maximum(ruleset, name))
        if len(values) == 0:
            distributions[name] = Distribution(top_points, 0, None, None, None, None, None, None)
            continue
        p25, median, p75 = (float(x) for x in np.percentile(values, [25, 50, 75]))
        distributions[name] = Distribution(top_points, len(values), float(values.mean()),
                                           float(values.min()), p25, median, p75,
                                           float(values.max()))
    blocking = {name: _blockers(scores, name, scored & (scores.verdicts[name] == 0))
                for name in scores.verdicts}
    grades = {}
    for name, codes in scores.grades.items():
        found = np.bincount(codes[scored] + 2, minlength=2 + len(
            ruleset.grades_by_name[name].levels))
        levels = ruleset.grades_by_name[name].levels
        grades[name] = {**{level.name: int(found[i + 2]) for i, level in enumerate(levels)},
                        "undecided": int(found[1]), "unanswered": int(found[0])}
    return Group(key, int(members.sum()), int(scored.sum()), predicates, distributions,
                 blocking, _costly(ruleset, costs, scored, top), grades)


def _maximum(ruleset: Ruleset, name: str) -> Any:
    if name in ruleset.nodes:
        return ruleset.nodes[name].maximum
    return ruleset.views_by_name[name].maximum


def _blockers(scores: Any, predicate: str, failing: Any) -> tuple[Blocker, ...]:
    """The conditions of a predicate that fail, counted over the units failing it."""
    count = int(failing.sum())
    if not count:
        return ()
    assert scores.conditions is not None
    found = [(leaf.label, int((scores.conditions[leaf.index][failing] == 0).sum()))
             for leaf in scores.leaves if leaf.predicate == predicate]
    found = sorted((f for f in found if f[1]), key=lambda f: -f[1])
    total = sum(n for _, n in found)
    running, blockers = 0, []
    for label, units in found:
        running += units
        blockers.append(Blocker(label, units, units / count, running / total))
    return tuple(blockers)


def _costs(ruleset: Ruleset, scores: Any) -> dict[str, Any]:
    """Each leaf's part of each unit's lost points (see the module text)."""
    import numpy as np

    values, answered, dropped = scores.scores, scores.answered, scores.dropped
    lost = {"total": float(ruleset.root.maximum) - values["total"]}
    leaves: dict[str, Any] = {}
    with np.errstate(all="ignore"):
        for node in ruleset.root.walk():
            own = lost.pop(node.name)
            if not node.children:
                leaves[node.name] = np.nan_to_num(own)
                continue
            weights = [_weight(node, child, values, answered, dropped)
                       for child in node.children]
            whole = np.sum(weights, axis=0)
            even = own / len(node.children)
            for child, weight in zip(node.children, weights, strict=True):
                part = np.where(whole > 0, own * weight / np.where(whole > 0, whole, 1), even)
                lost[child.name] = part
    return leaves


def _weight(node: Node, child: Node, values: Mapping[str, Any],
            answered: Mapping[str, Any], dropped: Mapping[str, Any] | None) -> Any:
    import numpy as np

    top = float(child.maximum)
    gap = np.maximum(top - values[child.name], 0.0)
    if dropped is not None:  # a child that does not apply (`na reweight`) costs nothing
        gap = np.where(dropped[child.name], 0.0, gap)
    if node.aggregate in ("mean", "weighted"):
        counted = answered[child.name] | (child.missing == "zero")
        if dropped is not None:
            counted = counted & ~dropped[child.name]
        weight = float(child.weight or 1) if node.aggregate == "weighted" else 1.0
        return np.where(counted, weight * gap / top, 0.0)
    return gap


def _costly(ruleset: Ruleset, costs: Mapping[str, Any], scored: Any,
            top: int) -> tuple[Cost, ...]:
    rows = int(scored.sum())
    if not rows:
        return ()
    found = []
    for name, lost in costs.items():
        mine = lost[scored]
        points = float(mine.sum())
        if points > 1e-12:
            found.append((name, points, int((mine > 1e-12).sum())))
    found.sort(key=lambda f: -f[1])
    total = sum(p for _, p, _ in found) or 1.0
    running, costly = 0.0, []
    for name, points, units in found[:top]:
        running += points
        costly.append(Cost(name, ruleset.nodes[name].texts.label, points, points / rows,
                           units, running / total))
    return tuple(costly)


__all__ = ["Blocker", "Cohort", "Cost", "Distribution", "Group", "analyse"]
