"""Each input's answers for every row, read by the exact path's own `read_value`.

A column is read by its distinct values where it has few (choices, texts, categories)
and vectorised where it holds numbers; either way the verdict on every cell, and the
message for a bad one, is `read_value`'s. For each row an input gives a float value
(0 when unanswered), whether it is answered, and a bound on the float's error against
the exact value (0 when the float is the exact value).
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

import attrs
import numpy as np

from zona import model as m
from zona.batch.columns import Array, Column
from zona.scoring import read_value

U = 2.0**-50  # a generous bound on one rounding (8 units in the last place)
EXACT_INTEGER = 2.0**53  # integers below this are exact as floats


def error_bound(approx: float, exact: Fraction) -> float:
    """A float no smaller than |approx - exact|."""
    gap = abs(Fraction(approx) - exact)
    return 0.0 if gap == 0 else float(gap) * (1 + U) + 5e-324


@attrs.define
class InputData:
    """One input over the whole table: lookup tables by code, or numbers.

    `codes` are the column's codes (-1 for an empty cell); plus one, they index the
    lookup tables, whose entry 0 is for an empty cell."""

    spec: m.Input
    column: Column | None
    codes: Array | None = None
    values: Array | None = None
    answered: Array | None = None
    errors: Array | None = None
    numbers: Array | None = None
    empty: Array | None = None
    exact: bool = True  # every float equals its exact value
    blank: bool = False  # some non-empty cell reads as unanswered (a blank text)
    bad: dict[int, str] = attrs.field(factory=dict)  # row -> message

    def chunk(self, start: int, stop: int,
              errors: bool = True) -> tuple[Array, Array, Array | float]:
        """Values (0 where unanswered; anything on a bad row), answered mask, and (if asked
        for) error bounds, 0.0 where every float is exact."""
        n = stop - start
        if self.column is None:
            return np.zeros(n), np.zeros(n, dtype=bool), 0.0
        if self.codes is not None:
            assert self.values is not None and self.answered is not None
            codes = self.codes[start:stop] + 1  # 0: an empty cell
            answered = self.answered[codes] if self.blank else codes > 0
            bounds: Array | float = 0.0 if self.exact or not errors \
                else self.errors[codes]  # type: ignore[index]
            return self.values[codes], answered, bounds
        assert self.numbers is not None
        numbers = self.numbers[start:stop]
        if self.column.integral:
            answered = np.ones(n, dtype=bool) if self.empty is None else ~self.empty[start:stop]
            values = numbers.astype(np.float64)
            if errors and (self.spec.kind == "decimal" or not self.exact):
                big = np.abs(values) >= EXACT_INTEGER
                return values, answered, np.where(big, np.abs(values) * U, 0.0)
            return values, answered, 0.0
        answered = np.isfinite(numbers)
        values = np.where(answered, numbers, 0.0)
        if not errors:
            return values, answered, 0.0
        if self.spec.kind == "count":
            return values, answered, 0.0 if self.exact else np.where(
                np.abs(values) >= EXACT_INTEGER, np.abs(values) * U, 0.0)
        # a float cell means its shortest decimal form; it is the float itself when the
        # float is a multiple of 1/256 below 2**20 (at most 14 significant digits)
        scaled = values * 256.0
        short = (np.floor(scaled) == scaled) & (np.abs(values) < 2.0**20)
        return values, answered, np.where(short, 0.0, np.abs(values) * U)

    def keys(self, rows: Array) -> list[Array]:
        """For some rows, integer columns that are equal exactly when the cells are."""
        if self.codes is not None:
            return [self.codes[rows].astype(np.int64)]  # the column's own codes
        if self.numbers is None:
            return [np.zeros(len(rows), dtype=np.int64)]
        numbers = self.numbers[rows]
        if self.column is not None and self.column.integral:
            empty = self.empty[rows] if self.empty is not None else np.zeros(len(rows), bool)
            return [numbers.astype(np.int64), empty.astype(np.int64)]
        numbers = np.where(np.isnan(numbers), np.nan, numbers + 0.0)  # one NaN, no -0.0
        return [numbers.view(np.int64)]

    @property
    def whole(self) -> bool:
        """Whether every value is a whole number below 2**53 (with error 0)."""
        return self.spec.kind == "count" and self.exact


def read_input(spec: m.Input, column: Column | None) -> InputData:
    """Read one input's column (None: no column, every row unanswered)."""
    if column is None:
        return InputData(spec, None)
    if column.codes is None and spec.kind != "choice":
        return _numbers(spec, column)
    return _by_value(spec, column.as_codes())


