"""Result blocks mapped directly (zona.batch.memory): writable, zeroed, and handed to
pandas without a copy."""

from __future__ import annotations

import mmap
import os

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


def test_faulting_in_a_block_keeps_it_zero_and_writable() -> None:
    block = memory.empty((5, 300_001))  # not a whole number of pages
    ahead = memory.Ahead(block, 65536)
    ahead.run()
    assert not block.any()
    block[4, -1] = 1.5
    assert block.sum() == 1.5
    assert all(event.is_set() for event in ahead.done.values())
    small = np.ones((2, 10))
    memory.Ahead(small, 4).run()  # below the mapped size: left as it is
    assert small.all()


@pytest.mark.skipif(not os.path.exists("/proc/self/statm"),
                    reason="the process's resident memory is read from Linux's /proc")
def test_only_the_first_chunks_columns_of_a_large_block_are_faulted_in() -> None:
    """Of a block larger than the limit, the columns of the first chunks are faulted in,
    as many chunks as the limit holds; the later chunks fault in the rest as they write
    (they wait for nothing)."""
    def resident() -> int:
        with open("/proc/self/statm") as found:
            return int(found.read().split()[1]) * mmap.PAGESIZE

    block = memory.empty((40, 1_000_000))  # 320 MB; a chunk's columns: 21 MB
    ahead = memory.Ahead(block, 65536, limit=64 * 2**20)
    assert ahead.ahead == [0, 65536, 131072]
    assert all(ahead.done[start].is_set() for start in range(196608, 1_000_000, 65536))
    before = resident()
    ahead.run()
    grown = resident() - before
    assert 59 * 2**20 < grown < 64 * 2**20, grown  # three chunks: 60 MiB
    assert not block.any()
    whole = memory.empty((4, 1_000_000))  # 32 MB, under the default limit: all of it
    before = resident()
    memory.Ahead(whole, 65536).run()
    assert resident() - before > 31 * 10**6


def test_a_chunk_waits_for_its_own_columns_only() -> None:
    block = memory.empty((3, 400_000))
    ahead = memory.Ahead(block, 100_000)
    assert not any(event.is_set() for event in ahead.done.values())
    ahead.run()
    ahead.wait(300_000)
    ahead.wait(123)  # (no chunk starts there: nothing to wait for)


def test_a_failing_fault_in_lets_every_chunk_go_on(monkeypatch: pytest.MonkeyPatch) -> None:
    """Whatever stops the fault-in, no chunk waits for ever: every chunk's event is set,
    and the error is the caller's."""
    block = memory.empty((3, 400_000))
    ahead = memory.Ahead(block, 100_000)
    monkeypatch.setattr(memory, "_PAGE", 0)  # a slice step of 0: ValueError
    with pytest.raises(ValueError):
        ahead.run()
    assert all(event.is_set() for event in ahead.done.values())


@pytest.mark.skipif(not hasattr(mmap, "MAP_PRIVATE"), reason="no private mappings here")
def test_a_forked_child_writes_its_own_copy_of_a_block() -> None:
    """The block is private memory, as numpy's own is: a child process made by fork
    (multiprocessing on Linux) cannot change the parent's results."""
    import os
    import warnings

    block = memory.empty((2, 600_000))
    with warnings.catch_warnings():  # (Python 3.12 warns of forking with threads about)
        warnings.simplefilter("ignore", DeprecationWarning)
        child = os.fork()
    if child == 0:  # pragma: no cover (the child)
        block[0, 0] = 9.0
        os._exit(0)
    os.waitpid(child, 0)
    assert block[0, 0] == 0.0


def test_no_chunk_writes_before_its_columns_are_faulted_in(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """The fault-in writes a byte a page; a chunk's scores are written only once its
    columns are faulted in, however long that takes (a fault-in that came after the chunk
    wrote would put a zero byte into scores)."""
    import threading
    import time

    import pandas as pd

    import zona
    from zona.batch.run import score_arrays

    lke = zona.load_builtin("permenpan-90-2021")
    rng = np.random.default_rng(7)  # scores such as 1/3: no float's last byte is 0
    units = pd.DataFrame({spec.name: rng.choice(list(spec.scale.names), 40_000)
                          if spec.kind == "choice" else rng.integers(1, 40, 40_000)
                          if spec.kind == "count" else rng.integers(300, 400, 40_000) / 100
                          for spec in lke.inputs})
    expected = score_arrays(lke, units, nodes="all")
    low_bytes = np.concatenate([s.view(np.uint8)[::8] for s in expected.scores.values()])
    assert not expected.problems and (low_bytes != 0).mean() > 0.3
    real = memory.Ahead.run
    started = threading.Event()

    def slow(ahead: memory.Ahead) -> None:
        started.set()
        time.sleep(0.5)  # the columns are read and the plans built long before this ends
        real(ahead)

    monkeypatch.setattr(memory.Ahead, "run", slow)
    found = score_arrays(lke, units, nodes="all", workers=2, chunk=8192)  # 5 chunks
    assert started.is_set()
    for name, scores in expected.scores.items():
        assert np.array_equal(found.scores[name], scores, equal_nan=True), name
