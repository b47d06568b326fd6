"""Find the grammar file and build the one cached LALR parser (the only lark set-up)."""

from __future__ import annotations

import functools
from importlib import resources
from pathlib import Path

import lark

_PACKAGE_DATA = "_data"


def data_path(*parts: str) -> Path:
    """A shipped data file: inside the wheel (`zona/_data/...`) or the source checkout."""
    packaged = resources.files("zona").joinpath(_PACKAGE_DATA)
    for part in parts:
        packaged = packaged.joinpath(part)
    if packaged.is_file() or packaged.is_dir():
        return Path(str(packaged))
    checkout = Path(__file__).resolve().parents[2].joinpath(*parts)
    return checkout


def grammar_text() -> str:
    """The text of grammar/zona.lark."""
    return data_path("grammar", "zona.lark").read_text(encoding="utf-8")


@functools.cache
def parser() -> lark.Lark:
    """The LALR parser for zona, built once per process."""
    return lark.Lark(
        grammar_text(),
        parser="lalr",
        lexer="contextual",
        propagate_positions=True,
        maybe_placeholders=False,
    )
