"""Advice that is safe to follow: no gap plan moves an input where its `change` forbids, or
a measured input unless asked (docs/language.md, "How a plan may change an input")."""

from __future__ import annotations

import json
import re
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import zona
from tests.analysis.test_gap import _brute as brute
from tests.analysis.test_gap import small_units
from tests.conftest import ROOT
from zona.analysis.gap import GapPlan, gap
from zona.analysis.gap import leaves as gapleaves
from zona.analysis.gap.held import check_allowed
from zona.analysis.gap.plans import Change
from zona.analysis.sensitivity import sensitivity
from zona.cli.main import main
from zona.errors import ZonaError
from zona.model.changes import allows

EXAMPLE = ROOT / "examples" / "example.zona"
BUILTINS = ("permenpan-90-2021", "portalrb-2026", "permenpan-52-2014")
# the obligation counts of 90/2021 (denominators of its percentage items) and its surveys
OBLIGATIONS = ("q88", "q90", "q103", "q105", "q110", "q113", "q114", "q115", "q117", "q118",
               "q119", "q122")
SURVEYS = ("q125", "q127")


def _safe(plan: GapPlan, surveys: bool, frozen: tuple[str, ...] = ()) -> None:
    """Every change of the plan is one its input's declarations allow."""
    inputs = plan.after.ruleset.inputs_by_name
    for change in plan.changes:
        spec = inputs[change.id]
        assert allows(spec.change, change.old_value, change.new_value), change
        assert surveys or not spec.measured, change
        assert change.id not in frozen, change


# --- the built-in rulesets ------------------------------------------------------------------


@pytest.mark.parametrize("name", BUILTINS)
def test_every_obligation_count_and_survey_is_declared(name: str) -> None:
    ruleset = zona.load_builtin(name)
    inputs = ruleset.inputs_by_name
    declared = {i.name: (i.change, i.measured) for i in ruleset.inputs
                if i.change != "free" or i.measured}
    if name == "permenpan-52-2014":
        assert declared == {"ipak_index": ("up", True), "tlhp_pct": ("up", True),
                            "ipkp_index": ("up", True)}
        return
    assert declared == {**{n: ("up", False) for n in OBLIGATIONS}, "q102": ("fixed", False),
                        **{n: ("up", True) for n in SURVEYS}}
    # every count read as a denominator is declared: the achievements (numerators) are free
    assert {inputs[n].change for n in ("q89", "q91", "q106", "q112", "q116", "q120", "q123")} \
        == {"free"}
    assert ruleset.words == zona.model.Words("indeks survei", "survey indices", "soal")


@st.composite
def builtin_units(draw: Any) -> tuple[zona.Result, str, bool]:
    """A built-in ruleset, random answers (some blank), a target and whether surveys move."""
    ruleset = zona.load_builtin(draw(st.sampled_from(BUILTINS)))
    answers: dict[str, object] = {}
    for spec in ruleset.inputs:
        if not draw(st.integers(0, 9)):
            continue  # left blank
        if spec.kind == "choice" and spec.scale is not None:
            answers[spec.name] = draw(st.sampled_from(spec.scale.names))
        elif spec.kind == "count":
            answers[spec.name] = draw(st.integers(0, 12))
        else:
            assert spec.low is not None and spec.high is not None
            step = (spec.high - spec.low) / 20
            answers[spec.name] = str(float(spec.low + step * draw(st.integers(0, 20))))
    targets = [p.name for p in ruleset.predicates if p.name in ("WBK", "WBBM")]
    return ruleset.score(answers), draw(st.sampled_from(targets)), draw(st.booleans())


@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(builtin_units())
def test_no_plan_for_a_builtin_ruleset_moves_a_protected_input(
        unit: tuple[zona.Result, str, bool]) -> None:
    """For every built-in ruleset: no plan lowers an obligation or a survey, changes a fixed
    count, or touches a survey unless the surveys are searched."""
    result, target, surveys = unit
    plan = gap(result, target, surveys=surveys, time_limit=2)
    _safe(plan, surveys)
    if plan.feasible and plan.changes:
        assert plan.after.predicates[target].passed is True


