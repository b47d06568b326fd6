"""`zona template --ruleset NAME -o FILE`: a fillable answer sheet for any ruleset; with
`--wide`, a table to fill for many units (zona.io.template_wide)."""

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
from zona.io.template_wide import (
    DEFAULT_ROWS,
    NAMINGS,
    check_rows,
    wide_columns,
    wide_csv,
    wide_format,
    write_wide,
)
from zona.model import Fact, Input


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
    wide = parser.add_argument_group(_("a table of many units"))
    wide.add_argument("--wide", action="store_true",
                      help=_("write a table to fill for many units (xlsx or CSV): one row "
                             "per unit, one column per question, input and fact, named as "
                             "zona batch reads them"))
    wide.add_argument("--rows", type=int, metavar="N",
                      help=_("the rows of units an xlsx table checks with dropdowns and "
                             "number ranges (default: {rows}); every row below stays open",
                             rows=DEFAULT_ROWS))
    wide.add_argument("--names", choices=NAMINGS, default="soal",
                      help=_("name question columns soal_<n> where the ruleset numbers its "
                             "questions (default), or by input id"))
    parser.set_defaults(run=run)


def run(args: argparse.Namespace, out: TextIO) -> int:
    if args.wide:
        return run_wide(args, out)
    if args.rows is not None:
        raise ZonaError(_("--rows sets the rows of a table of units: give it with --wide"))
    ruleset = load_ruleset(args.ruleset)
    facts = command_facts(args, ruleset)
    fmt = args.format or "yaml" if args.output is None else template_format(args.output,
                                                                           args.format)
    if fmt != "xlsx":
        shown = weights_shown(ruleset, facts)[1]
        if shown and not all(facts.get(name) for name in shown):
            print(_("zona template: note: {note}", note=weights_note(ruleset, shown)),
                  file=sys.stderr)
    if args.output is None:
        if fmt == "xlsx":
            raise ZonaError(_("an xlsx template is a file: give it with -o FILE.xlsx"))
        out.write(template_text(ruleset, fmt, facts))
        return 0
    write_template(ruleset, args.output, fmt, facts)
    out.write(f"{args.output}: {fmt} template of {ruleset.id} ({len(ruleset.inputs)} "
              f"questions and inputs, {len(ruleset.facts)} facts)\n")
    return 0


def run_wide(args: argparse.Namespace, out: TextIO) -> int:
    """`zona template --wide`: the table of many units, printed (CSV) or written."""
    if args.fact or args.fact_from:
        raise ZonaError(_("a table of units has a fact:NAME column per fact, filled per "
                          "unit; or give a fact for every unit to zona batch --fact"))
    ruleset = load_ruleset(args.ruleset)
    fmt = wide_format(args.output, args.format or ("csv" if args.output is None else None))
    if args.rows is not None and fmt != "xlsx":
        raise ZonaError(_("--rows sets the rows an xlsx table checks; a CSV table is its "
                          "header row"))
    rows = check_rows(DEFAULT_ROWS if args.rows is None else args.rows)
    columns = wide_columns(ruleset, args.names)
    if ruleset.weight_facts:
        print(_("zona template: note: the weights depend on {facts}: give them for every "
                "unit to zona batch with --fact NAME=VALUE", facts=", ".join(
                    ruleset.weight_facts)), file=sys.stderr)
    if args.output is None:
        if fmt == "xlsx":
            raise ZonaError(_("an xlsx template is a file: give it with -o FILE.xlsx"))
        out.write(wide_csv(ruleset, args.names))
        return 0
    write_wide(ruleset, args.output, fmt, rows=rows, naming=args.names)
    inputs = sum(isinstance(c.item, Input) for c in columns)
    facts = sum(isinstance(c.item, Fact) for c in columns)
    out.write(_("{path}: {format} table of units for {ruleset}: {columns} columns ({inputs} "
                "questions and inputs, {facts} facts), one row per unit",
                path=args.output, format=fmt, ruleset=ruleset.id, columns=len(columns),
                inputs=inputs, facts=facts) + "\n")
    return 0
