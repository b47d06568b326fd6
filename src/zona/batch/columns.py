"""A table's columns as numpy arrays: codes into unique values, or numbers.

pandas, polars (zona.batch.polars_columns) and Arrow tables are read here and nowhere
else. Every cell keeps its
original value (as a plain Python object) so that any row can be scored again by the
exact path with exactly what the table holds. Empty cells (null, NaN, None) are
unanswered.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from functools import partial
from typing import Any

import attrs
import numpy as np
import numpy.typing as npt

from zona.batch.letters import one_letter_codes
from zona.errors import ZonaError
from zona.i18n import _

Array = npt.NDArray[Any]


@attrs.define
class Column:
    """One column: `codes` into `uniques` (-1 for an empty cell), or `numbers` with a
    mask of empty cells. `integral` numbers came from an integer column."""

    name: str
    length: int
    codes: Array | None = None
    uniques: list[object] = attrs.field(factory=list)
    numbers: Array | None = None
    empty: Array | None = None
    integral: bool = False

    def raw(self, row: int) -> object:
        """The cell as a plain Python value (None when empty)."""
        if self.codes is not None:
            code = int(self.codes[row])
            return None if code < 0 else self.uniques[code]
        assert self.numbers is not None
        if self.empty is not None and self.empty[row]:
            return None
        value = self.numbers[row]
        if not self.integral and math.isnan(value):
            return None
        return int(value) if self.integral else float(value)

    def as_codes(self) -> Column:
        """The same column as codes into unique values (for numbers: their distinct values)."""
        if self.codes is not None:
            return self
        assert self.numbers is not None
        empty = self.empty if self.empty is not None else (
            np.zeros(self.length, dtype=bool) if self.integral else np.isnan(self.numbers))
        values, codes = np.unique(np.where(empty, 0, self.numbers), return_inverse=True)
        codes = smallest(codes, len(values))
        codes[empty] = -1
        uniques: list[object] = [int(v) if self.integral else float(v)
                                 for v in values.tolist()]
        return Column(self.name, self.length, codes, uniques)


@attrs.frozen
class Table:
    """A table read for scoring: its kind ('pandas', 'polars', 'arrow'), row count, the
    columns in order, `later(name)`: a column's reader, made on the calling thread, which
    may then run on any thread, and the original object (to carry other columns over)."""

    kind: str
    rows: int
    names: tuple[str, ...]
    later: Callable[[str], Callable[[], Column]]
    original: Any

    def column(self, name: str) -> Column:
        """The named column, read now."""
        return self.later(name)()


def read_table(table: object) -> Table:
    """Wrap a pandas DataFrame, polars DataFrame or Arrow table; ZonaError for others."""
    module = type(table).__module__.split(".")[0]
    if module == "pandas":
        import pandas as pd

        if not isinstance(table, pd.DataFrame):
            raise ZonaError(_("expected a table (pandas DataFrame, polars DataFrame or Arrow "
                              "table), not a {kind}", kind=type(table).__name__))
        names = tuple(str(c) for c in table.columns.tolist())  # (an Arrow-backed index
        # is slow to iterate name by name)
        if len(set(names)) != len(names):
            raise ZonaError(_("the table has two columns with the same name"))
        frame = table
        by_name = dict(zip(names, frame.columns, strict=True))
        return Table("pandas", len(frame), names,
                     lambda name: partial(_pandas, name, frame[by_name[name]]), frame)
    if module == "polars":
        from zona.batch.polars_columns import physical_ids, polars_column

        polars_frame: Any = table
        physical = physical_ids(polars_frame)
        return Table("polars", polars_frame.height, tuple(polars_frame.columns),
                     lambda name: partial(polars_column, name, polars_frame.get_column(name),
                                          physical.get(name)), table)
    if module == "pyarrow":
        import pyarrow as pa

        if isinstance(table, pa.RecordBatch):
            table = pa.Table.from_batches([table])
        if not isinstance(table, pa.Table):
            raise ZonaError(_("expected an Arrow table, not a {kind}",
                              kind=type(table).__name__))
        arrow = table
        return Table("arrow", arrow.num_rows, tuple(arrow.column_names),
                     lambda name: partial(arrow_column, name, arrow.column(name)), table)
    raise ZonaError(_("expected a table (pandas DataFrame, polars DataFrame or Arrow table), "
                      "not a {kind}", kind=type(table).__name__))


# --- pandas --------------------------------------------------------------------------


def _pandas(name: str, series: Any) -> Column:
    import pandas as pd

    length = len(series)
    dtype = series.dtype
    if isinstance(dtype, pd.ArrowDtype) or (  # pyarrow's arrays: read as Arrow reads them
            isinstance(dtype, pd.StringDtype) and str(dtype.storage).startswith("pyarrow")):
        import pyarrow as pa

        return arrow_column(name, pa.array(series.array))
    if isinstance(dtype, pd.CategoricalDtype):
        codes = series.array.codes  # the categorical's own codes, without a copy
        return Column(name, length, codes, plain_list(series.cat.categories.tolist()))
    if pd.api.types.is_bool_dtype(dtype) or not pd.api.types.is_numeric_dtype(dtype) \
            or pd.api.types.is_complex_dtype(dtype):  # (by value: refused, not made real)
        return _factorized(name, series)
    if isinstance(dtype, np.dtype) and (dtype.kind in "if" or (dtype.kind == "u"
                                                               and dtype.itemsize < 8)):
        numbers = series.to_numpy()  # numpy's own: no missing value but a float NaN
        if dtype.kind in "iu":
            return Column(name, length, numbers=numbers.astype(np.int64, copy=False),
                          integral=True)
        return Column(name, length, numbers=numbers.astype(np.float64, copy=False))
    if pd.api.types.is_unsigned_integer_dtype(dtype):  # 64 bits: past int64, read exactly
        return _factorized(name, series)
    empty = series.isna().to_numpy()
    if pd.api.types.is_integer_dtype(dtype):
        numbers = series.to_numpy(dtype=np.int64, na_value=0)
        return Column(name, length, numbers=numbers, empty=empty if empty.any() else None,
                      integral=True)
    numbers = series.to_numpy(dtype=np.float64, na_value=np.nan)
    return Column(name, length, numbers=numbers)


def _factorized(name: str, series: Any) -> Column:
    """A pandas column by its distinct values (cells that cannot be hashed: by_value)."""
    import pandas as pd

    try:
        codes, uniques = pd.factorize(series, use_na_sentinel=True)
    except TypeError:  # unhashable cells (lists, dictionaries)
        return by_value(name, [None if _empty(v) else v for v in series.tolist()])
    return Column(name, len(series), smallest(codes, len(uniques)), plain_list(list(uniques)))


def _empty(value: object) -> bool:
    """None, NaN or pandas' NA (what pd.factorize counts as an empty cell)."""
    return value is None or (isinstance(value, float) and math.isnan(value)) or \
        type(value).__name__ in ("NAType", "NaTType")


