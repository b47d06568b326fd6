"""Grades and answers "not applicable" where a person reads a Result: `zona explain` in both
languages (the level, why it was reached, what the next level needs, the margin down), and
explanations on the constructs beyond the first language that add up."""

from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import zona
from tests.conftest import ROOT
from tests.strategies import answer_sheets, valid_rulesets
from tests.strategies_levels import Levels, level_rulesets, level_sheets
from zona.analysis.explain import contributions, explain, losses, questions
from zona.analysis.grades import explain_grade, expr_text, grade_lines
from zona.cli.main import main

VALID = ROOT / "tests" / "data" / "valid"


def _unit(name: str) -> zona.Result:
    document = json.loads((VALID / f"{name}.answers.json").read_text(encoding="utf-8"))
    return zona.load(VALID / f"{name}.zona").score(document["answers"],
                                                   document.get("facts", {}))


BANDS_EN = """\
Grades
  Grade (predikat): B (Baik)
    reached: the value 68.33 lies in the band of B (> 60 .. 70)
    next: BB (Sangat Baik) needs a value > 70: 1.67 more
    margin down: 8.33 above the low end of its band (> 60)
  Mutu (mutu): B
    reached: the value 45 reaches the band of B (30 .. < 45)
    next: the band of A is reached, but not its conditions:
      share(manfaat) >= 60%: value 58.33 %, threshold 60.00 %, margin -1.67 percentage \
points (-0.67 points): failed
    margin down: 15 above the low end of its band (>= 30)
  ringkas: tinggi
    reached: the value 68 lies in the band of tinggi (> 50 ..)
    tinggi is the top level
    margin down: 18 above the low end of its band (> 50)"""

BANDS_ID = """\
Peringkat
  Predikat (predikat): B (Baik)
    tercapai: nilai 68.33 berada dalam pita B (> 60 .. 70)
    berikutnya: BB (Sangat Baik) memerlukan nilai > 70: kurang 1.67
    selisih ke bawah: 8.33 di atas batas bawah pitanya (> 60)"""

RULES_EN = """\
  Predikat Zona Integritas (zi): undecided, at least WBK (Menuju WBK)
    reached: the conditions of WBK (Menuju WBK) hold:
      predicate WBK: passed
    undecided: WBBM (Menuju WBBM) depends on:
      predicate WBBM: undecided
        fact prior >= WBK: fact not given: undecided
  status: undecided, at least belum
    reached: belum is the lowest level, which holds when no level above it does
    undecided: calon depends on:
      fact prior >= WBK: fact not given: undecided"""


def test_grades_by_bands_explained() -> None:
    result = _unit("grades_bands")
    assert "\n".join(grade_lines(result, "en")) == BANDS_EN
    assert "\n".join(grade_lines(result, "id")).startswith(BANDS_ID)
    text = explain(result, "en", top=0)
    assert BANDS_EN in text and text.index("Grades") > text.index("Predicates")
    told = explain_grade(result.grades["predikat"], "en")
    assert (told.level, told.margin) == ("B (Baik)", "margin down: 8.33 above the low end of "
                                                     "its band (> 60)")


def test_grades_by_rules_explained() -> None:
    result = _unit("grades_rules")
    text = "\n".join(grade_lines(result, "en"))
    assert RULES_EN in text
    # maturity 2: its conditions in full; level 3 needs every element at 75 %: risiko fails
    assert "  Tingkat maturitas (maturitas): 2 (Berkembang)\n    reached: the conditions of " \
           "2 (Berkembang) hold:\n" in text
    assert ("    next: 3 (Terdefinisi) needs:\n      every child of total: share >= 75% -- "
            "risiko Penilaian Risiko: value 62.50 %, threshold 75.00 %, margin -12.50 "
            "percentage points (-2.50 points): failed") in text
    indonesian = "\n".join(grade_lines(result, "id"))
    assert "belum dapat diputuskan, paling rendah WBK (Menuju WBK)" in indonesian
    assert "fakta belum diberikan" in indonesian


def test_an_unanswered_grade() -> None:
    ruleset = zona.loads('ruleset "u" { }\nscale yt { Ya = 1, Tidak = 0 }\n'
                         "component c { weight 10 question q { scale yt } }\n"
                         "grade g by c { level rendah .. < 5  level tinggi 5 .. }\n")
    result = ruleset.score({})
    assert grade_lines(result, "en") == ["Grades", "  g: not answered (c cannot be computed "
                                                   "yet)"]
    assert "belum dijawab (c belum dapat dihitung)" in explain(result, "id")


def test_not_applicable_is_said_in_words() -> None:
    result = _unit("not_applicable")
    english = explain(result, "en", top=None)
    assert "Semua tidak relevan: 0.00 of 3.00 (not applicable)" in english
    assert "  e3: 0.00 of 1.00 (not applicable)" in english
    assert "Answer: not applicable" in english
    assert "Answered not applicable: e3, d2, r2, z2, s1, s2, c1, c2" in english
    indonesian = explain(result, "id", top=None)
    assert "(tidak berlaku)" in indonesian and "Dijawab tidak berlaku: e3" in indonesian
    assert "n/a" not in english + indonesian


def test_value_texts() -> None:
    ruleset = zona.load(VALID / "grades_bands.zona")
    assert [expr_text(g.value) for g in ruleset.grades if g.value is not None] == [
        "nilai", "kualitas", "floor(total)"]


def test_cli_explain_shows_grades(capsys: object) -> None:
    assert main(["explain", str(VALID / "grades_bands.answers.json"), "-r",
                 str(VALID / "grades_bands.zona"), "--lang", "en", "--top", "0"]) == 0
    out = capsys.readouterr().out  # type: ignore[attr-defined]
    assert BANDS_EN in out


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(level_rulesets(na=True), st.data())
def test_contributions_add_up_with_levels(generated: Levels, data: st.DataObject) -> None:
    """Ranged scales, weighted means and "not applicable" answers: the questions'
    contributions add up to the total, and the explanation renders in both languages."""
    result = zona.loads(generated.text).score(data.draw(level_sheets(generated)))
    found = contributions(result)
    fixed = [n for n in result.total.walk() if n.name in found and not n.applicable
             and n.node.aggregate not in ("choice", "expr")]  # not applicable: not entered
    assert sum(found[n.name][0] for n in [*questions(result), *fixed]) == result.total.score
    for node in questions(result):
        earned, most = found[node.name]
        assert 0 <= earned <= most
    assert sum(loss.lost for loss in losses(result)) <= result.total.maximum
    for lang in ("id", "en"):
        assert explain(result, lang, top=None)


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(valid_rulesets(grades=True), st.data())
def test_every_grade_is_explained(generated: object, data: st.DataObject) -> None:
    """Every grade gets a title, a level and a reason, in both languages."""
    answers, facts = data.draw(answer_sheets(generated))  # type: ignore[arg-type]
    result = zona.loads(generated.text).score(answers, facts)  # type: ignore[attr-defined]
    for lang in ("id", "en"):
        lines = grade_lines(result, lang)
        assert len([line for line in lines if line.startswith("  ") and
                    not line.startswith("   ")]) == len(result.grades)
        for found in result.grades.values():
            told = explain_grade(found, lang)
            assert told.level and (told.reached or not found.answered)
