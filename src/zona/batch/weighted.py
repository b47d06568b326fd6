"""The vectorised step of a weighted mean (`aggregate weighted`): linear in the children's
shares, like a mean with weights (zona.batch.vector builds the other steps)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING

import numpy as np

from zona import model as m
from zona.batch.aggregates import not_applicable
from zona.batch.columns import Array
from zona.batch.env import all_of, and_not
from zona.batch.inputs import Flags, U, error_bound

if TYPE_CHECKING:
    from zona.batch.vector import Env


def weighted_step(node: m.Node, rows: Mapping[str, int]) -> Callable[[Env], None]:
    """max x the weighted mean of the shares of the children counted (answered, or
    unanswered under `missing zero`, and not dropped): linear, like a mean with weights."""
    name, row, top = node.name, rows[node.name], float(node.maximum)
    children = [(c.name, rows[c.name], float(c.maximum), float(c.weight or 1))
                for c in node.children]
    counted = [(c.name, float(c.weight or 1)) for c in node.children if c.missing != "zero"]
    zeros = [(c.name, float(c.weight or 1)) for c in node.children if c.missing == "zero"]
    k = len(children)
    lightest = min((w for *_, w in children), default=1.0)
    ratio = sum(w for *_, w in children) / lightest
    top_error = error_bound(top, node.maximum)

    def weighted(env: Env) -> None:
        out = env.work[row]
        out.fill(0.0)
        widest = 0.0
        for child, child_row, child_max, weight in children:
            out += env.work[child_row] * (weight / child_max)
            widest += weight / lightest * (env.bound[child] / child_max * (1 + U) + U)
        flags = [(env.answered[c], w) for c, w in counted]
        flags += [(and_not(True, env.gone.get(c, False)), w) for c, w in zeros]
        answered: Flags
        if all(f is True for f, _ in flags):  # the same weights counted on every row
            total = sum(w for _, w in flags)
            out *= top / total if total else 0.0
            answered = bool(total)
        else:
            total_rows: Array = np.zeros(env.n)
            for found, weight in flags:
                total_rows += np.multiply(found, weight)
            answered = total_rows > 0
            out *= top
            out /= np.where(answered, total_rows, 1.0)
            if any(f is True for f, _ in flags):
                answered = True
        na = all_of([env.gone.get(c, False) for c, *_ in children]) if children else False
        env.answered[name] = not_applicable(env, node, na, out, answered)
        env.bound[name] = top * (widest + (k * k + 3 * k + 4) * U * ratio) \
            + top_error * (1 + k * U)

    return weighted
