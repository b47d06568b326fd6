"""Result blocks mapped directly (zona.batch.memory): writable, zeroed, and handed to
pandas without a copy."""

from __future__ import annotations

import mmap

import numpy as np
import pytest

pytest.importorskip("pandas")

from zona.batch import memory


def test_a_large_block_is_mapped_directly_and_its_rows_share_it() -> None:
    block = memory.empty((3, 400_000))  # 9.6 MB: past numpy's own allocator
    assert isinstance(block.base, mmap.mmap)
    assert block.flags.writeable and block.flags.c_contiguous
    assert not block.any()  # fresh pages are zero
    row = block[1]
    row[:] = 2.5
    assert row.base is block and block[1, -1] == 2.5 and block[0].sum() == 0


def test_a_small_block_comes_from_numpy() -> None:
    block = memory.empty((2, 10), np.int8)
    assert block.dtype == np.int8 and block.shape == (2, 10)
    assert not isinstance(block.base, mmap.mmap)


def test_the_scored_dataframe_holds_the_block_without_a_copy() -> None:
    import pandas as pd

    import zona
    from zona.batch import score_arrays, score_table
    from zona.batch.output import build

    lke = zona.load_builtin("permenpan-90-2021")
    units = pd.DataFrame({spec.name: [spec.scale.names[-1]] * 40_000 if spec.kind == "choice"
                          else [3] * 40_000 for spec in lke.inputs})
    scores = score_arrays(lke, units)
    block = next(iter(scores.scores.values())).base
    assert isinstance(block.base, mmap.mmap)
    scored = build(scores)
    assert np.shares_memory(scored["total"].to_numpy(), block)
    assert scored["total"].equals(score_table(lke, units)["total"])
