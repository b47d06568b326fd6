"""Each input's answers for every row, read by the exact path's own `read_value`.

A column is read by its distinct values where it has few (choices, texts, categories)
and vectorised where it holds numbers; either way the verdict on every cell, and the
message for a bad one, is `read_value`'s. For each row an input gives a float value
(0 when unanswered), whether it is answered, and a bound on the float's error against
the exact value (0 when the float is the exact value).
"""

from __future__ import annotations

from fractions import Fraction

import attrs
import numpy as np

from zona import model as m
from zona.batch.columns import Array, Column
from zona.scoring import read_value
from zona.scoring.read import is_not_applicable

U = 2.0**-50  # a generous bound on one rounding (8 units in the last place)
EXACT_INTEGER = 2.0**53  # integers below this are exact as floats
Flags = Array | bool  # per row, or True / False for every row of a chunk


def error_bound(approx: float, exact: Fraction) -> float:
    """A float no smaller than |approx - exact|."""
    gap = abs(Fraction(approx) - exact)
    return 0.0 if gap == 0 else float(gap) * (1 + U) + 5e-324


@attrs.define
class InputData:
    """One input over the whole table: lookup tables by code, or numbers.

    `codes` are the column's own codes, -1 for an empty cell; the lookup tables have one
    entry per code and a last one for an empty cell, so that `np.take(table, codes,
    mode="wrap")` reads them without shifting the codes. `complete`: no cell is empty
    (every row answered, or bad)."""

    spec: m.Input
    column: Column | None
    codes: Array | None = None
    values: Array | None = None
    answered: Array | None = None
    errors: Array | None = None
    exacts: list[Fraction | None] = attrs.field(factory=list)  # read_value of each code
    numbers: Array | None = None
    empty: Array | None = None
    exact: bool = True  # every float equals its exact value
    blank: bool = False  # some non-empty cell reads as unanswered (a blank text)
    complete: bool = False
    bad: dict[int, str] = attrs.field(factory=dict)  # row -> message
    na: Array | None = None  # per code (and a last entry for an empty cell): not applicable
    #: points tables by maximum (shared by every table with the same distinct values)
    tables: dict[Fraction, tuple[Array, float]] = attrs.field(factory=dict)
    _read: dict[object, Fraction | None] = attrs.field(factory=dict, init=False)

    def flags(self, start: int, stop: int) -> Flags:
        """Whether each row of a chunk is answered (True: every row)."""
        if self.column is None:
            return False
        if self.complete:
            return True
        if self.codes is not None:
            assert self.answered is not None
            codes = self.codes[start:stop]
            return np.take(self.answered, codes, mode="wrap") if self.blank else codes >= 0
        if self.empty is not None:
            return ~self.empty[start:stop]
        return np.isfinite(self.numbers[start:stop])  # type: ignore[index]

    def na_flags(self, start: int, stop: int) -> Flags:
        """Whether each row of a chunk is answered "not applicable" (False: no row)."""
        if self.na is None or self.codes is None:
            return False
        return np.take(self.na, self.codes[start:stop], mode="wrap")

    def dropped(self, start: int, stop: int) -> Flags:
        """The rows answered "not applicable" under `na reweight`: left out of what reads
        them (False: no row)."""
        return self.na_flags(start, stop) if self.spec.na == "reweight" else False

    def points(self, maximum: Fraction) -> tuple[Array, float]:
        """A question's score per code (value x maximum, rounded once) and its error."""
        found = self.tables.get(maximum)
        if found is None:
            table = np.zeros(len(self.exacts) + 1)
            bound = 0.0
            for code, exact in enumerate(self.exacts):
                if exact is not None:
                    table[code] = float(exact * maximum)
                    bound = max(bound, error_bound(table[code], exact * maximum))
            found = self.tables[maximum] = (table, bound)
        return found

    def chunk(self, start: int, stop: int,
              errors: bool = True) -> tuple[Array, Flags, Array | float]:
        """Values (0 where unanswered; anything on a bad row), answered flags, and (if
        asked for) error bounds, 0.0 where every float is exact."""
        n = stop - start
        if self.column is None:
            return np.zeros(n), False, 0.0
        answered = self.flags(start, stop)
        if self.codes is not None:
            assert self.values is not None and self.errors is not None
            codes = self.codes[start:stop]
            bounds: Array | float = 0.0 if self.exact or not errors \
                else np.take(self.errors, codes, mode="wrap")
            return np.take(self.values, codes, mode="wrap"), answered, bounds
        assert self.numbers is not None
        numbers = self.numbers[start:stop]
        if self.column.integral:
            values = numbers.astype(np.float64)
            if errors and not self.exact:
                big = np.abs(values) >= EXACT_INTEGER
                return values, answered, np.where(big, np.abs(values) * U, 0.0)
            return values, answered, 0.0
        values = numbers if answered is True else np.where(answered, numbers, 0.0)
        if not errors:
            return values, answered, 0.0
        if self.spec.kind == "count":
            return values, answered, 0.0 if self.exact else np.where(
                np.abs(values) >= EXACT_INTEGER, np.abs(values) * U, 0.0)
        # a float cell means its shortest decimal form; it is the float itself when the
        # float is a multiple of 1/256 below 2**20 (at most 14 significant digits)
        scaled = values * 256.0
        size = np.abs(values)
        short = np.floor(scaled) == scaled
        short &= size < 2.0**20
        size *= U
        size *= ~short  # (np.where is slower on a mask that changes from row to row)
        return values, answered, size

    def cell(self, row: int) -> Fraction | None:
        """The exact value of one cell (read_value's, read once per distinct cell)."""
        if self.codes is not None:
            code = int(self.codes[row])
            return None if code < 0 else self.exacts[code]
        assert self.column is not None
        raw = self.column.raw(row)
        if raw not in self._read:
            self._read[raw] = None if raw is None else read_value(self.spec, raw)
        return self._read[raw]

    def na_cell(self, row: int) -> bool:
        """Whether one cell is answered "not applicable"."""
        return self.na is not None and self.codes is not None and bool(
            self.na[int(self.codes[row])])

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


