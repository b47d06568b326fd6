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
from zona.i18n import N_, _, exact, language, ngettext, number
from zona.numtext import exact_text

if TYPE_CHECKING:
    from zona.analysis.gap import GapPlan, Progress

LIMIT = 5.0  # seconds; the same as zona.analysis.gap.LIMIT (not imported: it loads gap)
SHOW_AFTER = 1.0  # seconds before progress shows on stderr


def register(commands: Commands[argparse.ArgumentParser]) -> None:
    """Add the `gap` subcommand."""
    parser = commands.add_parser(
        "gap", help=_("the fewest answer changes that make a predicate (WBK, WBBM) pass or bring "
                      "a grade to a level (predikat>=BB)"))
    add_sheet_arguments(parser, lang=False)
    parser.add_argument("--target", "-t", metavar="PREDICATE|GRADE>=LEVEL",
                        help=_("the predicate to reach, or a grade and the least level to reach "
                               "(predikat>=BB); default: the top level of the ruleset's only "
                               "grade, else its only predicate (with several, they are listed)"))
    parser.add_argument("--json", action="store_true", help=_("print a JSON document"))
    parser.add_argument("--freeze", action="append", default=[], metavar="ID[,ID...]",
                        help=_("questions or inputs that may not change (repeatable)"))
    parser.add_argument("--steps", action="store_true",
                        help=_("minimise grade steps (one option up the scale) instead of the "
                               "number of changed answers"))
    parser.add_argument("--surveys", action="store_true",
                        help=_("also search the measured inputs (survey indices, or what the "
                               "ruleset's `measured` names), still only as their `change` allows; "
                               "decimals in steps of 0.01. By default they are held: a unit does "
                               "not choose its survey results"))
    parser.add_argument("--time-limit", type=_seconds, default=LIMIT, metavar="SECONDS",
                        help=_("stop the exact search in time and answer with the best "
                               "verified plan found, marked as not proven minimal (default "
                               "{limit}; 0 for no limit)", limit=f"{LIMIT:g}"))
    parser.set_defaults(run=run)


def _seconds(text: str) -> float | None:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(_("{text} is not a number of seconds",
                                           text=repr(text))) from None
    if math.isnan(value) or value < 0:
        raise argparse.ArgumentTypeError(_("{text}: give 0 (no limit) or more seconds",
                                           text=repr(text)))
    return value or None


