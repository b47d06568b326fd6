"""`zona check FILE...`: check rulesets and report every problem, located."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TextIO

import zona
from zona.cli.common import Commands
from zona.errors import ZonaError


def register(commands: Commands[argparse.ArgumentParser]) -> None:
    """Add the `check` subcommand."""
    parser = commands.add_parser("check", help="check ruleset files and report every problem")
    parser.add_argument("files", nargs="+", metavar="FILE")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace, out: TextIO) -> int:
    failed = 0
    for name in args.files:
        path = Path(name)
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            print(f"{name}: error: cannot read: {error}", file=sys.stderr)
            failed += 1
            continue
        try:
            zona.loads(text, name)
        except ZonaError as error:  # rendered against whichever file each problem is in
            failed += 1
            print(error, file=sys.stderr)
        else:
            print(f"{name}: ok", file=out)
    return 1 if failed else 0
