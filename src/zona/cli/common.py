"""What several commands share: finding a ruleset, reading and scoring an answer sheet,
`--fact` and `--fact-from` options, and the ANSWERS/--ruleset/--fact arguments."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, TextIO

import attrs

import zona
from zona.errors import ZonaError, did_you_mean
from zona.i18n import _, whole
from zona.io import AnswerSheet, read_answers
from zona.limits import printable
from zona.version import __version__

Commands = argparse._SubParsersAction  # the `add_subparsers()` object every command adds to


def load_ruleset(name: str) -> zona.Ruleset:
    """A ruleset file, or a built-in ruleset by name."""
    if Path(name).exists() or name.endswith(".zona"):
        return zona.load(name)
    return zona.load_builtin(name)


def named_ruleset(name: str, sheet: str) -> zona.Ruleset:
    """The ruleset an answer sheet names, found as `extends` finds a base: `NAME.zona` in the
    sheet's folder, else the built-in ruleset NAME. A sheet names a ruleset, never a path
    (`/etc/passwd`, `../x`): the file is not read, nor quoted (docs/security.md)."""
    from zona.compiler.loader import find_ruleset

    try:
        found = find_ruleset(name.removesuffix(".zona"), Path(sheet))
    except ZonaError as error:
        raise ZonaError(_("{file}: the sheet's ruleset: {error}", file=printable(sheet),
                          error=error)) from None
    return zona.load(found)


def read_sheet(path: str, given: zona.Ruleset | None) -> tuple[zona.Ruleset, AnswerSheet]:
    """Read an answer sheet of any supported format; pick the ruleset it names if none given.
    `-` reads it from standard input."""
    if path == "-":
        return stdin_sheet(given)
    if Path(path).suffix.lower() in (".xlsx", ".xlsm", ".xls"):
        from zona.io.lke import read_lke

        workbook = read_lke(path, given)
        for warning in workbook.warnings:
            print(_("{file}: warning: {warning}", file=path, warning=warning), file=sys.stderr)
        return _answered(given or zona.load_builtin(workbook.ruleset),
                         attrs.evolve(workbook.answers, warnings=workbook.warnings), path)
    sheet = read_answers(path, given)
    if given is not None:
        return _answered(given, sheet, path)
    if sheet.ruleset is None:
        raise ZonaError(_("{file}: the sheet names no ruleset; give one with --ruleset",
                          file=path))
    ruleset = named_ruleset(sheet.ruleset, path)
    return _answered(ruleset, read_answers(path, ruleset), path)


STDIN = "<stdin>"


def stdin_sheet(given: zona.Ruleset | None) -> tuple[zona.Ruleset, AnswerSheet]:
    """The answer sheet on standard input (`-`): its bytes tell the format (a zip is a
    workbook, `{` or `[` JSON, else CSV)."""
    from zona.io.sheets import MAX_BYTES

    data = sys.stdin.buffer.read(MAX_BYTES + 1)
    sheet = read_answers(data, given, name=STDIN)
    if given is None:
        if sheet.ruleset is None:
            raise ZonaError(_("{file}: the sheet names no ruleset; give one with --ruleset",
                              file=STDIN))
        given = load_ruleset(sheet.ruleset) if sheet.ruleset in builtin_names() else \
            named_ruleset(sheet.ruleset, STDIN)
        sheet = read_answers(data, given, name=STDIN)
    for warning in sheet.warnings:
        print(_("{file}: warning: {warning}", file=STDIN, warning=warning), file=sys.stderr)
    return _answered(given, sheet, STDIN)


def builtin_names() -> list[str]:
    from zona.builtin import names

    return names()


def write_problem(error: ZonaError, out: TextIO, args: argparse.Namespace | None = None) -> int:
    """`--json`: the error as an RFC 9457 problem document on `out` (zona.serve.problems),
    each answer problem with its soal when `--ruleset` names a ruleset; the exit code 1."""
    from zona.i18n import language
    from zona.serve.problems import from_error

    try:
        lang = language()
    except ZonaError:
        lang = "en"
    try:
        named = getattr(args, "ruleset", None)
        ruleset = load_ruleset(named) if isinstance(named, str) else None
    except ZonaError:
        ruleset = None
    json.dump(from_error(error, ruleset).document(lang), out, indent=2, ensure_ascii=False)
    out.write("\n")
    return 1


def _answered(ruleset: zona.Ruleset, sheet: AnswerSheet,
              path: str) -> tuple[zona.Ruleset, AnswerSheet]:
    """The sheet, unless it answers nothing: an empty sheet is a mistake, not a zero."""
    if not any(value is not None and str(value).strip() for value in sheet.answers.values()):
        raise ZonaError(f"{path}: " + _("the sheet answers none of the {count} questions of "
                                        "'{ruleset}': nothing to score",
                                        count=whole(len(ruleset.inputs)), ruleset=ruleset.id))
    return ruleset, sheet


def parse_facts(texts: Sequence[str]) -> dict[str, object]:
    """`--fact NAME=VALUE` options as a mapping of facts."""
    facts: dict[str, object] = {}
    for text in texts:
        name, equals, value = text.partition("=")
        if not equals:
            raise ZonaError(_("--fact {text}: write NAME=VALUE, e.g. prior_predicate=WBK",
                              text=repr(text)))
        facts[name.strip()] = value.strip()
    return facts


def chained_facts(texts: Sequence[str], ruleset: zona.Ruleset) -> dict[str, object]:
    """`--fact-from NAME=SHEET` (or `NAME=RULESET:SHEET`) options: each sheet scored with
    the ruleset it names (or RULESET), and the value its result gives the fact NAME of
    `ruleset` (a grade's level, a numbered level, a score or share; zona.model.chaining).
    A fact the result leaves undecided is left out, with a note on stderr."""
    from zona.scoring.read import chained

    facts: dict[str, object] = {}
    for text in texts:
        name, equals, value = (part.strip() for part in text.partition("="))
        if not equals or not name or not value:
            raise ZonaError(_("--fact-from {text}: write NAME=SHEET or NAME=RULESET:SHEET, "
                              "e.g. sakip=sakip-unit.json", text=repr(text)))
        fact = ruleset.facts_by_name.get(name)
        if fact is None:
            hint = did_you_mean(name, ruleset.facts_by_name)
            raise ZonaError(_("--fact-from {name}: ruleset '{ruleset}' has no fact '{name}'",
                              name=name, ruleset=ruleset.id) + (f". {hint}" if hint else ""))
        other_name, path = _ruleset_and_sheet(value)
        other, sheet = read_sheet(path, load_ruleset(other_name) if other_name else None)
        try:
            found = chained(fact, sheet.score(other))
        except ValueError as error:
            raise ZonaError(f"--fact-from {name}: {path}: {error}") from None
        if found is None:
            print(_("--fact-from {name}: {file}: the result of '{ruleset}' leaves the fact "
                    "undecided; it is unknown", name=name, file=path, ruleset=other.id),
                  file=sys.stderr)
        else:
            facts[name] = found
    return facts


def _ruleset_and_sheet(value: str) -> tuple[str | None, str]:
    """`RULESET:SHEET` split in two; a value that is a file (or has no colon) is a sheet."""
    ruleset, colon, sheet = value.partition(":")
    if Path(value).is_file() or not colon or not ruleset or not sheet:
        return None, value
    return ruleset, sheet


def command_facts(args: argparse.Namespace, ruleset: zona.Ruleset) -> dict[str, object]:
    """A command's `--fact` and `--fact-from` options, as facts of `ruleset`."""
    given = parse_facts(getattr(args, "fact", None) or [])
    chained = chained_facts(getattr(args, "fact_from", None) or [], ruleset)
    twice = sorted(given.keys() & chained.keys())
    if twice:
        raise ZonaError(_("--fact and --fact-from both give the fact '{name}'; give it once",
                          name=twice[0]))
    return {**given, **chained}


def score_sheet(args: argparse.Namespace) -> tuple[zona.Result, AnswerSheet]:
    """Read `args.answers` (with `args.ruleset` when given), add the --fact and --fact-from
    facts, score it."""
    given = load_ruleset(args.ruleset) if args.ruleset else None
    ruleset, sheet = read_sheet(args.answers, given)
    sheet = attrs.evolve(sheet, facts={**sheet.facts, **command_facts(args, ruleset)})
    result: zona.Result = sheet.score(ruleset)
    return result, sheet


def add_fact_arguments(parser: argparse.ArgumentParser, about: str = "") -> None:
    """--fact and --fact-from, shared by every command that takes facts."""
    parser.add_argument("--fact", action="append", default=[], metavar="NAME=VALUE",
                        help=_("a fact about {about}, e.g. prior_predicate=WBK (repeatable)",
                               about=about or _("the unit")))
    parser.add_argument("--fact-from", action="append", default=[],
                        metavar="NAME=[RULESET:]SHEET",
                        help=_("a fact from another ruleset's result: SHEET is scored with the "
                               "ruleset it names (or RULESET) and its grade, score or share "
                               "is the fact, e.g. sakip=sakip-unit.json (repeatable)"))


def add_sheet_arguments(parser: argparse.ArgumentParser, lang: bool = True) -> None:
    """ANSWERS, --ruleset, --fact, --fact-from (and --lang), shared by explain, report and
    gap."""
    parser.add_argument("answers", metavar="ANSWERS",
                        help=_("answer sheet: the official LKE workbook (.xlsx), zona JSON, or "
                               "a PortalRB list of {soal_id, jawaban_unit} (.json)"))
    parser.add_argument("--ruleset", "-r", metavar="RULESET",
                        help=_("a ruleset file (.zona) or a built-in ruleset's name (default: "
                               "the one the sheet names)"))
    if lang:
        parser.add_argument("--lang", choices=("id", "en"),
                            help=_("language: id (Indonesian) or en (English); as `zona --lang`"))
    add_fact_arguments(parser)


def write_json(out: TextIO, document: Mapping[str, Any],
               ruleset: zona.Ruleset | None = None) -> None:
    """A `--json` document: zona's version and the ruleset's id and fingerprint first."""
    head: dict[str, Any] = {"zona_version": __version__}
    if ruleset is not None:
        head.update(ruleset=ruleset.id, ruleset_fingerprint=ruleset.fingerprint)
    json.dump({**head, **document}, out, indent=2, ensure_ascii=False, default=str)
    out.write("\n")


def verdict_word(passed: bool | None) -> str:
    """`passed`, `failed` or `undecided`, in the language in use."""
    return {True: _("passed"), False: _("failed"), None: _("undecided")}[passed]
