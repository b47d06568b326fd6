"""How DuckDB and Spark SQL spell what the scoring query needs: identifiers, exact
integers, answer text, regular expressions, string literals."""

from __future__ import annotations

import re

import attrs

from zona.errors import ZonaError
from zona.i18n import _

DIALECTS = ("duckdb", "spark")


@attrs.frozen
class Dialect:
    """One SQL dialect (one of DIALECTS)."""

    name: str

    @classmethod
    def named(cls, name: str) -> Dialect:
        """The dialect called `name`; a ZonaError for one zona does not write."""
        if name not in DIALECTS:
            raise ZonaError(_("unknown SQL dialect {name}: use {dialects}", name=repr(name),
                              dialects=_(" or ").join(DIALECTS)))
        return cls(name)

    @property
    def spark(self) -> bool:
        return self.name == "spark"

    @property
    def integer(self) -> str:
        """The exact integer type: HUGEINT (DuckDB) or DECIMAL(38, 0) (Spark)."""
        return "DECIMAL(38, 0)" if self.spark else "HUGEINT"

    def ident(self, name: str) -> str:
        """A quoted identifier."""
        if self.spark:
            return "`" + name.replace("`", "``") + "`"
        return '"' + name.replace('"', '""') + '"'

    def lit(self, value: int) -> str:
        """An integer constant of the exact integer type."""
        return f"CAST({value} AS {self.integer})"

    def text(self, column: str) -> str:
        """A column's value as trimmed text, NULL when blank."""
        kind = "STRING" if self.spark else "VARCHAR"
        return f"NULLIF(TRIM(CAST({self.ident(column)} AS {kind})), '')"

    def matches(self, text: str, pattern: str) -> str:
        """Whether all of `text` matches the regular expression `pattern`."""
        if self.spark:
            return f"({text} RLIKE '^{pattern}$')"
        return f"regexp_full_match({text}, '{pattern}')"

    def floor_div(self, n: str, d: str) -> str:
        """floor(n / d) of exact integers, d > 0: (n - the remainder in 0..d-1) / d, a
        whole quotient (DuckDB's // and Spark's decimal / are exact on it)."""
        if self.spark:
            return f"CAST(({n} - pmod({n}, {d})) / {d} AS {self.integer})"
        return f"(({n} - ((({n}) % {d}) + {d}) % {d}) // {d})"

    def before_point(self, text: str) -> str:
        """The part of a number's text before its decimal point."""
        return f"SPLIT({text}, '[.]')[0]" if self.spark else f"SPLIT_PART({text}, '.', 1)"


_SPECIAL = re.compile(r"['\\]")  # the characters a literal spells as CHR(n) in every dialect


def quote(text: str) -> str:
    """A SQL string expression for `text` that reads the same in DuckDB and Spark: `'` and
    `\\` (an escape in Spark's literals, a plain character in DuckDB's) are spelled CHR(39)
    and CHR(92) between plain literals, so no label or id can end a literal or inject SQL.
    A lone surrogate, which no engine can encode, becomes U+FFFD."""
    text = text.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
    if not _SPECIAL.search(text):
        return f"'{text}'"
    parts: list[str] = []
    for piece in re.split(r"(['\\])", text):
        if piece in ("'", "\\"):
            parts.append(f"CHR({ord(piece)})")
        elif piece:
            parts.append(f"'{piece}'")
    return "(" + " || ".join(parts) + ")"


_APOSTROPHE = quote("'")  # the SQL literal for one single quote


def quoted(text: str) -> str:
    """SQL for a text between single quotes, as Python's repr shows a string."""
    return f"{_APOSTROPHE} || {text} || {_APOSTROPHE}"


def joined(parts: list[str]) -> str:
    """SQL joining the non-NULL texts with '; ', NULL when there are none."""
    if not parts:
        return "NULL"
    return f"NULLIF(CONCAT_WS('; ', {', '.join(parts)}), '')"


__all__ = ["DIALECTS", "Dialect", "joined", "quote", "quoted"]
