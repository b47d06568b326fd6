"""The xlsx template an evaluator fills: Catatan (notes) and Bukti dukung (evidence) per
question, read back from every template format into the AnswerSheet, `zona score --json`
and the report; the sheet protected with only the cells to fill unlocked; headers and
kinds in Indonesian with English beside them, and the reader accepting either."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

import zona
from tests.conftest import ROOT
from tests.io.test_template import fill
from zona.cli.main import main
from zona.errors import AnswerProblem, ZonaAnswerError
from zona.io import read_answers, read_lke
from zona.io.template import template_text, write_template
from zona.io.workbook import KINDS, kind_role

openpyxl = pytest.importorskip("openpyxl", reason="openpyxl writes and reads templates")

EXAMPLE = ROOT / "examples" / "example.zona"
LKE = "permenpan-90-2021"


@pytest.fixture(scope="module")
def lke_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("remarks") / "lke.xlsx"
    write_template(zona.load_builtin(LKE), path)
    return path


def _rows_by_id(sheet: Any) -> dict[str, Any]:
    return {str(r[0].value): r for r in sheet.iter_rows() if r[0].value is not None}


def remarked(template: Path, out: Path, answers: dict[str, object],
             cells: dict[str, tuple[object, object]]) -> Path:
    """A filled copy with notes (column L) and evidence (column M) per question id; an
    evidence given as ("text", "link") becomes a hyperlink cell."""
    fill(template, out, answers)
    book = openpyxl.load_workbook(out)
    rows = _rows_by_id(book["Jawaban"])
    for key, (note, evidence) in cells.items():
        rows[key][11].value = note
        if isinstance(evidence, tuple):
            rows[key][12].value, rows[key][12].hyperlink = evidence
        else:
            rows[key][12].value = evidence
    book.save(out)
    return out


# --- headers, kinds and protection ---------------------------------------------------


def test_headers_in_indonesian_then_english(lke_template: Path) -> None:
    rows = list(openpyxl.load_workbook(lke_template)["Jawaban"].iter_rows(
        min_row=8, max_row=9, values_only=True))
    assert rows == [
        ("Id", "Jenis", "No.", "Penilaian", "Bobot", "Penjelasan", "Pilihan Jawaban",
         "Jawaban", "Nilai", "%", "Soal", "Catatan", "Bukti dukung"),
        ("Id", "Kind", "No.", "Item", "Weight", "Criteria", "Answer options", "Answer",
         "Score", "%", "Soal", "Notes", "Evidence (link)")]


def test_kinds_are_indonesian(lke_template: Path) -> None:
    sheet = openpyxl.load_workbook(lke_template)["Jawaban"]
    kinds = {r[1] for r in sheet.iter_rows(min_row=3, values_only=True) if r[1] is not None}
    assert kinds == {"unit", "kode_unit", "penilai", "Jenis", "Kind", "total", "komponen",
                     "subkomponen", "area", "subarea", "kelompok", "pertanyaan", "butir",
                     "isian", "turunan", "bagian", "ringkasan", "fakta", "predikat", "syarat"}
    first = {str(r[0]): r[1] for r in sheet.iter_rows(min_row=10, values_only=True) if r[0]}
    assert (first["q1"], first["q88"], first["WBK"], first["prior_predicate"]) == (
        "pertanyaan", "isian", "predikat", "fakta")
    assert {kind_role(text) for text in KINDS.values()} == set(KINDS)
    assert [kind_role(t) for t in ("Pertanyaan", " question ", "ISIAN", "penilai", "x")] == [
        "question", "question", "input", "assessor", ""]


def test_the_sheet_is_protected_and_only_cells_to_fill_are_unlocked(lke_template: Path
                                                                     ) -> None:
    ruleset = zona.load_builtin(LKE)
    book = openpyxl.load_workbook(lke_template)
    assert book.sheetnames == ["Jawaban", "Petunjuk", "zona"]
    sheet = book["Jawaban"]
    protection = sheet.protection
    assert (protection.sheet, protection.password, protection.hashValue) == (True, None, None)
    assert (protection.formatColumns, protection.formatRows, protection.insertRows) == (
        False, False, True)
    assert all(book[name].protection.sheet for name in ("Petunjuk", "zona"))
    unlocked = sorted(c.coordinate for row in sheet.iter_rows() for c in row
                      if c.protection.locked is False)
    rows = _rows_by_id(sheet)
    expected = [f"H{n}" for n in (3, 4, 5)]
    for spec in ruleset.inputs:
        number = rows[spec.name][0].row
        expected += [f"H{number}", f"L{number}", f"M{number}"]
    expected += [f"H{rows[f.name][0].row}" for f in ruleset.facts]
    assert unlocked == sorted(expected)
    assert len(unlocked) == 3 + 3 * 127 + 12
    q1 = rows["q1"]
    assert [q1[i].protection.locked for i in (0, 3, 4, 8, 9, 10)] == [True] * 6


def test_the_guide_sheet_explains_columns_and_kinds(lke_template: Path) -> None:
    rows = list(openpyxl.load_workbook(lke_template)["Petunjuk"].iter_rows(values_only=True))
    assert rows[0][:2] == ("Petunjuk pengisian", "How to fill in this workbook")
    assert ("H: Jawaban", "Answer", "diisi: jawaban, fakta, unit, penilai",
            "to fill: answers, facts, unit") in rows
    assert ("L: Catatan", "Notes", "diisi: catatan penilaian", "to fill: notes") in rows
    assert ("pertanyaan", "question", None, None) in rows
    assert ("isian", "input", None, None) in rows


# --- notes and evidence read back ----------------------------------------------------


def test_notes_and_evidence_read_back_from_the_xlsx(lke_template: Path, tmp_path: Path
                                                    ) -> None:
    path = remarked(lke_template, tmp_path / "unit.xlsx", {"q1": "Ya", "q2": "B"}, {
        "q1": ("SK Tim No. 12/2024", "https://drive.example.id/sk-tim.pdf"),
        "q2": (None, ("lihat SK", "https://drive.example.id/sk2.pdf")),
        "q3": (3, '=HYPERLINK("https://drive.example.id/q3.pdf","bukti")'),
        "q88": ("   ", "")})
    sheet = read_lke(path).answers
    assert sheet.notes == {"q1": "SK Tim No. 12/2024", "q3": "3"}
    assert sheet.evidence == {"q1": "https://drive.example.id/sk-tim.pdf",
                              "q2": "https://drive.example.id/sk2.pdf",
                              "q3": "https://drive.example.id/q3.pdf"}
    assert sheet.answers == {"q1": "Ya", "q2": "B"}


def test_a_note_formula_without_its_result_is_a_warning(lke_template: Path,
                                                        tmp_path: Path) -> None:
    path = remarked(lke_template, tmp_path / "unit.xlsx", {"q1": "Ya"},
                    {"q1": ('=CONCAT("a","b")', None)})
    found = read_lke(path)
    number = _rows_by_id(openpyxl.load_workbook(path)["Jawaban"])["q1"][0].row
    assert found.warnings == (AnswerProblem(
        f"Jawaban!L{number}", 'q1: the note (Catatan) is a formula (=CONCAT("a","b")) with '
        "no saved result; it is left out"),)
    assert found.answers.notes == {}


def test_english_headers_and_kinds_read_the_same(lke_template: Path, tmp_path: Path) -> None:
    path = remarked(lke_template, tmp_path / "unit.xlsx", {"q1": "Ya", "q88": 7},
                    {"q1": ("catatan", "https://x.example/1")})
    book = openpyxl.load_workbook(path)
    sheet = book["Jawaban"]
    english = {v: k for k, v in KINDS.items()}
    for cell in sheet["B"]:
        cell.value = english.get(str(cell.value), cell.value)
    sheet.delete_rows(8)  # the Indonesian header row: the English one is found
    book.save(tmp_path / "english.xlsx")
    found = read_lke(tmp_path / "english.xlsx").answers
    assert (found.answers, found.notes, found.evidence) == (
        {"q1": "Ya", "q88": 7}, {"q1": "catatan"}, {"q1": "https://x.example/1"})


def test_a_template_without_the_remark_columns_still_reads(lke_template: Path,
                                                           tmp_path: Path) -> None:
    book = openpyxl.load_workbook(fill(lke_template, tmp_path / "unit.xlsx", {"q1": "Ya"}))
    book["Jawaban"].delete_cols(12, 2)
    book.save(tmp_path / "old.xlsx")
    found = read_lke(tmp_path / "old.xlsx").answers
    assert (found.answers, found.notes, found.evidence) == ({"q1": "Ya"}, {}, {})


def test_zona_score_json_carries_notes_and_evidence(lke_template: Path, tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    path = remarked(lke_template, tmp_path / "unit.xlsx", {"q1": "Ya", "q2": "A"},
                    {"q1": ("ada SK", None), "q2": (None, "https://x.example/2")})
    assert main(["score", str(path), "--json"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert (document["notes"], document["evidence"]) == ({"q1": "ada SK"},
                                                         {"q2": "https://x.example/2"})
    plain = fill(lke_template, tmp_path / "plain.xlsx", {"q1": "Ya"})
    assert main(["score", str(plain), "--json"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert "notes" not in document and "evidence" not in document


def test_the_report_lists_notes_and_evidence(tmp_path: Path) -> None:
    from zona.render.report import report_html

    ruleset = zona.load(EXAMPLE)
    result = ruleset.score({"q1": "Ya", "q2": "B"})
    page = report_html(result, "id", targets=[], sheet_notes={"q1": "SK <Tim> ada"},
                       evidence={"q1": "https://x.example/a?b=1&c=2",
                                 "q2": "javascript:alert(1)"})
    assert ('<section class="remarks"><h2>Catatan dan bukti dukung</h2><table><tr>'
            "<th>Pertanyaan</th><th>Catatan</th><th>Bukti dukung</th></tr>"
            '<tr data-remarks="q1"><td><span class="name">q1</span> (soal 1) Unit kerja telah '
            "membentuk tim pembangunan Zona Integritas</td><td>SK &lt;Tim&gt; ada</td><td>"
            '<a href="https://x.example/a?b=1&amp;c=2" rel="noopener noreferrer">'
            "https://x.example/a?b=1&amp;c=2</a></td></tr>"
            '<tr data-remarks="q2"><td><span class="name">q2</span> (soal 2) Anggota tim '
            "dipilih melalui prosedur yang jelas</td><td></td><td>javascript:alert(1)</td>"
            "</tr></table></section>") in page
    english = report_html(result, "en", targets=[], evidence={"q1": "x"})
    assert "<h2>Notes and evidence</h2><table><tr><th>Question</th>" in english
    assert 'class="remarks"' not in report_html(result, "id", targets=[])


# --- the text templates ---------------------------------------------------------------


def _filled_text(fmt: str) -> str:
    ruleset = zona.load(EXAMPLE)
    text = template_text(ruleset, fmt)
    if fmt == "json":
        document = json.loads(text)
        document["answers"]["q1"] = "Ya"
        document["notes"]["q1"] = "=SUM(1) bukan rumus"
        document["evidence"].update({"q1": "https://x.example/1", "q2": "  "})
        return json.dumps(document)
    if fmt == "csv":
        lines = text.splitlines()
        at = next(i for i, line in enumerate(lines) if line.startswith("q1,"))
        lines[at] = "q1,Ya,'=SUM(1) bukan rumus,https://x.example/1" + lines[at][len("q1,,,"):]
        return "\n".join(lines) + "\n"
    out, section = [], ""
    for line in text.splitlines():
        section = line[:-1] if line.endswith(":") and not line.startswith(" ") else section
        value = {("answers", "q1"): "Ya", ("notes", "q1"): '"=SUM(1) bukan rumus"',
                 ("evidence", "q1"): "https://x.example/1"}.get((section, line.strip(" :")))
        out.append(f"{line} {value}" if value and line.startswith("  ") else line)
    return "\n".join(out) + "\n"


@pytest.mark.parametrize("fmt", ["csv", "json", "yaml"])
def test_text_templates_carry_notes_and_evidence(fmt: str, tmp_path: Path) -> None:
    ruleset = zona.load(EXAMPLE)
    path = tmp_path / f"unit.{fmt}"
    path.write_text(_filled_text(fmt), encoding="utf-8")
    sheet = read_answers(path, ruleset)
    assert (sheet.answers["q1"], sheet.notes, sheet.evidence) == (
        "Ya", {"q1": "=SUM(1) bukan rumus"}, {"q1": "https://x.example/1"})


def test_notes_for_no_question_and_not_text_are_problems(tmp_path: Path) -> None:
    path = tmp_path / "unit.json"
    path.write_text(json.dumps({"answers": {"q1": "Ya"}, "notes": {"q99": "x", "q1": [1]},
                                "evidence": "https://x"}), encoding="utf-8")
    with pytest.raises(ZonaAnswerError) as caught:
        read_answers(path, zona.load(EXAMPLE))
    assert caught.value.problems == (
        AnswerProblem(f"{path}#/notes/q99", "example has no question or input q99"),
        AnswerProblem(f"{path}#/notes/q1", "expected a text"),
        AnswerProblem(f"{path}#/evidence", "expected an object of evidence by question id"))
