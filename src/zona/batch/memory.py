"""Large result arrays in fresh memory that the operating system hands out cheaply.

numpy asks Linux for transparent huge pages on every allocation of 4 MB or more
(`madvise(MADV_HUGEPAGE)`). Where the kernel then compacts memory synchronously to find
huge pages (`defrag` set to `madvise`, the default of many distributions), the first
touch of a 200 MB result can cost most of a second of kernel time, longer than scoring
it. zona's own result blocks are therefore mapped directly (anonymous memory private to
the process, ordinary pages), without changing numpy's setting for the rest of the
caller's process. The output block's pages are faulted in by a worker thread while the
caller's thread builds the plans (`fault_in`), the others by the threads that fill them.
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


def fault_in(array: Array) -> None:
    """Have the operating system give an array fresh from `empty` its pages now (one
    write a page), so that whoever fills it later does not wait for them: called in a
    worker thread while the caller's thread builds plans."""
    if array.nbytes >= _DIRECT and array.flags.c_contiguous:
        flat = array.reshape(-1).view(np.uint8)
        flat[::_PAGE] = 0  # (the page holds zeros already)


# anonymous memory private to the process (Python's default is shared memory, whose pages
# cost more to hand out); Windows maps anonymous memory without flags
_PRIVATE = getattr(mmap, "MAP_PRIVATE", 0) | getattr(mmap, "MAP_ANONYMOUS", 0)
_PAGE = mmap.PAGESIZE


__all__ = ["empty", "fault_in"]
