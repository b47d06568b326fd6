"""AnswerSheet, and read_answers: one unit's answers from any file zona reads.

By suffix: `.json` (zona JSON, structured or flat, or a PortalRB list), `.yaml`/`.yml`,
`.csv` (`id,answer` rows) and `.xlsx`/`.xlsm` (the official LKE workbook or a zona
template). Every answer keeps where it was read (`locations`), so a problem found later,
when scoring, still names its place in the file.
"""

from __future__ import annotations

import decimal
import json
import re
from collections.abc import Callable, Iterable, Mapping
from os import PathLike
from pathlib import Path
from typing import IO, Any

import attrs

from zona.errors import AnswerProblem, ZonaAnswerError
from zona.i18n import _
from zona.io.files import decode, fail, pointer, read_bytes
from zona.limits import has_control, printable
from zona.model import Ruleset
from zona.scoring.result import Result

MAX_BYTES = 20 * 1024 * 1024
FACT_PREFIX = "fact:"
SOAL = re.compile(r"soal[_ ]?(\d+)", re.IGNORECASE)
Where = Callable[[tuple[str | int, ...]], str]
#: the suffixes of workbooks (an old .xls is converted, zona.io.workbook_xls)
WORKBOOKS = (".xlsx", ".xlsm", ".xls")
#: a file to read: its path, its bytes, or a binary file object
Readable = str | PathLike[str] | bytes | IO[bytes]


@attrs.frozen
class Computed:
    """A spreadsheet's own saved results: each matched node's score cell (`LKE ZI!L175`)
    and value, and the total's, as the file's last calculation left them."""

    cells: Mapping[str, str] = attrs.field(factory=dict)
    values: Mapping[str, float] = attrs.field(factory=dict)
    total_cell: str | None = None
    total: float | None = None


@attrs.frozen
class AnswerSheet:
    """One unit's answers (input id -> raw value) and facts, with where they came from.

    `locations` maps an answer's id, or `facts.NAME`, to its place in the file (a cell
    `LKE ZI!K8`, `file.csv:12:2`, a JSON pointer `file.json#/answers/q1`); `assessor` is
    whose answers these are (unit, tpi, tpn), when the file says.
    """

    answers: Mapping[str, object]
    facts: Mapping[str, object] = attrs.field(factory=dict)
    unit: str | None = None
    ruleset: str | None = None
    source: str = "answers"
    locations: Mapping[str, str] = attrs.field(factory=dict)
    assessor: str | None = None
    unit_id: str | None = None
    #: what the file computed itself (the official workbook's saved results), if anything
    computed: Computed | None = None
    #: what reading the file noticed but did not stop for (a cell's answer type, a typed
    #: total that its parts disagree with, a row that matches nothing)
    warnings: tuple[AnswerProblem, ...] = ()
    #: each question's note (Catatan) and evidence link (Bukti dukung), by input id
    notes: Mapping[str, str] = attrs.field(factory=dict)
    evidence: Mapping[str, str] = attrs.field(factory=dict)

    def locate(self, problem: AnswerProblem) -> AnswerProblem:
        """A scoring problem (located by input id) moved to the answer's place in the file."""
        where = self.locations.get(problem.location)
        if where is None:
            return problem
        return AnswerProblem(where, f"{problem.location}: {problem.message}")

    def score(self, ruleset: Ruleset) -> Result:
        """Score this sheet; each answer problem names its place in this sheet's file."""
        try:
            return ruleset.score(self.answers, self.facts)
        except ZonaAnswerError as error:
            raise ZonaAnswerError([self.locate(p) for p in error.problems],
                                  self.source) from None


