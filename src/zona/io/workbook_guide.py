"""The xlsx template's words and safeguards: the column headers in English (the second
header row), the row kinds of column Jenis in Indonesian and English, the "Petunjuk"
sheet that explains both, and the protection that keeps the formulas from being typed
over (no password: Review > Unprotect Sheet lifts it).
"""

from __future__ import annotations

from typing import Any

from zona.io.workbook_rows import COLUMN, HEADERS

#: the second header row: each column's header in English (the first row is HEADERS)
ENGLISH = {"id": "Id", "kind": "Kind", "number": "No.", "text": "Item", "weight": "Weight",
           "criteria": "Criteria", "type": "Answer options", "answer": "Answer",
           "score": "Score", "share": "%", "soal": "Soal", "notes": "Notes",
           "evidence": "Evidence (link)"}
#: what each row is, as column Jenis says it (Indonesian), by its English name
KINDS = {"total": "total", "component": "komponen", "subcomponent": "subkomponen",
         "area": "area", "subarea": "subarea", "group": "kelompok", "question": "pertanyaan",
         "item": "butir", "input": "isian", "derived": "turunan", "view": "ringkasan",
         "fact": "fakta", "weights": "kombinasi", "section": "bagian",
         "predicate": "predikat", "condition": "syarat", "grade": "tingkat",
         "value": "nilai", "level": "jenjang", "band": "rentang", "unit": "unit",
         "unit_id": "kode_unit", "assessor": "penilai"}
_ROLES = {**{k: k for k in KINDS}, **{v: k for k, v in KINDS.items()}}
GUIDE = "Petunjuk"
_WHAT = {"id": ("pengenal yang dibaca zona", "the id zona reads by"),
         "kind": ("jenis baris", "what the row is"),
         "text": ("pertanyaan atau komponen", "the question or node"),
         "criteria": ("kriteria penilaian", "the criteria"),
         "type": ("jawaban yang diterima", "the answers accepted"),
         "answer": ("diisi: jawaban, fakta, unit, penilai", "to fill: answers, facts, unit"),
         "score": ("dihitung oleh rumus", "computed by a formula"),
         "share": ("dihitung oleh rumus", "computed by a formula"),
         "notes": ("diisi: catatan penilaian", "to fill: notes"),
         "evidence": ("diisi: tautan bukti dukung", "to fill: a link to the evidence")}
_LINES = (
    ("Petunjuk pengisian", "How to fill in this workbook"),
    ("Isi sel berwarna kuning: Jawaban (kolom H) untuk setiap pertanyaan, isian dan fakta, "
     "serta Catatan (L) dan Bukti dukung (M, tautan dokumen) bila perlu.",
     "Fill in the yellow cells: the answer (column H) of every question, input and fact, "
     "and, where useful, notes (L) and a link to the evidence (M)."),
    ("Nilai dan % dihitung otomatis. Lembar Jawaban dilindungi tanpa kata sandi agar rumus "
     "tidak tertimpa; hanya sel kuning yang dapat diubah (Tinjau > Buka Proteksi Lembar).",
     "Scores and shares are computed. The sheet is protected, without a password, so that "
     "the formulas are not typed over; only the yellow cells can change (Review > "
     "Unprotect Sheet)."),
    ("zona score BERKAS.xlsx membaca jawaban, catatan dan bukti dukung menurut Id (kolom A).",
     "zona score FILE.xlsx reads the answers, notes and evidence by the ids in column A."),
)


def kind_text(kind: str) -> str:
    """A row kind as column Jenis writes it (Indonesian)."""
    return KINDS.get(kind, kind)


def kind_role(text: str) -> str:
    """The row kind a Jenis cell names, in Indonesian or English ('' for none)."""
    return _ROLES.get(text.strip().casefold(), "")


def write_guide(book: Any) -> None:
    """Add the "Petunjuk" sheet: how to fill in, the columns and the kinds, both languages."""
    from openpyxl.styles import Alignment, Font

    from zona.io.workbook import put

    sheet = book.create_sheet(GUIDE)
    rows: list[tuple[str, ...]] = [*_LINES, (), ("Kolom", "Column", "Isi", "What"),
                                   *((f"{COLUMN[r]}: {HEADERS[r]}", ENGLISH[r], *_WHAT[r])
                                     for r in HEADERS if r in _WHAT),
                                   (), ("Jenis", "Kind")]
    rows += [(text, kind) for kind, text in KINDS.items()]
    for number, texts in enumerate(rows, start=1):
        for column, text in enumerate(texts, start=1):
            put(sheet.cell(number, column), text)
            sheet.cell(number, column).alignment = Alignment(wrap_text=True, vertical="top")
        if texts and texts[0] in ("Kolom", "Jenis", _LINES[0][0]):
            for column in range(1, len(texts) + 1):
                sheet.cell(number, column).font = Font(bold=True)
    for letter, width in zip("ABCD", (60, 60, 36, 36), strict=True):
        sheet.column_dimensions[letter].width = width
    protect(sheet)


def protect(sheet: Any) -> None:
    """Protect the sheet without a password: locked cells (all but those styled unlocked)
    cannot change; columns and rows can still be resized."""
    sheet.protection.sheet = True
    sheet.protection.formatColumns = False
    sheet.protection.formatRows = False
