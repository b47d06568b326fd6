"""Compiling grades, rounding and `assumed`: the model, the range a grade's value can take,
amending a grade in a ruleset that extends another, and the syntax around them."""

from __future__ import annotations

from fractions import Fraction
from itertools import pairwise
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import zona
from tests.conftest import DATA
from zona.analysis import intervals as analysis_intervals
from zona.language import syntax as s
from zona.language import unparse
from zona.language.parser import parse
from zona.model import expr as e
from zona.model import intervals

HEAD = 'ruleset "t" { }\n'


def _errors(text: str) -> list[str]:
    return [d.message for d in zona.check(HEAD + text, "t.zona")]


def test_the_model_of_a_grade() -> None:
    ruleset = zona.load(DATA / "valid" / "grades_bands.zona")
    grade = ruleset.grades_by_name["predikat"]
    assert [g.name for g in ruleset.grades] == ["predikat", "mutu", "ringkas"]
    assert grade.by_bands and not grade.numbered
    assert grade.value == e.Var("nilai", "derived")
    assert grade.texts.label == "Predikat" and grade.texts.label_en == "Grade"
    assert grade.texts.cites == ("Permenpan RB 88/2021",)
    assert [v.name for v in grade.levels] == ["D", "C", "CC", "B", "BB", "A", "AA"]
    level = grade.levels_by_name["B"]
    assert level.label == "Baik" and level.band is not None
    assert (level.band.low, level.band.low_open, level.band.high, level.band.high_open) == (
        60, True, 70, False)
    assert level.band.text == "> 60 .. 70" and grade.position("B") == 3
    mutu = ruleset.grades_by_name["mutu"].levels_by_name["A"]
    assert mutu.when is not None and mutu.when.text == "share(manfaat) >= 60%"
    assert mutu.texts.notes
    rules = zona.load(DATA / "valid" / "grades_rules.zona").grades_by_name["maturitas"]
    assert rules.numbered and not rules.by_bands and rules.levels[2].number == 2
    assert ruleset.grades_by_name["ringkas"].value == e.Round(
        "floor", e.Var("total", "node"), 0, "half_up")


def test_the_interval_arithmetic_is_shared_with_the_analyses() -> None:
    assert analysis_intervals.span is intervals.span
    assert analysis_intervals.Span is intervals.Span
    rounded = e.Round("round", e.Var("x", "input"), 1, "half_even")
    found = intervals.span(rounded, lambda var: intervals.Span(Fraction("0.25"), None))
    assert found == intervals.Span(Fraction("0.2"), None)


@pytest.mark.parametrize(("value", "low", "middle", "high"), [
    ("x", "0", "2", "4"),                      # a decimal input: its range
    ("q", "0", "0.5", "1"),                    # a question: 0..its maximum
    ("c", "0", "1", "2"),                      # a node: 0..its weight
    ("round(x * 25, 0)", "0", "50", "100"),    # rounding rounds both ends
    ("min(x, 1) + 1", "1", "1.5", "2"),
])
def test_the_bands_must_cover_the_range_of_the_value(value: str, low: str, middle: str,
                                                     high: str) -> None:
    text = ("scale yt { Ya = 1, Tidak = 0 }\ninput x { decimal 0..4 }\n"
            "group c { weight 2 question q { weight 1 scale yt } item i { weight 1 "
            "score = 1 } }\n")
    covering = f"grade g by {value} {{ level a {low} .. {middle}  level b > {middle} .. {high} }}\n"
    assert _errors(text + covering) == []
    short = f"grade g by {value} {{ level a {low} .. {middle}  level b > {middle} .. < {high} }}\n"
    assert _errors(text + short) == [
        f"the bands of grade 'g' end below {high} (< {high}), but '{value}' can be {high}: "
        f"{high} has no level"]


def test_a_fact_and_a_count_bound_the_value_as_declared() -> None:
    assert _errors("fact f number 0..5\nitem i { score = 1 }\n"
                   "grade g by i { level a 0 .. 0.5  level b > 0.5 .. 1 }\n") == []
    assert _errors("input n { count }\nderived d = n * 2\n"
                   "grade g by d { level a 0 .. 1  level b > 1 .. 9 }\n") == [
        "the value of grade 'g' has no upper bound ('n' is a count), so its top band must "
        "be open: write '> 1 ..'"]
    assert _errors("input n { count }\n"
                   "grade g by -n { level a -5 .. -1  level b > -1 .. }\n") == [
        "the value of grade 'g' has no lower bound ('n' is a count), so its lowest band "
        "must be open: write '.. -1'"]


