"""Sensitivity: effective weights by hand, and every gain checked by re-scoring."""

from __future__ import annotations

import itertools
from fractions import Fraction

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import zona
from tests.analysis.test_bounds_facts import fact_rulesets
from tests.analysis.test_gap import small_units
from tests.conftest import ROOT
from tests.sheets import extreme_answers
from zona.analysis.sensitivity import QuestionSensitivity, sensitivity

EXAMPLE = ROOT / "examples" / "example.zona"
README = {"q1": "Ya", "q2": "B", "n_agen": 3, "n_ubah": 2, "q5": "A", "ipak_index": "3.6"}


def _by_id(found: list[QuestionSensitivity]) -> dict[str, QuestionSensitivity]:
    return {q.id: q for q in found}


def test_example_by_hand() -> None:
    result = zona.load(EXAMPLE).score(README)
    found = sensitivity(result)
    # q5 alone in tt_sop (weight 30): 30; q1, q2 share mp_tim (weight 10): 10 / 2 = 5 each
    assert [(q.id, q.weight) for q in found] == [("q5", 30), ("q1", 5), ("q2", 5)]
    q2 = _by_id(found)["q2"]
    assert (q2.answer, q2.next, q2.gain, q2.headroom) == ("B", "A", Fraction(165, 100),
                                                          Fraction(165, 100))
    q5 = _by_id(found)["q5"]
    assert (q5.answer, q5.next, q5.gain) == ("A", None, 0)
    assert found[0].to_dict()["weight_exact"] == "30"


def test_unanswered_question() -> None:
    result = zona.load(EXAMPLE).score({**README, "q2": None, "q5": "C"})
    found = _by_id(sensitivity(result))
    # once answered, q2 shares mp_tim with q1: weight 5; answering D halves mp_tim (10 -> 5)
    assert (found["q2"].answer, found["q2"].next, found["q2"].weight) == (None, "D", 5)
    assert (found["q2"].gain, found["q2"].headroom) == (-5, 0)
    assert found["q1"].weight == 10  # q1 is alone in mp_tim's mean for now
    assert (found["q5"].next, found["q5"].gain) == ("B", Fraction(102, 10))  # 30 x 0.34


def test_lke_weights() -> None:
    lke = zona.load_builtin("permenpan-90-2021")
    answers = {**extreme_answers(lke, False), "q126": "C"}
    found = _by_id(sensitivity(lke.score(answers)))
    assert found["q1"].weight == Fraction(1, 4)  # Penyusunan Tim Kerja: 0.5 / 2 questions
    assert found["q126"].weight == 5  # capaian kinerja: an A-E question worth 5 points
    assert (found["q126"].next, found["q126"].gain) == ("B", Fraction(5, 4))
    ordered = sensitivity(lke.score(answers))
    assert ordered[0].id == "q126"
    assert all(a.weight >= b.weight for a, b in itertools.pairwise(ordered))


def _check_against_scoring(result: zona.Result) -> None:
    ruleset = result.ruleset
    answers = {}
    for spec in ruleset.inputs:
        value = result.values.get(spec.name)
        if value is not None:
            answers[spec.name] = next(o.name for o in spec.scale.options if o.value == value) \
                if spec.scale is not None else value
    for q in sensitivity(result):
        if q.next is not None:
            rescored = ruleset.score({**answers, q.id: q.next}, result.facts)
            assert rescored.total.score - result.total.score == q.gain, q.id
            if q.value is not None:
                spec = ruleset.inputs_by_name[q.id]
                assert spec.scale is not None
                step = spec.scale.value(q.next) - q.value  # type: ignore[operator]
                assert q.gain == q.weight * step


@pytest.mark.parametrize("best", [True, False])
def test_lke_gains_match_scoring(best: bool) -> None:
    lke = zona.load_builtin("permenpan-90-2021")
    answers = {**extreme_answers(lke, best), "q1": None, "q2": "B", "q126": "C"}
    _check_against_scoring(lke.score(answers))


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(small_units())
def test_gains_match_scoring(unit: tuple[zona.Ruleset, dict[str, object],
                                         dict[str, object]]) -> None:
    ruleset, answers, facts = unit
    _check_against_scoring(ruleset.score(answers, facts))


