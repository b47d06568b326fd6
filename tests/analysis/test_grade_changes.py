"""Grades that change: between two rulesets (`zona diff`: levels, bands, rules, and with
`--answers` the units whose grade changes) and between assessors (`zona compare`: whether
adopting another assessor's answer changes a grade)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

import zona
from tests.conftest import ROOT
from zona.analysis.compare import compare
from zona.analysis.diff import diff, unit_changes
from zona.cli.main import main
from zona.io import AnswerSheet

VALID = ROOT / "tests" / "data" / "valid"
AMENDED = """ruleset "ketat" extends "valid-grades-bands" { }
amend predikat {
    level D  "Sangat Kurang"       0 .. 30
    level C  "Kurang"           > 30 .. 50
    level CC "Cukup"            > 50 .. 70
    level B  "Baik"             > 70 .. 80
    level BB "Sangat Baik"      > 80 .. 100 when share(manfaat) >= 50%
}
amend mutu { by round(kualitas) }
"""


@pytest.fixture()
def rulesets(tmp_path: Path) -> tuple[Path, Path]:
    base = tmp_path / "valid-grades-bands.zona"
    shutil.copy(VALID / "grades_bands.zona", base)
    amended = tmp_path / "ketat.zona"
    amended.write_text(AMENDED, encoding="utf-8")
    return base, amended


def test_diff_lists_grade_changes(rulesets: tuple[Path, Path]) -> None:
    old, new = (zona.load(p) for p in rulesets)
    found = [(c.kind, c.subject, c.before, c.after) for c in diff(old, new)
             if "grade" in c.subject]
    assert ("removed", "grade predikat level A", "> 80 .. 90", None) in found
    assert ("removed", "grade predikat level AA", "> 90 .. 100", None) in found
    assert ("band", "grade predikat level CC", "> 50 .. 60", "> 50 .. 70") in found
    assert ("rule", "grade predikat level BB", None, "share(manfaat) >= 50%") in found
    assert ("value", "grade mutu", "kualitas", "round(kualitas)") in found
    assert diff(old, old) == []


def test_units_whose_grade_changes(rulesets: tuple[Path, Path], tmp_path: Path,
                                   capsys: pytest.CaptureFixture[str]) -> None:
    sheets = tmp_path / "sheets"
    sheets.mkdir()
    shutil.copy(VALID / "grades_bands.answers.json", sheets / "a.json")  # 68.33: B -> CC
    (sheets / "b.json").write_text(json.dumps({"unit": "Kantor B", "answers": {
        "k1": "A", "k2": "A", "k3": "A", "m1": "A", "m2": "A", "m3": "A"}}), encoding="utf-8")
    old, new = (zona.load(p) for p in rulesets)
    flips, shifts, problems = unit_changes(old, new, sorted(str(p) for p in sheets.iterdir()))
    assert problems == []
    assert [(s.unit, s.grade, s.before, s.after) for s in shifts] == [
        (None, "predikat", "B", "CC"), ("Kantor B", "predikat", "AA", "BB")]
    assert [(f.predicate, f.before, f.after) for f in flips] == [("BaikKeatas", True, False)]
    base, amended = rulesets
    assert main(["diff", str(base), str(amended), "--answers", str(sheets)]) == 0
    out = capsys.readouterr().out
    assert "grades that change (2):" in out and "Kantor B: predikat AA -> BB" in out
    assert "  band grade predikat level B: > 60 .. 70 -> > 70 .. 80" in out
    assert main(["diff", str(base), str(amended), "--answers", str(sheets), "--json"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert document["grade_changes"][0] == {
        "file": str(sheets / "a.json"), "unit": None, "grade": "predikat", "before": "B",
        "after": "CC", "total_before": "205/3", "total_after": "205/3"}


def _sheet(answers: dict[str, object], assessor: str) -> AnswerSheet:
    return AnswerSheet(answers, {}, None, "valid-grades-bands", f"{assessor}.json",
                       {k: f"{assessor}.json#/answers/{k}" for k in answers}, assessor)


def test_compare_says_when_another_answer_changes_a_grade(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    ruleset = zona.load(VALID / "grades_bands.zona")
    answers = json.loads((VALID / "grades_bands.answers.json").read_text(
        encoding="utf-8"))["answers"]
    tpi = {**answers, "m2": "A"}  # the TPI reads m2 as A: 78.33, BB
    found = compare(ruleset, {"unit": _sheet(answers, "unit"), "tpi": _sheet(tpi, "tpi")})
    (m2,) = found.disagreements
    assert m2.final == "tpi" and m2.flips
    (back,) = m2.alternatives
    assert back.grades == {"predikat": ("BB", "B"), "mutu": ("A", "B")}
    document = found.to_dict()
    assert document["final"]["grades"] == {"predikat": "BB", "mutu": "A", "ringkas": "tinggi"}
    assert document["disagreements"][0]["alternatives"][0]["grade_changes"] == [
        {"grade": "predikat", "before": "BB", "after": "B"},
        {"grade": "mutu", "before": "A", "after": "B"}]
    for name, data in (("unit", answers), ("tpi", tpi)):
        (tmp_path / f"{name}.json").write_text(json.dumps({"answers": data}), encoding="utf-8")
    assert main(["compare", "-r", str(VALID / "grades_bands.zona"),
                 f"unit={tmp_path / 'unit.json'}", f"tpi={tmp_path / 'tpi.json'}"]) == 0
    out = capsys.readouterr().out
    assert ("FLIPS SangatBaik passed -> failed; MutuA passed -> failed; predikat BB -> B; "
            "mutu A -> B") in out
    assert "\ngrades " in out and "predikat" in out.split("\ngrades ")[1]