def test_one_problem_is_not_reported_twice() -> None:
    """Shape problems stop the checks on the bands, which would only repeat them."""
    assert _errors("item i { score = 1 }\ngrade g by i { level a 0 .. 1  level a 2 .. 3 }\n") \
        == ["grade 'g' lists level 'a' twice"]
    assert _errors("item i { score = 1 }\ngrade g by nope { level a 0 .. 1  level b 2 .. 3 }\n") \
        == ["unknown name 'nope'"]


def test_grades_and_predicates_form_one_graph_of_dependencies() -> None:
    assert _errors("item i { score = 1 }\n"
                   "grade a { level x  level y when grade b >= y }\n"
                   "grade b { level x  level y when grade a >= y }\n") == ["cycle: a -> b -> a"]
    assert _errors("item i { score = 1 }\n"
                   "grade a { level x  level y when predicate P }\n"
                   "predicate P { require grade b >= y }\n"
                   "grade b { level x  level y when i >= 1 }\n") == []


def test_a_derived_value_and_a_view_take_a_block_of_texts() -> None:
    ruleset = zona.loads(HEAD + 'item i { score = 1 }\n'
                         'derived d "D" = round(i, 1) { label en "Dee" cite "c" assumed "a" }\n'
                         'view v = i { note "n" }\n')
    derived = ruleset.derived[0]
    assert (derived.texts.label, derived.texts.label_en, derived.texts.cites,
            derived.texts.assumptions) == ("D", "Dee", ("c",), ("a",))
    assert ruleset.views_by_name["v"].texts.notes == ("n",)


# --- extends -------------------------------------------------------------------------------


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    (tmp_path / "base.zona").write_text(
        'ruleset "base" { }\nitem skor { weight 100  score = 67.6875 }\n'
        'grade mutu "Mutu" by skor {\n    cite "Tabel 1"\n    level C 0 .. < 60\n'
        '    level B 60 .. < 80\n    level A 80 .. 100\n}\n'
        'predicate P { require grade mutu >= B }\n', encoding="utf-8")
    return tmp_path


def _child(folder: Path, body: str) -> Path:
    path = folder / "child.zona"
    path.write_text('ruleset "child" extends "base" { }\n' + body, encoding="utf-8")
    return path


def test_amending_a_grade_replaces_its_levels_and_value(folder: Path) -> None:
    ruleset = zona.load(_child(folder, 'amend mutu {\n    by round(skor, 0)\n'
                                       '    label "Mutu baru"\n    note "diubah"\n'
                                       '    level C .. < 70\n    level B 70 .. < 90\n'
                                       '    level A 90 ..\n}\n'))
    grade = ruleset.grades_by_name["mutu"]
    assert [v.name for v in grade.levels] == ["C", "B", "A"]
    assert grade.value == e.Round("round", e.Var("skor", "node"), 0, "half_up")
    assert grade.texts.label == "Mutu baru"
    assert (grade.texts.cites, grade.texts.notes) == (("Tabel 1",), ("diubah",))
    result = ruleset.score({})
    assert (result.grades["mutu"].level, result.grades["mutu"].value) == ("C", 68)


def test_an_amended_grade_is_checked_in_the_file_that_wrote_it(folder: Path) -> None:
    path = _child(folder, "amend mutu { level C 0 .. 50  level B 60 .. 100 }\n")
    with pytest.raises(zona.ZonaCompileError) as caught:
        zona.load(path)
    assert str(caught.value) == (
        f"{path}:2:39: error: gap between levels 'C' and 'B' of grade 'mutu': values > 50 .. "
        "< 60 have no level\n"
        "  2 | amend mutu { level C 0 .. 50  level B 60 .. 100 }\n"
        "    |                                       ^^")
    path = _child(folder, "amend skor { level C }\n")
    with pytest.raises(zona.ZonaCompileError) as caught:
        zona.load(path)
    assert "'level' cannot amend 'skor'" in str(caught.value)


# --- syntax ---------------------------------------------------------------------------------


def test_the_syntax_tree_of_a_grade() -> None:
    module = parse(HEAD + 'grade g "G" by x {\n  label en "x"\n  level 03 "Tiga" > -1 .. < 2.5'
                   ' when grade h >= 2 { assumed "a" }\n  level 4 ..\n}\n')
    (grade,) = module.declarations
    assert isinstance(grade, s.GradeDecl) and grade.by == s.Ref(name="x")
    first = grade.levels[0]
    assert (first.name, first.numbered, first.label) == ("3", True, "Tiga")
    assert first.band == s.Band(low=Fraction(-1), low_open=True, high=Fraction(5, 2),
                                high_open=True)
    assert first.when == s.Comparison(quantity=s.GradeOf(name="h"), op=">=",
                                      threshold=s.NumberThreshold(value=Fraction(2)))
    assert first.texts == (s.Assumed(text="a"),)
    assert grade.levels[1].band == s.Band()
    assert parse(unparse.module(module)) == module


