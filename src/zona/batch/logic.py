"""Three-valued verdicts (FALSE 0, UNKNOWN 1, TRUE 2 as int8: `and` is the minimum, `or`
the maximum, `not` is 2 - x, as in the exact path's Kleene logic) and combining a tree of
leaves' verdicts over many rows, where a leaf may have one verdict for every row."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from zona.batch.columns import Array

FALSE, UNKNOWN, TRUE = 0, 1, 2
Tree = tuple[str, Any]  # ("all"|"any", [trees]), ("not", tree), ("leaf", index)


def combine_tree(tree: Tree, verdicts: Array, constants: Mapping[int, int]) -> Array | int:
    """A tree's verdict per row, or one for every row (an int) where its leaves' are."""
    how, inner = tree
    if how == "leaf":
        return constants.get(inner, verdicts[inner])
    if how == "not":
        return TRUE - combine_tree(inner, verdicts, constants)
    if not inner:
        return TRUE
    parts = [combine_tree(part, verdicts, constants) for part in inner]
    pick, fold, neutral, deciding = (np.minimum, min, TRUE, FALSE) if how == "all" \
        else (np.maximum, max, FALSE, TRUE)
    every = fold((part for part in parts if isinstance(part, int)), default=neutral)
    arrays = [part for part in parts if not isinstance(part, int)]
    if not arrays or every == deciding:  # (a FALSE in `all`, a TRUE in `any`: every row)
        return every
    found = arrays[0]
    if len(arrays) > 1 or every != neutral:
        found = found.copy()  # not a view of a leaf's row: combined in place
        for other in arrays[1:]:
            pick(found, other, out=found)
        if every != neutral:
            pick(found, every, out=found)
    return found


__all__ = ["FALSE", "TRUE", "UNKNOWN", "Tree", "combine_tree"]
