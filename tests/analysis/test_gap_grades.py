"""Gap analysis toward a grade's level (`predikat>=BB`), on the constructs beyond the first
language (ranged scales, weighted means, answers "not applicable", rounding, grades in
conditions): targets read, plans by hand, plans verified by re-scoring and minimal against
brute force on generated rulesets, and the time limit on the examples."""

from __future__ import annotations

import itertools
import json
import time
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, event, given, settings
from hypothesis import strategies as st

import zona
from tests.conftest import ROOT
from tests.strategies import Generated, answer_sheets, valid_rulesets
from tests.strategies_levels import Levels, level_rulesets, level_sheets
from zona.analysis.gap import GapPlan, default_target, gap, parse_target, target_choices
from zona.analysis.gap.answers import unit_answers
from zona.analysis.gap.leaves import steps_between
from zona.analysis.gap.values import band_threshold
from zona.cli.gap import render
from zona.cli.main import main
from zona.errors import ZonaError
from zona.model import expr as e
from zona.numtext import exact_text

VALID = ROOT / "tests" / "data" / "valid"
SPBE = ROOT / "examples" / "spbe-59-2020.zona"
SETTINGS = settings(max_examples=60, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much,
                                           HealthCheck.data_too_large])


def _unit(zona_file: Path, answers: Path) -> zona.Result:
    document = json.loads(answers.read_text(encoding="utf-8"))
    return zona.load(zona_file).score(document["answers"], document.get("facts", {}))


@pytest.fixture(scope="module")
def bands() -> zona.Result:
    return _unit(VALID / "grades_bands.zona", VALID / "grades_bands.answers.json")


@pytest.fixture(scope="module")
def rules() -> zona.Result:
    return _unit(VALID / "grades_rules.zona", VALID / "grades_rules.answers.json")


@pytest.fixture(scope="module")
def spbe() -> zona.Result:
    return _unit(SPBE, ROOT / "examples" / "spbe-59-2020.answers.json")


def _ids(plan: GapPlan) -> list[tuple[str, str | None, str]]:
    return [(c.id, c.old, c.new) for c in plan.changes]


# --- targets ------------------------------------------------------------------------------


def test_targets_are_read(bands: zona.Result, rules: zona.Result) -> None:
    ruleset = bands.ruleset
    assert parse_target(ruleset, "predikat>=BB").text == "predikat>=BB"
    assert parse_target(ruleset, " predikat >= bb ").level == "BB"
    assert parse_target(ruleset, "predikat>B").level == "BB"  # the level above B
    assert parse_target(ruleset, "SangatBaik").predicate == "SangatBaik"
    assert parse_target(rules.ruleset, "maturitas>=03").level == "3"
    with pytest.raises(ZonaError, match=r"no grade 'predikaat'.*Did you mean 'predikat'"):
        parse_target(ruleset, "predikaat>=B")
    with pytest.raises(ZonaError, match=r"'X' is not a level of grade 'predikat' \(D, C, CC"):
        parse_target(ruleset, "predikat>=X")
    with pytest.raises(ZonaError, match=r"'predikat' is a grade: say which level to reach, "
                                        r"e.g. predikat>=AA"):
        parse_target(ruleset, "predikat")
    with pytest.raises(ZonaError, match="no level of grade 'predikat' is above AA"):
        parse_target(ruleset, "predikat>AA")
    with pytest.raises(ZonaError, match=r"no predicate 'Nope'.*grades: predikat>=LEVEL"):
        parse_target(ruleset, "Nope")


def test_default_targets(bands: zona.Result, spbe: zona.Result) -> None:
    assert default_target(spbe.ruleset) is not None
    assert str(default_target(spbe.ruleset)) == "predikat>=Memuaskan"  # its only grade
    assert default_target(bands.ruleset) is None  # three grades
    assert "predikat>=AA     Predikat / Grade" in target_choices(bands.ruleset)


# --- plans by hand ------------------------------------------------------------------------


