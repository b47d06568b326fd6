"""An LKE sheet of ~5,000 near-duplicate rows (the most ZONA_MAX_SHEET_ROWS lets in), each
a one-letter variant of a question of the largest sub-area, with no row of the question
itself: every question is still found, every other row is reported, and difflib indexes
each distinct row text once (near-linear in the rows; 40,000 such rows once cost 2.2 ms a
row, compared with every question anew)."""

from __future__ import annotations

import difflib
import random
from pathlib import Path
from typing import Any

import pytest

import zona
from zona.io.lke import read_lke
from zona.model import Node

openpyxl = pytest.importorskip("openpyxl")
LKE = zona.load_builtin("permenpan-90-2021")
NEAR = 4_800  # near-duplicate rows; with the headings, 4,971 rows


def _questions(node: Node) -> list[Node]:
    return [c for c in node.children if c.aggregate == "choice"]


def hostile(path: Path) -> tuple[Node, int]:
    """The workbook, the sub-area whose questions are blurred, and the rows written."""
    target = max(LKE.root.walk(), key=lambda n: len(_questions(n)))
    book = openpyxl.Workbook()
    book.active.title = "Utama"
    page = book.create_sheet("LKE ZI")
    page["B1"] = "PERATURAN MENTERI PENDAYAGUNAAN APARATUR NEGARA NOMOR 90 TAHUN 2021"
    shuffle, row = random.Random(14), 4

    def walk(node: Node, depth: int) -> None:
        nonlocal row
        for child in node.children:
            if node is target and child.aggregate == "choice":
                continue
            page.cell(row=row, column=2 + min(depth, 5), value=child.texts.label)
            row += 1
            if child is target:
                questions = _questions(child)
                for i in range(NEAR):
                    label = questions[i % len(questions)].texts.label or ""
                    at = shuffle.randrange(len(label))
                    page.cell(row=row, column=7, value=f"{label[:at]}x{label[at + 1:]}")
                    row += 1
            walk(child, depth + 1)

    walk(LKE.root, 0)
    book.save(path)
    return target, row - 1


def test_near_duplicate_rows_are_matched_once_each(tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    indexed: list[str] = []
    original = difflib.SequenceMatcher.set_seq2

    def counted(self: Any, b: Any) -> None:
        indexed.append(b)
        original(self, b)

    monkeypatch.setattr(difflib.SequenceMatcher, "set_seq2", counted)
    target, rows = hostile(tmp_path / "rows.xlsx")
    sheet = read_lke(tmp_path / "rows.xlsx", LKE)
    assert rows < 5_000
    questions = [q.name for q in _questions(target)]
    assert len(questions) == 8
    places = {int(sheet.cells[q].removeprefix("LKE ZI!K")) for q in questions}
    assert len(places) == 8  # each question has a row of its own among the blurred ones
    ignored = [w for w in sheet.warnings if "no question of" in w.message]
    assert len(ignored) == NEAR - 8
    assert not any("no row matches" in w.message and q in w.message
                   for w in sheet.warnings for q in questions)
    assert len(indexed) == len(set(indexed)) <= rows  # one index per distinct row text
