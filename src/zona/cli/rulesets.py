"""`zona rulesets [--on DATE]`: the built-in rulesets and their effective dates."""

from __future__ import annotations

import argparse
import datetime
from typing import TextIO

import zona
from zona import builtin
from zona.cli.common import Commands
from zona.compiler import in_force


def register(commands: Commands[argparse.ArgumentParser]) -> None:
    """Add the `rulesets` subcommand."""
    parser = commands.add_parser("rulesets", help="list the built-in rulesets")
    parser.add_argument("--on", metavar="DATE", type=_date,
                        help="print only the ruleset in force on DATE (YYYY-MM-DD)")
    parser.set_defaults(run=run)


def _date(text: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date (YYYY-MM-DD)") from None


def run(args: argparse.Namespace, out: TextIO) -> int:
    if args.on is not None:
        ruleset = in_force(args.on)
        out.write(f"{ruleset.id}\n")
        return 0
    for name in builtin.names():
        ruleset = zona.load_builtin(name)
        start = ruleset.effective_from.isoformat() if ruleset.effective_from else "?"
        end = ruleset.effective_until.isoformat() if ruleset.effective_until else ""
        base = f"  (extends {ruleset.extends})" if ruleset.extends else ""
        out.write(f"{name:<20} {start} .. {end:<10}  {ruleset.title or ''}{base}\n")
    return 0
