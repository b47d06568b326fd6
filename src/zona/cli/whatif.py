"""`zona whatif TABLE --ruleset R`: score a table of units as it is and under scenarios, and
list who flips: other rulesets (`--against`), amended thresholds (`--amend WBK.total=80`),
every choice one option up or down (`--step up`), survey indices moved (`--shift 0.05`).
The batch counterpart of `zona diff --answers`; zona.batch.whatif does the work."""

from __future__ import annotations

import argparse
import sys
from typing import Any, TextIO

from zona.batch.progress import TextBar
from zona.cli.cohort import fixed
from zona.cli.common import (
    Commands,
    add_fact_arguments,
    command_facts,
    load_ruleset,
    write_json,
)
from zona.errors import ZonaError
from zona.i18n import N_, _, ngettext, pgettext, whole
from zona.limits import printable


def register(commands: Commands[argparse.ArgumentParser]) -> None:
    """Add the `whatif` subcommand."""
    parser = commands.add_parser(
        "whatif", help=_("score a table of units under other rules or moved answers, and "
                         "list who flips"))
    parser.add_argument("table", metavar="TABLE",
                        help=_("one row per unit (CSV, Parquet or xlsx), as for `zona batch`"))
    parser.add_argument("--ruleset", "-r", metavar="RULESET", required=True,
                        help=_("a ruleset file (.zona) or a built-in ruleset's name"))
    parser.add_argument("--against", action="append", default=[], metavar="RULESET",
                        help=_("a scenario: the table under another ruleset (repeatable)"))
    parser.add_argument("--amend", action="append", default=[], metavar="P.SUBJECT=VALUE",
                        help=_("a scenario: the ruleset with thresholds changed, e.g. "
                               "WBK.total=80 or WBK.total=80,WBBM.total=90 (repeatable)"))
    parser.add_argument("--step", action="append", default=[], choices=("up", "down"),
                        help=_("a scenario: every choice one option up or down (repeatable)"))
    parser.add_argument("--shift", action="append", default=[], metavar="[INPUTS=]AMOUNT",
                        help=_("a scenario: the survey indices, or the inputs named "
                               "(comma-separated), moved by an exact amount, e.g. 0.05 or "
                               "q125=-0.1 (repeatable)"))
    parser.add_argument("--safe", action="store_true",
                        help=_("move answers only as their inputs' `change` allows"))
    parser.add_argument("--each", action="store_true",
                        help=_("move one input at a time: a scenario per input"))
    parser.add_argument("--list", type=int, default=20, metavar="N",
                        help=_("how many flips to list per scenario (default 20)"))
    parser.add_argument("--output", "-o", metavar="FILE",
                        help=_("write the table of units and scenarios to FILE (.csv or "
                               ".parquet)"))
    add_fact_arguments(parser, _("every unit"))
    parser.add_argument("--json", action="store_true", help=_("print a JSON document"))
    parser.add_argument("--progress", action="store_true",
                        help=_("show a progress bar on stderr (shown anyway on a terminal)"))
    parser.set_defaults(run=run)


def scenarios(args: argparse.Namespace, ruleset: Any) -> dict[str, Any]:
    """The scenarios the options ask for, by name, in the order given by kind."""
    from zona.batch.perturb import Perturbation, each, shift, step
    from zona.compiler.amend import amendments_text

    found: dict[str, Any] = {}
    for name in args.against:
        other = load_ruleset(name)
        found[other.id if other.id not in found else name] = other
    for text in args.amend:
        amendments = {}
        for part in filter(None, (p.strip() for p in text.split(","))):
            key, equals, value = part.partition("=")
            if not equals:
                raise ZonaError(_("--amend {text}: write PREDICATE.SUBJECT=VALUE, e.g. "
                                  "WBK.total=80", text=part))
            amendments[key.strip()] = value.strip()
        found[amendments_text(amendments)] = amendments
    moves: list[Perturbation] = [step(+1 if d == "up" else -1, safe=args.safe)
                                 for d in args.step]
    for text in args.shift:
        inputs, equals, amount = text.rpartition("=")
        names = [n.strip() for n in inputs.split(",") if n.strip()] if equals else None
        moves.append(shift(amount, names, safe=args.safe))
    for move in moves:
        for one in each(ruleset, move) if args.each else [move]:
            found[one.name] = one
    if not found:
        raise ZonaError(_("give a scenario: --against, --amend, --step or --shift"))
    return found


