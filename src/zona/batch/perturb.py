"""Perturbed copies of a table of units: every choice one option up or down (`step`), or
decimal inputs such as survey indices moved by an exact amount (`shift`).

    >>> table, moved = perturbed(ruleset, units, step(+1))
    >>> table, moved = perturbed(ruleset, units, shift("0.05"))   # IPAK and IPKP + 0.05

Only the columns a perturbation changes are replaced, as text (an option's name, an exact
decimal), dictionary-encoded; the others are the table's own. `moved` counts, per row, the
answers that changed. An unanswered cell stays unanswered, a cell that does not read (a
bad row) and a "not applicable" option stay as they are; an answer already at the end of
its scale or range stays there (a shift stops at the range's end). With `safe=True` an
answer moves only as its input's `change` allows (`change up`: only up, `fixed`: never),
and `step` leaves `measured` inputs alone.
"""

from __future__ import annotations

import decimal
from collections.abc import Sequence
from fractions import Fraction
from typing import Any

import attrs
import numpy as np

from zona import model as m
from zona.batch.columns import Array, read_table
from zona.batch.names import columns_of
from zona.errors import ZonaError
from zona.i18n import _
from zona.io.sheets import input_id
from zona.model.changes import allows
from zona.numtext import NumberProblem, exact_decimal, exact_text, read_number, terminates
from zona.scoring.read import is_not_applicable, read_value


@attrs.frozen
class Step:
    """Every choice (or the choices `inputs` names) one option up (+1) or down (-1)."""

    direction: int
    inputs: tuple[str, ...] | None = None
    safe: bool = False

    @property
    def name(self) -> str:
        return _name(f"step {self.direction:+d}", self.inputs, self.safe)


@attrs.frozen
class Shift:
    """Decimal inputs (by default the measured ones: survey indices) moved by `amount`."""

    amount: Fraction
    inputs: tuple[str, ...] | None = None
    safe: bool = False

    @property
    def name(self) -> str:
        sign = "+" if self.amount >= 0 else "-"
        return _name(f"shift {sign}{exact_text(abs(self.amount))}", self.inputs, self.safe)


Perturbation = Step | Shift


def _name(head: str, inputs: tuple[str, ...] | None, safe: bool) -> str:
    shown = "" if inputs is None else " " + ", ".join(inputs[:3]) + (
        f" +{len(inputs) - 3}" if len(inputs) > 3 else "")
    return head + shown + (" (safe)" if safe else "")


def step(direction: int = 1, inputs: Sequence[str] | str | None = None,
         safe: bool = False) -> Step:
    """Choices one option up (`direction=+1`) or down (-1): all of them, or `inputs` (ids
    or `soal_<n>`)."""
    if direction not in (1, -1):
        raise ZonaError(_("a step is +1 (one option up) or -1 (one option down), not "
                          "{direction}", direction=direction))
    return Step(direction, _names(inputs), safe)


def shift(amount: object, inputs: Sequence[str] | str | None = None,
          safe: bool = False) -> Shift:
    """Decimal or count inputs moved by an exact `amount` ("0.05", "-0.1", Decimal, a
    float by its shortest decimal): the measured inputs (survey indices) or `inputs`."""
    return Shift(_amount(amount), _names(inputs), safe)


def _names(inputs: Sequence[str] | str | None) -> tuple[str, ...] | None:
    if inputs is None:
        return None
    return (inputs,) if isinstance(inputs, str) else tuple(inputs)


def _amount(amount: object) -> Fraction:
    found: Fraction | None = None
    try:
        if isinstance(amount, int | Fraction) and not isinstance(amount, bool):
            found = Fraction(amount)
        elif isinstance(amount, float):
            found = exact_decimal(decimal.Decimal(repr(amount)))
        elif isinstance(amount, decimal.Decimal):
            found = exact_decimal(amount)
        elif isinstance(amount, str):
            found = read_number(amount.strip().removeprefix("+"))
    except NumberProblem as problem:
        raise ZonaError(str(problem)) from None
    if found is None or not terminates(found):
        raise ZonaError(_("a shift is an exact decimal amount (0.05, -0.1), not '{amount}'",
                          amount=amount))
    return found


def each(ruleset: m.Ruleset, perturbation: Perturbation) -> list[Perturbation]:
    """The perturbation one input at a time: a scenario per input it would move."""
    return [attrs.evolve(perturbation, inputs=(spec.name,))
            for spec in targets(ruleset, perturbation)]


