"""`zona score ANSWERS`: one unit's scores and verdicts, as a table or JSON."""

from __future__ import annotations

import argparse
import sys
from typing import TextIO

from zona.cli.batch import run_table
from zona.cli.common import Commands, add_fact_arguments, score_sheet, write_json
from zona.errors import severity_word
from zona.i18n import _
from zona.io.workbook_check import check_workbook
from zona.render.text import result_table
from zona.render.workbook import workbook_json, workbook_lines


def register(commands: Commands[argparse.ArgumentParser]) -> None:
    """Add the `score` subcommand."""
    score = commands.add_parser("score", help=_("score an answer sheet"))
    score.add_argument("answers", metavar="ANSWERS", nargs="?",
                       help=_("answer sheet: the official LKE workbook (.xlsx), zona JSON, or "
                              "a PortalRB list of {soal_id, jawaban_unit} (.json)"))
    score.add_argument("--table", metavar="TABLE",
                       help=_("score a table of many units instead (CSV, Parquet or xlsx, one "
                              "row per unit), vectorised; see `zona batch`"))
    score.add_argument("--output", "-o", metavar="FILE",
                       help=_("with --table: write every score and verdict to FILE"))
    score.add_argument("--progress", action="store_true",
                       help=_("with --table: show a progress bar on stderr"))
    score.add_argument("--ruleset", "-r", metavar="RULESET",
                       help=_("a ruleset file (.zona) or a built-in ruleset's name (default: "
                              "the one the sheet names)"))
    score.add_argument("--json", action="store_true", help=_("print a JSON document"))
    score.add_argument("--depth", type=int, default=4,
                       help=_("levels of the tree to show in the table (default 4)"))
    add_fact_arguments(score, _("the unit (with --table: every unit)"))
    score.set_defaults(run=run)


def run(args: argparse.Namespace, out: TextIO) -> int:
    if args.table:
        return run_table(args, out)
    if not args.answers:
        print(f"zona score: {severity_word('error')}: "
              + _("give an answer sheet to score (or --table TABLE for many units)"),
              file=sys.stderr)
        return 2
    result, sheet = score_sheet(args)
    check = check_workbook(sheet.computed, result) if sheet.computed is not None else None
    if args.json:
        write_json(out, {"unit": sheet.unit, **result.to_dict(),
                         **({"notes": dict(sheet.notes)} if sheet.notes else {}),
                         **({"evidence": dict(sheet.evidence)} if sheet.evidence else {}),
                         **({"workbook": workbook_json(check)} if check else {})})
    else:
        out.write(result_table(result, depth=args.depth, unit=sheet.unit) + "\n")
        if check is not None:
            out.write("\n" + "\n".join(workbook_lines(check, result)) + "\n")
    return 0