def run(args: argparse.Namespace, out: TextIO) -> int:
    from zona.batch.files import read_units, write_scored
    from zona.batch.whatif import compare
    from zona.extras import require

    require("numpy", "batch", "what-if studies")
    ruleset = load_ruleset(args.ruleset)
    units = read_units(args.table, ruleset)
    chosen = scenarios(args, ruleset)
    bar = TextBar(args.progress or sys.stderr.isatty(), args.progress)
    study = compare(ruleset, units.table, chosen, facts=command_facts(args, ruleset),
                    progress=bar)
    bar.done()
    for row, problems in study.before.problems.items():
        for where, message in problems:
            text = message if where is None else f"{where}: {message}"
            print(printable(f"{units.locate(row, where)}: {text}", 2000), file=sys.stderr)
    if args.output:
        write_scored(study.to_frame(), args.output)
    if args.json:
        write_json(out, {**study.to_dict(), "output": args.output}, ruleset)
    else:
        out.write(render(study.to_dict(flips=max(args.list, 0)), ruleset.id))
        if args.output:
            out.write(_("written to {path}", path=args.output) + "\n")
    return 1 if study.before.problems else 0


_KIND = {"ruleset": N_("another ruleset"), "amended": N_("amended thresholds"),
         "perturbed": N_("moved answers")}


def _word(verdict: str | None) -> str:
    """A verdict of the JSON document in a narrow column (None: the row was not scored)."""
    words = {"passed": pgettext("short verdict", "passed"),
             "failed": pgettext("short verdict", "failed"),
             "undecided": pgettext("short verdict", "undecided")}
    return words.get(verdict or "") or pgettext("short verdict", "not scored")


def _total(value: float | None) -> str:
    return "-" if value is None else fixed(value, ".2f")


def render(document: dict[str, Any], ruleset: str) -> str:
    """The study's JSON document (Study.to_dict) as text."""
    count = len(document["scenarios"])
    lines = [f"{ruleset}: " + _("{scored} of {count} units scored", scored=document["scored"],
                                count=document["units"])
             + "; " + ngettext("{count} scenario", "{count} scenarios", count)]
    for scenario in document["scenarios"]:
        lines += ["", f"== {printable(scenario['name'])} ({_(_KIND[scenario['kind']])}) =="]
        if "answers_moved" in scenario:
            lines.append("  " + _("{answers} answers moved in {units} units",
                                  answers=whole(scenario["answers_moved"]),
                                  units=whole(scenario["units_moved"])))
        if scenario["scored"] != document["units"]:
            lines.append("  " + _("{scored} of {count} units scored", scored=scenario["scored"],
                                  count=document["units"]))
        for name, c in scenario["predicates"].items():
            line = _("{name}: passed {before} -> {after}; {down} pass -> fail, {up} fail -> "
                     "pass", name=name, before=c["passed_before"], after=c["passed_after"],
                     down=c["pass_to_fail"], up=c["fail_to_pass"])
            if c["other"]:
                line += ", " + ngettext("{count} other change", "{count} other changes",
                                        c["other"])
            lines.append("  " + line)
        for grade, levels in scenario["grades"].items():
            for level, c in levels.items():
                if c["entered"] or c["left"]:
                    lines.append("  " + _("{grade} {level}: {before} -> {after} units; "
                                          "{entered} entered, {left} left", grade=grade,
                                          level=level, **c))
        lines += _listed(scenario, "flips", "predicate",
                         _("units that flip ({count}):", count=scenario["flip_count"]))
        if scenario["grades"]:
            lines += _listed(scenario, "grade_changes", "grade",
                             _("grades that change ({count}):",
                               count=scenario["grade_change_count"]))
    return "\n".join(lines) + "\n"


def _listed(scenario: dict[str, Any], key: str, what: str, title: str) -> list[str]:
    shown = scenario[key]
    total = scenario[f"{'flip' if key == 'flips' else 'grade_change'}_count"]
    if not total:
        return []
    units = [printable(f["unit"], 40) for f in shown]
    width = max(map(len, units), default=0)
    lines = ["  " + title]
    for f, unit in zip(shown, units, strict=True):
        before, after = (_word(f["before"]), _word(f["after"])) if what == "predicate" else (
            f["before"] or "-", f["after"] or "-")
        lines.append(f"    {unit:<{width}}  {f[what]}  {before} -> {after}  "
                     + _("(total {before} -> {after})", before=_total(f["total_before"]),
                         after=_total(f["total_after"])))
    if total > len(shown):
        lines.append("    " + _("... and {rest} more", rest=total - len(shown)))
    return lines
