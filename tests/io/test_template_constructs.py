"""The templates of rulesets that use the constructs beyond the first language: grades (bands,
rules, caps, numbered levels), rounding, scales on a range with numbered options, "not
applicable" answers under each `na` policy, weighted means, facts, views, total and share()
in expressions, weights that depend on facts, `every KIND under`.

LibreOffice recalculates filled xlsx templates of the corpus rulesets (several answer sheets
each) and of generated ones, in one run, and every score, share, derived value, view,
predicate, condition, grade, grade value and level the sheet computes equals zona's exact
figure. The dropdowns offer numbered and "not applicable" options, the text templates list
them, and a filled template reads them back."""

from __future__ import annotations

import json
import random
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import zona
from tests.conftest import DATA, ROOT
from tests.io.test_template import SOFFICE, compare_sheet, fill, random_answers, recalculate
from tests.sheets import extreme_answers
from tests.strategies import answer_sheets, valid_rulesets
from tests.strategies_levels import level_rulesets, level_sheets
from zona.io import read_answers, read_lke
from zona.io.template import template_text, write_template
from zona.io.workbook import kind_role

openpyxl = pytest.importorskip("openpyxl", reason="openpyxl writes and reads templates")

VALID = DATA / "valid"
CORPUS = [VALID / f"{name}.zona" for name in (
    "grades_bands", "grades_rules", "levels_scale", "not_applicable", "weighted_mean",
    "rounding", "fact_expressions", "all_constructs", "sakip_88_2021", "spip_maturity")]
CORPUS.append(ROOT / "examples" / "spbe-59-2020.zona")

# Float ties: 0.7 + 0.1 is 0.7999999999999999 and 0.15 x 3 is 0.44999999999999996 in binary
# floating point; in zona they are exactly 0.8 and 0.45, on a band's edge and a half.
EDGES = """
ruleset "tepi" { }
input a { decimal 0..1 }
input b { decimal 0..1 }
item s { score = min(1, a + b) }
derived lantai = floor(a + b, 1)
derived atap = ceil(a + b, 1)
derived setengah = round(a * 3, 1)
derived genap = round(a * 3, 1, half_even)
derived turun = round(a * 3, 1, half_down)
grade g by s { level lo .. < 0.8  level hi 0.8 .. }
grade h by s { level lo .. 0.8  level hi > 0.8 .. }
grade k by setengah { level lo .. < 0.5  level hi 0.5 .. }
predicate P { require grade g >= hi  require grade h == lo }
"""
# Everything at once: weights that depend on two facts, a weighted mean with `na full` and
# `missing zero` children, sums re-weighted when a child is left out, items under `na zero`
# and `na full` that read answers, shares, views and facts, rounding in an item and in
# derived values, a grade by bands with capped levels and a grade by rules over another
# grade, and predicates over both (a fact left out makes some undecided).
MIXED = """
ruleset "campuran" { missing exclude  na reweight }
scale y "Y/T/TR" { Y = 1, T = 0, S = 0.5, TR = na "Tidak relevan" }
scale lv "Tingkat" range 0..4 { 0, 1, 2, 3 = 2.5, 4, X = na }
fact jenis levels { pusat, daerah, desa }
fact besar yesno
fact ramai yesno
fact faktor number 0..3

group a "A" {
    weight = if fact jenis == pusat then 10 else if fact jenis == daerah then 20 else 5
    aggregate weighted
    question a1 { weight 2  scale y }
    question a2 { weight 1  scale lv  na full }
    group a3 { weight 3  missing zero  question a31 { scale y }  question a32 { scale y  na zero } }
}
group b "B" {
    weight = if fact besar then 30 else 20
    question b1 { weight = if fact besar then 10 else 5  scale y }
    question b2 { weight 5  scale lv }
    question b3 { weight = if fact besar then 15 else 10  scale y }
}
group c "C" {
    weight 10
    na zero
    item c1 { weight 5  score = min(5, a1 * 5 + share(a3)) }
    item c2 { weight 5  na full  score = min(5, x2 * 2) }
    input x2 { scale lv }
}
group d "D" {
    weight 4
    item d1 { weight 4  score = min(4, max(0, round(v / 10 * fact faktor, 1, half_even))) }
}
view v = a + b
derived lewat = if a >= 5 and fact jenis >= daerah then round(total, 1)
    else floor(share(b) * 100, 0)
derived hasil = divide(b1 + b2, a1, ceil(total / 3, 2))
grade g by round(share(total) * 100, 0) {
    level rendah .. < 40
    level sedang 40 .. < 70 when every question under total: share >= 20%
    level tinggi 70 ..      when fact ramai == yes
}
grade r {
    level 0
    level 1 when every child of a: share >= 40% or v >= 15
    level 2 when grade g >= sedang and every question under b: score >= 2
}
predicate P {
    require grade r >= 1  require every question under total: share >= 30%  require c > 2
}
predicate Q { require not predicate P or share(d) >= 50%  require grade g == tinggi }
"""

