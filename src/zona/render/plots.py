"""matplotlib plots: one unit's areas against their thresholds, a cohort's total scores.

matplotlib is optional (`pip install "zona-rb[notebook]"`) and imported only when a plot is
drawn. Thresholds are read from the ruleset's predicates, never assumed.
"""

from __future__ import annotations

from collections.abc import Iterable
from fractions import Fraction
from typing import Any

from zona import model as m
from zona.analysis import explain as x
from zona.errors import ZonaError
from zona.extras import require
from zona.scoring.result import Result

_COLOURS = ("#1b1f24", "#8250df", "#bf8700", "#1a7f37", "#0969da")


def _axes(ax: Any, size: tuple[float, float]) -> Any:
    """The given axes, or new ones on a new figure."""
    require("matplotlib", "notebook", "drawing plots")
    if ax is not None:
        return ax
    import matplotlib.pyplot as plt

    _, created = plt.subplots(figsize=size)
    return created


def plot_areas(result: Result, ax: Any = None, lang: str = "id") -> Any:
    """Each area's share of its maximum as a bar, with a mark at every predicate's threshold
    for it (taken from the predicates' `every` conditions); failing areas in red."""
    x.check_lang(lang)
    title, areas = x.areas(result, lang)
    if not areas:
        raise ZonaError(f"{result.ruleset.id} has no areas to plot")
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


def plot_cohort(results: Iterable[Result], ax: Any = None, bins: int = 20,
                lang: str = "id") -> Any:
    """A histogram of the units' total scores with each predicate's total threshold marked
    (and how many units reach it)."""
    x.check_lang(lang)
    found = list(results)
    if not found:
        raise ZonaError("plot_cohort needs at least one result")
    ruleset = found[0].ruleset
    totals = [result.total.score for result in found]
    thresholds = total_thresholds(ruleset)
    marks = [float(v) for v in totals] + [float(t) for _, t in thresholds]
    low = max(0.0, min(marks) - 2)
    high = min(float(ruleset.root.maximum), max(marks) + 2)
    ax = _axes(ax, (8, 4))
    ax.hist([float(t) for t in totals], bins=bins, range=(low, max(high, low + 1)),
            color="#2f81f7", edgecolor="white")
    for index, (predicate, threshold) in enumerate(thresholds):
        reached = sum(1 for t in totals if t >= threshold)
        ax.axvline(float(threshold), color=_COLOURS[index % len(_COLOURS)], linestyle="--",
                   linewidth=2, label=f"{predicate}: {ruleset.root.name} >= {x.num(threshold)} "
                                     f"({reached}/{len(totals)})")
    if thresholds:
        ax.legend(loc="upper left", fontsize="small")
    units = x.phrase("units", lang)
    ax.set_xlabel(x.label(ruleset.root.texts, ruleset.root.name, lang))
    ax.set_ylabel(units)
    ax.set_title(f"{ruleset.id}: {len(totals)} {units}")
    return ax


__all__ = ["plot_areas", "plot_cohort", "total_thresholds"]
