"""`# zona: ignore[CODE, ...]` comments: which warnings a line silences.

A comment silences the warnings that start on its own line, or, when it stands alone on
its line, those that start on the next line. Codes are written as `W101` or by name
(`unused-input`), several separated by commas. Errors are never silenced.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

import attrs

from zona.errors import Diagnostic
from zona.i18n import _
from zona.lint.codes import lookup, warning
from zona.source import Span

_IGNORE = re.compile(r"zona:\s*ignore\[([^\]]*)\]")


@attrs.frozen
class Comment:
    """A `#` comment: its line, the column of its `#`, its text, and whether code precedes
    it on the line."""

    line: int
    column: int
    text: str
    alone: bool


def comments(text: str) -> Iterator[Comment]:
    """Every comment of a ruleset's text, skipping `#` inside quoted texts."""
    line, column, start, i = 1, 1, 0, 0
    code_before = False
    while i < len(text):
        char = text[i]
        if char == "\n":
            line, column, i, start, code_before = line + 1, 1, i + 1, i + 1, False
            continue
        if text.startswith('"""', i):
            end = text.find('"""', i + 3)
            end = len(text) if end < 0 else end + 3
            skipped = text[i:end]
            if "\n" in skipped:
                line += skipped.count("\n")
                start = i + skipped.rindex("\n") + 1
            i, code_before = end, True
            column = i - start + 1
            continue
        if char == '"':
            i += 1
            while i < len(text) and text[i] not in '"\n':
                i += 2 if text[i] == "\\" else 1
            i, code_before = min(i + 1, len(text)), True
            column = i - start + 1
            continue
        if char == "#":
            end = text.find("\n", i)
            end = len(text) if end < 0 else end
            yield Comment(line, column, text[i + 1:end].rstrip("\r"), not code_before)
            column, i = column + end - i, end
            continue
        if not char.isspace():
            code_before = True
        i, column = i + 1, column + 1


@attrs.frozen
class Silences:
    """What each line silences: line -> canonical codes; and warnings about the comments."""

    by_line: dict[int, frozenset[str]]
    problems: tuple[Diagnostic, ...]

    def silenced(self, diagnostic: Diagnostic) -> bool:
        if diagnostic.severity != "warning" or diagnostic.span is None:
            return False
        return diagnostic.code in self.by_line.get(diagnostic.span.line, frozenset())


def silences(text: str, name: str = "<string>") -> Silences:
    """Read every `# zona: ignore[...]` comment of a text."""
    by_line: dict[int, set[str]] = {}
    problems: list[Diagnostic] = []
    for comment in comments(text):
        for match in _IGNORE.finditer(comment.text):
            codes: set[str] = set()
            offset = comment.column + 1 + match.start(1)
            for word in match.group(1).split(","):
                found = lookup(word) if word.strip() else None
                if found is not None:
                    codes.add(found.code)
                elif word.strip():
                    at = offset + len(word) - len(word.lstrip())
                    span = Span(comment.line, at, comment.line, at + len(word.strip()) - 1,
                                name)
                    problems.append(warning(
                        "W001", _("'{word}' is not a warning code or name", word=word.strip()),
                        span,
                        _("Write a code such as W101 or a name such as unused-input "
                          "(docs/warnings.md lists them).")))
                offset += len(word) + 1
            target = comment.line + 1 if comment.alone else comment.line
            by_line.setdefault(target, set()).update(codes)
    return Silences({k: frozenset(v) for k, v in by_line.items()}, tuple(problems))


def keep(diagnostics: Iterable[Diagnostic], found: Silences) -> list[Diagnostic]:
    """The diagnostics that no comment silences."""
    return [d for d in diagnostics if not found.silenced(d)]


__all__ = ["Comment", "Silences", "comments", "keep", "silences"]
