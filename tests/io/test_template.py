"""Templates: `zona template` for any ruleset, in xlsx (live formulas, dropdowns,
validation), CSV, JSON and YAML; each reads back through `zona score`, and the xlsx
template's own formulas, recalculated by LibreOffice, give zona's exact figures.
Writing is atomic. (Reading templates with errors in them: test_io_template.py.)"""

from __future__ import annotations

import json
import random
import shutil
import subprocess
from collections.abc import Iterator, Mapping, Sequence
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import zona
from tests.conftest import ROOT
from tests.sheets import extreme_answers
from tests.strategies import Generated, answer_sheets, valid_rulesets
from zona import model as m
from zona.cli.main import main
from zona.errors import ZonaError
from zona.io import read_answers, read_lke
from zona.io.template import template_text, write_template
from zona.io.workbook import kind_role
from zona.numtext import exact_text
from zona.scoring.result import ConditionResult, Result

openpyxl = pytest.importorskip("openpyxl", reason="openpyxl writes and reads templates")


# --- helpers: fill a template, recalculate it with LibreOffice, compare with zona ---

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
NODE_KINDS = {"total", "component", "subcomponent", "area", "subarea", "group", "question",
              "item"}


def cell_value(value: object) -> object:
    """An answer as a spreadsheet user types it: numbers as numbers, yes/no as Ya/Tidak."""
    if isinstance(value, bool):
        return "Ya" if value else "Tidak"
    if isinstance(value, Fraction):
        return value.numerator if value.denominator == 1 else float(value)
    if isinstance(value, str):
        try:
            number = Fraction(value)
        except ValueError:
            return value
        return cell_value(number)
    return value


def fill(template: Path, out: Path, answers: Mapping[str, object],
         facts: Mapping[str, object] | None = None,
         meta: Mapping[str, str] | None = None) -> Path:
    """A copy of the template with answers, facts and unit/assessor rows filled in."""
    import openpyxl

    book = openpyxl.load_workbook(template)
    sheet = book["Jawaban"]
    for row in sheet.iter_rows():
        key, kind, answer = row[0].value, kind_role(str(row[1].value or "")), row[7]
        if kind in ("question", "input") and answers.get(key) is not None:
            answer.value = cell_value(answers[key])
        elif kind == "fact" and (facts or {}).get(key) is not None:
            answer.value = cell_value((facts or {})[key])
        elif kind in (meta or {}):
            answer.value = (meta or {})[kind]
    book.save(out)
    return out


def recalculate(files: Sequence[Path], folder: Path) -> list[Path]:
    """Open and re-save the workbooks with LibreOffice (formulas are computed on load)."""
    assert SOFFICE is not None
    folder.mkdir(parents=True, exist_ok=True)
    profile = (folder / "profile").resolve().as_uri()
    subprocess.run([SOFFICE, f"-env:UserInstallation={profile}", "--headless",
                    "--convert-to", "xlsx", "--outdir", str(folder), *map(str, files)],
                   check=True, capture_output=True, timeout=300)
    found = [folder / f.name for f in files]
    missing = [f for f in found if not f.exists()]
    assert not missing, f"LibreOffice wrote no {missing}"
    return found


def _members(ruleset: zona.Ruleset, condition: m.Every) -> list[str]:
    if condition.members:
        return list(condition.members)
    views = ruleset.views_by_name
    group = views[condition.group].children if condition.group in views \
        else ruleset.node(condition.group).children
    return [c.name for c in group]


def _flat(result: Result, conditions: Sequence[ConditionResult]
          ) -> Iterator[tuple[str, object]]:
    """Each condition's row, as the template lays them out: its verdict, then its parts'; an
    `every` condition's row per node compared ("n/a" for a node it skips)."""
    for condition in conditions:
        yield "condition", _verdict(condition.passed)
        if isinstance(condition.condition, m.Every):
            parts = {p.subject: p for p in condition.parts}
            for name in _members(result.ruleset, condition.condition):
                part = parts.get(name)
                yield "condition", NA if part is None else _verdict(part.passed)
        else:
            yield from _flat(result, condition.parts)


def expected_rows(result: Result) -> Iterator[tuple[str, object]]:
    """The verdict rows of the predicates and grades, in order, each (kind, value)."""
    for predicate in result.predicates.values():
        yield "predicate", _verdict(predicate.passed)
        yield from _flat(result, predicate.conditions)
    for grade in result.grades.values():
        level = grade.level
        yield "grade", int(level) if level is not None and grade.grade.numbered else level
        if grade.grade.by_bands:
            yield "value", grade.value
        for index, (found, level_result) in enumerate(zip(
                grade.grade.levels, grade.levels.values(), strict=True)):
            yield "level", _verdict(level_result.holds)
            if index and found.when is not None:
                if found.band is not None:
                    yield "band", _verdict(level_result.reached)
                yield from _flat(result, level_result.conditions)


