"""`zona diff OLD NEW`: the structural difference between two rulesets (their grades too),
and with `--answers DIR` the units whose predicates flip or whose grades change."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TextIO

from zona.analysis import diff
from zona.analysis.diff_grades import GradeShift, said_grade
from zona.cli.common import Commands, load_ruleset, verdict_word, write_json
from zona.errors import ZonaError
from zona.i18n import _
from zona.limits import printable


def register(commands: Commands[argparse.ArgumentParser]) -> None:
    """Add the `diff` subcommand."""
    parser = commands.add_parser("diff", help=_("the structural difference between rulesets"))
    parser.add_argument("old", metavar="OLD")
    parser.add_argument("new", metavar="NEW")
    parser.add_argument("--json", action="store_true", help=_("print a JSON document"))
    parser.add_argument("--answers", metavar="DIR",
                        help=_("also score every *.json sheet in DIR under both and list "
                               "the units whose predicates flip or whose grades change"))
    parser.set_defaults(run=run)


def run(args: argparse.Namespace, out: TextIO) -> int:
    old, new = load_ruleset(args.old), load_ruleset(args.new)
    changes = diff.diff(old, new)
    flipped: list[diff.Flip] = []
    shifted: list[GradeShift] = []
    problems: list[str] = []
    if args.answers:
        folder = Path(args.answers)
        if not folder.is_dir():
            raise ZonaError(_("{folder}: not a folder of answer sheets", folder=folder))
        files = sorted(str(p) for p in folder.glob("*.json"))
        flipped, shifted, problems = diff.unit_changes(old, new, files)
    if args.json:
        document = {"old": old.id, "old_fingerprint": old.fingerprint, "new": new.id,
                    "new_fingerprint": new.fingerprint,
                    "changes": [c.to_dict() for c in changes]}
        if args.answers:
            document["flips"] = [f.to_dict() for f in flipped]
            document["grade_changes"] = [g.to_dict() for g in shifted]
            document["unscored"] = problems
        write_json(out, document)
        return 0
    out.write(diff.render(changes, old, new) + "\n")
    if args.answers:
        out.write("\n" + _("predicates that flip ({count}):", count=len(flipped)) + "\n")
        for flip in flipped:
            out.write(f"  {printable(flip.unit or flip.source)}: {flip.predicate} "
                      f"{verdict_word(flip.before)} -> {verdict_word(flip.after)}\n")
        if old.grades or new.grades:
            out.write("\n" + _("grades that change ({count}):", count=len(shifted)) + "\n")
            for shift in shifted:
                out.write(f"  {printable(shift.unit or shift.source)}: {shift.grade} "
                          f"{printable(said_grade(shift.before))} -> "
                          f"{printable(said_grade(shift.after))}\n")
        for problem in problems:
            out.write("  " + _("not scored: {problem}", problem=problem) + "\n")
    return 0
