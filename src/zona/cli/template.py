"""`zona template --ruleset NAME -o FILE`: a fillable answer sheet for any ruleset."""

from __future__ import annotations

import argparse
import sys
from typing import TextIO

from zona.cli.common import Commands, add_fact_arguments, command_facts, load_ruleset
from zona.errors import ZonaError
from zona.i18n import _
from zona.io.template import (
    FORMATS,
    template_format,
    template_text,
    weights_note,
    weights_shown,
    write_template,
)


def register(commands: Commands[argparse.ArgumentParser]) -> None:
    """Add the `template` subcommand."""
    parser = commands.add_parser(
        "template", help=_("write a fillable answer sheet (xlsx with live formulas, CSV, JSON, "
                           "YAML) for a ruleset"))
    parser.add_argument("--ruleset", "-r", metavar="RULESET", required=True,
                        help=_("a ruleset file (.zona) or a built-in ruleset's name"))
    parser.add_argument("--output", "-o", metavar="FILE",
                        help=_("the file to write; its suffix (.xlsx, .csv, .json, .yaml) "
                               "chooses the format. Without it a text template is printed"))
    parser.add_argument("--format", choices=FORMATS,
                        help=_("the format, whatever the suffix (default: from the suffix; "
                               "yaml when printing)"))
    add_fact_arguments(parser, _("the unit, filled in; for a text template whose weights "
                                 "depend on facts, they choose the weights shown"))
    parser.set_defaults(run=run)


def run(args: argparse.Namespace, out: TextIO) -> int:

    ruleset = load_ruleset(args.ruleset)
    facts = command_facts(args, ruleset)
    fmt = args.format or "yaml" if args.output is None else template_format(args.output,
                                                                           args.format)
    if fmt != "xlsx":
        _, shown = weights_shown(ruleset, facts)
        if shown and not all(facts.get(name) for name in shown):
            print("zona template: note: " + weights_note(ruleset, shown), file=sys.stderr)
    if args.output is None:
        if fmt == "xlsx":
            raise ZonaError("an xlsx template is a file: give it with -o FILE.xlsx")
        out.write(template_text(ruleset, fmt, facts))
        return 0
    write_template(ruleset, args.output, fmt, facts)
    out.write(f"{args.output}: {fmt} template of {ruleset.id} ({len(ruleset.inputs)} "
              f"questions and inputs, {len(ruleset.facts)} facts)\n")
    return 0