def read_answers(path: Readable, ruleset: Ruleset | None = None,
                 assessor: str | None = None, *, name: str | None = None) -> AnswerSheet:
    """Read one unit's answer file, by its suffix; ZonaAnswerError lists every problem.

    `ruleset` maps PortalRB soal numbers and `soal_<n>` ids to inputs; without one, a
    sheet that needs it is refused. For a PortalRB list with several answer columns
    (jawaban_unit, jawaban_tpi, ...) the answers are the final ones, each question's from
    the first assessor of the ruleset's `assessors` who answered it, or only `assessor`'s.
    `path` may be the file's bytes or a binary file object instead (see given_bytes).
    """
    data, shown, suffix = given_bytes(path, name)
    if data is not None:
        return _read_given(data, shown, suffix, ruleset, assessor)
    file = Path(shown)
    if suffix in WORKBOOKS:
        from zona.io.lke import read_lke

        return read_lke(file, ruleset).answers
    if suffix == ".csv":
        from zona.io.textformats import parse_csv

        data = read_bytes(file, MAX_BYTES, _("an answer sheet is far smaller"))
        return parse_csv(decode(data, shown), shown, ruleset)
    document, where = read_document(file)
    return sheet_from_document(document, shown, ruleset, where, assessor)


def given_bytes(source: Readable, name: str | None = None,
                limit: int = MAX_BYTES) -> tuple[bytes | None, str, str]:
    """(bytes, name, suffix) of a file given as bytes or a binary file object (read up to
    `limit`; `name`, default `<bytes>`, names it in messages, and its suffix, else the bytes
    themselves, tell the format: a zip is a workbook, `{` or `[` JSON, else CSV); for a
    path, (None, the path, its suffix)."""
    if isinstance(source, str | PathLike):
        file = Path(source)
        return None, str(file), file.suffix.lower()
    shown = name or "<bytes>"
    data = bytes(source) if isinstance(source, bytes) else source.read(limit + 1)
    if len(data) > limit:
        raise fail(shown, _("larger than {count} MB; an answer sheet is far smaller",
                            count=limit // (1024 * 1024)), shown)
    if not data.strip():
        raise fail(shown, _("the file is empty"), shown)
    suffix = Path(shown).suffix.lower()
    if not suffix:
        text = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")
        suffix = ".xlsx" if data[:4] in (b"PK\x03\x04", b"\xd0\xcf\x11\xe0") else \
            ".json" if text[:1] in (b"{", b"[") else ".csv"
    return data, shown, suffix


def _read_given(data: bytes, name: str, suffix: str, ruleset: Ruleset | None,
                assessor: str | None) -> AnswerSheet:
    """read_answers of a file's bytes, by `suffix`."""
    if suffix in WORKBOOKS:
        from zona.io.lke import read_lke

        return read_lke(data, ruleset, name=name).answers
    text = decode(data, name)
    if suffix == ".csv":
        from zona.io.textformats import parse_csv

        return parse_csv(text, name, ruleset)
    if suffix in (".yaml", ".yml"):
        from zona.io.textformats import yaml_document

        document, where = yaml_document(text, name)
    else:
        document, where = json_document(text, name)
    return sheet_from_document(document, name, ruleset, where, assessor)


def read_document(path: str | Path) -> tuple[object, Where]:
    """A JSON file (or YAML, by its suffix) as data, and how to locate a path in it."""
    file = Path(path)
    name = str(file)
    text = decode(read_bytes(file, MAX_BYTES, _("an answer sheet is far smaller")), name)
    if file.suffix.lower() in (".yaml", ".yml"):
        from zona.io.textformats import yaml_document

        return yaml_document(text, name)
    return json_document(text, name)


class _Pairs(dict[str, Any]):
    """A JSON object that remembers every key/value pair, repeated keys included."""

    pairs: list[tuple[str, Any]]


def _pairs(items: list[tuple[str, Any]]) -> _Pairs:
    found = _Pairs(items)
    found.pairs = items
    return found


def parse_answers(text: str, name: str = "answers", ruleset: Ruleset | None = None,
                  assessor: str | None = None) -> AnswerSheet:
    """Parse answer-sheet JSON text (numbers are kept exact)."""
    document, where = json_document(text, name)
    return sheet_from_document(document, name, ruleset, where, assessor)


def json_document(text: str, name: str) -> tuple[object, Where]:
    """JSON text as data (decimals exact, repeated keys kept) and its pointer locator."""
    if not text.strip():
        raise fail(name, _("the file is empty"), name)
    try:
        document = json.loads(text, parse_float=_float, parse_int=_integer,
                              parse_constant=str, object_pairs_hook=_pairs)
    except json.JSONDecodeError as error:
        raise fail(f"{name}:{error.lineno}:{error.colno}",
                   _("not valid JSON: {reason}", reason=error.msg), name) from None
    except RecursionError:
        raise fail(name, _("not valid JSON: nested too deeply"), name) from None
    return document, lambda path: pointer(name, *path)


def _float(text: str) -> decimal.Decimal | str:
    """A JSON number with a fraction or exponent, exactly; one whose exponent even Decimal
    cannot hold (`1e99999999999999999999`) as its text, which reading the answer refuses."""
    try:
        return decimal.Decimal(text)
    except decimal.InvalidOperation:
        return text


def _integer(text: str) -> int | decimal.Decimal:
    """A JSON integer; a very long one as a Decimal (Python refuses int() of over 4,300
    digits), which reading the answer then refuses with its place (zona.numtext)."""
    return int(text) if len(text) <= 40 else decimal.Decimal(text)


def sheet_from_document(document: object, name: str, ruleset: Ruleset | None, where: Where,
                        assessor: str | None = None) -> AnswerSheet:
    """An AnswerSheet from a parsed JSON or YAML document; `where` locates a path in it."""
    if isinstance(document, list):
        from zona.io.portalrb import portalrb_sheet

        return portalrb_sheet(document, name, ruleset, where, assessor)
    if not isinstance(document, dict):
        raise fail(where(()), _("expected an object of answers, {example}, or a PortalRB list "
                                "of {fields}", example='{"answers": {...}}',
                                fields="{soal_id, jawaban_unit}"), name)
    structured = isinstance(document.get("answers"), dict)
    body = document["answers"] if structured else document
    problems: list[AnswerProblem] = []
    prefix: tuple[str, ...] = ("answers",) if structured else ()
    pairs = [(str(k), v, where((*prefix, str(k)))) for k, v in _items(body)]
    answers, locations = collect(pairs, ruleset, problems)
    facts: dict[str, object] = {}
    meta: dict[str, str | None] = {}
    remarks: dict[str, dict[str, str]] = {"notes": {}, "evidence": {}}
    if structured:
        for role, texts in remarks.items():
            texts.update(remarks_of(document.get(role), role, ruleset, where, problems))
        found = document.get("facts")
        if found is not None and not isinstance(found, dict):
            problems.append(AnswerProblem(where(("facts",)), _("expected an object of facts")))
        for key, value in _items(found if isinstance(found, dict) else {}):
            if str(key) in facts:
                problems.append(AnswerProblem(where(("facts", str(key))),
                                              _("fact {name} is given twice", name=key)))
            facts[str(key)] = value
            locations[f"facts.{key}"] = where(("facts", str(key)))
        for key in ("unit", "unit_id", "ruleset", "assessor"):
            value = document.get(key)
            if isinstance(value, dict | list):
                problems.append(AnswerProblem(where((key,)), _("expected a text")))
            meta[key] = str(value) if value not in (None, "") else None
    problems.extend(AnswerProblem(where((k,)), _("{name} is given twice", name=k))
                    for k in _repeated(document) if structured)
    sheet = AnswerSheet(answers, facts, meta.get("unit"), meta.get("ruleset"), name, locations,
                        meta.get("assessor"), meta.get("unit_id"), notes=remarks["notes"],
                        evidence=remarks["evidence"])
    return finish(sheet, problems, ruleset)


def remarks_of(found: object, role: str, ruleset: Ruleset | None, where: Where,
               problems: list[AnswerProblem]) -> dict[str, str]:
    """A document's `notes` or `evidence` (question id -> text; empty ones left out)."""
    if found is not None and not isinstance(found, dict):
        problems.append(AnswerProblem(where((role,)), _("expected an object of {role} by "
                                                        "question id", role=role)))
    texts: dict[str, str] = {}
    for key, value in _items(found if isinstance(found, dict) else {}):
        name, place = input_id(str(key), ruleset), where((role, str(key)))
        if ruleset is not None and name not in ruleset.inputs_by_name:
            problems.append(AnswerProblem(place, _("{ruleset} has no question or input {name}",
                                                   ruleset=ruleset.id, name=key)))
        elif isinstance(value, dict | list | bool):
            problems.append(AnswerProblem(place, _("expected a text")))
        elif value is not None and str(value).strip():
            texts[name] = str(value).strip()
    return texts


def finish(sheet: AnswerSheet, problems: list[AnswerProblem],
           ruleset: Ruleset | None) -> AnswerSheet:
    """The sheet, or ZonaAnswerError listing the problems found reading it and, so that
    every problem is reported at once, those scoring it finds (each at its place) under
    `ruleset`, or else the built-in ruleset the sheet names. A unit name, unit id, assessor
    or ruleset name with control characters (a newline, an escape) is a problem: it would
    print as a line of its own or redraw the terminal."""
    problems = [*problems, *_control_problems(sheet)]
    if not problems:
        return sheet
    from zona.builtin import names
    from zona.compiler import load_builtin

    if ruleset is None and sheet.ruleset in names():
        ruleset = load_builtin(sheet.ruleset)
        renamed = {k: input_id(k, ruleset) for k in sheet.answers}
        sheet = attrs.evolve(sheet, answers={renamed[k]: v for k, v in sheet.answers.items()},
                             locations={renamed.get(k, k): v for k, v in sheet.locations.items()})
    if ruleset is not None:
        from zona.errors import ZonaError

        try:
            sheet.score(ruleset)
        except ZonaAnswerError as error:
            problems = [*problems, *(p for p in error.problems if p not in problems)]
        except ZonaError:
            pass
    raise ZonaAnswerError(problems, sheet.source)


def _control_problems(sheet: AnswerSheet) -> list[AnswerProblem]:
    fields = {"unit": sheet.unit, "unit_id": sheet.unit_id, "assessor": sheet.assessor,
              "ruleset": sheet.ruleset}
    return [AnswerProblem(sheet.source, _("{field}: '{value}' has a control character; write "
                                          "it on one line, without control characters",
                                          field=key, value=printable(value, 60)))
            for key, value in fields.items() if value is not None and has_control(value)]


def _items(mapping: Mapping[Any, Any]) -> list[tuple[Any, Any]]:
    """Every key/value pair as written, repeated keys included."""
    return list(getattr(mapping, "pairs", None) or mapping.items())


def _repeated(mapping: Mapping[Any, Any]) -> list[str]:
    seen: set[str] = set()
    repeated = []
    for key, _value in _items(mapping):
        if str(key) in seen:
            repeated.append(str(key))
        seen.add(str(key))
    return repeated


def input_id(key: str, ruleset: Ruleset | None) -> str:
    """The input an answer key names: the id itself, or `soal_<n>` by its soal number."""
    found = SOAL.fullmatch(key.strip())
    if ruleset is None or key in ruleset.inputs_by_name or found is None:
        return key
    spec = ruleset.by_soal().get(int(found.group(1)))
    return spec.name if spec is not None else key


def collect(pairs: Iterable[tuple[str, object, str]], ruleset: Ruleset | None,
            problems: list[AnswerProblem]) -> tuple[dict[str, object], dict[str, str]]:
    """Answers and their locations from (key, raw, location); a repeated id is a problem."""
    answers: dict[str, object] = {}
    locations: dict[str, str] = {}
    for key, raw, where in pairs:
        name = input_id(key, ruleset)
        if name in answers:
            shown = name if name == key else f"{key} ({name})"
            problems.append(AnswerProblem(where, _("{name} is answered twice (first at "
                                                   "{first})", name=shown,
                                                   first=locations[name])))
            continue
        answers[name] = raw
        locations[name] = where
    return answers, locations

