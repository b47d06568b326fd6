"""Means of questions in integers, straight from the answer codes.

A mean whose children are all questions on a 0..1 scale (a subarea of the LKE, a pillar
of a scorecard) is `maximum x the sum of its children's values / k` when every child is
answered. Each value is a whole number of 1/D (D: the least common multiple of the
options' denominators), so the sum is a whole number S of 1/D, added up exactly in a small
integer type from each row's answer codes: a question whose options are evenly spaced in
its code order adds its code times a whole step (no lookup at all), another adds its
numerator by code (one `np.take` into integers). The score is then one float product,
S x float(maximum / (k x D)), whose error against the exact value is bounded once per
table (no per-row error, no float sums).

This applies where every child's column is complete and clean for the whole table (no
empty cell, no "not applicable", no unreadable cell), which is read per table; otherwise
the mean is scored by its ordinary vectorised step. The questions' own scores are then
not computed unless something reads them (an output, a condition, an expression, a view,
another parent): `Fusion.skip`.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from fractions import Fraction
from typing import TYPE_CHECKING, Any

import attrs
import numpy as np

from zona import model as m
from zona.batch.columns import Array
from zona.batch.inputs import InputData, U

if TYPE_CHECKING:
    from zona.batch.env import Env

_LIMIT = 2**31 - 1  # the largest |S| (an int32 accumulator)


@attrs.frozen(eq=False)
class Part:
    """One question of a fused mean: its whole column's codes, and either its numerator by
    code as `step x code` plus `delta` for each code from `at` on (for each (at, delta) of
    `corrections`), or `table`, its numerator by code (the constant part of the numerators
    is the mean's)."""

    codes: Array
    top: int  # the largest code (the column's codes are 0 .. top)
    step: int = 0
    corrections: tuple[tuple[int, int], ...] = ()
    table: Array | None = None


@attrs.frozen(eq=False)
class Group:
    """The questions of a fused mean with the same step: their codes are added up in
    `narrow` (a small integer type), then multiplied by the step once."""

    step: int
    columns: tuple[Array, ...]
    narrow: Any


@attrs.frozen(eq=False)
class Correction:
    """The corrections of a fused mean that add the same `delta`: for each (codes, `at`)
    of `where`, delta on each row whose code is `at` or more. The rows' counts of such
    codes are added up in `narrow` (a small integer type), then multiplied by delta once
    (a multiplication per column, with its temporary array, cost more than the counting:
    measured)."""

    delta: int
    where: tuple[tuple[Array, int], ...]
    narrow: Any


@attrs.frozen(eq=False)
class FusedMean:
    """A mean scored from codes: S = `constant` + the step x the codes' sum of each group
    + the corrections + the numerators looked up by code (`lookups`), in `dtype` (the
    constant too when `whole`); the score S x `factor`, within `bound` of the exact
    score."""

    row: int
    groups: tuple[Group, ...]
    corrections: tuple[Correction, ...]
    lookups: tuple[tuple[Array, Array], ...]  # codes, numerator by code (in `dtype`)
    constant: int
    whole: bool
    dtype: Any
    factor: float
    bound: float

    def run(self, env: Env, out: Array) -> None:
        """Write the mean's score for a chunk into `out`."""
        assert env.scratch is not None
        scratch, start, stop, n = env.scratch, env.start, env.start + env.n, env.n
        total, spare = scratch.ints(0, self.dtype, n), scratch.ints(1, self.dtype, n)
        first = True

        def add(part: Array, step: int = 1) -> None:  # total += step x part
            nonlocal first
            if first and step == 1:
                np.copyto(total, part, casting="unsafe")
            elif first:
                np.multiply(part, step, out=total, dtype=self.dtype, casting="unsafe")
            elif step in (1, -1):
                (np.add if step == 1 else np.subtract)(total, part, out=total,
                                                       dtype=self.dtype, casting="unsafe")
            else:
                np.multiply(part, step, out=spare, dtype=self.dtype, casting="unsafe")
                np.add(total, spare, out=total)
            first = False

        for group in self.groups:
            codes = group.columns[0][start:stop]
            if len(group.columns) > 1:
                sums = scratch.ints(2, group.narrow, n)
                np.add(codes, group.columns[1][start:stop], out=sums, dtype=group.narrow,
                       casting="unsafe")
                for column in group.columns[2:]:
                    np.add(sums, column[start:stop], out=sums, dtype=group.narrow,
                           casting="unsafe")
                codes = sums
            add(codes, group.step)
        for correction in self.corrections:
            (column, at), *others = correction.where
            hit = np.greater_equal(column[start:stop], at, out=scratch.flag[:n]).view(np.int8)
            if others:  # the rows' counts of hits (a hit alone is 0 or 1 already)
                count = scratch.ints(3, correction.narrow, n)
                np.copyto(count, hit)
                for column, at in others:
                    np.greater_equal(column[start:stop], at, out=scratch.flag[:n])
                    np.add(count, hit, out=count, dtype=correction.narrow, casting="unsafe")
                hit = count
            add(hit, correction.delta)
        for column, table in self.lookups:
            index = scratch.index[:n]
            np.copyto(index, column[start:stop])
            np.take(table, index, out=spare if not first else total, mode="wrap")
            if not first:
                np.add(total, spare, out=total)
            first = False
        if first:
            total.fill(0)
        if self.whole and self.constant:
            np.add(total, self.constant, out=total, dtype=self.dtype, casting="unsafe")
        if self.constant and not self.whole:
            np.copyto(out, total)  # whole numbers below 2**31: exact as floats
            out += self.constant  # still whole numbers below 2**32: exact
            out *= self.factor
        else:  # converted exactly, then rounded once
            np.multiply(total, self.factor, out=out)


@attrs.frozen
class Fusion:
    """The fused means of one table (by node id) and the questions whose own scores are
    not computed (nothing reads them)."""

    means: Mapping[str, FusedMean]
    skip: frozenset[str]


NONE = Fusion({}, frozenset())


def fusion(ruleset: m.Ruleset, rows: Mapping[str, int], inputs: Mapping[str, InputData],
           needed: Iterable[str]) -> Fusion:
    """The means of this table that can be scored from codes; `needed`: the nodes whose
    scores something reads besides their parent (outputs, conditions, expressions,
    views)."""
    means: dict[str, FusedMean] = {}
    for node in ruleset.nodes.values():
        if node.aggregate == "mean" and node.children:
            found = _fused(node, rows[node.name], inputs)
            if found is not None:
                means[node.name] = found
    if not means:
        return NONE
    kept = set(needed)
    for node in ruleset.nodes.values():  # children read by parents that are not fused
        if node.name not in means:
            kept.update(c.name for c in node.children)
    skip = {c.name for name in means for c in ruleset.nodes[name].children} - kept
    return Fusion(means, frozenset(skip))


def _fused(node: m.Node, row: int, inputs: Mapping[str, InputData]) -> FusedMean | None:
    """The mean as integers, or None when a child is not a clean, complete question on a
    0..1 scale."""
    values: list[list[Fraction]] = []
    columns: list[Array] = []
    for child in node.children:
        data = inputs.get(child.name)
        if (child.aggregate != "choice" or child.children or data is None
                or data.spec.scale is None or data.spec.scale.high != 1 or data.codes is None
                or not data.complete or data.blank or data.na is not None or data.bad
                or any(v is None for v in data.exacts) or not data.exacts):
            return None
        values.append([v for v in data.exacts if v is not None])
        columns.append(data.codes)
    common = math.lcm(*(v.denominator for found in values for v in found))
    constant, largest, parts = 0, 0, []
    for found, codes in zip(values, columns, strict=True):
        numerators = [int(v * common) for v in found]
        constant += numerators[0]
        part, reach = _part(codes, [n - numerators[0] for n in numerators])
        largest += reach
        if part is not None:
            parts.append(part)
    if largest + abs(constant) > _LIMIT:
        return None
    dtype, whole = _type(largest), _type(largest + abs(constant)) == _type(largest)
    steps: dict[int, list[Part]] = {}
    for part in parts:
        if part.table is None and part.step:
            steps.setdefault(part.step, []).append(part)
    groups = tuple(Group(step, tuple(p.codes for p in found), _type(sum(p.top for p in found)))
                   for step, found in steps.items())
    by_delta: dict[int, list[tuple[Array, int]]] = {}
    for part in parts:
        for at, delta in part.corrections:
            by_delta.setdefault(delta, []).append((part.codes, at))
    corrections = tuple(Correction(delta, tuple(where), _type(len(where)))
                        for delta, where in by_delta.items())
    lookups = tuple((p.codes, p.table.astype(dtype)) for p in parts if p.table is not None)
    exact = node.maximum / (len(node.children) * common)
    factor = float(exact)
    reach = largest + abs(constant)  # the largest |S|
    # |S x factor (rounded) - S x exact| <= |S| |factor - exact| + |S x factor| x 2**-53
    bound = float(reach * abs(Fraction(factor) - exact)) * (1 + U) + reach * abs(factor) * U
    return FusedMean(row, groups, corrections, lookups, constant, whole, dtype, factor, bound)


def _part(codes: Array, numerators: list[int]) -> tuple[Part | None, int]:
    """A question's part (None when it adds nothing), given its numerators by code less
    the first, and the largest |partial sum| it can reach on the way (every intermediate
    sum of its terms)."""
    last = len(numerators) - 1
    if last == 0:
        return None, 0
    rises = [numerators[at] - numerators[at - 1] for at in range(1, last + 1)]
    even = round(numerators[last] / last)
    # the step most rises share (codes in any order, e.g. a polars Categorical's ids, need
    # fewest corrections so); among as good, the one nearest the even step
    step = min({even, *rises}, key=lambda s: (sum(r != s for r in rises), abs(s - even), s))
    corrections = tuple((at, rise - step) for at, rise in enumerate(rises, 1) if rise != step)
    if len(corrections) > 6:  # uneven: by code (a take costs about what 6 corrections do)
        return Part(codes, last, table=np.array(numerators, dtype=np.int64)), \
            max(abs(n) for n in numerators)
    reach = abs(step) * last + sum(abs(d) for _, d in corrections)
    return Part(codes, last, step, corrections), reach


def _type(largest: int) -> Any:
    """The smallest integer type that holds every |value| up to `largest`."""
    return np.int8 if largest <= 127 else np.int16 if largest <= 32767 else np.int32


__all__ = ["NONE", "Correction", "FusedMean", "Fusion", "Group", "Part", "fusion"]
