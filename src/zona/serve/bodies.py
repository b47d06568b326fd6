"""Request bodies to answer sheets: strict JSON (no NaN, no repeated key, bounded depth,
no unknown field), PortalRB lists, and uploaded files; options typed and checked.

A body is a JSON object (`ruleset`, `answers` as zona answers or a PortalRB list, `facts`,
`unit`, `unit_id`, `assessor` and the endpoint's options), a bare PortalRB list, or a file
(multipart field `file`, or the raw body); then `ruleset` and the options are query
parameters (or multipart fields).
"""

from __future__ import annotations

import decimal
import json
import re
from collections.abc import Callable, Mapping
from itertools import chain
from typing import Any

import attrs

from zona.errors import ZonaError
from zona.i18n import _
from zona.io.files import pointer
from zona.io.sheets import AnswerSheet, read_answers, sheet_from_document
from zona.model import Ruleset
from zona.serve.problems import Problem
from zona.serve.registry import Registry

MAX_DEPTH = 32
SHEET_FIELDS = ("ruleset", "answers", "facts", "unit", "unit_id", "assessor")
REQUEST = "request"  # how answer problems name the body: `request#/answers/q1`
_NAME = re.compile(r"[^A-Za-z0-9._-]+")
Coerce = Callable[[str, object], object]


