"""Large result arrays in fresh memory that the operating system hands out cheaply.

numpy asks Linux for transparent huge pages on every allocation of 4 MB or more
(`madvise(MADV_HUGEPAGE)`). Where the kernel then compacts memory synchronously to find
huge pages (`defrag` set to `madvise`, the default of many distributions), the first
touch of a 200 MB result can cost most of a second of kernel time, longer than scoring
it. zona's own result blocks are therefore mapped directly (anonymous memory private to
the process, ordinary pages), without changing numpy's setting for the rest of the
caller's process. The output block's pages are faulted in by a worker thread, chunk by
chunk of its columns in the order the chunks are scored, while the columns are read and
the first chunks run (`Ahead`; of a block past `AHEAD` bytes, only its first chunks'
columns); the other blocks' by the threads that fill them.
"""

from __future__ import annotations

import mmap
import threading
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


class Ahead:
    """The pages of a block fresh from `empty` (a row per output, a column per table row),
    faulted in by one worker thread (`run`) chunk by chunk of its columns, in the order
    the chunks are scored, so that the threads that score them do not wait for pages:
    each chunk waits (`wait`) only until its own columns are faulted in, not for the whole
    block. The fault-in writes a zero byte a page (the page holds zeros already), only in
    the chunk's own columns and before that chunk starts, so no score is ever overwritten.
    Of a block past `limit` bytes (default `AHEAD`), only its first chunks' columns: the
    later chunks fault in their pages as they write."""

    def __init__(self, block: Array, chunk: int, limit: int | None = None) -> None:
        self.block, self.chunk = block, chunk
        columns = block.shape[1] if block.ndim == 2 else 0
        starts = list(range(0, columns, chunk))
        self.done = {start: threading.Event() for start in starts}
        count = 0
        if block.nbytes >= _DIRECT and block.flags.c_contiguous and starts:
            each = block.shape[0] * chunk * block.itemsize
            count = min(len(starts), max(1, (AHEAD if limit is None else limit) // each))
        self.ahead = starts[:count]
        for start in starts[count:]:
            self.done[start].set()

    def run(self) -> None:
        """Fault in the chunks' columns in order (in a worker thread)."""
        try:
            if self.ahead:
                size = self.block.itemsize
                rows = self.block.view(np.uint8)  # (rows, columns x size) bytes
                for start in self.ahead:
                    stop = min(start + self.chunk, self.block.shape[1])
                    rows[:, start * size:stop * size:_PAGE] = 0
                    self.done[start].set()
        finally:  # whatever happens, no chunk waits for ever
            for event in self.done.values():
                event.set()

    def wait(self, start: int) -> None:
        """Until the columns of the chunk starting at `start` are faulted in."""
        found = self.done.get(start)
        if found is not None:
            found.wait()


#: bytes of a block faulted in ahead of the chunks. Every node's 1.46 GB faulted in whole
#: before the chunks kept one thread at it while the other waited (warm, medians 1.11 s
#: whole, 0.78 s with this limit, 0.75 s faulting none: docs/performance.md, the fifth
#: round); the default output of a million units (224 MB) is faulted in whole.
AHEAD = 256 * 1024 * 1024

# anonymous memory private to the process (Python's default is shared memory, whose pages
# cost more to hand out); Windows maps anonymous memory without flags
_PRIVATE = getattr(mmap, "MAP_PRIVATE", 0) | getattr(mmap, "MAP_ANONYMOUS", 0)
_PAGE = mmap.PAGESIZE


__all__ = ["AHEAD", "Ahead", "empty"]
