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
    serve,
    template,
    test,
    whatif,
)
from zona.cli.parser import Parser
from zona.errors import ZonaError
from zona.i18n import DEFAULT, LANGS, _, language, set_language
from zona.limits import check_settings
from zona.version import __version__

COMMANDS = (check, score, explain, gap, report, template, compare, batch, cohort, rulesets,
            assumptions, diff, whatif, test, lsp, fmt, serve)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code."""
    choose_language_early(argv)
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "command", None):
        parser.print_help(sys.stderr)
        return 2
    try:
        set_language(getattr(args, "lang", None) or args.zona_lang)
        language()  # a ZONA_LANG that names no language fails here, as a one-line error
        check_settings()  # so does a bad ZONA_MAX_* (docs/security.md), before any command
        code: int = args.run(args, sys.stdout)
        return code
    except ZonaError as error:
        if getattr(args, "json", False):  # a problem document on stdout (docs/serve.md)
            from zona.cli.common import write_problem

            return write_problem(error, sys.stdout, args)
        print(error, file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0


def choose_language_early(argv: Sequence[str] | None) -> None:
    """Choose the language from `--lang` (before or after the command) and ZONA_LANG before
    the parser is built, so `--help` and usage errors speak it; a bad value is reported later
    by the parser or by `main`, as a one-line error."""
    early = argparse.ArgumentParser(add_help=False, allow_abbrev=False)
    early.add_argument("--lang")
    found, _rest = early.parse_known_args(argv)
    set_language(found.lang if found.lang in LANGS else None)
    try:
        language()
    except ZonaError:  # a bad ZONA_LANG: `main` reports it once the arguments are parsed
        set_language(DEFAULT)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of `zona` with every subcommand."""
    parser = Parser(
        prog="zona",
        description=_("Score Zona Integritas (WBK/WBBM) evaluations with zona rulesets."))
    parser.add_argument("--version", action="version", version=version_text(),
                        help=_("show program's version number and exit"))
    parser.add_argument("--lang", choices=LANGS, dest="zona_lang",
                        help=_("language of the output: id (Indonesian) or en (English); "
                               "default: ZONA_LANG, then the locale, then id "
                               "(docs/language-of-output.md)"))
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    for command in COMMANDS:
        command.register(commands)
    return parser


def version_text() -> str:
    """`zona X.Y.Z`."""
    return f"zona {__version__}"
