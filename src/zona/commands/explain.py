"""`zona explain ANSWERS`: why a unit scored what it did, in Indonesian or English."""

from __future__ import annotations

import argparse
from typing import TextIO

from zona.errors import ZonaError


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the `explain` subcommand."""
    parser = commands.add_parser(
        "explain", help="explain a score: areas, predicate conditions, costliest questions")
    add_sheet_arguments(parser)
    parser.add_argument("--top", type=int, default=10, metavar="N",
                        help="how many of the costliest questions to list (default 10)")
    parser.set_defaults(run=run)


def add_sheet_arguments(parser: argparse.ArgumentParser, lang: bool = True) -> None:
    """ANSWERS, --ruleset, --fact (and --lang), shared by explain, report and gap."""
    parser.add_argument("answers", metavar="ANSWERS",
                        help="answer sheet: the official LKE workbook (.xlsx), zona JSON, or "
                             "a PortalRB list of {soal_id, jawaban_unit} (.json)")
    parser.add_argument("--ruleset", "-r", metavar="RULESET",
                        help="a ruleset file (.zona) or a built-in ruleset's name (default: "
                             "the one the sheet names)")
    if lang:
        parser.add_argument("--lang", choices=("id", "en"), default="id",
                            help="language: id (Indonesian, the default) or en (English)")
    parser.add_argument("--fact", action="append", default=[], metavar="NAME=VALUE",
                        help="a fact about the unit, e.g. prior_predicate=WBK (repeatable)")


def run(args: argparse.Namespace, out: TextIO) -> int:
    from zona.explain import explain

    if args.top < 0:
        raise ZonaError(f"--top {args.top}: give 0 or more")
    from zona.cli import score_sheet

    result, sheet = score_sheet(args)
    out.write(explain(result, args.lang, top=args.top, unit=sheet.unit) + "\n")
    return 0
