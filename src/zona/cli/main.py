"""The `zona` command line: one subcommand per module of this package.

Each command module defines `register(commands)`, which adds its subparser and sets
`run=function(args, out) -> exit code` on it. Exit codes: 0 ok, 1 problems, 2 usage.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from zona.cli import (
    assumptions,
    batch,
    check,
    cohort,
    compare,
    diff,
    explain,
    fmt,
    gap,
    lsp,
    report,
    rulesets,
    score,
    template,
    test,
)
from zona.errors import ZonaError
from zona.version import __version__

COMMANDS = (check, score, explain, gap, report, template, compare, batch, cohort, rulesets,
            assumptions, diff, test, lsp, fmt)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "command", None):
        parser.print_help(sys.stderr)
        return 2
    try:
        code: int = args.run(args, sys.stdout)
        return code
    except ZonaError as error:
        print(error, file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of `zona` with every subcommand."""
    parser = argparse.ArgumentParser(
        prog="zona", description="Score Zona Integritas (WBK/WBBM) evaluations with zona rulesets.")
    parser.add_argument("--version", action="version", version=version_text())
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    for command in COMMANDS:
        command.register(commands)
    return parser


def version_text() -> str:
    """`zona X.Y.Z`."""
    return f"zona {__version__}"
