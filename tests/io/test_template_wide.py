"""The wide template, a table to fill for many units (`zona template --wide`): its columns
are named as batch scoring reads them; filled programmatically (xlsx and CSV), it scores
through zona.batch.score_table, DuckDB and `zona batch` exactly as ruleset.score scores
each unit; the xlsx has help rows in both languages, the question as each header's
comment, dropdowns and number ranges, a frozen and protected header; LibreOffice opens
it, and the copy it saves scores the same."""

from __future__ import annotations

import csv
import io
import math
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import zona
from tests.conftest import ROOT
from tests.io.test_template import SOFFICE, cases, cell_value, recalculate, rulesets
from tests.io.test_template_xls import HOSTILE
from tests.strategies import answer_sheets, valid_rulesets
from zona.cli.main import main
from zona.errors import ZonaError
from zona.io.sheets import FACT_PREFIX, input_id
from zona.io.template_wide import CARRIED, wide_columns, wide_csv, write_wide
from zona.io.workbook_wide import FIRST_ROW, HEADER_ROW, SHEET

openpyxl = pytest.importorskip("openpyxl", reason="openpyxl writes and reads templates")
pd = pytest.importorskip("pandas")
pytest.importorskip("pyarrow")

from zona.batch import score_table  # noqa: E402
from zona.batch.files import read_units  # noqa: E402
from zona.batch.names import columns_of  # noqa: E402

LKE = zona.load_builtin("permenpan-90-2021")
FACTS_90 = ["prior_predicate", "bpk_opinion", "sakip", "instansi", "indeks_rb",
            "spip_maturity", "tlhp", "lhkpn_compliance", "lhkasn_compliance", "zi_years",
            "kkn_case", "revoked_recently"]
Unit = tuple[dict[str, object], dict[str, object]]


def units_of(ruleset: zona.Ruleset) -> list[Unit]:
    """Every case of tests/io/test_template.py (best, worst, random, sparse, empty, on the
    WBK thresholds) for the ruleset, twice over (the second time with no facts)."""
    found = list(cases(ruleset).values())
    return found + [(answers, {}) for answers, _ in found]


def fill_wide(template: Path, out: Path, ruleset: zona.Ruleset, units: list[Unit]) -> Path:
    """A copy of an xlsx wide template with one row per unit, typed as a person types:
    numbers as numbers, yes/no as Ya/Tidak, the unit's name and institution."""
    book = openpyxl.load_workbook(template)
    sheet = book[SHEET]
    header = [c.value for c in sheet[HEADER_ROW]]
    for offset, (answers, facts) in enumerate(units):
        row = FIRST_ROW + offset
        for place, name in enumerate(header, start=1):
            value = _value(ruleset, str(name), offset, answers, facts)
            if value is not None:
                sheet.cell(row, place, cell_value(value))
    book.save(out)
    return out


def _value(ruleset: zona.Ruleset, name: str, offset: int, answers: dict[str, object],
           facts: dict[str, object]) -> object:
    if name == "unit":
        return f"Kantor {offset + 1:02d}"
    if name == "instansi":
        return ("Kemen A", "Pemda B")[offset % 2]
    if name.startswith(FACT_PREFIX):
        return facts.get(name[len(FACT_PREFIX):])
    return answers.get(input_id(name, ruleset))


def check_scores(ruleset: zona.Ruleset, scored: Any, units: list[Unit]) -> None:
    """Each row of a scored pandas table has the exact path's total, verdicts and grades."""
    assert len(scored) == len(units)
    assert list(scored["unit"]) == [f"Kantor {i + 1:02d}" for i in range(len(units))]
    for index, (answers, facts) in enumerate(units):
        result = ruleset.score(answers, facts)
        assert pd.isna(scored["problems"][index]), scored["problems"][index]
        assert math.isclose(scored["total"][index], float(result.total.score),
                            rel_tol=1e-12, abs_tol=1e-12), index
        for name, predicate in result.predicates.items():
            value = scored[name][index]
            assert (None if pd.isna(value) else bool(value)) == predicate.passed, (index, name)
        for name, grade in result.grades.items():
            value = scored[name][index]
            assert (None if pd.isna(value) else value) == grade.level, (index, name)


# --- the columns -----------------------------------------------------------------------


