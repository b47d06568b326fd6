"""Read answer sheets: zona JSON (structured or flat) and PortalRB's soal/jawaban list."""

from __future__ import annotations

import decimal
import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import attrs

from zona.errors import AnswerProblem, ZonaAnswerError
from zona.model import Ruleset

MAX_BYTES = 20 * 1024 * 1024


@attrs.frozen
class AnswerSheet:
    """One unit's answers (input id -> raw value) and facts, with where they came from."""

    answers: Mapping[str, object]
    facts: Mapping[str, object] = attrs.field(factory=dict)
    unit: str | None = None
    ruleset: str | None = None
    source: str = "answers"

    def score(self, ruleset: Ruleset) -> Any:
        """Score this sheet; answer problems name this sheet's file."""
        try:
            return ruleset.score(self.answers, self.facts)
        except ZonaAnswerError as error:
            raise ZonaAnswerError(error.problems, self.source) from None


def read_answers(path: str | Path, ruleset: Ruleset | None = None) -> AnswerSheet:
    """Read an answer file; ZonaAnswerError says what is wrong and where."""
    file = Path(path)
    try:
        if file.stat().st_size > MAX_BYTES:
            raise ZonaAnswerError([AnswerProblem(str(file), "the file is larger than 20 MB; "
                                                 "an answer sheet is a few kilobytes")], str(file))
        data = file.read_bytes()
    except OSError as error:
        raise ZonaAnswerError([AnswerProblem(str(file), f"cannot read: {error.strerror}")],
                              str(file)) from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ZonaAnswerError([AnswerProblem(str(file), "not UTF-8 text")], str(file)) from None
    return parse_answers(text, str(file), ruleset)


def parse_answers(text: str, name: str = "answers", ruleset: Ruleset | None = None) -> AnswerSheet:
    """Parse answer-sheet JSON text (numbers are kept exact)."""
    try:
        document = json.loads(text, parse_float=decimal.Decimal)
    except json.JSONDecodeError as error:
        raise ZonaAnswerError([AnswerProblem(f"{name}:{error.lineno}:{error.colno}",
                                             f"not valid JSON: {error.msg}")], name) from None
    if isinstance(document, list):
        return _portalrb(document, name, ruleset)
    if not isinstance(document, dict):
        raise ZonaAnswerError([AnswerProblem(name, "expected a JSON object of answers or a "
                                             "PortalRB list of {soal_id, jawaban_unit}")], name)
    if isinstance(document.get("answers"), dict):
        facts = document.get("facts") or {}
        if not isinstance(facts, dict):
            raise ZonaAnswerError([AnswerProblem(f"{name}#/facts", "expected an object")], name)
        unit = document.get("unit")
        found = document.get("ruleset")
        return AnswerSheet(document["answers"], facts, str(unit) if unit else None,
                           str(found) if found else None, name)
    return AnswerSheet(document, {}, None, None, name)


_ANSWER_KEYS = ("jawaban_unit", "jawaban_tpi", "jawaban")


def _portalrb(rows: list[Any], name: str, ruleset: Ruleset | None) -> AnswerSheet:
    if ruleset is None:
        raise ZonaAnswerError([AnswerProblem(name, "a PortalRB list needs a ruleset to map soal "
                                             "numbers to questions (--ruleset)")], name)
    by_soal = ruleset.by_soal()
    answers: dict[str, object] = {}
    problems: list[AnswerProblem] = []
    seen: dict[int, int] = {}
    for index, row in enumerate(rows):
        where = f"{name}#/{index}"
        if not isinstance(row, dict) or "soal_id" not in row:
            problems.append(AnswerProblem(where, "expected an object with soal_id and "
                                          "jawaban_unit"))
            continue
        soal = row["soal_id"]
        number = _soal_number(soal)
        if number is None or number not in by_soal:
            problems.append(AnswerProblem(f"{where}/soal_id",
                                          f"{soal!r} is not a soal number of {ruleset.id}"))
            continue
        if number in seen:
            problems.append(AnswerProblem(f"{where}/soal_id", f"soal {number} is answered twice "
                                          f"(first at #/{seen[number]})"))
            continue
        seen[number] = index
        key = next((k for k in _ANSWER_KEYS if k in row), None)
        answers[by_soal[number].name] = row[key] if key else None
    if problems:
        raise ZonaAnswerError(problems, name)
    return AnswerSheet(answers, {}, None, ruleset.id, name)


def _soal_number(value: object) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().isdigit():
        return int(value)
    return None
