"""Large result arrays in fresh memory that the operating system hands out cheaply.

numpy asks Linux for transparent huge pages on every allocation of 4 MB or more
(`madvise(MADV_HUGEPAGE)`). Where the kernel then compacts memory synchronously to find
huge pages (`defrag` set to `madvise`, the default of many distributions), the first
touch of a 200 MB result can cost most of a second of kernel time, longer than scoring
it. zona's own result blocks are therefore mapped directly (an anonymous `mmap`, ordinary
pages, faulted in by the threads that fill them), without changing numpy's setting for
the rest of the caller's process.
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
    mapped = mmap.mmap(-1, size)  # anonymous and private; freed with the last view
    return np.ndarray(shape, dtype=kind, buffer=mapped)


__all__ = ["empty"]