def test_the_lke_columns_are_the_analysts_table() -> None:
    names = [c.name for c in wide_columns(LKE)]
    assert names == ["unit", "unit_id", "instansi", *(f"soal_{n}" for n in range(1, 128)),
                     *(f"fact:{f}" for f in FACTS_90)]
    assert wide_csv(LKE) == ",".join(names) + "\n"
    by_id = [c.name for c in wide_columns(LKE, "id")]
    assert by_id[3:6] == ["q1", "q2", "q3"] and by_id[-12:] == names[-12:]
    with pytest.raises(ZonaError, match="unknown column naming 'soal_n'"):
        wide_columns(LKE, "soal_n")
    shown = {c.name: (c.help_id, c.help_en) for c in wide_columns(LKE)}
    assert shown["soal_1"] == ("pilih: Ya, Tidak", "one of: Ya, Tidak")
    assert shown["soal_88"] == ("bilangan bulat ≥ 0", "a whole number ≥ 0")
    assert shown["soal_125"] == ("angka 0 sampai 4", "a number from 0 to 4")
    assert shown["fact:prior_predicate"] == ("fakta, pilih: none, WBK, WBBM",
                                             "fact, one of: none, WBK, WBBM")
    assert shown["fact:kkn_case"] == ("fakta: Ya / Tidak", "fact: Ya (yes) / Tidak (no)")
    assert shown["fact:spip_maturity"] == ("fakta: angka 0 sampai 5",
                                           "fact: a number from 0 to 5")
    assert shown["unit"] == CARRIED["unit"]


@pytest.mark.parametrize("name", ["permenpan-52-2014", "permenpan-90-2021", "portalrb-2026",
                                  "example", "all_constructs", "fact_expressions"])
@pytest.mark.parametrize("naming", ["soal", "id"])
def test_batch_reads_every_column_as_the_template_means_it(name: str, naming: str) -> None:
    """Every input and every fact (but a weight's) has its column, the carried columns are
    carried; a ruleset whose weights depend on facts leaves those to `--fact`."""
    ruleset = _ruleset(name)
    columns = wide_columns(ruleset, naming)
    found = columns_of(ruleset, [c.name for c in columns])
    assert set(found.inputs) == set(ruleset.inputs_by_name)
    assert set(found.facts) == set(ruleset.facts_by_name) - set(ruleset.weight_facts)
    assert found.carried == ["unit", "unit_id", "instansi"] and not found.warnings
    assert len({c.name for c in columns}) == len(columns)


def _ruleset(name: str) -> zona.Ruleset:
    if name in ("all_constructs", "fact_expressions"):
        return zona.load(ROOT / "tests" / "data" / "valid" / f"{name}.zona")
    return rulesets()[name]


def test_a_column_named_like_a_carried_one_is_an_input() -> None:
    ruleset = zona.loads('ruleset "u" { maximum 1 }\nscale yt "Ya/Tidak" { Ya = 1, Tidak = 0 }'
                         '\nquestion unit "Unit?" { scale yt }\n', "u")
    assert [c.name for c in wide_columns(ruleset)] == ["unit_id", "instansi", "unit"]


# --- filled and scored -----------------------------------------------------------------


@pytest.mark.parametrize("name", ["permenpan-52-2014", "permenpan-90-2021", "portalrb-2026",
                                  "example"])
def test_a_filled_xlsx_table_scores_as_the_exact_path(name: str, tmp_path: Path) -> None:
    ruleset = rulesets()[name]
    units = units_of(ruleset)
    write_wide(ruleset, tmp_path / "units.xlsx", rows=20)
    filled = fill_wide(tmp_path / "units.xlsx", tmp_path / "filled.xlsx", ruleset, units)
    table = read_units(filled, ruleset).table
    assert list(table["instansi"][:2]) == ["Kemen A", "Pemda B"]
    check_scores(ruleset, score_table(ruleset, table), units)
    frame = pd.read_excel(filled, sheet_name=SHEET, header=HEADER_ROW - 1).dropna(how="all")
    check_scores(ruleset, score_table(ruleset, frame), units)


def test_a_filled_csv_table_scores_as_the_exact_path(tmp_path: Path) -> None:
    units = units_of(LKE)
    rows = list(csv.reader(io.StringIO(wide_csv(LKE))))
    header = rows[0]
    for offset, (answers, facts) in enumerate(units):
        values = [_value(LKE, name, offset, answers, facts) for name in header]
        rows.append(["" if v is None else str(v) for v in values])
    path = tmp_path / "units.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(rows)
    scored = score_table(LKE, read_units(path, LKE).table).to_pandas()
    check_scores(LKE, scored, units)


