"""A what-if Study as tables (pandas, polars or Arrow, as the input came), counts, JSON and
HTML: who flips under each scenario, per predicate and per grade level.

Verdicts compare by code: passed, failed, undecided (a fact unknown) or not scored (a row
with problems); a flip pass -> fail or fail -> pass is between passed and failed, any
other change (to or from undecided or not scored) is counted as `other`. Grades compare by
level name (a scenario's ruleset may have other levels).
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING, Any

import numpy as np

from zona.batch.columns import Array
from zona.batch.run import problem_text
from zona.errors import ZonaError
from zona.i18n import _, whole

if TYPE_CHECKING:
    from zona.batch.whatif import Study

PARTS = ("units", "flips", "grade_changes", "summary", "levels")
PASSED, FAILED, UNDECIDED = 2, 0, 1
_WORD = {PASSED: "passed", FAILED: "failed", UNDECIDED: "undecided"}
_UNIT_COLUMNS = ("unit", "unit_name", "nama_unit", "unit_id", "id_unit")

Column = tuple[str, Any, Any]  # (kind, values, mask or categories)


# --- comparisons -----------------------------------------------------------------------------


def predicates(study: Study, index: int) -> list[tuple[str, Array, Array]]:
    """Each predicate of the baseline that the scenario has: (name, before, after) codes."""
    after = study.after[index].verdicts
    return [(name, codes, after[name]) for name, codes in study.before.verdicts.items()
            if name in after]


def grades(study: Study, index: int) -> list[tuple[str, list[str], Array, Array]]:
    """Each grade of both: (name, level names, before, after) as positions in the names
    (the baseline's levels, then the scenario's others), or the negative codes."""
    found = []
    after = study.after[index]
    for name, codes in study.before.grades.items():
        if name not in after.grades:
            continue
        names = [v.name for v in study.ruleset.grades_by_name[name].levels]
        theirs = [v.name for v in after.ruleset.grades_by_name[name].levels]
        names += [n for n in theirs if n not in names]
        lookup = np.array([names.index(n) for n in theirs], dtype=np.int16)
        later = after.grades[name]
        mapped = np.where(later >= 0, lookup[np.maximum(later, 0)], later).astype(np.int16)
        found.append((name, names, codes, mapped))
    return found


def changed(study: Study, index: int) -> Array:
    """Rows where any compared predicate or grade differs."""
    found = np.zeros(study.rows, dtype=bool)
    for _name, before, after in predicates(study, index):
        found |= before != after
    for _grade, _levels_of, before, after in grades(study, index):
        found |= before != after
    return found


def records(study: Study, part: str) -> list[dict[str, Any]]:
    """The rows of "summary" (scenario x predicate) or "levels" (scenario x grade x level)."""
    rows: list[dict[str, Any]] = []
    for index, scenario in enumerate(study.scenarios):
        if part == "summary":
            for name, before, after in predicates(study, index):
                flips = before != after
                down = int(((before == PASSED) & (after == FAILED)).sum())
                up = int(((before == FAILED) & (after == PASSED)).sum())
                rows.append({"scenario": scenario.name, "predicate": name,
                             "passed_before": int((before == PASSED).sum()),
                             "passed_after": int((after == PASSED).sum()),
                             "pass_to_fail": down, "fail_to_pass": up,
                             "other": int(flips.sum()) - down - up})
        else:
            for name, names, before, after in grades(study, index):
                for position, level in enumerate(names):
                    was, now = before == position, after == position
                    rows.append({"scenario": scenario.name, "grade": name, "level": level,
                                 "before": int(was.sum()), "after": int(now.sum()),
                                 "entered": int((now & ~was).sum()),
                                 "left": int((was & ~now).sum())})
    return rows


# --- tables ----------------------------------------------------------------------------------


def frame(study: Study, part: str) -> Any:
    """One part of the study as a table of the input's kind (see Study.to_frame)."""
    if part not in PARTS:
        raise ZonaError(_("part={part}: use one of {parts}", part=repr(part),
                          parts=", ".join(PARTS)))
    if part in ("summary", "levels"):
        found = records(study, part)
        keys = list(found[0]) if found else ["scenario"]
        columns: dict[str, Column] = {k: _plain([r[k] for r in found]) for k in keys}
        return _table(study, None, columns)
    if part == "units":
        return _units(study)
    return _changes(study, part == "flips")