# --- Arrow ---------------------------------------------------------------------------------


def arrow_column(name: str, column: Any) -> Column:
    """An Arrow column: a table's chunked array, or one array (a polars column's)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    if isinstance(column, pa.Array):
        column = pa.chunked_array([column])
    length = len(column)
    kind = column.type
    if pa.types.is_dictionary(kind):
        return _dictionary(name, _whole(column))
    if pa.types.is_integer(kind) and kind != pa.uint64():  # uint64: by value, exactly
        array = _whole(column)
        empty = array.is_null().to_numpy(zero_copy_only=False) if array.null_count else None
        filled = pc.fill_null(array, 0) if array.null_count else array
        numbers = filled.to_numpy(zero_copy_only=False).astype(np.int64, copy=False)
        return Column(name, length, numbers=numbers, empty=empty, integral=True)
    if pa.types.is_floating(kind):
        array = _whole(column)
        if array.type != pa.float64():
            array = pc.cast(array, pa.float64())
        filled = pc.fill_null(array, math.nan) if array.null_count else array
        numbers = filled.to_numpy(zero_copy_only=False)
        return Column(name, length, numbers=np.asarray(numbers, dtype=np.float64))
    return _encoded(name, column)


def _whole(column: Any) -> Any:
    """A chunked array as one array; dictionary chunks with different dictionaries get one
    dictionary (a CSV or Parquet reader gives a chunk, and a dictionary, per block of rows:
    hundreds to a column, which one by one cost a Python step each)."""
    import pyarrow as pa

    if column.num_chunks == 1:
        return column.chunk(0)
    if column.num_chunks == 0:
        return pa.array([], type=column.type)
    try:
        return column.combine_chunks()
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        if not pa.types.is_dictionary(column.type):
            raise  # (text past 2 GB in one array: the caller reads it by chunks)
        return column.unify_dictionaries().combine_chunks()  # (an older pyarrow)


def _dictionary(name: str, array: Any) -> Column:
    """A dictionary array by its indices, in the smallest type that holds them and -1
    (Arrow's readers give int32 indices: four bytes a cell that every pass would read)."""
    import pyarrow.compute as pc

    dictionary = array.dictionary
    indices = pc.fill_null(array.indices, 0) if array.null_count else array.indices
    codes = smallest(indices.to_numpy(zero_copy_only=False), len(dictionary))
    if array.null_count:  # (unsigned indices have no room for -1 until narrowed)
        empty = array.is_null().to_numpy(zero_copy_only=False)
        codes = np.where(empty, -1, codes).astype(codes.dtype, copy=False)
    return Column(name, len(array), codes, plain_list(dictionary.to_pylist()))


def _encoded(name: str, column: Any) -> Column:
    """Any other Arrow column, by its distinct values."""
    import pyarrow as pa
    import pyarrow.compute as pc

    try:
        array = _whole(column)  # one array: its letters read, or encoded in one go
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):  # (over 2 GB of text at once)
        array = column
    letters = one_letter_codes(array) if isinstance(array, pa.Array) else None
    if letters is not None:
        return Column(name, len(column), letters[0], letters[1])
    try:
        try:
            encoded = pc.dictionary_encode(array)
        except pa.ArrowNotImplementedError:  # views, in a pyarrow that cannot hash them
            if not pa.types.is_string_view(array.type):
                raise
            encoded = pc.dictionary_encode(pc.cast(array, pa.large_string()))
        if isinstance(encoded, pa.ChunkedArray):
            encoded = encoded.combine_chunks()
    except (pa.ArrowNotImplementedError, pa.ArrowInvalid, AttributeError):
        return by_value(name, array.to_pylist())
    codes = pc.fill_null(encoded.indices, -1).to_numpy(zero_copy_only=False)
    return Column(name, len(column), smallest(codes, len(encoded.dictionary)),
                  plain_list(encoded.dictionary.to_pylist()))