NA = "n/a"
VERDICT_KINDS = {"predicate", "condition", "grade", "value", "level", "band"}


def _verdict(passed: bool | None) -> int | None:
    return None if passed is None else int(passed)


def _close(actual: object, expected: Fraction, where: str) -> None:
    assert isinstance(actual, int | float) and not isinstance(actual, bool), (where, actual)
    assert abs(actual - float(expected)) <= 1e-9 * max(1.0, abs(float(expected))), (
        where, actual, expected)


def compare_sheet(path: Path, result: Result) -> int:
    """Assert every computed cell of a recalculated template equals zona's result; the
    number of cells compared."""
    import openpyxl

    sheet = openpyxl.load_workbook(path, data_only=True)["Jawaban"]
    verdicts = expected_rows(result)
    checked = 0
    for row in sheet.iter_rows():
        key, score, share = row[0].value, row[8].value, row[9].value
        kind = kind_role(str(row[1].value or ""))
        where = f"{path.name}!I{row[0].row} ({key})"
        if kind in NODE_KINDS:
            node = result.nodes[key]
            if not node.applicable and node.node.na == "reweight":
                assert (score, share) == (NA, NA), (where, score, share)
            elif node.answered:
                _close(score, node.score, where)
                _close(share, node.share, where)
            else:
                assert score is None, (where, score)
                assert share == (0 if node.node.missing == "zero" else None), (where, share)
            checked += 2
        elif kind == "derived":
            value = result.values.get(key)
            if value is None:
                assert score in (None, NA), (where, score)
            else:
                _close(score, value, where)
            checked += 1
        elif kind == "view":
            view = result.views[key]
            _close(score, view.score, where)
            _close(share, view.share, where)
            checked += 2
        elif kind in VERDICT_KINDS:
            expected_kind, expected = next(verdicts)
            assert kind == expected_kind, (where, kind, expected_kind)
            if isinstance(expected, Fraction):
                _close(score, expected, where)
            else:
                assert score == expected, (where, row[3].value, score, expected)
            checked += 1
    assert next(verdicts, None) is None, "a condition or grade has no row"
    return checked


EXAMPLE = ROOT / "examples" / "example.zona"
BUILTIN = ["permenpan-52-2014", "permenpan-90-2021", "portalrb-2026"]
FULL_FACTS = {"prior_predicate": "WBK", "bpk_opinion": "WTP", "sakip": "BB",
              "instansi": "kementerian", "indeks_rb": "BB", "spip_maturity": 3, "tlhp": 100,
              "lhkpn_compliance": 100, "lhkasn_compliance": 100, "zi_years": 2,
              "kkn_case": False, "revoked_recently": False}


# 0.7 + 0.1 is 0.7999999999999999 in binary floating point: exactly on the threshold in
# zona, just below it in a naive comparison (LibreOffice and Excel round sums to 15
# significant digits, and the template compares differences rounded to 9 decimals).
EDGE = """
ruleset "tepat" { maximum 1 }
input a "A" { decimal 0..1 }
input b "B" { decimal 0..1 }
item s "Jumlah" { score = min(1, a + b) }
predicate P "Tepat 0.8" { require s >= 0.8 }
"""


def rulesets() -> dict[str, zona.Ruleset]:
    return {**{n: zona.load_builtin(n) for n in BUILTIN}, "example": zona.load(EXAMPLE)}


def random_answers(ruleset: zona.Ruleset, seed: int, blank: float = 0.15) -> dict[str, object]:
    """Seeded answers of every kind, some left blank."""
    rng = random.Random(seed)
    found: dict[str, object] = {}
    for spec in ruleset.inputs:
        if rng.random() < blank:
            continue
        if spec.kind == "choice" and spec.scale is not None:
            found[spec.name] = rng.choice(spec.scale.names)
        elif spec.kind == "count":
            found[spec.name] = rng.choice([0, 0, 1, 2, 3, 5, 8, 13])
        else:
            low, high = spec.low or Fraction(0), spec.high or Fraction(1)
            found[spec.name] = exact_text(low + (high - low) * Fraction(rng.randint(0, 100), 100))
    return found


