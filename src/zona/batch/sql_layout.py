"""Where the query's computed columns live: each in the first CTE after the columns it
uses, so that the CTEs form a chain z_0 (the table), z_1, z_2, ... and then z_done. The
prefix `z` grows (`zz`, ...) until no name of the table, input, fact or node starts with it,
so an input id such as `zv2` or `z_problems` never meets an internal name. When the table's
columns are not known, the first CTE takes only the columns the query reads, so that one
the query does not know (a carried `z_problems`) never enters the chain."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence


def internal_prefix(taken: Iterable[str]) -> str:
    """`z`, `zz`, ...: the shortest that no name in `taken` starts with (in any case)."""
    names = [name.lower() for name in taken]
    prefix = "z"
    while any(name.startswith(prefix) for name in names):
        prefix += "z"
    return prefix


class Layout:
    """The computed columns so far, by CTE."""

    def __init__(self, taken: Iterable[str] = ()) -> None:
        self.prefix = internal_prefix(taken)
        self.done = f"{self.prefix}_done"  # the last CTE
        self.problems = f"{self.prefix}_problems"  # its column of a row's problems
        self._column = re.compile(rf"\b{self.prefix}[a-z]\d+\b")
        self.levels: list[dict[str, str]] = [{}]
        self.level_of: dict[str, int] = {}

    def column(self, kind: str, sql: str) -> str:
        """A new computed column holding `sql`: its name, z<kind><number> (safe in any
        case-insensitive dialect)."""
        name = f"{self.prefix}{kind}{len(self.level_of)}"
        level = 1 + max((self.level_of.get(n, 0) for n in self._column.findall(sql)),
                        default=0)  # .get: a literal may look like a name
        while len(self.levels) <= level:
            self.levels.append({})
        self.levels[level][name] = sql
        self.level_of[name] = level
        return name

    def ctes(self, table: str, problems: str, defaults: Sequence[str] = (),
             only: Sequence[str] | None = None) -> list[str]:
        """The CTEs over `table`, the last (z_done) adding `problems` as z_problems;
        `defaults` (DuckDB): quoted columns the table may lack, NULL where it does; `only`:
        the quoted columns to take from the table (None: all of them)."""
        z = self.prefix
        taken = "*" if only is None else ", ".join([*only, f"1 AS {z}_row"])
        source = f"SELECT {taken} FROM {table}"
        if defaults:  # DuckDB's UNION BY NAME adds the missing ones; no row is added
            nulls = ", ".join(f"NULL AS {c}" for c in defaults)
            source = (f"SELECT {taken} FROM (SELECT * FROM {table} UNION ALL BY NAME SELECT "
                      f"{nulls} WHERE FALSE) AS {z}_table")
        found = [f"{z}_0 AS ({source})"]
        for i, columns in enumerate(self.levels[1:], start=1):
            body = ",\n    ".join(f"{sql} AS {name}" for name, sql in columns.items())
            found.append(f"{z}_{i} AS (SELECT *,\n    {body}\n  FROM {z}_{i - 1})")
        last = len(self.levels) - 1
        found.append(f"{self.done} AS (SELECT *, {problems} AS {self.problems} FROM {z}_{last})")
        return found


__all__ = ["Layout", "internal_prefix"]
