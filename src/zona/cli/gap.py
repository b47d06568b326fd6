"""`zona gap ANSWERS --target WBK` (or `--target predikat>=BB`): the fewest answer changes
that make a predicate pass, or bring a grade to a level."""

from __future__ import annotations

import argparse
import math
import sys
import time
from fractions import Fraction
from typing import TYPE_CHECKING, TextIO

from zona.cli.common import Commands, add_sheet_arguments, score_sheet, write_json
from zona.numtext import approx_text, exact_text

if TYPE_CHECKING:
    from zona.analysis.gap import GapPlan, Progress

LIMIT = 5.0  # seconds; the same as zona.analysis.gap.LIMIT (not imported: it loads gap)
SHOW_AFTER = 1.0  # seconds before progress shows on stderr


def register(commands: Commands[argparse.ArgumentParser]) -> None:
    """Add the `gap` subcommand."""
    parser = commands.add_parser(
        "gap", help="the fewest answer changes that make a predicate (WBK, WBBM) pass or bring "
                    "a grade to a level (predikat>=BB)")
    add_sheet_arguments(parser, lang=False)
    parser.add_argument("--target", "-t", metavar="PREDICATE|GRADE>=LEVEL",
                        help="the predicate to reach, or a grade and the least level to reach "
                             "(predikat>=BB); default: the top level of the ruleset's only "
                             "grade, else its only predicate (with several, they are listed)")
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
    parser.add_argument("--time-limit", type=_seconds, default=LIMIT, metavar="SECONDS",
                        help=f"stop the exact search in time and answer with the best verified "
                             f"plan found, marked as not proven minimal (default {LIMIT:g}; "
                             f"0 for no limit)")
    parser.set_defaults(run=run)


def _seconds(text: str) -> float | None:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of seconds") from None
    if math.isnan(value) or value < 0:
        raise argparse.ArgumentTypeError(f"{text!r}: give 0 (no limit) or more seconds")
    return value or None


def run(args: argparse.Namespace, out: TextIO) -> int:
    from zona.analysis.gap import default_target, gap, target_choices

    result, sheet = score_sheet(args)
    target = args.target if args.target is not None else default_target(result.ruleset)
    if target is None:
        choices = target_choices(result.ruleset)
        print(f"zona gap: say which predicate or grade to reach with --target; "
              f"{result.ruleset.id} " + (f"has {len(choices)}:\n  " + "\n  ".join(choices)
                                         if choices else "has no predicate and no grade"),
              file=sys.stderr)
        return 2
    freeze = [n.strip() for text in args.freeze for n in text.split(",") if n.strip()]
    shown = ProgressLine(sys.stderr)
    try:
        plan = gap(result, target, minimise="steps" if args.steps else "answers",
                   freeze=freeze, surveys=args.surveys, time_limit=args.time_limit,
                   progress=shown)
    finally:
        shown.close()
    if args.json:
        write_json(out, {"unit": sheet.unit, **plan.to_dict()}, result.ruleset)
    else:
        out.write(render(plan, sheet.unit) + "\n")
    return 0


class ProgressLine:
    """Progress of a long analysis on stderr, once it has run SHOW_AFTER seconds: one line
    rewritten in place on a terminal, else a line at most every second."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.terminal = stream.isatty()
        self.shown = False
        self.last = -math.inf

    def __call__(self, progress: Progress) -> None:
        if progress.elapsed < SHOW_AFTER:
            return
        line = f"zona gap: {progress.text}"
        if self.terminal:
            self.stream.write(f"\r{line}\x1b[K")
        elif time.monotonic() - self.last >= 1.0:
            self.stream.write(line + "\n")
            self.last = time.monotonic()
        self.stream.flush()
        self.shown = True

    def close(self) -> None:
        if self.shown and self.terminal:
            self.stream.write("\r\x1b[K")
            self.stream.flush()


def _shown(value: Fraction) -> str:
    """Exact when short (13.125), else rounded to 2 places (16.67)."""
    exact = exact_text(value)
    return exact if "/" not in exact and len(exact.partition(".")[2]) <= 3 else approx_text(value)


def render(plan: GapPlan, unit: str | None = None) -> str:
    """The plan as text: the changes, what they give, and what blocks."""
    after = plan.after
    name = plan.target
    measure = "grade steps" if plan.minimise == "steps" else "changed answers"
    head = f"{after.ruleset.id}: gap to {name}" + (f" -- {unit}" if unit else "")
    lines = [head, f"minimising {measure}; "
             + ("survey indices searched in steps of 0.01" if plan.surveys
                else "survey indices frozen (--surveys to search them)")]
    held = [f for f in plan.frozen
            if after.ruleset.inputs_by_name[f].kind != "decimal" or plan.surveys]
    if held:
        lines.append("frozen: " + ", ".join(held))
    if plan.method == "heuristic":
        lines.append(f"heuristic search (a greedy one; plans verified by re-scoring): "
                     f"{plan.note or 'the exact search was not used'}")
    lines.append("")
    if plan.changes:
        lines.append(f"{len(plan.changes)} change(s), {sum(c.steps for c in plan.changes)} "
                     f"grade step(s)" + ("" if plan.proven_minimal else ", not proven minimal")
                     + ":")
        width = max(len(c.id) for c in plan.changes)
        lines.append(f"  {'soal':>4}  {'id':<{width}}  {'from':>8}  {'to':>8}  {'points':>7}")
        for change in plan.changes:
            soal = str(change.soal) if change.soal is not None else "-"
            points = ("+" if change.points >= 0 else "") + approx_text(change.points)
            lines.append(f"  {soal:>4}  {change.id:<{width}}  {change.old or '(blank)':>8}  "
                         f"{change.new:>8}  {points:>7}")
    elif plan.feasible:
        lines.append(f"{name} already passes: no change needed.")
    elif plan.out_of_time:
        limit = f"{plan.time_limit:g} s" if plan.time_limit else "no limit"
        lines.append(f"no plan found within the time limit ({limit}); try a longer "
                     f"--time-limit (0 for none).")
    if plan.blocking:
        if lines[-1]:
            lines.append("")
        lines.append(f"{name}: the heuristic search found no plan that meets:"
                     if any(b.kind == "unmet" for b in plan.blocking)
                     else f"{name} cannot pass by changing the allowed answers alone:")
        for block in plan.blocking:
            detail = block.reason
            if block.highest is not None:
                detail += f"; the most it can reach is {_shown(block.highest)}"
            if block.frozen:
                detail += f" (frozen: {', '.join(block.frozen)})"
            lines.append(f"  {block.condition}: {detail}")
    lines.append("")
    if plan.grade is not None:
        found = after.grades[plan.grade]
        level = found.level if found.level is not None else \
            f"undecided, at least {found.at_least}" if found.answered else "unanswered"
        outcome = f"{plan.grade} {level} ({'reaches' if plan.feasible else 'below'} " \
                  f"{plan.level})"
    else:
        outcome = f"{name} " + {True: "PASSED", False: "FAILED", None: "UNDECIDED"}[
            after.predicates[name].passed]
    lines.append(f"after the changes: total {approx_text(after.total.score)} "
                 f"(exact {exact_text(after.total.score)}), {outcome}")
    return "\n".join(lines)