def test_bands_by_hand(bands: zona.Result) -> None:
    # nilai 68.33 is B; BB needs > 70: m2 D -> C adds 40 x 0.25 / 3 = 10/3 (71.67)
    plan = gap(bands, "predikat>=BB")
    assert plan.feasible and plan.method == "exact" and plan.proven_minimal
    assert _ids(plan) == [("m2", "D", "C")]
    assert (plan.grade, plan.level, plan.after.grades["predikat"].level) == (
        "predikat", "BB", "BB")
    assert plan.to_dict()["grade"] == {"name": "predikat", "level": "BB", "after": "BB"}
    assert gap(bands, "predikat>=B").changes == ()  # already there
    # mutu A: the band (kualitas 45) is reached; its condition needs share(manfaat) >= 60%
    plan = gap(bands, "mutu>=A")
    assert plan.feasible and plan.after.grades["mutu"].level == "A"
    assert plan.after.nodes["manfaat"].share >= Fraction(3, 5)


def test_rules_by_hand(rules: zona.Result) -> None:
    # maturity 3: every element at 75 %; risiko is at 62.5 % (s3 Berkembang)
    assert _ids(gap(rules, "maturitas>=3")) == [("s3", "Berkembang", "Terdefinisi")]
    # WBBM needs a fact nobody gave: blocked, the scores are met already
    plan = gap(rules, "zi>=WBBM")
    assert not plan.feasible and plan.changes == ()
    assert [(b.condition, b.kind) for b in plan.blocking] == [("fact prior >= WBK", "fact")]
    # status calon needs the same fact; penuh (total >= 90) reaches calon too, by answers
    plan = gap(rules, "status>=calon")
    assert plan.feasible and plan.after.grades["status"].level == "penuh"
    assert plan.after.total.score >= 90 and plan.proven_minimal
    # a predicate comparing a grade: searched through the grade's levels
    assert gap(rules, "Matang").feasible and _ids(gap(rules, "Matang")) == _ids(
        gap(rules, "maturitas>=3"))


def test_spbe_plans_never_touch_not_applicable(spbe: zona.Result) -> None:
    assert spbe.not_applicable == ("i47",)
    for level in ("SangatBaik", "Memuaskan"):
        start = time.monotonic()
        plan = gap(spbe, f"predikat>={level}")
        assert time.monotonic() - start < 5
        assert plan.feasible and plan.method == "exact" and plan.proven_minimal
        assert plan.after.grades["predikat"].level == level
        assert "i47" not in {c.id for c in plan.changes}
        assert plan.after.not_applicable == ("i47",)
        assert all(c.new in "12345" for c in plan.changes)


@pytest.mark.parametrize("name", ["grades_bands", "grades_rules", "sakip_88_2021",
                                  "spip_maturity", "spbe_59_2020", "spbe"])
def test_every_level_answers_in_time(name: str, spbe: zona.Result) -> None:
    """Every grade level of the examples gets a verified plan (or a clear block) well within
    the default time limit, proven minimal."""
    result = spbe if name == "spbe" else _unit(VALID / f"{name}.zona",
                                                VALID / f"{name}.answers.json")
    for grade in result.ruleset.grades:
        for level in grade.levels:
            for minimise in ("answers", "steps"):
                start = time.monotonic()
                plan = gap(result, f"{grade.name}>={level.name}", minimise=minimise)  # type: ignore[arg-type]
                assert time.monotonic() - start < 5
                assert plan.proven_minimal and plan.method == "exact"
                assert plan.feasible == (plan.passed() is True)
                if plan.feasible:
                    found = plan.after.grades[grade.name]
                    reached = found.level or found.at_least or ""
                    assert grade.position(reached) >= grade.position(level.name)


def test_rounding_is_inverted_exactly() -> None:
    """A band over round/floor/ceil(x, n) is reached exactly when x passes the threshold
    gap analysis computes, for every mode and many values."""
    ruleset = zona.loads('ruleset "r" { } item x { weight 100 score = 0 }')
    for function, mode, places in itertools.product(("round", "floor", "ceil"), e.MODES,
                                                    (0, 1, 2, -1)):
        value = e.Round(function, e.Var("x", "node"), places, mode)
        for low in (Fraction(0), Fraction(35, 10), Fraction(7, 3), Fraction(-5, 2),
                    Fraction(40)):
            for low_open in (False, True):
                grade = zona.model.grades.Grade(
                    "g", zona.model.Texts(), value,
                    (zona.model.grades.Level("a", zona.model.Texts()),))
                band = zona.model.grades.Band(low, low_open)
                form, bar, strict = band_threshold(ruleset, grade, band)
                assert form == {"x": 1}
                for k in range(-800, 800):
                    x = Fraction(k, 160)
                    assert band.reaches(e.rounded(function, x, places, mode)) == \
                        (x > bar if strict else x >= bar), (function, mode, places, low, x)


