"""`zona test [--json] [--properties] [--examples N] PATH...`: run the cases of rulesets'
tests files (docs/testing.md), and with --properties the generic properties."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any, TextIO

import zona
from zona.cli.common import Commands, write_json
from zona.errors import ZonaError, severity_word
from zona.i18n import _, ngettext
from zona.limits import printable
from zona.testing import SUFFIX, FileResult, find_files, path_of_tests, run_file
from zona.testing.run import show


def register(commands: Commands[argparse.ArgumentParser]) -> None:
    """Add the `test` subcommand."""
    parser = commands.add_parser(
        "test", help=_("run the test cases of rulesets (NAME.tests.toml beside NAME.zona)"))
    parser.add_argument("paths", nargs="+", metavar="PATH",
                        help=_("a tests file (*{suffix}), a folder (every tests file under "
                               "it) or a .zona file (the tests file beside it)", suffix=SUFFIX))
    parser.add_argument("--json", action="store_true", help=_("print the results as JSON"))
    parser.add_argument("--properties", action="store_true",
                        help=_("also check generic properties of each ruleset with generated "
                               "answer sheets (needs the testing extra: hypothesis)"))
    parser.add_argument("--examples", type=int, default=50, metavar="N",
                        help=_("answer sheets per property with --properties (default 50)"))
    parser.set_defaults(run=run)


def run(args: argparse.Namespace, out: TextIO) -> int:
    if args.examples < 1:
        print(f"zona test: {severity_word('error')}: " + _("--examples must be at least 1"),
              file=sys.stderr)
        return 2
    try:
        files, alone = _targets(args.paths, args.properties)
    except ZonaError as error:
        print(f"zona test: {severity_word('error')}: {error}", file=sys.stderr)
        return 2
    results = [run_file(path) for path in files]
    checked: list[Any] = []
    if args.properties:
        from zona.testing.properties import check_properties

        rulesets = [r.file.ruleset for r in results if r.file.ruleset is not None] + alone
        checked = [check_properties(ruleset, args.examples) for ruleset in rulesets]
    if args.json:
        write_json(out, _document(results, checked))
    else:
        _print(results, checked, out)
    if any(r.file.problems for r in results):
        return 2
    failed = any(r.failed for r in results) or any(not p.held for p in checked)
    return 1 if failed else 0


def _targets(paths: list[str], properties: bool) -> tuple[list[Path], list[zona.Ruleset]]:
    """The tests files to run, and (with --properties) the rulesets named without tests."""
    files: list[Path] = []
    alone: list[zona.Ruleset] = []
    for name in paths:
        path = Path(name)
        if properties and path.suffix == ".zona" and not path_of_tests(path).is_file():
            alone.append(zona.load(path))
            continue
        found = list(find_files([path]))
        if not found and not properties:
            raise ZonaError(_("{path}: no *{suffix} file in this folder", path=path,
                              suffix=SUFFIX))
        files.extend(found)
    return files, alone


def _print(results: list[FileResult], checked: list[Any], out: TextIO) -> None:
    passed = failed = 0
    for result in results:
        file = result.file
        if file.problems:
            print(file.render_problems(), file=sys.stderr)
            continue
        for case in result.failed:
            where = f"{file.path}:{case.case.span.line}:{case.case.span.column}"
            print(_("{where}: FAIL {case}", where=where, case=printable(case.case.name)),
                  file=out)
            if case.problem is not None:  # (its lines, each escaped)
                print("  " + "\n    ".join(printable(line, 2000)
                                           for line in case.problem.splitlines()), file=out)
            for check in case.checks:
                if not check.passed:
                    where = f"{file.path}:{check.check.span.line}:{check.check.span.column}"
                    print("  " + _("{where}: {check}: expected {expected}, got {actual}",
                                   where=where, check=printable(check.check.label),
                                   expected=printable(show(check.check.expected,
                                                           check.check.kind)),
                                   actual=printable(show(check.actual, check.check.kind))),
                          file=out)
        bad = len(result.failed)
        passed += len(result.cases) - bad
        failed += bad
        print(_("{file}: {passed} passed, {failed} failed", file=file.path,
                passed=len(result.cases) - bad, failed=bad) if bad else
              _("{file}: {passed} passed", file=file.path, passed=len(result.cases)), file=out)
    for report in checked:
        out.write(report.text() + "\n")
    broken = sum(1 for r in results if r.file.problems)
    parts = [_("{cases} in {files}: {passed} passed, {failed} failed",
               cases=ngettext("{count} case", "{count} cases", passed + failed),
               files=ngettext("{count} file", "{count} files", len(results)),
               passed=passed, failed=failed)]
    if broken:
        parts.append(ngettext("{count} file with errors, not run",
                              "{count} files with errors, not run", broken))
    if checked:
        violated = sum(1 for p in checked if not p.held)
        parts.append(ngettext("properties of {count} ruleset: {held} held, {violated} violated",
                              "properties of {count} rulesets: {held} held, {violated} violated",
                              len(checked), held=len(checked) - violated, violated=violated))
    print("; ".join(parts), file=out)


def _document(results: list[FileResult], checked: list[Any]) -> dict[str, Any]:
    cases = [c for r in results for c in r.cases]
    failed = sum(1 for c in cases if not c.passed)
    document: dict[str, Any] = {
        "files": [r.to_dict() for r in results],
        "summary": {"files": len(results), "cases": len(cases),
                    "passed": len(cases) - failed, "failed": failed,
                    "files_with_errors": sum(1 for r in results if r.file.problems)},
    }
    if checked:
        document["properties"] = [p.to_dict() for p in checked]
    return document