def test_grade_is_a_reserved_word_in_conditions() -> None:
    with pytest.raises(zona.ZonaSyntaxError) as caught:
        zona.loads(HEAD + "item i { score = 1 }\npredicate P { require grade >= 3 }\n")
    assert "unexpected '>='; expected a name" in str(caught.value)
    # the other words of grades are contextual: they remain usable as ids
    assert zona.check(HEAD + "item level { score = 1 }\nitem when { score = level }\n"
                      "item by { score = when }\n") == []


# --- the coverage check, against an oracle ------------------------------------------------

_ENDS = st.one_of(st.none(), st.integers(-2, 24).map(lambda k: Fraction(k, 2)))
_BANDS = st.lists(st.tuples(_ENDS, st.booleans(), _ENDS, st.booleans()), min_size=2,
                  max_size=4)


@st.composite
def _near(draw: st.DrawFn) -> list[tuple[Fraction | None, bool, Fraction | None, bool]]:
    """Bands that meet at cut points (each included by one side), from an end at or near
    the range's, sometimes with one end moved: mostly acceptable, sometimes just not."""
    cuts = [Fraction(k, 2) for k in sorted(draw(st.lists(st.integers(-1, 21), min_size=1,
                                                          max_size=3, unique=True)))]
    sides = [draw(st.booleans()) for _ in cuts]
    first = draw(st.sampled_from([None, Fraction(0), Fraction(-1), Fraction(1, 2)]))
    last = draw(st.sampled_from([None, Fraction(10), Fraction(11), Fraction(19, 2)]))
    bands = [(first, False, cuts[0], not sides[0])]
    bands += [(cuts[i], sides[i], cuts[i + 1], not sides[i + 1]) for i in range(len(cuts) - 1)]
    bands.append((cuts[-1], sides[-1], last, False))
    if draw(st.integers(0, 3)) == 0:
        index = draw(st.integers(0, len(bands) - 1))
        low, low_open, _, high_open = bands[index]
        bands[index] = (low, not low_open, draw(_ENDS), high_open)
    return bands


def _holds(band: tuple[Fraction | None, bool, Fraction | None, bool], v: Fraction) -> bool:
    low, low_open, high, high_open = band
    above = low is None or (v > low if low_open else v >= low)
    below = high is None or (v < high if high_open else v <= high)
    return above and below


def _acceptable(bands: list[tuple[Fraction | None, bool, Fraction | None, bool]],
                low: Fraction, high: Fraction) -> bool:
    """Whether bands, lowest first, cover low..high with each value in exactly one band, no
    two neighbours overlapping anywhere and every band reachable: decided on the bands' ends,
    the range's ends, the points between them and beyond them (exact for such intervals)."""
    ends = sorted({p for b in bands for p in (b[0], b[2]) if p is not None} | {low, high})
    points = [ends[0] - 1, *ends, ends[-1] + 1]
    points += [(a + b) / 2 for a, b in pairwise(ends)]
    if any(not any(_holds(b, v) for v in points) for b in bands):
        return False  # an empty band
    for first, second in pairwise(bands):
        start = (Fraction(-10**9) if first[0] is None else first[0], first[1])
        later = (Fraction(-10**9) if second[0] is None else second[0], second[1])
        if later <= start or any(_holds(first, v) and _holds(second, v) for v in points):
            return False  # out of order, or overlapping
    if any(b[0] is not None and (b[0] > high or (b[0] == high and b[1])) for b in bands):
        return False  # a band above every value
    return all(sum(_holds(b, v) for b in bands) == 1 for v in points if low <= v <= high)


@settings(max_examples=600, deadline=None)
@given(st.one_of(_BANDS, _near()))
def test_the_compiler_accepts_exactly_the_bands_that_cover_the_range_once(
        bands: list[tuple[Fraction | None, bool, Fraction | None, bool]]) -> None:
    levels = "\n".join(
        "    level L{} {}".format(i, unparse.band(s.Band(
            low=low, low_open=low_open and low is not None, high=high,
            high_open=high_open and high is not None)))
        for i, (low, low_open, high, high_open) in enumerate(bands))
    text = f"input x {{ decimal 0..10 }}\ngrade g by x {{\n{levels}\n}}\n"
    normal = [(lo, lo_open and lo is not None, hi, hi_open and hi is not None)
              for lo, lo_open, hi, hi_open in bands]
    assert (_errors(text) == []) == _acceptable(normal, Fraction(0), Fraction(10)), text
