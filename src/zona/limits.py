"""Every limit zona puts on its input, in one place (docs/security.md lists them).

Each default is far beyond any honest input; an operator raises one with the environment
variable `ZONA_MAX_<NAME>` (`ZONA_MAX_FILE_BYTES=200000000`). Also here: reading only regular
files of a bounded size, the names a ruleset may be referred to by, and escaping text for a
terminal.
"""

from __future__ import annotations

import os
import re
import stat
import unicodedata
from pathlib import Path

from zona.errors import ZonaError
from zona.i18n import N_, _, whole

DEFAULTS: dict[str, int] = {
    "file_bytes": 50 * 1024 * 1024,  # bytes of an answer file, table or workbook read
    "ruleset_bytes": 5 * 1024 * 1024,  # bytes of a ruleset file (the largest built-in: 110 KB)
    "line_chars": 100_000,  # characters of one line of a ruleset
    "name_chars": 100,  # characters of a ruleset's name in `extends`, `from` or a sheet
    "depth": 100,  # nesting of a ruleset's expressions and blocks, of JSON and YAML
    "unzipped_bytes": 500 * 1024 * 1024,  # what an .xlsx or Parquet file may inflate to
    "zip_ratio": 200,  # how many times its compressed size one part may inflate to
    "cells": 20_000_000,  # cells of one worksheet of a table of units (rows x columns)
    "rows": 1_048_576,  # rows of one worksheet of a table of units (Excel's own limit)
    "sheet_rows": 5_000,  # rows of the LKE sheet of one unit's workbook (it has ~300)
    "template_cells": 100_000,  # cells of a filled template, merged ranges cell by cell
    "report_seconds": 30,  # seconds a report spends on its gap plans, all together
}


class LimitError(ZonaError):
    """Input beyond one of zona's limits, or a file of a kind zona does not read."""


class TooLarge(LimitError):
    """A file over its size limit (`most` bytes; raised with ZONA_MAX_<variable>)."""

    def __init__(self, message: str, most: int, variable: str) -> None:
        super().__init__(message)
        self.most = most
        self.variable = variable


class SettingError(ZonaError):
    """A `ZONA_MAX_*` variable that is not a whole number or names no limit: the operator's
    mistake, so not a LimitError (which readers report against the file being read)."""


def limit(name: str) -> int:
    """The limit `name`: `ZONA_MAX_<NAME>` from the environment, else its default. Every
    `ZONA_MAX_*` variable set is checked first (check_settings), so a bad one fails wherever
    any limit is used."""
    return check_settings().get(name, DEFAULTS[name])


def check_settings() -> dict[str, int]:
    """The limits set in the environment; SettingError (one line) for the first
    `ZONA_MAX_*` variable that is not a whole number or names no limit."""
    found: dict[str, int] = {}
    for variable in sorted(v for v in os.environ if v.startswith("ZONA_MAX_")):
        name = variable.removeprefix("ZONA_MAX_").lower()
        raw = os.environ[variable].strip().replace("_", "")
        if name not in DEFAULTS:
            raise SettingError(_("{variable}: no such limit; the limits are {names}",
                                 variable=printable(variable, 60), names=", ".join(
                                     f"ZONA_MAX_{n.upper()}" for n in DEFAULTS)))
        if not raw:
            continue
        if not raw.isascii() or not raw.isdigit() or len(raw) > 18:
            raise SettingError(_("{variable}={value}: write a whole number", variable=variable,
                                 value=printable(raw[:40])))
        found[name] = int(raw)
    return found


def how_to_raise(name: str) -> str:
    """`(limit 100; raise it with ZONA_MAX_DEPTH)`."""
    return _("(limit {limit}; raise it with {variable})", limit=whole(limit(name)),
             variable=f"ZONA_MAX_{name.upper()}")