@attrs.frozen(eq=False)
class _Values:
    """What an input's distinct values read as (read_value's verdict on each), by code,
    with a last entry for an empty cell."""

    values: Array
    answered: Array
    errors: Array
    exacts: list[Fraction | None]
    messages: dict[int, str]
    blank: bool
    na: Array | None
    tables: dict[Fraction, tuple[Array, float]]


#: distinct values already read, by input and values (a notebook scores many tables with
#: the same categories): (id of the input, the values with their types) -> (input, reading)
_SEEN: dict[tuple[int, tuple[object, ...]], tuple[m.Input, _Values]] = {}
_SEEN_MAX = 4096  # entries kept; more are not remembered
_SEEN_WIDTH = 256  # columns with more distinct values than this are read every time


def _by_value(spec: m.Input, column: Column) -> InputData:
    read = _values(spec, column.uniques)
    assert column.codes is not None
    codes = column.codes
    complete = not read.blank and (len(codes) == 0 or int(np.minimum.reduce(codes)) >= 0)
    data = InputData(spec, column, codes, read.values, read.answered, read.errors,
                     read.exacts, exact=not read.errors.any(), blank=read.blank,
                     complete=complete, na=read.na, tables=read.tables)
    if read.messages:
        bad_codes = np.fromiter(read.messages, dtype=np.int64)
        rows = np.flatnonzero(np.isin(codes, bad_codes))
        data.bad = {int(r): read.messages[int(codes[r])] for r in rows}
    return data


def _values(spec: m.Input, uniques: list[object]) -> _Values:
    """The reading of distinct values, remembered for the next table with the same ones."""
    key = (id(spec), tuple((type(u), u) for u in uniques)) \
        if len(uniques) <= _SEEN_WIDTH else None
    if key is not None:
        try:
            seen = _SEEN.get(key)
        except TypeError:  # a value that cannot be hashed (a list): read, not remembered
            seen = key = None
        if seen is not None and seen[0] is spec:
            return seen[1]
    size = len(uniques)
    values = np.zeros(size + 1)  # the last entry: an empty cell
    answered = np.zeros(size + 1, dtype=bool)
    errors = np.zeros(size + 1)
    exacts: list[Fraction | None] = []
    messages: dict[int, str] = {}
    blank = False
    na = np.zeros(size + 1, dtype=bool)
    for code, raw in enumerate(uniques):
        try:
            exact = _not_applicable(spec) if is_not_applicable(spec, raw) else \
                read_value(spec, raw)
            na[code] = is_not_applicable(spec, raw)
        except ValueError as error:
            messages[code] = str(error)
            exacts.append(None)
            continue
        exacts.append(exact)
        if exact is None:
            blank = True
        else:
            values[code] = float(exact)
            answered[code] = True
            errors[code] = error_bound(values[code], exact)
    for shared in (values, answered, errors, na):
        shared.flags.writeable = False  # read by every table with these values
    found = _Values(values, answered, errors, exacts, messages, blank,
                    na if na.any() else None, {})
    if key is not None and len(_SEEN) < _SEEN_MAX:
        _SEEN[key] = (spec, found)
    return found


