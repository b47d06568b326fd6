"""`zona check FILE...`: check rulesets and report every problem, located; then the lint
warnings of those without errors (zona.lint, docs/warnings.md)."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any, TextIO

import zona
from zona.cli.common import Commands
from zona.compiler.loader import read_text
from zona.errors import ZonaError
from zona.i18n import _, ngettext
from zona.lint import diagnose
from zona.lint.output import render, to_dict
from zona.source import Source


def register(commands: Commands[argparse.ArgumentParser]) -> None:
    """Add the `check` subcommand."""
    parser = commands.add_parser("check", help=_("check ruleset files and report every problem"))
    parser.add_argument("files", nargs="+", metavar="FILE")
    parser.add_argument("--strict", "--warnings-as-errors", action="store_true", dest="strict",
                        help=_("exit 1 on warnings too, not only on errors"))
    parser.add_argument("--json", action="store_true",
                        help=_("print every diagnostic as a JSON list (file, line, column, "
                               "end_line, end_column, severity, code, message, hint)"))
    parser.set_defaults(run=run)


def run(args: argparse.Namespace, out: TextIO) -> int:
    failed = 0
    data: list[dict[str, Any]] = []
    for name in args.files:
        path = Path(name)
        try:  # a regular UTF-8 file within the limits, its byte-order mark dropped
            text = read_text(path)
        except ZonaError as error:
            failed += 1
            if args.json:
                data.append({"file": name, "line": None, "column": None, "end_line": None,
                             "end_column": None, "severity": "error", "code": "file",
                             "message": str(error), "hint": None})
            else:
                print(error, file=sys.stderr)
            continue
        if args.json:
            found = diagnose(text, name)
            data.extend(to_dict(d, name) for d in found)
            failed += _fails(found, args.strict)
            continue
        try:
            zona.loads(text, name)
        except ZonaError as error:  # rendered against whichever file each problem is in
            failed += 1
            print(error, file=sys.stderr)
            continue
        warned = diagnose(text, name)
        source = Source(text, name)
        for warning in warned:
            print(render(warning, source), file=sys.stderr)
        failed += _fails(warned, args.strict)
        count = len(warned)
        print(ngettext("{file}: ok, {count} warning", "{file}: ok, {count} warnings", count,
                       file=name) if count else _("{file}: ok", file=name), file=out)
    if args.json:
        print(json.dumps(data, indent=2, ensure_ascii=False), file=out)
    return 1 if failed else 0


def _fails(found: list[Any], strict: bool) -> int:
    """1 when a file fails: on an error, or with --strict on a warning."""
    return int(any(d.severity == "error" or strict for d in found))
