"""polars columns as zona.batch.columns reads them: categoricals by their physical ids,
numbers as numpy, the rest through Arrow, without converting the frame."""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from zona.batch.columns import Column, arrow_column, by_value, plain_list, smallest


def physical_ids(frame: Any) -> dict[str, Any]:
    """Every categorical column's ids (`to_physical`), by name, from one query over the
    frame (one for each column costs about 0.1 ms more a column)."""
    import polars as pl

    names = [name for name, dtype in frame.schema.items()
             if isinstance(dtype, pl.Categorical | pl.Enum)]
    if not names:
        return {}
    return dict(zip(names, frame.select(pl.col(names).to_physical()).get_columns(),
                    strict=True))


def polars_column(name: str, series: Any, physical: Any = None) -> Column:
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
        codes = smallest(lookup[physical.to_numpy()], len(ids))
        return Column(name, length, codes, plain_list(present.to_list()))
    wide = [getattr(pl, kind) for kind in ("Int128", "UInt128") if hasattr(pl, kind)]
    if dtype in wide:  # (neither numpy nor Arrow has them): by value, exactly
        return by_value(name, series.to_list())
    if dtype.is_integer() and dtype != pl.UInt64:  # UInt64 goes through Arrow, by value
        empty = series.is_null().to_numpy() if series.null_count() else None
        filled = series.fill_null(0) if empty is not None else series
        return Column(name, length, numbers=filled.to_numpy().astype(np.int64, copy=False),
                      empty=empty, integral=True)
    if dtype.is_float():
        filled = series.cast(pl.Float64).fill_null(math.nan)
        return Column(name, length, numbers=filled.to_numpy())
    return arrow_column(name, _as_arrow(series))


def _as_arrow(series: Any) -> Any:
    """A polars column as Arrow, without a copy where polars can (its text as Arrow's
    string views: a copy to large strings costs about 7 ms a column of a million cells)."""
    import polars as pl

    newest = getattr(pl, "CompatLevel", None)
    return series.to_arrow() if newest is None else \
        series.to_arrow(compat_level=newest.newest())


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
    if narrow is not None and top - low + 1 - len(used) <= _FEW_GAPS:
        codes = _close_gaps(narrow, used - low)
    else:  # ids with many gaps between them: numbered among those present
        kind = np.int8 if len(used) < 127 else np.int16 if len(used) < 32767 else np.int32
        offset = low if narrow is not None else 0
        lookup = np.full(top + 1 - offset, -1, dtype=kind)
        lookup[used - offset] = np.arange(len(used))
        codes = np.take(lookup, narrow if narrow is not None else ids)
    if nulls:
        codes[series.is_null().to_numpy()] = -1
    return Column(name, len(series), codes, plain_list(uniques))


#: absent ids closed by arithmetic (each a comparison and a subtraction over the column,
#: about 0.1 ms a million rows); past these, a lookup by np.take into a new array (about
#: 0.8 ms, measured, and the new array's memory)
_FEW_GAPS = 6


def _close_gaps(narrow: Any, present: Any) -> Any:
    """Ids in 0..63 numbered among those `present`, in place: each id less the count of
    absent ids below it (the largest absent id first, so that each step sees ids not yet
    lowered past it)."""
    seen = set(present.tolist())
    above = None
    for gap in sorted((k for k in range(int(present.max(initial=0)) + 1) if k not in seen),
                      reverse=True):
        above = np.greater(narrow, gap, out=above)
        np.subtract(narrow, above, out=narrow, casting="unsafe")
    return narrow.view(np.int8)


def _enum_codes(name: str, series: Any, physical: Any, names: Any) -> Column:
    """An Enum's ids index its categories in the order the Enum gives them, as a pandas
    categorical's codes do: taken as they are (a copy only to mark empty cells)."""
    nulls = series.null_count()
    ids = (physical.fill_null(0) if nulls else physical).to_numpy()
    codes = ids.view(np.int8) if ids.dtype == np.uint8 and not nulls else ids.astype(np.int8)
    if nulls:
        codes[series.is_null().to_numpy()] = -1
    return Column(name, len(series), codes, plain_list(names.to_list()))


def _id_count(names: Any) -> int:
    """How many ids a categorical dtype's categories name (an Enum's Series, or polars 2's
    Categories); a number past any byte where that cannot be told."""
    try:
        return len(names) if hasattr(names, "__len__") else len(names.to_series())
    except (AttributeError, TypeError):
        return 2**32


__all__ = ["physical_ids", "polars_column"]
