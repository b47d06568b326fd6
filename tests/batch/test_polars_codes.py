"""zona.batch.columns reads a polars categorical from its physical ids: every cell reads
back as the text it holds (None when empty), with one code per distinct value present."""

from __future__ import annotations

import pytest

np = pytest.importorskip("numpy")
pl = pytest.importorskip("polars")

from zona.batch.columns import _polars  # noqa: E402


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
    _check(pl.Series(values, dtype=pl.Enum(["a", "b", "c"])))


def test_categoricals_sharing_ids_with_gaps_and_wide_ranges() -> None:
    pl.Series([f"v{i}" for i in range(300)], dtype=pl.Categorical)  # ids for v0 .. v299
    _check(pl.Series(["v299", "v298", None, "v299"], dtype=pl.Categorical))
    _check(pl.Series(["v5"] * 5000 + ["v9", None, "v7"], dtype=pl.Categorical))  # past row 4096
    _check(pl.Series(["v0", "v250", "v3", None] * 10, dtype=pl.Categorical))  # ids far apart
    rng = np.random.default_rng(3)
    _check(pl.Series(rng.choice(["v1", "v2", "v4", None], 20000).tolist(), dtype=pl.Categorical))


def test_ids_in_the_reverse_order_of_the_values_are_kept_as_they_are() -> None:
    """An Arrow dictionary of C, B, A (a scale listed from the top) gives polars ids in that
    order: already evenly spaced, so the codes are the ids, without renumbering."""
    column = _polars("x", pl.Series(["rev3", "rev2", "rev1", "rev2"], dtype=pl.Categorical))
    assert column.uniques == ["rev3", "rev2", "rev1"]
    assert column.codes is not None and column.codes.tolist() == [0, 1, 2, 1]
    shuffled = _polars("y", pl.Series(["mix2", "mix3", "mix1"], dtype=pl.Categorical))
    assert shuffled.uniques == ["mix1", "mix2", "mix3"]  # first seen in no order: by value
    assert shuffled.codes is not None and shuffled.codes.tolist() == [1, 2, 0]