@settings(max_examples=15, deadline=None, derandomize=True, database=None,
          suppress_health_check=list(HealthCheck))
@given(data=st.data())
def test_generated_rulesets_round_trip_through_the_xlsx_table(data: st.DataObject,
                                                              tmp_path: Path) -> None:
    generated = data.draw(valid_rulesets())
    ruleset = zona.loads(generated.text, "generated")
    units = [data.draw(answer_sheets(generated)) for _ in range(data.draw(st.integers(1, 4)))]
    path = tmp_path / "generated.xlsx"
    write_wide(ruleset, path, rows=5)
    filled = fill_wide(path, tmp_path / "generated-filled.xlsx", ruleset, units)
    check_scores(ruleset, score_table(ruleset, read_units(filled, ruleset).table), units)


def test_duckdb_scores_the_filled_table_alike(tmp_path: Path) -> None:
    """The table read back from the filled xlsx, in DuckDB with no other argument."""
    duckdb = pytest.importorskip("duckdb")
    from zona.batch.sql import to_sql
    units = units_of(LKE)
    write_wide(LKE, tmp_path / "units.xlsx", rows=20)
    filled = fill_wide(tmp_path / "units.xlsx", tmp_path / "filled.xlsx", LKE, units)
    table = read_units(filled, LKE).table
    connection = duckdb.connect()
    connection.register("answers", table)
    check_scores(LKE, connection.sql(to_sql(LKE, columns=table)).df(), units)


