"""Scales on a range, not-applicable answers, weighted means, facts and views in
expressions, weights that depend on facts: answers, answer problems, results and the
tools that refuse what they do not support yet. Expected numbers are computed by hand."""

from __future__ import annotations

import decimal
import json
from fractions import Fraction
from pathlib import Path

import pytest

import zona
from tests.conftest import ROOT
from zona.render.text import result_table

SPBE = ROOT / "examples" / "spbe-59-2020.zona"
SPBE_ANSWERS = ROOT / "examples" / "spbe-59-2020.answers.json"

LEVELS = """ruleset "t" { }
scale tingkat "Tingkat kematangan" range 1..5 { 1, 2, 3, 4, 5 }
question i3 { scale tingkat }
"""


@pytest.mark.parametrize("answer", [3, "3", " 3 ", 3.0, decimal.Decimal("3"), Fraction(3)])
def test_a_number_names_a_numbered_option(answer: object) -> None:
    result = zona.loads(LEVELS).score({"i3": answer})
    assert result.values["i3"] == 3 and result.total.score == 3 and result.total.maximum == 5


@pytest.mark.parametrize(("answer", "message"), [
    (6, "i3: 6 is not on the scale Tingkat kematangan (1, 2, 3, 4, 5)"),
    (2.5, "i3: 2.5 is not on the scale Tingkat kematangan (1, 2, 3, 4, 5)"),
    ("tiga", "i3: 'tiga' is not on the scale Tingkat kematangan (1, 2, 3, 4, 5)"),
])
def test_a_number_off_the_scale_is_an_answer_problem(answer: object, message: str) -> None:
    with pytest.raises(zona.ZonaAnswerError) as caught:
        zona.loads(LEVELS).score({"i3": answer})
    assert [str(p) for p in caught.value.problems] == [message]


def test_the_spbe_example_scores_as_computed_by_hand() -> None:
    """examples/spbe-59-2020.zona (see the draft's expected results): every aspect the
    plain mean of its levels, TR dropped from aspect 8, the index 2.7715 = 5543/2000."""
    sheet = json.loads(SPBE_ANSWERS.read_text(encoding="utf-8"))
    result = zona.load(SPBE).score(sheet["answers"], sheet.get("facts") or {})
    expected = {"a1": Fraction(14, 5), "a2": Fraction(5, 2), "a3": Fraction(13, 4),
                "a4": Fraction(5, 2), "a5": Fraction(17, 8), "a6": Fraction(4, 3),
                "a7": Fraction(31, 10), "a8": Fraction(3), "kebijakan": Fraction(14, 5),
                "tata_kelola": Fraction(14, 5), "manajemen": Fraction(21, 11),
                "layanan": Fraction(557, 182), "indeks": Fraction(5543, 2000)}
    for name, score in expected.items():
        assert result.nodes[name].score == score, name
        assert result.nodes[name].maximum == 5, name
    assert result.total.score == Fraction(5543, 2000)
    assert result.not_applicable == ("i47",) and not result.nodes["i47"].applicable
    assert result.values["i47"] is None
    document = result.to_dict()
    assert document["nodes"]["i47"]["applicable"] is False
    assert "applicable" not in document["nodes"]["i46"]
    assert document["not_applicable"] == ["i47"]
    # Had indicator 47 been answered 1, aspect 8 would be 8/3 and the index 5423/2000.
    one = zona.load(SPBE).score({**sheet["answers"], "i47": 1})
    assert one.nodes["a8"].score == Fraction(8, 3) and one.total.score == Fraction(5423, 2000)


def test_the_text_table_shows_not_applicable() -> None:
    sheet = json.loads(SPBE_ANSWERS.read_text(encoding="utf-8"))
    result = zona.load(SPBE).score(sheet["answers"])
    line = next(x for x in result_table(result, depth=9).splitlines() if x.lstrip()
                .startswith("i47 "))
    assert line.endswith("n/a")
    assert zona.load(SPBE).score(sheet["answers"]).explain("en")  # explains without error


FACTS = """ruleset "t" { maximum 10 }
fact instansi "Jenis instansi" levels { pemda, kementerian }
fact faktor number 0..2
scale yt { Y = 1, T = 0 }
group g {
    weight = if fact instansi == pemda then 6 else 4
    question a { weight = if fact instansi == pemda then 2 else 1  scale yt }
    question b { weight = if fact instansi == pemda then 4 else 3  scale yt }
}
group h {
    weight = if fact instansi == pemda then 4 else 6
    question c { weight = if fact instansi == pemda then 4 else 6  scale yt }
}
derived disesuaikan = min(10, total * fact faktor)
"""


