"""The xlsx template: one row per node, question and input, with dropdowns of the allowed
answers, validation of counts and indices, and live formulas (see zona.io.formulas) so
that the sheet scores itself; then the views, the facts and the predicates.

A hidden sheet "zona" marks the workbook as a zona template and names its ruleset, so
`zona score` reads it by the ids in column A (see zona.io.template_read).
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction
from typing import Any, BinaryIO

from zona import model as m
from zona.extras import require
from zona.io import formulas as f
from zona.io.layout import Line, answer_type, choices, fact_type, lines
from zona.model import Ruleset
from zona.numtext import exact_text

MAIN = "Jawaban"
META = "zona"
MARKER = "zona template"
HEADERS = {"id": "Id", "kind": "Jenis", "number": "No.", "text": "Penilaian",
           "weight": "Bobot", "criteria": "Penjelasan", "type": "Pilihan Jawaban",
           "answer": "Jawaban", "score": "Nilai", "share": "%", "soal": "Soal"}
COLUMN = {role: "ABCDEFGHIJK"[i] for i, role in enumerate(HEADERS)}
WIDTHS = {"id": 12, "kind": 12, "number": 6, "text": 64, "weight": 8, "criteria": 56,
          "type": 16, "answer": 12, "score": 10, "share": 8, "soal": 6}
META_ROWS = {"unit": "Unit kerja", "unit_id": "Kode unit kerja",
             "assessor": "Penilai (unit, tpi, tpn)"}
HEADER_ROW = 8
VERDICT = '[=1]"ya";[=0]"tidak";General'


def cell(role: str, row: int) -> str:
    return f"{COLUMN[role]}{row}"


class _Writer:
    """Places every row, then writes values, formulas, styles and validation."""

    def __init__(self, ruleset: Ruleset) -> None:
        from zona.io.assessors import precedence

        self.ruleset = ruleset
        self.assessors = precedence(ruleset)
        self.tree = lines(ruleset)
        self.rows: list[dict[str, Any]] = []  # role -> value, plus "_depth", "_style", ...
        row = HEADER_ROW + 1
        answer: dict[str, str] = {}
        score: dict[str, str] = {}
        share: dict[str, str] = {}
        for line in self.tree:
            if line.spec is not None:
                answer[line.spec.name] = cell("answer", row)
            score[line.name] = cell("score", row)
            if line.node is not None:
                share[line.name] = cell("share", row)
            row += 1
        row += 2  # a blank row and the heading of the views
        self.view_rows: list[tuple[m.View, int]] = []
        for top in ruleset.views:
            for view in top.walk():
                self.view_rows.append((view, row))
                score[view.name], share[view.name] = cell("score", row), cell("share", row)
                row += 1
        row += 2
        fact: dict[str, str] = {}
        for item in ruleset.facts:
            fact[item.name] = cell("answer", row)
            row += 1
        row += 2
        self.predicate_row: dict[str, int] = {}
        for predicate in ruleset.predicates:
            self.predicate_row[predicate.name] = row
            row += 1 + sum(self._size(c) for c in predicate.conditions)
        self.cells = f.Cells(answer, score, share, fact)
        self.translate = f.Translator(ruleset, self.cells)

    def _size(self, condition: m.Condition) -> int:
        if isinstance(condition, m.AllOf | m.AnyOf):
            return 1 + sum(self._size(p) for p in condition.parts)
        if isinstance(condition, m.NoneOf):
            return 1 + self._size(condition.part)
        if isinstance(condition, m.Every):
            return 1 + len(self._group(condition.group))
        return 1

    def _group(self, name: str) -> list[str]:
        views = self.ruleset.views_by_name
        if name in views:
            return [v.name for v in views[name].children]
        return [c.name for c in self.ruleset.node(name).children]

    # --- the rows ----------------------------------------------------------------------

    def build(self) -> list[dict[str, Any]]:
        rows: list[dict[str, Any]] = [self._line(line) for line in self.tree]
        rows += [{}, {"text": "RINGKASAN (VIEWS)", "kind": "section", "_bold": True}]
        for view, _ in self.view_rows:
            rows.append({"id": view.name, "kind": "view", "number": "-",
                         "text": view.texts.label or view.name,
                         "weight": _weight(view.maximum),
                         "score": self.translate.view_score(view),
                         "share": self.translate.view_share(view), "_depth": 1})
        rows += [{}, {"text": "FAKTA", "kind": "section", "_bold": True}]
        for item in self.ruleset.facts:
            rows.append({"id": item.name, "kind": "fact", "number": "-",
                         "text": item.texts.label or item.name, "type": fact_type(item),
                         "criteria": item.texts.criteria, "_answer": item, "_depth": 1})
        rows += [{}, {"text": "PREDIKAT", "kind": "section", "_bold": True}]
        for predicate in self.ruleset.predicates:
            start = len(rows)
            assert HEADER_ROW + 1 + start == self.predicate_row[predicate.name]
            rows.append({})
            parts = [self._condition(c, rows, 2) for c in predicate.conditions]
            rows[start] = {"id": predicate.name, "kind": "predicate",
                           "text": predicate.texts.label or predicate.name,
                           "score": f.all_of([cell("score", r) for r in parts]),
                           "_verdict": True, "_bold": True, "_depth": 1}
        return rows

    def _line(self, line: Line) -> dict[str, Any]:
        row: dict[str, Any] = {"id": line.name, "kind": line.kind, "number": line.number,
                               "text": line.label, "criteria": line.criteria,
                               "_depth": line.depth, "_bold": line.node is not None and
                               line.node.aggregate in ("sum", "mean") and line.depth <= 3}
        if line.node is not None:
            node = line.node
            shown = node.weight if node.weight is not None or not node.children else node.maximum
            row["weight"] = _weight(shown) if shown is not None else None
            row["score"] = self.translate.node_score(node)
            row["share"] = self.translate.node_share(node)
            if node.aggregate == "expr" and not node.children:
                row["type"] = "%" if node.maximum == 1 else "Nilai"
        elif line.derived is not None:
            row["score"] = "=" + self.translate.guarded(line.derived.expr)
        if line.spec is not None:
            row["type"] = answer_type(line.spec)
            row["soal"] = line.spec.soal
            row["_answer"] = line.spec
        return row

    def _condition(self, condition: m.Condition, rows: list[dict[str, Any]],
                   depth: int) -> int:
        """Append a condition's rows (its parts below it); the number of its own row."""
        at = HEADER_ROW + 1 + len(rows)
        rows.append({})
        entry: dict[str, Any] = {"kind": "condition", "text": condition.text,
                                 "_verdict": True, "_depth": depth}
        if isinstance(condition, m.AllOf | m.AnyOf):
            parts = [cell("score", self._condition(p, rows, depth + 1))
                     for p in condition.parts]
            combine = f.all_of if isinstance(condition, m.AllOf) else f.any_of
            entry["score"] = combine(parts)
        elif isinstance(condition, m.NoneOf):
            entry["score"] = f.none_of(cell("score", self._condition(condition.part, rows,
                                                                     depth + 1)))
        elif isinstance(condition, m.PredicateRef):
            entry["score"] = f.same(cell("score", self.predicate_row[condition.name]))
        elif isinstance(condition, m.Every):
            parts = []
            for name in self._group(condition.group):
                parts.append(cell("score", HEADER_ROW + 1 + len(rows)))
                rows.append({"kind": "condition", "_verdict": True, "_depth": depth + 1,
                             "text": f"{name}: {condition.quantity} {condition.op} "
                                     f"{_threshold(condition.threshold, condition.quantity)}",
                             "score": self._compare(name, condition.quantity, condition.op,
                                                    condition.threshold)})
            entry["score"] = f.all_of(parts)
        elif condition.quantity == "fact":
            fact = self.ruleset.facts_by_name[condition.subject]
            entry["score"] = f.fact_compare(fact, self.cells.fact[fact.name], condition.op,
                                            condition.threshold)
        else:
            assert isinstance(condition.threshold, Fraction)
            entry["score"] = self._compare(condition.subject, condition.quantity,
                                           condition.op, condition.threshold)
        rows[at - HEADER_ROW - 1] = entry
        return at

    def _compare(self, subject: str, quantity: str, op: str, threshold: Fraction) -> str:
        where = self.cells.share if quantity == "share" else self.cells.score
        return f.compare(where[subject], op, threshold)