EDGE_SHEETS = [{"a": "0.7", "b": "0.1"}, {"a": "0.15", "b": "0.65"}, {"a": "0.25", "b": "0"},
               {"a": "0.35", "b": "0.45"}]


def _answers_file(path: Path) -> tuple[dict[str, object], dict[str, object]]:
    for candidate in (path.with_suffix(".answers.json"),
                      path.parent / f"{path.stem}.answers.json"):
        if candidate.exists():
            document = json.loads(candidate.read_text(encoding="utf-8"))
            return document.get("answers", {}), document.get("facts", {})
    return {}, {}


def random_facts(ruleset: zona.Ruleset, seed: int) -> dict[str, object]:
    rng = random.Random(seed)
    found: dict[str, object] = {}
    for fact in ruleset.facts:
        if fact.kind == "levels":
            found[fact.name] = rng.choice(fact.levels)
        elif fact.kind == "yesno":
            found[fact.name] = rng.choice([True, False])
        else:
            low, high = fact.low or Fraction(0), fact.high or Fraction(10)
            found[fact.name] = str(float(low + (high - low) * Fraction(rng.randint(0, 100),
                                                                          100)))
    return found


def cases(path: Path) -> list[tuple[str, dict[str, object], dict[str, object]]]:
    """The corpus file's own answers, the best and the worst, random ones (blanks, numbered
    and "not applicable" answers), and one sheet for each combination of the facts the
    weights depend on."""
    ruleset = zona.load(path)
    answers, facts = _answers_file(path)
    found = [("given", answers, facts),
             ("best", extreme_answers(ruleset, True), random_facts(ruleset, 1)),
             ("worst", extreme_answers(ruleset, False), random_facts(ruleset, 2))]
    for seed in (5, 6):
        blank = 0.0 if ruleset.missing == "error" else 0.15
        found.append((f"random {seed}", random_answers(ruleset, seed, blank),
                      random_facts(ruleset, seed)))
    for key in list(ruleset.variants)[1:]:
        found.append((f"weights {key}", random_answers(ruleset, 9, 0.0),
                      {**random_facts(ruleset, 9), **dict(zip(ruleset.weight_facts, key,
                                                              strict=True))}))
    return found


def _generated() -> list[tuple[str, dict[str, object], dict[str, object]]]:
    """Small generated rulesets: levels, weighted means, "not applicable" and `every KIND
    under` (tests.strategies_levels); grades by bands over rounded values and by rules
    (valid_rulesets(grades=True))."""
    found: list[tuple[str, dict[str, object], dict[str, object]]] = []

    @settings(max_examples=8, derandomize=True, database=None, deadline=None,
              suppress_health_check=list(HealthCheck))
    @given(st.data())
    def levels(data: st.DataObject) -> None:
        generated = data.draw(level_rulesets(na=True))
        found.append((generated.text, data.draw(level_sheets(generated)), {}))

    @settings(max_examples=6, derandomize=True, database=None, deadline=None,
              suppress_health_check=list(HealthCheck))
    @given(st.data())
    def graded(data: st.DataObject) -> None:
        generated = data.draw(valid_rulesets(grades=True))
        answers, facts = data.draw(answer_sheets(generated))
        found.append((generated.text, answers, facts))

    levels()
    graded()
    return found


