"""What each endpoint computes, apart from HTTP: a Submission in, a JSON-ready document
(or text) out. Every document starts with zona's version and the ruleset's id and
fingerprint, and holds nothing that changes between identical requests."""

from __future__ import annotations

import datetime
import re
import tempfile
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from zona.errors import AnswerProblem, ZonaAnswerError, ZonaError
from zona.i18n import _
from zona.io.files import pointer
from zona.model import Ruleset
from zona.numtext import exact_text
from zona.serve.bodies import (
    REQUEST,
    Coerce,
    Submission,
    boolean,
    count,
    date,
    lang,
    names,
    options,
    parse_json,
    seconds,
    text,
)
from zona.serve.encode import line
from zona.serve.problems import Problem, from_error, located
from zona.serve.registry import Registry, head

GAP_LIMIT = 5.0  # seconds, as `zona gap`
#: each endpoint's options
DETAILS = ("full", "summary")
SCORE: Mapping[str, Coerce] = {"detail": lambda name, value: _detail(name, value)}
EXPLAIN: Mapping[str, Coerce] = {"lang": lang, "top": count}
GAP: Mapping[str, Coerce] = {"target": text, "freeze": names, "steps": boolean,
                             "surveys": boolean, "time_limit": seconds}
REPORT: Mapping[str, Coerce] = {"lang": lang, "top": count, "target": names,
                                "surveys": boolean, "date": date}
TABLE_FORMATS = ("csv", "jsonl")


def _warnings(found: tuple[AnswerProblem, ...], ruleset: Ruleset) -> list[dict[str, Any]]:
    return [located(w, ruleset) for w in found]


def score(job: Submission) -> dict[str, Any]:
    """POST /score: the result, the unit, the reading's warnings and the workbook check."""
    from zona.io.workbook_check import check_workbook
    from zona.render.workbook import workbook_json

    result = _scored(job)
    sheet = job.sheet
    check = check_workbook(sheet.computed, result) if sheet.computed is not None else None
    found = result.to_dict() if job.options.get("detail", "full") == "full" else summary(result)
    return {**head(job.ruleset), "unit": sheet.unit, "unit_id": sheet.unit_id,
            **found, "warnings": _warnings(sheet.warnings, job.ruleset),
            **({"workbook": workbook_json(check)} if check else {})}


def summary(result: Any) -> dict[str, Any]:
    """`detail: summary`: Result.to_dict() without the nodes and views (a fifth of the work):
    the total, the predicates with their conditions, the grades, what is unanswered."""
    from zona.scoring.result import _condition, _grade, _number

    return {
        **_number("total", result.total.score), **_number("maximum", result.total.maximum),
        **({"not_applicable": list(result.not_applicable)} if result.not_applicable else {}),
        "unanswered": list(result.unanswered),
        "predicates": {p.name: {"passed": p.passed,
                                "conditions": [_condition(c) for c in p.conditions]}
                       for p in result.predicates.values()},
        **({"grades": {g.name: _grade(g) for g in result.grades.values()}}
           if result.ruleset.grades else {}),
    }


def _detail(name: str, value: object) -> object:
    if value not in DETAILS:
        raise Problem("invalid-field", _("{name}: expected full or summary", name=name),
                      {"field": name})
    return value


def _scored(job: Submission) -> Any:
    """The sheet scored; as on the command line, a sheet that answers nothing is refused."""
    answers = job.sheet.answers.values()
    if not any(value is not None and str(value).strip() for value in answers):
        raise from_error(ZonaAnswerError([AnswerProblem(
            job.sheet.source, _("the sheet answers none of the {count} questions of "
                                "'{ruleset}': nothing to score",
                                count=len(job.ruleset.inputs), ruleset=job.ruleset.id))],
            job.sheet.source))
    try:
        return job.sheet.score(job.ruleset)
    except ZonaError as error:
        raise from_error(error, job.ruleset) from None


def explain(job: Submission) -> dict[str, Any]:
    """POST /explain: the explanation as text, in `lang` (default id)."""
    from zona.analysis.explain import explain as explained

    language = str(job.options.get("lang", "id"))
    top = job.options.get("top", 10)
    assert isinstance(top, int)
    return {**head(job.ruleset), "unit": job.sheet.unit, "lang": language,
            "text": explained(_scored(job), language, top=top, unit=job.sheet.unit)}


