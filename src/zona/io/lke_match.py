"""Match the LKE sheet's rows to a ruleset's questions by structure and text.

Walks the ruleset tree alongside the rows read by zona.io.lke_book: inside each matched
heading's block of rows, children pair with the rows whose normalised text is most alike
(or, reworded, with the row in their place). Then reads the matched answer cells.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Mapping, Sequence
from fractions import Fraction

from zona.errors import AnswerProblem
from zona.i18n import _
from zona.io.lke_book import Row, compact, normalise, plain
from zona.model import Derived, Input, Node, Ruleset
from zona.model import expr as e

THRESHOLD = 0.75  # the least difflib ratio for two normalised texts to be the same item


def _similarities(keys: Sequence[str], text: str) -> list[float]:
    """difflib's ratio of each key to one row's text (0 below THRESHOLD). One matcher per
    row: difflib indexes its second text once, not once per key (5,000 near-duplicate rows,
    each like a question, cost about a second, tests/hostile/test_rows.py)."""
    matcher = difflib.SequenceMatcher(None, "", text, autojunk=False)
    found = []
    for key in keys:
        matcher.set_seq1(key)
        found.append(1.0 if key == text else 0.0 if matcher.real_quick_ratio() < THRESHOLD
                     or matcher.quick_ratio() < THRESHOLD else matcher.ratio())
    return found


def _label(item: Node | Input | Derived) -> str:
    return item.texts.label or item.name


def short(text: str) -> str:
    """Text cut to 60 characters for a message."""
    return text if len(text) <= 60 else text[:57].rstrip() + "..."


def _who(item: Node | Input | Derived) -> str:
    soal = getattr(item, "soal", None)
    return f"{item.name} (soal {soal})" if soal else item.name


def _describe(item: Node | Input | Derived) -> str:
    return f"{_who(item)} {short(_label(item))!r}"


def _item_inputs(ruleset: Ruleset) -> dict[str, list[str]]:
    """The inputs of each item: those it uses and those declared inside it (an unused
    count such as soal 104, violations sanctioned, belongs to the item it is written in)."""
    items = [n for n in ruleset.root.walk() if n.aggregate == "expr"]
    inputs = ruleset.inputs_by_name
    return {item.name: list(dict.fromkeys(
        [*item.inputs, *(n for n in item.declared if n in inputs and not inputs[n].scored)]))
        for item in items}


def _derived_in(ruleset: Ruleset, expression: e.Expr | None) -> list[Derived]:
    """The derived values an expression uses, directly or through other derived values."""
    by_name = {d.name: d for d in ruleset.derived}
    names = [v.name for v in e.variables(expression) if v.kind == "derived"] if expression else []
    found = [by_name[n] for n in dict.fromkeys(names)]
    return list(dict.fromkeys(d for value in found
                              for d in [value, *_derived_in(ruleset, value.expr)]))


class Matcher:
    """Walks the ruleset tree alongside the rows, collecting matches, warnings, problems."""

    def __init__(self, ruleset: Ruleset, rows: Sequence[Row], title: str) -> None:
        self.ruleset, self.rows, self.title = ruleset, rows, title
        self.claimed: set[int] = set()
        self.item_inputs = _item_inputs(ruleset)
        self.input_rows: dict[str, Row] = {}
        self.derived_rows: dict[str, Row] = {}
        self.node_rows: dict[str, Row] = {}
        self.warnings: list[AnswerProblem] = []
        self.problems: list[AnswerProblem] = []

    def cell(self, row: Row, column: str | None = None) -> str:
        return f"{self.title}!{column or row.column or 'K'}{row.number}"

    def warn(self, location: str, message: str) -> None:
        self.warnings.append(AnswerProblem(location, message))

    def walk(self, node: Node, start: int, end: int, heading: Row | None = None) -> None:
        """Match node's children in rows[start:end], then each child within its own block."""
        free = [i for i in range(start, end) if i not in self.claimed]
        found = self._pair(node.children, free, lambda row: row.kind != "jumlah")
        order = sorted(found.items(), key=lambda pair: pair[1])
        for position, (name, index) in enumerate(order):
            stop = order[position + 1][1] if position + 1 < len(order) else end
            child = self.ruleset.node(name)
            self.node_rows[name] = self.rows[index]
            self.walk(child, index + 1, stop, self.rows[index])
            if child.aggregate == "choice":
                self.input_rows[child.inputs[0]] = self.rows[index]
            elif child.aggregate == "expr":
                self._item(child, index, stop)
        for child in node.children:
            if child.name not in found:
                self._missing(child, heading)

    def _item(self, node: Node, index: int, stop: int) -> None:
        """Match an item's inputs and derived rows: its own row, then its block's rows."""
        inputs = [self.ruleset.inputs_by_name[name] for name in self.item_inputs[node.name]]
        derived = _derived_in(self.ruleset, node.expr)
        free = [index] + [i for i in range(index + 1, stop) if i not in self.claimed]
        found = self._pair([*inputs, *derived], free, lambda row: row.kind != "%")
        for spec in inputs:
            if spec.name in found:
                self.input_rows[spec.name] = self.rows[found[spec.name]]
            else:
                self._missing(spec, self.rows[index])
        for value in derived:
            if value.name in found:
                self.derived_rows[value.name] = self.rows[found[value.name]]

    def _pair(self, items: Sequence[Node | Input | Derived], free: Sequence[int],
              fits: Callable[[Row], bool]) -> dict[str, int]:
        """Pair items with rows by text similarity, best first; then, if as many items
        (not derived values) as rows in the paired rows' column are left, pair those in
        order, with a warning: a reworded row in its usual place is still found."""
        keys = [normalise(_label(item)) for item in items]
        candidates = [i for i in free if fits(self.rows[i])]
        found: dict[str, int] = {}
        # Identical texts pair first (a similarity of 1 means identical): the same pairs,
        # in the same order, as the sorted list below would give, without difflib.
        by_key: dict[str, list[int]] = {}  # candidate rows by text, in order: near-linear
        for i in reversed(candidates):
            by_key.setdefault(self.rows[i].key, []).append(i)
        for rank, key in enumerate(keys):
            same = by_key.get(key)
            if same:
                found[items[rank].name] = same.pop()
        taken = set(found.values())
        pending = [rank for rank in range(len(keys)) if items[rank].name not in found]
        known: dict[str, list[float]] = {}  # a text repeated in many rows is compared once
        scored: list[tuple[float, int, int]] = []
        for i in candidates if pending else ():
            text = self.rows[i].key
            if i not in taken:
                if text not in known:
                    known[text] = _similarities([keys[rank] for rank in pending], text)
                scored += [(-ratio, rank, i) for rank, ratio in zip(pending, known[text],
                                                                     strict=True)
                           if ratio >= THRESHOLD]
        scored.sort()
        for negative, rank, index in scored:
            if -negative < THRESHOLD:
                break
            if items[rank].name not in found and index not in found.values():
                found[items[rank].name] = index
        columns = {self.rows[i].column for i in found.values()}
        rest = [item for item in items if item.name not in found
                and not isinstance(item, Derived)]
        rows = [i for i in candidates if i not in found.values() and i not in self.claimed
                and self.rows[i].column in columns]
        if rest and len(rest) == len(rows):
            for item, index in zip(rest, rows, strict=True):
                found[item.name] = index
                self.warn(self.cell(self.rows[index]), _(
                    "the text differs from {item} of {ruleset}; matched by its place",
                    item=_describe(item), ruleset=self.ruleset.id))
        self.claimed.update(found.values())
        return found

    def _missing(self, item: Node | Input, parent: Row | None) -> None:
        where = self.cell(parent) if parent is not None else self.title
        self.warn(where, _("no row matches {item} of {ruleset}; it is read as unanswered",
                           item=_describe(item), ruleset=self.ruleset.id))

    def unmatched_rows(self) -> None:
        """Warn about rows between the first and last matched row that match nothing."""
        if not self.claimed:
            return
        for index in range(min(self.claimed), max(self.claimed) + 1):
            row = self.rows[index]
            if index not in self.claimed and not row.summary:
                self.warn(self.cell(row), _(
                    "no question of {ruleset} matches this row ({text}); it is ignored",
                    ruleset=self.ruleset.id, text=repr(short(row.text) or _("no text"))))

    # --- answers ----------------------------------------------------------------

    def total_row(self) -> Row | None:
        """The summary row of the whole evaluation's score ("NILAI EVALUASI ..."), if any."""
        found = [row for row in self.rows if row.summary and "nilai evaluasi" in row.key]
        return found[-1] if found else None

    def formula_rows(self) -> set[int]:
        """The rows whose matched answer cell holds a formula: their saved results are read."""
        return {row.number for row in self.input_rows.values() if row.formula}

    def answers(self, cached: Mapping[int, object]) -> dict[str, object]:
        """Every non-blank answer by input id; problems and answer-type warnings noted."""
        from zona.scoring import read_value

        found: dict[str, object] = {}
        for spec in self.ruleset.inputs:
            row = self.input_rows.get(spec.name)
            if row is None:
                continue
            self._check_type(spec, row)
            raw = cached.get(row.number) if row.formula else row.answer
            if row.formula and raw is None:
                self.problems.append(AnswerProblem(self.cell(row, "K"), (
                    _("{name}: the answer is a formula ({formula}) with no saved result; open "
                      "and save the workbook in Excel or LibreOffice, or type the answer",
                      name=spec.name, formula=row.answer))))
                continue
            value = plain(raw)
            if value is None:
                continue
            try:
                read_value(spec, value)
            except ValueError as error:
                self.problems.append(AnswerProblem(self.cell(row, "K"), f"{spec.name}: {error}"))
                continue
            found[spec.name] = value
        return found

    def _check_type(self, spec: Input, row: Row) -> None:
        expected = _expected_type(spec)
        if compact(expected) != row.kind:
            shown = repr(row.answer_type) if row.answer_type else _("blank")
            self.warn(self.cell(row, "J"), _(
                "the answer type is {shown} but {who} is {expected} in {ruleset}; the answer "
                "is read as {expected}", shown=shown, who=_who(spec), expected=expected,
                ruleset=self.ruleset.id))

    def check_total(self, value: Derived, answers: Mapping[str, object]) -> None:
        """Warn when a derived value's row holds a typed number its parts disagree with."""
        from zona.scoring import read_value

        row = self.derived_rows.get(value.name)
        typed = plain(row.answer) if row is not None and not row.formula else None
        if row is None or isinstance(typed, bool) or not isinstance(typed, int | float):
            return
        parts = [v.name for v in e.variables(value.expr) if v.kind == "input"]
        known = {n: read_value(self.ruleset.inputs_by_name[n], answers.get(n)) for n in parts}
        total = e.evaluate(value.expr, lambda var: known.get(var.name))
        if isinstance(total, Fraction) and total != Fraction(str(typed)):
            cells = ", ".join(f"K{self.input_rows[n].number}" for n in parts)
            self.warn(self.cell(row, "K"), _(
                "{text} is typed as {typed} but its parts {cells} give {total}; {ruleset} uses "
                "the parts", text=repr(row.text), typed=typed, cells=cells, total=total,
                ruleset=self.ruleset.id))


def _expected_type(spec: Input) -> str:
    from zona.numtext import exact_text

    if spec.kind == "choice" and spec.scale is not None:
        return spec.scale.label or "/".join(spec.scale.names)
    if spec.kind == "count":
        return "Jumlah"
    return f"Nilai ({exact_text(spec.low or Fraction(0))}-{exact_text(spec.high or Fraction(0))})"
