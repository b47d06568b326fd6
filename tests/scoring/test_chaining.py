"""Chained facts when scoring: another ruleset's Result (or a GradeResult) is a fact's
value, checked for its ruleset, grade and levels; the SAKIP and SPIP examples feed the
built-in 90/2021's `sakip` and `spip_maturity` facts end to end."""

from __future__ import annotations

import json
from fractions import Fraction

import pytest

import zona
from tests.conftest import ROOT
from zona.io import read_answers
from zona.scoring import read_fact

EXAMPLES = ROOT / "examples"


def _example(name: str) -> zona.Result:
    sheet = json.loads((EXAMPLES / f"{name}.answers.json").read_text(encoding="utf-8"))
    return zona.load(EXAMPLES / f"{name}.zona").score(sheet["answers"])


@pytest.fixture(scope="module")
def sakip() -> zona.Result:
    return _example("sakip-88-2021")


@pytest.fixture(scope="module")
def spip() -> zona.Result:
    return _example("spip-maturity")


def _problems(error: pytest.ExceptionInfo[zona.ZonaAnswerError]) -> list[str]:
    return [f"{p.location}: {p.message}" for p in error.value.problems]


def test_the_examples_feed_the_builtin_zi_ruleset(sakip: zona.Result,
                                                  spip: zona.Result) -> None:
    """SAKIP's predikat B passes `fact sakip >= B` (WBK) and fails `>= BB` (WBBM); SPIP's
    level 2 fails `fact spip_maturity >= 3`: exactly as the levels given by hand do."""
    zi = zona.load_builtin("permenpan-90-2021")
    answers = read_answers(EXAMPLES / "unit-90-2021.portalrb.json", zi).answers
    chained = zi.score(answers, facts={"sakip": sakip, "spip_maturity": spip,
                                       "prior_predicate": "none"})
    assert chained.facts["sakip"] == "B" and chained.facts["spip_maturity"] == 2
    by_hand = zi.score(answers, facts={"sakip": "B", "spip_maturity": 2,
                                       "prior_predicate": "none"})
    assert chained.to_dict()["predicates"] == by_hand.to_dict()["predicates"]
    verdicts = {c.text: c.passed for name in ("ELIGIBLE_WBK", "ELIGIBLE_WBBM")
                for c in chained.predicates[name].conditions}
    assert verdicts["fact sakip >= B"] is True
    assert verdicts["fact sakip >= BB"] is False
    assert verdicts["fact spip_maturity >= 3"] is False
    grades = zi.score(answers, facts={"sakip": sakip.grades["predikat"],
                                      "spip_maturity": spip.grades["maturitas"]})
    assert grades.facts == {"sakip": "B", "spip_maturity": 2}


def test_a_result_of_another_rubric_is_an_answer_problem(sakip: zona.Result) -> None:
    zi = zona.load_builtin("permenpan-90-2021")
    spbe = _example("spbe-59-2020")
    with pytest.raises(zona.ZonaAnswerError) as caught:
        zi.score({}, facts={"sakip": spbe, "spip_maturity": sakip})
    assert _problems(caught) == [
        "facts.sakip: the result of 'spbe-59-2020' has no grade whose levels are D, C, CC, B, "
        "BB, A, AA (its grades: predikat: Kurang, Cukup, Baik, SangatBaik, Memuaskan)",
        "facts.spip_maturity: the result of 'sakip-88-2021' has no grade with numbered levels "
        "within 0..5 (its grades: predikat: D, C, CC, B, BB, A, AA)"]
    with pytest.raises(zona.ZonaAnswerError) as caught:
        zi.score({}, facts={"sakip": spbe.grades["predikat"]})
    assert _problems(caught) == [
        "facts.sakip: fact 'sakip' comes from grade 'predikat', whose levels are Kurang, Cukup, "
        "Baik, SangatBaik, Memuaskan; the fact lists D, C, CC, B, BB, A, AA (list the same "
        "levels, lowest first)"]


CHAINED = """ruleset "zi" { }
scale yt { Y = 1, T = 0 }
fact sakip levels { D, C, CC, B, BB, A, AA } { from "sakip-88-2021" grade predikat }
fact nilai number 0..100 { from "sakip-88-2021" score total }
fact bagian number 0..1 { from "sakip-88-2021" share ev_manfaat }
fact soal number { from "sakip-88-2021" score ev_manfaat_2 }
group g { weight 1  question q { weight 1  scale yt } }
predicate baik { require fact sakip >= B }
"""


