"""Find the grammar file and provide the one LALR parser (the only lark set-up).

Building the parser from grammar/zona.lark (lark parses the grammar, then runs the LALR
analysis) costs about 90 ms, so the analysed parser ships with zona as plain data in
`_parser_tables.pickle`, written by `python docs/tools/parser_tables.py`. The tables are used
only when they record this grammar's sha256, this lark version and these options; otherwise
the parser is built from the grammar as before (correct, only slower). They are read with an
unpickler that refuses every global: only strings, numbers, lists, tuples and dicts come out,
and nothing in the file can run as code. Nothing is ever written at run time.
"""

from __future__ import annotations

import functools
import hashlib
import io
import pickle
from importlib import resources
from pathlib import Path
from typing import Any

import lark

_PACKAGE_DATA = "_data"
TABLES_FILE = "_parser_tables.pickle"
TABLES_FORMAT = 1
OPTIONS: dict[str, Any] = {
    "parser": "lalr",
    "lexer": "contextual",
    "propagate_positions": True,
    "maybe_placeholders": False,
}


def data_path(*parts: str) -> Path:
    """A shipped data file: inside the wheel (`zona/_data/...`) or the source checkout."""
    packaged = resources.files("zona").joinpath(_PACKAGE_DATA)
    for part in parts:
        packaged = packaged.joinpath(part)
    if packaged.is_file() or packaged.is_dir():
        return Path(str(packaged))
    checkout = Path(__file__).resolve().parents[3].joinpath(*parts)
    return checkout


def grammar_text() -> str:
    """The text of grammar/zona.lark."""
    return data_path("grammar", "zona.lark").read_text(encoding="utf-8")


@functools.cache
def parser() -> lark.Lark:
    """The LALR parser for zona, once per process: from the shipped tables when they match."""
    shipped = _shipped_tables()
    loaded = load_tables(shipped, grammar_text()) if shipped is not None else None
    return loaded or build_parser()


def _shipped_tables() -> bytes | None:
    try:
        return resources.files("zona.language").joinpath(TABLES_FILE).read_bytes()
    except OSError:
        return None


@functools.cache
def build_parser() -> lark.Lark:
    """The parser built from grammar/zona.lark, as lark does it (no tables)."""
    return lark.Lark(grammar_text(), **OPTIONS)


def fingerprint(grammar: str) -> dict[str, Any]:
    """What the tables must record to be used with this grammar, lark and options."""
    return {
        "format": TABLES_FORMAT,
        "grammar_sha256": hashlib.sha256(grammar.encode("utf-8")).hexdigest(),
        "lark_version": lark.__version__,
        "options": OPTIONS,
    }


class _PlainUnpickler(pickle.Unpickler):
    """Unpickles plain data only: every class or function named in the data is refused."""

    def find_class(self, module: str, name: str) -> Any:
        raise pickle.UnpicklingError(f"the parser tables may not name {module}.{name}")


def read_tables(blob: bytes) -> Any:
    """The contents of a tables file, built from plain data only."""
    return _PlainUnpickler(io.BytesIO(blob)).load()


def load_tables(blob: bytes, grammar: str) -> lark.Lark | None:
    """The parser recorded in a tables file, or None when it was not made from `grammar` by
    this lark version with these options (or cannot be read)."""
    try:
        tables = read_tables(blob)
    except Exception:  # a damaged file is only a missed shortcut: the caller builds instead
        return None
    if not isinstance(tables, dict):
        return None
    expected = fingerprint(grammar)
    if any(tables.get(key) != value for key, value in expected.items()):
        return None
    try:
        loaded: lark.Lark = lark.Lark._load_from_dict(  # type: ignore[no-untyped-call]
            tables["data"], tables["memo"])
    except Exception:  # as above: tests/test_parser_tables.py proves the shipped file loads
        return None
    return loaded
