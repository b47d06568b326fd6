"""zona.batch.columns reads a polars categorical from its physical ids: every cell reads
back as the text it holds (None when empty), with one code per distinct value present; an
Enum's ids are its codes, into its categories in their order (as a pandas categorical's)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

np = pytest.importorskip("numpy")
pl = pytest.importorskip("polars")

from zona.batch import columns, polars_columns  # noqa: E402
from zona.batch.polars_columns import polars_column as _polars  # noqa: E402


def _check(series: object) -> None:
    column = _polars("x", series)
    values = series.to_list()  # type: ignore[attr-defined]
    assert [column.raw(row) for row in range(len(values))] == values
    present = {v for v in values if v is not None}
    assert sorted(map(str, column.uniques)) == sorted(present) or (
        not present and len(column.uniques) <= 1)
    assert column.codes is not None and column.codes.dtype == np.int8


@pytest.mark.parametrize("values", [
    ["b", "a", None, "b"],
    ["c", "a", "c"],  # Enum: b unused
    [None, None],
    [],
])
def test_enum(values: list[str | None]) -> None:
    series = pl.Series(values, dtype=pl.Enum(["c", "a", "b"]))
    column = _polars("x", series)
    assert [column.raw(row) for row in range(len(values))] == values
    assert column.uniques == ["c", "a", "b"]  # the Enum's order, unused ones too
    assert column.codes is not None and column.codes.dtype == np.int8
    assert column.codes.tolist() == [-1 if v is None else "cab".index(v) for v in values]


def test_an_enum_of_many_categories_is_read_by_value() -> None:
    many = [f"v{i}" for i in range(200)]
    _check(pl.Series(["v150", None, "v3", "v150"], dtype=pl.Enum(many)))


def test_categoricals_sharing_ids_with_gaps_and_wide_ranges() -> None:
    # ids for v0 .. v299 (kept: polars' categories forget names no column holds)
    names = pl.Series([f"v{i}" for i in range(300)], dtype=pl.Categorical)
    probe = pl.Series(["v299", "v0"], dtype=pl.Categorical).to_physical().to_list()
    assert probe[0] - probe[1] == 299 and len(names) == 300
    _check(pl.Series(["v299", "v298", None, "v299"], dtype=pl.Categorical))
    _check(pl.Series(["v5"] * 5000 + ["v9", None, "v7"], dtype=pl.Categorical))  # past row 4096
    _check(pl.Series(["v0", "v250", "v3", None] * 10, dtype=pl.Categorical))  # ids far apart
    rng = np.random.default_rng(3)
    _check(pl.Series(rng.choice(["v1", "v2", "v4", None], 20000).tolist(), dtype=pl.Categorical))
    _check(pl.Series(["v8", "v1", "v3", "v4", "v8"], dtype=pl.Categorical))  # 4 absent ids
    _check(pl.Series(["v30", "v0", None, "v10", "v20"], dtype=pl.Categorical))  # 27 absent


@settings(max_examples=200, deadline=None)
@given(present=st.sets(st.integers(0, 63), min_size=1), data=st.data())
def test_absent_ids_closed_by_arithmetic_number_the_present_ones_in_order(
        present: set[int], data: st.DataObject) -> None:
    """Ids in 0..63 with some absent: each reads as its rank among those present, as the
    lookup by np.take gives it."""
    ranked = sorted(present)
    ids = data.draw(st.lists(st.sampled_from(ranked), min_size=1, max_size=50))
    narrow = np.array(ids, dtype=np.uint8)
    codes = polars_columns._close_gaps(narrow, np.array(ranked))
    assert codes.dtype == np.int8
    assert codes.tolist() == [ranked.index(i) for i in ids]


def test_ids_are_kept_in_their_order_without_renumbering() -> None:
    """An Arrow dictionary of C, B, A (a scale listed from the top) gives polars ids in that
    order, and values first seen in no order get ids in no order: the codes are the ids
    (zona.batch.fused adds codes in any order), with no pass to renumber them."""
    column = _polars("x", pl.Series(["rev3", "rev2", "rev1", "rev2"], dtype=pl.Categorical))
    assert column.uniques == ["rev3", "rev2", "rev1"]
    assert column.codes is not None and column.codes.tolist() == [0, 1, 2, 1]
    shuffled = _polars("y", pl.Series(["mix2", "mix3", "mix1"], dtype=pl.Categorical))
    assert shuffled.uniques == ["mix2", "mix3", "mix1"]
    assert shuffled.codes is not None and shuffled.codes.tolist() == [0, 1, 2]


@pytest.mark.skipif(not hasattr(pl, "Categories"),
                    reason="this polars has one global set of categories (no pl.Categories)")
@settings(max_examples=60, deadline=None)
@given(values=st.lists(st.sampled_from(["p", "q", "r", "s", "t", None]), max_size=60),
       seen=st.lists(st.sampled_from(["s", "x", "t", "q", "y"]), max_size=5))
def test_ids_read_a_byte_at_a_time_read_as_the_wide_ids_do(
        values: list[str | None], seen: list[str]) -> None:
    """Categories of at most 256 names (most frames) have their ids read as bytes; the codes
    and values are those read from the wide ids (a past that names more than 256)."""
    categories = pl.Categories(f"zona_test_{len(seen)}_{'_'.join(seen)}")
    # other names first (kept: the categories forget names no column holds): ids not in
    # the order of the values
    first = pl.Series(seen, dtype=pl.Categorical(categories))
    series = pl.Series(values, dtype=pl.Categorical(categories))
    known = dict(zip(first.cast(pl.String).to_list(), first.to_physical().to_list(),
                     strict=True))
    assert all(known.get(v, i) == i for v, i in zip(
        series.cast(pl.String).to_list(), series.to_physical().to_list(), strict=True))
    _check(series)
    narrow = _polars("x", series)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(polars_columns, "_id_count", lambda names: 2**32)
        wide = _polars("x", series)
    assert narrow.uniques == wide.uniques
    assert narrow.codes is not None and wide.codes is not None
    assert narrow.codes.tolist() == wide.codes.tolist()


@pytest.mark.skipif(not hasattr(pl, "Categories"),
                    reason="this polars has one global set of categories (no pl.Categories)")
@pytest.mark.parametrize("later", [["v2", None, "v9"], ["v0", "v20"], ["v9", "v11"]])
def test_ids_below_the_first_rows_least_are_found(later: list[str | None]) -> None:
    """Ids smaller than every id of the first rows, found later, are read from the ids
    (not by polars' `unique`), every cell as the wide ids read it."""
    categories = pl.Categories("zona_test_below_first_rows")
    names = pl.Series([f"v{i}" for i in range(21)], dtype=pl.Categorical(categories))
    series = pl.Series(["v9", "v10"] * 2500 + later, dtype=pl.Categorical(categories))
    _check(series)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(polars_columns, "_id_count", lambda names: 2**32)
        wide = _polars("x", series)
    # (the categories forget names no column holds: `names` keeps them)
    assert series.to_physical()[0] == names.to_physical()[9] == 9
    narrow = polars_columns._polars_codes("x", series, series.to_physical())
    assert narrow is not None and narrow.uniques == wide.uniques
    assert narrow.codes is not None and wide.codes is not None
    assert narrow.codes.tolist() == wide.codes.tolist()


def test_a_frame_reads_its_categoricals_at_once_as_each_alone() -> None:
    """read_table takes every categorical's ids from one query over the frame; each column
    reads as it does alone."""
    frame = pl.DataFrame({
        "cat": pl.Series(["b", None, "a", "b"], dtype=pl.Categorical),
        "enum": pl.Series(["y", "x", None, "y"], dtype=pl.Enum(["x", "y"])),
        "count": [1, 2, None, 4],
        "text": ["p", "q", "p", None],
    })
    table = columns.read_table(frame)
    assert table.kind == "polars" and table.names == ("cat", "enum", "count", "text")
    for name in table.names:
        together, alone = table.column(name), _polars(name, frame.get_column(name))
        assert [together.raw(r) for r in range(4)] == [alone.raw(r) for r in range(4)] \
            == frame.get_column(name).to_list()
        assert together.uniques == alone.uniques
        if alone.codes is not None:
            assert together.codes is not None
            assert together.codes.tolist() == alone.codes.tolist()


@pytest.mark.parametrize("dtype", ["String", "Boolean", "UInt64"])
def test_other_polars_columns_are_encoded_by_arrow(dtype: str) -> None:
    """Texts (what `pl.read_csv` gives), booleans and UInt64 go through Arrow's dictionary
    encoding, whole, as a table's column does: one small code a distinct value, not a
    Python loop over the cells (which gave int32 codes, at 0.2 s a million cells)."""
    values: dict[str, list[object]] = {"String": ["B", "A", None, "B", "Tidak"],
                                       "Boolean": [True, None, False, True, True],
                                       "UInt64": [2**64 - 1, 3, None, 3, 0]}
    series = pl.Series("x", values[dtype], dtype=getattr(pl, dtype))
    column = _polars("x", series)
    assert column.codes is not None and column.codes.dtype == np.int8
    assert [column.raw(row) for row in range(5)] == values[dtype]
    import pyarrow as pa

    chunked = columns.arrow_column("x", pa.chunked_array([series.to_arrow()]))
    assert chunked.uniques == column.uniques
    assert chunked.codes is not None and chunked.codes.tolist() == column.codes.tolist()


@pytest.mark.skipif(not hasattr(pl, "CompatLevel"), reason="this polars has no CompatLevel")
def test_polars_text_goes_to_arrow_without_a_copy() -> None:
    """polars' text is handed to Arrow as string views, as polars holds it (a conversion to
    large strings copies every cell: about 7 ms a million cells); the cells read the same."""
    import pyarrow as pa

    series = pl.Series("x", ["B", None, "A", "B"])
    assert polars_columns._as_arrow(series).type == pa.string_view()
    column = _polars("x", series)
    assert [column.raw(row) for row in range(4)] == ["B", None, "A", "B"]
