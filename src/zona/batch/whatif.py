"""What-if studies over a table of units, in one call: the batch counterpart of
`zona diff --answers`.

    >>> from zona.batch.whatif import amend, compare, perturb, shift, step
    >>> study = compare(ruleset, units, {"WBK at 80": {"WBK.total": "80"},
    ...                                  "PortalRB 2026": zona.load_builtin("portalrb-2026")})
    >>> study.to_frame()               # one row per unit and scenario, before and after
    >>> study.to_frame("summary")      # per scenario and predicate: who flips which way
    >>> perturb(ruleset, units, [step(+1), step(-1), shift("0.05")]).to_frame("flips")
    >>> compare(ruleset, units, [{"WBK.total": "80"}, step(+1)])    # both kinds at once

The table is scored once as it is under `ruleset` (before), then once per scenario
(after): under another ruleset, under the ruleset with amended thresholds
(zona.compiler.amend), or, perturbed (zona.batch.perturb), under the same ruleset. Every
scoring is score_arrays's, so every verdict and grade is exact. A predicate or grade is
compared where the scenario's ruleset has one of the same name; answers and facts that a
scenario's ruleset does not know are left out for it, as `zona diff --answers` does.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, cast

import attrs

from zona import model as m
from zona.batch.columns import Array, read_table
from zona.batch.perturb import (
    Perturbation,
    Shift,
    Step,
    each,
    perturbed,
    shift,
    step,
    targets,
)
from zona.batch.progress import Progress, reporter
from zona.batch.run import BatchScores, score_arrays
from zona.compiler.amend import amend, amendments_text
from zona.errors import ZonaError
from zona.i18n import _
from zona.io.sheets import FACT_PREFIX

#: what a scenario is: another ruleset, the ruleset amended, or the table perturbed
KINDS = ("ruleset", "amended", "perturbed")


@attrs.frozen
class Scenario:
    """One scenario: its name (a column value of every table), its kind (KINDS), the
    ruleset it scores with, and what it is (a ruleset id, amendments, a perturbation)."""

    name: str
    kind: str
    ruleset: m.Ruleset
    about: str


@attrs.frozen(eq=False)
class Study:
    """A what-if study: the table scored as it is (`before`) and under each scenario
    (`after`, in the same order as `scenarios`); `moved`, for a perturbation, how many
    answers it moved per row. Tables come out as the input came in (pandas, polars,
    Arrow; Arrow for a file) through `to_frame` (zona.batch.whatif_tables)."""

    ruleset: m.Ruleset
    before: BatchScores
    scenarios: tuple[Scenario, ...]
    after: tuple[BatchScores, ...]
    moved: tuple[Array | None, ...]

    @property
    def rows(self) -> int:
        return self.before.rows

    @property
    def kind(self) -> str:
        """The kind of table that came in and goes out: pandas, polars or arrow."""
        return self.before.table.kind

    def to_frame(self, part: str = "units") -> Any:
        """One part as a table of the input's kind: "units" (one row per unit and
        scenario), "flips" (a row per predicate that flips), "grade_changes", "summary"
        (a row per scenario and predicate) or "levels" (a row per scenario, grade and
        level); see docs/batch.md, What-if studies."""
        from zona.batch.whatif_tables import frame

        return frame(self, part)

    def summary(self) -> list[dict[str, Any]]:
        """Per scenario and predicate: passed before and after, and how many units flip
        pass -> fail, fail -> pass, or otherwise (to or from undecided or not scored)."""
        from zona.batch.whatif_tables import records

        return records(self, "summary")

    def to_dict(self, flips: int | None = None) -> dict[str, Any]:
        """JSON-ready: every scenario's counts, and its flips and grade changes (the first
        `flips` of each, all when None)."""
        from zona.batch.whatif_tables import document

        return document(self, flips)

    def _repr_html_(self) -> str:
        from zona.batch.whatif_tables import to_html

        return to_html(self)


Against = m.Ruleset | Mapping[str, object] | Perturbation


def compare(ruleset: m.Ruleset, table: object,
            against: Mapping[str, Against] | Sequence[Against] | Against, *,
            facts: Mapping[str, object] | None = None, nodes: Sequence[str] = (),
            progress: Progress | bool | None = None) -> Study:
    """Score `table` under `ruleset` and under every scenario of `against`: another Ruleset;
    amendments of this one's thresholds (`{"WBK.total": "80"}`, zona.compiler.amend); or a
    perturbation of the table (`step(+1)`, `shift("0.05")`, zona.batch.perturb). A mapping
    names the scenarios; in a list each is named by its ruleset id, amendments or
    perturbation. The table is what score_table takes (pandas, polars, Arrow) or a file
    (CSV, Parquet, xlsx, read as `zona batch` reads it). `nodes` adds scores besides
    `total` to the "units" table; `progress` is score_table's, over every scoring."""
    units = _units(ruleset, table)
    scenarios = _scenarios(ruleset, against)

    def runs() -> Iterator[tuple[Scenario, Any, Array | None]]:
        for scenario, perturbation in scenarios:  # one perturbed table at a time
            if perturbation is None:
                yield scenario, units, None
            else:
                yield (scenario, *perturbed(ruleset, units, perturbation))

    return _study(ruleset, units, runs(), len(scenarios), facts, nodes, progress)


