"""The rows of the xlsx template, each a mapping of column role to value or formula: the
tree (zona.io.layout), the views, the facts (and the combination of them the weights
depend on), the predicates with their conditions, and the grades with their levels.

Every row's place is known before any formula is written, so a formula may refer to any
row: conditions to grades, grades to predicates. Formulas come from zona.io.formulas_nodes
(one set per combination of the facts the weights depend on, joined by CHOOSE where they
differ) and zona.io.formulas_verdicts.
"""

from __future__ import annotations

from collections.abc import Callable
from fractions import Fraction
from typing import Any

import attrs

from zona import model as m
from zona.io import formulas_verdicts as v
from zona.io.formulas import Cells
from zona.io.formulas_na import NotApplicable
from zona.io.formulas_nodes import (
    NodeFormulas,
    pick,
    shown_number,
    variant_index,
    variants,
)
from zona.io.layout import Line, answer_type, fact_type, lines, options_text
from zona.model import Ruleset
from zona.numtext import exact_text

HEADERS = {"id": "Id", "kind": "Jenis", "number": "No.", "text": "Penilaian",
           "weight": "Bobot", "criteria": "Penjelasan", "type": "Pilihan Jawaban",
           "answer": "Jawaban", "score": "Nilai", "share": "%", "soal": "Soal",
           "notes": "Catatan", "evidence": "Bukti dukung"}
COLUMN = {role: "ABCDEFGHIJKLM"[i] for i, role in enumerate(HEADERS)}
HEADER_ROW = 8  # the headers in Indonesian; the row below says them in English
FIRST_ROW = HEADER_ROW + 2

Row = dict[str, Any]  # role -> value, plus "_depth", "_bold", "_verdict", "_answer", ...


def cell(role: str, row: int) -> str:
    return f"{COLUMN[role]}{row}"


@attrs.frozen
class GradeRows:
    """Where a grade's rows are: its own, its value's (by bands), and each level's."""

    row: int
    value: int | None
    levels: tuple[int, ...]


