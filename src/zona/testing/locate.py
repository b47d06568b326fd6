"""Where each key of a TOML file was written: tomllib gives values, not positions, so the
text is scanned for table headers (`[[case]]`, `[case.expect]`) and keys (also inside
inline tables, `nodes = { perencanaan = "24.5" }`).

A key's path counts arrays of tables: the second `[[case]]`'s `name` is ("case", 1, "name").
The scan follows the TOML the files are written in (headers, dotted and quoted keys,
inline tables, multi-line strings and arrays); what it cannot place, `where` places at the
nearest enclosing key it found.
"""

from __future__ import annotations

from collections.abc import Mapping

Key = tuple[str | int, ...]
Position = tuple[int, int]  # 1-based line and column


def positions(text: str) -> dict[Key, Position]:
    """The line and column of every table header and key in a TOML text."""
    found: dict[Key, Position] = {}
    counters: dict[tuple[str, ...], int] = {}
    prefix: Key = ()
    closing: str | None = None  # the delimiter of an open multi-line string
    depth = 0  # brackets of a multi-line array or inline table still open
    for number, line in enumerate(text.split("\n"), start=1):
        if closing is not None:
            if closing in line:
                closing = None
            continue
        if depth > 0:
            depth += _depth_change(line)
            continue
        stripped = line.lstrip()
        column = len(line) - len(stripped) + 1
        if not stripped or stripped.startswith("#"):
            continue
        if stripped.startswith("[["):
            parts = _split_key(stripped[2:stripped.find("]]")])
            counters[parts] = counters.get(parts, 0) + 1
            prefix = _resolve(parts, counters)
            found[prefix] = (number, column)
            continue
        if stripped.startswith("["):
            prefix = _resolve(_split_key(stripped[1:_find(stripped, "]")]), counters)
            found.setdefault(prefix, (number, column))
            continue
        equals = _find(stripped, "=")
        if equals < 0:
            continue
        key = prefix + _split_key(stripped[:equals])
        found[key] = (number, column)
        value = stripped[equals + 1:]
        start = column + equals + 1
        for quote in ('"""', "'''"):
            if value.lstrip().startswith(quote) and value.count(quote) == 1:
                closing = quote
        if closing is None:
            _inline(value, start, number, key, found)
            depth = _depth_change(value)
    return found


def where(found: Mapping[Key, Position], key: Key) -> Position:
    """The position of `key`, or of the nearest enclosing key written; (1, 1) at worst."""
    while key:
        if key in found:
            return found[key]
        key = key[:-1]
    return (1, 1)


def _resolve(parts: tuple[str, ...], counters: Mapping[tuple[str, ...], int]) -> Key:
    """A header's dotted name with the current index of every array of tables in it."""
    out: list[str | int] = []
    for index, part in enumerate(parts):
        out.append(part)
        count = counters.get(parts[:index + 1])
        if count:
            out.append(count - 1)
    return tuple(out)


def _split_key(text: str) -> tuple[str, ...]:
    """`a."b.c" . d` -> ("a", "b.c", "d")."""
    parts: list[str] = []
    current = ""
    quote: str | None = None
    for char in text.strip():
        if quote:
            if char == quote:
                quote = None
            else:
                current += char
        elif char in "\"'":
            quote = char
        elif char == ".":
            parts.append(current.strip())
            current = ""
        else:
            current += char
    parts.append(current.strip())
    return tuple(parts)


def _find(text: str, wanted: str) -> int:
    """The index of `wanted` outside quotes, or -1."""
    quote: str | None = None
    for index, char in enumerate(text):
        if quote:
            if char == "\\" and quote == '"':
                continue
            if char == quote:
                quote = None
        elif char in "\"'":
            quote = char
        elif char == wanted:
            return index
        elif char == "#":
            return -1
    return -1


def _depth_change(text: str) -> int:
    """Brackets and braces opened minus closed, outside quotes and comments."""
    change = 0
    quote: str | None = None
    escaped = False
    for char in text:
        if quote:
            if escaped:
                escaped = False
            elif char == "\\" and quote == '"':
                escaped = True
            elif char == quote:
                quote = None
        elif char in "\"'":
            quote = char
        elif char == "#":
            break
        elif char in "[{":
            change += 1
        elif char in "]}":
            change -= 1
    return change


def _inline(value: str, start: int, line: int, key: Key, found: dict[Key, Position]) -> None:
    """Record the keys of the inline tables in one line's value (columns from `start`)."""
    frames: list[Key | None] = []  # a table's key, or None for an array
    quote: str | None = None
    escaped = False
    expecting = False  # a key may start here (after `{` or `,` in a table)
    last: Key = key
    index = 0
    while index < len(value):
        char = value[index]
        if quote:
            if escaped:
                escaped = False
            elif char == "\\" and quote == '"':
                escaped = True
            elif char == quote:
                quote = None
        elif char == "#":
            return
        elif expecting and not char.isspace() and char not in "}":
            equals = _find(value[index:], "=")
            if equals < 0:
                return
            table = frames[-1]
            assert table is not None
            last = table + _split_key(value[index:index + equals])
            found[last] = (line, start + index)
            expecting = False
            index += equals
        elif char in "\"'":
            quote = char
        elif char == "{":
            frames.append(last)
            expecting = True
        elif char == "[":
            frames.append(None)
        elif char in "}]":
            if frames:
                frames.pop()
        elif char == "," and frames and frames[-1] is not None:
            expecting = True
        index += 1