def by_value(name: str, values: list[object]) -> Column:
    """A column by its distinct values, cell by cell (what no library encodes: mixed types,
    lists, dictionaries). A value that cannot be hashed is a distinct value of its own, which
    the reading then refuses for its row."""
    index: dict[tuple[type, object], int] = {}
    uniques: list[object] = []
    codes = np.empty(len(values), dtype=np.int32)
    for row, value in enumerate(values):
        if value is None:
            codes[row] = -1
            continue
        key = (type(value), value)
        try:
            code = index.get(key)
        except TypeError:  # unhashable (a list, a dictionary): a value of its own
            code = None
            key = (type(value), ("row", row))
        if code is None:
            code = index[key] = len(uniques)
            uniques.append(value)
        codes[row] = code
    return Column(name, len(values), smallest(codes, len(uniques)), uniques)


def smallest(codes: Array, count: int) -> Array:
    """Codes in the smallest signed integer type that holds them and -1."""
    kind = np.int8 if count < 127 else np.int16 if count < 32767 else np.int32 \
        if count < 2**31 - 1 else np.int64
    return codes.astype(kind, copy=False)


def plain_list(values: Sequence[object]) -> list[object]:
    """Unique values as plain Python objects (numpy scalars become int/float/bool/str);
    a NaN category counts as an empty cell's value, None."""
    found: list[object] = []
    for value in values:
        if isinstance(value, np.generic):
            value = value.item()
        if isinstance(value, float) and math.isnan(value):
            value = None
        found.append(value)
    return found


__all__ = ["Array", "Column", "Table", "arrow_column", "by_value", "plain_list", "read_table",
           "smallest"]
