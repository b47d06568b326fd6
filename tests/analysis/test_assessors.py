"""Several assessors of one unit: final answers by the ruleset's precedence, each
assessor's scores, the disagreements and whether adopting another answer flips a
predicate; `zona compare` in text and JSON."""

from __future__ import annotations

import json
from fractions import Fraction
from pathlib import Path

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import zona
from tests.sheets import extreme_answers
from zona.analysis.compare import compare
from zona.cli.main import main
from zona.errors import AnswerProblem, ZonaAnswerError, ZonaError
from zona.io import AnswerSheet
from zona.io.assessors import DEFAULT_ASSESSORS, final_answers, precedence, read_assessors

LKE = zona.load_builtin("permenpan-90-2021")
BEST = extreme_answers(LKE, True)
FACTS = {"prior_predicate": "WBK"}


def sheet(answers: dict[str, object], assessor: str, facts: dict[str, object] | None = None,
          unit: str | None = None) -> AnswerSheet:
    return AnswerSheet(answers, facts or {}, unit, LKE.id, f"{assessor}.json",
                       {k: f"{assessor}.json#/answers/{k}" for k in answers}, assessor)


def test_precedence_is_the_rulesets() -> None:
    assert precedence(LKE) == ("tpn", "tpi", "unit")
    assert precedence(zona.loads('ruleset "r" { }\nitem i { score = 1 }')) == DEFAULT_ASSESSORS


def test_final_answer_is_the_first_assessor_who_answered() -> None:
    sheets = {"unit": sheet({"q1": "Ya", "q2": "A", "q3": "Ya"}, "unit"),
              "tpi": sheet({"q1": "Tidak", "q2": "", "q3": None}, "tpi"),
              "tpn": sheet({"q1": "Ya"}, "tpn")}
    answers, chosen = final_answers(LKE, sheets)
    assert answers == {"q1": "Ya", "q2": "A", "q3": "Ya"}
    assert chosen == {"q1": "tpn", "q2": "unit", "q3": "unit"}


def test_disagreements_scores_and_flips() -> None:
    # TPI reads the IPAK index as 3.5 (15.3125 points, under WBK's 15.75) and q2 as B
    tpi = {**BEST, "q2": "B", "q125": "3.5"}
    found = compare(LKE, {"unit": sheet(BEST, "unit", FACTS, "Kantor A"),
                          "tpi": sheet(tpi, "tpi")})
    assert (found.assessors, found.unit) == (("tpi", "unit"), "Kantor A")
    assert [d.input for d in found.disagreements] == ["q2", "q125"]
    q2, q125 = found.disagreements
    assert (q2.final, q2.values) == ("tpi", {"unit": 1, "tpi": Fraction(1, 2)})
    assert q2.scores == {"tpi": Fraction(1, 2), "unit": 1, "final": Fraction(1, 2)}
    # q2 sits in a sub-area of weight 0.5 with one other question: adopting A adds 0.125
    (back,) = q2.alternatives
    assert (back.assessor, back.answer, back.flips) == ("unit", "A", {})
    assert back.total == found.final.total.score + Fraction(1, 8)
    assert (q125.node, q125.scores["final"], q125.flips) == ("ipak", Fraction(245, 16), True)
    (back,) = q125.alternatives
    assert back.flips == {"WBK": (False, True), "WBBM": (False, True)}
    assert found.final.total.score == 100 - Fraction(1, 8) - (Fraction(35, 2) - Fraction(245, 16))
    assert found.results["unit"].total.score == 100
    assert found.final.predicates["WBK"].passed is False


def test_agreeing_assessors_have_no_disagreements() -> None:
    found = compare(LKE, {"unit": sheet(BEST, "unit"),
                          "tpi": sheet({**BEST, "q2": "a", "q88": "1"}, "tpi")})
    assert found.disagreements == ()  # "a" is A and "1" is 1: the same values
    assert found.final.total.score == 100