def targets(ruleset: m.Ruleset, perturbation: Perturbation) -> list[m.Input]:
    """The inputs a perturbation may move."""
    specs = ruleset.inputs_by_name
    if perturbation.inputs is not None:
        found = []
        for name in perturbation.inputs:
            spec = specs.get(input_id(name, ruleset))
            if spec is None:
                raise ZonaError(_("{ruleset} has no input '{name}'", ruleset=ruleset.id,
                                  name=name))
            found.append(spec)
    elif isinstance(perturbation, Step):
        found = [s for s in ruleset.inputs if s.kind == "choice"]
    else:
        found = [s for s in ruleset.inputs if s.kind == "decimal" and s.measured]
        if not found:
            raise ZonaError(_("{ruleset} has no measured decimal input (survey index) to "
                              "shift; name the inputs", ruleset=ruleset.id))
    kinds = ("choice",) if isinstance(perturbation, Step) else ("decimal", "count")
    wrong = [s.name for s in found if s.kind not in kinds]
    if wrong:
        raise ZonaError(_("a {what} moves {kinds} inputs; {names} cannot be moved",
                          what="step" if isinstance(perturbation, Step) else "shift",
                          kinds="/".join(kinds), names=", ".join(wrong)))
    if isinstance(perturbation, Shift) and perturbation.amount.denominator != 1:
        counts = [s.name for s in found if s.kind == "count"]
        if counts:
            raise ZonaError(_("a count moves by whole numbers; {names} cannot move by "
                              "{amount}", names=", ".join(counts),
                              amount=exact_text(perturbation.amount)))
    if perturbation.safe and isinstance(perturbation, Step):
        found = [s for s in found if not s.measured]
    return found


def perturbed(ruleset: m.Ruleset, table: object, perturbation: Perturbation) -> tuple[Any, Array]:
    """The table with the perturbation applied (the same kind of table), and how many
    answers it moved on each row (int32)."""
    read = read_table(table)
    columns = columns_of(ruleset, read.names)
    moved = np.zeros(read.rows, dtype=np.int32)
    replaced: dict[str, tuple[Array, list[str]]] = {}
    for spec in targets(ruleset, perturbation):
        column_name = columns.inputs.get(spec.name)
        if column_name is None:
            continue  # unanswered in every row: nothing to move
        column = read.column(column_name).as_codes()
        assert column.codes is not None
        texts: list[str] = []
        changed = np.zeros(len(column.uniques) + 1, dtype=np.int32)  # the last: empty cells
        for code, raw in enumerate(column.uniques):
            new = None if raw is None else _moved(spec, raw, perturbation)
            changed[code] = new is not None
            texts.append(new if new is not None else _text(raw))
        moved += changed[column.codes]
        if changed.any():  # (code -1, an empty cell, reads the last entry of each lookup)
            replaced[column_name] = _encoded(column.codes, texts)
    return _with(read.kind, read.original, replaced), moved


def _moved(spec: m.Input, raw: object, perturbation: Perturbation) -> str | None:
    """The cell's new text, or None when it does not move."""
    if isinstance(perturbation, Step):
        return _stepped(spec, raw, perturbation)
    try:
        value = read_value(spec, raw)
    except ValueError:
        return None  # a bad cell: reported by scoring, as in the table
    if value is None:
        return None
    new = value + perturbation.amount
    low = spec.low if spec.low is not None else (Fraction(0) if spec.kind == "count" else None)
    if low is not None and new < low:
        new = low
    if spec.high is not None and new > spec.high:
        new = spec.high
    if new == value or (perturbation.safe and not allows(spec.change, value, new)):
        return None
    return exact_text(new)


def _stepped(spec: m.Input, raw: object, perturbation: Step) -> str | None:
    scale = spec.scale
    if scale is None or is_not_applicable(spec, raw):
        return None
    try:
        value = read_value(spec, raw)
    except ValueError:
        return None
    if value is None:
        return None
    if perturbation.direction > 0:
        above = [o for o in scale.valued if o.value > value]
        target = min(above, key=lambda o: o.value) if above else None
    else:
        below = [o for o in scale.valued if o.value < value]
        target = max(below, key=lambda o: o.value) if below else None
    if target is None or (perturbation.safe and not allows(spec.change, value, target.value)):
        return None
    return target.name


def _text(raw: object) -> str:
    """A cell as text that reads as the cell does (a float by its shortest decimal)."""
    if isinstance(raw, float):
        return repr(raw)
    return str(raw)


def _encoded(codes: Array, texts: list[str]) -> tuple[Array, list[str]]:
    """Codes into distinct texts (two values may now have the same text)."""
    distinct: dict[str, int] = {}
    lookup = np.array([distinct.setdefault(t, len(distinct)) for t in texts] + [-1],
                      dtype=np.int64)
    kind = np.int8 if len(distinct) < 127 else np.int16 if len(distinct) < 32767 else np.int32
    return lookup[codes].astype(kind), list(distinct)


def _with(kind: str, original: Any, replaced: dict[str, tuple[Array, list[str]]]) -> Any:
    """The table of `kind` with some columns replaced by dictionary-encoded text."""
    if not replaced:
        return original
    if kind == "pandas":
        import pandas as pd

        frame = original.copy(deep=False)
        labels = {str(c): c for c in frame.columns}
        for name, (codes, texts) in replaced.items():
            frame[labels[name]] = pd.Categorical.from_codes(codes, categories=pd.Index(texts),
                                                            validate=False)
        return frame
    import pyarrow as pa

    arrays = {name: pa.DictionaryArray.from_arrays(pa.array(codes, mask=codes < 0),
                                                   pa.array(texts, pa.string()))
              for name, (codes, texts) in replaced.items()}
    if kind == "polars":
        import polars as pl

        return original.with_columns([pl.Series(n, a) for n, a in arrays.items()])
    table = original
    for name, array in arrays.items():
        table = table.set_column(table.column_names.index(name), name, array)
    return table


__all__ = ["Perturbation", "Shift", "Step", "each", "perturbed", "shift", "step", "targets"]