def run(args: argparse.Namespace, out: TextIO) -> int:
    from zona.analysis.gap import default_target, gap, target_choices

    result, sheet = score_sheet(args)
    target = args.target if args.target is not None else default_target(result.ruleset)
    if target is None:
        choices = target_choices(result.ruleset)
        print(_("zona gap: say which predicate or grade to reach with --target; ")
              + (ngettext("{ruleset} has {count}:", "{ruleset} has {count}:", len(choices),
                          ruleset=result.ruleset.id) + "\n  " + "\n  ".join(choices)
                 if choices else _("{ruleset} has no predicate and no grade",
                                   ruleset=result.ruleset.id)),
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
    """Exact when short (13.125), else rounded to 2 places (16.67), in the language in use."""
    text = exact_text(value)
    short = "/" not in text and len(text.partition(".")[2]) <= 3
    return exact(value) if short else number(value)


_VERDICTS = {True: N_("PASSED"), False: N_("FAILED"), None: N_("UNDECIDED")}


def _measured(plan: GapPlan) -> str:
    """Whether the measured inputs were searched, in the ruleset's words for them."""
    words = plan.after.ruleset.words.measured_in(language())
    if plan.surveys:
        return _("{measured} searched too, in steps of {step}", measured=words,
                 step=number(Fraction(1, 100)))
    return _("{measured} held (--surveys to search them)", measured=words)


def _limits(plan: GapPlan) -> list[str]:
    """The inputs the user froze, and those the ruleset lets move one way only or not at
    all (`change up`, `down`, `fixed`)."""
    from zona.analysis.gap.held import held_by_ruleset

    by_ruleset = held_by_ruleset(plan.after, plan.surveys)
    frozen = [f for f in plan.frozen if f not in by_ruleset]
    lines = [_("frozen: {names}", names=", ".join(frozen))] if frozen else []
    ways = {"up": N_("may only rise: {names}"), "down": N_("may only fall: {names}"),
            "fixed": N_("never change: {names}")}
    for way, text in ways.items():
        names = [n for n, w in plan.limits if w == way]
        if names:
            lines.append(_(text, names=", ".join(names)))
    return lines


def render(plan: GapPlan, unit: str | None = None) -> str:
    """The plan as text: the changes, what they give, and what blocks."""
    after = plan.after
    name = plan.target
    measure = _("minimising grade steps") if plan.minimise == "steps" \
        else _("minimising changed answers")
    head = _("{ruleset}: gap to {target}", ruleset=after.ruleset.id, target=name) \
        + (f" -- {unit}" if unit else "")
    lines = [head, f"{measure}; " + _measured(plan), *_limits(plan)]
    if plan.method == "heuristic":
        lines.append(_("heuristic search (a greedy one; plans verified by re-scoring): {note}",
                       note=plan.said_note() or _("the exact search was not used")))
    lines.append("")
    if plan.changes:
        lines.append(_("{changes} change(s), {steps} grade step(s)", changes=len(plan.changes),
                       steps=sum(c.steps for c in plan.changes))
                     + ("" if plan.proven_minimal else ", " + _("not proven minimal")) + ":")
        width = max(len(c.id) for c in plan.changes)
        soal, ident, old, new, points = (after.ruleset.words.numbering_in(language()), _("id"),
                                          _("from"), _("to"), _("points"))
        lines.append(f"  {soal:>4}  {ident:<{width}}  {old:>8}  {new:>8}  {points:>7}")
        for change in plan.changes:
            soal = str(change.soal) if change.soal is not None else "-"
            points = ("+" if change.points >= 0 else "") + number(change.points)
            lines.append(f"  {soal:>4}  {change.id:<{width}}  {change.old or _('(blank)'):>8}  "
                         f"{change.new:>8}  {points:>7}")
    elif plan.feasible:
        lines.append(_("{target} already passes: no change needed.", target=name))
    elif plan.out_of_time:
        limit = _("{seconds} s", seconds=format(plan.time_limit, "g")) if plan.time_limit \
            else _("no limit")
        lines.append(_("no plan found within the time limit ({limit}); try a longer "
                       "--time-limit (0 for none).", limit=limit))
    if plan.blocking:
        if lines[-1]:
            lines.append("")
        lines.append(_("{target}: the heuristic search found no plan that meets:", target=name)
                     if any(b.kind == "unmet" for b in plan.blocking)
                     else _("{target} cannot pass by changing the allowed answers alone:",
                            target=name))
        for block in plan.blocking:
            detail = block.said()
            if block.highest is not None:
                detail += "; " + _("the most it can reach is {value}",
                                   value=_shown(block.highest))
            if block.frozen:
                detail += " (" + _("frozen: {names}", names=", ".join(block.frozen)) + ")"
            lines.append(f"  {block.condition}: {detail}")
    lines.append("")
    if plan.grade is not None:
        found = after.grades[plan.grade]
        level = found.level if found.level is not None else \
            _("undecided, at least {level}", level=found.at_least) if found.answered \
            else _("unanswered")
        reach = _("reaches {level}", level=plan.level) if plan.feasible \
            else _("below {level}", level=plan.level)
        outcome = f"{plan.grade} {level} ({reach})"
    else:
        outcome = f"{name} " + _(_VERDICTS[after.predicates[name].passed])
    lines.append(_("after the changes: total {total} (exact {exact}), {outcome}",
                   total=number(after.total.score), exact=exact(after.total.score),
                   outcome=outcome))
    return "\n".join(lines)