def gap(job: Submission) -> dict[str, Any]:
    """POST /gap: the plan to a target (default as `zona gap`), within `time_limit`."""
    from zona.analysis.gap import default_target, target_choices
    from zona.analysis.gap import gap as planned

    result = _scored(job)
    named = job.options.get("target")
    target = named if isinstance(named, str) and named else default_target(job.ruleset)
    if target is None:
        raise Problem("missing-field", _("target: name the predicate or grade to reach; "
                                         "{ruleset} has: {choices}", ruleset=job.ruleset.id,
                                         choices=", ".join(target_choices(job.ruleset))),
                      {"field": "target", "choices": target_choices(job.ruleset)})
    limit = job.options.get("time_limit", GAP_LIMIT)
    assert isinstance(limit, float)
    freeze = job.options.get("freeze", [])
    assert isinstance(freeze, list)
    try:
        plan = planned(result, target, minimise="steps" if job.options.get("steps")
                       else "answers", freeze=freeze, surveys=bool(job.options.get("surveys")),
                       time_limit=limit)
    except ZonaError as error:
        raise from_error(error, job.ruleset) from None
    return {**head(job.ruleset), "unit": job.sheet.unit, **plan.to_dict()}


def report(job: Submission) -> str:
    """POST /report: the unit's HTML report; `date` (default today) is the date it shows."""
    from zona.render.report import report_html
    from zona.render.report_notes import ReadingNotes

    result = _scored(job)
    made = job.options.get("date") or datetime.date.today()
    assert isinstance(made, datetime.date)
    targets = job.options.get("target")
    top = job.options.get("top", 15)
    assert isinstance(top, int) and (targets is None or isinstance(targets, list))
    try:
        return report_html(result, str(job.options.get("lang", "id")), unit=job.sheet.unit,
                           targets=targets, top=top, surveys=bool(job.options.get("surveys")),
                           notes=ReadingNotes(made, job.sheet.warnings, None))
    except ZonaError as error:
        raise from_error(error, job.ruleset) from None


def compare(document: object, registry: Registry) -> dict[str, Any]:
    """POST /compare: `{"ruleset", "sheets": {ASSESSOR: answers, ...}, "facts"}`, or
    `{"ruleset", "answers": [a PortalRB list with several jawaban_* columns]}`."""
    from zona.analysis.compare import compare as compared
    from zona.io.portalrb import portalrb_columns
    from zona.serve.bodies import _sheet

    if not isinstance(document, dict):
        raise Problem("invalid-field", _("expected an object with ruleset and sheets"))
    options(document, {"ruleset": text, "sheets": _mapping, "answers": _rows,
                       "facts": _mapping})
    ruleset = registry.get(document.get("ruleset"))
    facts = document.get("facts", {})
    try:
        if "sheets" in document:
            sheets = {}
            for name, answers in document["sheets"].items():
                sheet = _sheet(answers, ruleset, {}, {})
                sheets[name] = _resourced(sheet, pointer(REQUEST, "sheets", name))
        elif "answers" in document:
            found = portalrb_columns(document["answers"], REQUEST, ruleset,
                                     lambda path: pointer(REQUEST, "answers", *path))
            sheets = {name or "unit": sheet for name, sheet in found.items()}
        else:
            raise Problem("missing-field", _("sheets: give each assessor's answers"),
                          {"field": "sheets"})
        return {**head(ruleset), **compared(ruleset, sheets, facts).to_dict()}
    except ZonaError as error:
        raise from_error(error, ruleset) from None


def _resourced(sheet: Any, source: str) -> Any:
    import attrs

    return attrs.evolve(sheet, source=source)


def _mapping(name: str, value: object) -> object:
    if not isinstance(value, dict):
        raise Problem("invalid-field", _("{name}: expected an object", name=name),
                      {"field": name})
    return value


def _rows(name: str, value: object) -> object:
    if not isinstance(value, list):
        raise Problem("invalid-field", _("{name}: expected a PortalRB list", name=name),
                      {"field": name})
    return value


def template(ruleset: Ruleset, fmt: str, facts: Mapping[str, object]) -> bytes:
    """GET /template/{id}: the template in `fmt` (xlsx, csv, json, yaml)."""
    from zona.io.template import FORMATS, template_text, write_template

    if fmt not in FORMATS:
        raise Problem("invalid-field", _("format: expected one of {formats}",
                                         formats=", ".join(FORMATS)), {"field": "format"})
    try:
        if fmt != "xlsx":
            return template_text(ruleset, fmt, facts).encode()
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / f"{ruleset.id}.xlsx"
            write_template(ruleset, path, "xlsx", facts)
            return stable_zip(path.read_bytes())
    except ZonaError as error:
        raise from_error(error, ruleset) from None


