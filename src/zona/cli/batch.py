"""`zona batch TABLE --ruleset R`: score a table of units (CSV, Parquet or xlsx) at once.

`run_table` also serves `zona score --table TABLE`. Rows with problems are reported on
stderr with their place in the file (`units.csv:13:4: ...`) and left unscored; the
others are scored. The exit status is 1 when any row has a problem.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any, TextIO

from zona.batch.progress import TextBar
from zona.cli.cohort import fixed, grade_counts, verdict_counts
from zona.cli.common import (
    Commands,
    add_fact_arguments,
    command_facts,
    load_ruleset,
    write_json,
)
from zona.errors import ZonaError
from zona.extras import require
from zona.i18n import _, pgettext
from zona.limits import printable


def register(commands: Commands[argparse.ArgumentParser]) -> None:
    """Add the `batch` subcommand."""
    parser = commands.add_parser(
        "batch", help=_("score a table of units (CSV, Parquet or xlsx), one row per unit"))
    parser.add_argument("table", metavar="TABLE",
                        help=_("one row per unit; columns named by input id or soal_<n>, facts "
                               "as fact:NAME, other columns (unit, institution, ...) kept"))
    add_options(parser, required=True)
    parser.set_defaults(run=run_table)


def add_options(parser: argparse.ArgumentParser, required: bool) -> None:
    """The options of `zona batch` (also used by `zona score --table`)."""
    parser.add_argument("--ruleset", "-r", metavar="RULESET", required=required,
                        help=_("a ruleset file (.zona) or a built-in ruleset's name"))
    parser.add_argument("--output", "-o", metavar="FILE",
                        help=_("write every score and verdict to FILE (.csv or .parquet)"))
    parser.add_argument("--nodes", metavar="IDS", default=None,
                        help=_("the scores --output writes: by default total, components, "
                               "areas and views; 'all', or node and view ids, comma-separated"))
    parser.add_argument("--json", action="store_true", help=_("print a JSON document"))
    add_fact_arguments(parser, _("every unit"))
    parser.add_argument("--progress", action="store_true",
                        help=_("show a progress bar on stderr (shown anyway on a terminal)"))


def run_table(args: argparse.Namespace, out: TextIO) -> int:
    """Score `args.table` with `args.ruleset`; print a summary, JSON, or write `--output`."""
    require("numpy", "batch", "scoring a table")
    require("pyarrow", "batch", "scoring a table")
    from zona.batch import score_arrays
    from zona.batch.files import read_units, write_scored
    from zona.batch.output import build

    path = getattr(args, "table", None) or getattr(args, "answers", None)
    if not path:
        raise ZonaError(_("give the table of units to score"))
    if not getattr(args, "ruleset", None):
        raise ZonaError(_("{path}: a table of units needs --ruleset", path=path))
    ruleset = load_ruleset(args.ruleset)
    facts = command_facts(args, ruleset)
    units = read_units(path, ruleset)
    forced = bool(getattr(args, "progress", False))
    bar = TextBar(forced or sys.stderr.isatty(), forced)
    output = getattr(args, "output", None)
    chosen = getattr(args, "nodes", None)
    nodes: str | list[str] | None = [] if not output else (
        chosen if chosen in (None, "all") else [n.strip() for n in chosen.split(",")])
    scores = score_arrays(ruleset, units.table, facts=facts, nodes=nodes, progress=bar)
    bar.done()
    for warning in scores.warnings:
        print(_("{path}: warning: {message}", path=printable(str(path)),
                message=printable(str(warning), 2000)), file=sys.stderr)
    for row, found in scores.problems.items():
        for where, message in found:
            located = units.locate(row, where if where in scores.table.names else None)
            text = message if where is None else f"{where}: {message}"
            print(printable(f"{located}: {text}", 2000), file=sys.stderr)  # no ESC, no line
    if output:
        write_scored(build(scores), output)
    summary = _summary(scores)
    if getattr(args, "json", False):
        document = {**summary, "output": output, "rows": [] if output else _records(scores)}
        write_json(out, document, ruleset)
    else:
        if not output:
            out.write(_text(scores))
        out.write(_summary_text(summary, output))
    return 1 if scores.problems else 0


_VERDICT = {2: True, 0: False}


def _label(scores: Any) -> list[str]:
    """Each row's name: its unit column, or its row number."""
    column = next((c for c in ("unit", "unit_name", "nama_unit", "unit_id", "id_unit")
                   if c in scores.carried), None)
    if column is None:
        return [_("row {number}", number=i + 1) for i in range(scores.rows)]
    return [("" if v is None else printable(str(v), 60)) for v in
            (scores.table.column(column).raw(i) for i in range(scores.rows))]


