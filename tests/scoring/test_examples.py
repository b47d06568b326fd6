"""The example rulesets (examples/*.zona) and the built-in rulesets (rulesets/*.zona) carry
their hand-computed cases in NAME.tests.toml (docs/examples/*.md, docs/language.md's worked
example, the regulations' thresholds); `zona test rulesets examples` runs them all. Each
example of another rubric says what it is (a regulation cited, `assumed` marks, not a
claim of fidelity)."""

from __future__ import annotations

import json
from fractions import Fraction
from pathlib import Path

import pytest

import zona
from tests.conftest import ROOT
from zona.cli.main import main
from zona.testing import find_files, path_of_tests, run_file

EXAMPLES = ROOT / "examples"
NAMES = ("sakip-88-2021", "spbe-59-2020", "spip-maturity")
RULESETS = sorted([*(ROOT / "rulesets").glob("*.zona"), *EXAMPLES.glob("*.zona")])


def test_zona_test_passes_on_every_builtin_and_example(
        capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["test", str(ROOT / "rulesets"), str(EXAMPLES)]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[-1] == "30 cases in 7 files: 30 passed, 0 failed"


@pytest.mark.parametrize("path", RULESETS, ids=lambda p: p.stem)
def test_every_ruleset_has_cases_that_pass(path: Path) -> None:
    result = run_file(path_of_tests(path))
    assert result.file.problems == ()
    assert result.file.ruleset is not None and result.file.ruleset.id == zona.load(path).id
    assert result.cases and all(c.passed for c in result.cases)
    assert all(c.case.checks for c in result.cases)


def test_the_hand_computed_numbers_are_the_ones_checked() -> None:
    """The cases hold the numbers of docs/examples (a sample): a wrong one would fail."""
    checks = {(c.kind, c.name): c.expected
              for path in find_files([EXAMPLES / "sakip-88-2021.tests.toml"])
              for case in run_file(path).file.cases[:1] for c in case.checks}
    assert checks[("total", "")] == Fraction(1083, 16)
    assert checks[("node", "ev_manfaat")] == Fraction("7.8125")
    assert checks[("value", "nilai")] == Fraction("67.69")
    assert checks[("grade", "predikat")] == "B"


def _scored(name: str) -> zona.Result:
    sheet = json.loads((EXAMPLES / f"{name}.answers.json").read_text(encoding="utf-8"))
    assert sheet["ruleset"] == name  # the sheet names its ruleset (`zona score SHEET`)
    return zona.load(EXAMPLES / f"{name}.zona").score(sheet["answers"], sheet.get("facts"))


def test_example_grades_say_their_band_and_label() -> None:
    """What a case does not state: the grade's label, value and band as written."""
    found = {name: _scored(name).grades for name in NAMES}
    sakip = found["sakip-88-2021"]["predikat"]
    assert (sakip.label, sakip.value, sakip.band) == ("Baik", Fraction(6769, 100), "> 60 .. 70")
    spbe = found["spbe-59-2020"]["predikat"]
    assert (spbe.label, spbe.value, spbe.band) == ("Baik", Fraction(277, 100), "2.6 .. < 3.5")
    spip = found["spip-maturity"]["maturitas"]
    assert (spip.label, spip.value, spip.band) == ("Berkembang", None, None)


def test_sakip_not_applicable_and_unanswered_differ() -> None:
    """ev_ada_3 = TR is left out of its mean (not applicable); ev_manfaat_2 is unanswered
    and left out under `missing exclude`."""
    result = _scored("sakip-88-2021")
    assert result.not_applicable == ("ev_ada_3",)
    assert not result.nodes["ev_ada_3"].applicable
    assert not result.nodes["ev_manfaat_2"].answered


def test_sakip_boundaries_round_before_banding() -> None:
    """nilai = round(total, 2) half up: exactly 70 is B (`> 70` fails), 70.005 is BB."""
    ruleset = zona.load(EXAMPLES / "sakip-88-2021.zona")
    grade = ruleset.grades_by_name["predikat"]
    bands = {level.name: level.band for level in grade.levels}
    assert bands["B"] is not None and bands["B"].contains(Fraction(70))
    assert bands["BB"] is not None and not bands["BB"].reaches(Fraction(70))
    assert bands["BB"].reaches(Fraction(7001, 100))


def test_spip_level_is_held_down_by_its_weakest_element() -> None:
    """The weighted score is above 3, but risiko (2.5) is the one condition of level 3 that
    fails (the case in spip-maturity.tests.toml raises it)."""
    result = _scored("spip-maturity")
    assert result.total.score > 3
    failing = result.grades["maturitas"].levels["3"].failing()
    assert [(c.subject, c.actual) for c in failing] == [("risiko", Fraction(5, 2))]


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
