"""The rows of a template, for any ruleset: the tree in order, each item followed by the
inputs and derived values it owns, then any input or derived value no node owns.

Shared by the template writers (xlsx, CSV, JSON, YAML) so that every format lists the
same questions in the same order.
"""

from __future__ import annotations

from collections.abc import Iterator
from fractions import Fraction

import attrs

from zona.model import Derived, Fact, Input, Node, Ruleset
from zona.model import expr as e
from zona.numtext import exact_text

_UPPER = ("A", "B", "C", "D", "E", "F", "G", "H", "I", "J", "K", "L", "M", "N")
_ROMAN = ((10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"))


@attrs.frozen
class Line:
    """One template row: a node, an input, or a derived value, with its place."""

    kind: str  # a node's kind ("component" ... "question", "item"), "input" or "derived"
    name: str
    depth: int
    number: str
    label: str
    node: Node | None = None
    spec: Input | None = None  # the answer this row takes: questions and inputs
    derived: Derived | None = None
    path: tuple[str, ...] = ()  # the labels of the nodes above

    @property
    def criteria(self) -> str | None:
        for owner in (self.node, self.spec):
            if owner is not None and owner.texts.criteria:
                return owner.texts.criteria
        return None


def lines(ruleset: Ruleset) -> list[Line]:
    """Every row, in order; each input and derived value exactly once."""
    placed: set[str] = {n.name for n in ruleset.root.walk() if n.aggregate == "choice"}
    found = list(_visit(ruleset, ruleset.root, 0, "", (), placed))
    rest = [*(i.name for i in ruleset.inputs), *(d.name for d in ruleset.derived)]
    found.extend(_owned_line(ruleset, name, 1, ()) for name in rest if name not in placed)
    return found


def _visit(ruleset: Ruleset, node: Node, depth: int, number: str, path: tuple[str, ...],
           placed: set[str]) -> Iterator[Line]:
    label = node.texts.label or node.name
    spec = ruleset.inputs_by_name.get(node.name) if node.aggregate == "choice" else None
    yield Line(node.kind, node.name, depth, number, label, node=node, spec=spec, path=path)
    inner = (*path, label) if depth else path
    for name in _owned(ruleset, node):
        if name not in placed:
            placed.add(name)
            yield _owned_line(ruleset, name, depth + 1, inner)
    for index, child in enumerate(node.children):
        yield from _visit(ruleset, child, depth + 1, numbering(depth + 1, index), inner, placed)


def _owned(ruleset: Ruleset, node: Node) -> list[str]:
    """The inputs and derived values a node declares, then those its expression uses."""
    used = list(node.declared)
    if node.expr is not None:
        used.extend(_uses(ruleset, node.expr))
    return list(dict.fromkeys(used))


def _uses(ruleset: Ruleset, expression: e.Expr) -> Iterator[str]:
    derived = {d.name: d for d in ruleset.derived}
    for var in e.variables(expression):
        if var.kind == "derived":
            yield var.name
            yield from _uses(ruleset, derived[var.name].expr)
        elif var.kind == "input":
            yield var.name


def _owned_line(ruleset: Ruleset, name: str, depth: int, path: tuple[str, ...]) -> Line:
    spec = ruleset.inputs_by_name.get(name)
    if spec is not None:
        return Line("input", name, depth, "-", spec.texts.label or name, spec=spec, path=path)
    value = next(d for d in ruleset.derived if d.name == name)
    return Line("derived", name, depth, "-", value.texts.label or name, derived=value,
                path=path)


def numbering(depth: int, index: int) -> str:
    """The LKE's numbering by level: A. / I. / 1. / i. / a. / -."""
    if depth == 1:
        return f"{_UPPER[index] if index < len(_UPPER) else index + 1}."
    if depth == 2:
        return f"{_roman(index + 1).upper()}."
    if depth == 3:
        return f"{index + 1}."
    if depth == 4:
        return f"{_roman(index + 1)}."
    if depth == 5:
        return f"{chr(ord('a') + index)}." if index < 26 else f"{index + 1}."
    return "-"


def _roman(number: int) -> str:
    if number > 39:
        return str(number)
    text = ""
    for value, letters in _ROMAN:
        while number >= value:
            text, number = text + letters, number - value
    return text


def answer_type(spec: Input) -> str:
    """How the answer is given, in the LKE's words: Ya/Tidak, A/B/C, Jumlah, Nilai (0-4)."""
    if spec.kind == "choice" and spec.scale is not None:
        return spec.scale.label or "/".join(spec.scale.names)
    if spec.kind == "count":
        return "Jumlah"
    low = exact_text(spec.low) if spec.low is not None else ""
    high = exact_text(spec.high) if spec.high is not None else ""
    return f"Nilai ({low}-{high})" if low or high else "Nilai"


def choices(spec: Input) -> tuple[str, ...]:
    """The allowed answers of a choice input (empty for counts and decimals)."""
    return spec.scale.names if spec.kind == "choice" and spec.scale is not None else ()


def not_applicable(spec: Input) -> tuple[str, ...]:
    """The answers of a choice input that mean "not applicable" (empty for most)."""
    return spec.scale.not_applicable if spec.kind == "choice" and spec.scale is not None else ()


def options_text(spec: Input) -> str:
    """What a choice's options mean, when its scale says more than their names: labels
    (`1 = Rintisan`) and "not applicable" options (`TR = Tidak relevan (n/a)`); else ""."""
    if spec.kind != "choice" or spec.scale is None:
        return ""
    labels = {o.name: " ".join(o.label.split()) for o in spec.scale.options
              if o.label and " ".join(o.label.split()) != o.name}
    if not labels and not spec.scale.not_applicable:
        return ""
    return ", ".join(o.name + (f" = {labels[o.name]}" if o.name in labels else "")
                     + (" (n/a)" if o.na else "") for o in spec.scale.options)


def weight_text(value: Fraction | None) -> str:
    return exact_text(value) if value is not None else ""


def fact_type(fact: Fact) -> str:
    """How a fact is given: its levels, Ya/Tidak, or a number in a range."""
    if fact.kind == "levels":
        return " / ".join(fact.levels)
    if fact.kind == "yesno":
        return "Ya/Tidak"
    low = exact_text(fact.low) if fact.low is not None else ""
    high = exact_text(fact.high) if fact.high is not None else ""
    return f"Angka ({low}-{high})" if low or high else "Angka"
