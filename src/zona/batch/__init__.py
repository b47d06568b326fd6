"""Score many units at once: a table in, a table out, with the exact path's results.

    >>> from zona.batch import score_table
    >>> scored = score_table(ruleset, units)          # pandas, polars or Arrow
    >>> scored[["total", "WBK", "WBBM", "problems"]]

One row per unit, one column per input (named by input id or `soal_<n>`), facts as
`fact:NAME` columns or a `facts=` mapping for every row; other columns (the unit's
name, its institution, ...) are carried over. Arithmetic is float64 and vectorised with
numpy; every predicate verdict is exact (see docs/batch.md for how). Needs the
`zona-rb[batch]` extra.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from zona.errors import ZonaAnswerError, ZonaError
from zona.extras import require
from zona.i18n import _, whole
from zona.model import Ruleset

if TYPE_CHECKING:
    from zona.batch.run import BatchScores

PROBLEMS = "problems"
#: the constructs beyond the first language that batch scoring, cohort analytics and SQL
#: support (weights that depend on facts are fixed by the facts given for every row); a
#: feature added to zona.model.features later is refused until it is added here
SUPPORTED = frozenset({"ranged-scales", "na", "weighted", "every-under", "fact-expressions",
                       "view-expressions", "fact-weights", "rounding", "grade-conditions"})


def score_arrays(ruleset: Ruleset, table: object, *, facts: Mapping[str, object] | None = None,
                 nodes: Sequence[str] | str | None = None, conditions: bool = False,
                 progress: Callable[[int, int], None] | bool | None = None,
                 workers: int | None = None) -> BatchScores:
    """Score every row of `table` into numpy arrays (a BatchScores); see score_table."""
    require("numpy", "batch", "batch scoring")
    run = importlib.import_module("zona.batch.run")
    from zona.batch.progress import reporter

    report, close = reporter(progress, ruleset.id)
    try:
        found: BatchScores = run.score_arrays(ruleset, table, facts=facts, nodes=nodes,
                                              conditions=conditions, progress=report,
                                              workers=workers)
    finally:
        close()
    return found


def score_table(ruleset: Ruleset, table: object, *, facts: Mapping[str, object] | None = None,
                nodes: Sequence[str] | str | None = None, errors: str = "column",
                progress: Callable[[int, int], None] | bool | None = None,
                workers: int | None = None) -> Any:
    """Score every row of a pandas DataFrame, polars DataFrame or Arrow table.

    Returns a table of the same kind, one row per unit in the input's order: the columns
    that are not answers or facts, carried over; the scores an analyst reads (float64:
    `total`, every component, subcomponent and area, the items under them, every view;
    `nodes="all"` gives every node, `nodes=[...]` `total` and the ones named); one column
    per predicate (True, False, or null when a needed fact is unknown); one per grade (the
    level's name); and `problems`, which says what is wrong with a row that
    could not be scored (its scores and verdicts are null). With errors="raise" a
    ZonaAnswerError lists every bad row's problems instead. `progress`: True shows a
    progress bar on stderr (tqdm, when installed), False none, None (the default) one for
    a table of more than 200,000 rows on a terminal or in a notebook; a callable
    `progress(done, total)` is called after each chunk of rows (zona.batch.progress).
    """
    if errors not in ("column", "raise"):
        raise ZonaError(_("errors={errors}: use 'column' or 'raise'", errors=repr(errors)))
    scores = score_arrays(ruleset, table, facts=facts, nodes=nodes, progress=progress,
                          workers=workers)
    if errors == "raise" and scores.problems:
        from zona.batch.run import problem_text
        from zona.errors import AnswerProblem

        raise ZonaAnswerError([AnswerProblem(_("row {number}", number=whole(row + 1)),
                                             problem_text(problem))
                               for row, found in scores.problems.items()
                               for problem in found], "table")
    output = importlib.import_module("zona.batch.output")
    return output.build(scores)


__all__ = ["PROBLEMS", "SUPPORTED", "BatchScores", "score_arrays", "score_table"]
