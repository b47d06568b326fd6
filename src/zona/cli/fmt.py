"""`zona fmt [--check] [--diff] PATH...`: write rulesets in the one canonical layout.

Files are rewritten in place (zona.io.atomic: a temporary file in the same folder, then
renamed over the original, so a file is never left half-written; a failed write, a full disk
or a read-only file, is one located line, the original intact and no temporary file left);
a folder means every *.zona file under it;
`-` reads standard input and writes the formatted text to standard output. `--check`
rewrites nothing and exits 1 with a unified diff when a file would change (for CI);
`--diff` prints the diffs and rewrites nothing. A file that does not parse gets the usual
located error and exit code 2.
"""

from __future__ import annotations

import argparse
import difflib
import re
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TextIO

from zona.cli.common import Commands
from zona.compiler.loader import read_text
from zona.errors import ZonaError
from zona.i18n import _
from zona.io.atomic import write_text_atomic
from zona.language.format import format_source

STDIN = "-"
_LINE = re.compile(r"[^\n]*\n|[^\n]+\Z")


def register(commands: Commands[argparse.ArgumentParser]) -> None:
    """Add the `fmt` subcommand."""
    parser = commands.add_parser(
        "fmt", help=_("format ruleset files in the canonical layout, keeping every comment"))
    parser.add_argument("paths", nargs="+", metavar="PATH",
                        help=_("a .zona file, a folder (every *.zona under it) or - (standard "
                               "input to standard output)"))
    parser.add_argument("--check", action="store_true",
                        help=_("rewrite nothing; exit 1 and print a diff when a file would change"))
    parser.add_argument("--diff", action="store_true",
                        help=_("rewrite nothing; print a diff for each file that would change"))
    parser.set_defaults(run=run)


def run(args: argparse.Namespace, out: TextIO) -> int:
    failed = changed = False
    for name in _expand(args.paths):
        try:
            text = _read(name)
            formatted = format_source(text, "<stdin>" if name == STDIN else name)
        except ZonaError as error:
            print(error, file=sys.stderr)
            failed = True
            continue
        if args.check or args.diff:
            if formatted != text:
                changed = True
                out.write(unified_diff(text, formatted, "<stdin>" if name == STDIN else name))
        elif name == STDIN:
            out.write(formatted)
        elif formatted != text:
            try:
                write_text_atomic(name, formatted)
            except ZonaError as error:  # a full disk, a read-only file or folder
                print(error, file=sys.stderr)
                failed = True
                continue
            changed = True
            print(f"reformatted {name}", file=out)
    if failed:
        return 2
    return 1 if args.check and changed else 0


def _expand(paths: list[str]) -> Iterator[str]:
    """Every file the paths name: files as given, folders by their *.zona files."""
    for name in paths:
        path = Path(name)
        if name != STDIN and path.is_dir():
            yield from (str(p) for p in sorted(path.rglob("*.zona")) if p.is_file())
        else:
            yield name


def _read(name: str) -> str:
    """A file's text as it is on disk (line ends untouched; a byte-order mark dropped), or
    standard input's; ZonaError for a file that is not a regular UTF-8 file within the
    limits (zona.compiler.loader.read_text)."""
    if name == STDIN:
        return sys.stdin.read()
    return read_text(name)


def unified_diff(before: str, after: str, name: str) -> str:
    """The change from `before` to `after` as a unified diff of `name`."""
    return "".join(difflib.unified_diff(
        _LINE.findall(before), _LINE.findall(after), fromfile=name,
        tofile=f"{name} (formatted)"))
