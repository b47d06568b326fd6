"""`zona assumptions RULESET`: what a ruleset marks as assumed, with where (and, for a
declaration that is not a node, its kind: `grade predikat`, `level predikat.AA`, ...)."""

from __future__ import annotations

import argparse
from typing import TextIO

from zona.cli.common import Commands, load_ruleset
from zona.i18n import _


def register(commands: Commands[argparse.ArgumentParser]) -> None:
    """Add the `assumptions` subcommand."""
    parser = commands.add_parser("assumptions", help=_("list what a ruleset marks as assumed"))
    parser.add_argument("ruleset", metavar="RULESET")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace, out: TextIO) -> int:
    ruleset = load_ruleset(args.ruleset)
    found = ruleset.assumptions()
    for assumption in found:
        where = f"{assumption.span.file}:{assumption.span.line}: " if assumption.span else ""
        # nodes and the header as they always were; other declarations with their kind
        kind = "" if assumption.kind in ("node", "ruleset") else f"{assumption.kind} "
        out.write(f"{where}{kind}{assumption.where}: {assumption.text}\n")
    if not found:
        out.write(_("{ruleset}: no assumptions", ruleset=ruleset.id) + "\n")
    return 0