# --- generated rulesets -------------------------------------------------------------------


@st.composite
def graded_levels(draw: Any) -> tuple[zona.Ruleset, Levels]:
    """A ruleset with ranged scales, weighted means and "not applicable" answers, and a
    grade by bands over one of its nodes (sometimes rounded, its top level sometimes
    capped by a condition on another node)."""
    generated = draw(level_rulesets(na=True))
    base = zona.loads(generated.text)
    nodes = sorted(n for n, node in base.nodes.items() if node.maximum > 0)
    subject = draw(st.sampled_from(nodes))
    top = base.nodes[subject].maximum
    how = draw(st.sampled_from(("plain", "round", "floor", "ceil")))
    value = subject if how == "plain" else f"{how}({subject}, 1)"
    high = top if how == "plain" else e.rounded(how, top, 1)
    grid = [Fraction(k, 10) for k in range(1, int(high * 10))]
    assume(grid)
    cuts = sorted(draw(st.lists(st.sampled_from(grid), min_size=1, max_size=3, unique=True)))
    levels = [f"level L0 .. < {exact_text(cuts[0])}"]
    for index, cut in enumerate(cuts, 1):
        end = f" < {exact_text(cuts[index])}" if index < len(cuts) else ""
        levels.append(f"level L{index} {exact_text(cut)} ..{end}")
    if draw(st.booleans()):
        other = draw(st.sampled_from(nodes))
        levels[-1] += f" when share({other}) >= {draw(st.integers(0, 100))}%"
    text = generated.text + f"\ngrade gg by {value} {{\n  " + "\n  ".join(levels) + "\n}\n"
    return zona.loads(text), generated


def _brute(result: zona.Result, target: str, steps: bool) -> int | None:
    """The least cost over every answer of the inputs that may change (not those answered
    "not applicable"), or None when none reaches the target."""
    ruleset = result.ruleset
    goal = parse_target(ruleset, target)
    free = [i for i in ruleset.inputs if i.name not in result.not_applicable]
    domains = [[None, *(o.value for o in i.scale.valued)] if result.values.get(i.name) is None
               else [o.value for o in i.scale.valued] for i in free]  # type: ignore[union-attr]
    best: int | None = None
    base = unit_answers(result)
    for picks in itertools.product(*domains):
        cost = 0
        answers = dict(base)
        for spec, value in zip(free, picks, strict=True):
            old = result.values.get(spec.name)
            if value is None or value == old:
                continue
            cost += steps_between(spec, old, value) if steps else 1
            answers[spec.name] = next(o.name for o in spec.scale.valued  # type: ignore[union-attr]
                                      if o.value == value)
        if best is not None and cost >= best:
            continue
        if goal.reached(ruleset.score(answers)) is True:
            best = cost
    return best


@SETTINGS
@given(graded_levels(), st.data())
def test_grade_plans_reach_their_target(graded: tuple[zona.Ruleset, Levels],
                                        data: st.DataObject) -> None:
    """A plan reaches its level when re-scored, never changes an answer "not applicable"
    nor proposes one, and (when the search is exact) costs what brute force finds."""
    ruleset, generated = graded
    result = ruleset.score(data.draw(level_sheets(generated)))
    grade = ruleset.grades_by_name["gg"]
    level = data.draw(st.sampled_from(grade.levels[1:]))
    steps = data.draw(st.booleans())
    target = f"gg>={level.name}"
    plan = gap(result, target, minimise="steps" if steps else "answers")
    assert plan.feasible == (plan.passed() is True)
    assert plan.after.not_applicable == result.not_applicable
    for change in plan.changes:
        assert change.id not in result.not_applicable
        spec = ruleset.inputs_by_name[change.id]
        assert spec.scale is not None and change.new not in spec.scale.not_applicable
    size = 1
    for spec in ruleset.inputs:
        if spec.name not in result.not_applicable:
            size *= len(spec.scale.options) + 1  # type: ignore[union-attr]
    if plan.method != "exact" or size > 4000:
        event(f"not compared with brute force ({plan.method})")
        return
    assert plan.proven_minimal
    event(f"compared with brute force ({'feasible' if plan.feasible else 'blocked'}, "
          f"{len(plan.changes)} changes)")
    best = _brute(result, target, steps)
    if best is None:
        assert not plan.feasible and plan.changes == ()
    else:
        assert plan.feasible and plan.cost == best


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much,
                                 HealthCheck.data_too_large])
