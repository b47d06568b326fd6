"""Text columns whose every cell is one letter ("A" .. "E", as most LKE answers are), read
from Arrow's buffers: the letters are the codes, without hashing a cell.

Encoding text by its distinct values hashes every cell (about 16-20 ms a column of a
million cells, with any library). A column of one-byte cells needs none of it: its bytes
sit one after another in the array's data (`string`, `large_string`: offsets rising by
one) or at the same place in each 16-byte view (`string_view`: length 1, the byte
inline), so a few numpy passes over a byte a cell find the letters present and number them
in the order of the letters. Anything else (an empty cell, a longer text) is left to the
general encoding (None).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt

Array = npt.NDArray[Any]


def one_letter_codes(array: Any) -> tuple[Array, list[object]] | None:
    """An Arrow text array's codes (int8) and the letters they stand for, in byte order,
    when every cell is one byte; otherwise None."""
    letters = _letters(array)
    if letters is None:
        return None
    low, high = int(letters.min()), int(letters.max())
    if high >= 128:  # (not text: one byte of UTF-8 is ASCII)
        return None
    if high - low < 8:  # a few letters: one comparison each
        present = [k for k in range(low, high + 1) if np.count_nonzero(letters == k)]
    else:
        present = (low + np.flatnonzero(np.bincount(letters - low))).tolist()
    codes = np.subtract(letters, low, dtype=np.int8, casting="unsafe")
    if len(present) != high - low + 1:  # letters missing between the lowest and highest
        lookup = np.full(high - low + 1, -1, dtype=np.int8)
        lookup[np.array(present) - low] = np.arange(len(present), dtype=np.int8)
        codes = np.take(lookup, codes)
    return codes, [chr(k) for k in present]


def _letters(array: Any) -> Array | None:
    """Each cell's one byte, or None where a cell is empty, null or longer."""
    import pyarrow as pa

    count, kind = len(array), array.type
    text = pa.types.is_string(kind) or pa.types.is_large_string(kind) \
        or pa.types.is_string_view(kind)
    if not count or array.null_count or not text:
        return None
    buffers = array.buffers()
    if pa.types.is_string_view(kind):
        views = np.frombuffer(buffers[1], dtype=np.uint8)[16 * array.offset:]
        if len(views) < 16 * count:  # (pyarrow checks this as it builds an array)
            return None
        views = views[:16 * count].reshape(count, 16)
        if not bool((views[:, :4].view(np.int32)[:, 0] == 1).all()):
            return None
        return np.ascontiguousarray(views[:, 4])
    width = np.int64 if pa.types.is_large_string(kind) else np.int32
    offsets = np.frombuffer(buffers[1], dtype=width)[array.offset:array.offset + count + 1]
    if len(offsets) != count + 1 or int(offsets[-1]) - int(offsets[0]) != count:
        return None
    steps = np.diff(offsets)
    if not int(steps.min()) == 1 == int(steps.max()):
        return None
    first = int(offsets[0])
    data = np.frombuffer(buffers[2], dtype=np.uint8)[first:first + count]
    return data if first >= 0 and len(data) == count else None


__all__ = ["one_letter_codes"]
