"""The three example rulesets of other rubrics (examples/sakip-88-2021, spbe-59-2020,
spip-maturity) score their example answer sheets to the numbers computed by hand in
docs/examples/*.md: exact totals, every node's score, the grade's level, value and band,
and each example says what it is (a regulation cited, `assumed` marks, not a claim of
fidelity)."""

from __future__ import annotations

import json
from fractions import Fraction

import pytest

import zona
from tests.conftest import ROOT

EXAMPLES = ROOT / "examples"
NAMES = ("sakip-88-2021", "spbe-59-2020", "spip-maturity")

#: hand-computed (docs/examples/NAME.md): the exact total, node scores, and the grade
EXPECTED: dict[str, dict[str, object]] = {
    "sakip-88-2021": {
        "total": Fraction(1083, 16),  # 67.6875
        "nodes": {
            "pr_ada": "6", "pr_kual": "7.5", "pr_manfaat": "10", "perencanaan": "23.5",
            "pu_ada": "4", "pu_kual": "6", "pu_manfaat": "8.75", "pengukuran": "18.75",
            "pl_ada": "3", "pl_kual": "3.375", "pl_manfaat": "5", "pelaporan": "11.375",
            "ev_ada": "2.5", "ev_kual": "3.75", "ev_manfaat": "7.8125", "evaluasi": "14.0625",
        },
        "values": {"nilai": "67.69"},
        "grade": ("predikat", "B", "Baik", Fraction(6769, 100), "> 60 .. 70"),
    },
    "spbe-59-2020": {
        "total": Fraction(5543, 2000),  # 2.7715
        "nodes": {
            "a1": "2.8", "a2": "2.5", "a3": "3.25", "a4": "2.5", "a5": "2.125", "a6": "4/3",
            "a7": "3.1", "a8": "3", "kebijakan": "2.8", "tata_kelola": "2.8",
            "manajemen": "21/11", "layanan": "557/182", "indeks": "2.7715",
        },
        "values": {"indeks_bulat": "2.77"},
        "grade": ("predikat", "Baik", "Baik", Fraction(277, 100), "2.6 .. < 3.5"),
    },
    "spip-maturity": {
        "total": Fraction(1341, 440),  # 3.0477...
        "nodes": {
            "lingkungan": "3.25", "risiko": "2.5", "kegiatan": "34/11", "infokom": "3.5",
            "pemantauan": "3", "spip": "1341/440",
        },
        "values": {},
        "grade": ("maturitas", "2", "Berkembang", None, None),
    },
}


def _scored(name: str) -> zona.Result:
    sheet = json.loads((EXAMPLES / f"{name}.answers.json").read_text(encoding="utf-8"))
    assert sheet["ruleset"] == name  # the sheet names its ruleset (`zona score SHEET`)
    return zona.load(EXAMPLES / f"{name}.zona").score(sheet["answers"], sheet.get("facts"))


@pytest.mark.parametrize("name", NAMES)
def test_example_scores_as_computed_by_hand(name: str) -> None:
    expected = EXPECTED[name]
    result = _scored(name)
    document = result.to_dict()
    assert result.total.score == expected["total"]
    nodes = expected["nodes"]
    assert isinstance(nodes, dict)
    for node, score in nodes.items():
        assert document["nodes"][node]["score_exact"] == score, node
    values = expected["values"]
    assert isinstance(values, dict)
    for value, exact in values.items():
        assert result.values[value] == Fraction(exact), value
    grade, level, label, value, band = expected["grade"]  # type: ignore[misc]
    found = result.grades[grade]
    assert (found.level, found.label, found.value, found.band) == (level, label, value, band)