def test_every_problem_of_every_sheet_is_listed() -> None:
    with pytest.raises(ZonaAnswerError) as caught:
        compare(LKE, {"unit": sheet({**BEST, "q1": "Mungkin"}, "unit"),
                      "tpi": sheet({**BEST, "q88": -1}, "tpi", {"prior_predicate": "WBX"})})
    assert caught.value.problems == (
        AnswerProblem("tpi.json#/answers/q88", "q88: -1 is negative; a count is 0, 1, 2, ..."),
        AnswerProblem("facts.prior_predicate", "'WBX' is not one of none, WBK, WBBM"),
        AnswerProblem("unit.json#/answers/q1", "q1: 'Mungkin' is not on the scale Ya/Tidak "
                      "(Ya, Tidak)"))


def test_needs_two_known_assessors() -> None:
    with pytest.raises(ZonaError, match="at least two assessors"):
        compare(LKE, {"unit": sheet(BEST, "unit")})
    with pytest.raises(ZonaError, match=r"tpm: not an assessor of permenpan-90-2021 \(tpn, "):
        compare(LKE, {"unit": sheet(BEST, "unit"), "tpm": sheet(BEST, "tpm")})


@settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.data())
def test_the_final_result_is_the_score_of_the_final_answers(data: st.DataObject) -> None:
    """Whatever each assessor answers: the final answers take each question from the first
    assessor who answered it, the final result is their score, and a question is a
    disagreement exactly when answered values differ."""
    sheets = {}
    for assessor in ("unit", "tpi", "tpn"):
        answers: dict[str, object] = {}
        for spec in LKE.inputs:
            if data.draw(st.integers(0, 3)) == 0:
                continue
            if spec.kind == "choice" and spec.scale is not None:
                answers[spec.name] = data.draw(st.sampled_from(spec.scale.names[:2]))
            elif spec.kind == "count":
                answers[spec.name] = data.draw(st.integers(0, 2))
            else:
                answers[spec.name] = data.draw(st.sampled_from(["3.6", "4"]))
        sheets[assessor] = sheet(answers, assessor)
    found = compare(LKE, sheets)
    expected = {}
    for assessor in ("tpn", "tpi", "unit"):
        for key, value in sheets[assessor].answers.items():
            expected.setdefault(key, value)
    assert found.answers == expected
    assert found.final.total.score == LKE.score(expected).total.score
    for assessor in ("unit", "tpi", "tpn"):
        assert found.results[assessor].total.score == LKE.score(
            sheets[assessor].answers).total.score
    differing = {spec.name for spec in LKE.inputs if len({
        str(s.answers[spec.name]) for s in sheets.values() if spec.name in s.answers}) > 1}
    assert {d.input for d in found.disagreements} == differing


# --- files and the command -----------------------------------------------------------


def write(path: Path, document: object) -> str:
    path.write_text(json.dumps(document), encoding="utf-8")
    return str(path)


def test_read_assessors_by_name_by_column_and_by_order(tmp_path: Path) -> None:
    unit = write(tmp_path / "a.json", {"answers": BEST})
    tpi = write(tmp_path / "b.json", {"answers": BEST, "assessor": "tpi"})
    other = write(tmp_path / "c.json", {"answers": BEST})
    sheets, warnings = read_assessors([unit, tpi, other], LKE)
    assert {k: v.source for k, v in sheets.items()} == {"tpi": tpi, "unit": unit, "tpn": other}
    assert warnings == []
    sheets, _ = read_assessors([f"tpn={unit}", other], LKE)
    assert {k: v.source for k, v in sheets.items()} == {"tpn": unit, "unit": other}
    rows = [{"soal_id": s.soal, "jawaban_unit": BEST[s.name], "jawaban_tpi": BEST[s.name]}
            for s in LKE.inputs]
    portal = write(tmp_path / "portal.json", rows)
    sheets, _ = read_assessors([portal], LKE)
    assert sorted(sheets) == ["tpi", "unit"]
    assert sheets["tpi"].locations["q1"] == f"{portal}#/0/jawaban_tpi"