def test_a_fact_that_says_where_it_comes_from(sakip: zona.Result, spip: zona.Result) -> None:
    zi = zona.loads(CHAINED)  # sakip-88-2021 is not found from a string: checked here
    result = zi.score({"q": "Y"}, facts={"sakip": sakip, "nilai": sakip, "bagian": sakip,
                                         "soal": sakip})
    # ev_manfaat_2 is unanswered: its score leaves the fact unknown
    assert result.facts == {"sakip": "B", "nilai": Fraction(1083, 16),
                            "bagian": Fraction(5, 8)}
    with pytest.raises(zona.ZonaAnswerError) as caught:
        zi.score({"q": "Y"}, facts={"sakip": spip, "nilai": sakip.grades["predikat"]})
    assert _problems(caught) == [
        "facts.sakip: this is a result of 'spip-maturity', but the fact comes from "
        "'sakip-88-2021'",
        "facts.nilai: this is grade 'predikat', but the fact comes from the score of 'total' "
        "of 'sakip-88-2021'"]


def test_an_undecided_grade_leaves_the_fact_unknown() -> None:
    source = zona.loads("""ruleset "src" { }
scale yt { Y = 1, T = 0 }
fact ok yesno
group g { weight 1  question q { weight 1  scale yt } }
grade mutu { level rendah  level tinggi when fact ok == yes and q >= 1 }
""")
    undecided = source.score({"q": "Y"})
    assert undecided.grades["mutu"].level is None
    zi = zona.loads("""ruleset "zi" { }
scale yt { Y = 1, T = 0 }
fact mutu levels { rendah, tinggi }
group g { weight 1  question q { weight 1  scale yt } }
predicate P { require fact mutu >= tinggi }
""")
    result = zi.score({"q": "Y"}, facts={"mutu": undecided})
    assert "mutu" not in result.facts and result.predicates["P"].passed is None
    assert zi.score({"q": "Y"}, facts={"mutu": source.score(
        {"q": "Y"}, facts={"ok": "yes"})}).predicates["P"].passed is True
    with pytest.raises(ValueError, match="does not decide it"):
        read_fact(zi.facts_by_name["mutu"], undecided)  # the batch paths' reader


def test_several_grades_that_fit_need_a_choice() -> None:
    source = zona.loads("""ruleset "dua" { }
scale yt { Y = 1, T = 0 }
group g { weight 1  question q { weight 1  scale yt } }
grade a by g { level lo .. < 1  level hi 1 .. }
grade b by g { level lo .. < 0.5  level hi 0.5 .. }
""")
    zi = zona.loads('ruleset "zi" { }\nfact f levels { lo, hi }\n'
                    'scale yt { Y = 1 }\ngroup g { weight 1  question q { weight 1  scale yt } }\n')
    result = source.score({"q": "Y"})
    with pytest.raises(zona.ZonaAnswerError, match="several grades whose levels are lo, hi"):
        zi.score({}, facts={"f": result})
    assert zi.score({}, facts={"f": result.grades["b"]}).facts == {"f": "hi"}
    assert read_fact(zi.facts_by_name["f"], result.grades["a"]) == "hi"


def test_a_chained_fact_may_set_weights(sakip: zona.Result) -> None:
    """A chained levels fact is read before the weights that depend on it are fixed."""
    zi = zona.loads("""ruleset "zi" { maximum 10 }
scale yt { Y = 1, T = 0 }
fact sakip levels { D, C, CC, B, BB, A, AA }
group a { weight = if fact sakip >= B then 6 else 4  question qa { scale yt } }
group b { weight = if fact sakip >= B then 4 else 6  question qb { scale yt } }
""")
    result = zi.score({"qa": "Y", "qb": "T"}, facts={"sakip": sakip})
    assert result.total.score == 6
    with pytest.raises(zona.ZonaAnswerError) as caught:
        zi.score({"qa": "Y"}, facts={"sakip": _example("spip-maturity")})
    assert [p.location for p in caught.value.problems] == ["facts.sakip", "facts.sakip"]
