"""`zona report ANSWERS -o report.html`: one printable HTML page for a unit."""

from __future__ import annotations

import argparse
import datetime
from typing import TextIO

from zona.cli.common import Commands, add_sheet_arguments, score_sheet
from zona.i18n import _


def register(commands: Commands[argparse.ArgumentParser]) -> None:
    """Add the `report` subcommand."""
    parser = commands.add_parser(
        "report", help=_("write a unit's report: scores, predicates, explanation, gap plans"))
    add_sheet_arguments(parser)
    parser.add_argument("-o", "--output", required=True, metavar="FILE",
                        help=_("the HTML file to write (replaced atomically)"))
    parser.add_argument("--target", action="append", metavar="PREDICATE|GRADE>=LEVEL",
                        help=_("make a gap plan for this predicate or grade level (repeatable; "
                               "default: every predicate that fails and depends on scores, e.g. "
                               "WBK, WBBM, and each grade's next level up, e.g. predikat>=BB)"))
    parser.add_argument("--top", type=int, default=15, metavar="N",
                        help=_("how many of the costliest questions to list (default 15)"))
    parser.add_argument("--surveys", action="store_true",
                        help=_("let the gap plans search the measured inputs (survey indices) "
                               "too, still only as the ruleset's `change` allows"))
    parser.set_defaults(run=run)


def run(args: argparse.Namespace, out: TextIO) -> int:
    from zona.errors import ZonaError
    from zona.i18n import language
    from zona.io.workbook_check import check_workbook
    from zona.render.report import report_html, write_report
    from zona.render.report_notes import ReadingNotes

    if args.top < 0:
        raise ZonaError(_("--top {top}: give 0 or more", top=args.top))

    result, sheet = score_sheet(args)
    check = check_workbook(sheet.computed, result) if sheet.computed is not None else None
    notes = ReadingNotes(datetime.date.today(), sheet.warnings, check)
    page = report_html(result, language(), unit=sheet.unit, targets=args.target, top=args.top,
                       surveys=args.surveys, notes=notes, sheet_notes=sheet.notes,
                       evidence=sheet.evidence)
    write_report(args.output, page)
    out.write(f"{args.output}: written\n")
    return 0