def _by_value(spec: m.Input, column: Column) -> InputData:
    size = len(column.uniques)
    values = np.zeros(size + 1)  # entry 0: an empty cell
    answered = np.zeros(size + 1, dtype=bool)
    errors = np.zeros(size + 1)
    messages: dict[int, str] = {}
    blank = False
    for code, raw in enumerate(column.uniques, start=1):
        try:
            exact = read_value(spec, raw)
        except ValueError as error:
            messages[code] = str(error)
            continue
        if exact is None:
            blank = True
        else:
            values[code] = float(exact)
            answered[code] = True
            errors[code] = error_bound(values[code], exact)
    assert column.codes is not None
    codes = column.codes  # shifted by one chunk by chunk, not here: no copy of the column
    if codes.dtype == np.int8 and size >= 127:
        codes = codes.astype(np.int16)
    data = InputData(spec, column, codes, values, answered, errors,
                     exact=not errors.any(), blank=blank)
    if messages:
        bad_codes = np.fromiter(messages, dtype=np.int64) - 1
        rows = np.flatnonzero(np.isin(codes, bad_codes))
        data.bad = {int(r): messages[int(codes[r]) + 1] for r in rows}
    return data


def _numbers(spec: m.Input, column: Column) -> InputData:
    numbers = column.numbers
    assert numbers is not None
    empty = column.empty
    data = InputData(spec, column, numbers=numbers, empty=empty)
    if column.integral:
        if spec.kind == "count":
            suspicious = numbers < 0
        else:
            suspicious = (numbers <= _floor(spec.low)) | (numbers >= _ceil(spec.high))
        data.exact = not bool((np.abs(numbers) >= EXACT_INTEGER).any())
    else:
        finite = np.isfinite(numbers)
        if spec.kind == "count":
            suspicious = ~np.isnan(numbers) & (
                ~finite | (numbers < 0) | (np.floor(np.where(finite, numbers, 0)) != numbers))
            data.exact = not bool((np.abs(np.where(finite, numbers, 0)) >= EXACT_INTEGER).any())
        else:
            suspicious = ~np.isnan(numbers) & (
                ~finite | (numbers <= _floor(spec.low)) | (numbers >= _ceil(spec.high)))
            data.exact = False
    if empty is not None:
        suspicious &= ~empty
    rows = np.flatnonzero(suspicious)
    if len(rows):
        verdicts: dict[Any, str | None] = {}
        for row in rows.tolist():
            raw = column.raw(row)
            if raw not in verdicts:
                try:
                    read_value(spec, raw)
                    verdicts[raw] = None
                except ValueError as error:
                    verdicts[raw] = str(error)
            message = verdicts[raw]
            if message is not None:
                data.bad[row] = message
    return data


def _floor(bound: Fraction | None) -> float:
    """One step above the bound's float: a number at or below it is checked exactly, one
    above it is surely above the bound."""
    if bound is None:
        return -np.inf
    return float(np.nextafter(float(bound), np.inf))


def _ceil(bound: Fraction | None) -> float:
    """One step below the bound's float (see _floor)."""
    if bound is None:
        return np.inf
    return float(np.nextafter(float(bound), -np.inf))
