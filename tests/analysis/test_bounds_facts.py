"""Bounds with facts in formulas and weights, views in formulas, grades in conditions, and
each grade's reachable levels: by hand, and against every completion of generated rulesets
(answers and the facts nobody gave)."""

from __future__ import annotations

import itertools
import json
from fractions import Fraction
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import zona
from tests.conftest import ROOT
from tests.strategies import Generated, answer_sheets, valid_rulesets
from zona.analysis.bounds import bounds
from zona.analysis.bounds_result import Bounds
from zona.errors import ZonaError

VALID = ROOT / "tests" / "data" / "valid"
SETTINGS = settings(max_examples=120, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much,
                                           HealthCheck.data_too_large])


def _sheet(name: str) -> dict[str, Any]:
    found: dict[str, Any] = json.loads((VALID / f"{name}.answers.json").read_text("utf-8"))
    return found


# --- by hand ---------------------------------------------------------------------------


def test_fact_weights_not_given_take_every_value() -> None:
    ruleset = zona.load(VALID / "fact_expressions.zona")
    # t2 unknown, instansi not given: pemda weighs tata_kelola 12 (t1 6, t2 6) and
    # layanan 8; kementerian 8 (4, 4) and 12. t1 = l1 = Y.
    #   pemda: tata_kelola 6 + [0, 6], total 14 .. 20; kementerian: 4 + [0, 4], 16 .. 20
    found = bounds(ruleset, {"t1": "Y", "l1": "Y"}, {"faktor": "1.5", "kkn_case": "no"})
    assert found.unknown == ("t2",) and found.unknown_facts == ("instansi",)
    assert (found.total.low, found.total.high, found.total.tight) == (14, 20, True)
    tata = found["tata_kelola"]
    assert (tata.low, tata.high, tata.maximum) == (4, 12, 12)
    assert (tata.share_low, tata.share_high) == (Fraction(1, 2), 1)
    assert found["inti"].low == 14  # the view: tata_kelola + layanan
    assert (found.predicates["TELITI"], found.exact["TELITI"]) == ("undecided", True)
    assert {found.lowest.facts["instansi"], found.highest.facts["instansi"]} <= {
        "pemda", "kementerian"}
    assert found.lowest.total.score == 14 and found.highest.total.score == 20
    given = bounds(ruleset, {"t1": "Y", "l1": "Y"}, {"instansi": "kementerian", "faktor": 1,
                                                       "kkn_case": "no"})
    assert (given.total.low, given.total.high, given.unknown_facts) == (16, 20, ())
    assert given["tata_kelola"].maximum == 8


def test_all_constructs_facts_views_grades() -> None:
    ruleset = zona.load(VALID / "all_constructs.zona")
    sheet = _sheet("all_constructs")
    answers = {k: v for k, v in sheet["answers"].items() if k != "d1"}
    # d1 unknown (0..5), d2 = 3, p1 = Y, p2 = TR (na full): with pemda (layanan 40):
    # digital = 40 x (d1/5 + 3/5) / 2 in [12, 32]; layanan = (3 digital + 40) / 4 in [19, 34];
    # tata_kelola = t1 30 + t2 TR (na zero) 0 = 30; total in [49, 64]
    found = bounds(ruleset, answers, sheet["facts"])
    assert (found.total.low, found.total.high, found.total.tight) == (49, 64, True)
    # skor = total x 1.105 in [54.145, 70.72]; round(.., 2) in [54.15, 70.72]: C .. B
    assert found.grades["mutu"].to_dict() == {"low": "C", "high": "B", "decided": False,
                                              "exact": True, "levels": ["C", "B"]}
    # BAIK needs total >= 70: never; status is then belum in every completion
    assert found.predicates["BAIK"] == "failed"
    assert found.grades["status"].decided and found.grades["status"].low == "belum"
    # instansi and faktor not given: kementerian (layanan 60, tata_kelola 40) gives
    # total in [48.5, 71]; faktor in 0..2 makes skor 0 .. 100 (min(100, 71 x 2))
    loose = bounds(ruleset, answers, {"sakip": "BB", "spip_level": 2})
    assert loose.unknown_facts == ("instansi", "faktor")
    assert (loose.total.low, loose.total.high) == (Fraction(97, 2), 71)
    assert (loose.grades["mutu"].low, loose.grades["mutu"].high) == ("C", "A")
    assert loose.lowest.facts["faktor"] in (0, 2) and loose.highest.facts["faktor"] in (0, 2)
    assert loose.to_dict()["unknown_facts"] == ["instansi", "faktor"]


