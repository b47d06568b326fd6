"""Grades, rounding and `assumed` as scoring sees them: the valid corpus's hand-computed
grades (tests/data/valid/*.expected.json, keys `grades`, `levels` and `assumptions`), the
three-valued decision, the gaps, the Result document, `zona score` and `zona assumptions`,
and exact rounding against Python's decimal module."""

from __future__ import annotations

import decimal
import json
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import zona
from tests.conftest import DATA, ROOT
from zona.cli.main import main
from zona.model.expr import rounded
from zona.numtext import exact_text
from zona.render.text import result_table

VALID = DATA / "valid"
WITH_GRADES = [p for p in sorted(VALID.glob("*.zona"))
               if {"grades", "levels", "assumptions"} & set(
                   json.loads(p.with_suffix(".expected.json").read_text(encoding="utf-8")))]


def _case(path: Path) -> tuple[zona.Ruleset, zona.Result, dict[str, Any]]:
    ruleset = zona.load(path)
    sheet = json.loads(path.with_suffix(".answers.json").read_text(encoding="utf-8"))
    expected = json.loads(path.with_suffix(".expected.json").read_text(encoding="utf-8"))
    return ruleset, ruleset.score(sheet["answers"], sheet.get("facts") or {}), expected


def test_the_corpus_has_grades_rounding_and_assumptions() -> None:
    names = {p.stem for p in WITH_GRADES}
    assert {"grades_bands", "grades_rules", "assumed_everywhere", "sakip_88_2021",
            "spip_maturity", "spbe_59_2020"} <= names
    assert (VALID / "rounding.zona").is_file()


@pytest.mark.parametrize("path", WITH_GRADES, ids=lambda p: p.stem)
def test_grades_as_computed_by_hand(path: Path) -> None:
    """Each grade's level, value, band, next level and gaps, each level's verdict, and the
    assumptions, as the expected file says."""
    ruleset, result, expected = _case(path)
    document = result.to_dict()
    for name, fields in expected.get("grades", {}).items():
        found = result.grades[name]
        for field, value in fields.items():
            if field == "margin_down_exact":
                margin = found.margin_down
                assert (None if margin is None else exact_text(margin)) == value, name
            else:
                assert document["grades"][name][field] == value, f"{name}.{field}"
    for name, levels in expected.get("levels", {}).items():
        assert {n: v.holds for n, v in result.grades[name].levels.items()} == levels, name
    if "assumptions" in expected:
        assert [[a.kind, a.where, a.text] for a in ruleset.assumptions()] == \
            expected["assumptions"]


def _score(text: str, answers: dict[str, object] | None = None,
           facts: dict[str, object] | None = None) -> zona.Result:
    return zona.loads('ruleset "t" { }\n' + text).score(answers or {}, facts or {})


BANDS = """
input x { decimal 0..100 }
item skor { weight 100  score = x }
fact ok yesno
grade g by skor {
    level C  0 .. 60
    level B  > 60 .. 70
    level BB > 70 .. < 80
    level A  80 .. 100 when fact ok == yes
}
predicate AtLeastB { require grade g >= B }
predicate AtLeastA { require grade g >= A }
predicate BelowA { require grade g < A }
"""


@pytest.mark.parametrize(("x", "level"), [("0", "C"), ("60", "C"), ("60.001", "B"),
                                          ("70", "B"), ("70.5", "BB"), ("79.99", "BB")])
def test_a_value_on_a_boundary_is_in_the_band_whose_end_includes_it(x: str, level: str) -> None:
    found = _score(BANDS, {"x": x}, {"ok": True}).grades["g"]
    assert (found.level, found.at_least, found.answered) == (level, level, True)
    assert found.value == Fraction(x)


def test_a_capped_level_falls_back_and_an_unknown_cap_is_undecided() -> None:
    capped = _score(BANDS, {"x": "85"}, {"ok": False})
    assert capped.grades["g"].level == "BB"
    assert capped.grades["g"].gap_to_next == -5  # the band is reached: the cap fails
    assert capped.grades["g"].levels["A"].reached is True
    assert capped.grades["g"].levels["A"].holds is False
    undecided = _score(BANDS, {"x": "85"})
    grade = undecided.grades["g"]
    assert (grade.level, grade.at_least, grade.label, grade.answered) == (None, "BB", None, True)
    assert grade.levels["A"].holds is None
    assert grade.band == "> 70 .. < 80" and grade.next == "A"
    verdicts = {p.name: p.passed for p in undecided.predicates.values()}
    assert verdicts == {"AtLeastB": True, "AtLeastA": None, "BelowA": None}
    assert undecided.predicates["AtLeastB"].conditions[0].actual is None
    assert _score(BANDS, {"x": "85"}, {"ok": True}).grades["g"].level == "A"