# --- generated rulesets with random declarations ---------------------------------------------


@st.composite
def declared_units(draw: Any) -> tuple[zona.Ruleset, dict[str, object], dict[str, object]]:
    """small_units of test_gap with a random `change` (and `measured`) on inputs and
    questions, or as a header default."""
    ruleset, answers, facts = draw(small_units())
    assert ruleset.source is not None
    text = ruleset.source.text
    ways = st.sampled_from(["", "", " change up", " change down", " change fixed",
                            " change free"])

    def declare(found: re.Match[str]) -> str:
        extra = draw(ways) + draw(st.sampled_from(["", "", " measured", " measured no"]))
        return found.group(0)[:-1] + extra + " }"

    text = re.sub(r"(input \w+ \{ (?:count|decimal 0\.\.4) \}|question \w+ \{ [^{}]*\})",
                  declare, text)
    if draw(st.booleans()):
        text = text.replace("{ missing", "{" + draw(ways) + " missing", 1)
    return zona.loads(text), answers, facts


def _brute(result: zona.Result, target: str, steps: bool, held: set[str]) -> int | None:
    """The least cost over every assignment the declarations allow: tests.analysis.test_gap's
    search with each input's domain cut by its `change`."""
    free = {i.name for i in result.ruleset.inputs if i.name not in held}
    return brute(result, target, steps, free,
                 lambda spec, old, new: allows(spec.change, old, new))


@settings(max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much,
                                 HealthCheck.data_too_large])
@given(declared_units(), st.sampled_from(["P", "Q"]), st.booleans(), st.booleans(), st.data())
def test_plans_honour_random_declarations_and_stay_optimal(
        unit: tuple[zona.Ruleset, dict[str, object], dict[str, object]], target: str,
        steps: bool, surveys: bool, data: st.DataObject) -> None:
    """On generated rulesets with random declarations: no change goes where its input's
    `change` forbids or touches a held measured input, and the plan costs exactly the
    least that brute force finds over the allowed answers."""
    ruleset, answers, facts = unit
    result = ruleset.score(answers, facts)
    frozen = data.draw(st.lists(st.sampled_from([i.name for i in ruleset.inputs]), max_size=2))
    held = set(frozen) | {i.name for i in ruleset.inputs
                          if i.change == "fixed" or (i.measured and not surveys)
                          or (i.change in ("up", "down") and result.values.get(i.name) is None)}
    size = 1
    for spec in ruleset.inputs:
        if spec.name not in held:
            size *= len(spec.scale.options) + 1 if spec.scale else \
                17 if spec.kind == "decimal" else 9
    assume(size <= 3000)
    gapleaves.GRID = Fraction(1, 4)
    try:
        plan = gap(result, target, minimise="steps" if steps else "answers", freeze=frozen,
                   surveys=surveys)
    finally:
        gapleaves.GRID = Fraction(1, 100)
    _safe(plan, surveys, tuple(frozen))
    best = _brute(result, target, steps, held)
    if best is None:
        assert plan.changes == () and not plan.feasible
        return
    assert plan.cost == best


def test_the_last_guard_refuses_a_forbidden_change() -> None:
    """check_allowed is not vacuous: a plan lowering an obligation is a ZonaError."""
    ruleset = zona.load(EXAMPLE)
    lowered = Change("n_agen", 3, "3", "1", Fraction(3), Fraction(1), Fraction(0), 1)
    with pytest.raises(ZonaError, match="'n_agen', which may not change that way"):
        check_allowed([lowered], ruleset, ())
    with pytest.raises(ZonaError, match="'q1', which may not change"):  # frozen by the user
        check_allowed([Change("q1", 1, "Tidak", "Ya", Fraction(0), Fraction(1), Fraction(0),
                              1)], ruleset, ["q1"])
    check_allowed([Change("n_agen", 3, "3", "4", Fraction(3), Fraction(4), Fraction(0), 1)],
                  ruleset, ())


# --- the example of issue 13: the official workbook, supervision answers at their worst -----


