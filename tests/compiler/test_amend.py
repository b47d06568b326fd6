"""Amended thresholds without a ruleset file (zona.compiler.amend): exact, checked, and
scored by the exact path like any ruleset."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pytest

import zona
from zona.compiler.amend import amend, amendments_text

ROOT = Path(__file__).parents[2]
SMALL = zona.loads('''ruleset "small" { }
scale yt { Ya = 1, Tidak = 0 }
fact tingkat "Tingkat" levels { rendah, sedang, tinggi }
fact kasus "Kasus" yesno
fact skor "Skor" number 0..10
component c "C" { weight 100
    question q1 { scale yt }
    question q2 { scale yt }
    question q3 { scale yt }
}
predicate P "P" {
    require total >= 50
    require share(c) >= 40%
    require (fact tingkat >= sedang and fact skor >= 5) or fact kasus == no
}
''')
TWO_OF_THREE = {"q1": "Ya", "q2": "Ya", "q3": "Tidak"}  # total 200/3
LKE = zona.load_builtin("permenpan-90-2021")


def texts(ruleset: zona.Ruleset, predicate: str) -> list[str]:
    return [c.text for c in ruleset.predicates_by_name[predicate].conditions]


def test_a_threshold_moves_exactly() -> None:
    on = amend(SMALL, {"P.total": Fraction(200, 3)})
    above = amend(SMALL, {"P.total": "66.67"})
    facts = {"kasus": "no"}
    assert on.score(TWO_OF_THREE, facts).predicates["P"].passed is True  # exactly on it
    assert above.score(TWO_OF_THREE, facts).predicates["P"].passed is False
    assert SMALL.score(TWO_OF_THREE, facts).predicates["P"].passed is True
    assert texts(above, "P")[0] == "total >= 66.67"
    assert texts(on, "P")[0] == "total >= 200/3"
    assert texts(SMALL, "P")[0] == "total >= 50"  # the original is left as it is


@pytest.mark.parametrize(("key", "value", "text"), [
    ("P.share(c)", "70%", "share(c) >= 70%"),
    ("P.c", "70%", "share(c) >= 70%"),
    ("P.c", 0.7, "share(c) >= 70%"),
    ("P.c", Decimal("0.7"), "share(c) >= 70%"),
])
def test_a_share_is_amended_by_its_key_or_its_subject(key: str, value: object,
                                                      text: str) -> None:
    amended = amend(SMALL, {key: value})
    assert texts(amended, "P")[1] == text
    assert amended.score(TWO_OF_THREE, {"kasus": "no"}).predicates["P"].passed is False


def test_facts_inside_any_of_are_amended() -> None:
    amended = amend(SMALL, {"P.tingkat": "tinggi", "P.fact:skor": "7.5", "P.kasus": "yes"})
    assert texts(amended, "P")[2] == ("fact tingkat >= tinggi and fact skor >= 7.5 or fact "
                                      "kasus == yes")
    facts = {"tingkat": "sedang", "skor": "8", "kasus": "no"}
    assert SMALL.score(TWO_OF_THREE, facts).predicates["P"].passed is True
    assert amended.score(TWO_OF_THREE, facts).predicates["P"].passed is False
    assert amended.score(TWO_OF_THREE, {**facts, "tingkat": "tinggi"}).predicates["P"].passed


def test_the_amended_ruleset_says_so() -> None:
    amended = amend(LKE, {"WBK.total": "80", "WBK.areas": "65%", "WBBM.prior_predicate": "none"})
    assert amended.fingerprint.startswith("sha256:") and amended.fingerprint != LKE.fingerprint
    assert amended.texts.notes[-3:] == (
        "amended: WBK requires total >= 80 (was total >= 75)",
        "amended: WBK requires every child of areas: share >= 65% (was every child of areas: "
        "share >= 60%)",
        "amended: WBBM requires fact prior_predicate >= none (was fact prior_predicate >= WBK)")
    assert texts(amended, "WBK")[:3] == ["total >= 80", "pengungkit >= 40",
                                          "every child of areas: share >= 65%"]
    assert amend(LKE, {}) is LKE
    assert amendments_text({"WBK.total": "80", "WBBM.total": 90}) == \
        "WBK.total=80, WBBM.total=90"


@pytest.mark.parametrize(("amendments", "message"), [
    ({"WBK": "80"}, "amendment 'WBK': write PREDICATE.SUBJECT (WBK.total) or GRADE.LEVEL"),
    ({"WBX.total": "80"}, "amendment 'WBX.total': permenpan-90-2021 has no predicate or "
                          "grade 'WBX'"),
    ({"WBK.hasil": "30"}, "predicate WBK compares no 'hasil'; it compares total, pengungkit, "
                          "every:areas, bersih, ipak, q126, ipkp"),
    ({"ELIGIBLE_WBK.indeks_rb": "A"}, "predicate ELIGIBLE_WBK compares 'indeks_rb' more than "
                                      "once (fact indeks_rb >= B; fact indeks_rb >= CC)"),
    ({"WBK.total": "100.5"}, "the threshold 100.5 is outside 0..100, the range of 'total'"),
    ({"WBK.ipak": "-1"}, "the threshold -1 is outside 0..17.5, the range of 'ipak'"),
    ({"WBK.areas": "120%"}, "the threshold 120% is outside 0..100%, the range of 'areas'"),
    ({"WBK.total": "80%"}, "a percentage compares a share: 80% is not a score"),
    ({"WBK.total": "delapan puluh"}, "'delapan puluh' is not a number"),
    ({"WBBM.prior_predicate": "WBX"}, "'WBX' is not a level of 'prior_predicate' "
                                      "(none, WBK, WBBM)"),
    ({"ELIGIBLE_WBK.kkn_case": "mungkin"}, "fact 'kkn_case' is yes or no, not 'mungkin'"),
    ({"ELIGIBLE_WBK.spip_maturity": "6"}, "the threshold 6 is outside 0..5, the values of "
                                          "fact 'spip_maturity'"),
])
def test_what_cannot_be_amended_is_refused(amendments: dict[str, object], message: str) -> None:
    with pytest.raises(zona.ZonaError) as error:
        amend(LKE, amendments)
    assert str(error.value).startswith(message)


def test_a_grade_level_starts_elsewhere_and_the_band_below_follows() -> None:
    sakip = zona.load(ROOT / "examples" / "sakip-88-2021.zona")
    amended = amend(sakip, {"predikat.A": "75"})
    bands = {v.name: v.band.text for v in amended.grades_by_name["predikat"].levels
             if v.band is not None}
    assert (bands["BB"], bands["A"], bands["AA"]) == ("> 70 .. 75", "> 75 .. 90", "> 90 .. 100")
    assert amended.texts.notes[-1] == "amended: level A of grade predikat starts at 75 (was 80)"
    for level, value in (("A", "70"), ("A", "90"), ("BB", "85")):
        with pytest.raises(zona.ZonaError, match=f"level {level} of grade predikat would no "
                                                 "longer lie between"):
            amend(sakip, {f"predikat.{level}": value})
    with pytest.raises(zona.ZonaError, match="'AAA' is not a level of 'predikat'"):
        amend(sakip, {"predikat.AAA": "95"})


def test_rulesets_whose_weights_depend_on_facts_are_amended_in_every_variant() -> None:
    ruleset = zona.load(ROOT / "tests" / "data" / "valid" / "fact_expressions.zona")
    amended = amend(ruleset, {"TELITI.total": "0%"})
    answers = {"t1": "Y", "t2": "T", "l1": "Y"}
    for instansi in ("pemda", "kementerian"):
        variant = amended.specialise({"instansi": instansi})
        assert texts(variant, "TELITI") == ["every question under total: share >= 0%"]
        facts = {"instansi": instansi, "faktor": "1", "kkn_case": "no"}
        assert ruleset.score(answers, facts).predicates["TELITI"].passed is False
        assert amended.score(answers, facts).predicates["TELITI"].passed is True