def test_read_assessors_refuses_ambiguity(tmp_path: Path) -> None:
    unit = write(tmp_path / "a.json", {"answers": BEST, "assessor": "unit"})
    with pytest.raises(ZonaError, match="a second answer sheet for unit"):
        read_assessors([unit, f"unit={unit}"], LKE)
    with pytest.raises(ZonaError, match="tpm is not an assessor of permenpan-90-2021"):
        read_assessors([f"tpm={unit}"], LKE)
    plain = write(tmp_path / "p.json", {"answers": BEST})
    with pytest.raises(ZonaError, match="more answer sheets than assessors"):
        read_assessors([plain] * 4, LKE)


def test_zona_compare_text_and_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rows = [{"soal_id": s.soal, "jawaban_unit": BEST[s.name],
             **({"jawaban_tpi": "3.5"} if s.name == "q125" else {})} for s in LKE.inputs]
    portal = write(tmp_path / "portal.json", rows)
    assert main(["compare", "-r", "permenpan-90-2021", portal, "--fact",
                 "prior_predicate=WBK"]) == 0
    out = capsys.readouterr().out
    assert "answers that differ: 1 of 127\n" in out
    assert ("    with unit's answer 4: total 97.81 -> 100.00; FLIPS WBK failed -> passed; "
            "WBBM failed -> passed\n") in out
    assert out.splitlines()[-4].split() == ["WBK", "passed", "failed", "failed"]
    assert main(["compare", "-r", "permenpan-90-2021", portal, "--json"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert document["precedence"] == ["tpi", "unit"]
    (q125,) = document["disagreements"]
    assert (q125["id"], q125["answers"], q125["final_assessor"], q125["flips"]) == (
        "q125", {"unit": "4", "tpi": "3.5"}, "tpi", True)
    assert q125["alternatives"][0]["flips"] == [  # WBBM needs the prior predicate: undecided
        {"predicate": "WBK", "before": False, "after": True},
        {"predicate": "WBBM", "before": False, "after": None}]
    assert document["final"]["total_exact"] == "97.8125"  # 100 - 17.5 + 3.5 / 4 x 17.5
    assert document["results"]["unit"]["total_exact"] == "100"


def test_zona_compare_reports_problems(tmp_path: Path,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    unit = write(tmp_path / "unit.json", {"answers": {**BEST, "q1": "Mungkin"}})
    tpi = write(tmp_path / "tpi.json", {"answers": BEST})
    assert main(["compare", "-r", "permenpan-90-2021", unit, tpi]) == 1
    err = capsys.readouterr().err
    assert f"  {unit}#/answers/q1: q1: 'Mungkin' is not on the scale Ya/Tidak" in err
    assert "Traceback" not in err


def test_an_assessor_sheet_keeps_its_assessor() -> None:
    assert attrs.evolve(sheet(BEST, "unit"), assessor="tpi").assessor == "tpi"


def test_compare_the_official_workbook_with_a_tpi_sheet(
        shared_workbook: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The unit's own workbook against the TPI's JSON: the workbook's warnings are shown,
    and the TPI's lower IPAK index is the one disagreement that flips WBK."""
    from zona.io import read_lke

    own = read_lke(shared_workbook).answers.answers
    tpi = write(tmp_path / "tpi.json", {"assessor": "tpi", "answers": {
        **{k: v if isinstance(v, int | str) else str(v) for k, v in own.items()},
        "q125": "3.5"}})
    assert main(["compare", "-r", "permenpan-90-2021", str(shared_workbook), tpi]) == 0
    captured = capsys.readouterr()
    assert [line.split(": warning: ")[1].split(":")[0] for line in captured.err.splitlines()] \
        == ["LKE ZI!J8", "LKE ZI!K185"]
    assert "answers that differ: 1 of 127\n" in captured.out
    assert "FLIPS WBK failed -> passed" in captured.out
    total = next(line for line in captured.out.splitlines() if line.startswith("total  Total"))
    assert total.split()[-3:] == ["95.63", "93.45", "93.45"]  # 261077/2730 - 2.1875