def _worst_supervision(ruleset: zona.Ruleset, workbook: Path) -> zona.Result:
    from zona.io import read_lke

    answers = dict(read_lke(workbook).answers.answers)
    for soal in range(51, 68):  # soal 51-67: the supervision questions
        spec = ruleset.by_soal()[soal]
        assert spec.scale is not None
        answers[spec.name] = spec.scale.worst.name
    return ruleset.score(answers)


def test_the_workbook_plan_no_longer_lowers_the_complaints(shared_workbook: Path) -> None:
    """Issue 13: with q112 (complaints handled) frozen, the undeclared 90/2021 proposed
    `q110 6 -> 1` (report fewer complaints to follow up); with q110 `change up` the least
    plan raises eight supervision answers instead, and lowers nothing."""
    text = (ROOT / "rulesets" / "permenpan-90-2021.zona").read_text(encoding="utf-8")
    undeclared = re.sub(r"\s+change (up|down|fixed|free)\b|\s+measured(?=\s+(change|\}))", "",
                        text)
    plain = zona.loads(undeclared)
    assert {i.change for i in plain.inputs} == {"free"}
    before = gap(_worst_supervision(plain, shared_workbook), "WBK", freeze=["q112"])
    assert ("q110", "6", "1") in [(c.id, c.old, c.new) for c in before.changes]
    lke = zona.load_builtin("permenpan-90-2021")
    result = _worst_supervision(lke, shared_workbook)
    assert result.total.score == Fraction(241421, 2730)
    plan = gap(result, "WBK", freeze=["q112"])
    assert plan.feasible and plan.proven_minimal and plan.method == "exact"
    assert [(c.id, c.old, c.new) for c in plan.changes] == [
        ("q51", "C", "A"), ("q52", "D", "A"), ("q58", "Tidak", "Ya"), ("q59", "C", "B"),
        ("q60", "C", "A"), ("q61", "C", "A"), ("q62", "C", "A"), ("q63", "C", "A")]
    assert plan.after.predicates["WBK"].passed is True
    _safe(plan, False, ("q112",))


# --- the command line and the JSON ---------------------------------------------------------------