def test_sakip_not_applicable_and_unanswered_differ() -> None:
    """ev_ada_3 = TR is left out of its mean (not applicable); ev_manfaat_2 is unanswered
    and left out under `missing exclude`; answered T instead, ev_ada is 5 x 1/3."""
    result = _scored("sakip-88-2021")
    assert result.not_applicable == ("ev_ada_3",)
    assert not result.nodes["ev_ada_3"].applicable
    assert not result.nodes["ev_manfaat_2"].answered
    sheet = json.loads((EXAMPLES / "sakip-88-2021.answers.json").read_text(encoding="utf-8"))
    answers = {**sheet["answers"], "ev_ada_3": "T"}
    again = zona.load(EXAMPLES / "sakip-88-2021.zona").score(answers)
    assert again.nodes["ev_ada"].score == Fraction(5, 3)


def test_sakip_boundaries_round_before_banding() -> None:
    """nilai = round(total, 2) half up: exactly 70 is B (`> 70` fails), 70.005 is BB."""
    ruleset = zona.load(EXAMPLES / "sakip-88-2021.zona")
    grade = ruleset.grades_by_name["predikat"]
    bands = {level.name: level.band for level in grade.levels}
    assert bands["B"] is not None and bands["B"].contains(Fraction(70))
    assert bands["BB"] is not None and not bands["BB"].reaches(Fraction(70))
    assert bands["BB"].reaches(Fraction(7001, 100))


def test_spbe_not_applicable_is_neither_level_one_nor_unanswered() -> None:
    """i47 = TR drops out of aspect 8; answered 1 instead, the index is 5423/2000."""
    sheet = json.loads((EXAMPLES / "spbe-59-2020.answers.json").read_text(encoding="utf-8"))
    ruleset = zona.load(EXAMPLES / "spbe-59-2020.zona")
    again = ruleset.score({**sheet["answers"], "i47": 1})
    assert again.nodes["a8"].score == Fraction(8, 3)
    assert again.total.score == Fraction(5423, 2000)


def test_spip_level_is_held_down_by_its_weakest_element() -> None:
    """The weighted score is above 3, but risiko (2.5) keeps the level at 2; raising s10 to
    3 makes the level 3; `missing error` refuses a partial assessment."""
    result = _scored("spip-maturity")
    assert result.total.score > 3
    failing = result.grades["maturitas"].levels["3"].failing()
    assert [(c.subject, c.actual) for c in failing] == [("risiko", Fraction(5, 2))]
    sheet = json.loads((EXAMPLES / "spip-maturity.answers.json").read_text(encoding="utf-8"))
    ruleset = zona.load(EXAMPLES / "spip-maturity.zona")
    raised = ruleset.score({**sheet["answers"], "s10": 3})
    assert raised.total.score == Fraction(1385, 440)
    assert raised.grades["maturitas"].level == "3"
    partial = {k: v for k, v in sheet["answers"].items() if k != "s7"}
    with pytest.raises(zona.ZonaAnswerError, match="s7"):
        ruleset.score(partial)


@pytest.mark.parametrize("name", NAMES)
def test_example_says_what_it_is(name: str) -> None:
    """An example of the language, not a claim of fidelity: it cites its regulation, marks
    its assumptions, and has a page in docs/examples/."""
    path = EXAMPLES / f"{name}.zona"
    head = path.read_text(encoding="utf-8").split("ruleset ", 1)[0]
    assert "EXAMPLE OF THE ZONA LANGUAGE, not a claim of fidelity" in head
    ruleset = zona.load(path)
    assert ruleset.regulation and "Nomor" in ruleset.regulation
    assert ruleset.texts.cites
    assert len(ruleset.assumptions()) >= 5
    page = ROOT / "docs" / "examples" / f"{name}.md"
    assert page.is_file() and f"examples/{name}.zona" in page.read_text(encoding="utf-8")


def test_examples_index_lists_every_example() -> None:
    index = (ROOT / "docs" / "examples" / "README.md").read_text(encoding="utf-8")
    for name in NAMES:
        assert f"({name}.md)" in index
    assert "docs/examples/README.md" in (ROOT / "README.md").read_text(encoding="utf-8")


def test_makefile_demo_scores_every_example() -> None:
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    demo = makefile.split("\ndemo:", 1)[1].split("\n\n", 1)[0]
    for name in NAMES:
        assert f"examples/{name}.answers.json" in demo, name
    assert "--fact-from" in demo
