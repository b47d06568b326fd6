"""`zona cohort TABLE --ruleset R [--by COLUMN]`: predicates, areas, blocking conditions
and costly questions over a table of units, overall and per group."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Mapping
from typing import Any, TextIO

from zona.cli.common import (
    Commands,
    add_fact_arguments,
    command_facts,
    load_ruleset,
    write_json,
)
from zona.errors import ZonaError
from zona.i18n import N_, _, language
from zona.limits import printable


def register(commands: Commands[argparse.ArgumentParser]) -> None:
    """Add the `cohort` subcommand."""
    parser = commands.add_parser(
        "cohort", help=_("analyse a table of units: predicates, areas, what blocks WBK/WBBM"))
    parser.add_argument("table", metavar="TABLE",
                        help=_("one row per unit (CSV, Parquet or xlsx), as for `zona batch`"))
    parser.add_argument("--ruleset", "-r", metavar="RULESET", required=True,
                        help=_("a ruleset file (.zona) or a built-in ruleset's name"))
    parser.add_argument("--by", metavar="COLUMN",
                        help=_("also analyse each group of units with the same COLUMN value"))
    parser.add_argument("--top", type=int, default=10,
                        help=_("how many costly questions to list (default 10)"))
    add_fact_arguments(parser, _("every unit"))
    parser.add_argument("--json", action="store_true", help=_("print a JSON document"))
    parser.set_defaults(run=run)


def run(args: argparse.Namespace, out: TextIO) -> int:
    from zona.batch.cohort import analyse
    from zona.batch.files import read_units
    from zona.extras import require

    require("numpy", "batch", "cohort analytics")
    ruleset = load_ruleset(args.ruleset)
    units = read_units(args.table, ruleset)
    found = analyse(ruleset, units.table, by=args.by, facts=command_facts(args, ruleset),
                    top=args.top)
    for row, problems in found.problems.items():
        for where, message in problems:
            text = message if where is None else f"{where}: {message}"
            print(printable(f"{units.locate(row, where)}: {text}", 2000), file=sys.stderr)
    if args.json:
        write_json(out, found.to_dict(), ruleset)
    else:
        out.write(render(found))
    return 1 if found.problems else 0


def fixed(value: float, spec: str) -> str:
    """`format(value, spec)` (a float of a table, `7.2f`, `6.1%`, `g`) with the decimal mark of
    the language in use: 87,68 in Indonesian."""
    from babel.numbers import get_decimal_symbol

    return format(value, spec).replace(".", get_decimal_symbol(language()))


def verdict_counts(count: Mapping[str, int]) -> str:
    """`3 passed, 1 failed` and `, 2 undecided` when some are undecided."""
    text = _("{passed} passed, {failed} failed", passed=count["passed"], failed=count["failed"])
    if count["undecided"]:
        text += ", " + _("{count} undecided", count=count["undecided"])
    return text


_REST = {"undecided": N_("{count} undecided"), "unanswered": N_("{count} unanswered")}


def grade_counts(count: Mapping[str, int]) -> str:
    """A grade's counts: each level's, then undecided and unanswered units if any."""
    levels = {k: v for k, v in count.items() if k not in ("undecided", "unanswered")}
    text = ", ".join(f"{level} {units}" for level, units in levels.items())
    rest = [_(_REST[k], count=count[k]) for k in ("undecided", "unanswered") if count.get(k)]
    return text + (f" ({', '.join(rest)})" if rest else "")


def render(cohort: Any) -> str:
    """The analysis as text, one section per group."""
    if not cohort.groups:
        raise ZonaError(_("nothing to analyse"))
    lines: list[str] = []
    for group in cohort.groups:
        title = _("all units") if group is cohort.groups[0] else \
            f"{printable(str(cohort.by))} = {printable(str(group.key))}"
        scored = _("{scored} of {count} units scored", scored=group.scored, count=group.units)
        lines.append(f"== {title}: {scored} ==")
        for name, count in group.predicates.items():
            lines.append(f"  {name}: {verdict_counts(count)}")
        for name, count in group.grades.items():
            lines.append(f"  {name}: " + grade_counts(count))
        lines.append("  " + _("scores (points: min / median / mean / max of the maximum)"))
        for name, d in group.distributions.items():
            if d.count:
                numbers = " ".join(fixed(v, "7.2f")
                                   for v in (d.minimum, d.median, d.mean, d.highest))
                lines.append(f"    {name:<22} {numbers}  "
                             + _("of {maximum}", maximum=fixed(d.maximum, "g")))
        for name, blockers in group.blocking.items():
            if not blockers:
                continue
            failing = group.predicates[name]["failed"]
            lines.append("  " + _("what blocks {name} ({count} units fail it):", name=name,
                                  count=failing))
            for b in blockers:
                lines.append(f"    {b.units:6d}  {fixed(b.share, '6.1%')}  "
                             f"{fixed(b.cumulative, '6.1%')}  {printable(str(b.condition))}")
        if group.costly:
            lines.append("  " + _("questions that cost the most points (total, per unit, "
                                  "units):"))
            for c in group.costly:
                label = f"  {printable(' '.join(c.label.split())[:50])}" if c.label else ""
                lines.append(f"    {c.node:<24} {fixed(c.points, '9.2f')} {fixed(c.mean, '6.2f')}"
                             f" {c.units:6d}  {fixed(c.cumulative, '6.1%')}{label}")
        lines.append("")
    return "\n".join(lines)