@pytest.fixture(scope="module")
def recalculated(tmp_path_factory: pytest.TempPathFactory
                 ) -> list[tuple[str, Path, zona.Result]]:
    """Every case's filled template, recalculated by LibreOffice in one run."""
    if SOFFICE is None:
        pytest.skip("LibreOffice (soffice) is not installed: apt-get install "
                    "libreoffice-calc-nogui to check the templates' own formulas")
    folder = tmp_path_factory.mktemp("constructs")
    jobs: list[tuple[str, Path, zona.Result]] = []

    def add(label: str, ruleset: zona.Ruleset, sheets: list[tuple[str, dict[str, object],
                                                                  dict[str, object]]]) -> None:
        template = folder / f"{len(jobs)}.xlsx"
        write_template(ruleset, template)
        for case, answers, facts in sheets:
            try:
                result = ruleset.score(answers, facts)
            except zona.ZonaAnswerError:
                continue  # answers zona refuses (a blank under `missing error`)
            path = fill(template, folder / f"{len(jobs)}-filled.xlsx", answers, facts)
            jobs.append((f"{label} / {case}", path, result))

    for path in CORPUS:
        add(path.name, zona.load(path), cases(path))
    add("edges", zona.loads(EDGES, "edges"), [(str(s), s, {}) for s in EDGE_SHEETS])
    mixed = zona.loads(MIXED, "mixed")
    sheets = []
    for seed in range(8):
        facts = random_facts(mixed, seed)
        if seed % 3 == 1:
            del facts["ramai"]  # the top level of grade g is undecided
        sheets.append((f"seed {seed}", random_answers(mixed, seed, (0, 0.15, 0.5)[seed % 3]),
                       facts))
    add("mixed", mixed, sheets)
    for index, (text, answers, facts) in enumerate(_generated()):
        add(f"generated {index}:\n{text}", zona.loads(text, f"generated-{index}"),
            [("drawn", answers, facts)])
    done = recalculate([p for _, p, _ in jobs], folder / "out")
    return [(label, out, result) for (label, _, result), out in zip(jobs, done, strict=True)]


def test_the_formulas_of_every_construct_give_zonas_figures(
        recalculated: list[tuple[str, Path, zona.Result]]) -> None:
    checked = 0
    for label, path, result in recalculated:
        try:
            checked += compare_sheet(path, result)
        except AssertionError as error:
            raise AssertionError(f"{label}: {error}") from None
    assert len(recalculated) > 60 and checked > 4000


def _cells(path: Path) -> dict[tuple[str, str], object]:
    rows = openpyxl.load_workbook(path, data_only=True)["Jawaban"].iter_rows(values_only=True)
    return {(kind_role(str(r[1])), str(r[0])): r[8] for r in rows if r[0] is not None}


def test_what_the_sheets_show(recalculated: list[tuple[str, Path, zona.Result]]) -> None:
    """Hand-computed figures (the corpus files' comments), as the sheet shows them."""
    jobs = {label: path for label, path, _ in recalculated}
    spbe = _cells(jobs["spbe-59-2020.zona / given"])
    assert spbe[("grade", "predikat")] == zona.load(CORPUS[-1]).score(
        *_answers_file(CORPUS[-1])).grades["predikat"].level
    na = _cells(jobs["not_applicable.zona / given"])
    assert abs(na[("total", "total")] - 341 / 19) < 1e-12  # type: ignore[operator]
    assert (na[("group", "semua")], na[("subarea", "evaluasi")]) == ("n/a", 2.5)
    assert na[("derived", "c2_kali")] == "n/a"
    rules = _cells(jobs["grades_rules.zona / given"])
    assert (rules[("grade", "maturitas")], rules[("grade", "zi")]) == (2, None)
    rounding = _cells(jobs["rounding.zona / given"])
    assert [rounding[("derived", n)] for n in ("r_a", "r_a_even", "r_a_down", "f_even",
                                                "f_up")] == [67.69, 67.68, 67.68, 0.12, 0.13]
    constructs = _cells(jobs["all_constructs.zona / given"])
    assert (constructs[("derived", "skor_bulat")], constructs[("derived", "skor_genap")],
            constructs[("grade", "mutu")]) == (67.41, 67.4, "B")
    edges = _cells(jobs["edges / {'a': '0.7', 'b': '0.1'}"])
    assert (edges[("derived", "lantai")], edges[("grade", "g")], edges[("grade", "h")],
            edges[("predicate", "P")]) == (0.8, "hi", "lo", 1)


# --- dropdowns, text templates and reading back ----------------------------------------------