def read_regular(path: str | Path, most: int | None = None,
                 size_limit: str = "file_bytes") -> bytes:
    """A regular file's bytes: at most `most` (a reader's own default), else the limit
    `size_limit`; `ZONA_MAX_FILE_BYTES` set raises either. A FIFO, device, socket or folder
    is refused by its type before it is opened (so nothing blocks or never ends), a larger
    file before it is read. LimitError says which; OSError is left to the caller."""
    file = Path(path)
    most = limit(size_limit) if most is None else most
    if os.environ.get(f"ZONA_MAX_{size_limit.upper()}"):
        most = max(most, limit(size_limit))
    _refuse_kind(file, os.stat(file).st_mode)
    descriptor = os.open(file, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    with os.fdopen(descriptor, "rb") as stream:
        status = os.fstat(stream.fileno())  # the file opened, not one swapped in since
        _refuse_kind(file, status.st_mode)
        if status.st_size > most:
            raise _too_large(file, most, size_limit)
        data = stream.read(most + 1)
    if len(data) > most:  # it grew while being read
        raise _too_large(file, most, size_limit)
    return data


def _refuse_kind(file: Path, mode: int) -> None:
    if stat.S_ISREG(mode):
        return
    kind = (N_("a folder") if stat.S_ISDIR(mode)
            else N_("a named pipe (FIFO)") if stat.S_ISFIFO(mode)
            else N_("a device") if stat.S_ISCHR(mode) or stat.S_ISBLK(mode)
            else N_("a socket") if stat.S_ISSOCK(mode) else N_("not a regular file"))
    raise LimitError(_("{file}: {kind}; zona reads only regular files",
                       file=printable(str(file)), kind=_(kind)))


def _too_large(file: Path, most: int, size_limit: str) -> TooLarge:
    variable = f"ZONA_MAX_{size_limit.upper()}"
    return TooLarge(_("{file}: the file is larger than {most} bytes; raise the limit with "
                      "{variable}", file=printable(str(file)), most=whole(most),
                      variable=variable), most, variable)


def writable_target(path: str | Path) -> None:
    """Refuse to write over anything but a regular file or a new path (a device such as
    /dev/null, a FIFO, a folder): writing replaces the target, which would destroy it."""
    target = Path(path)
    try:
        mode = os.stat(target).st_mode
    except FileNotFoundError:
        return
    except OSError as error:
        raise LimitError(_("{file}: cannot write here: {reason}", file=printable(str(target)),
                           reason=error.strerror)) from None
    if not stat.S_ISREG(mode):
        kind = N_("is a folder; give a file name to write to") if stat.S_ISDIR(mode) else \
            N_("not a regular file; zona writes only regular files or new paths")
        raise LimitError(_("{file}: {kind}", file=printable(str(target)), kind=_(kind)))


_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")


def name_problem(name: str) -> str | None:
    """Why `name` cannot name a ruleset (`extends`, `from`, a sheet's `ruleset`), or None.
    A name is letters, digits, `.`, `_` and `-`: never a path, so it resolves only to a
    built-in ruleset or NAME.zona in a folder the user chose."""
    most = limit("name_chars")
    if len(name) > most:
        return _("a ruleset name is at most {most} characters {how}", most=whole(most),
                 how=how_to_raise("name_chars"))
    if not _NAME.fullmatch(name) or ".." in name:
        return _("'{name}' is not a ruleset name: a name is letters, digits, '.', '_' and "
                 "'-', never a path (give a ruleset file on the command line with --ruleset)",
                 name=printable(name))
    return None


def printable(text: str, most: int = 200) -> str:
    """Text safe to show on a terminal, on one line: control characters (newline, escape,
    bidirectional overrides, ...) as `\\n`, `\\x1b`, `\\u202e`; cut to `most` characters."""
    shown = text if len(text) <= most else text[:most] + "..."
    if shown.isprintable():
        return shown
    return "".join(_escaped(c) for c in shown)


def has_control(text: str) -> bool:
    """Whether the text has a control, format (bidirectional override) or line-separator
    character: what printable() escapes (a no-break space is not one)."""
    return not text.isprintable() and any(_escaped(c) != c for c in text)


def _escaped(char: str) -> str:
    if char.isprintable() or char == " ":
        return char
    if char in "\n\r\t":
        return {"\n": "\\n", "\r": "\\r", "\t": "\\t"}[char]
    if unicodedata.category(char) == "Zs":  # a space of another width: harmless
        return char
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}" if code < 0x10000 \
        else f"\\U{code:08x}"
