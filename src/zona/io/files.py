"""Shared by the readers: size-limited reading, text decoding, located problems."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from zona.errors import AnswerProblem, ZonaAnswerError
from zona.i18n import _, whole
from zona.limits import (
    DEFAULTS,
    LimitError,
    TooLarge,
    how_to_raise,
    limit,
    printable,
    read_regular,
)

MAX_BYTES = DEFAULTS["file_bytes"]  # no answer file or table zona reads comes near this


def fail(location: str, message: str, source: str) -> ZonaAnswerError:
    """A ZonaAnswerError with one problem."""
    return ZonaAnswerError([AnswerProblem(location, message)], source)


def read_bytes(path: str | Path, limit: int = MAX_BYTES,
               what: str = "") -> bytes:
    """A regular file's bytes, not empty (zona.limits.read_regular: a FIFO, device or folder
    is refused by its type, a file over `limit` bytes before it is read)."""
    file = Path(path)
    name = printable(str(file))
    try:
        data = read_regular(file, limit)
    except TooLarge as error:
        size = _("{count} MB", count=whole(error.most // (1024 * 1024))) \
            if error.most >= 1024 * 1024 else _("{count} bytes", count=whole(error.most))
        raise fail(name, _("the file is larger than {size}; {what} (raise the limit with "
                           "{variable})", size=size, what=what or _("an answer file is far "
                                                                    "smaller"),
                           variable=error.variable), name) from None
    except LimitError as error:
        raise fail(name, str(error).removeprefix(f"{name}: "), name) from None
    except OSError as error:
        raise fail(name, _("cannot read: {reason}", reason=error.strerror), name) from None
    if not data.strip():
        raise fail(name, _("the file is empty"), name)
    return data


def check_zip(data: bytes, name: str) -> None:
    """Refuse a zip (an .xlsx) whose parts would inflate beyond the limit `unzipped_bytes` in
    all, or one large part beyond `zip_ratio` times its compressed size: read from the zip's
    directory, before anything is decompressed (a zip bomb never inflates). The declared
    sizes bind: Python's zipfile stops reading a part at its declared size."""
    if not data.startswith(b"PK"):
        return  # not a zip: the reader says what it is
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            parts = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return  # a damaged zip: the reader says so
    total = sum(part.file_size for part in parts)
    if total > limit("unzipped_bytes") or len(parts) > 10_000:
        raise fail(name, _("the workbook would unzip to {total} bytes in {parts} parts {how}",
                           total=whole(total), parts=whole(len(parts)),
                           how=how_to_raise("unzipped_bytes")), name)
    ratio = limit("zip_ratio")
    for part in parts:
        if part.file_size > 1024 * 1024 and part.file_size > ratio * max(part.compress_size, 1):
            raise fail(name, _("{part} would unzip to {times} times its size, like a zip bomb "
                               "{how}", part=printable(part.filename, 60),
                               times=whole(part.file_size // max(part.compress_size, 1)),
                               how=how_to_raise("zip_ratio")), name)


def decode(data: bytes, name: str) -> str:
    """UTF-8 text (a byte-order mark is dropped); the error names the line of a bad byte."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[:error.start].count(b"\n") + 1
        column = error.start - (data.rfind(b"\n", 0, error.start) + 1) + 1
        raise fail(f"{name}:{line}:{column}", _("not UTF-8 text (save the file as UTF-8)"),
                   name) from None


def pointer(name: str, *path: str | int) -> str:
    """A JSON pointer into a file: `file.json#/answers/q1`."""
    parts = "".join("/" + str(p).replace("~", "~0").replace("/", "~1") for p in path)
    return f"{name}#{parts}"