def _units(study: Study) -> Any:
    rows, count = study.rows, len(study.scenarios)
    every = np.tile(np.arange(rows), count)
    columns: dict[str, Column] = {
        "scenario": ("category", np.repeat(np.arange(count, dtype=np.int32), rows),
                     [s.name for s in study.scenarios])}
    if any(m is not None for m in study.moved):
        columns["moved"] = ("int", np.concatenate(
            [m if m is not None else np.zeros(rows, np.int32) for m in study.moved]), None)
    for name in study.before.scores:
        columns[f"{name}_before"] = ("float", np.tile(study.before.scores[name], count), None)
        columns[f"{name}_after"] = ("float", np.concatenate(
            [a.scores.get(name, np.full(rows, np.nan)) for a in study.after]), None)
    for name, before in study.before.verdicts.items():
        columns[f"{name}_before"] = _verdicts(np.tile(before, count))
        columns[f"{name}_after"] = _verdicts(np.concatenate(
            [a.verdicts.get(name, np.full(rows, -1, np.int8)) for a in study.after]))
    for name in study.before.grades:
        columns[f"{name}_before"] = _levels(study, name, None, every)
        columns[f"{name}_after"] = ("text", np.concatenate(
            [_levels(study, name, i, np.arange(rows))[1] for i in range(count)]), None)
    columns["flipped"] = ("bool", np.concatenate(
        [changed(study, i) for i in range(count)]), None)
    columns["problems"] = ("text", np.concatenate(
        [_problems(study, i) for i in range(count)]), None)
    return _table(study, every, columns)


def _changes(study: Study, flips: bool) -> Any:
    """A row per unit, scenario and predicate that flips (or grade that changes)."""
    rows: list[Array] = []
    keys: list[tuple[int, int]] = []  # (scenario, position of the predicate or grade)
    parts: dict[str, list[Any]] = {"scenario": [], "name": [], "before": [], "after": [],
                                   "total_before": [], "total_after": []}
    for index, scenario in enumerate(study.scenarios):
        compared = grades(study, index)
        found = predicates(study, index) if flips else [
            (name, before, after) for name, _levels_of, before, after in compared]
        names = {} if flips else {g: n for g, n, _b, _a in compared}
        for position, (name, before, after) in enumerate(found):
            where = np.flatnonzero(before != after)
            rows.append(where)
            keys += [(index, position)] * len(where)
            parts["scenario"] += [scenario.name] * len(where)
            parts["name"] += [name] * len(where)
            for key, codes in (("before", before), ("after", after)):
                picked = codes[where].tolist()
                parts[key] += [_verdict(c) for c in picked] if flips else [
                    names[name][c] if c >= 0 else None for c in picked]
            parts["total_before"] += study.before.scores["total"][where].tolist()
            parts["total_after"] += study.after[index].scores["total"][where].tolist()
    picked = np.concatenate(rows) if rows else np.zeros(0, np.int64)
    if keys:  # by scenario, then row, then predicate (or grade)
        order = np.lexsort((np.array([k[1] for k in keys]), picked,
                            np.array([k[0] for k in keys])))
        picked = picked[order]
        parts = {k: [v[i] for i in order.tolist()] for k, v in parts.items()}
    label = "predicate" if flips else "grade"
    columns: dict[str, Column] = {
        "scenario": _plain(parts["scenario"]), label: _plain(parts["name"]),
        "before": ("bool?" if flips else "text", parts["before"], None),
        "after": ("bool?" if flips else "text", parts["after"], None),
        "total_before": ("float", np.array(parts["total_before"], dtype=float), None),
        "total_after": ("float", np.array(parts["total_after"], dtype=float), None)}
    return _table(study, picked, columns)