def test_dropdowns_offer_numbered_levels_and_not_applicable(tmp_path: Path) -> None:
    ruleset = zona.load(ROOT / "examples" / "spbe-59-2020.zona")
    path = tmp_path / "spbe.xlsx"
    write_template(ruleset, path)
    sheet = openpyxl.load_workbook(path)["Jawaban"]
    lists = {}
    for rule in sheet.data_validations.dataValidation:
        for ranges in rule.sqref.ranges:
            for row in range(ranges.min_row, ranges.max_row + 1):
                lists[sheet.cell(row, 1).value] = rule.formula1
    assert (lists["i1"], lists["i45"]) == ('"1,2,3,4,5"', '"1,2,3,4,5,TR"')
    types = {r[0]: r[6] for r in sheet.iter_rows(values_only=True) if r[0]}
    assert types["i45"].endswith("5 = Optimum, TR = Tidak relevan (n/a)")


def test_text_templates_list_not_applicable_and_numbered_options() -> None:
    ruleset = zona.load(VALID / "all_constructs.zona")
    document = json.loads(template_text(ruleset, "json"))
    questions = {q["id"]: q for q in document["template"]["questions"]}
    assert (questions["p2"]["choices"], questions["p2"]["not_applicable"]) == (
        ["Y", "T", "TR"], ["TR"])
    assert questions["d1"]["choices"] == ["0", "1", "2", "3", "4", "5"]
    assert questions["d1"]["labels"]["3"] == "Terdefinisi"
    yaml = template_text(ruleset, "yaml")
    assert "(Y/T: Y, T, TR = Tidak relevan (n/a))\n  p2:\n" in yaml
    assert "(Tingkat: 0 = Belum ada, 1, 2, 3 = Terdefinisi, 4, 5 = Optimum)\n  d1:\n" in yaml
    rows = {line.split(",", 1)[0]: line for line in template_text(ruleset, "csv").splitlines()}
    assert rows["p2"].startswith("p2,,,,Y/T,Y/T/TR,")
    assert rows["p2"].endswith(',TR,"Y, T, TR = Tidak relevan (n/a)"')


@pytest.mark.parametrize("fmt", ["xlsx", "csv", "json", "yaml"])
def test_filled_templates_read_back_numbers_and_not_applicable(fmt: str, tmp_path: Path) -> None:
    ruleset = zona.load(VALID / "all_constructs.zona")
    answers: dict[str, object] = {"d1": 4, "d2": "3", "p1": "Y", "p2": "TR", "t1": "Y",
                                  "t2": "tr", "n_unit": 4}
    facts = {"instansi": "pemda", "faktor": "1.105", "sakip": "BB", "spip_level": 2}
    expected = ruleset.score(answers, facts)
    path = tmp_path / f"unit.{fmt}"
    if fmt == "xlsx":
        write_template(ruleset, tmp_path / "blank.xlsx")
        fill(tmp_path / "blank.xlsx", path, answers, facts)
        sheet = read_lke(path, ruleset).answers
    else:
        document = json.loads(template_text(ruleset, "json"))
        document["answers"].update(answers)
        document["facts"].update(facts)
        if fmt == "json":
            path.write_text(json.dumps(document), encoding="utf-8")
        elif fmt == "yaml":
            text = template_text(ruleset, "yaml")
            for key, value in {**answers, **facts}.items():
                text = text.replace(f"\n  {key}:\n", f"\n  {key}: {value}\n", 1)
            path.write_text(text, encoding="utf-8")
        else:
            lines = [f"{k},{v}" for k, v in answers.items()]
            lines += [f"fact:{k},{v}" for k, v in facts.items()]
            path.write_text("id,answer\n" + "\n".join(lines) + "\n", encoding="utf-8")
        sheet = read_answers(path, ruleset)
    found = sheet.score(ruleset)
    assert found.total.score == expected.total.score == 61
    assert found.not_applicable == ("p2", "t2")
    assert {k: g.level for k, g in found.grades.items()} == {"mutu": "B", "status": "belum"}


def test_the_template_supports_every_construct() -> None:
    """Every construct beyond the first language has formulas: none is refused."""
    from zona.io.workbook import SUPPORTED
    from zona.model.features import FEATURES

    assert set(FEATURES) <= SUPPORTED