def test_an_unanswered_value_leaves_the_grade_unanswered() -> None:
    result = _score(BANDS)
    grade = result.grades["g"]
    assert (grade.level, grade.at_least, grade.value, grade.answered) == (None, "C", None, False)
    assert grade.gap_to_next is None and grade.margin_down is None
    assert {n: v.reached for n, v in grade.levels.items()} == {
        "C": None, "B": None, "BB": None, "A": None}
    assert result.predicates["AtLeastB"].passed is None
    document = result.to_dict()["grades"]["g"]
    assert document == {"level": None, "label": None, "at_least": "C", "value": None,
                        "value_exact": None, "band": "0 .. 60", "next": "B",
                        "gap_to_next": None, "gap_to_next_exact": None}


def test_gaps_to_the_next_level_and_the_margin_down() -> None:
    grade = _score(BANDS, {"x": "67.69"}, {"ok": True}).grades["g"]
    assert (grade.next, grade.gap_to_next, grade.margin_down) == (
        "BB", Fraction("2.31"), Fraction("7.69"))
    top = _score(BANDS, {"x": "100"}, {"ok": True}).grades["g"]
    assert (top.level, top.next, top.gap_to_next, top.margin_down) == ("A", None, None, 20)


def test_the_result_document_has_grades_only_when_the_ruleset_has_some() -> None:
    example = zona.load(ROOT / "examples" / "example.zona").score({})
    assert "grades" not in example.to_dict()
    document = _score(BANDS, {"x": "67.69"}, {"ok": True}).to_dict()["grades"]
    assert document["g"] == {"level": "B", "label": None, "at_least": "B", "value": 67.69,
                             "value_exact": "67.69", "band": "> 60 .. 70", "next": "BB",
                             "gap_to_next": 2.31, "gap_to_next_exact": "2.31"}


def test_zona_score_prints_a_line_per_grade(capsys: pytest.CaptureFixture[str]) -> None:
    path = VALID / "grades_bands.zona"
    code = main(["score", "-r", str(path), str(path.with_suffix(".answers.json"))])
    out = capsys.readouterr().out
    assert code == 0
    assert out.endswith(
        "Predikat (predikat): B  (value 68.33, band > 60 .. 70; BB needs > 70: 1.67 more)\n"
        "Mutu (mutu): B  (value 45, band 30 .. < 45; A needs share(manfaat) >= 60%)\n"
        "ringkas: tinggi  (value 68, band > 50 ..)\n")
    rules = VALID / "grades_rules.zona"
    _, result, _ = _case(rules)
    assert result_table(result).splitlines()[-3:] == [
        "Tingkat maturitas (maturitas): 2  (3 needs every child of total: share >= 75%)",
        "Predikat Zona Integritas (zi): undecided, at least WBK  (WBBM needs predicate WBBM)",
        "status: undecided, at least belum  (calon needs fact prior >= WBK)"]
    assert "unanswered" in result_table(_score(BANDS))