def _verdict(code: int) -> bool | None:
    return True if code == PASSED else False if code == FAILED else None


def _verdicts(codes: Array) -> Column:
    return ("bool", codes == PASSED, (codes != PASSED) & (codes != FAILED))


def _levels(study: Study, name: str, index: int | None, rows: Array) -> Column:
    """A grade's level names on `rows` (None: undecided, unanswered, not scored)."""
    scores = study.before if index is None else study.after[index]
    names = np.array([v.name for v in scores.ruleset.grades_by_name[name].levels] + [None],
                     dtype=object)
    codes = scores.grades[name][rows]
    return ("text", names[np.where(codes >= 0, codes, len(names) - 1)], None)


def _problems(study: Study, index: int) -> Array:
    """Each row's problems before and under the scenario, once each (None: none)."""
    found = np.full(study.rows, None, dtype=object)
    for row in sorted({*study.before.problems, *study.after[index].problems}):
        texts = [problem_text(p) for p in (*study.before.problems.get(row, ()),
                                           *study.after[index].problems.get(row, ()))]
        found[row] = "; ".join(dict.fromkeys(texts))
    return found


def _plain(values: list[Any]) -> Column:
    if values and all(isinstance(v, int) and not isinstance(v, bool) for v in values):
        return ("int", np.array(values, dtype=np.int64), None)
    return ("text", values, None)


def _table(study: Study, rows: Array | None, columns: dict[str, Column]) -> Any:
    """The columns (after the carried columns taken at `rows`) as the input's kind."""
    carried = list(study.before.carried) if rows is not None else []
    clash = [c for c in carried if c in columns]
    if clash:
        raise ZonaError(_("the table's column {column} has the name of a what-if column; "
                          "rename it", column=repr(clash[0])))
    import pyarrow as pa

    original = study.before.table.original
    if study.kind == "pandas":
        import pandas as pd

        index = original.index[rows] if rows is not None else None
        own = pd.DataFrame({n: _pandas(c) for n, c in columns.items()}, index=index)
        if not carried:
            return own
        taken = original[carried].iloc[rows]
        return pd.concat([taken, own], axis=1)
    arrays = {n: _arrow(c) for n, c in columns.items()}
    if carried:
        source = original.select(carried)  # polars, or Arrow
        taken = (source.to_arrow() if study.kind == "polars" else source).take(pa.array(rows))
        arrays = {**{n: taken.column(n) for n in carried}, **arrays}
    table = pa.table(arrays) if arrays else pa.table({})
    if study.kind == "polars":
        import polars as pl

        return pl.from_arrow(table)
    return table


def _pandas(column: Column) -> Any:
    import pandas as pd

    kind, values, extra = column
    if kind == "category":
        return pd.Categorical.from_codes(values, categories=extra)
    if kind == "bool":
        return pd.arrays.BooleanArray(values, extra) if extra is not None else values
    if kind == "bool?":
        return pd.array(values, dtype="boolean")
    if kind == "text":
        return pd.Series(values, dtype=object).to_numpy() if len(values) else \
            np.zeros(0, dtype=object)
    return values


def _arrow(column: Column) -> Any:
    import pyarrow as pa

    kind, values, extra = column
    if kind == "category":
        return pa.DictionaryArray.from_arrays(pa.array(values), pa.array(extra, pa.string()))
    if kind == "bool":
        return pa.array(values, mask=extra, type=pa.bool_())
    if kind == "bool?":
        return pa.array(values, type=pa.bool_())
    if kind == "text":
        return pa.array(list(values), type=pa.string())
    return pa.array(values)


# --- JSON and HTML ---------------------------------------------------------------------------


