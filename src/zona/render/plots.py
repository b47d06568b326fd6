"""matplotlib plots: one unit's areas against their thresholds, a cohort's total scores.

matplotlib is optional (`pip install "zona-rb[notebook]"`) and imported only when a plot is
drawn. Thresholds are read from the ruleset's predicates, never assumed.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from zona import model as m
from zona.analysis import explain as x
from zona.errors import ZonaError
from zona.extras import require
from zona.i18n import _, speaking
from zona.scoring.result import Result

_COLOURS = ("#1b1f24", "#8250df", "#bf8700", "#1a7f37", "#0969da")


def _need_matplotlib() -> None:
    require("matplotlib", "notebook", "drawing plots")


def _axes(ax: Any, size: tuple[float, float]) -> Any:
    """The given axes, or new ones on a new figure."""
    _need_matplotlib()
    if ax is not None:
        return ax
    import matplotlib.pyplot as plt

    _, created = plt.subplots(figsize=size)
    return created


def plot_areas(result: Result, ax: Any = None, lang: str = "id") -> Any:
    """Each area's share of its maximum as a bar, with a mark at every predicate's threshold
    for it (taken from the predicates' `every` conditions); failing areas in red."""
    title, areas = x.areas(result, x.check_lang(lang))
    if not areas:
        raise ZonaError(_("{ruleset} has no areas to plot", ruleset=result.ruleset.id))
    _need_matplotlib()  # said in the language in use, not the plot's
    with speaking(lang):
        return _plot_areas(ax, title, areas)


def _plot_areas(ax: Any, title: str, areas: list[x.Area]) -> Any:
    ax = _axes(ax, (8, 0.45 * len(areas) + 1.5))
    names = [area.label for area in areas]
    shares = [float(area.result.share * 100) for area in areas]
    failed = [any(c.passed is False for _, c in area.checks) for area in areas]
    rows = list(range(len(areas)))[::-1]
    ax.barh(rows, shares, color=["#cf222e" if f else "#2f81f7" for f in failed], height=0.6)
    predicates = list(dict.fromkeys(p for area in areas for p, _ in area.checks))
    for row, area in zip(rows, areas, strict=True):
        for predicate, check in area.checks:
            at = _as_share(check, area.result.maximum)
            if at is None:
                continue
            colour = _COLOURS[predicates.index(predicate) % len(_COLOURS)]
            label = f"{predicate} >= {x.threshold_text(check)}"
            ax.vlines(float(at * 100), row - 0.42, row + 0.42, colors=colour, linewidth=2,
                      label=label)
    handles, labels = ax.get_legend_handles_labels()
    unique = dict(zip(labels, handles, strict=True))
    if unique:
        ax.legend(unique.values(), unique.keys(), loc="lower right", fontsize="small")
    ax.set_yticks(rows, names)
    ax.set_xlim(0, 100)
    ax.set_xlabel("%")
    ax.set_title(title)
    return ax


def _as_share(check: Any, maximum: Fraction) -> Fraction | None:
    condition = check.condition
    if not isinstance(check.threshold, Fraction) or not isinstance(condition, m.Every):
        return None
    if condition.quantity == "share":
        return check.threshold
    return check.threshold / maximum if maximum else None


def total_thresholds(ruleset: m.Ruleset) -> list[tuple[str, Fraction]]:
    """(predicate, threshold) for every `total >= t` condition the predicates state."""
    found = []
    for predicate in ruleset.predicates:
        for condition in predicate.conditions:
            if isinstance(condition, m.Compare) and condition.quantity == "score" \
                    and condition.subject == ruleset.root.name \
                    and isinstance(condition.threshold, Fraction):
                found.append((predicate.name, condition.threshold))
    return found


def plot_cohort(results: Any, ax: Any = None, bins: int = 20, lang: str = "id", *,
                ruleset: m.Ruleset | None = None) -> Any:
    """A histogram of the units' total scores with each predicate's total threshold marked.

    `results`: Results (each unit's `ruleset.score`), a BatchScores (`score_arrays`), or a
    table `score_table` returned (pandas, polars or Arrow, with its `total` column; give
    `ruleset=`). Beside each threshold: how many units reach it, decided exactly for
    Results; for a table, how many units pass the predicate (its verdict column, exact)."""
    x.check_lang(lang)
    ruleset, totals, passed = _totals(results, ruleset)
    if not totals:
        raise ZonaError(_("plot_cohort needs at least one scored unit"))
    _need_matplotlib()
    with speaking(lang):
        return _plot_cohort(ax, bins, lang, ruleset, totals, passed)


def _plot_cohort(ax: Any, bins: int, lang: str, ruleset: m.Ruleset, totals: list[Any],
                 passed: dict[str, int] | None) -> Any:
    thresholds = total_thresholds(ruleset)
    marks = [float(v) for v in totals] + [float(t) for _, t in thresholds]
    low = max(0.0, min(marks) - 2)
    high = min(float(ruleset.root.maximum), max(marks) + 2)
    ax = _axes(ax, (8, 4))
    ax.hist([float(t) for t in totals], bins=bins, range=(low, max(high, low + 1)),
            color="#2f81f7", edgecolor="white")
    for index, (predicate, threshold) in enumerate(thresholds):
        if passed is None:
            note = f"{sum(1 for t in totals if t >= threshold)}/{len(totals)}"
        else:
            note = f"{predicate} {passed.get(predicate, 0)}/{len(totals)}"
        ax.axvline(float(threshold), color=_COLOURS[index % len(_COLOURS)], linestyle="--",
                   linewidth=2, label=f"{predicate}: {ruleset.root.name} >= {x.num(threshold)} "
                                     f"({note})")
    if thresholds:
        ax.legend(loc="upper left", fontsize="small")
    units = x.phrase("units", lang)
    ax.set_xlabel(x.label(ruleset.root.texts, ruleset.root.name, lang))
    ax.set_ylabel(units)
    ax.set_title(f"{ruleset.id}: {len(totals)} {units}")
    return ax


def _totals(results: Any, ruleset: m.Ruleset | None
            ) -> tuple[m.Ruleset, list[Any], dict[str, int] | None]:
    """The ruleset, each scored unit's total (exact Fractions for Results, floats for a
    table) and, for a table, how many units pass each predicate (None for Results)."""
    if hasattr(results, "scores") and hasattr(results, "verdicts"):  # a BatchScores
        bad = set(results.problems)
        totals = [v for i, v in enumerate(results.scores["total"].tolist()) if i not in bad]
        passed = {p: int((v == 2).sum()) for p, v in results.verdicts.items()}
        return results.ruleset, totals, passed
    columns = _columns_of(results)
    if columns is not None:
        if ruleset is None:
            raise ZonaError(_("plot_cohort: a table of scores needs ruleset= (the ruleset "
                              "that scored it)"))
        if "total" not in columns:
            raise ZonaError(_("plot_cohort: the table has no 'total' column (a table that "
                              "zona.batch.score_table returned has one)"))
        totals = [v for v in _column(results, "total") if v is not None and v == v]
        passed = {p.name: sum(1 for v in _column(results, p.name) if v is True)
                  for p in ruleset.predicates if p.name in columns}
        return ruleset, totals, passed
    found = list(results)
    if not found:
        raise ZonaError(_("plot_cohort needs at least one result"))
    if not isinstance(found[0], Result):
        raise ZonaError(_("plot_cohort takes Results, a BatchScores or a scored table "
                          "(pandas, polars or Arrow)"))
    return found[0].ruleset, [r.total.score for r in found], None


def _columns_of(table: Any) -> list[str] | None:
    """A table's column names (pandas, polars, Arrow), None for anything else."""
    names = getattr(table, "column_names", None)
    if names is None and hasattr(table, "columns") and hasattr(table, "shape"):
        names = table.columns
    return None if names is None else [str(c) for c in names]


def _column(table: Any, name: str) -> list[Any]:
    """A column's values as plain Python values (None for null)."""
    if hasattr(table, "column_names"):  # Arrow
        return list(table.column(name).to_pylist())
    return list(table[name].to_list())  # pandas (NaN, pd.NA for null) or polars


def plot_blocking(cohort: Any, predicate: str, ax: Any = None, top: int = 8,
                  lang: str = "id") -> Any:
    """What blocks a predicate, per group: for the `top` conditions that block it most
    often among all units, how many failing units of each group fail it (one bar per
    group). `cohort`: a zona.batch.cohort.Cohort (`analyse(..., by=...)`)."""
    x.check_lang(lang)
    everyone = cohort.groups[0]
    if predicate not in everyone.blocking:
        raise ZonaError(_("the cohort has no predicate {name}", name=repr(predicate)))
    conditions = [b.condition for b in everyone.blocking[predicate][:top]]
    groups = list(cohort.groups[1:] or cohort.groups)
    ax = _axes(ax, (9, 0.5 * len(conditions) * max(1, len(groups)) ** 0.5 + 1.5))
    height = 0.8 / len(groups)
    for index, group in enumerate(groups):
        counts = {b.condition: b.units for b in group.blocking.get(predicate, ())}
        rows = [len(conditions) - 1 - i + index * height - 0.4 + height / 2
                for i in range(len(conditions))]
        name = _("all units", lang) if group.key is None else str(group.key)
        ax.barh(rows, [counts.get(c, 0) for c in conditions], height=height,
                color=_COLOURS[index % len(_COLOURS)], label=name)
    ax.set_yticks(list(range(len(conditions)))[::-1], conditions)
    ax.set_xlabel(_("units failing {predicate} that fail the condition", lang,
                    predicate=predicate))
    ax.set_title(_("{ruleset}: what blocks {predicate}", lang, ruleset=cohort.ruleset,
                   predicate=predicate))
    if len(groups) > 1:
        ax.legend(loc="lower right", fontsize="small")
    return ax


def plot_levels(cohort: Any, grade: str, ax: Any = None, lang: str = "id") -> Any:
    """How many units get each level of a grade, per group (stacked bars, lowest level
    first; undecided and unanswered units last)."""
    x.check_lang(lang)
    everyone = cohort.groups[0]
    if grade not in everyone.grades:
        raise ZonaError(_("the cohort has no grade {name}", name=repr(grade)))
    levels = list(everyone.grades[grade])
    groups = list(cohort.groups)
    names = [_("all units", lang) if g.key is None else str(g.key) for g in groups]
    ax = _axes(ax, (8, 0.45 * len(groups) + 1.5))
    left = [0] * len(groups)
    rows = list(range(len(groups)))[::-1]
    for index, level in enumerate(levels):
        counts = [g.grades[grade].get(level, 0) for g in groups]
        ax.barh(rows, counts, left=left, color=_COLOURS[index % len(_COLOURS)], label=level)
        left = [a + b for a, b in zip(left, counts, strict=True)]
    ax.set_yticks(rows, names)
    ax.set_xlabel(x.phrase("units", lang))
    ax.set_title(f"{cohort.ruleset}: {grade}")
    ax.legend(loc="lower right", fontsize="small", ncols=min(len(levels), 4))
    return ax


__all__ = ["plot_areas", "plot_blocking", "plot_cohort", "plot_levels", "total_thresholds"]