def test_grades_by_bands_by_hand() -> None:
    ruleset = zona.load(VALID / "grades_bands.zona")
    answers = {k: v for k, v in _sheet("grades_bands")["answers"].items() if k != "m2"}
    # m2 unknown: manfaat = 40 x (0.75 + m2 + 0.75) / 3 in [20, 100/3]; kualitas 45;
    # total in [65, 235/3 = 78.33]: predikat (round(total, 2)) B .. BB
    found = bounds(ruleset, answers)
    assert (found.total.low, found.total.high) == (65, Fraction(235, 3))
    grades = found.grades
    assert (grades["predikat"].low, grades["predikat"].high, grades["predikat"].exact) == (
        "B", "BB", True)
    # mutu: kualitas 45 reaches A's band; A needs share(manfaat) >= 60%: 1/2 .. 5/6
    assert grades["mutu"].levels == ("B", "A") and grades["mutu"].exact
    assert grades["ringkas"].decided and grades["ringkas"].text() == "decided: tinggi"
    assert found.predicates["BaikKeatas"] == "passed"
    assert (found.predicates["SangatBaik"], found.exact["SangatBaik"]) == ("undecided", True)
    assert found.predicates["MutuA"] == "undecided"  # `==` is judged on the intervals
    assert found.to_dict()["grades"]["predikat"] == {
        "low": "B", "high": "BB", "decided": False, "exact": True, "levels": ["B", "BB"]}
    assert "grade predikat: B .. BB" in found.text()


def test_grades_by_rules_by_hand() -> None:
    ruleset = zona.load(VALID / "grades_rules.zona")
    answers = {k: v for k, v in _sheet("grades_rules")["answers"].items() if k != "s3"}
    # s3 unknown: risiko = 20 x (s3 + 0.75) / 2, share 3/8 .. 7/8; total 71.25 .. 81.25
    found = bounds(ruleset, answers)
    assert (found.total.low, found.total.high) == (Fraction(285, 4), Fraction(325, 4))
    grades = found.grades
    # s3 = Belum: risiko 3/8 < 50%: maturitas 1; s3 >= Terdefinisi: every share >= 75%: 3
    assert (grades["maturitas"].low, grades["maturitas"].high) == ("1", "3")
    assert (found.predicates["WBK"], found.exact["WBK"]) == ("undecided", True)
    # prior unknown: WBBM may hold (undecided) at best; penuh needs total >= 90: never
    assert grades["zi"].levels == ("none", "WBK", "WBBM")
    assert grades["status"].levels == ("belum", "calon")
    assert found.predicates["Matang"] == "undecided"
    decided = bounds(ruleset, {**answers, "s3": "Optimum"}, {"prior": "WBK"})
    assert {n: g.low for n, g in decided.grades.items() if g.decided} == {
        "maturitas": "3", "zi": "WBBM", "status": "calon"}
    assert decided.predicates["ZiWBBM"] == "passed"


def test_views_in_formulas() -> None:
    ruleset = zona.loads('''ruleset "views" { }
        scale abc { A = 1, B = 0.5, C = 0 }
        question a { weight 4  scale abc }
        question b { weight 4  scale abc }
        view ab = a + b
        item half { weight 4  score = ab / 2 }
        grade g by total { level low .. < 6  level high 6 .. }
        predicate HIGH { require grade g >= high }
        ''')
    found = bounds(ruleset, {"a": "A"})
    # a = 4, b in [0, 4]: ab in [4, 8], half in [2, 4], total in [6, 12] (sound, shared b)
    assert (found["half"].low, found["half"].high) == (2, 4)
    assert (found.total.low, found.total.high, found.total.tight) == (6, 12, False)
    assert found.predicates["HIGH"] == "passed" and found.grades["g"].decided
    open_ = bounds(ruleset, {})
    assert (open_.total.low, open_.total.high) == (0, 12)
    assert open_.grades["g"].levels == ("low", "high") and open_.grades["g"].exact


def test_number_fact_in_a_formula_ranges_over_its_range() -> None:
    ruleset = zona.loads('''ruleset "faktor" { }
        fact faktor number 1..3
        scale yt { Y = 1, T = 0 }
        input q { scale yt }
        item adj { weight 6  score = 2 * q * fact faktor }
        predicate P { require adj >= 4 }
        predicate F { require fact faktor >= 2 }
        ''')
    found = bounds(ruleset, {"q": "Y"})
    # q = Y (1), faktor in 1..3: adj = 2 x faktor in [2, 6], reached at faktor 1, 3
    assert (found["adj"].low, found["adj"].high, found["adj"].tight) == (2, 6, True)
    assert found.unknown_facts == ("faktor",)
    assert (found.lowest.facts["faktor"], found.highest.facts["faktor"]) == (1, 3)
    assert found.predicates == {"P": "undecided", "F": "undecided"}
    assert bounds(ruleset, {"q": "Y"}, {"faktor": 2}).predicates == {"P": "passed",
                                                                       "F": "passed"}


