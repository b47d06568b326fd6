"""zona.batch.letters reads a text column of one-letter cells from Arrow's buffers: every
cell reads back as it was, whatever the Arrow text type, slice or mix of cells (other
columns go to the general encoding, with the same result)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

np = pytest.importorskip("numpy")
pa = pytest.importorskip("pyarrow")

from zona.batch.columns import arrow_column  # noqa: E402
from zona.batch.letters import one_letter_codes  # noqa: E402

TYPES = ["string", "large_string", "string_view"]
LETTERS = st.sampled_from(["A", "B", "C", "D", "E", "a", "Y", "~", " "])
OTHERS = st.sampled_from(["", "Ya", "Tidak", "é", "AB", None, "Z"])


@settings(max_examples=150, deadline=None)
@given(values=st.lists(st.one_of(LETTERS, OTHERS), max_size=60),
       kind=st.sampled_from(TYPES), cut=st.integers(0, 5))
def test_every_cell_reads_back_as_it_was(values: list[str | None], kind: str,
                                         cut: int) -> None:
    array = pa.array(values, type=pa.type_for_alias(kind)).slice(min(cut, len(values)))
    kept = values[min(cut, len(values)):]
    column = arrow_column("q", array)
    assert [column.raw(row) for row in range(len(kept))] == kept
    assert column.codes is not None and column.codes.dtype == np.int8


@settings(max_examples=100, deadline=None)
@given(values=st.lists(LETTERS, min_size=1, max_size=60), kind=st.sampled_from(TYPES),
       cut=st.integers(0, 5))
def test_one_letter_cells_are_numbered_in_the_order_of_the_letters(
        values: list[str], kind: str, cut: int) -> None:
    array = pa.array(values, type=pa.type_for_alias(kind)).slice(min(cut, len(values) - 1))
    kept = values[min(cut, len(values) - 1):]
    found = one_letter_codes(array)
    assert found is not None
    codes, letters = found
    assert letters == sorted(set(kept))
    assert [letters[c] for c in codes.tolist()] == kept


@pytest.mark.parametrize("values", [
    ["A", None, "B"],  # an empty cell
    ["A", "", "B"],  # blank text
    ["A", "BC", "D"],  # a longer text (the total length is still one a cell on average)
    ["AB", "", "C"],
    ["é", "A"],  # two bytes
    [],
])
def test_other_columns_are_left_to_the_general_encoding(values: list[str | None]) -> None:
    for kind in TYPES:
        assert one_letter_codes(pa.array(values, type=pa.type_for_alias(kind))) is None


def test_a_pandas_text_column_is_read_by_its_letters() -> None:
    """pandas' text backed by pyarrow (pandas 3's `str`) is read as its Arrow array: one
    letter a cell, no hashing; codes in the order of the letters."""
    pd = pytest.importorskip("pandas")
    series = pd.Series(["C", "A", "E", "A"], dtype=pd.StringDtype("pyarrow"))
    from zona.batch.columns import _pandas

    column = _pandas("q", series)
    assert column.uniques == ["A", "C", "E"]
    assert column.codes is not None and column.codes.tolist() == [1, 0, 2, 0]



@settings(max_examples=80, deadline=None)
@given(values=st.lists(st.one_of(LETTERS, OTHERS), max_size=60),
       sizes=st.lists(st.integers(1, 20), max_size=5), kind=st.sampled_from(TYPES))
def test_text_in_chunks_reads_back_as_it_was(values: list[str | None], sizes: list[int],
                                             kind: str) -> None:
    """Text as a CSV reader gives it, a chunk per block of rows: made one array, then read
    by its letters or encoded in one go."""
    chunks, start = [], 0
    for size in [*sizes, len(values)]:
        chunks.append(pa.array(values[start:start + size], type=pa.type_for_alias(kind)))
        start += size
    column = arrow_column("q", pa.chunked_array(chunks, type=pa.type_for_alias(kind)))
    assert [column.raw(row) for row in range(len(values))] == values


def test_text_that_cannot_be_one_array_is_encoded_by_chunks(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Past 2 GB of text, a `string` column's chunks cannot be one array (Arrow raises);
    they are then encoded chunk by chunk, with the same result."""
    from zona.batch import columns

    def overflow(column: object) -> object:
        raise pa.ArrowInvalid("offset overflow while concatenating arrays")

    monkeypatch.setattr(columns, "_whole", overflow)
    values = ["A", "Ya", None, "B", "A"]
    chunked = pa.chunked_array([pa.array(values[:2]), pa.array(values[2:])])
    column = arrow_column("q", chunked)
    assert [column.raw(row) for row in range(5)] == values