def _not_applicable(spec: m.Input) -> Fraction | None:
    """What a "not applicable" answer reads as: the scale's top (`na full`), 0 (`na zero`),
    or nothing (`na reweight`)."""
    if spec.na == "full":
        return spec.scale.high if spec.scale is not None else Fraction(1)
    return Fraction(0) if spec.na == "zero" else None


def _numbers(spec: m.Input, column: Column) -> InputData:
    numbers = column.numbers
    assert numbers is not None
    empty = column.empty
    data = InputData(spec, column, numbers=numbers, empty=empty)
    if column.integral:
        data.complete = empty is None
        if spec.kind == "count" and _whole(numbers):
            data.exact = True  # every count in 0 .. 2**53: nothing to check
            return data
        low, high = (int(numbers.min()), int(numbers.max())) if len(numbers) else (0, 0)
        data.exact = max(-low, high) < EXACT_INTEGER
        if spec.kind == "count":
            suspicious = numbers < 0 if low < 0 else None
        elif low <= _floor(spec.low) or high >= _ceil(spec.high):
            suspicious = (numbers <= _floor(spec.low)) | (numbers >= _ceil(spec.high))
        else:
            suspicious = None
    else:
        if _plain(spec, numbers):
            data.complete, data.exact = True, spec.kind == "count"
            return data
        finite = np.isfinite(numbers)
        data.complete = bool(finite.all())
        if spec.kind == "count":
            suspicious = ~np.isnan(numbers) & (
                ~finite | (numbers < 0) | (np.floor(np.where(finite, numbers, 0)) != numbers))
            data.exact = not bool((np.abs(np.where(finite, numbers, 0)) >= EXACT_INTEGER).any())
        else:
            suspicious = ~np.isnan(numbers) & (
                ~finite | (numbers <= _floor(spec.low)) | (numbers >= _ceil(spec.high)))
            data.exact = False
        suspicious |= _beyond_digits(numbers)
    if suspicious is None:
        return data
    if empty is not None:
        suspicious &= ~empty
    rows = np.flatnonzero(suspicious)
    if len(rows):  # read once per distinct cell (bit for bit: -0.0 is not 0.0)
        found = numbers[rows]
        _, first, groups = np.unique(found.view(np.int64) if found.dtype.kind == "f" else found,
                                     return_index=True, return_inverse=True)
        for group, row in enumerate(rows[first].tolist()):
            try:
                read_value(spec, column.raw(row))
            except ValueError as error:
                data.bad.update(dict.fromkeys(rows[groups.reshape(-1) == group].tolist(),
                                              str(error)))
    return data


def _whole(numbers: Array) -> bool:
    """Whether every one of some int64 numbers is in 0 .. 2**53 - 1 (one pass: their
    bitwise or is, exactly when each is)."""
    return not len(numbers) or 0 <= int(np.bitwise_or.reduce(numbers)) < EXACT_INTEGER


def _plain(spec: m.Input, numbers: Array) -> bool:
    """Whether a column of floats has no empty cell and nothing to check: every value
    finite and within range (for a count: whole, not negative, below 2**53)."""
    if not len(numbers):
        return False
    low, high = float(numbers.min()), float(numbers.max())  # NaN if any is NaN
    if not (np.isfinite(low) and np.isfinite(high)):
        return False
    if spec.kind == "count":
        return low >= 0 and high < EXACT_INTEGER and not (np.floor(numbers) != numbers).any()
    return low > _floor(spec.low) and high < _ceil(spec.high) \
        and not _beyond_digits(numbers).any()


def _beyond_digits(numbers: Array) -> Array:
    """Floats that may be past read_value's digits or exponent (zona.numtext): 1e40 or
    more in size, or below 1e-23 but not 0 (a float has at most 17 significant digits,
    so anything between is within 10^±40); read exactly."""
    size = np.abs(numbers)
    return (size >= 1e40) | ((size < 1e-23) & (size > 0))


def _floor(bound: Fraction | None) -> float:
    """A float at or below which a number is checked exactly, above which it is surely at
    least the bound: one step below the bound when it is a float itself, else one step
    above the bound's nearest float."""
    if bound is None:
        return -np.inf
    near = float(bound)
    return float(np.nextafter(near, -np.inf if Fraction(near) == bound else np.inf))


def _ceil(bound: Fraction | None) -> float:
    """A float at or above which a number is checked exactly (see _floor)."""
    if bound is None:
        return np.inf
    near = float(bound)
    return float(np.nextafter(near, np.inf if Fraction(near) == bound else -np.inf))