def test_zona_assumptions_names_the_kind_of_a_declaration(
        capsys: pytest.CaptureFixture[str]) -> None:
    path = VALID / "assumed_everywhere.zona"
    assert main(["assumptions", str(path)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "valid-assumed: the header's assumption"
    assert lines[3] == f"{path}:20: utama: a node's assumption"
    assert lines[-1] == f"{path}:46: level predikat.baik: a level's assumption"


def test_a_rule_grade_reports_its_failing_conditions() -> None:
    _, result, _ = _case(VALID / "grades_rules.zona")
    failing = result.grades["maturitas"].levels["3"].failing()
    assert [(c.text, c.subject, c.actual, c.margin) for c in failing] == [
        ("every child of total: share >= 75%", "risiko", Fraction(5, 8), Fraction(-1, 8))]
    assert result.grades["maturitas"].levels["0"].conditions == ()


def test_the_design_examples_spip_and_sakip() -> None:
    """SPIP's maturity stays 2 although its score is above 3: Penilaian Risiko (2.5) holds
    it down; SAKIP's predikat is B, and BB needs more than 70."""
    _, spip, _ = _case(VALID / "spip_maturity.zona")
    failing = spip.grades["maturitas"].levels["3"].failing()
    assert [(c.text, c.subject, c.actual, c.threshold, c.margin) for c in failing] == [
        ("every child of spip: score >= 3", "risiko", Fraction(5, 2), 3, Fraction(-1, 2))]
    _, sakip, _ = _case(VALID / "sakip_88_2021.zona")
    assert result_table(sakip).splitlines()[-1] == (
        "Predikat SAKIP (predikat): B  (value 67.69, band > 60 .. 70; BB needs > 70: 2.31 more)")


# --- rounding ----------------------------------------------------------------------------

_MODES = {"half_up": decimal.ROUND_HALF_UP, "half_even": decimal.ROUND_HALF_EVEN,
          "half_down": decimal.ROUND_HALF_DOWN}
_DIRECTED = {"floor": decimal.ROUND_FLOOR, "ceil": decimal.ROUND_CEILING}


def _decimal(function: str, value: Fraction, places: int, mode: str) -> Fraction:
    """What Python's decimal module makes of it (60 digits: enough to place any value
    that is not a terminating decimal on the right side of a half)."""
    with decimal.localcontext() as context:
        context.prec = 60
        exact = decimal.Decimal(value.numerator) / decimal.Decimal(value.denominator)
        how = _DIRECTED.get(function) or _MODES[mode]
        found = exact.quantize(decimal.Decimal(1).scaleb(-places), rounding=how)
    return Fraction(found)


decimals = st.builds(lambda n, k: Fraction(n, 10**k), st.integers(-10**7, 10**7),
                     st.integers(0, 5))
any_fractions = st.fractions(min_value=-10**4, max_value=10**4, max_denominator=10**6)


@settings(max_examples=400, deadline=None)
@given(st.one_of(decimals, any_fractions), st.integers(-2, 4),
       st.sampled_from(("round", "floor", "ceil")), st.sampled_from(sorted(_MODES)))
def test_rounding_is_decimal_quantize_with_the_named_mode(
        value: Fraction, places: int, function: str, mode: str) -> None:
    assert rounded(function, value, places, mode) == _decimal(function, value, places, mode)


@settings(max_examples=60, deadline=None)
@given(decimals, st.integers(-1, 3), st.sampled_from(sorted(_MODES)))
def test_a_ruleset_rounds_as_decimal_does(value: Fraction, places: int, mode: str) -> None:
    text = (f"input x {{ decimal -10000..10000 }}\nderived r = round(x, {places}, {mode})\n"
            f"derived f = floor(x, {places})\nderived c = ceil(x, {places})\n")
    shown = exact_text(value / 1000)
    values = _score(text, {"x": shown}).values
    x = Fraction(shown)
    assert values["r"] == _decimal("round", x, places, mode)
    assert values["f"] == _decimal("floor", x, places, mode)
    assert values["c"] == _decimal("ceil", x, places, mode)


def test_rounding_the_design_examples() -> None:
    assert rounded("round", Fraction("67.685"), 2) == Fraction("67.69")
    assert rounded("round", Fraction("67.685"), 2, "half_even") == Fraction("67.68")
    assert rounded("round", Fraction("2.7715"), 2) == Fraction("2.77")
    assert rounded("floor", Fraction("94.375"), 1) == Fraction("94.3")
    assert rounded("round", Fraction(1083, 16), 2) == Fraction("67.69")
    assert rounded("round", Fraction("-67.685"), 2) == Fraction("-67.69")
    assert rounded("round", Fraction("1250"), -2, "half_even") == 1200


def test_a_grade_reads_views_facts_shares_and_total() -> None:
    text = """
item a { weight 50  score = 40 }
item b { weight 50  score = 30 }
view ab = a + b
fact faktor number 0..2
fact jenis levels { x, y }
grade by_total by total { level lo .. < 50  level hi 50 .. }
grade by_view by ab { level lo .. < 80  level hi 80 .. }
grade by_fact by min(100, total * fact faktor) { level lo .. < 80  level hi 80 .. }
grade by_share by share(a) { level lo .. < 0.5  level hi 0.5 .. }
grade by_level by if fact jenis == y then 1 else 0 { level lo .. < 0.5  level hi 0.5 .. }
"""
    given = _score(text, facts={"faktor": "1.2", "jenis": "y"}).grades
    assert {n: (g.level, g.value) for n, g in given.items()} == {
        "by_total": ("hi", 70), "by_view": ("lo", 70), "by_fact": ("hi", 84),
        "by_share": ("hi", Fraction(4, 5)), "by_level": ("hi", 1)}
    unknown = _score(text).grades
    assert (unknown["by_fact"].level, unknown["by_fact"].answered) == (None, False)
    assert unknown["by_level"].value is None


def test_the_sql_back_end_writes_rounding_and_grade_conditions() -> None:
    # (tests/batch/test_sql_grades.py checks what the queries give against this path)
    rounding = zona.load(VALID / "rounding.zona")
    assert "rounding" in rounding.features
    assert "rounded_item" in rounding.to_sql()
    graded = zona.load(VALID / "grades_rules.zona")
    assert graded.features == {"grade-conditions"}
    assert '"maturitas"' in graded.to_sql()
    plain = zona.loads('ruleset "t" { }\nitem i { score = 1 }\n'
                       "grade g by i { level a .. < 1  level b 1 .. }\n")
    assert plain.features == frozenset()  # a grade alone is scored by every path


def test_zona_score_json_has_the_grades(capsys: pytest.CaptureFixture[str]) -> None:
    path = VALID / "grades_bands.zona"
    assert main(["score", "--json", "-r", str(path), str(path.with_suffix(".answers.json"))]) \
        == 0
    document = json.loads(capsys.readouterr().out)
    assert document["grades"]["predikat"]["gap_to_next_exact"] == "1.67"
    assert list(document["grades"]) == ["predikat", "mutu", "ringkas"]
