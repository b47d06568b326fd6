"""`zona rulesets [--on DATE] [--dir DIR]`: the built-in rulesets (and those in the
user's own folders) with their effective dates, or the one in force on a date."""

from __future__ import annotations

import argparse
import datetime
from pathlib import Path
from typing import TextIO

import zona
from zona import builtin
from zona.cli.common import Commands
from zona.compiler import in_folders, in_force
from zona.i18n import _
from zona.model.assumptions import gather


def register(commands: Commands[argparse.ArgumentParser]) -> None:
    """Add the `rulesets` subcommand."""
    parser = commands.add_parser("rulesets", help=_("list the built-in rulesets (and your own)"))
    parser.add_argument("--on", metavar="DATE", type=_date,
                        help=_("print only the ruleset in force on DATE (YYYY-MM-DD)"))
    parser.add_argument("--dir", action="append", default=[], metavar="DIR",
                        help=_("also the rulesets (*.zona) in DIR (repeatable)"))
    parser.set_defaults(run=run)


def _date(text: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(_("{text} is not a date (YYYY-MM-DD)",
                                           text=repr(text))) from None


def run(args: argparse.Namespace, out: TextIO) -> int:
    if args.on is not None:
        ruleset = in_force(args.on, args.dir)
        path = Path(ruleset.source.name) if ruleset.source else None
        own = path is not None and path.parent.resolve() != builtin.directory().resolve()
        out.write(f"{ruleset.id}{f'  ({path})' if own else ''}\n")
        return 0
    listed = [(name, zona.load_builtin(name)) for name in builtin.names()]
    listed += [(r.source.name if r.source else r.id, r) for r in in_folders(args.dir)]
    for name, ruleset in listed:
        start = ruleset.effective_from.isoformat() if ruleset.effective_from else "?"
        end = ruleset.effective_until.isoformat() if ruleset.effective_until else ""
        base = "  " + _("(extends {base})", base=ruleset.extends) if ruleset.extends else ""
        out.write(f"{name:<20} {start} .. {end:<10}  {ruleset.title or ''}{base}"
                  f"{_inferred(ruleset)}\n")
    return 0


def _inferred(ruleset: zona.Ruleset) -> str:
    """How much of the ruleset is inferred rather than read in its source: its `assumed`
    marks, counted, and the command that lists them."""
    marks = gather(ruleset)
    if not marks:
        return ""
    whole = _("partly inferred, ") if any(m.kind == "ruleset" for m in marks) else ""
    return "  [" + whole + _("{count} marked assumed: zona assumptions {id}", count=len(marks),
                             id=ruleset.id) + "]"