def labels(study: Study) -> list[str]:
    """Each row's unit: its unit column, or its row number (1 first)."""
    column = next((c for c in _UNIT_COLUMNS if c in study.before.carried), None)
    if column is None:
        return [str(i + 1) for i in range(study.rows)]
    cells = study.before.table.column(column)
    return ["" if (v := cells.raw(i)) is None else str(v) for i in range(study.rows)]


def document(study: Study, limit: int | None) -> dict[str, Any]:
    """The study as JSON: counts per scenario, then its flips and grade changes."""
    names = labels(study)
    summary, levels = records(study, "summary"), records(study, "levels")
    scenarios = []
    for index, scenario in enumerate(study.scenarios):
        after = study.after[index]
        flips: list[dict[str, Any]] = []
        shifts: list[dict[str, Any]] = []
        for name, before, now in predicates(study, index):
            for row in np.flatnonzero(before != now).tolist():
                flips.append({"row": row + 1, "unit": names[row], "predicate": name,
                              "before": _WORD.get(int(before[row])),
                              "after": _WORD.get(int(now[row])),
                              **_totals(study, index, row)})
        for name, levels_of, before, now in grades(study, index):
            for row in np.flatnonzero(before != now).tolist():
                shifts.append({"row": row + 1, "unit": names[row], "grade": name,
                               "before": _level(levels_of, int(before[row])),
                               "after": _level(levels_of, int(now[row])),
                               **_totals(study, index, row)})
        flips.sort(key=lambda f: f["row"])
        shifts.sort(key=lambda f: f["row"])
        moved = study.moved[index]
        scenarios.append({
            "name": scenario.name, "kind": scenario.kind, "about": scenario.about,
            "ruleset": scenario.ruleset.id, "fingerprint": scenario.ruleset.fingerprint,
            "scored": after.rows - len(after.problems),
            **({"answers_moved": int(moved.sum()), "units_moved": int((moved > 0).sum())}
               if moved is not None else {}),
            "predicates": {r["predicate"]: {k: v for k, v in r.items()
                                            if k not in ("scenario", "predicate")}
                           for r in summary if r["scenario"] == scenario.name},
            "grades": _grade_counts([r for r in levels if r["scenario"] == scenario.name]),
            "flips": flips[:limit] if limit is not None else flips, "flip_count": len(flips),
            "grade_changes": shifts[:limit] if limit is not None else shifts,
            "grade_change_count": len(shifts)})
    return {"units": study.rows, "scored": study.rows - len(study.before.problems),
            "scenarios": scenarios}


def _totals(study: Study, index: int, row: int) -> dict[str, float | None]:
    def total(scores: Any) -> float | None:
        value = float(scores.scores["total"][row])
        return None if value != value else value

    return {"total_before": total(study.before), "total_after": total(study.after[index])}


def _level(names: list[str], code: int) -> str | None:
    return names[code] if code >= 0 else None


def _grade_counts(rows: list[dict[str, Any]]) -> dict[str, dict[str, dict[str, int]]]:
    found: dict[str, dict[str, dict[str, int]]] = {}
    for r in rows:
        found.setdefault(r["grade"], {})[r["level"]] = {
            k: r[k] for k in ("before", "after", "entered", "left")}
    return found


def to_html(study: Study) -> str:
    """The summary as an HTML table (a notebook's view of a Study)."""
    rows = records(study, "summary")
    head = "".join(f"<th>{html.escape(k)}</th>" for k in (rows[0] if rows else {}))
    body = "".join("<tr>" + "".join(f"<td>{html.escape(str(v))}</td>" for v in r.values())
                   + "</tr>" for r in rows)
    about = _("{units} units, {count} scenarios", units=whole(study.rows),
              count=len(study.scenarios))
    return (f"<div class='zona-whatif'><p><b>{html.escape(study.ruleset.id)}</b>: "
            f"{html.escape(about)}</p>"
            f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div>")


__all__ = ["PARTS", "changed", "document", "frame", "grades", "labels", "predicates",
           "records", "to_html"]
