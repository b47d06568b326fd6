"""What several commands share: finding a ruleset, reading and scoring an answer sheet,
`--fact` options, and the ANSWERS/--ruleset/--fact arguments."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, TextIO

import attrs

import zona
from zona.errors import ZonaError
from zona.io import AnswerSheet, read_answers
from zona.version import __version__

Commands = argparse._SubParsersAction  # the `add_subparsers()` object every command adds to


def load_ruleset(name: str) -> zona.Ruleset:
    """A ruleset file, or a built-in ruleset by name."""
    if Path(name).exists() or name.endswith(".zona"):
        return zona.load(name)
    return zona.load_builtin(name)


def read_sheet(path: str, given: zona.Ruleset | None) -> tuple[zona.Ruleset, AnswerSheet]:
    """Read an answer sheet of any supported format; pick the ruleset it names if none given."""
    if Path(path).suffix.lower() in (".xlsx", ".xlsm"):
        from zona.io.lke import read_lke

        workbook = read_lke(path, given)
        for warning in workbook.warnings:
            print(f"{path}: warning: {warning}", file=sys.stderr)
        return given or zona.load_builtin(workbook.ruleset), workbook.answers
    sheet = read_answers(path, given)
    if given is not None:
        return given, sheet
    if sheet.ruleset is None:
        raise ZonaError(f"{path}: the sheet names no ruleset; give one with --ruleset")
    ruleset = load_ruleset(sheet.ruleset)
    return ruleset, read_answers(path, ruleset)


def parse_facts(texts: Sequence[str]) -> dict[str, object]:
    """`--fact NAME=VALUE` options as a mapping of facts."""
    facts: dict[str, object] = {}
    for text in texts:
        name, equals, value = text.partition("=")
        if not equals:
            raise ZonaError(f"--fact {text!r}: write NAME=VALUE, e.g. prior_predicate=WBK")
        facts[name.strip()] = value.strip()
    return facts


def score_sheet(args: argparse.Namespace) -> tuple[zona.Result, AnswerSheet]:
    """Read `args.answers` (with `args.ruleset` when given), add the --fact facts, score it."""
    given = load_ruleset(args.ruleset) if args.ruleset else None
    ruleset, sheet = read_sheet(args.answers, given)
    sheet = attrs.evolve(sheet, facts={**sheet.facts, **parse_facts(args.fact)})
    result: zona.Result = sheet.score(ruleset)
    return result, sheet


def add_sheet_arguments(parser: argparse.ArgumentParser, lang: bool = True) -> None:
    """ANSWERS, --ruleset, --fact (and --lang), shared by explain, report and gap."""
    parser.add_argument("answers", metavar="ANSWERS",
                        help="answer sheet: the official LKE workbook (.xlsx), zona JSON, or "
                             "a PortalRB list of {soal_id, jawaban_unit} (.json)")
    parser.add_argument("--ruleset", "-r", metavar="RULESET",
                        help="a ruleset file (.zona) or a built-in ruleset's name (default: "
                             "the one the sheet names)")
    if lang:
        parser.add_argument("--lang", choices=("id", "en"), default="id",
                            help="language: id (Indonesian, the default) or en (English)")
    parser.add_argument("--fact", action="append", default=[], metavar="NAME=VALUE",
                        help="a fact about the unit, e.g. prior_predicate=WBK (repeatable)")


def write_json(out: TextIO, document: Mapping[str, Any],
               ruleset: zona.Ruleset | None = None) -> None:
    """A `--json` document: zona's version and the ruleset's id and fingerprint first."""
    head: dict[str, Any] = {"zona_version": __version__}
    if ruleset is not None:
        head.update(ruleset=ruleset.id, ruleset_fingerprint=ruleset.fingerprint)
    json.dump({**head, **document}, out, indent=2, ensure_ascii=False, default=str)
    out.write("\n")


def verdict_word(passed: bool | None) -> str:
    """`passed`, `failed` or `undecided`."""
    return {True: "passed", False: "failed", None: "undecided"}[passed]
