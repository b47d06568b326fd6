"""Answer files as YAML (the JSON structure, located by line and column) and as CSV
(`id,answer` rows, plus `ruleset`, `unit`, `unit_id`, `assessor` and `fact:NAME` rows)."""

from __future__ import annotations

import csv
import decimal
import re
from typing import Any

from zona.errors import AnswerProblem, ZonaAnswerError
from zona.extras import require
from zona.i18n import _
from zona.io.files import fail, pointer
from zona.io.formulas_text import restore
from zona.io.sheets import (
    FACT_PREFIX,
    AnswerSheet,
    Where,
    collect,
    finish,
    input_id,
    sheet_from_document,
)
from zona.model import Ruleset

META = ("ruleset", "unit", "unit_id", "assessor")
_REMARKS = {"notes": ("notes", "catatan"),
            "evidence": ("evidence", "bukti_dukung", "bukti dukung", "bukti")}
_INTEGER = re.compile(r"[-+]?[0-9]+")


# --- YAML ----------------------------------------------------------------------------


def parse_yaml(text: str, name: str, ruleset: Ruleset | None = None,
               assessor: str | None = None) -> AnswerSheet:
    """Parse a YAML answer sheet: numbers stay exact, yes/no stay text, places are
    `file.yaml:LINE:COLUMN`."""
    document, where = yaml_document(text, name)
    return sheet_from_document(document, name, ruleset, where, assessor)


def yaml_document(text: str, name: str) -> tuple[object, Where]:
    """YAML text as data, and a locator giving each value's line and column."""
    yaml = require("yaml", "yaml", "reading YAML answer sheets")
    try:
        root = yaml.compose(text, Loader=_loader())
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f"{name}:{mark.line + 1}:{mark.column + 1}" if mark else name
        problem = getattr(error, "problem", None) or str(error)
        raise fail(where, _("not valid YAML: {reason}", reason=problem), name) from None
    except RecursionError:
        raise fail(name, _("not valid YAML: nested too deeply"), name) from None
    if root is None:
        raise fail(name, _("the file is empty"), name)
    marks: dict[tuple[str | int, ...], str] = {}
    problems: list[AnswerProblem] = []
    _marks(root, (), name, marks, problems)
    if problems:
        raise ZonaAnswerError(problems, name)
    try:
        document = _loader()(text).get_single_data()
    except (yaml.YAMLError, decimal.InvalidOperation, ValueError) as error:
        raise fail(name, _("not valid YAML: {reason}", reason=error), name) from None
    return document, lambda path: marks.get(path) or pointer(name, *path)


def _marks(node: Any, path: tuple[str | int, ...], name: str,
           marks: dict[tuple[str | int, ...], str], problems: list[AnswerProblem]) -> None:
    """Where every value of the document starts; a key given twice is a problem."""
    import yaml

    marks[path] = f"{name}:{node.start_mark.line + 1}:{node.start_mark.column + 1}"
    if isinstance(node, yaml.MappingNode):
        seen: dict[str, str] = {}
        for key, value in node.value:
            text = str(key.value)
            place = f"{name}:{key.start_mark.line + 1}:{key.start_mark.column + 1}"
            if text in seen:  # at every depth: a mapping never keeps the last
                problems.append(AnswerProblem(place, _("{name} is given twice (first at "
                                                       "{first})", name=text,
                                                       first=seen[text])))
            seen.setdefault(text, place)
            _marks(value, (*path, text), name, marks, problems)
    elif isinstance(node, yaml.SequenceNode):
        for index, value in enumerate(node.value):
            _marks(value, (*path, index), name, marks, problems)


def _loader() -> Any:
    """A safe loader that keeps decimals exact and yes/no/on/off and dates as text."""
    import yaml

    class Loader(yaml.SafeLoader):
        def compose_node(self, parent: Any, index: Any) -> Any:
            """Refuse an alias (`*name`): an answer sheet needs none, and a few nested
            ones (an alias bomb) expand to billions of values."""
            if self.check_event(yaml.AliasEvent):
                raise yaml.composer.ComposerError(
                    None, None, _("an alias (*name) is not allowed in an answer sheet; write "
                                  "the value itself"), self.peek_event().start_mark)  # type: ignore[no-untyped-call]
            return super().compose_node(parent, index)

    def text(loader: Any, node: Any) -> str:
        return str(loader.construct_scalar(node))

    def number(loader: Any, node: Any) -> object:
        raw = str(loader.construct_scalar(node))  # `1_000.5`: text, which reading refuses
        return decimal.Decimal(raw) if "_" not in raw and _decimal(raw) else raw

    def integer(loader: Any, node: Any) -> object:
        raw = str(loader.construct_scalar(node))
        if not _INTEGER.fullmatch(raw):  # `1_000` too (YAML 1.2 text, 1.1 a number): text
            return raw
        digits = raw  # over 40 digits: a Decimal that reading refuses
        return int(digits) if len(digits) <= 40 else decimal.Decimal(digits)

    for tag in ("bool", "timestamp"):
        Loader.add_constructor(f"tag:yaml.org,2002:{tag}", text)
    Loader.add_constructor("tag:yaml.org,2002:float", number)
    Loader.add_constructor("tag:yaml.org,2002:int", integer)
    return Loader