# --- properties --------------------------------------------------------------------------

_LEVELS = ("a", "b", "c")


@st.composite
def fact_rulesets(draw: Any) -> str:
    """A ruleset with weights that depend on a levels fact, formulas that read facts and a
    view, a grade by bands (over a value that may read a fact), a grade by rules comparing
    it, and predicates comparing both grades."""
    w1, w2 = draw(st.sampled_from(((6, 4), (5, 5), (3, 7))))
    na = draw(st.booleans())
    item = draw(st.sampled_from((
        "min(5, v / 2 * fact faktor)", "if fact kkn then 0 else v / 2",
        "min(5, k + share(c1) * 3)", "if fact jenis >= b then v / 2 else min(5, k * 2)",
        "min(5, max(0, v - fact faktor))", "round(v / 2, 0)")))
    value = draw(st.sampled_from((
        "total", "round(total, 0)", "total * fact faktor / 2", "v + fact faktor",
        "if fact kkn then total / 2 else total", "share(total) * 20 + k")))
    t1, t2 = sorted(draw(st.lists(st.integers(1, 11), min_size=2, max_size=2, unique=True)))
    cap = draw(st.sampled_from(("", "when fact jenis >= b", "when c2 >= 2",
                                "when share(c1) >= 50% or fact kkn == yes")))
    rule = draw(st.sampled_from(("grade g >= mid", "grade g >= top and c1 >= 3",
                                 "grade g > low or fact jenis == c")))
    other = draw(st.sampled_from(("grade g >= mid", "grade g < top", "grade r == best",
                                  "not grade g >= top", "grade r >= fine and total >= 6")))
    return f'''ruleset "gen" {{ }}
fact jenis levels {{ {", ".join(_LEVELS)} }}
fact kkn yesno
fact faktor number 0..2
scale yt {{ Y = 1, S = 0.5, T = 0{", TR = na" if na else ""} }}
scale lv range 1..4 {{ 1, 2, 3, 4 }}
input k {{ decimal 0..2 }}
component c1 {{
    weight = if fact jenis == a then {w1} else {w2}
    question q1 {{ scale yt }}
    question q2 {{ scale yt }}
}}
component c2 {{
    weight = if fact jenis == a then {w2} else {w1}
    question q3 {{ scale lv }}
}}
view v = c1 + c2
component c3 {{ weight 5  item x {{ weight 5  score = {item} }} }}
grade g by {value} {{
    level low .. < {t1}
    level mid {t1} .. < {t2}
    level top {t2} .. {cap}
}}
grade r {{
    level none
    level fine when {rule}
    level best when grade g >= top and x >= 2
}}
predicate P {{ require grade g >= mid }}
predicate Q {{ require {other} }}
'''


def _domains(ruleset: zona.Ruleset, found: Bounds, facts: dict[str, object],
             ) -> list[list[tuple[str, str, object]]]:
    """Each unknown answer's and fact's values: options, decimals' and number facts'
    ends and middles, every level."""
    domains = []
    for name in found.unknown:
        spec = ruleset.inputs_by_name[name]
        if spec.scale is not None:
            domains.append([("a", name, o.name) for o in spec.scale.valued])
        elif spec.kind == "count":
            domains.append([("a", name, n) for n in (0, 1, 2, 5)])
        else:
            assert spec.low is not None and spec.high is not None
            domains.append([("a", name, spec.low + (spec.high - spec.low) * Fraction(i, 4))
                            for i in range(5)])
    for name in found.unknown_facts:
        fact = ruleset.facts_by_name[name]
        assert name not in facts
        if fact.kind == "levels":
            domains.append([("f", name, level) for level in fact.levels])
        elif fact.kind == "yesno":
            domains.append([("f", name, value) for value in (False, True)])
        else:
            low, high = fact.low or Fraction(0), fact.high or Fraction(3)
            domains.append([("f", name, low + (high - low) * Fraction(i, 4)) for i in range(5)])
    return domains


def _position(grade: zona.model.Grade, name: str | None) -> int:
    return grade.position(name or grade.levels[0].name)