def test_weights_that_depend_on_facts() -> None:
    """One ruleset per value of the facts the weights read; scoring picks the unit's."""
    ruleset = zona.loads(FACTS)
    assert ruleset.weight_facts == ("instansi",) and "fact-weights" in ruleset.features
    assert set(ruleset.variants) == {("pemda",), ("kementerian",)}
    kementerian = ruleset.specialise({"instansi": "Kementerian"})
    assert kementerian.node("g").maximum == 4 and kementerian.node("h").maximum == 6
    assert kementerian.specialise({}) is kementerian
    assert ruleset.node("g").maximum == 6  # the first combination's, without facts
    result = ruleset.score({"a": "Y", "b": "T", "c": "Y"},
                           {"instansi": "kementerian", "faktor": "1.5"})
    assert result.total.score == 7 and result.values["disesuaikan"] == 10  # min(10, 10.5)
    assert result.ruleset is kementerian


def test_facts_that_weights_and_expressions_need_are_answer_problems() -> None:
    with pytest.raises(zona.ZonaAnswerError) as caught:
        zona.loads(FACTS).score({"a": "Y"})
    assert [str(p) for p in caught.value.problems] == [
        "facts.instansi: the weights depend on this fact; give one of pemda, kementerian"]
    with pytest.raises(zona.ZonaAnswerError) as caught:
        zona.loads(FACTS).score({"a": "Y"}, {"instansi": "pemda"})
    assert [str(p) for p in caught.value.problems] == [
        "facts.faktor: needed by 'disesuaikan', but not given"]


def test_expressions_that_read_what_does_not_apply() -> None:
    """Under `na reweight` an expression that reads a not-applicable answer does not apply;
    under `full` the answer reads as its scale's top; under `zero` as 0."""
    text = """ruleset "t" { }
    scale y { Y = 1, T = 0, TR = na }
    group r { input c1 { scale y }  item i1 { score = c1 } }
    group f { na full  input c2 { scale y }  item i2 { score = c2 } }
    group z { na zero  input c3 { scale y }  item i3 { score = c3 } }
    derived d = c1 + 1
    """
    result = zona.loads(text).score({"c1": "TR", "c2": "TR", "c3": "TR"})
    assert not result.nodes["i1"].applicable and not result.nodes["r"].applicable
    assert result.nodes["i2"].applicable and result.nodes["i2"].score == 1
    assert result.nodes["i3"].applicable and result.nodes["i3"].score == 0
    assert result.values["d"] is None and result.not_applicable == ("c1", "c2", "c3")
    assert result.total.score == Fraction(3, 2)  # f 1 + z 0 of 2, re-weighted to 3


def test_tools_handle_a_formula_that_reads_a_view() -> None:
    """Gap makes a heuristic plan for a formula that reads a view; bounds and sensitivity
    bound and re-score it exactly (tests/analysis has their properties)."""
    ruleset = zona.loads(LEVELS + "scale y { Y = 1, T = 0 }\nquestion a { scale y }\n"
                                  "view v = a\nitem b { score = v / 2 }\n"
                                  "predicate P { require b >= 0.5 }\n")
    result = ruleset.score({"i3": 3, "a": "T"})
    plan = result.gap("P")
    assert plan.method == "heuristic" and "reads the score of view 'v'" in (plan.note or "")
    assert plan.feasible and [(c.id, c.new) for c in plan.changes] == [("a", "Y")]
    from zona.analysis.bounds import bounds
    from zona.analysis.sensitivity import sensitivity

    unknown = bounds(ruleset, {})
    assert (unknown.nodes["b"].low, unknown.nodes["b"].high) == (0, Fraction(1, 2))
    assert unknown.predicates["P"] == "undecided"
    given = bounds(ruleset, {"i3": 3, "a": "T"})
    assert (given.nodes["b"].low, given.nodes["b"].high) == (0, 0)
    assert given.predicates["P"] == "failed"
    first = sensitivity(result)[0]
    assert (first.id, first.next, first.gain, first.linear) == ("a", "Y", Fraction(3, 2), False)


def test_an_amendment_changes_na_and_weights_that_depend_on_facts(tmp_path: Path) -> None:
    (tmp_path / "base.zona").write_text(
        'ruleset "base" { }\nfact instansi levels { pemda, kementerian }\n'
        'scale y { Y = 1, T = 0, TR = na }\n'
        'group g { weight 2\n  question a { weight 1  scale y }\n'
        '  question b { weight 1  scale y } }\n',
        encoding="utf-8")
    (tmp_path / "child.zona").write_text(
        'ruleset "child" extends "base" { na zero }\n'
        'amend g { na full  weight = if fact instansi == pemda then 2 else 4 }\n'
        'amend a { weight = if fact instansi == pemda then 1 else 3 }\n'
        'amend b { weight = if fact instansi == pemda then 1 else 1 }\n', encoding="utf-8")
    ruleset = zona.load(tmp_path / "child.zona")
    assert ruleset.na == "zero" and ruleset.node("g").na == "full"
    result = ruleset.score({"a": "T", "b": "TR"}, {"instansi": "kementerian"})
    assert result.total.maximum == 4 and result.total.score == 1  # b counts its maximum
