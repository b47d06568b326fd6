"""zona.batch.output: a verdict row becomes an Arrow boolean column (polars and Arrow
results) with its bits packed by numpy: true, false, and null where undecided or bad."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

np = pytest.importorskip("numpy")
pa = pytest.importorskip("pyarrow")

from zona.batch.output import _arrow_verdict  # noqa: E402


@given(st.lists(st.sampled_from([-1, 0, 1, 2]), max_size=70))
def test_a_verdict_row_reads_back_as_booleans_and_nulls(codes: list[int]) -> None:
    column = _arrow_verdict(np.array(codes, dtype=np.int8))
    column.validate(full=True)
    assert column.type == pa.bool_()
    assert column.to_pylist() == [{0: False, 2: True}.get(code) for code in codes]
    assert column.null_count == sum(code in (-1, 1) for code in codes)