def _records(scores: Any) -> list[dict[str, Any]]:
    from zona.batch.run import problem_text

    carried = {c: scores.table.column(c) for c in scores.carried}
    totals = scores.scores["total"].tolist()
    verdicts = {p: v.tolist() for p, v in scores.verdicts.items()}
    rows = []
    for i in range(scores.rows):
        record: dict[str, Any] = {c: _plain(column.raw(i)) for c, column in carried.items()}
        bad = scores.problems.get(i)
        record["total"] = None if bad else totals[i]
        record.update({p: _VERDICT.get(v[i]) for p, v in verdicts.items()})
        record.update({name: scores.level(name, i) for name in scores.grades})
        record["problems"] = [problem_text(p) for p in bad] if bad else []
        rows.append(record)
    return rows


def _plain(value: object) -> object:
    return value if value is None or isinstance(value, str | int | float | bool) else str(value)


def _text(scores: Any) -> str:
    predicates = list(scores.verdicts)
    names = _label(scores)
    width = max([4, *(len(n) for n in names[:10000])])
    width = min(width, 40)
    grades = list(scores.grades)
    lines = [f"{pgettext('column', 'unit'):<{width}} {pgettext('column', 'total'):>7}  "
             + "  ".join(f"{p:<8}" for p in (*predicates, *grades))]
    totals = scores.scores["total"].tolist()
    verdicts = [scores.verdicts[p].tolist() for p in predicates]
    for i in range(scores.rows):
        if i in scores.problems:
            lines.append(f"{names[i][:width]:<{width}} {'-':>7}  "
                         + _("not scored: see the problems"))
            continue
        marks = "  ".join([*(f"{_mark(v[i]):<8}" for v in verdicts),
                           *(f"{scores.level(g, i) or '-':<8}" for g in grades)])
        lines.append(f"{names[i][:width]:<{width}} {fixed(totals[i], '>7.2f')}  {marks}"
                     .rstrip())
    return "\n".join(lines) + "\n"


def _mark(code: int) -> str:
    return {2: pgettext("short verdict", "passed"),
            0: pgettext("short verdict", "failed")}.get(code, "-")


def _summary(scores: Any) -> dict[str, Any]:
    counts = {}
    for name, verdict in scores.verdicts.items():
        counts[name] = {"passed": int((verdict == 2).sum()), "failed": int((verdict == 0).sum()),
                        "undecided": int((verdict == 1).sum())}
    bad = len(scores.problems)
    grades = {}
    for name, codes in scores.grades.items():
        levels = scores.ruleset.grades_by_name[name].levels
        grades[name] = {**{level.name: int((codes == i).sum()) for i, level in enumerate(levels)},
                        "undecided": int((codes == -1).sum()),
                        "unanswered": int((codes == -2).sum())}
    return {"ruleset": scores.ruleset.id, "units": scores.rows, "scored": scores.rows - bad,
            "with_problems": bad, "predicates": counts, "grades": grades}


def _summary_text(summary: dict[str, Any], output: str | None) -> str:
    lines = [f"{summary['ruleset']}: " + _("{scored} of {count} units scored",
                                           scored=summary["scored"], count=summary["units"])
             + (", " + _("{count} with problems (see above)", count=summary["with_problems"])
                if summary["with_problems"] else "")]
    for name, count in summary["predicates"].items():
        lines.append(f"  {name}: {verdict_counts(count)}")
    for name, count in summary["grades"].items():
        lines.append(f"  {name}: {grade_counts(count)}")
    if output:
        lines.append(_("written to {path}", path=output))
    return "\n".join(lines) + "\n"
