"""A table's columns as numpy arrays: codes into unique values, or numbers.

pandas, polars and Arrow tables are read here and nowhere else. Every cell keeps its
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
        codes = _small(codes, len(values))
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
        polars_frame: Any = table
        physical = _polars_physical(polars_frame)
        return Table("polars", polars_frame.height, tuple(polars_frame.columns),
                     lambda name: partial(_polars, name, polars_frame.get_column(name),
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
                     lambda name: partial(_arrow, name, arrow.column(name)), table)
    raise ZonaError(_("expected a table (pandas DataFrame, polars DataFrame or Arrow table), "
                      "not a {kind}", kind=type(table).__name__))


# --- pandas --------------------------------------------------------------------------


def _pandas(name: str, series: Any) -> Column:
    import pandas as pd

    length = len(series)
    dtype = series.dtype
    if isinstance(dtype, pd.ArrowDtype):  # pandas' pyarrow types: read as Arrow reads them
        import pyarrow as pa

        return _arrow(name, pa.array(series.array))
    if isinstance(dtype, pd.CategoricalDtype):
        codes = series.array.codes  # the categorical's own codes, without a copy
        return Column(name, length, codes, _plain_list(series.cat.categories.tolist()))
    if pd.api.types.is_bool_dtype(dtype) or not pd.api.types.is_numeric_dtype(dtype):
        codes, uniques = pd.factorize(series, use_na_sentinel=True)
        return Column(name, length, _small(codes, len(uniques)), _plain_list(list(uniques)))
    if isinstance(dtype, np.dtype) and (dtype.kind in "if" or (dtype.kind == "u"
                                                               and dtype.itemsize < 8)):
        numbers = series.to_numpy()  # numpy's own: no missing value but a float NaN
        if dtype.kind in "iu":
            return Column(name, length, numbers=numbers.astype(np.int64, copy=False),
                          integral=True)
        return Column(name, length, numbers=numbers.astype(np.float64, copy=False))
    if pd.api.types.is_unsigned_integer_dtype(dtype):  # 64 bits: past int64, read exactly
        codes, uniques = pd.factorize(series, use_na_sentinel=True)
        return Column(name, length, _small(codes, len(uniques)), _plain_list(list(uniques)))
    empty = series.isna().to_numpy()
    if pd.api.types.is_integer_dtype(dtype):
        numbers = series.to_numpy(dtype=np.int64, na_value=0)
        return Column(name, length, numbers=numbers, empty=empty if empty.any() else None,
                      integral=True)
    numbers = series.to_numpy(dtype=np.float64, na_value=np.nan)
    return Column(name, length, numbers=numbers)


# --- polars -------------------------------------------------------------------------------


def _polars_physical(frame: Any) -> dict[str, Any]:
    """Every categorical column's ids (`to_physical`), by name, from one query over the
    frame (one for each column costs about 0.1 ms more a column)."""
    import polars as pl

    names = [name for name, dtype in frame.schema.items()
             if isinstance(dtype, pl.Categorical | pl.Enum)]
    if not names:
        return {}
    return dict(zip(names, frame.select(pl.col(names).to_physical()).get_columns(),
                    strict=True))


def _polars(name: str, series: Any, physical: Any = None) -> Column:
    """A polars column without converting the frame: categoricals by their physical codes
    (`physical`, when the frame's were read at once; mapped to the distinct values
    present), numbers as numpy, the rest through Arrow."""
    import polars as pl

    length = len(series)
    dtype = series.dtype
    if isinstance(dtype, pl.Categorical | pl.Enum):
        if physical is None:
            physical = series.to_physical()
        found = _polars_codes(name, series, physical)
        if found is not None:
            return found
        present = series.drop_nulls().unique(maintain_order=True)
        ids = present.to_physical().to_numpy().astype(np.int64)
        if series.null_count():
            physical = physical.fill_null(int(ids.max(initial=-1)) + 1)
        lookup = np.full(int(ids.max(initial=-1)) + 2, -1, dtype=np.int64)
        lookup[ids] = np.arange(len(ids))
        codes = _small(lookup[physical.to_numpy()], len(ids))
        return Column(name, length, codes, _plain_list(present.to_list()))
    if dtype.is_integer() and dtype != pl.UInt64:  # UInt64 goes through Arrow, by value
        empty = series.is_null().to_numpy() if series.null_count() else None
        filled = series.fill_null(0) if empty is not None else series
        return Column(name, length, numbers=filled.to_numpy().astype(np.int64, copy=False),
                      empty=empty, integral=True)
    if dtype.is_float():
        filled = series.cast(pl.Float64).fill_null(math.nan)
        return Column(name, length, numbers=filled.to_numpy())
    return _arrow(name, series.to_arrow())


def _polars_codes(name: str, series: Any, physical: Any) -> Column | None:
    """A categorical's codes straight from its physical ids (polars 2: an Enum's index into
    its categories, a Categorical's id in its Categories; both name each id), numbered
    among the ids present in the order of the ids; None where the dtype does not name its
    ids that way. A Categorical's ids follow the order in which the whole frame first saw
    its values, which need not be a scale's order: zona.batch.fused adds such codes with a
    few corrections, at about the cost of renumbering the column (measured), without a
    pass over it here."""
    import polars as pl

    dtype = series.dtype
    names = dtype.categories
    if isinstance(dtype, pl.Enum) and isinstance(names, pl.Series) and len(names) < 127:
        return _enum_codes(name, series, physical, names)
    if not isinstance(names, pl.Series) and not hasattr(names, "__getitem__"):
        return None
    nulls = series.null_count()
    if nulls:  # an id that is present stands in for an empty cell, marked below
        kept = physical.drop_nulls()
        physical = physical.fill_null(kept[0] if len(kept) else 0)
    ids = physical.to_numpy()
    own = ids.dtype.itemsize > 1 and _id_count(names) <= 256
    if own:  # every id fits a byte: one pass over the wide ids (4 bytes a row)
        ids = ids.astype(np.uint8)
    low, top = (int(ids.min()), int(ids.max())) if len(ids) else (0, -1)
    narrow = None
    if top - low < 64:  # a few ids: those of the first rows, and any other found
        narrow = ids if own and low == 0 else \
            np.subtract(ids, low % 256, dtype=np.uint8, casting="unsafe")
        seen = set(np.unique(narrow[:4096]).tolist())
        used = low + np.array([k for k in range(top - low + 1)
                               if k in seen or np.count_nonzero(narrow == k)], dtype=np.int64)
    else:
        used = np.flatnonzero(np.bincount(ids))
    try:
        uniques = [names[int(i)] for i in used]
    except (IndexError, TypeError):
        return None
    if narrow is not None and len(used) == top - low + 1:  # every id in low..top
        codes = narrow.view(np.int8)
    else:  # ids with gaps between them: numbered among those present
        kind = np.int8 if len(used) < 127 else np.int16 if len(used) < 32767 else np.int32
        offset = low if narrow is not None else 0
        lookup = np.full(top + 1 - offset, -1, dtype=kind)
        lookup[used - offset] = np.arange(len(used))
        codes = np.take(lookup, narrow if narrow is not None else ids)
    if nulls:
        codes[series.is_null().to_numpy()] = -1
    return Column(name, len(series), codes, _plain_list(uniques))


def _enum_codes(name: str, series: Any, physical: Any, names: Any) -> Column:
    """An Enum's ids index its categories in the order the Enum gives them, as a pandas
    categorical's codes do: taken as they are (a copy only to mark empty cells)."""
    nulls = series.null_count()
    ids = (physical.fill_null(0) if nulls else physical).to_numpy()
    codes = ids.view(np.int8) if ids.dtype == np.uint8 and not nulls else ids.astype(np.int8)
    if nulls:
        codes[series.is_null().to_numpy()] = -1
    return Column(name, len(series), codes, _plain_list(names.to_list()))