def _weight(value: Fraction) -> int | float:
    return value.numerator if value.denominator == 1 else float(value)


def _threshold(value: Fraction, quantity: str) -> str:
    return f"{exact_text(value * 100)}%" if quantity == "share" else exact_text(value)


# --- writing -------------------------------------------------------------------------


def write_workbook(ruleset: Ruleset, stream: BinaryIO) -> None:
    """Write the template of `ruleset` as an xlsx workbook to a binary stream."""
    ruleset.refuse("the workbook template")  # its formulas know the first language only
    openpyxl = require("openpyxl", "xlsx", "writing .xlsx templates")
    writer = _Writer(ruleset)
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = MAIN
    _head(sheet, ruleset, writer.assessors)
    _table(sheet, writer.build())
    meta = book.create_sheet(META)
    for number, pair in enumerate(((MARKER, "1"), ("ruleset", ruleset.id), ("sheet", MAIN), (
            "note", "zona reads the answers in column H by the ids in column A")), start=1):
        put(meta.cell(number, 1), pair[0])
        put(meta.cell(number, 2), pair[1])
    meta.sheet_state = "hidden"
    book.calculation.fullCalcOnLoad = True
    book.save(stream)


def _head(sheet: Any, ruleset: Ruleset, assessors: Sequence[str]) -> None:
    from openpyxl.styles import Font

    put(sheet["D1"], ruleset.title or ruleset.id)
    sheet["D1"].font = Font(bold=True, size=14)
    put(sheet["D2"], f"{ruleset.regulation or ''} (zona ruleset {ruleset.id})".strip())
    sheet["F1"] = ("Isi kolom Jawaban (H) yang berwarna kuning; Nilai dan % dihitung "
                   "otomatis. Fill in the yellow Jawaban (answer) cells.")
    for offset, (kind, label) in enumerate(META_ROWS.items()):
        row = 3 + offset
        sheet[cell("kind", row)], sheet[cell("text", row)] = kind, label
        _answer_style(sheet[cell("answer", row)])
    assessor = _list(assessors, "Penilai")
    sheet.add_data_validation(assessor)
    assessor.add(cell("answer", 5))
    for role, title in HEADERS.items():
        sheet[cell(role, HEADER_ROW)] = title
    sheet.freeze_panes = f"E{HEADER_ROW + 1}"