_STAMP = re.compile(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:)")


def stable_zip(data: bytes) -> bytes:
    """A workbook with its clock readings fixed (each entry's time, the document's
    created/modified dates), so that identical requests get identical bytes."""
    import io
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as given, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as written:
        for entry in given.infolist():
            content = given.read(entry)
            if entry.filename == "docProps/core.xml":
                content = _STAMP.sub(rb"\g<1>2000-01-01T00:00:00Z\g<2>", content)
            written.writestr(zipfile.ZipInfo(entry.filename, (1980, 1, 1, 0, 0, 0)), content,
                             zipfile.ZIP_DEFLATED)
    return out.getvalue()


def table(ruleset: Ruleset, data: bytes, filename: str, fmt: str) -> Iterator[str]:
    """POST /table: each row's total, predicates and grades (CSV, or JSON lines after a
    head line), bad rows with their problems; scored exactly, one row at a time."""
    from zona.io.tables import read_table

    if fmt not in TABLE_FORMATS:
        raise Problem("invalid-field", _("format: expected one of {formats}",
                                         formats=", ".join(TABLE_FORMATS)), {"field": "format"})
    suffix = Path(filename).suffix.lower()
    if suffix not in (".csv", ".parquet", ".xlsx"):
        raise Problem("unsupported-media-type", _("a table is a .csv, .parquet or .xlsx file"))
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"table{suffix}"
        path.write_bytes(data)
        try:
            found = read_table(path, ruleset)
        except ZonaError as error:
            raise from_error(error, ruleset) from None
    rows = (_row(ruleset, sheet) for sheet in found.sheets)  # scored as they are sent
    bad = [{"location": b.location.replace(str(path), "table"), "unit": b.unit,
            "problems": [str(p).replace(str(path), "table") for p in b.problems]}
           for b in found.bad]
    if fmt == "csv":
        return _csv(ruleset, rows, bad)
    return _lines(ruleset, rows, bad, len(found.sheets))


def _row(ruleset: Ruleset, sheet: Any) -> dict[str, Any]:
    try:
        result = sheet.score(ruleset)
    except ZonaError as error:
        return {"unit": sheet.unit, "unit_id": sheet.unit_id, "problems": [str(error)]}
    total = result.total.score
    return {"unit": sheet.unit, "unit_id": sheet.unit_id,
            "total": total.numerator if total.denominator == 1 else float(total),
            "total_exact": exact_text(total),
            "predicates": {p.name: p.passed for p in result.predicates.values()},
            "grades": {g.name: g.level for g in result.grades.values()}}


def _lines(ruleset: Ruleset, rows: Iterator[dict[str, Any]], bad: list[dict[str, Any]],
           good: int) -> Iterator[str]:
    yield line({**head(ruleset), "rows": good, "bad_rows": len(bad)})
    for row in rows:
        yield line(row)
    for row in bad:
        yield line({"bad_row": row})


def _csv(ruleset: Ruleset, rows: Iterator[dict[str, Any]],
         bad: list[dict[str, Any]]) -> Iterator[str]:
    import csv
    import io

    predicates = [p.name for p in ruleset.predicates]
    grades = [g.name for g in ruleset.grades]
    columns = ["unit_id", "unit", "total", "total_exact", *predicates, *grades, "problems"]

    def line(values: list[object]) -> str:
        buffer = io.StringIO()
        csv.writer(buffer, lineterminator="\n").writerow(
            [_neutral(v) for v in values])
        return buffer.getvalue()

    yield line(list(columns))
    verdict = {True: "passed", False: "failed", None: "undecided"}
    for row in rows:
        yield line([row["unit_id"], row["unit"], row.get("total"), row.get("total_exact"),
                    *(verdict[row.get("predicates", {}).get(p)] for p in predicates),
                    *(row.get("grades", {}).get(g) for g in grades),
                    "; ".join(row.get("problems", []))])
    for row in bad:
        yield line(["", row["unit"], "", "", *([""] * (len(predicates) + len(grades))),
                    f"{row['location']}: " + "; ".join(row["problems"])])


def _neutral(value: object) -> object:
    """A text cell that a spreadsheet would read as a formula, quoted with `'`."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return "" if value is None else value


def facts_from_query(value: str | None) -> dict[str, object]:
    """`facts` as a JSON object in a query parameter."""
    if value is None:
        return {}
    found = parse_json(value.encode())
    if not isinstance(found, dict):
        raise Problem("invalid-field", _("facts: expected a JSON object"), {"field": "facts"})
    return found
