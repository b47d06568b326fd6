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


def register(commands: Commands[argparse.ArgumentParser]) -> None:
    """Add the `cohort` subcommand."""
    parser = commands.add_parser(
        "cohort", help="analyse a table of units: predicates, areas, what blocks WBK/WBBM")
    parser.add_argument("table", metavar="TABLE",
                        help="one row per unit (CSV, Parquet or xlsx), as for `zona batch`")
    parser.add_argument("--ruleset", "-r", metavar="RULESET", required=True,
                        help="a ruleset file (.zona) or a built-in ruleset's name")
    parser.add_argument("--by", metavar="COLUMN",
                        help="also analyse each group of units with the same COLUMN value")
    parser.add_argument("--top", type=int, default=10,
                        help="how many costly questions to list (default 10)")
    add_fact_arguments(parser, "every unit")
    parser.add_argument("--json", action="store_true", help="print a JSON document")
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
            print(f"{units.locate(row, where)}: {text}", file=sys.stderr)
    if args.json:
        write_json(out, found.to_dict(), ruleset)
    else:
        out.write(render(found))
    return 1 if found.problems else 0


def grade_counts(count: Mapping[str, int]) -> str:
    """A grade's counts: each level's, then undecided and unanswered units if any."""
    levels = {k: v for k, v in count.items() if k not in ("undecided", "unanswered")}
    text = ", ".join(f"{level} {units}" for level, units in levels.items())
    rest = [f"{count[k]} {k}" for k in ("undecided", "unanswered") if count.get(k)]
    return text + (f" ({', '.join(rest)})" if rest else "")


def render(cohort: Any) -> str:
    """The analysis as text, one section per group."""
    if not cohort.groups:
        raise ZonaError("nothing to analyse")
    lines: list[str] = []
    for group in cohort.groups:
        title = "all units" if group is cohort.groups[0] else f"{cohort.by} = {group.key}"
        lines.append(f"== {title}: {group.scored} of {group.units} units scored ==")
        for name, count in group.predicates.items():
            lines.append(f"  {name}: {count['passed']} passed, {count['failed']} failed"
                         + (f", {count['undecided']} undecided" if count["undecided"] else ""))
        for name, count in group.grades.items():
            lines.append(f"  {name}: " + grade_counts(count))
        lines.append("  scores (points: min / median / mean / max of the maximum)")
        for name, d in group.distributions.items():
            if d.count:
                lines.append(f"    {name:<22} {d.minimum:7.2f} {d.median:7.2f} {d.mean:7.2f} "
                             f"{d.highest:7.2f}  of {d.maximum:g}")
        for name, blockers in group.blocking.items():
            if not blockers:
                continue
            failing = group.predicates[name]["failed"]
            lines.append(f"  what blocks {name} ({failing} units fail it):")
            for b in blockers:
                lines.append(f"    {b.units:6d}  {b.share:6.1%}  {b.cumulative:6.1%}  "
                             f"{b.condition}")
        if group.costly:
            lines.append("  questions that cost the most points (total, per unit, units):")
            for c in group.costly:
                label = f"  {c.label[:50]}" if c.label else ""
                lines.append(f"    {c.node:<24} {c.points:9.2f} {c.mean:6.2f} {c.units:6d}"
                             f"  {c.cumulative:6.1%}{label}")
        lines.append("")
    return "\n".join(lines)