def _table(sheet: Any, rows: list[dict[str, Any]]) -> None:
    from openpyxl.styles import Alignment, Font, PatternFill

    header = PatternFill("solid", fgColor="D9D9D9")
    for role, width in WIDTHS.items():
        sheet.column_dimensions[COLUMN[role]].width = width
        head = sheet[cell(role, HEADER_ROW)]
        head.font, head.fill = Font(bold=True), header
    validations: dict[str, Any] = {}
    for index, row in enumerate(rows):
        number = HEADER_ROW + 1 + index
        for role in HEADERS:
            value = row.get(role)
            if value not in (None, ""):
                put(sheet[cell(role, number)], value, formula=role in ("score", "share"))
        sheet[cell("text", number)].alignment = Alignment(
            wrap_text=True, vertical="top", indent=min(row.get("_depth", 0), 15))
        sheet[cell("criteria", number)].alignment = Alignment(wrap_text=True, vertical="top")
        if row.get("_bold"):
            sheet[cell("text", number)].font = Font(bold=True)
        if "score" in row:
            sheet[cell("score", number)].number_format = \
                VERDICT if row.get("_verdict") else "0.00"
        if "share" in row:
            sheet[cell("share", number)].number_format = "0.0%"
        answered = row.get("_answer")
        if answered is not None:
            _answer_style(sheet[cell("answer", number)])
            rule = _validation(answered, validations)
            if rule is not None:
                rule.add(cell("answer", number))
    for rule in validations.values():
        if rule is not None:
            sheet.add_data_validation(rule)


