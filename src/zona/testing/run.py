"""Running cases: score each case's answers with zona.scoring and compare every expected
value exactly (or within the case's tolerance); the results are data (`to_dict`)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from fractions import Fraction
from pathlib import Path
from typing import Any

import attrs

from zona.errors import ZonaAnswerError, ZonaError
from zona.i18n import _, exact
from zona.limits import printable
from zona.numtext import exact_text
from zona.scoring import Result
from zona.testing.cases import SUFFIX, Case, CaseFile, path_of_tests, read_cases
from zona.testing.expected import Check

Actual = Fraction | bool | str | None


@attrs.frozen
class CheckResult:
    """A check and what the unit actually got."""

    check: Check
    actual: Actual
    passed: bool

    def to_dict(self) -> dict[str, Any]:
        kind = self.check.kind
        return {"check": self.check.label, "line": self.check.span.line,
                "column": self.check.span.column,
                "expected": show(self.check.expected, kind, approx=False),
                "actual": show(self.actual, kind, approx=False), "passed": self.passed}


@attrs.frozen
class CaseResult:
    """A case's checks; `problem` when scoring failed in a way no check expected."""

    case: Case
    checks: tuple[CheckResult, ...]
    problem: str | None = None

    @property
    def passed(self) -> bool:
        return self.problem is None and all(c.passed for c in self.checks)

    def to_dict(self) -> dict[str, Any]:
        found: dict[str, Any] = {"name": self.case.name, "line": self.case.span.line,
                                 "passed": self.passed,
                                 "checks": [c.to_dict() for c in self.checks]}
        if self.problem is not None:
            found["problem"] = self.problem
        return found


@attrs.frozen
class FileResult:
    """A tests file's cases, run (none when the file has problems)."""

    file: CaseFile
    cases: tuple[CaseResult, ...]

    @property
    def failed(self) -> tuple[CaseResult, ...]:
        return tuple(c for c in self.cases if not c.passed)

    def to_dict(self) -> dict[str, Any]:
        ruleset = self.file.ruleset
        return {"path": self.file.path, "ruleset": ruleset.id if ruleset else None,
                "errors": [{"line": p.span.line if p.span else None,
                            "column": p.span.column if p.span else None,
                            "message": p.message + (f" {p.hint}" if p.hint else "")}
                           for p in self.file.problems] + [{"line": None, "column": None,
                                                            "message": d}
                                                           for d in self.file.details],
                "cases": [c.to_dict() for c in self.cases]}


def find_files(paths: Iterable[str | Path]) -> Iterator[Path]:
    """The tests files a path names: a tests file itself, every `*.tests.toml` under a
    folder (sorted), or the tests file beside a `.zona` file. ZonaError for a path that
    does not exist or a `.zona` file without tests."""
    for given in paths:
        path = Path(given)
        if path.is_dir():
            yield from sorted(path.rglob(f"*{SUFFIX}"))
        elif path.suffix == ".zona":
            beside = path_of_tests(path)
            if not beside.is_file():
                raise ZonaError(_("{path}: no tests: write them in {beside}", path=path,
                                  beside=beside))
            yield beside
        elif path.is_file():
            yield path
        else:
            raise ZonaError(_("{path}: no such file or folder", path=path))


def run_file(path: str | Path) -> FileResult:
    """Read a tests file and run its cases (none when it has problems)."""
    found = read_cases(path)
    return FileResult(found, tuple(run_case(found, case) for case in found.cases))


def run_case(file: CaseFile, case: Case) -> CaseResult:
    """Score the case's answers and compare every check."""
    assert file.ruleset is not None
    refusal = next((c for c in case.checks if c.kind == "error"), None)
    try:
        result = file.ruleset.score(case.answers, case.facts)
    except ZonaAnswerError as error:
        text = _refusal(file, case, error)
        if refusal is not None:
            expected = str(refusal.expected)
            return CaseResult(case, (CheckResult(refusal, text, expected in text),))
        return CaseResult(case, (), _("the answers were refused:") + f"\n{text}")
    except ZonaError as error:
        return CaseResult(case, (), _("scoring failed:") + f"\n{error}")
    if refusal is not None:
        return CaseResult(case, (CheckResult(refusal, _("scored without a problem"), False),))
    return CaseResult(case, tuple(_compare(result, check, case.tolerance)
                                  for check in case.checks))


def _refusal(file: CaseFile, case: Case, error: ZonaAnswerError) -> str:
    """Each answer problem at its key in the tests file (when the answer was written there),
    one line each (a key or value with a newline or an escape is shown escaped)."""
    lines = []
    for problem in error.problems:
        span = case.keys.get(problem.location)
        where = f"{file.path}:{span.line}:{span.column}: " if span else ""
        lines.append(printable(f"{where}{problem.location}: {problem.message}", 2000))
    return "\n".join(lines)


def actual_of(result: Result, check: Check) -> Actual:
    """What the unit got for a check."""
    if check.kind == "total":
        return result.total.score
    if check.kind == "node":
        return result.nodes[check.name].score
    if check.kind == "view":
        return result.views[check.name].score
    if check.kind == "value":
        return result.values.get(check.name)
    if check.kind == "predicate":
        return result.predicates[check.name].passed
    return result.grades[check.name].level


def _compare(result: Result, check: Check, tolerance: Fraction) -> CheckResult:
    actual = actual_of(result, check)
    expected = check.expected
    if isinstance(expected, Fraction):
        passed = isinstance(actual, Fraction) and abs(actual - expected) <= tolerance
    else:
        passed = actual == expected and type(actual) is type(expected)
    return CheckResult(check, actual, passed)


def show(value: object, kind: str, approx: bool = True) -> str:
    """A value as messages and JSON show it: exact numbers as a tests file writes them
    (with `approx`, p/q also as a rounded decimal, written as the language in use writes
    numbers: a message), true/false, unknown."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Fraction):
        text = exact_text(value)
        if approx and "/" in text:
            return f"{text} (~{exact(Fraction(f'{float(value):.6g}'))})"
        return text
    if value is None:
        return "unanswered" if kind == "value" else "unknown"
    return str(value)