# --- not applicable, views and facts in formulas -----------------------------------------

NA_FULL = """ruleset "na-full" { }
scale tingkat range 1..5 { 1, 2, 3, 4, 5, TR = na }
component b { weight 4  aggregate weighted  na full
              question b1 { weight 1 scale tingkat } question b2 { weight 3 scale tingkat } }
"""


def test_not_applicable_under_full_loses_its_full_marks() -> None:
    result = zona.loads(NA_FULL).score({"b1": "TR", "b2": 4})
    # b1 counts share 1 under `na full`: b = 4 x (1 x 1 + 3 x 4/5) / 4 = 17/5. Answering
    # 1 gives share 1/5: b = 13/5 (-4/5); 5 keeps 17/5; 4 x 1/4 / 5 = 1/5 per level
    b1 = _by_id(sensitivity(result))["b1"]
    assert (b1.not_applicable, b1.answer, b1.value, b1.next) == (True, "TR", None, "1")
    assert (b1.gain, b1.headroom, b1.weight) == (Fraction(-4, 5), 0, Fraction(1, 5))
    assert b1.to_dict()["not_applicable"] is True


VIEWS = """ruleset "views" { }
scale abc { A = 1, B = 0.5, C = 0 }
fact bonus yesno
question a { weight 4  scale abc }
question b { weight 4  scale abc }
view ab = a + b
item half { weight 4  score = if fact bonus then ab / 2 else 0 }
"""


def test_a_view_read_by_a_formula_adds_its_path() -> None:
    ruleset = zona.loads(VIEWS)
    result = ruleset.score({"a": "B", "b": "C"}, {"bonus": "yes"})
    # a = 2, b = 0, half = (2 + 0) / 2 = 1, total 3. Through the view each unit of a or b
    # is worth 4 (its own score) + 4 / 2 (half): 6, which the chain rule alone misses
    found = _by_id(sensitivity(result))
    assert [q.id for q in sensitivity(result)] == ["a", "b"]
    assert (found["a"].weight, found["a"].gain, found["a"].linear) == (6, 3, False)
    assert (found["b"].next, found["b"].gain, found["b"].headroom) == ("B", 3, 6)
    plain = _by_id(sensitivity(ruleset.score({"a": "B", "b": "C"}, {"bonus": "no"})))
    assert (plain["a"].weight, plain["a"].gain) == (4, 2)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(fact_rulesets(), st.data())
def test_gains_match_scoring_with_facts_views_na(text: str, data: st.DataObject) -> None:
    ruleset = zona.loads(text)
    options = {"q1": ["Y", "S", "T", *(["TR"] if "TR" in text else [])], "q2": ["Y", "T"],
               "q3": [1, 2, 4], "k": ["0", "1.5"]}
    answers = {n: data.draw(st.sampled_from(v)) for n, v in options.items()}
    facts = {"jenis": data.draw(st.sampled_from(("a", "b", "c"))), "kkn": data.draw(
        st.booleans()), "faktor": data.draw(st.sampled_from(("0", "1", "2")))}
    try:
        result = ruleset.score(answers, facts)
    except zona.ZonaError:
        return  # a score outside its node's range: no unit
    found = sensitivity(result)
    assert {q.id for q in found} == {"q1", "q2", "q3"}
    for q in found:
        assert q.not_applicable == (q.id in result.not_applicable)
        changed = {**answers, q.id: q.next} if q.next is not None else answers
        try:
            rescored = ruleset.score(changed, facts)
        except zona.ZonaError:
            continue
        assert rescored.total.score - result.total.score == q.gain, q.id
        if q.linear and q.value is not None and q.next is not None:
            spec = ruleset.inputs_by_name[q.id]
            assert spec.scale is not None
            step = spec.scale.value(q.next) - q.value  # type: ignore[operator]
            assert q.gain == q.weight * step, q.id
