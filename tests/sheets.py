"""Answer sheets for the real rulesets, built for tests (no reference data copied)."""

from __future__ import annotations

from pathlib import Path

import zona

# What to answer so that every 90/2021 percentage item is complete (1) or empty (0).
_BEST_COUNTS_90 = {"q88": 1, "q89": 1, "q90": 1, "q91": 1, "q102": 1, "q103": 0, "q104": 0,
                   "q105": 1, "q106": 1, "q110": 1, "q111": 0, "q112": 1, "q113": 1, "q114": 1,
                   "q115": 1, "q116": 3, "q117": 1, "q118": 1, "q119": 1, "q120": 3, "q122": 1,
                   "q123": 1}
_WORST_COUNTS_90 = {"q88": 1, "q89": 0, "q90": 1, "q91": 0, "q102": 1, "q103": 1, "q104": 0,
                    "q105": 1, "q106": 0, "q110": 1, "q111": 0, "q112": 0, "q113": 1, "q114": 0,
                    "q115": 0, "q116": 0, "q117": 1, "q118": 0, "q119": 0, "q120": 0, "q122": 1,
                    "q123": 0}


def extreme_answers(ruleset: zona.Ruleset, best: bool) -> dict[str, object]:
    """Every choice at its best (or worst) option, every decimal at its top (or bottom)."""
    answers: dict[str, object] = {}
    for spec in ruleset.inputs:
        if spec.kind == "choice" and spec.scale is not None:
            answers[spec.name] = (spec.scale.best if best else spec.scale.worst).name
        elif spec.kind == "decimal":
            answers[spec.name] = str(spec.high if best else spec.low)
    counts = _BEST_COUNTS_90 if best else _WORST_COUNTS_90
    answers.update({k: v for k, v in counts.items() if k in ruleset.inputs_by_name})
    return answers


_ANSWER_TYPES = {"Ya/Tidak", "Ya", "A/B/C", "A/B/C/D", "A/B/C/D/E", "Jumlah", "Nilai\n(0-4)"}


def workbook_answers(path: Path, ruleset: zona.Ruleset) -> dict[str, object]:
    """The filled workbook's answers keyed by input id, read by the order of its answer rows.

    A stand-in for the structural workbook reader: the 127 answer rows of sheet "LKE ZI"
    (typed answer cells, not formulas) are PortalRB's soal 1..127 in order. Row 185, the
    typed LHKASN denominator (workbook defect 3), is not an input: zona sums its parts.
    """
    import openpyxl

    sheet = openpyxl.load_workbook(path)["LKE ZI"]
    cells = []
    for row in range(1, sheet.max_row + 1):
        kind, answer = sheet[f"J{row}"].value, sheet[f"K{row}"].value
        text = str(sheet[f"G{row}"].value or "")
        if kind not in _ANSWER_TYPES or (isinstance(answer, str) and answer.startswith("=")):
            continue
        if "ASN tidak wajib LHKPN" in text:
            continue
        cells.append(answer)
    by_soal = ruleset.by_soal()
    assert len(cells) == len(by_soal) == 127
    return {by_soal[number].name: cells[number - 1] for number in range(1, 128)}


def workbook_cached(path: Path) -> dict[int, float]:
    """The workbook's own cached values of column L, by row."""
    import openpyxl

    sheet = openpyxl.load_workbook(path, data_only=True)["LKE ZI"]
    return {row: sheet[f"L{row}"].value for row in range(1, sheet.max_row + 1)
            if isinstance(sheet[f"L{row}"].value, int | float)}


def workbook_mean_rows(path: Path) -> list[int]:
    """Rows whose value is an AVERAGE(...) x weight formula: the sub-areas, in order."""
    import openpyxl

    sheet = openpyxl.load_workbook(path)["LKE ZI"]
    return [row for row in range(1, sheet.max_row + 1)
            if str(sheet[f"L{row}"].value or "").startswith("=AVERAGE(")]
