"""Rounding (`round`, `floor`, `ceil`) over a chunk of rows in float64, exactly where the
floats can decide, and otherwise with the doubt carried on as an error bound.

The caller scales the value to y = x x 10**places (with a bound on y's error) and divides the
whole number found here back. The whole number is zona.model.expr.rounded's: floor(y) for
`floor`, ceil(y) for `ceil`; for `round`, floor(y) + 1 when y - floor(y) > 1/2, floor(y) when
it is < 1/2, and at exactly 1/2 by the mode. When y's error bound is 0 the float y is the
exact value and every step is exact (floor and y - floor(y) are exact below 2**52).
Otherwise a row whose y lies within twice its error of a boundary (a whole number for floor
and ceil, a half for round) is in doubt. It is decided exactly where x's denominator is
bounded and the float determines x (zona.batch.denominators); else the whole number is one
of the two on either side of the boundary, and the row gets their midpoint with an error of
1/2: what reads it decides from that where it can (a band's end far from both), and takes
it to the exact path where it cannot.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from zona.batch import denominators
from zona.batch.inputs import U

_BIG = 2.0**52  # floats this large are whole numbers; their floor is themselves


def whole(function: str, mode: str, y: Any, error: Any) -> tuple[Any, Any]:
    """The rounded whole number of y per row, and the rows in doubt (None: none)."""
    y = np.asarray(y, dtype=float)
    low = np.floor(y)
    rest = y - low  # in [0, 1): exact
    if function == "floor":
        found, distance = low, np.minimum(rest, 1 - rest)
    elif function == "ceil":
        found, distance = np.ceil(y), np.minimum(rest, 1 - rest)
    else:
        found = low + (rest > 0.5)
        half = rest == 0.5
        if half.any():
            if mode == "half_even":
                step = np.mod(low, 2) != 0
            elif mode == "half_down":  # toward zero
                step = y < 0
            else:  # half_up: away from zero
                step = y > 0
            found = np.where(half, low + step, found)
        distance = np.abs(rest - 0.5)
    if isinstance(error, float) and error == 0.0:
        return found, None
    doubt = ((distance <= _margin(y, error)) | (np.abs(y) >= _BIG)) & (_margin(y, error) > 0)
    return found, doubt if doubt.any() else None


def _margin(y: Any, error: Any) -> Any:
    return np.where(np.asarray(error) > 0, 2 * (error + U * np.abs(y)), 0.0)


def rounded(chunk: Any, how: tuple[str, int, str], number: tuple[Any, Any], argument: Any,
            y: Any, error: Any) -> tuple[Any, Any]:
    """The whole numbers of y (= number x 10**places, within `error`) and a bound on their
    error (0.0: exact): exact where the floats decide or x's exact value is known from its
    denominator; a midpoint half a step off where the whole number is one of two; rows
    where it could be more (an error of half a step or more) are handed to `chunk.doubt`."""
    function, places, mode = how
    found, doubt = whole(function, mode, y, error)
    if doubt is None:
        return found, 0.0
    rows = np.flatnonzero(doubt)
    bound = chunk.denominator(argument, rows)
    errors = number[1] if isinstance(number[1], float) else np.asarray(number[1])[rows]
    snapped = denominators.snap(np.asarray(number[0])[rows], errors, bound)
    if snapped is not None:
        numerators, sure = snapped
        exact, small = denominators.rounded(numerators, bound, function, places, mode)
        settled = sure & small
        found[rows[settled]] = exact[settled]
        doubt[rows[settled]] = False
    if not doubt.any():
        return found, 0.0
    y = np.asarray(y, dtype=float)
    two = doubt & (np.abs(y) < _BIG) & (_margin(y, error) < 0.5)  # one boundary near
    if (doubt & ~two).any():
        chunk.doubt(doubt & ~two)
    middle = np.floor(y) + 0.5 if function == "round" else \
        np.rint(y) + (0.5 if function == "ceil" else -0.5)
    return np.where(two, middle, found), np.where(two, 0.5, 0.0)


__all__ = ["whole"]
