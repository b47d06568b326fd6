"""PortalRB answer lists: rows of {soal_id, jawaban_unit, jawaban_tpi, ...}.

Each `jawaban_<assessor>` key is one assessor's answer column; a bare `jawaban` is an
answer nobody is named for. The final answer to a soal is the first non-blank one in
the ruleset's assessor order (`assessors tpn, tpi, unit`: the TPN's prevails).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from zona.errors import AnswerProblem, ZonaAnswerError, did_you_mean
from zona.i18n import _
from zona.io.files import fail
from zona.io.sheets import AnswerSheet, Where, finish
from zona.limits import printable
from zona.model import Ruleset

PREFIX = "jawaban_"
BARE = "jawaban"


def portalrb_columns(rows: list[Any], name: str, ruleset: Ruleset | None,
                     where: Where) -> dict[str, AnswerSheet]:
    """One AnswerSheet per answer column found, keyed by assessor ('' for `jawaban`)."""
    table, problems = _read(rows, name, ruleset, where)
    if problems:
        raise ZonaAnswerError(problems, name)
    columns: dict[str, AnswerSheet] = {}
    for assessor in dict.fromkeys(a for row in table.values() for a in row):
        answers = {k: row[assessor][0] for k, row in table.items() if assessor in row}
        places = {k: row[assessor][1] for k, row in table.items() if assessor in row}
        columns[assessor] = AnswerSheet(answers, {}, None, _id(ruleset), name, places,
                                        assessor or None)
    return columns


def portalrb_sheet(rows: list[Any], name: str, ruleset: Ruleset | None, where: Where,
                   assessor: str | None = None) -> AnswerSheet:
    """The final answers (or only `assessor`'s) of a PortalRB list."""
    from zona.io.assessors import precedence

    table, problems = _read(rows, name, ruleset, where)
    assert ruleset is not None
    if assessor is not None:
        if not any(assessor in row for row in table.values()):
            raise fail(where(()), _("no {key} answers in the list", key=PREFIX + assessor),
                       name)
        order: tuple[str, ...] = (assessor,)
    else:
        order = (*precedence(ruleset), "")
    answers: dict[str, object] = {}
    places: dict[str, str] = {}
    for key, row in table.items():
        if len(row) == 1 and assessor is None:  # one answer (its assessor is in `order`)
            answers[key], places[key] = next(iter(row.values()))
            continue
        present = [a for a in order if a in row]
        if not present:
            continue
        chosen = next((a for a in present if not _blank(row[a][0])), present[0])
        answers[key], places[key] = row[chosen]
    return finish(AnswerSheet(answers, {}, None, ruleset.id, name, places, assessor), problems,
                  ruleset)


def _id(ruleset: Ruleset | None) -> str | None:
    return ruleset.id if ruleset is not None else None


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _read(rows: list[Any], name: str, ruleset: Ruleset | None, where: Where
          ) -> tuple[dict[str, dict[str, tuple[object, str]]], list[AnswerProblem]]:
    """Input id -> assessor -> (answer, location), and the problems of the list."""
    from zona.io.assessors import precedence

    if ruleset is None:
        raise fail(name, _("a PortalRB list needs a ruleset to map soal numbers to questions "
                           "(--ruleset)"), name)
    by_soal = ruleset.by_soal()
    known = precedence(ruleset)
    #: answer key -> assessor: a dict row with only soal_id and these has no key problem
    keys = {BARE: "", **{PREFIX + a: a for a in known}}
    allowed = {"soal_id", *keys}
    table: dict[str, dict[str, tuple[object, str]]] = {}
    problems: list[AnswerProblem] = []
    seen: dict[int, int] = {}
    for index, row in enumerate(rows):
        if type(row) is dict and "soal_id" in row and row.keys() <= allowed:
            soal = row["soal_id"]
            number = soal if type(soal) is int else _soal_number(soal)
            if number is not None and number in by_soal and number not in seen:
                seen[number] = index
                cells: dict[str, tuple[object, str]] = {}
                for key, value in row.items():  # a loop: a comprehension costs a frame
                    if key != "soal_id":
                        cells[keys[key]] = (value, where((index, key)))
                table[by_soal[number].name] = cells
                continue
        if not isinstance(row, Mapping) or "soal_id" not in row:
            problems.append(AnswerProblem(where((index,)), _("expected an object with soal_id "
                                                             "and jawaban_unit")))
            continue
        soal = row["soal_id"]
        number = _soal_number(soal)
        if number is None or number not in by_soal:
            problems.append(AnswerProblem(where((index, "soal_id")),
                                          _("{value} is not a soal number of {ruleset}",
                                            value=_shown(soal), ruleset=ruleset.id)))
            continue
        problems.extend(_key_problems(row, index, known, where))
        if number in seen:
            problems.append(AnswerProblem(where((index, "soal_id")), _(
                "soal {number} is answered twice (first at {first})", number=number,
                first=f"#/{seen[number]}")))
            continue
        seen[number] = index
        answers: dict[str, tuple[object, str]] = {}
        for key, value in row.items():
            assessor = _assessor(str(key))
            if assessor is None:
                continue
            if assessor and assessor not in known:
                problems.append(AnswerProblem(where((index, str(key))), (
                    _("{assessor} is not an assessor of {ruleset} ({known})",
                      assessor=assessor, ruleset=ruleset.id, known=", ".join(known)))))
                continue
            answers[assessor] = (value, where((index, str(key))))
        table[by_soal[number].name] = answers
    return table, problems


def _assessor(key: str) -> str | None:
    """The assessor an answer key names ('' for a bare `jawaban`), or None for other keys."""
    if key == BARE:
        return ""
    if key.startswith(PREFIX) and len(key) > len(PREFIX):
        return key[len(PREFIX):]
    return None


def _soal_number(value: object) -> int | None:
    """A soal number: a whole number, or its ASCII digits (not `²`, not 5,000 digits)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    text = value.strip() if isinstance(value, str) else ""
    if text.isascii() and text.isdigit() and len(text) <= 9:
        return int(text)
    return None


def _shown(value: object) -> str:
    """A value for a message: text between quotes, cut short, control characters escaped."""
    if isinstance(value, str):
        return f"'{printable(value, 40)}'"
    return printable(str(value), 40)


def _key_problems(row: Mapping[Any, Any], index: int, known: tuple[str, ...],
                  where: Where) -> list[AnswerProblem]:
    """A key given twice in one row, and a key that is nearly an answer key (`Jawaban_unit`,
    `jawaban-unit`, `soal_ID`): located problems, never a question silently unanswered."""
    found: list[AnswerProblem] = []
    seen: set[str] = set()
    expected = ["soal_id", BARE, *(PREFIX + a for a in known)]
    for key, _value in getattr(row, "pairs", row.items()):
        text = str(key)
        if text in seen:
            found.append(AnswerProblem(where((index, text)), _(
                "{key} is given twice in this row", key=printable(text, 40))))
        seen.add(text)
        if text in expected or _assessor(text) is not None:
            continue
        hint = did_you_mean(text, expected)
        folded = text.casefold().replace("-", "_").replace(" ", "_")
        if hint is not None or folded.startswith(BARE) or folded == "soal_id":
            found.append(AnswerProblem(where((index, text)), (
                _("{key} is not a PortalRB key ({keys}, in lower case)",
                  key=printable(text, 40), keys=f"soal_id, {BARE}, {PREFIX}<assessor>")
                + (f". {hint}" if hint else ""))))
    return found
