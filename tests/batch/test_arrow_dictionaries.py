"""zona.batch.columns reads an Arrow dictionary column as Arrow's readers give it: a chunk
per block of rows, each with its own dictionary, int32 (or unsigned) indices, empty cells.
Every cell reads back as the text it holds (None when empty), the codes are one byte, and
a whole table so given scores as the same table given as plain text does."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

np = pytest.importorskip("numpy")
pa = pytest.importorskip("pyarrow")
pacsv = pytest.importorskip("pyarrow.csv")

import zona  # noqa: E402
from zona.batch import score_table  # noqa: E402
from zona.batch.columns import arrow_column as _arrow  # noqa: E402

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "units-90-2021.csv"
VALUES = st.sampled_from(["A", "B", "C", "D", "E", None])


def _chunked(values: list[str | None], sizes: list[int], index: Any) -> Any:
    """The values in chunks of the given sizes (the rest in one more), each chunk encoded
    on its own (its own dictionary, in the order it first sees its values)."""
    chunks, start = [], 0
    for size in [*sizes, len(values)]:
        part = values[start:start + size]
        start += len(part)
        if not part and chunks:
            continue
        encoded = pa.array(part, type=pa.string()).dictionary_encode()
        chunks.append(pa.DictionaryArray.from_arrays(encoded.indices.cast(index),
                                                     encoded.dictionary))
    return pa.chunked_array(chunks, type=pa.dictionary(index, pa.string()))


@settings(max_examples=80, deadline=None)
@given(values=st.lists(VALUES, max_size=80),
       sizes=st.lists(st.integers(0, 20), max_size=6),
       index=st.sampled_from(["int8", "int16", "int32", "int64", "uint8", "uint32"]))
def test_every_cell_reads_back_as_it_was(values: list[str | None], sizes: list[int],
                                         index: str) -> None:
    column = _arrow("q", _chunked(values, sizes, pa.type_for_alias(index)))
    assert [column.raw(row) for row in range(len(values))] == values
    assert column.codes is not None and column.codes.dtype == np.int8
    assert column.length == len(values)


def test_unsigned_indices_with_empty_cells() -> None:
    """(An empty cell of a uint8-indexed column once raised OverflowError: -1 is no uint8.)"""
    array = pa.DictionaryArray.from_arrays(pa.array([0, None, 1], type=pa.uint8()),
                                           pa.array(["A", "B"]))
    column = _arrow("q", pa.chunked_array([array]))
    assert [column.raw(row) for row in range(3)] == ["A", None, "B"]
    assert column.codes is not None and column.codes.tolist() == [0, -1, 1]


def test_a_column_of_no_chunks() -> None:
    column = _arrow("q", pa.chunked_array([], type=pa.dictionary(pa.int32(), pa.string())))
    assert column.length == 0 and column.codes is not None and len(column.codes) == 0


def test_a_table_read_from_csv_scores_as_its_text_does() -> None:
    """The example table of units, read by pyarrow's CSV reader into dictionaries in small
    blocks (a chunk and a dictionary per block), scores as the same table of plain text."""
    rules = zona.load_builtin("permenpan-90-2021")
    path = EXAMPLE
    read = pacsv.ReadOptions(block_size=4096)
    blocks = pacsv.read_csv(path, read_options=read,
                            convert_options=pacsv.ConvertOptions(auto_dict_encode=True))
    plain = pacsv.read_csv(path, convert_options=pacsv.ConvertOptions(
        column_types={name: pa.string() for name in blocks.column_names}))
    assert blocks.column("soal_1").num_chunks > 5
    assert pa.types.is_dictionary(blocks.column("soal_1").type)
    by_blocks, by_text = score_table(rules, blocks), score_table(rules, plain)
    scored = by_text.column_names[2:]  # (the carried unit and instansi keep their types)
    assert scored[0] == "total" and by_blocks.column_names[2:] == scored
    assert by_blocks.select(scored).equals(by_text.select(scored))
    assert sum(by_blocks.column("WBK").to_pylist()) == 95



def test_pandas_arrow_types_read_as_the_arrow_table() -> None:
    """pandas columns of pyarrow types (`types_mapper=pd.ArrowDtype`, `dtype_backend=
    "pyarrow"`) are read as the Arrow table they hold: dictionaries by their indices."""
    pd = pytest.importorskip("pandas")
    rules = zona.load_builtin("permenpan-90-2021")
    table = pacsv.read_csv(EXAMPLE, convert_options=pacsv.ConvertOptions(
        auto_dict_encode=True, strings_can_be_null=True))
    frame = table.to_pandas(types_mapper=pd.ArrowDtype)
    assert isinstance(frame["soal_1"].dtype, pd.ArrowDtype)
    by_arrow, by_pandas = score_table(rules, table), score_table(rules, frame)
    for name in by_arrow.column_names[2:]:
        cells = [None if pd.isna(v) else v for v in by_pandas[name].tolist()]
        assert cells == by_arrow.column(name).to_pylist(), name
    from zona.batch.columns import _pandas

    column = _pandas("soal_1", frame["soal_1"])
    assert column.codes is not None and column.codes.dtype == np.int8
    assert [column.raw(row) for row in range(len(frame))] == table.column("soal_1").to_pylist()


def test_a_pandas_arrow_dictionary_is_read_by_its_indices() -> None:
    """Its codes are the dictionary's indices, in the dictionary's order, taken without a
    copy (not re-encoded with pd.factorize, which makes codes of its own)."""
    pd = pytest.importorskip("pandas")
    from zona.batch.columns import _pandas

    dictionary = pa.array(["E", "D", "C", "B", "A"])
    array = pa.DictionaryArray.from_arrays(pa.array([4, 0, None, 4], type=pa.int8()),
                                           dictionary)
    column = _pandas("q", pd.Series(array, dtype=pd.ArrowDtype(array.type)))
    assert column.uniques == ["E", "D", "C", "B", "A"]
    assert column.codes is not None and column.codes.tolist() == [4, 0, -1, 4]
    full = pa.DictionaryArray.from_arrays(pa.array([4, 0, 1], type=pa.int8()), dictionary)
    series = pd.Series(full, dtype=pd.ArrowDtype(full.type))
    held = pa.array(series.array).indices.to_numpy(zero_copy_only=False)
    assert np.shares_memory(_pandas("q", series).codes, held)
