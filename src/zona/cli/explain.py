"""`zona explain ANSWERS`: why a unit scored what it did, in Indonesian or English."""

from __future__ import annotations

import argparse
from typing import TextIO

from zona.cli.common import Commands, add_sheet_arguments, score_sheet
from zona.errors import ZonaError
from zona.i18n import _


def register(commands: Commands[argparse.ArgumentParser]) -> None:
    """Add the `explain` subcommand."""
    parser = commands.add_parser(
        "explain", help=_("explain a score: areas, predicate conditions, costliest questions"))
    add_sheet_arguments(parser)
    parser.add_argument("--top", type=int, default=10, metavar="N",
                        help=_("how many of the costliest questions to list (default 10)"))
    parser.set_defaults(run=run)


def run(args: argparse.Namespace, out: TextIO) -> int:
    from zona.analysis.explain import explain
    from zona.i18n import language

    if args.top < 0:
        raise ZonaError(_("--top {top}: give 0 or more", top=args.top))

    result, sheet = score_sheet(args)
    out.write(explain(result, language(), top=args.top, unit=sheet.unit) + "\n")
    return 0
