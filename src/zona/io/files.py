"""Shared by the readers: size-limited reading, text decoding, located problems."""

from __future__ import annotations

from pathlib import Path

from zona.errors import AnswerProblem, ZonaAnswerError

MAX_BYTES = 50 * 1024 * 1024  # no answer file or table zona reads comes near this


def fail(location: str, message: str, source: str) -> ZonaAnswerError:
    """A ZonaAnswerError with one problem."""
    return ZonaAnswerError([AnswerProblem(location, message)], source)


def read_bytes(path: str | Path, limit: int = MAX_BYTES, what: str = "an answer file") -> bytes:
    """The file's bytes; refuses a file over `limit` before reading it, and an empty one."""
    file = Path(path)
    name = str(file)
    try:
        size = file.stat().st_size
        if size > limit:
            raise fail(name, f"the file is larger than {limit // (1024 * 1024)} MB; {what} is "
                       "far smaller", name)
        data = file.read_bytes()
    except OSError as error:
        raise fail(name, f"cannot read: {error.strerror}", name) from None
    if not data.strip():
        raise fail(name, "the file is empty", name)
    return data


def decode(data: bytes, name: str) -> str:
    """UTF-8 text (a byte-order mark is dropped); the error names the line of a bad byte."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[:error.start].count(b"\n") + 1
        column = error.start - (data.rfind(b"\n", 0, error.start) + 1) + 1
        raise fail(f"{name}:{line}:{column}", "not UTF-8 text (save the file as UTF-8)",
                   name) from None


def pointer(name: str, *path: str | int) -> str:
    """A JSON pointer into a file: `file.json#/answers/q1`."""
    parts = "".join("/" + str(p).replace("~", "~0").replace("/", "~1") for p in path)
    return f"{name}#{parts}"
