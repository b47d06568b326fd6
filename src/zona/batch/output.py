"""BatchScores as a table of the kind that came in (pandas, polars or Arrow)."""

from __future__ import annotations

from typing import Any

import numpy as np

from zona.batch.columns import Array
from zona.batch.run import BatchScores, problem_text
from zona.errors import ZonaError
from zona.i18n import _

PROBLEMS = "problems"


def names(scores: BatchScores) -> list[str]:
    """The output's own columns: scores, predicates, grades, problems."""
    return [*scores.scores, *scores.verdicts, *scores.grades, PROBLEMS]


def levels(scores: BatchScores, grade: str) -> Array:
    """A grade's level per row as text, in a numpy object array (None when undecided,
    unanswered or a bad row): looked up by the codes, without a Python loop over the rows
    (which took 67 ms a million rows)."""
    names = [level.name for level in scores.ruleset.grades_by_name[grade].levels]
    table = _objects([*names, None])
    codes = scores.grades[grade]
    return np.take(table, np.where(codes >= 0, codes, len(names)))


def build(scores: BatchScores) -> Any:
    """The scored table: carried columns, scores, predicates, grades, problems."""
    own = names(scores)
    clash = [c for c in scores.carried if c in own]
    if clash:
        raise ZonaError(_("the table's column {column} has the name of a result column "
                          "({names}); rename it", column=repr(clash[0]),
                          names=", ".join(repr(c) for c in clash)))
    problems: list[str | None] | None = None  # None: no row has a problem
    if scores.problems:
        problems = [None] * scores.rows
        for row, found in scores.problems.items():
            problems[row] = "; ".join(map(problem_text, found))
    if scores.table.kind == "pandas":
        return _pandas(scores, problems)
    if scores.table.kind == "polars":  # the carried columns as they are, not via Arrow
        import polars as pl

        scored: Any = pl.from_arrow(_arrow(scores, problems, carried=False))
        if not scores.carried:
            return scored
        original = scores.table.original.select(list(scores.carried))
        return pl.concat([original, scored], how="horizontal")
    return _arrow(scores, problems)


def _pandas(scores: BatchScores, problems: list[str | None] | None) -> Any:
    import pandas as pd

    original = scores.table.original
    index = original.index
    parts = []
    if scores.carried:  # by their own labels (a column named 1.5 or None is read as text)
        labels = dict(zip((str(c) for c in original.columns), original.columns, strict=True))
        parts.append(original[[labels[name] for name in scores.carried]])
    if scores.scores:
        block = next(iter(scores.scores.values())).base  # one (columns x rows) array
        values = block.T if block is not None and block.shape == (
            len(scores.scores), scores.rows) else np.column_stack(list(scores.scores.values()))
        parts.append(pd.DataFrame(values, columns=list(scores.scores), index=index, copy=False))
    verdicts = {name: pd.Series(pd.arrays.BooleanArray(verdict == 2, _null(verdict)),
                                index=index, copy=False)
                for name, verdict in scores.verdicts.items()}
    verdicts.update((name, pd.Series(levels(scores, name), dtype=object,
                                     index=index, copy=False)) for name in scores.grades)
    # (dtype given: pandas would otherwise look at every cell of an object array)
    verdicts[PROBLEMS] = pd.Series(_objects(problems) if problems is not None
                                   else np.empty(scores.rows, dtype=object),  # None each
                                   dtype=object, index=index, copy=False)
    parts.append(pd.DataFrame(verdicts, index=index, copy=False))
    if len(parts) == 1:
        return parts[0]
    # pandas 3 copies lazily; earlier versions need to be told not to copy
    if int(pd.__version__.split(".")[0]) >= 3:
        return pd.concat(parts, axis=1)
    return pd.concat(parts, axis=1, copy=False)  # type: ignore[call-overload, unused-ignore]


def _arrow(scores: BatchScores, problems: list[str | None] | None,
           carried: bool = True) -> Any:
    """The result as an Arrow table (with the carried columns of an Arrow table first)."""
    import pyarrow as pa

    columns: dict[str, Any] = {}
    if carried:
        for name in scores.carried:
            columns[name] = scores.table.original.column(name)
    bad = _mask(scores)
    validity = None if bad is None else pa.array(~bad).buffers()[1]
    for name, values in scores.scores.items():  # over the score arrays, without a copy
        columns[name] = pa.Array.from_buffers(pa.float64(), len(values),
                                              [validity, pa.py_buffer(values)])
    for name, verdict in scores.verdicts.items():
        columns[name] = _arrow_verdict(verdict)
    for name in scores.grades:
        columns[name] = _arrow_levels(scores, name)
    columns[PROBLEMS] = pa.nulls(scores.rows, pa.string()) if problems is None \
        else pa.array(problems, type=pa.string())
    return pa.table(columns)


def _arrow_levels(scores: BatchScores, grade: str) -> Any:
    """A grade's levels as an Arrow text column, taken by Arrow from its level names by the
    codes (null where there is no level)."""
    import pyarrow as pa

    names = pa.array([level.name for level in scores.ruleset.grades_by_name[grade].levels],
                     type=pa.string())
    codes = scores.grades[grade]
    return names.take(pa.array(codes, type=pa.int16(), mask=codes < 0))


def _arrow_verdict(verdict: Array) -> Any:
    """A verdict row as an Arrow boolean column, its bits packed by numpy (10 times faster
    than pyarrow packing a boolean array with a mask): null where undecided or bad."""
    import pyarrow as pa

    valid = (verdict == 0) | (verdict == 2)
    validity = None if valid.all() else pa.py_buffer(np.packbits(valid, bitorder="little"))
    return pa.Array.from_buffers(pa.bool_(), len(verdict), [
        validity, pa.py_buffer(np.packbits(verdict == 2, bitorder="little"))])


def _objects(values: list[str | None]) -> Array:
    """A list of texts (or None) as a numpy object array, without looking at them."""
    found = np.empty(len(values), dtype=object)
    found[:] = values
    return found


def _null(verdict: Array) -> Array:
    """Undecided (1) and bad rows (-1) have no verdict."""
    return (verdict == 1) | (verdict < 0)  # type: ignore[no-any-return]


def _mask(scores: BatchScores) -> Array | None:
    if not scores.problems:
        return None
    bad = np.zeros(scores.rows, dtype=bool)
    bad[np.fromiter(scores.problems, dtype=np.int64)] = True
    return bad