def _check(ruleset: zona.Ruleset, known: dict[str, object], facts: dict[str, object]) -> None:
    """Every completion lies in the bounds; where the completions are every completion
    (no decimal, count or number fact unknown), tight ends, exact grade ends and exact
    undecided verdicts are reached."""
    found = bounds(ruleset, known, facts)
    domains = _domains(ruleset, found, facts)
    size = 1
    for domain in domains:
        size *= len(domain)
    assume(size <= 400)
    finite = not any((kind == "f" and ruleset.facts_by_name[name].kind == "number")
                     or (kind == "a" and ruleset.inputs_by_name[name].kind != "choice")
                     for domain in domains for kind, name, _ in domain[:1])
    scores: dict[str, list[Fraction]] = {}
    lows: dict[str, list[int]] = {g.name: [] for g in ruleset.grades}
    highs: dict[str, list[int]] = {g.name: [] for g in ruleset.grades}
    outcomes: dict[str, set[bool | None]] = {p.name: set() for p in ruleset.predicates}
    for picks in itertools.product(*domains):
        answers = {**known, **{n: v for kind, n, v in picks if kind == "a"}}
        given = {**facts, **{n: v for kind, n, v in picks if kind == "f"}}
        try:
            scored = ruleset.score(answers, given)
        except zona.ZonaError:
            continue  # answers scoring refuses are no completion
        for node in scored.total.walk():
            assert node.score in found[node.name], node.name
            scores.setdefault(node.name, []).append(node.score)
        for name, view in scored.views.items():
            assert view.score in found[name], name
        for name, result in scored.grades.items():
            reach = found.grades[name]
            if reach.low is None:
                assert not result.answered, name
                continue
            grade = result.grade
            possible = max(i for i, v in enumerate(result.levels.values()) if v.holds is not False)
            assert _position(grade, reach.low) <= _position(grade, result.at_least), name
            assert possible <= _position(grade, reach.high), name
            lows[name].append(_position(grade, result.at_least))
            highs[name].append(possible)
        for name, predicate in scored.predicates.items():
            outcomes[name].add(predicate.passed)
    assume(any(outcomes.values()) or not ruleset.predicates)
    for name, verdict in found.predicates.items():
        if verdict == "passed":
            assert outcomes[name] <= {True}, name
        elif verdict == "failed":
            assert outcomes[name] <= {False}, name
        elif finite and found.exact[name] and all(
                f.name in facts or f.name in found.unknown_facts for f in ruleset.facts):
            assert outcomes[name] == {True, False}, name
    if not finite:
        return
    for name, values in scores.items():
        if found[name].tight and values:
            assert (min(values), max(values)) == (found[name].low, found[name].high), name
    for grade in ruleset.grades:
        reach = found.grades[grade.name]
        if reach.exact and reach.low is not None and lows[grade.name]:
            assert min(lows[grade.name]) == _position(grade, reach.low), grade.name
            assert max(highs[grade.name]) == _position(grade, reach.high), grade.name


@SETTINGS
@given(fact_rulesets(), st.data())
def test_bounds_with_facts_views_and_grades(text: str, data: st.DataObject) -> None:
    ruleset = zona.loads(text)
    options = {"q1": ["Y", "S", "T", *(["TR"] if "TR" in text else [])], "q2": ["Y", "S", "T"],
               "q3": [1, 2, 3, 4], "k": ["0", "0.5", "2"]}
    known = {name: data.draw(st.sampled_from(values)) for name, values in options.items()
             if data.draw(st.booleans())}
    every = {"jenis": st.sampled_from(_LEVELS), "kkn": st.booleans(),
             "faktor": st.sampled_from(("0", "1", "1.5", "2"))}
    facts = {name: data.draw(values) for name, values in every.items()
             if data.draw(st.booleans())}
    try:
        _check(ruleset, known, facts)
    except ZonaError as error:  # the only refusal: a score outside its node's 0..maximum
        assert "score" in str(error), error
        assume(False)


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much,
                                 HealthCheck.data_too_large])
@given(valid_rulesets(grades=True), st.data())
def test_bounds_on_generated_rulesets_with_grades(generated: Generated,
                                                  data: st.DataObject) -> None:
    ruleset = zona.loads(generated.text)
    answers, facts = data.draw(answer_sheets(generated))
    known = {k: v for k, v in answers.items() if data.draw(st.integers(0, 2))}
    _check(ruleset, known, facts)


def test_too_many_combinations_are_refused() -> None:
    levels = ", ".join(f"l{i}" for i in range(9))
    ruleset = zona.loads(f'''ruleset "many" {{ }}
        fact f1 levels {{ {levels} }}
        fact f2 levels {{ {levels} }}
        item x {{ score = if fact f1 >= l3 and fact f2 >= l3 then 1 else 0 }}
        ''')
    with pytest.raises(ZonaError, match="81 combinations of the facts nobody gave"):
        bounds(ruleset, {})
    assert bounds(ruleset, {}, {"f1": "l5"}).total.high == 1
