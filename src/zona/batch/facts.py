"""Facts as expressions read them, for every row: a number fact's number, a levels fact's
position (lowest 0), a yes/no fact's 1 or 0 (zona.scoring.applicable.fact_values), from a
`fact:NAME` column (read by distinct value) or from the facts given for every row."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import attrs
import numpy as np

from zona import model as m
from zona.batch.columns import Array
from zona.batch.inputs import Flags, error_bound
from zona.model import expr as e
from zona.scoring import read_fact
from zona.scoring.read import fact_number

number = fact_number  # a fact's value as an expression reads it


@attrs.define(eq=False)
class FactData:
    """One fact over the whole table: per code of its column (the last entry: an empty
    cell), or one value for every row."""

    spec: m.Fact
    codes: Array | None
    reads: list[m.FactValue | None]  # each code's value (None: unknown or unreadable)
    values: Array
    errors: Array
    known: Array

    def chunk(self, start: int, stop: int) -> tuple[Array, Flags, Array | float]:
        """Values (0 where unknown), known flags and error bounds for a chunk of rows."""
        n = stop - start
        if self.codes is None:
            known: Flags = bool(self.known[0])
            error = float(self.errors[0])
            return np.full(n, self.values[0]), known, error
        codes = self.codes[start:stop]
        bounds: Array | float = np.take(self.errors, codes, mode="wrap") \
            if self.errors.any() else 0.0
        return (np.take(self.values, codes, mode="wrap"),
                np.take(self.known, codes, mode="wrap"), bounds)

    def value(self, row: int) -> m.FactValue | None:
        """The fact's value on one row (None when unknown)."""
        if self.codes is None:
            return self.reads[0]
        code = int(self.codes[row])
        return None if code < 0 else self.reads[code]

    def keys(self, rows: Array) -> list[Array]:
        """Integer columns equal exactly when the facts of two rows are."""
        if self.codes is None:
            return []
        return [self.codes[rows].astype(np.int64)]


def read_facts(ruleset: m.Ruleset, columns: Mapping[str, Any],
               given: Mapping[str, m.FactValue]) -> dict[str, FactData]:
    """Every fact an expression or a grade's value reads: from its column (already codes),
    else the given value, else unknown on every row."""
    expressions = [*(d.expr for d in ruleset.derived),
                   *(n.expr for n in ruleset.nodes.values() if n.expr is not None),
                   *(g.value for g in ruleset.grades if g.value is not None)]
    names = dict.fromkeys(v.name for x in expressions for v in e.variables(x)
                          if v.kind == "fact")
    found: dict[str, FactData] = {}
    for name in names:
        spec = ruleset.facts_by_name[name]
        column = columns.get(name)
        reads: list[m.FactValue | None] = []
        if column is None:
            reads.append(given.get(name))
            codes = None
        else:
            for raw in column.uniques:
                try:
                    reads.append(None if raw is None else read_fact(spec, raw))
                except ValueError:
                    reads.append(None)  # a bad row, reported with its problems
            codes = column.codes
        exact = [number(spec, v) for v in reads]
        values = np.array([0.0 if x is None else float(x) for x in exact] + [0.0])
        errors = np.array([0.0 if x is None else error_bound(float(x), x) for x in exact]
                          + [0.0])
        known = np.array([x is not None for x in exact] + [False])
        found[name] = FactData(spec, codes, reads, values, errors, known)
    return found


__all__ = ["FactData", "number", "read_facts"]