def parse_json(data: bytes) -> object:
    """JSON as data with exact decimals; a Problem for anything else than plain JSON."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise Problem("malformed-json", _("not UTF-8 at byte {byte}", byte=error.start)) \
            from None
    if not text.strip():
        raise Problem("malformed-json", _("the body is empty"))
    try:
        document = json.loads(text, parse_float=decimal.Decimal, parse_constant=_constant,
                              object_pairs_hook=_once)
    except json.JSONDecodeError as error:
        raise Problem("malformed-json", _("line {line} column {column}: {message}",
                                          line=error.lineno, column=error.colno,
                                          message=error.msg),
                      {"line": error.lineno, "column": error.colno}) from None
    except RecursionError:
        raise Problem("too-deep", _("nested deeper than {most} levels", most=MAX_DEPTH)) \
            from None
    except ValueError as error:  # an integer too long to convert
        raise Problem("malformed-json", str(error)) from None
    _check_depth(document)
    return document


def _constant(name: str) -> object:
    raise Problem("not-a-number", _("{name} is not a JSON number; give a number or null",
                                    name=name))


def _once(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    found = dict(pairs)
    if len(found) < len(pairs):
        seen: set[str] = set()
        for key, _value in pairs:
            if key in seen:
                raise Problem("invalid-field", _("the key '{key}' is given twice in one object",
                                                 key=key))
            seen.add(key)
    return found


def _check_depth(document: object) -> None:
    """A Problem when anything is nested deeper than MAX_DEPTH (the document is level 1);
    level by level, looking only into objects and lists (each level's values gathered and
    their types told apart in C: a PortalRB list of 130 rows takes some 30 µs)."""
    level: list[Any] = [document] if isinstance(document, dict | list) else []
    depth = 1
    while level:
        values = list(chain.from_iterable(map(dict.values, level)) if _only(level, dict) else
                      chain.from_iterable(i.values() if isinstance(i, dict) else i
                                          for i in level))
        if values and depth >= MAX_DEPTH:
            raise Problem("too-deep", _("nested deeper than {most} levels", most=MAX_DEPTH))
        kinds = set(map(type, values))
        if kinds <= {dict, list}:  # only containers below (a list of rows): all of them
            level = values
        elif any(issubclass(kind, dict | list) for kind in kinds):
            level = [v for v in values if isinstance(v, dict | list)]
        else:
            return
        depth += 1


def _only(items: list[Any], kind: type) -> bool:
    """Whether every item is exactly of `kind`."""
    return set(map(type, items)) == {kind}


# --- options ------------------------------------------------------------------------


def text(name: str, value: object) -> object:
    if not isinstance(value, str):
        raise Problem("invalid-field", _("{name}: expected a text", name=name),
                      {"field": name})
    return value


def lang(name: str, value: object) -> object:
    if value not in ("id", "en"):
        raise Problem("invalid-field", _("{name}: expected id or en", name=name),
                      {"field": name})
    return value


def boolean(name: str, value: object) -> object:
    if isinstance(value, bool):
        return value
    if value in ("true", "false"):
        return value == "true"
    raise Problem("invalid-field", _("{name}: expected true or false", name=name),
                  {"field": name})


def count(name: str, value: object) -> object:
    found = value if isinstance(value, int) and not isinstance(value, bool) else \
        int(value) if isinstance(value, str) and value.isdigit() and len(value) < 6 else None
    if found is None or not 0 <= found <= 1000:
        raise Problem("invalid-field", _("{name}: expected a whole number 0..1000", name=name),
                      {"field": name})
    return found


def seconds(name: str, value: object) -> object:
    try:
        found = decimal.Decimal(str(value)) if not isinstance(value, bool | dict | list) \
            else None
    except decimal.InvalidOperation:
        found = None
    if found is None or not found.is_finite() or not 0 < found <= 60:
        raise Problem("invalid-field", _("{name}: expected seconds, more than 0 and at most 60",
                                         name=name), {"field": name})
    return float(found)


def names(name: str, value: object) -> object:
    items = value.split(",") if isinstance(value, str) else value
    if not isinstance(items, list) or not all(isinstance(i, str) for i in items):
        raise Problem("invalid-field", _("{name}: expected a list of ids", name=name),
                      {"field": name})
    return [i.strip() for i in items if i.strip()]


def date(name: str, value: object) -> object:
    import datetime

    try:
        return datetime.date.fromisoformat(str(value)) if isinstance(value, str) else None
    except ValueError:
        raise Problem("invalid-field", _("{name}: expected a date YYYY-MM-DD", name=name),
                      {"field": name}) from None


def options(given: Mapping[str, object], allowed: Mapping[str, Coerce]) -> dict[str, object]:
    """The options given, each checked; a Problem for an unknown one."""
    found: dict[str, object] = {}
    for key, value in given.items():
        if key not in allowed:
            raise Problem("unknown-field", _("unknown field '{key}' (known: {known})", key=key,
                                             known=", ".join([*SHEET_FIELDS, *allowed])),
                          {"field": key})
        found[key] = allowed[key](key, value)
    return found


# --- answer sheets ------------------------------------------------------------------


@attrs.frozen
class Submission:
    """One unit's sheet, the ruleset it is scored with, and the endpoint's options."""

    ruleset: Ruleset
    sheet: AnswerSheet
    options: Mapping[str, object]


def from_json(document: object, query: Mapping[str, str], registry: Registry,
              allowed: Mapping[str, Coerce]) -> Submission:
    """A JSON body: an object with `answers`, or a bare PortalRB list."""
    if isinstance(document, list):
        given = dict(query)
        ruleset = _ruleset(given.pop("ruleset", None), registry)
        sheet = _sheet(document, ruleset, {}, {})
        return Submission(ruleset, sheet, options(given, allowed))
    if not isinstance(document, dict):
        raise Problem("invalid-field", _("expected an object with answers, or a PortalRB "
                                         "list"))
    given = {**query, **{k: v for k, v in document.items() if k not in SHEET_FIELDS}}
    ruleset = _ruleset(document.get("ruleset", query.get("ruleset")), registry)
    given.pop("ruleset", None)
    if "answers" not in document:
        raise Problem("missing-field", _("answers: give the unit's answers (an object, or a "
                                         "PortalRB list)"), {"field": "answers"})
    meta = {k: document[k] for k in ("unit", "unit_id", "assessor") if k in document}
    for key, value in meta.items():
        text(key, value)
    facts = document.get("facts", {})
    if not isinstance(facts, dict):
        raise Problem("invalid-field", _("facts: expected an object"), {"field": "facts"})
    sheet = _sheet(document["answers"], ruleset, facts, meta)
    return Submission(ruleset, sheet, options(given, allowed))


def _sheet(answers: object, ruleset: Ruleset, facts: Mapping[str, object],
           meta: Mapping[str, Any]) -> AnswerSheet:
    try:
        if isinstance(answers, list):
            sheet = sheet_from_document(answers, REQUEST, ruleset, _list_pointer,
                                        meta.get("assessor"))
            return attrs.evolve(sheet, facts=dict(facts), unit=meta.get("unit"),
                                unit_id=meta.get("unit_id"))
        if not isinstance(answers, dict):
            raise Problem("invalid-field", _("answers: expected an object or a PortalRB list"),
                          {"field": "answers"})
        document = {"answers": answers, "facts": facts, **meta}
        return sheet_from_document(document, REQUEST, ruleset,
                                   lambda path: pointer(REQUEST, *path))
    except ZonaError as error:
        raise _located(error, ruleset) from None


_POINTERS: dict[tuple[str | int, ...], str] = {}
_POINTERS_KEPT = 4096


def _list_pointer(path: tuple[str | int, ...]) -> str:
    """Where a PortalRB row's answer is: `request#/answers/0/jawaban_unit` (the same few
    hundred for every request, so the first few thousand short ones are kept)."""
    found = _POINTERS.get(path)
    if found is None:
        found = pointer(REQUEST, "answers", *path)
        if len(_POINTERS) < _POINTERS_KEPT and all(isinstance(p, int) or len(p) <= 40
                                                   for p in path):
            _POINTERS[path] = found
    return found


def from_file(data: bytes, filename: str | None, fields: Mapping[str, object],
              registry: Registry, allowed: Mapping[str, Coerce]) -> Submission:
    """An uploaded answer sheet (workbook, zona JSON/YAML/CSV, PortalRB list): the ruleset
    from `fields`, else the one the file names."""
    given = dict(fields)
    named = given.pop("ruleset", None)
    ruleset = _ruleset(named, registry) if named is not None else None
    facts = given.pop("facts", None)
    name = upload_name(filename)
    try:
        sheet = read_answers(data, ruleset, name=name)
        if ruleset is None:
            if sheet.ruleset is None:
                raise Problem("missing-field", _("ruleset: the file names no ruleset; give one"),
                              {"field": "ruleset"})
            ruleset = registry.get(sheet.ruleset)
            if not (data[:4] == b"PK\x03\x04" and ruleset.id in registry.builtin):
                sheet = read_answers(data, ruleset, name=name)  # a workbook is read already
    except ZonaError as error:
        raise _located(error, ruleset) from None
    if facts is not None:
        found = parse_json(facts.encode()) if isinstance(facts, str) else facts
        if not isinstance(found, dict):
            raise Problem("invalid-field", _("facts: expected a JSON object"),
                          {"field": "facts"})
        sheet = attrs.evolve(sheet, facts={**sheet.facts, **found})
    return Submission(ruleset, sheet, options(given, allowed))


def upload_name(filename: str | None) -> str | None:
    """An uploaded file's name, reduced to safe characters (it names the file in messages
    and its suffix tells the format); never a path."""
    if not filename:
        return None
    base = _NAME.sub("_", filename.replace("\\", "/").rpartition("/")[2])[-80:]
    return base.lstrip(".") or None


def _ruleset(name: object, registry: Registry) -> Ruleset:
    if name is None:
        raise Problem("missing-field", _("ruleset: name the ruleset (GET /rulesets lists "
                                         "them)"), {"field": "ruleset"})
    return registry.get(name)


def _located(error: ZonaError, ruleset: Ruleset | None) -> Problem:
    from zona.serve.problems import from_error

    return from_error(error, ruleset)