class Rows:
    """Places every row, then builds them with their formulas."""

    def __init__(self, ruleset: Ruleset) -> None:
        self.ruleset = ruleset
        self.tree = lines(ruleset)
        row = FIRST_ROW
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
        self.views = [view for top in ruleset.views for view in top.walk()]
        for view in self.views:
            score[view.name], share[view.name] = cell("score", row), cell("share", row)
            row += 1
        row += 2
        fact: dict[str, str] = {}
        for item in ruleset.facts:
            fact[item.name] = cell("answer", row)
            row += 1
        variant = None
        if ruleset.weight_facts:
            variant, row = cell("score", row), row + 1
        row += 2
        self.predicate_row: dict[str, int] = {}
        for predicate in ruleset.predicates:
            self.predicate_row[predicate.name] = row
            row += 1 + sum(self._size(c) for c in predicate.conditions)
        row += 2 if ruleset.grades else 0
        self.grade_rows: dict[str, GradeRows] = {}
        for grade in ruleset.grades:
            self.grade_rows[grade.name], row = self._place(grade, row)
        parts = {view.name: tuple(_parts(view)) for view in self.views}
        self.cells = Cells(answer, score, share, fact, parts, variant)
        self.na = NotApplicable(ruleset, self.cells)
        self.formulas = [NodeFormulas(r, self.cells, self.na) for r in variants(ruleset)]

    def _size(self, condition: m.Condition) -> int:
        if isinstance(condition, m.AllOf | m.AnyOf):
            return 1 + sum(self._size(p) for p in condition.parts)
        if isinstance(condition, m.NoneOf):
            return 1 + self._size(condition.part)
        if isinstance(condition, m.Every):
            return 1 + len(self._members(condition))
        return 1

    def _place(self, grade: m.Grade, row: int) -> tuple[GradeRows, int]:
        start, row = row, row + 1
        value = None
        if grade.by_bands:
            value, row = row, row + 1
        levels = []
        for index, level in enumerate(grade.levels):
            levels.append(row)
            row += 1
            if index and level.when is not None:
                row += (level.band is not None) + self._size(level.when)
        return GradeRows(start, value, tuple(levels)), row

    def _members(self, condition: m.Every) -> list[str]:
        """The nodes (or views) an `every` condition compares."""
        if condition.members:
            return list(condition.members)
        views = self.ruleset.views_by_name
        if condition.group in views:
            return [c.name for c in views[condition.group].children]
        return [c.name for c in self.ruleset.node(condition.group).children]

    def each(self, make: Callable[[NodeFormulas, str], str], name: str) -> str:
        """`make(formulas, name)` for every combination of the facts the weights depend
        on, as one formula."""
        return pick([make(f, name) for f in self.formulas], self.cells.variant)

    # --- the rows ----------------------------------------------------------------------

    def build(self) -> list[Row]:
        rows: list[Row] = [self._line(line) for line in self.tree]
        rows += [{}, {"text": "RINGKASAN (VIEWS)", "kind": "section", "_bold": True}]
        for view in self.views:
            name = view.name
            rows.append({"id": name, "kind": "view", "number": "-",
                         "text": view.texts.label or name, "weight": self._view_weight(name),
                         "score": self.each(NodeFormulas.view_score, name),
                         "share": self.each(NodeFormulas.view_share, name), "_depth": 1})
        rows += [{}, {"text": "FAKTA", "kind": "section", "_bold": True}]
        for item in self.ruleset.facts:
            rows.append({"id": item.name, "kind": "fact", "number": "-",
                         "text": item.texts.label or item.name, "type": fact_type(item),
                         "criteria": item.texts.criteria, "_answer": item, "_depth": 1})
        if self.ruleset.weight_facts:
            named = ", ".join(self.ruleset.weight_facts)
            rows.append({"kind": "weights", "number": "-", "_depth": 1, "_format": "0",
                         "text": f"Kombinasi bobot menurut fakta {named} (nomor; fakta yang "
                                 "belum diisi dibaca sebagai nilai pertamanya)",
                         "score": variant_index(self.ruleset, self.cells.fact)})
        rows += [{}, {"text": "PREDIKAT", "kind": "section", "_bold": True}]
        for predicate in self.ruleset.predicates:
            start = len(rows)
            assert FIRST_ROW + start == self.predicate_row[predicate.name]
            rows.append({})
            parts = [self._condition(c, rows, 2) for c in predicate.conditions]
            rows[start] = {"id": predicate.name, "kind": "predicate",
                           "text": predicate.texts.label or predicate.name,
                           "score": v.all_of([cell("score", r) for r in parts]),
                           "_verdict": True, "_bold": True, "_depth": 1}
        if self.ruleset.grades:
            rows += [{}, {"text": "TINGKAT (GRADES)", "kind": "section", "_bold": True}]
        for grade in self.ruleset.grades:
            self._grade(grade, rows)
        return rows

    def _line(self, line: Line) -> Row:
        name = line.name
        row: Row = {"id": name, "kind": line.kind, "number": line.number, "text": line.label,
                    "criteria": line.criteria, "_depth": line.depth,
                    "_bold": line.node is not None and line.node.aggregate in (
                        "sum", "mean", "weighted") and line.depth <= 3}
        if line.node is not None:
            node = line.node
            row["weight"] = self._weight(name)
            row["score"] = self.each(NodeFormulas.node_score, name)
            row["share"] = self.each(NodeFormulas.node_share, name)
            if node.aggregate == "expr" and not node.children:
                row["type"] = "%" if node.maximum == 1 else "Nilai"
        elif line.derived is not None:
            row["score"] = self.each(NodeFormulas.derived_value, name)
        if line.spec is not None:
            described = options_text(line.spec)
            row["type"] = answer_type(line.spec) + (f": {described}" if described else "")
            row["soal"] = line.spec.soal
            row["_answer"] = line.spec
        return row

    def _weight(self, name: str) -> int | float | str | None:
        found = [f.weight(name) for f in self.formulas]
        if len(set(found)) == 1 or self.cells.variant is None:
            return found[0]
        return f"=CHOOSE({self.cells.variant},{','.join(str(w) for w in found)})"

    def _view_weight(self, name: str) -> int | float | str:
        found = [shown_number(f.ruleset.views_by_name[name].maximum) for f in self.formulas]
        if len(set(found)) == 1 or self.cells.variant is None:
            return found[0]
        return f"=CHOOSE({self.cells.variant},{','.join(str(w) for w in found)})"

    def _condition(self, condition: m.Condition, rows: list[Row], depth: int) -> int:
        """Append a condition's rows (its parts below it); the number of its own row."""
        at = FIRST_ROW + len(rows)
        rows.append({})
        entry: Row = {"kind": "condition", "text": condition.text, "_verdict": True,
                      "_depth": depth}
        if isinstance(condition, m.AllOf | m.AnyOf):
            parts = [cell("score", self._condition(p, rows, depth + 1))
                     for p in condition.parts]
            combine = v.all_of if isinstance(condition, m.AllOf) else v.any_of
            entry["score"] = combine(parts)
        elif isinstance(condition, m.NoneOf):
            entry["score"] = v.none_of(cell("score", self._condition(condition.part, rows,
                                                                     depth + 1)))
        elif isinstance(condition, m.PredicateRef):
            entry["score"] = v.same(cell("score", self.predicate_row[condition.name]))
        elif isinstance(condition, m.Every):
            entry["score"] = self._every(condition, rows, depth)
        elif condition.quantity == "fact":
            fact = self.ruleset.facts_by_name[condition.subject]
            entry["score"] = v.fact_compare(fact, self.cells.fact[fact.name], condition.op,
                                            condition.threshold)
        elif condition.quantity == "grade":
            grade = self.ruleset.grades_by_name[condition.subject]
            where = self.grade_rows[grade.name]
            holds = [cell("score", r) for r in where.levels]
            entry["score"] = v.grade_compare(grade, cell("score", where.row), holds,
                                             condition.op, str(condition.threshold))
        else:
            assert isinstance(condition.threshold, Fraction)
            entry["score"] = self._compare(condition.subject, condition.quantity,
                                           condition.op, condition.threshold)
        rows[at - FIRST_ROW] = entry
        return at

    def _every(self, condition: m.Every, rows: list[Row], depth: int) -> str:
        """A row per node compared ("n/a" for one that does not apply); all of them."""
        parts, skips = [], False
        for name in self._members(condition):
            node = self.ruleset.nodes.get(name)
            skipped = self.na.skipped(node) if node is not None else None
            skips = skips or skipped is not None
            parts.append(cell("score", FIRST_ROW + len(rows)))
            formula = self._compare(name, condition.quantity, condition.op, condition.threshold)
            rows.append({"kind": "condition", "_verdict": True, "_depth": depth + 1,
                         "text": f"{name}: {condition.quantity} {condition.op} "
                                 f"{_threshold(condition.threshold, condition.quantity)}",
                         "score": v.skippable(skipped, formula)})
        return v.every_of(parts) if skips else v.all_of(parts)

    def _compare(self, subject: str, quantity: str, op: str, threshold: Fraction) -> str:
        where = self.cells.share if quantity == "share" else self.cells.score
        return v.compare(where[subject], op, threshold)

    def _grade(self, grade: m.Grade, rows: list[Row]) -> None:
        where = self.grade_rows[grade.name]
        holds = [cell("score", r) for r in where.levels]
        value = cell("score", where.value) if where.value is not None else None
        assert FIRST_ROW + len(rows) == where.row
        rows.append({"id": grade.name, "kind": "grade", "text": grade.label or grade.name,
                     "score": v.grade_level(grade, holds, value), "_bold": True,
                     "_depth": 1, "_format": "0" if grade.numbered else "General"})
        if value is not None:
            rows.append({"id": grade.name, "kind": "value", "_depth": 2,
                         "text": "Nilai yang dibaca pita (the value the bands read)",
                         "score": self.each(NodeFormulas.grade_value, grade.name)})
        for index, level in enumerate(grade.levels):
            at = len(rows)
            rows.append({})
            band = f"{level.band.text}" if level.band is not None else ""
            entry: Row = {"id": level.name, "kind": "level", "_verdict": True, "_depth": 2,
                          "text": " ".join(t for t in (level.label or level.name, band) if t)}
            if index == 0:
                entry["score"] = "=1"  # the lowest level always holds
            elif level.when is None:
                assert level.band is not None and value is not None
                entry["score"] = v.band_reached(value, level.band)
            else:
                parts = []
                if level.band is not None and value is not None:
                    parts.append(cell("score", FIRST_ROW + len(rows)))
                    rows.append({"kind": "band", "text": band, "_verdict": True,
                                 "_depth": 3, "score": v.band_reached(value, level.band)})
                parts.append(cell("score", self._condition(level.when, rows, 3)))
                entry["score"] = v.all_of(parts) if len(parts) > 1 else v.same(parts[0])
            rows[at] = entry


def _parts(view: m.View) -> list[str]:
    return [*view.parts, *(p for child in view.children for p in _parts(child))]


def _threshold(value: Fraction, quantity: str) -> str:
    return f"{exact_text(value * 100)}%" if quantity == "share" else exact_text(value)