def _id_count(names: Any) -> int:
    """How many ids a categorical dtype's categories name (an Enum's Series, or polars 2's
    Categories); a number past any byte where that cannot be told."""
    try:
        return len(names) if hasattr(names, "__len__") else len(names.to_series())
    except (AttributeError, TypeError):
        return 2**32


# --- Arrow ---------------------------------------------------------------------------------


def _arrow(name: str, column: Any) -> Column:
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
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):  # (an older pyarrow)
        return column.unify_dictionaries().combine_chunks()


def _dictionary(name: str, array: Any) -> Column:
    """A dictionary array by its indices, in the smallest type that holds them and -1
    (Arrow's readers give int32 indices: four bytes a cell that every pass would read)."""
    import pyarrow.compute as pc

    dictionary = array.dictionary
    indices = array.indices
    if not array.null_count:
        codes = _small(indices.to_numpy(zero_copy_only=False), len(dictionary))
        return Column(name, len(array), codes, _plain_list(dictionary.to_pylist()))
    empty = array.is_null().to_numpy(zero_copy_only=False)
    codes = _small(pc.fill_null(indices, 0).to_numpy(zero_copy_only=False), len(dictionary))
    codes = np.where(empty, -1, codes).astype(codes.dtype, copy=False)
    return Column(name, len(array), codes, _plain_list(dictionary.to_pylist()))


def _encoded(name: str, column: Any) -> Column:
    """Any other Arrow column, by its distinct values."""
    import pyarrow as pa
    import pyarrow.compute as pc

    try:
        if pa.types.is_string_view(column.type):
            column = pc.cast(column, pa.large_string())
        encoded = pc.dictionary_encode(column).combine_chunks()
    except (pa.ArrowNotImplementedError, pa.ArrowInvalid, AttributeError):
        values = column.to_pylist()
        index: dict[tuple[type, object], int] = {}
        uniques: list[object] = []
        codes = np.empty(len(values), dtype=np.int32)
        for row, value in enumerate(values):
            if value is None:
                codes[row] = -1
                continue
            key = (type(value), value)
            code = index.get(key)
            if code is None:
                code = index[key] = len(uniques)
                uniques.append(value)
            codes[row] = code
        return Column(name, len(values), codes, uniques)
    codes = pc.fill_null(encoded.indices, -1).to_numpy(zero_copy_only=False)
    return Column(name, len(column), _small(codes, len(encoded.dictionary)),
                  _plain_list(encoded.dictionary.to_pylist()))


def _small(codes: Array, count: int) -> Array:
    """Codes in the smallest signed integer type that holds them and -1."""
    kind = np.int8 if count < 127 else np.int16 if count < 32767 else np.int32 \
        if count < 2**31 - 1 else np.int64
    return codes.astype(kind, copy=False)


def _plain_list(values: Sequence[object]) -> list[object]:
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
