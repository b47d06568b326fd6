"""A "not applicable" answer is an answer: tables read it, and assessors who differ on it
disagree (zona.scoring.read.read_value returns None for it, like its value in a Result)."""

from __future__ import annotations

import json
from pathlib import Path

import zona
from tests.conftest import ROOT
from zona.analysis.compare import compare
from zona.io.sheets import AnswerSheet
from zona.io.tables import read_table
from zona.scoring.read import is_not_applicable, read_value

SAKIP = ROOT / "examples" / "sakip-88-2021.zona"


def _answers() -> dict[str, object]:
    sheet = json.loads((ROOT / "examples" / "sakip-88-2021.answers.json").read_text("utf-8"))
    return dict(sheet["answers"])


def test_read_value_reads_not_applicable_as_no_value() -> None:
    spec = zona.load(SAKIP).inputs_by_name["ev_ada_3"]
    assert read_value(spec, "TR") is None and is_not_applicable(spec, "TR")
    assert read_value(spec, "tr") is None and is_not_applicable(spec, "tr")


def test_assessors_who_differ_on_not_applicable_disagree() -> None:
    ruleset = zona.load(SAKIP)
    unit = {**_answers(), "ev_ada_3": "Y"}
    tpi = {**_answers(), "ev_ada_3": "TR"}
    found = compare(ruleset, {"unit": AnswerSheet(unit, assessor="unit"),
                              "tpi": AnswerSheet(tpi, assessor="tpi")})
    disagreement = next(d for d in found.disagreements if d.input == "ev_ada_3")
    assert dict(disagreement.values) == {"unit": 1, "tpi": "na"}


def test_a_table_row_answered_not_applicable_is_read(tmp_path: Path) -> None:
    answers = {**_answers(), "ev_ada_3": "TR"}
    path = tmp_path / "units.csv"
    names = list(answers)
    path.write_text("unit," + ",".join(names) + "\nKantor A,"
                    + ",".join(str(answers[n]) for n in names) + "\n", encoding="utf-8")
    read = read_table(path, zona.load(SAKIP))
    assert not read.problems
    assert read.sheets[0].answers["ev_ada_3"] == "TR"