def test_zona_batch_scores_the_filled_table(tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    units = units_of(LKE)
    template = tmp_path / "units.xlsx"
    assert main(["template", "-r", LKE.id, "--wide", "--rows", "100", "-o", str(template)]) == 0
    assert capsys.readouterr().out == (
        f"{template}: xlsx table of units for permenpan-90-2021: 142 columns (127 questions "
        "and inputs, 12 facts), one row per unit\n")
    filled = fill_wide(template, tmp_path / "filled.xlsx", LKE, units)
    scores = tmp_path / "scores.csv"
    assert main(["batch", str(filled), "-r", LKE.id, "-o", str(scores)]) == 0
    check_scores(LKE, pd.read_csv(scores, dtype={"problems": object}).replace(
        {math.nan: None}), units)


# --- what the xlsx shows -----------------------------------------------------------------


def test_the_xlsx_layout(tmp_path: Path) -> None:
    path = tmp_path / "units.xlsx"
    write_wide(LKE, path, rows=100)
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["Unit", "Petunjuk", "zona"]
    assert book["zona"].sheet_state == "hidden"
    assert [r[:2] for r in book["zona"].iter_rows(values_only=True)][:2] == [
        ("zona wide template", "1"), ("ruleset", "permenpan-90-2021")]
    sheet = book[SHEET]
    rows = list(sheet.iter_rows(max_row=3, values_only=True))
    assert rows[2][:4] == ("unit", "unit_id", "instansi", "soal_1")
    assert [r[3] for r in rows[:2]] == ["pilih: Ya, Tidak", "one of: Ya, Tidak"]
    assert [r[90] for r in rows] == ["bilangan bulat ≥ 0", "a whole number ≥ 0", "soal_88"]
    assert sheet.max_row == 3  # nothing below the header but styles and rules
    assert sheet["D3"].comment.text.splitlines() == [
        "soal_1", "Pengungkit > Pemenuhan > Manajemen Perubahan > Penyusunan Tim Kerja",
        "Unit kerja telah membentuk tim untuk melakukan pembangunan Zona Integritas",
        *sheet["D3"].comment.text.splitlines()[3:]]
    assert sheet.freeze_panes == "B4"
    assert sheet.protection.sheet and not sheet.protection.sort
    assert all(sheet.cell(r, c).protection.locked for r in (1, 2, 3) for c in (1, 4, 142))
    letters = {sheet.cell(3, c).value: sheet.cell(3, c).column_letter for c in range(1, 143)}
    assert not sheet.column_dimensions[letters["soal_1"]].protection.locked
    assert sheet.column_dimensions[letters["soal_1"]].number_format == "@"
    assert sheet.column_dimensions[letters["soal_88"]].number_format == "0"
    rules: dict[tuple[object, ...], list[str]] = {}
    for rule in sheet.data_validations.dataValidation:
        key = (rule.type, rule.operator, rule.formula1, rule.formula2)
        rules.setdefault(key, []).extend(str(rule.sqref).split())
    yes_no = [f"soal_{s.soal}" for s in LKE.inputs
              if s.scale is not None and s.scale.names == ("Ya", "Tidak")]
    assert rules[("list", None, '"Ya,Tidak"', None)] == [
        f"{letters[n]}4:{letters[n]}103"
        for n in (*yes_no, "fact:kkn_case", "fact:revoked_recently")]
    counts = rules[("whole", "greaterThanOrEqual", "0", None)]
    assert len(counts) == 22 and f"{letters['soal_88']}4:{letters['soal_88']}103" in counts
    assert rules[("decimal", "between", "0", "4")] == [
        f"{letters['soal_125']}4:{letters['soal_125']}103",
        f"{letters['soal_127']}4:{letters['soal_127']}103"]
    assert rules[("list", None, '"none,WBK,WBBM"', None)] == [
        f"{letters['fact:prior_predicate']}4:{letters['fact:prior_predicate']}103"]
    assert rules[("decimal", "between", "0", "100")] == [
        f"{letters[f'fact:{n}']}4:{letters[f'fact:{n}']}103"
        for n in ("tlhp", "lhkpn_compliance", "lhkasn_compliance", "zi_years")]
    guide = list(book["Petunjuk"].iter_rows(values_only=True))
    assert guide[-1][:3] == ("fact:revoked_recently", "fakta: Ya / Tidak",
                             "fact: Ya (yes) / Tidak (no)")
    assert guide[4][0] == "Nilai semua unit: zona batch BERKAS.xlsx --ruleset " \
                          "permenpan-90-2021 -o nilai.csv"


def test_hostile_labels_are_text_in_the_xlsx_table(tmp_path: Path) -> None:
    """A question labelled like a formula is text wherever the table shows it."""
    ruleset = zona.loads(HOSTILE, "bahaya")
    write_wide(ruleset, tmp_path / "bahaya.xlsx", rows=3)
    book = openpyxl.load_workbook(tmp_path / "bahaya.xlsx")
    guide = {r[0].value: r[3] for r in book["Petunjuk"].iter_rows() if r[0].value}
    about = guide["q2"]
    assert (about.value, about.data_type, about.quotePrefix) == (
        '=HYPERLINK("http://evil.example","klik")\n-2 poin\n@SUM(A1:A9)', "s", True)
    assert book[SHEET]["E3"].comment.text.startswith("q2\n=HYPERLINK(")
    filled = fill_wide(tmp_path / "bahaya.xlsx", tmp_path / "filled.xlsx", ruleset,
                       [({"q1": "Ya", "q4": "Tidak"}, {})])
    assert list(score_table(ruleset, read_units(filled, ruleset).table)["total"]) == [5]


def test_a_list_too_long_for_excel_is_kept_on_the_hidden_sheet(tmp_path: Path) -> None:
    """A 90-option scale (more than Excel's 255 characters in a list) gets its dropdown
    from the hidden sheet, as in the one-unit template."""
    options = ", ".join(f"L{i} = {i}" for i in range(90))
    ruleset = zona.loads(f'ruleset "banyak" {{ maximum 89 }}\nscale many "Banyak" '
                         f'range 0..89 {{ {options} }}\nquestion q "Q" {{ scale many }}\n',
                         "banyak")
    write_wide(ruleset, tmp_path / "banyak.xlsx", rows=5)
    book = openpyxl.load_workbook(tmp_path / "banyak.xlsx")
    assert [(r.formula1, str(r.sqref)) for r in book[SHEET].data_validations.dataValidation
            ] == [("zona!$D$1:$D$90", "D4:D8")]
    assert [book["zona"][f"D{n}"].value for n in (1, 90)] == ["L0", "L89"]
    filled = fill_wide(tmp_path / "banyak.xlsx", tmp_path / "filled.xlsx", ruleset,
                       [({"q": "L45"}, {}), ({"q": "L89"}, {})])
    assert list(score_table(ruleset, read_units(filled, ruleset).table)["total"]) == [45, 89]


# --- the command -----------------------------------------------------------------------


def test_the_command_prints_the_csv_and_refuses_what_does_not_apply(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["template", "-r", LKE.id, "--wide", "--names", "id"]) == 0
    assert capsys.readouterr().out == wide_csv(LKE, "id")
    assert main(["template", "-r", LKE.id, "--wide", "-o", str(tmp_path / "u.csv")]) == 0
    assert (tmp_path / "u.csv").read_text(encoding="utf-8") == wide_csv(LKE)
    capsys.readouterr()
    refused = {
        ("--wide", "-o", "u.json"): "a wide template is a table: write it as .xlsx or .csv, "
                                    "not json",
        ("--wide", "--rows", "5", "-o", "u.csv"): "--rows sets the rows an xlsx table "
                                                  "checks; a CSV table is its header row",
        ("--rows", "5", "-o", "u.xlsx"): "--rows sets the rows of a table of units: give it "
                                         "with --wide",
        ("--wide", "--rows", "0", "-o", "u.xlsx"): "--rows 0: give 1 to 1,048,573 rows",
        ("--wide", "--format", "xlsx"): "an xlsx template is a file: give it with -o "
                                        "FILE.xlsx",
        ("--wide", "--fact", "prior_predicate=WBK", "-o", "u.xlsx"):
            "a table of units has a fact:NAME column per fact, filled per unit; or give a "
            "fact for every unit to zona batch --fact",
    }
    for arguments, message in refused.items():
        given = [str(tmp_path / a) if a.startswith("u.") else a for a in arguments]
        assert main(["template", "-r", LKE.id, *given]) == 1, arguments
        assert message in capsys.readouterr().err, arguments
    assert not (tmp_path / "u.xlsx").exists() and not (tmp_path / "u.json").exists()


def test_scoring_the_table_as_one_unit_says_to_use_batch(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_wide(LKE, tmp_path / "units.xlsx", rows=2)
    assert main(["score", str(tmp_path / "units.xlsx")]) != 0
    assert (f"this is a table of units (zona's wide template): score it with zona batch "
            f"{tmp_path / 'units.xlsx'} --ruleset permenpan-90-2021") in capsys.readouterr().err


# --- LibreOffice -------------------------------------------------------------------------


def test_libreoffice_opens_the_table_and_its_copy_scores_the_same(tmp_path: Path) -> None:
    """LibreOffice opens the filled tables (90/2021 and the example) and saves them again;
    the copies keep the header, the comments, the rules and the protection, and score
    exactly as the units do."""
    if SOFFICE is None:
        pytest.skip("LibreOffice (soffice) is not installed: apt-get install "
                    "libreoffice-calc-nogui to open the wide templates")
    jobs = []
    for name in ("permenpan-90-2021", "example"):
        ruleset = rulesets()[name]
        write_wide(ruleset, tmp_path / f"{name}.xlsx", rows=30)
        units = units_of(ruleset)
        jobs.append((ruleset, units, fill_wide(tmp_path / f"{name}.xlsx",
                                               tmp_path / f"{name}-filled.xlsx", ruleset,
                                               units)))
    saved = recalculate([path for _, _, path in jobs], tmp_path / "libreoffice")
    for (ruleset, units, original), copy in zip(jobs, saved, strict=True):
        check_scores(ruleset, score_table(ruleset, read_units(copy, ruleset).table), units)
        before, after = (openpyxl.load_workbook(p)[SHEET] for p in (original, copy))
        assert [[c.value for c in r] for r in after.iter_rows(max_row=3)] == [
            [c.value for c in r] for r in before.iter_rows(max_row=3)]
        assert [c.comment.text if c.comment else None for c in after[HEADER_ROW]] == [
            c.comment.text if c.comment else None for c in before[HEADER_ROW]]
        assert after.protection.sheet and after["A3"].protection.locked
        assert not after.column_dimensions["D"].protection.locked
        assert _rules(after) == _rules(before)


def _rules(sheet: Any) -> set[tuple[object, ...]]:
    """Each validation rule and the cells it covers (LibreOffice merges adjacent ranges and
    writes an operator and a second bound where they mean nothing: for lists, `>=`)."""
    from openpyxl.worksheet.cell_range import CellRange

    found = set()
    for rule in sheet.data_validations.dataValidation:
        cells = frozenset(cell for part in str(rule.sqref).split()
                          for cell in CellRange(part).cells)
        operator = None if rule.type == "list" else rule.operator or "between"
        second = rule.formula2 if operator == "between" else None
        found.add((rule.type, operator, rule.formula1, second, rule.allow_blank, cells))
    return found