@given(valid_rulesets(grades=True), st.data())
def test_grade_targets_on_generated_rulesets(generated: Generated, data: st.DataObject) -> None:
    """Grades by bands (rounded) and by rules (over predicates, facts and other grades):
    every plan found reaches its target when re-scored, unless a fact blocks it."""
    ruleset = zona.loads(generated.text)
    answers, facts = data.draw(answer_sheets(generated))
    result = ruleset.score(answers, facts)
    grade = data.draw(st.sampled_from(ruleset.grades))
    level = data.draw(st.sampled_from(grade.levels))
    plan = gap(result, f"{grade.name}>={level.name}", time_limit=3)
    if plan.feasible:
        assert parse_target(ruleset, plan.target).reached(plan.after) is True
    elif plan.changes:
        assert any(b.kind == "fact" for b in plan.blocking) or not plan.proven_minimal
    for name in [p.name for p in ruleset.predicates if p.name.startswith("G")]:
        other = gap(result, name, time_limit=3)
        if other.feasible:
            assert other.after.predicates[name].passed is True


# --- the command line ---------------------------------------------------------------------


def test_cli_grade_targets(capsys: pytest.CaptureFixture[str]) -> None:
    answers = ROOT / "examples" / "spbe-59-2020.answers.json"
    assert main(["gap", str(answers), "-r", str(SPBE), "-t", "predikat>=SangatBaik"]) == 0
    out = capsys.readouterr().out
    assert "gap to predikat>=SangatBaik" in out
    assert "predikat SangatBaik (reaches SangatBaik)" in out
    assert main(["gap", str(answers), "-r", str(SPBE), "--json"]) == 0  # its only grade
    document = json.loads(capsys.readouterr().out)
    assert document["target"] == "predikat>=Memuaskan" and document["feasible"] is True
    assert document["grade"]["after"] == "Memuaskan"
    rules = VALID / "grades_rules.zona"
    code = main(["gap", str(VALID / "grades_rules.answers.json"), "-r", str(rules)])
    captured = capsys.readouterr()
    assert code == 2 and "maturitas>=3   Tingkat maturitas" in captured.err
    code = main(["gap", str(VALID / "grades_rules.answers.json"), "-r", str(rules), "-t",
                 "zi>=WBBM"])
    out = capsys.readouterr().out
    assert code == 0 and "fact prior >= WBK: depends on a fact that is not known" in out
    assert "zi undecided, at least WBK (below WBBM)" in render(
        gap(_unit(rules, VALID / "grades_rules.answers.json"), "zi>=WBBM"))


@SETTINGS
@given(level_rulesets(na=True), st.data())
def test_predicate_plans_are_minimal_with_levels(generated: Levels, data: st.DataObject) -> None:
    """Predicates over ranged scales, weighted means, "not applicable" answers and `every
    KIND under` (thresholds on any node, inside means too): exact plans cost what brute
    force finds, and reach their predicate when re-scored."""
    ruleset = zona.loads(generated.text)
    assume(ruleset.predicates)
    result = ruleset.score(data.draw(level_sheets(generated)))
    target = data.draw(st.sampled_from([p.name for p in ruleset.predicates]))
    steps = data.draw(st.booleans())
    plan = gap(result, target, minimise="steps" if steps else "answers")
    assert plan.feasible == (plan.after.predicates[target].passed is True)
    assert all(c.id not in result.not_applicable for c in plan.changes)
    size = 1
    for spec in ruleset.inputs:
        if spec.name not in result.not_applicable:
            size *= len(spec.scale.options) + 1  # type: ignore[union-attr]
    if plan.method != "exact" or size > 4000:
        event(f"not compared with brute force ({plan.method})")
        return
    event(f"compared with brute force ({len(plan.changes)} changes)")
    best = _brute(result, target, steps)
    if best is None:
        assert not plan.feasible and plan.changes == ()
    else:
        assert plan.feasible and plan.cost == best
