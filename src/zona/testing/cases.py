"""Reading a tests file (`NAME.tests.toml` beside `NAME.zona`) into cases, each expectation
with the line and column it was written at; every problem in the file, located.

The format is documented in docs/testing.md. A file that cannot be read, or does not
parse as TOML, has one problem; otherwise every problem found is listed and no case is
run.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from fractions import Fraction
from pathlib import Path
from typing import Any

import attrs

import zona
from zona import model as m
from zona.errors import Diagnostic, ZonaError, did_you_mean
from zona.i18n import N_, _
from zona.io import read_answers
from zona.limits import LimitError, read_regular
from zona.source import Source, Span
from zona.testing.expected import EXPECT_KEYS, NUMBER, Check, expected_checks
from zona.testing.locate import Key, Position, positions, where

SUFFIX = ".tests.toml"
FILE_KEYS = ("ruleset", "tolerance", "case")
CASE_KEYS = ("name", "answers", "extends", "facts", "tolerance", "expect")


@attrs.frozen
class Case:
    """A case: answers and facts in, checks out; `tolerance` is the largest difference a
    number may have from its expected value (0: exact)."""

    name: str
    span: Span
    answers: Mapping[str, object]
    facts: Mapping[str, object]
    tolerance: Fraction
    checks: tuple[Check, ...]
    keys: Mapping[str, Span] = attrs.field(factory=dict)  # each answer's and fact's place


@attrs.frozen
class CaseFile:
    """A tests file: its ruleset, its cases, and its problems (no case runs when any)."""

    path: str
    source: Source
    ruleset: m.Ruleset | None
    cases: tuple[Case, ...]
    problems: tuple[Diagnostic, ...] = ()
    details: tuple[str, ...] = ()  # e.g. the ruleset's own compile errors, rendered

    def render_problems(self) -> str:
        """Every problem, `path:line:col: error: ...` with the line and a caret."""
        return "\n".join([*(p.render(self.source) for p in self.problems), *self.details])


def path_of_tests(ruleset_path: Path) -> Path:
    """`NAME.zona` -> `NAME.tests.toml` beside it."""
    return ruleset_path.with_name(ruleset_path.name.removesuffix(".zona") + SUFFIX)


def read_cases(path: str | Path) -> CaseFile:
    """Read and check a tests file; its problems are in `CaseFile.problems`."""
    name = str(path)
    try:
        text = read_regular(path, size_limit="ruleset_bytes").decode("utf-8")
    except (OSError, UnicodeDecodeError, LimitError) as error:
        return CaseFile(name, Source("", name), None, (),
                        (Diagnostic(_("cannot read: {error}", error=error)),))
    return _Reader(name, text).read()


class _Reader:
    def __init__(self, name: str, text: str) -> None:
        self.name = name
        self.source = Source(text, name)
        self.found = positions(text)
        self.problems: list[Diagnostic] = []
        self.details: list[str] = []

    def span(self, key: Key) -> Span:
        line, column = where(self.found, key)
        return Span(line, column, line, column + _key_width(self.source, (line, column)) - 1,
                    self.name)

    def error(self, key: Key, message: str, hint: str | None = None) -> None:
        self.problems.append(Diagnostic(message, self.span(key), hint))

    def read(self) -> CaseFile:
        try:
            document = tomllib.loads(self.source.text)
        except tomllib.TOMLDecodeError as error:
            return self._done(None, (), [_toml_problem(error, self.name)])
        self.keys(document, (), FILE_KEYS, N_("the file"))
        ruleset = self.ruleset(document.get("ruleset"))
        default = self.tolerance(document.get("tolerance", "0"), ("tolerance",))
        raw_cases = document.get("case", [])
        if not isinstance(raw_cases, list) or not raw_cases:
            self.error(("case",), _("the file has no cases; add one with [[case]]"))
            raw_cases = []
        cases: dict[str, Case] = {}
        for index, raw in enumerate(raw_cases):
            case = self.case(raw, ("case", index), ruleset, default, cases)
            if case is not None:
                cases[case.name] = case
        return self._done(ruleset, tuple(cases.values()), self.problems)

    def _done(self, ruleset: m.Ruleset | None, cases: tuple[Case, ...],
              problems: list[Diagnostic]) -> CaseFile:
        return CaseFile(self.name, self.source, None if problems else ruleset,
                        () if problems else cases, tuple(problems), tuple(self.details))

    def keys(self, table: Mapping[str, Any], key: Key, allowed: tuple[str, ...],
             what: str) -> None:
        for name in table:
            if name not in allowed:
                hint = did_you_mean(name, allowed)
                self.error((*key, name), _("unknown key '{name}' in {what}; the keys are "
                                           "{keys}", name=name, what=_(what),
                                           keys=", ".join(allowed)), hint)

    def ruleset(self, given: object) -> m.Ruleset | None:
        here = Path(self.name).parent
        if given is None:
            stem = Path(self.name).name.removesuffix(SUFFIX).removesuffix(".toml")
            path = here / f"{stem}.zona"
            if not path.is_file():
                self.error((), _("no ruleset {path} beside the tests file; name one with "
                                 "ruleset = \"FILE.zona\" (or a built-in ruleset's id)",
                                 path=path))
                return None
            return self.compile(path, ())
        if not isinstance(given, str) or not given.strip():
            self.error(("ruleset",), _("ruleset must be a text: a .zona file or a built-in "
                                       "id"))
            return None
        path = here / given
        if given.endswith(".zona") or path.is_file():
            return self.compile(path, ("ruleset",))
        try:
            return zona.load_builtin(given)
        except ZonaError as error:
            self.error(("ruleset",), f"{error}")
            return None

    def compile(self, path: Path, key: Key) -> m.Ruleset | None:
        try:
            return zona.load(path)
        except OSError as error:
            self.error(key, _("cannot read the ruleset {path}: {error}", path=path,
                              error=error.strerror or error))
        except ZonaError as error:
            self.error(key, _("the ruleset {path} has errors (below); fix them first",
                              path=path))
            self.details.append(str(error))
        return None

    def tolerance(self, raw: object, key: Key) -> Fraction:
        value = self.number(raw, key, "tolerance")
        if value is not None and value < 0:
            self.error(key, _("a tolerance cannot be negative"))
        return value if value is not None and value >= 0 else Fraction(0)

    def number(self, raw: object, key: Key, what: str) -> Fraction | None:
        if isinstance(raw, bool) or not isinstance(raw, int | str):
            hint = (_('Write it as a text, "{raw}": a TOML float is binary, not exact',
                      raw=raw) if isinstance(raw, float) else None)
            self.error(key, _('{what} must be an exact number: a whole number, or a text '
                              'such as "91.25" or "365/4"', what=what), hint)
            return None
        if isinstance(raw, int):
            return Fraction(raw)
        if not NUMBER.fullmatch(raw.strip()):
            self.error(key, _("'{raw}' is not an exact number; write a decimal such as "
                              '"91.25" or a fraction such as "365/4"', raw=raw))
            return None
        try:
            return Fraction(raw.strip())
        except ZeroDivisionError:
            self.error(key, _("'{raw}' divides by zero", raw=raw))
            return None

    def case(self, raw: object, key: Key, ruleset: m.Ruleset | None, default: Fraction,
             earlier: Mapping[str, Case]) -> Case | None:
        if not isinstance(raw, dict):
            self.error(key, _("a case must be a table: [[case]]"))
            return None
        self.keys(raw, key, CASE_KEYS, N_("a case"))
        name = raw.get("name")
        if not isinstance(name, str) or not name.strip():
            self.error(key, _('a case needs a name: name = "..."'))
            name = _("case {number}", number=key[-1])
        elif name in earlier:
            self.error((*key, "name"), _("two cases are called '{name}'; give each its own "
                                         "name", name=name))
        answers, facts = self.inputs(raw, key, ruleset, earlier)
        tolerance = default if "tolerance" not in raw else \
            self.tolerance(raw["tolerance"], (*key, "tolerance"))
        expect = raw.get("expect")
        checks: list[Check] = []
        if not isinstance(expect, dict) or not expect:
            self.error(key, _("case '{name}' expects nothing; add [case.expect] with total, "
                              "nodes, views, values, predicates, grades or error", name=name))
        else:
            self.keys(expect, (*key, "expect"), EXPECT_KEYS, "[case.expect]")
            if ruleset is not None:
                checks = self.checks(expect, (*key, "expect"), ruleset)
        spans = {**{n: self.span((*key, "answers", n)) for n in answers},
                 **{f"facts.{n}": self.span((*key, "facts", n)) for n in facts}}
        return Case(name, self.span(key), answers, facts, tolerance, tuple(checks), spans)

    def inputs(self, raw: Mapping[str, Any], key: Key, ruleset: m.Ruleset | None,
               earlier: Mapping[str, Case]) -> tuple[dict[str, object], dict[str, object]]:
        """The case's answers and facts: from `extends` or an answers file, then the
        inline ones over them."""
        answers: dict[str, object] = {}
        facts: dict[str, object] = {}
        base = raw.get("extends")
        given = raw.get("answers", {} if base is not None else None)
        if base is not None:
            if base not in earlier:
                hint = did_you_mean(str(base), earlier)
                self.error((*key, "extends"), _("no case '{name}' before this one to extend",
                                                name=base), hint)
            else:
                answers, facts = dict(earlier[base].answers), dict(earlier[base].facts)
            if isinstance(given, str):
                self.error((*key, "answers"), _("a case that extends another changes its "
                                                "answers with a table, not a file"))
                given = {}
        if isinstance(given, str):
            answers, facts = self.sheet(given, (*key, "answers"), ruleset)
        elif isinstance(given, dict):
            answers.update(given)
        else:
            self.error(key if given is None else (*key, "answers"), _(
                'a case needs answers: a file (answers = "unit.json") or a table '
                "([case.answers])"))
        more = raw.get("facts", {})
        if isinstance(more, dict):
            facts.update(more)
        else:
            self.error((*key, "facts"), _('facts must be a table: facts = { jenis = "..." }'))
        return answers, facts

    def sheet(self, given: str, key: Key, ruleset: m.Ruleset | None,
              ) -> tuple[dict[str, object], dict[str, object]]:
        path = Path(self.name).parent / given
        if not path.is_file():
            self.error(key, _("no answers file {path}", path=path))
            return {}, {}
        try:
            sheet = read_answers(path, ruleset)
        except ZonaError as error:
            self.error(key, _("cannot read the answers in {path}: {error}", path=path,
                              error=error))
            return {}, {}
        return dict(sheet.answers), dict(sheet.facts)

    def checks(self, expect: Mapping[str, Any], key: Key, ruleset: m.Ruleset) -> list[Check]:
        return expected_checks(self, expect, key, ruleset)


def _key_width(source: Source, position: Position) -> int:
    """How many characters the key (or header) at `position` takes: up to ` =` or `]`."""
    line = source.line_text(position[0])[position[1] - 1:]
    match = re.match(r"\[\[?[^\]]*\]\]?|\"[^\"]*\"|'[^']*'|[A-Za-z0-9_.-]+", line)
    return max(1, len(match.group(0))) if match else 1


def _toml_problem(error: tomllib.TOMLDecodeError, name: str) -> Diagnostic:
    """A TOML syntax error, at the line and column tomllib names."""
    message = str(error)
    found = re.search(r"\s*\(at line (\d+), column (\d+)\)$", message)
    if found is None:
        return Diagnostic(_("not valid TOML: {reason}", reason=message), None)
    line, column = int(found.group(1)), int(found.group(2))
    text = message[:found.start()]
    reason = text[0].lower() + text[1:]
    return Diagnostic(_("not valid TOML: {reason}", reason=reason),
                      Span(line, column, line, column, name))