def put(target: Any, value: object, formula: bool = False) -> None:
    """Set a cell; text is kept as text (a label starting with "=" is no formula) and
    stripped of the control characters a workbook cannot hold."""
    if isinstance(value, str) and not formula:
        target.value = _clean(value, 32000)
        target.data_type = "s"
    else:
        target.value = value


def _clean(text: str, limit: int) -> str:
    """Text a workbook can hold: no control characters, at most `limit` characters."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    cleaned: str = ILLEGAL_CHARACTERS_RE.sub("", text)
    return cleaned[:limit]


def _answer_style(target: Any) -> None:
    from openpyxl.styles import PatternFill, Protection

    target.fill = PatternFill("solid", fgColor="FFF2CC")
    target.protection = Protection(locked=False)


def _list(options: Sequence[str], title: str) -> Any:
    from openpyxl.worksheet.datavalidation import DataValidation

    shown = ", ".join(options)
    return DataValidation(type="list", formula1='"' + ",".join(options) + '"',
                          allow_blank=True, showErrorMessage=True,
                          errorTitle=_clean(title, 32),
                          error=_clean(f"Pilih salah satu / choose one of: {shown}", 255))


def _validation(item: m.Input | m.Fact, found: dict[str, Any]) -> Any:
    """The (shared) validation rule for an input or fact's answer cell."""
    if isinstance(item, m.Fact):
        key = f"{item.kind}:{'|'.join(item.levels)}:{item.low}:{item.high}"
    else:
        key = f"{item.kind}:{'|'.join(choices(item))}:{item.low}:{item.high}"
    if key not in found:
        found[key] = _rule(item)
    return found[key]


def _rule(item: m.Input | m.Fact) -> Any:
    from openpyxl.worksheet.datavalidation import DataValidation

    if isinstance(item, m.Fact):
        if item.kind == "levels":
            return _list(item.levels, item.name)
        if item.kind == "yesno":
            return _list(("Ya", "Tidak"), "Ya/Tidak")
        return _decimal(item.low, item.high)
    if item.kind == "choice":
        return _list(choices(item), answer_type(item))
    if item.kind == "count":
        return DataValidation(type="whole", operator="greaterThanOrEqual", formula1="0",
                              allow_blank=True, showErrorMessage=True, errorTitle="Jumlah",
                              error="Isi bilangan bulat 0, 1, 2, ... / a whole number")
    return _decimal(item.low, item.high)


def _decimal(low: Fraction | None, high: Fraction | None) -> Any:
    from openpyxl.worksheet.datavalidation import DataValidation

    if low is None and high is None:
        return None
    if low is not None and high is not None:
        return DataValidation(type="decimal", operator="between", formula1=exact_text(low),
                              formula2=exact_text(high), allow_blank=True,
                              showErrorMessage=True, errorTitle="Nilai",
                              error=f"Isi angka {exact_text(low)} sampai {exact_text(high)}")
    operator, bound = ("greaterThanOrEqual", low) if low is not None else ("lessThanOrEqual",
                                                                           high)
    assert bound is not None
    return DataValidation(type="decimal", operator=operator, formula1=exact_text(bound),
                          allow_blank=True, showErrorMessage=True, errorTitle="Nilai",
                          error=f"Isi angka ({operator} {exact_text(bound)})")