def facts_for(ruleset: zona.Ruleset) -> dict[str, object]:
    return {k: v for k, v in FULL_FACTS.items() if k in ruleset.facts_by_name}


def cases(ruleset: zona.Ruleset) -> dict[str, tuple[dict[str, object], dict[str, object]]]:
    """Answer sets for a real ruleset: best, worst, random with blanks, on thresholds."""
    best = extreme_answers(ruleset, True)
    found = {"best": (best, facts_for(ruleset)), "worst": (extreme_answers(ruleset, False), {}),
             "random": (random_answers(ruleset, 7), {"prior_predicate": "none"}),
             "sparse": (random_answers(ruleset, 11, blank=0.8), {}), "empty": ({}, {})}
    if "q125" in ruleset.inputs_by_name and "q127" in ruleset.inputs_by_name:
        # IPAK index 3.60 and IPKP index 3.20 are exactly on the WBK thresholds
        found["boundary"] = ({**best, "q125": "3.6", "q127": "3.2"}, facts_for(ruleset))
    return {k: (a, {f: v for f, v in facts.items() if f in ruleset.facts_by_name})
            for k, (a, facts) in found.items()}


# --- the xlsx template ---------------------------------------------------------------


@pytest.fixture(scope="module")
def templates(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("templates")
    found = {}
    for name, ruleset in rulesets().items():
        found[name] = folder / f"{name}.xlsx"
        write_template(ruleset, found[name])
    return found


def _rows(path: Path) -> list[tuple[Any, ...]]:
    """The rows of sheet Jawaban, each row's kind (column B) in English."""
    return [(r[0], kind_role(str(r[1] or "")) or r[1], *r[2:])
            for r in openpyxl.load_workbook(path)["Jawaban"].iter_rows(values_only=True)]


@pytest.mark.parametrize("name", [*BUILTIN, "example"])
def test_one_row_per_node_input_and_fact(name: str, templates: dict[str, Path]) -> None:
    ruleset = rulesets()[name]
    rows = _rows(templates[name])
    answered = [r[0] for r in rows if r[1] in ("question", "input")]
    assert sorted(answered) == sorted(i.name for i in ruleset.inputs)
    assert len(answered) == len(set(answered))
    nodes = [r[0] for r in rows if r[1] in {n.kind for n in ruleset.root.walk()}]
    assert nodes == list(ruleset.nodes)
    assert [r[0] for r in rows if r[1] == "fact"] == [f.name for f in ruleset.facts]
    assert [r[0] for r in rows if r[1] == "predicate"] == [p.name for p in ruleset.predicates]


def test_90_2021_rows_read_like_the_lke(templates: dict[str, Path]) -> None:
    rows = {r[0]: r for r in _rows(templates["permenpan-90-2021"]) if r[0]}
    # id, kind, number, text, weight, criteria, answer type, answer, score, share, soal
    q1 = rows["q1"]
    assert q1[:5] == ("q1", "question", "a.", "Unit kerja telah membentuk tim untuk melakukan "
                      "pembangunan Zona Integritas", None)
    assert (q1[5], q1[6], q1[10]) == ("Ya, jika Tim telah dibentuk di dalam unit kerja.",
                                      "Ya/Tidak", 1)
    assert rows["pem_mp_tim"][2:5] == ("i.", "Penyusunan Tim Kerja", 0.5)
    assert rows["pengungkit"][2:5] == ("A.", "Pengungkit", 60)
    assert rows["q88"][1:3] == ("input", "-") and rows["q88"][6] == "Jumlah"
    assert rows["q125"][6] == "Nilai (0-4)"
    # formulas come from the compiled model: a sub-area averages its questions' shares
    assert rows["pem_mp_tim"][8] == '=IF(COUNT(J15,J16)=0,"",AVERAGE(J15,J16)*0.5)'
    at = {key: number for number, key in enumerate(
        (r[0] for r in _rows(templates["permenpan-90-2021"])), start=1) if key}
    last, this = f"H{at['q102']}", f"H{at['q103']}"
    assert rows["ref_disiplin_turun"][8] == (
        f'=IF(OR({last}="",{this}=""),"",MAX(0,IF({last}=0,IF((ROUND({this},9)=0),1,0),'
        f'({last}-{this})/{last})))')
    filed, due = f"H{at['q116']}", f"I{at['lhkpn_wajib']}"
    assert rows["ref_lhkpn_lapor"][8] == (
        f'=IF(OR({filed}="",{due}=""),"",MIN(1,IF({due}=0,1,{filed}/{due})))')
    parts = [f"H{at[q]}" for q in ("q113", "q114", "q115")]
    assert rows["lhkpn_wajib"][8] == ("=IF(OR(" + ",".join(f'{p}=""' for p in parts)
                                      + f'),"",(({parts[0]}+{parts[1]})+{parts[2]}))')


@pytest.mark.parametrize("name", [*BUILTIN, "example"])
def test_every_answer_cell_is_validated(name: str, templates: dict[str, Path]) -> None:
    ruleset = rulesets()[name]
    sheet = openpyxl.load_workbook(templates[name])["Jawaban"]
    rules: dict[str, Any] = {}
    for rule in sheet.data_validations.dataValidation:
        for ranges in rule.sqref.ranges:
            for row in ranges.rows:
                for cell in row:
                    rules[f"{cell[1]}{cell[0]}" if False else _coordinate(cell)] = rule
    checked = 0
    for row in sheet.iter_rows():
        key, kind = row[0].value, kind_role(str(row[1].value or ""))
        if kind not in ("question", "input", "fact"):
            continue
        rule = rules.get(row[7].coordinate)
        item = ruleset.inputs_by_name.get(key) if kind != "fact" else ruleset.facts_by_name[key]
        if kind == "fact":
            assert item is not None
            if item.kind == "levels":
                assert (rule.type, rule.formula1) == ("list", '"' + ",".join(item.levels) + '"')
            elif item.kind == "yesno":
                assert (rule.type, rule.formula1) == ("list", '"Ya,Tidak"')
            elif item.low is not None:
                assert rule.type == "decimal"
            continue
        assert item is not None and rule is not None, key
        if item.kind == "choice":
            assert item.scale is not None
            assert (rule.type, rule.formula1) == ("list", '"' + ",".join(item.scale.names) + '"')
        elif item.kind == "count":
            assert (rule.type, rule.operator, rule.formula1) == ("whole", "greaterThanOrEqual",
                                                                 "0")
        else:
            assert (rule.type, rule.operator) == ("decimal", "between")
            assert (Fraction(rule.formula1), Fraction(rule.formula2)) == (item.low, item.high)
        checked += 1
    assert checked == len(ruleset.inputs)


def _coordinate(cell: tuple[int, int]) -> str:
    from openpyxl.utils import get_column_letter

    return f"{get_column_letter(cell[1])}{cell[0]}"


@pytest.mark.parametrize("name", [*BUILTIN, "example"])
def test_filled_template_scores_the_same(name: str, templates: dict[str, Path],
                                         tmp_path: Path) -> None:
    """template -> filled -> read_lke -> the same exact figures as scoring the answers."""
    ruleset = rulesets()[name]
    for case, (answers, facts) in cases(ruleset).items():
        path = fill(templates[name], tmp_path / f"{case}.xlsx", answers, facts,
                    {"unit": "Kantor Uji", "assessor": "tpi"})
        sheet = read_lke(path, ruleset if name == "example" else None)
        assert sheet.warnings == ()
        assert (sheet.answers.unit, sheet.answers.assessor) == ("Kantor Uji", "tpi")
        expected = ruleset.score(answers, facts)
        found = sheet.answers.score(ruleset)
        assert found.total.score == expected.total.score, case
        assert {k: v.passed for k, v in found.predicates.items()} == {
            k: v.passed for k, v in expected.predicates.items()}, case


def test_zona_score_reads_a_filled_template(templates: dict[str, Path], tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    ruleset = zona.load_builtin("permenpan-90-2021")
    answers = extreme_answers(ruleset, True)
    path = fill(templates["permenpan-90-2021"], tmp_path / "unit.xlsx", answers,
                {"prior_predicate": "WBK"}, {"unit": "Kantor Uji"})
    assert main(["score", str(path), "--json"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert (document["unit"], document["ruleset"], document["total_exact"]) == (
        "Kantor Uji", "permenpan-90-2021", "100")
    assert document["predicates"]["WBBM"]["passed"] is True


# --- the template's own formulas, recalculated by LibreOffice ------------------------


def _generated_cases() -> list[tuple[Generated, dict[str, object], dict[str, object]]]:
    found: list[tuple[Generated, dict[str, object], dict[str, object]]] = []

    @settings(max_examples=12, derandomize=True, database=None, deadline=None,
              suppress_health_check=list(HealthCheck))
    @given(st.data())
    def draw(data: st.DataObject) -> None:
        generated = data.draw(valid_rulesets())
        answers, facts = data.draw(answer_sheets(generated))
        found.append((generated, answers, facts))

    draw()
    return found


@pytest.fixture(scope="module")
def recalculated(tmp_path_factory: pytest.TempPathFactory
                 ) -> list[tuple[str, Path, zona.Result]]:
    """Every case's filled template, recalculated by LibreOffice in one run."""
    if SOFFICE is None:
        pytest.skip("LibreOffice (soffice) is not installed: apt-get install "
                    "libreoffice-calc-nogui to check the templates' own formulas")
    folder = tmp_path_factory.mktemp("recalculated")
    jobs: list[tuple[str, Path, zona.Result]] = []
    for name, ruleset in rulesets().items():
        template = folder / f"{name}.xlsx"
        write_template(ruleset, template)
        for case, (answers, facts) in cases(ruleset).items():
            path = fill(template, folder / f"{name}-{case}.xlsx", answers, facts)
            jobs.append((f"{name}/{case}", path, ruleset.score(answers, facts)))
    edge = zona.loads(EDGE, "edge")
    write_template(edge, folder / "edge.xlsx")
    path = fill(folder / "edge.xlsx", folder / "edge-filled.xlsx", {"a": "0.7", "b": "0.1"})
    jobs.append(("edge", path, edge.score({"a": "0.7", "b": "0.1"})))
    for index, (generated, answers, facts) in enumerate(_generated_cases()):
        ruleset = zona.loads(generated.text, f"generated-{index}")
        template = folder / f"generated-{index}.xlsx"
        write_template(ruleset, template)
        path = fill(template, folder / f"generated-{index}-filled.xlsx", answers, facts)
        jobs.append((f"generated {index}:\n{generated.text}", path,
                     ruleset.score(answers, facts)))
    done = recalculate([p for _, p, _ in jobs], folder / "out")
    return [(label, out, result) for (label, _, result), out in zip(jobs, done, strict=True)]


def test_the_template_formulas_give_zonas_figures(
        recalculated: list[tuple[str, Path, zona.Result]]) -> None:
    """Every node's score and share, every derived value, view, predicate and condition
    the spreadsheet computes equals zona's exact value (as floats, within 1e-9)."""
    checked = 0
    for label, path, result in recalculated:
        try:
            checked += compare_sheet(path, result)
        except AssertionError as error:
            raise AssertionError(f"{label}: {error}") from None
    assert checked > 5000


def test_on_the_threshold_the_sheet_passes_as_zona_does(
        recalculated: list[tuple[str, Path, zona.Result]]) -> None:
    label, path, result = next(j for j in recalculated if j[0] == "permenpan-90-2021/boundary")
    wbk = result.predicates["WBK"]
    margins = {c.subject: c.margin for c in wbk.conditions if c.subject in ("ipak", "ipkp")}
    assert margins == {"ipak": 0, "ipkp": 0} and wbk.passed is True
    rows = list(openpyxl.load_workbook(path, data_only=True)["Jawaban"].iter_rows(
        values_only=True))
    assert next(r[8] for r in rows if r[0] == "WBK") == 1, label
    label, path, result = next(j for j in recalculated if j[0] == "edge")
    (condition,) = result.predicates["P"].conditions
    assert (condition.passed, condition.margin) == (True, 0)
    rows = list(openpyxl.load_workbook(path, data_only=True)["Jawaban"].iter_rows(
        values_only=True))
    assert abs(next(r[8] for r in rows if r[0] == "s") - 0.8) < 1e-15
    assert next(r[8] for r in rows if r[0] == "P") == 1


# --- text templates ------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["csv", "json", "yaml"])
@pytest.mark.parametrize("name", [*BUILTIN, "example"])
def test_text_templates_round_trip(fmt: str, name: str, tmp_path: Path) -> None:
    ruleset = rulesets()[name]
    text = template_text(ruleset, fmt)
    answers = random_answers(ruleset, 3)
    filled = _fill_text(text, fmt, answers, {"unit": "Kantor Uji"})
    path = tmp_path / f"unit.{fmt}"
    path.write_text(filled, encoding="utf-8")
    sheet = read_answers(path, ruleset)
    assert (sheet.ruleset, sheet.unit) == (ruleset.id, "Kantor Uji")
    assert sheet.score(ruleset).total.score == ruleset.score(answers).total.score
    blank = tmp_path / f"blank.{fmt}"
    blank.write_text(text, encoding="utf-8")
    assert read_answers(blank, ruleset).score(ruleset).total.answered is False


def _fill_text(text: str, fmt: str, answers: dict[str, object], meta: dict[str, str]) -> str:
    if fmt == "json":
        document = json.loads(text)
        document["answers"].update(answers)
        document.update(meta)
        return json.dumps(document)
    lines = []
    for line in text.splitlines():
        key = line.split(",", 1)[0] if fmt == "csv" else line.strip().rstrip(":")
        value = answers.get(key, meta.get(key))
        if value is not None and fmt == "csv":
            head, _, tail = line.partition(",")
            line = f"{head},{value}{tail[tail.find(','):] if ',' in tail else ''}"
        elif value is not None and line.strip() == f"{key}:":
            line = f"{line} {json.dumps(str(value))}"
        lines.append(line)
    return "\n".join(lines) + "\n"


def test_yaml_template_is_commented(tmp_path: Path) -> None:
    text = template_text(zona.load_builtin("permenpan-90-2021"), "yaml")
    assert ("  # --- Pengungkit > Pemenuhan > Manajemen Perubahan > Penyusunan Tim Kerja\n"
            "  # Unit kerja telah membentuk tim untuk melakukan pembangunan Zona Integritas "
            "(Ya/Tidak: Ya, Tidak, soal 1)\n  q1:\n") in text
    assert "  # Predikat yang sudah dimiliki unit kerja (none / WBK / WBBM)\n" in text


# --- the command, and writing atomically ---------------------------------------------


def test_template_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "lke.xlsx"
    assert main(["template", "-r", "permenpan-90-2021", "-o", str(out)]) == 0
    assert capsys.readouterr().out == (f"{out}: xlsx template of permenpan-90-2021 (127 "
                                       "questions and inputs, 12 facts)\n")
    assert openpyxl.load_workbook(out).sheetnames == ["Jawaban", "Petunjuk", "zona"]
    assert main(["template", "-r", str(EXAMPLE), "--format", "csv"]) == 0
    assert capsys.readouterr().out.startswith("id,answer,notes,evidence,type,choices,soal,"
                                              "weight,question,criteria,path,not_applicable,"
                                              "options\nruleset,example\n")
    assert main(["template", "-r", str(EXAMPLE), "-o", str(tmp_path / "x.txt")]) == 1
    assert "cannot tell the template format from the suffix .txt" in capsys.readouterr().err
    assert main(["template", "-r", str(EXAMPLE), "--format", "xlsx"]) == 1
    assert "give it with -o FILE.xlsx" in capsys.readouterr().err


class _Boom(Exception):
    pass


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_a_failing_write_leaves_nothing_behind(fmt: str, tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    import zona.io.template as template
    import zona.io.workbook as workbook

    def explode(*args: object) -> Any:
        raise _Boom

    monkeypatch.setattr(workbook, "write_workbook", explode)
    monkeypatch.setattr(template, "template_text", explode)
    new = tmp_path / f"new.{fmt}"
    with pytest.raises(_Boom):
        write_template(zona.load(EXAMPLE), new)
    old = tmp_path / f"old.{fmt}"
    old.write_bytes(b"the old template")
    with pytest.raises(_Boom):
        write_template(zona.load(EXAMPLE), old)
    assert not new.exists()
    assert old.read_bytes() == b"the old template"
    assert sorted(p.name for p in tmp_path.iterdir()) == [f"old.{fmt}"]


def test_a_write_that_fails_half_way_keeps_the_old_file(tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """The workbook is half written when saving fails: the old file stays whole."""
    import zona.io.workbook as workbook

    real = workbook.write_workbook

    def half(ruleset: zona.Ruleset, stream: Any) -> None:
        real(ruleset, stream)
        stream.truncate(100)
        raise OSError(28, "No space left on device")

    out = tmp_path / "lke.xlsx"
    write_template(zona.load(EXAMPLE), out)
    before = out.read_bytes()
    monkeypatch.setattr(workbook, "write_workbook", half)
    with pytest.raises(ZonaError, match="cannot write: No space left on device"):
        write_template(zona.load(EXAMPLE), out)
    assert out.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["lke.xlsx"]


def test_writing_where_it_cannot(tmp_path: Path) -> None:
    with pytest.raises(ZonaError, match="cannot write here: No such file or directory"):
        write_template(zona.load(EXAMPLE), tmp_path / "absent" / "lke.xlsx")
    folder = tmp_path / "folder.xlsx"
    folder.mkdir()
    with pytest.raises(ZonaError, match="is a folder"):
        write_template(zona.load(EXAMPLE), folder)
