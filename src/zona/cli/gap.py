"""`zona gap ANSWERS --target WBK`: the fewest answer changes that make a predicate pass."""

from __future__ import annotations

import argparse
from fractions import Fraction
from typing import TextIO

from zona.cli.common import Commands, add_sheet_arguments, score_sheet, write_json
from zona.numtext import approx_text, exact_text


def register(commands: Commands[argparse.ArgumentParser]) -> None:
    """Add the `gap` subcommand."""
    parser = commands.add_parser(
        "gap", help="the fewest answer changes that make a predicate (WBK, WBBM) pass")
    add_sheet_arguments(parser, lang=False)
    parser.add_argument("--target", "-t", default="WBK", metavar="PREDICATE",
                        help="the predicate to reach (default WBK)")
    parser.add_argument("--json", action="store_true", help="print a JSON document")
    parser.add_argument("--freeze", action="append", default=[], metavar="ID[,ID...]",
                        help="questions or inputs that may not change (repeatable)")
    parser.add_argument("--steps", action="store_true",
                        help="minimise grade steps (one option up the scale) instead of the "
                             "number of changed answers")
    parser.add_argument("--surveys", action="store_true",
                        help="let survey indices (decimal inputs) change too, in steps of 0.01; "
                             "by default they are frozen, since a unit cannot answer its own "
                             "survey")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace, out: TextIO) -> int:
    from zona.analysis.gap import gap

    result, sheet = score_sheet(args)
    freeze = [n.strip() for text in args.freeze for n in text.split(",") if n.strip()]
    plan = gap(result, args.target, minimise="steps" if args.steps else "answers",
               freeze=freeze, surveys=args.surveys)
    if args.json:
        write_json(out, {"unit": sheet.unit, **plan.to_dict()}, result.ruleset)
    else:
        out.write(render(plan, sheet.unit) + "\n")
    return 0


def _shown(value: Fraction) -> str:
    """Exact when short (13.125), else rounded to 2 places (16.67)."""
    exact = exact_text(value)
    return exact if "/" not in exact and len(exact.partition(".")[2]) <= 3 else approx_text(value)


def render(plan: object, unit: str | None = None) -> str:
    """The plan as text: the changes, what they give, and what blocks."""
    from zona.analysis.gap import GapPlan

    assert isinstance(plan, GapPlan)
    after = plan.after
    name = plan.target
    measure = "grade steps" if plan.minimise == "steps" else "changed answers"
    head = f"{after.ruleset.id}: gap to {name}" + (f" -- {unit}" if unit else "")
    lines = [head, f"minimising {measure}; "
             + ("survey indices searched in steps of 0.01" if plan.surveys
                else "survey indices frozen (--surveys to search them)")]
    if plan.frozen and [f for f in plan.frozen if after.ruleset.inputs_by_name[f].kind
                        != "decimal" or plan.surveys]:
        lines.append("frozen: " + ", ".join(f for f in plan.frozen
                                            if after.ruleset.inputs_by_name[f].kind != "decimal"
                                            or plan.surveys))
    lines.append("")
    if plan.changes:
        lines.append(f"{len(plan.changes)} change(s), {sum(c.steps for c in plan.changes)} "
                     f"grade step(s):")
        width = max(len(c.id) for c in plan.changes)
        lines.append(f"  {'soal':>4}  {'id':<{width}}  {'from':>8}  {'to':>8}  {'points':>7}")
        for change in plan.changes:
            soal = str(change.soal) if change.soal is not None else "-"
            points = ("+" if change.points >= 0 else "") + approx_text(change.points)
            lines.append(f"  {soal:>4}  {change.id:<{width}}  {change.old or '(blank)':>8}  "
                         f"{change.new:>8}  {points:>7}")
    elif plan.feasible:
        lines.append(f"{name} already passes: no change needed.")
    if plan.blocking:
        if plan.changes:
            lines.append("")
        lines.append(f"{name} cannot pass by changing the allowed answers alone:")
        for block in plan.blocking:
            detail = block.reason
            if block.highest is not None:
                detail += f"; the most it can reach is {_shown(block.highest)}"
            if block.frozen:
                detail += f" (frozen: {', '.join(block.frozen)})"
            lines.append(f"  {block.condition}: {detail}")
    lines.append("")
    verdict = {True: "PASSED", False: "FAILED", None: "UNDECIDED"}[after.predicates[name].passed]
    lines.append(f"after the changes: total {approx_text(after.total.score)} "
                 f"(exact {exact_text(after.total.score)}), {name} {verdict}")
    return "\n".join(lines)
