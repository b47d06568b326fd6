"""`zona assumptions RULESET`: what a ruleset marks as assumed, with where."""

from __future__ import annotations

import argparse
from typing import TextIO

from zona.cli.common import Commands, load_ruleset


def register(commands: Commands[argparse.ArgumentParser]) -> None:
    """Add the `assumptions` subcommand."""
    parser = commands.add_parser("assumptions", help="list what a ruleset marks as assumed")
    parser.add_argument("ruleset", metavar="RULESET")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace, out: TextIO) -> int:
    ruleset = load_ruleset(args.ruleset)
    found = ruleset.assumptions()
    for assumption in found:
        where = f"{assumption.span.file}:{assumption.span.line}: " if assumption.span else ""
        out.write(f"{where}{assumption.where}: {assumption.text}\n")
    if not found:
        out.write(f"{ruleset.id}: no assumptions\n")
    return 0