def test_cli_says_what_the_ruleset_protects(tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    sheet = tmp_path / "unit.json"
    sheet.write_text(json.dumps({"answers": {"q1": "Ya", "q2": "C", "n_agen": 3, "n_ubah": 1,
                                             "q5": "B", "ipak_index": "3.2"}}))
    assert main(["--lang", "en", "gap", str(sheet), "-r", str(EXAMPLE), "-t", "WBK",
                 "--freeze", "n_ubah", "--surveys"]) == 0
    out = capsys.readouterr().out
    lines = out.splitlines()
    assert lines[1] == "minimising changed answers; survey indices searched too, in steps of 0.01"
    assert lines[2:4] == ["frozen: n_ubah", "may only rise: n_agen, ipak_index"]
    # n_ubah frozen: lowering n_agen 3 -> 1 would make the ratio 1/1, but n_agen may only rise
    assert lines[5:7] == ["WBK cannot pass by changing the allowed answers alone:",
                          "  every child of areas: share >= 60% (area_mp): cannot be met by "
                          "changing the allowed answers; the most it can reach is 16.67 "
                          "(frozen: n_ubah)"]
    assert main(["gap", str(sheet), "-r", str(EXAMPLE), "-t", "WBK", "--json"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert document["limits"] == {"n_agen": "up", "ipak_index": "up"}
    assert document["measured"] == ["ipak_index"]
    assert document["words"] == {"measured": "indeks survei", "measured_en": "survey indices",
                                 "numbering": "soal", "numbering_en": "soal"}


def test_the_ruleset_names_its_measured_inputs_and_numbers(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Another rubric's words: its measured inputs are 'nilai survei kepuasan', its numbers
    'butir' / 'item'; zona gap uses them instead of ZI's."""
    ruleset = tmp_path / "kepuasan.zona"
    ruleset.write_text('''ruleset "kepuasan" {
    measured "nilai survei kepuasan"
    measured en "satisfaction survey scores"
    numbering "butir"
    numbering en "item"
}
scale yt { Ya = 1, Tidak = 0 }
question q1 { scale yt  soal 1  weight 2 }
input s { decimal 0..4  soal 2 }
item survei { weight 4  score = s }
predicate BAIK { require total >= 5 }
''')
    sheet = tmp_path / "unit.json"
    sheet.write_text(json.dumps({"answers": {"q1": "Tidak", "s": "3.5"}}))
    assert main(["--lang", "en", "gap", str(sheet), "-r", str(ruleset)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[1] == "minimising changed answers; satisfaction survey scores held " \
                     "(--surveys to search them)"
    assert out[4].split() == ["item", "id", "from", "to", "points"]
    assert out[5].split() == ["1", "q1", "Tidak", "Ya", "+2.00"]
    assert main(["--lang", "id", "gap", str(sheet), "-r", str(ruleset)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert "nilai survei kepuasan" in out[1]
    assert out[4].split()[0] == "butir"


# --- sensitivity ---------------------------------------------------------------------------


def test_sensitivity_offers_no_step_the_ruleset_forbids() -> None:
    ruleset = zona.loads('''ruleset "s" { }
scale abc { A = 1, B = 0.5, C = 0 }
question q1 { scale abc }
question q2 { scale abc  change down }
question q3 { scale abc  measured }
question q4 { scale abc  change up }
''')
    found = {q.id: q for q in sensitivity(ruleset.score({"q1": "B", "q2": "B", "q3": "B"}))}
    assert [(q.next, q.gain, q.held) for q in (found["q1"], found["q2"], found["q3"],
                                                found["q4"])] == [
        ("A", Fraction(1, 2), False), (None, 0, True), (None, 0, True), (None, 0, True)]
    assert found["q2"].weight == found["q1"].weight == 1  # the weight is still shown
    assert (found["q2"].headroom, found["q2"].to_dict()["held"]) == (0, True)
    surveyed = {q.id: q for q in sensitivity(ruleset.score({"q3": "B"}), surveys=True)}
    assert (surveyed["q3"].next, surveyed["q3"].held) == ("A", False)


# --- the report ----------------------------------------------------------------------------


def test_the_report_says_the_rulesets_words() -> None:
    """The report's plan shows what the survey must reach in the ruleset's words, numbers
    its inputs with the ruleset's word, and names the held measured input."""
    from zona.render.report import report_html

    ruleset = zona.loads('''ruleset "kepuasan" {
    measured "nilai survei kepuasan"
    measured en "satisfaction survey scores"
    numbering "butir"
    numbering en "item"
}
scale yt { Ya = 1, Tidak = 0 }
question q1 { scale yt  soal 1  weight 2 }
input s { decimal 0..4  soal 2  change up }
item survei { weight 4  score = s }
predicate BAIK { require survei >= 3.8  require q1 >= 2 }
''')
    result = ruleset.score({"q1": "Ya", "s": "3.5"})
    page = " ".join(report_html(result, "en", targets=["BAIK"]).split())
    assert "If the satisfaction survey scores could rise, the fewest changes would be:" in page
    assert "(item 2)" in page
    assert "Not changed: s (the satisfaction survey scores are held: a unit does not " \
           "choose them)." in page
    page = " ".join(report_html(result, "id", targets=["BAIK"]).split())
    assert "Jika nilai survei kepuasan dapat naik" in page and "(butir 2)" in page


# --- the editor -----------------------------------------------------------------------------


def test_hover_says_how_a_plan_may_change_an_input() -> None:
    from zona.lsp.hover import describe

    example = zona.load(EXAMPLE)
    assert describe("n_agen", None, example) == \
        "**input** `n_agen`: Jumlah agen perubahan\n\ncount · soal 3 · change up"
    assert describe("ipak_index", None, example) == (
        "**input** `ipak_index`: Nilai Survei Persepsi Korupsi (0-4)\n\n"
        "decimal 0..4 · soal 6 · change up · measured")
    assert describe("n_ubah", None, example) == \
        "**input** `n_ubah`: Jumlah perubahan yang dibuat\n\ncount · soal 4"
