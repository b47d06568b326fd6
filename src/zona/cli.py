"""The `zona` command: the only module that prints. Exit codes: 0 ok, 1 problems, 2 usage."""

from __future__ import annotations

import argparse
import datetime
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

import attrs

import zona
from zona import builtin, diff
from zona.errors import ZonaError
from zona.io import AnswerSheet, read_answers
from zona.render import result_table


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code."""
    parser = _parser()
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


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="zona", description="Score Zona Integritas (WBK/WBBM) evaluations with zona rulesets.")
    parser.add_argument("--version", action="version", version=_version())
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    check = commands.add_parser("check", help="check ruleset files and report every problem")
    check.add_argument("files", nargs="+", metavar="FILE")
    check.set_defaults(run=_check)

    score = commands.add_parser("score", help="score an answer sheet")
    score.add_argument("answers", metavar="ANSWERS", nargs="?",
                       help="answer sheet: the official LKE workbook (.xlsx), zona JSON, or "
                            "a PortalRB list of {soal_id, jawaban_unit} (.json)")
    score.add_argument("--table", metavar="TABLE",
                       help="score a table of many units instead (CSV, Parquet or xlsx, one "
                            "row per unit), vectorised; see `zona batch`")
    score.add_argument("--output", "-o", metavar="FILE",
                       help="with --table: write every score and verdict to FILE")
    score.add_argument("--progress", action="store_true",
                       help="with --table: show a progress bar on stderr")
    score.add_argument("--ruleset", "-r", metavar="RULESET",
                       help="a ruleset file (.zona) or a built-in ruleset's name (default: "
                            "the one the sheet names)")
    score.add_argument("--json", action="store_true", help="print a JSON document")
    score.add_argument("--depth", type=int, default=4,
                       help="levels of the tree to show in the table (default 4)")
    score.add_argument("--fact", action="append", default=[], metavar="NAME=VALUE",
                       help="a fact about the unit, e.g. prior_predicate=WBK (repeatable)")
    score.set_defaults(run=_score)

    rulesets = commands.add_parser("rulesets", help="list the built-in rulesets")
    rulesets.add_argument("--on", metavar="DATE", type=_date,
                          help="print only the ruleset in force on DATE (YYYY-MM-DD)")
    rulesets.set_defaults(run=_rulesets)

    assumptions = commands.add_parser("assumptions",
                                      help="list what a ruleset marks as assumed")
    assumptions.add_argument("ruleset", metavar="RULESET")
    assumptions.set_defaults(run=_assumptions)

    difference = commands.add_parser("diff", help="the structural difference between rulesets")
    difference.add_argument("old", metavar="OLD")
    difference.add_argument("new", metavar="NEW")
    difference.add_argument("--json", action="store_true", help="print a JSON document")
    difference.add_argument("--answers", metavar="DIR",
                            help="also score every *.json sheet in DIR under both and list "
                                 "the units whose predicates flip")
    difference.set_defaults(run=_diff)

    from zona.commands import register_all

    register_all(commands)
    return parser


def _date(text: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date (YYYY-MM-DD)") from None


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return f"zona {version('zona')}"
    except PackageNotFoundError:
        return "zona (not installed)"


def _check(args: argparse.Namespace, out: TextIO) -> int:
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


def _load_ruleset(name: str) -> zona.Ruleset:
    """A ruleset file, or a built-in ruleset by name."""
    if Path(name).exists() or name.endswith(".zona"):
        return zona.load(name)
    return zona.load_builtin(name)


def _read_sheet(path: str, given: zona.Ruleset | None) -> tuple[zona.Ruleset, AnswerSheet]:
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
    ruleset = _load_ruleset(sheet.ruleset)
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
    given = _load_ruleset(args.ruleset) if args.ruleset else None
    ruleset, sheet = _read_sheet(args.answers, given)
    sheet = attrs.evolve(sheet, facts={**sheet.facts, **parse_facts(args.fact)})
    result: zona.Result = sheet.score(ruleset)
    return result, sheet


def _score(args: argparse.Namespace, out: TextIO) -> int:
    if args.table:
        from zona.commands.batch import run_table

        return run_table(args, out)
    if not args.answers:
        print("zona score: error: give an answer sheet to score (or --table TABLE for many "
              "units)", file=sys.stderr)
        return 2
    result, sheet = score_sheet(args)
    if args.json:
        document = {"unit": sheet.unit, **result.to_dict()}
        json.dump(document, out, indent=2, ensure_ascii=False)
        out.write("\n")
    else:
        out.write(result_table(result, depth=args.depth, unit=sheet.unit) + "\n")
    return 0


def _rulesets(args: argparse.Namespace, out: TextIO) -> int:
    if args.on is not None:
        ruleset = builtin.in_force(args.on)
        out.write(f"{ruleset.id}\n")
        return 0
    for name in builtin.names():
        ruleset = zona.load_builtin(name)
        start = ruleset.effective_from.isoformat() if ruleset.effective_from else "?"
        end = ruleset.effective_until.isoformat() if ruleset.effective_until else ""
        base = f"  (extends {ruleset.extends})" if ruleset.extends else ""
        out.write(f"{name:<20} {start} .. {end:<10}  {ruleset.title or ''}{base}\n")
    return 0


def _assumptions(args: argparse.Namespace, out: TextIO) -> int:
    ruleset = _load_ruleset(args.ruleset)
    found = ruleset.assumptions()
    for assumption in found:
        where = f"{assumption.span.file}:{assumption.span.line}: " if assumption.span else ""
        out.write(f"{where}{assumption.where}: {assumption.text}\n")
    if not found:
        out.write(f"{ruleset.id}: no assumptions\n")
    return 0


def _diff(args: argparse.Namespace, out: TextIO) -> int:
    old, new = _load_ruleset(args.old), _load_ruleset(args.new)
    changes = diff.diff(old, new)
    flipped: list[diff.Flip] = []
    problems: list[str] = []
    if args.answers:
        folder = Path(args.answers)
        if not folder.is_dir():
            raise ZonaError(f"{folder}: not a folder of answer sheets")
        files = sorted(str(p) for p in folder.glob("*.json"))
        flipped, problems = diff.flips(old, new, files)
    if args.json:
        document = {"old": old.id, "new": new.id, "changes": [c.to_dict() for c in changes]}
        if args.answers:
            document["flips"] = [f.to_dict() for f in flipped]
            document["unscored"] = problems
        json.dump(document, out, indent=2, ensure_ascii=False)
        out.write("\n")
        return 0
    out.write(diff.render(changes, old, new) + "\n")
    if args.answers:
        out.write(f"\npredicates that flip ({len(flipped)}):\n")
        for flip in flipped:
            out.write(f"  {flip.unit or flip.source}: {flip.predicate} "
                      f"{_verdict(flip.before)} -> {_verdict(flip.after)}\n")
        for problem in problems:
            out.write(f"  not scored: {problem}\n")
    return 0


def _verdict(passed: bool | None) -> str:
    return {True: "passed", False: "failed", None: "undecided"}[passed]
