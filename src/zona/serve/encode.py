"""JSON response bodies: compact UTF-8 (no space after `,` or `:`), written by orjson when
it is installed (the `serve` extra has it; a full /score result takes it a tenth of
json.dumps's time), else by json.dumps. Both write the same values the same way, except
that orjson writes some small floats without an exponent (`0.00001` for `1e-05`).
Anything orjson does not take (an integer past 64 bits, a key that is not a text) goes to
json.dumps, and a text with a lone surrogate is written with `\\u` escapes (never a 500);
what neither knows is written as its `str()`."""

from __future__ import annotations

import json
from collections.abc import Callable

_Dumps = Callable[..., bytes]
_orjson: tuple[_Dumps, int] | None
try:
    import orjson
except ImportError:  # pragma: no cover - the serve extra installs it
    _orjson = None
else:  # dates, times and dataclasses as json.dumps(default=str) writes them
    _orjson = (orjson.dumps, orjson.OPT_PASSTHROUGH_DATETIME | orjson.OPT_PASSTHROUGH_DATACLASS)


def dumps(document: object) -> bytes:
    """`document` as compact JSON in UTF-8."""
    if _orjson is not None:
        write, option = _orjson
        try:
            return write(document, default=str, option=option)
        except TypeError:  # orjson.JSONEncodeError: a big integer, a key that is no text,
            pass  # a lone surrogate (from `"\ud800"` in a request)
    written = json.dumps(document, ensure_ascii=False, default=str, separators=(",", ":"))
    try:
        return written.encode()
    except UnicodeEncodeError:  # a lone surrogate is no UTF-8: written as `\ud800`
        return json.dumps(document, default=str, separators=(",", ":")).encode()


def line(document: object) -> str:
    """`document` as one of JSON lines: its compact JSON and a newline."""
    return dumps(document).decode() + "\n"