def _decimal(raw: str) -> bool:
    try:
        return decimal.Decimal(raw.replace("_", "")).is_finite()
    except decimal.InvalidOperation:
        return False


# --- CSV -----------------------------------------------------------------------------


def parse_csv(text: str, name: str, ruleset: Ruleset | None = None) -> AnswerSheet:
    """Parse `id,answer` rows (a header row naming `id` and `answer` is optional; `;`
    separates fields when the header uses it). Places are `file.csv:LINE:COLUMN`."""
    if not text.strip():
        raise fail(name, _("the file is empty"), name)
    rows = _rows(text, name)
    header = [cell.strip().casefold() for cell in rows[0][1]]
    if "id" in header and ("answer" in header or "jawaban" in header):
        key_at = header.index("id")
        value_at = header.index("answer") if "answer" in header else header.index("jawaban")
        remark_at = {role: next((header.index(n) for n in names if n in header), None)
                     for role, names in _REMARKS.items()}
        rows = rows[1:]
    elif len(header) > 2 and not _looks_like_answer(header):
        raise fail(f"{name}:1:1", _("the first row names no `id` and `answer` columns; an "
                                    "answer file is `id,answer` rows (a table of many units is "
                                    "read with zona.io.read_table)"), name)
    else:
        key_at, value_at, remark_at = 0, 1, {}
    remarks: dict[str, dict[str, str]] = {role: {} for role in _REMARKS}
    problems: list[AnswerProblem] = []
    pairs: list[tuple[str, object, str]] = []
    meta: dict[str, str | None] = {}
    facts: dict[str, object] = {}
    places: dict[str, str] = {}
    for line, cells in rows:
        key = restore(cells[key_at].strip()) if key_at < len(cells) else ""
        value = restore(cells[value_at].strip()) if value_at < len(cells) else ""
        where = f"{name}:{line}:{value_at + 1}"
        if not key:
            if value:
                problems.append(AnswerProblem(f"{name}:{line}:{key_at + 1}",
                                              _("an answer with no id")))
            continue
        if key in META and (ruleset is None or key not in ruleset.inputs_by_name):
            meta[key] = value or None
        elif key.startswith(FACT_PREFIX):
            fact = key[len(FACT_PREFIX):].strip()
            if f"facts.{fact}" in places:
                problems.append(AnswerProblem(where, _("fact {name} is given twice (first at "
                                                       "{first})", name=fact,
                                                       first=places[f"facts.{fact}"])))
            facts[fact] = value or None
            places[f"facts.{fact}"] = where
        else:
            pairs.append((key, value, where))
            for role, at in remark_at.items():  # a template's notes and evidence columns
                text = restore(cells[at].strip()) if at is not None and at < len(cells) else ""
                if text:
                    remarks[role][input_id(key, ruleset)] = text
    answers, locations = collect(pairs, ruleset, problems)
    sheet = AnswerSheet(answers, facts, meta.get("unit"), meta.get("ruleset"), name,
                        {**locations, **places}, meta.get("assessor"), meta.get("unit_id"),
                        notes=remarks["notes"], evidence=remarks["evidence"])
    return finish(sheet, problems, ruleset)


def _looks_like_answer(header: list[str]) -> bool:
    """A first row that is itself an answer: `q1,Ya` with nothing but blanks after."""
    return not any(header[2:])


def _rows(text: str, name: str) -> list[tuple[int, list[str]]]:
    """Non-blank rows with the line each starts on."""
    first = text.lstrip().split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    reader = csv.reader(text.splitlines(keepends=True), delimiter=delimiter)
    found: list[tuple[int, list[str]]] = []
    try:
        start = 1
        for cells in reader:
            if any(c.strip() for c in cells):
                found.append((start, cells))
            start = reader.line_num + 1
    except csv.Error as error:
        raise fail(f"{name}:{reader.line_num}", _("not valid CSV: {reason}", reason=error),
                   name) from None
    if not found:
        raise fail(name, _("the file is empty"), name)
    return found
