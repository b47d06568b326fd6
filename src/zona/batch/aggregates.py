"""The vectorised steps of a mean and a sum, with what does not apply (`= na`).

A mean counts its children that are answered, or unanswered under `missing zero`, and not
dropped; a sum re-weights its children to fill its maximum where some are dropped
(`max x raw / the maxima that count`). A node all of whose children are dropped does not
apply either: its own `na` policy gives its score (its maximum under `full`, 0 under
`zero`, dropped under `reweight`). Without `na` in the ruleset nothing is dropped and the
steps are the plain ones (zona.scoring.applicable says the same in Fractions).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from fractions import Fraction
from typing import TYPE_CHECKING

import numpy as np

from zona import model as m
from zona.batch.columns import Array
from zona.batch.env import all_of, and_not, any_of, where
from zona.batch.inputs import Flags, U, error_bound

if TYPE_CHECKING:
    from zona.batch.env import Env

Step = Callable[["Env"], None]


def not_applicable(env: Env, node: m.Node, na: Flags, out: Array, answered: Flags) -> Flags:
    """Where the node does not apply (`na`): its score by its own policy, written into
    `out`; returns its answered flags and records what does not apply."""
    if na is False:
        return answered
    env.na[node.name] = na
    if node.na == "reweight":
        env.gone[node.name] = na
        if na is True:
            out.fill(0.0)
        else:
            out *= ~na
        return and_not(answered, na)
    if node.na == "full":
        np.copyto(out, float(node.maximum), where=np.asarray(na) | np.zeros(len(out), bool))
    else:
        np.copyto(out, 0.0, where=np.asarray(na) | np.zeros(len(out), bool))
    return True if na is True else where(na, True, answered)


def mean_step(node: m.Node, rows: Mapping[str, int], unit: Callable[[m.Node], bool],
              shares: Callable[[Env, str], Array], share_bound: float) -> Step:
    """max x the mean of the shares of the children counted. `unit(child)`: a question on a
    0..1 scale (its share is its answer's value, read by `shares(env, child)`)."""
    name, row, top = node.name, rows[node.name], float(node.maximum)
    children = [(c.name, rows[c.name], unit(c), float(c.maximum)) for c in node.children]
    counted = [c.name for c in node.children if c.missing != "zero"]
    zeros = [c.name for c in node.children if c.missing == "zero"]
    k = len(children)
    top_error = error_bound(top, node.maximum)

    def mean(env: Env) -> None:
        out = env.work[row]
        fused = env.fusion.means.get(name) if env.fusion is not None else None
        if fused is not None:  # every child a complete question: from the codes
            fused.run(env, out)
            env.answered[name], env.bound[name] = True, fused.bound
            return
        parts = []
        widest = share_bound
        for child, child_row, question, child_max in children:
            if question and child_max != 1:
                parts.append(shares(env, child))
                continue
            score = env.work[child_row]  # a question of maximum 1 scores its share
            parts.append(score if child_max == 1 else score / child_max)
            if not question:
                widest += env.bound[child] / child_max * (1 + U) + U
        flags = [env.answered[c] for c in counted]
        always = [and_not(True, env.gone.get(c, False)) for c in zeros]
        if all(f is True for f in (*flags, *always)) and k:  # a count the same on every row
            factor = top / k
            if len(parts) == 1:
                np.multiply(parts[0], factor, out=out)
            else:
                add(out, parts)
                if factor != 1:
                    out *= factor
            answered: Flags = True
        else:
            add(out, parts)
            count: Array = np.zeros(env.n, dtype=np.int8 if k < 127 else np.int32)
            for found in (*flags, *always):
                np.add(count, found, out=count, casting="unsafe")
            answered = np.greater(count, 0)
            out *= top
            out /= np.maximum(count, 1)
            out *= answered
            if any(f is True for f in always):
                answered = True
        na = all_of([env.gone.get(c, False) for c, *_ in children]) if children else False
        env.answered[name] = not_applicable(env, node, na, out, answered)
        env.bound[name] = top * (widest + (k * k + 3) * U) + top_error * (1 + k * U)

    return mean


def sum_step(node: m.Node, rows: Mapping[str, int]) -> Step:
    """The sum of the children's scores, re-weighted where some are dropped."""
    name, row, top = node.name, rows[node.name], float(node.maximum)
    children = [(c.name, rows[c.name], float(c.maximum)) for c in node.children]
    total_max = float(sum((c.maximum for c in node.children), Fraction(0)))
    rounding = len(children) * U * total_max
    lightest = min((c.maximum for c in node.children), default=Fraction(1))
    stretch = float(node.maximum / lightest) if lightest else 1.0
    whole = sum((c.maximum for c in node.children), Fraction(0)) == node.maximum

    def total(env: Env) -> None:
        out = env.work[row]
        add(out, [env.work[r] for _, r, _ in children])
        answered = any_of([env.answered[c] for c, _, _ in children])
        bound = rounding + sum(env.bound[c] for c, _, _ in children)
        gone = [env.gone.get(c, False) for c, _, _ in children]
        dropped = any_of(gone) if whole else True
        if dropped is not False and children:
            room = np.zeros(env.n)
            for (_, _, child_max), flags in zip(children, gone, strict=True):
                room += np.where(flags, 0.0, child_max) if flags is not False else child_max
            factor = np.where(dropped & (room > 0), top / np.where(room > 0, room, 1.0), 1.0)
            out *= factor
            bound = bound * stretch * (1 + 2 * U) + 4 * U * top
        env.answered[name] = not_applicable(env, node, all_of(gone) if children else False,
                                            out, answered)
        env.bound[name] = bound

    return total


def add(out: Array, parts: list[Array]) -> None:
    """out = the sum of the parts, added in order."""
    if not parts:
        out.fill(0.0)
    elif len(parts) == 1:
        np.copyto(out, parts[0])
    else:
        np.add(parts[0], parts[1], out=out)
        for part in parts[2:]:
            np.add(out, part, out=out)


__all__ = ["add", "mean_step", "not_applicable", "sum_step"]