def perturb(ruleset: m.Ruleset, table: object,
            perturbations: Sequence[Perturbation] | Perturbation | None = None, *,
            facts: Mapping[str, object] | None = None, nodes: Sequence[str] = (),
            progress: Progress | bool | None = None) -> Study:
    """`compare` with perturbations only (default: every choice one option up, then one
    down): step(+1), step(-1, inputs=[...], safe=True), shift("0.05") (survey indices),
    shift("-1", ["q88"]), each(ruleset, step(+1)) (one input at a time)."""
    chosen = [step(+1), step(-1)] if perturbations is None else perturbations
    return compare(ruleset, table, chosen, facts=facts, nodes=nodes, progress=progress)


def _units(ruleset: m.Ruleset, table: object) -> Any:
    """A table, or a file of units read as `zona batch` reads it (an Arrow table)."""
    if isinstance(table, str | Path):
        from zona.batch.files import read_units

        return read_units(table, ruleset).table
    return table


def _scenarios(ruleset: m.Ruleset, against: Mapping[str, Against] | Sequence[Against] | Against,
               ) -> list[tuple[Scenario, Perturbation | None]]:
    if isinstance(against, m.Ruleset | Step | Shift):
        named: list[tuple[str | None, Against]] = [(None, against)]
    elif isinstance(against, Mapping) and not all(
            isinstance(v, m.Ruleset | Mapping | Step | Shift) for v in against.values()):
        named = [(None, against)]  # one scenario's amendments, {"WBK.total": "80"}
    elif isinstance(against, Mapping):
        named = [(str(k), cast(Against, v)) for k, v in against.items()]
    else:
        named = [(None, one) for one in against]
    if not named:
        raise ZonaError(_("give at least one scenario: a ruleset, amendments or a "
                          "perturbation"))
    found: list[tuple[Scenario, Perturbation | None]] = []
    for name, one in named:
        perturbation = one if isinstance(one, Step | Shift) else None
        if isinstance(one, m.Ruleset):
            scenario = Scenario(name or one.id, "ruleset", one, one.id)
        elif isinstance(one, Step | Shift):
            targets(ruleset, one)  # what it cannot move is refused before any scoring
            scenario = Scenario(name or one.name, "perturbed", ruleset, one.name)
        else:
            about = amendments_text(one)
            scenario = Scenario(name or about, "amended", amend(ruleset, one), about)
        if scenario.name in {s.name for s, _ in found}:
            raise ZonaError(_("two scenarios are called '{name}'; name them with a mapping",
                              name=scenario.name))
        found.append((scenario, perturbation))
    return found


def _study(ruleset: m.Ruleset, units: Any, runs: Iterator[tuple[Scenario, Any, Array | None]],
           count: int,
           facts: Mapping[str, object] | None, nodes: Sequence[str],
           progress: Progress | bool | None) -> Study:
    report, close = reporter(progress, ruleset.id)
    try:
        before = score_arrays(ruleset, units, facts=facts, nodes=list(nodes),
                              progress=_part(report, 0, count + 1))
        scenarios: list[Scenario] = []
        after: list[BatchScores] = []
        moved: list[Array | None] = []
        for index, (scenario, table, changed) in enumerate(runs, start=1):
            scenarios.append(scenario)
            try:
                after.append(_score(scenario.ruleset, table, facts, nodes,
                                    _part(report, index, count + 1)))
            except ZonaError as error:
                raise ZonaError(_("scenario '{name}': {problem}", name=scenario.name,
                                  problem=error)) from None
            moved.append(changed)
    finally:
        close()
    return Study(ruleset, before, tuple(scenarios), tuple(after), tuple(moved))


def _part(report: Progress | None, index: int, runs: int) -> Progress | None:
    """Progress through one of `runs` scorings of the same rows, as progress of all."""
    if report is None:
        return None
    return lambda done, total: report(index * total + done, runs * total)


def _score(ruleset: m.Ruleset, table: Any, facts: Mapping[str, object] | None,
           nodes: Sequence[str], progress: Callable[[int, int], None] | None) -> BatchScores:
    """The table scored under a scenario with only what its ruleset knows: the facts it
    declares, its nodes (the baseline is scored with all of them: a typo is an error)."""
    known = ruleset.facts_by_name
    given = {k: v for k, v in (facts or {}).items() if k in known}
    wanted = [n for n in nodes if n in ruleset.nodes or n in ruleset.views_by_name]
    return score_arrays(ruleset, _known_facts(ruleset, table), facts=given, nodes=wanted,
                        progress=progress)


def _known_facts(ruleset: m.Ruleset, table: Any) -> Any:
    """The table without its `fact:` columns that name no fact of the ruleset."""
    read = read_table(table)
    unknown = [n for n in read.names if n.strip().startswith(FACT_PREFIX)
               and n.strip()[len(FACT_PREFIX):] not in ruleset.facts_by_name]
    if not unknown:
        return table
    if read.kind == "pandas":
        return table.drop(columns=[c for c in table.columns if str(c) in unknown])
    if read.kind == "polars":
        return table.drop(unknown)
    return table.drop_columns(unknown)


__all__ = ["KINDS", "Scenario", "Study", "amend", "compare", "each", "perturb", "shift", "step"]
