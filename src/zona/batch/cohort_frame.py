"""A Cohort as tidy pandas tables and as HTML for a notebook.

`to_frame()` gives one row per group (units, scored units, each predicate's passed / failed
/ undecided counts, each grade's level counts, each area's mean score); the other parts are
long tables, one row per group and entry: "distributions", "blocking" and "costly".
"""

from __future__ import annotations

import html
import math
from fractions import Fraction
from typing import TYPE_CHECKING, Any

import attrs

from zona.errors import ZonaError
from zona.extras import require
from zona.i18n import _, ngettext, number, percent

if TYPE_CHECKING:
    from zona.batch.cohort import Cohort, Group

PARTS = ("summary", "distributions", "blocking", "costly")


def _group_name(cohort: Cohort, group: Group) -> str:
    return "all units" if group.key is None else f"{cohort.by} = {group.key}"


def records(cohort: Cohort, part: str = "summary") -> list[dict[str, Any]]:
    """The rows of `to_frame(part)` as plain dicts (columns in order)."""
    if part not in PARTS:
        raise ZonaError(_("part={part}: use one of {parts}", part=repr(part),
                          parts=", ".join(PARTS)))
    rows: list[dict[str, Any]] = []
    for group in cohort.groups:
        head: dict[str, Any] = {"group": _group_name(cohort, group)}
        if part == "summary":
            row = {**head, "units": group.units, "scored": group.scored}
            for predicate, counts in group.predicates.items():
                row.update({f"{predicate} {k}": v for k, v in counts.items()})
            for grade, counts in group.grades.items():
                row.update({f"{grade} {k}": v for k, v in counts.items()})
            row.update({f"{name} mean": d.mean for name, d in group.distributions.items()})
            rows.append(row)
        elif part == "distributions":
            rows.extend({**head, "score": name, **attrs.asdict(d)}
                        for name, d in group.distributions.items())
        elif part == "blocking":
            rows.extend({**head, "predicate": predicate, **attrs.asdict(b)}
                        for predicate, found in group.blocking.items() for b in found)
        else:
            rows.extend({**head, **attrs.asdict(c)} for c in group.costly)
    return rows


def to_frame(cohort: Cohort, part: str = "summary") -> Any:
    """One part of the cohort as a pandas DataFrame."""
    require("pandas", "batch", "a cohort as a DataFrame")
    import pandas as pd

    found = records(cohort, part)
    frame = pd.DataFrame.from_records(found) if found else pd.DataFrame()
    return frame.set_index("group") if part == "summary" and found else frame


def to_html(cohort: Cohort, top: int = 5) -> str:
    """The summary table, then for every group the conditions that block each predicate
    most often (the first `top`): what a notebook shows for a Cohort."""
    summary = records(cohort, "summary")
    groups = len(cohort.groups) - 1 if cohort.by else 1
    said = (ngettext("{count} group by {by}", "{count} groups by {by}", groups,
                     by=str(cohort.by)) if cohort.by else _("1 group"))
    problems = ngettext("{count} row with problems", "{count} rows with problems",
                        len(cohort.problems))
    parts = [f"<div class='zona-cohort'><p><b>{html.escape(cohort.ruleset)}</b>: "
             f"{html.escape(said)}, {html.escape(problems)}</p>", _table(summary)]
    for group in cohort.groups:
        rows = [{"predicate": p, "units": b.units, "share": percent(Fraction(b.share)),
                 "running": percent(Fraction(b.cumulative)), "condition": b.condition}
                for p, found in group.blocking.items() for b in found[:top]]
        if rows:
            name = _("all units") if group.key is None else _group_name(cohort, group)
            parts.append("<p>" + html.escape(_("what blocks each predicate, {group}:",
                                               group=name)) + "</p>")
            parts.append(_table(rows))
    return "\n".join([*parts, "</div>"])


def _table(rows: list[dict[str, Any]]) -> str:
    if not rows:
        return "<p>" + html.escape(_("(none)")) + "</p>"
    columns = list(dict.fromkeys(k for row in rows for k in row))
    head = "".join(f"<th>{html.escape(str(c))}</th>" for c in columns)
    body = "".join("<tr>" + "".join(f"<td>{html.escape(_cell(row.get(c)))}</td>"
                                     for c in columns) + "</tr>" for row in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return number(Fraction(value)) if math.isfinite(value) else ""
    return str(value)


__all__ = ["PARTS", "records", "to_frame", "to_html"]
