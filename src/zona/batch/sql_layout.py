"""Where the query's computed columns live: each in the first CTE after the columns it
uses, so that the CTEs form a chain z_0 (the table), z_1, z_2, ... and then z_done."""

from __future__ import annotations

import re
from collections.abc import Sequence

_COLUMN = re.compile(r"\bz[a-z]\d+\b")


class Layout:
    """The computed columns so far, by CTE."""

    def __init__(self) -> None:
        self.levels: list[dict[str, str]] = [{}]
        self.level_of: dict[str, int] = {}

    def column(self, kind: str, sql: str) -> str:
        """A new computed column holding `sql`: its name, z<kind><number> (safe in any
        case-insensitive dialect)."""
        name = f"z{kind}{len(self.level_of)}"
        level = 1 + max((self.level_of[n] for n in _COLUMN.findall(sql)), default=0)
        while len(self.levels) <= level:
            self.levels.append({})
        self.levels[level][name] = sql
        self.level_of[name] = level
        return name

    def ctes(self, table: str, problems: str, defaults: Sequence[str] = ()) -> list[str]:
        """The CTEs over `table`, the last (z_done) adding `problems` as z_problems;
        `defaults` (DuckDB): quoted columns the table may lack, NULL where it does."""
        source = f"SELECT * FROM {table}"
        if defaults:  # DuckDB's UNION BY NAME adds the missing ones; no row is added
            nulls = ", ".join(f"NULL AS {c}" for c in defaults)
            source += f" UNION ALL BY NAME SELECT {nulls} WHERE FALSE"
        found = [f"z_0 AS ({source})"]
        for i, columns in enumerate(self.levels[1:], start=1):
            body = ",\n    ".join(f"{sql} AS {name}" for name, sql in columns.items())
            found.append(f"z_{i} AS (SELECT *,\n    {body}\n  FROM z_{i - 1})")
        last = len(self.levels) - 1
        found.append(f"z_done AS (SELECT *, {problems} AS z_problems FROM z_{last})")
        return found


__all__ = ["Layout"]
