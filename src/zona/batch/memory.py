"""Large result arrays in fresh memory that the operating system hands out cheaply.

numpy asks Linux for transparent huge pages on every allocation of 4 MB or more
(`madvise(MADV_HUGEPAGE)`). Where the kernel then compacts memory synchronously to find
huge pages (`defrag` set to `madvise`, the default of many distributions), the first
touch of a 200 MB result can cost most of a second of kernel time, longer than scoring
it. zona's own result blocks are therefore mapped directly (anonymous memory private to
the process, ordinary pages), without changing numpy's setting for the rest of the
caller's process. The output block's pages are faulted in by a worker thread while the
caller's thread builds the plans (`fault_in`; of a block past `AHEAD` bytes, only its first
columns), the others by the threads that fill them.
"""

from __future__ import annotations

import mmap
from typing import Any

import numpy as np

from zona.batch.columns import Array

_DIRECT = 4 * 1024 * 1024  # below this numpy's own allocator is as good


def empty(shape: tuple[int, ...], dtype: Any = np.float64) -> Array:
    """An uninitialised array (zeros, in fact, when it is mapped directly)."""
    kind = np.dtype(dtype)
    size = kind.itemsize
    for length in shape:
        size *= length
    if size < _DIRECT:
        return np.empty(shape, dtype=kind)
    mapped = mmap.mmap(-1, size, flags=_PRIVATE) if _PRIVATE else mmap.mmap(-1, size)
    return np.ndarray(shape, dtype=kind, buffer=mapped)  # freed with the last view


def fault_in(array: Array, limit: int | None = None) -> None:
    """Have the operating system give an array fresh from `empty` its pages now (one
    write a page), so that whoever fills it later does not wait for them: called in a
    worker thread while the caller's thread builds plans. Of a block with a row per
    output, only the first columns of every row, `limit` bytes in all (default `AHEAD`):
    the chunks fault in the rest as they write, on every thread."""
    if array.nbytes < _DIRECT or not array.flags.c_contiguous:
        return
    rows = array.reshape(array.shape[0] if array.ndim > 1 else 1, -1).view(np.uint8)
    width = max(_PAGE, (AHEAD if limit is None else limit) // len(rows))
    rows[:, :width:_PAGE] = 0  # (the page holds zeros already)


#: bytes of a block faulted in ahead: about what reading the columns and building the plans
#: hide in a first call (the default output of a million units, 224 MB, takes 82 ms). The
#: chunks wait for the fault-in, so faulting more ahead kept one thread at it while the
#: other waited: every node's 1.46 GB, warm, medians 1.11 s whole, 0.78 s with this limit,
#: 0.75 s faulting none (docs/performance.md, the fifth round).
AHEAD = 256 * 1024 * 1024

# anonymous memory private to the process (Python's default is shared memory, whose pages
# cost more to hand out); Windows maps anonymous memory without flags
_PRIVATE = getattr(mmap, "MAP_PRIVATE", 0) | getattr(mmap, "MAP_ANONYMOUS", 0)
_PAGE = mmap.PAGESIZE


__all__ = ["AHEAD", "empty", "fault_in"]
