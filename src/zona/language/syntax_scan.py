"""A light reading of source text for syntax errors: braces, declared names, positions.

When the parser stops, the text after that point was never parsed; these helpers read it
the way a person would (skipping quoted texts and comments) to find the brace that was
never closed and what kind of thing a name was declared as.
"""

from __future__ import annotations

import re

import attrs

from zona.i18n import N_, _
from zona.source import Span

# Quoted texts and comments (their braces do not count), braces, and everything else.
_PIECE = re.compile(r'"""[\s\S]*?"""|"(?:[^"\\\n]|\\.)*"|#[^\n]*|[{}]')
_DECLARED = re.compile(
    r"(?m)^[ \t]*(fact|predicate|scale|grade|view|input|derived|component|subcomponent"
    r"|area|subarea|group|question|item)[ \t]+([A-Za-z_][A-Za-z0-9_]*)")
_OPENER = re.compile(r"([A-Za-z_]+)(?:[ \t]+([A-Za-z_][A-Za-z0-9_]*))?")
NODE_KINDS = ("component", "subcomponent", "area", "subarea", "group", "question", "item")


@attrs.frozen
class Brace:
    """An opening brace: where it is, the indentation of its line, and what it opens."""

    offset: int
    indent: int
    opens: str  # `question 'q2'`, `the ruleset header`, or `a block`


def span_at(text: str, start: int, end: int | None = None) -> Span:
    """The span of text[start:end] (one character when end is None)."""
    line = text.count("\n", 0, start) + 1
    column = start - (text.rfind("\n", 0, start) + 1) + 1
    width = max(1, (end if end is not None else start + 1) - start)
    return Span(line, column, line, column + width - 1)


def line_of(text: str, offset: int) -> int:
    """The 1-based line of an offset."""
    return text.count("\n", 0, offset) + 1


def _indent(text: str, offset: int) -> int:
    start = text.rfind("\n", 0, offset) + 1
    line = text[start:offset]
    return len(line) - len(line.lstrip(" \t"))


def _alone(text: str, offset: int) -> bool:
    """Whether only blanks precede the character at offset on its line."""
    start = text.rfind("\n", 0, offset) + 1
    return not text[start:offset].strip()


def _what_opens(text: str, offset: int) -> str:
    """`question 'q2'` for the brace after `question q2 "..."`, from the text before it."""
    start = text.rfind("\n", 0, offset) + 1
    head = re.sub(r'"(?:[^"\\\n]|\\.)*"', "", text[start:offset]).strip()
    match = _OPENER.match(head)
    if match is None:
        return N_("a block")
    word, name = match.group(1), match.group(2)
    if word == "ruleset":
        return N_("the ruleset header")
    if word in ("levels", "range") or head.split()[-1:] == ["levels"]:
        return N_("the levels of a fact")
    if name and word in (*NODE_KINDS, "scale", "input", "predicate", "grade", "view", "fact",
                         "amend"):
        return f"{word} '{name}'"
    return f"'{word}'"


def said(opens: str) -> str:
    """What a brace opens, as a message says it (`a block` in the language in use)."""
    return _(opens) if opens in _SAID else opens


_SAID = (N_("a block"), N_("the ruleset header"), N_("the levels of a fact"))


def open_braces(text: str, stop: int) -> tuple[list[Brace], list[Brace]]:
    """The braces still open at `stop`, outermost first, and the braces whose closing brace
    stands alone on a line indented less than the line that opened them (the first
    sign that an earlier '}' is missing)."""
    stack: list[Brace] = []
    misplaced: list[Brace] = []
    quoted = (0, 0)  # the last quoted text: a label over several lines belongs to the line
    for match in _PIECE.finditer(text, 0, stop):  # where its declaration starts
        piece = match.group()
        if piece.startswith('"'):
            quoted = match.span()
        elif piece == "{":
            offset = match.start()
            anchor = quoted[0] if quoted[1] and not text[quoted[1]:offset].strip() else offset
            stack.append(Brace(offset, _indent(text, anchor), _what_opens(text, anchor)))
        elif piece == "}" and stack:
            brace = stack.pop()
            offset = match.start()
            if _alone(text, offset) and _indent(text, offset) < brace.indent:
                misplaced.append(brace)
    return stack, misplaced


def unclosed_brace(text: str, stop: int) -> Brace | None:
    """The '{' that was most likely never closed, when the parser stops at `stop` still
    inside a block: the first block closed by a '}' indented as an outer one, else the
    innermost block still open."""
    stack, misplaced = open_braces(text, stop)
    if not stack:
        return None
    if misplaced:
        return misplaced[0]
    return stack[-1]


def balance(text: str) -> int:
    """How many more '{' than '}' the text has (outside quoted texts and comments)."""
    pieces = [m.group() for m in _PIECE.finditer(text)]
    return pieces.count("{") - pieces.count("}")


def declared(text: str) -> dict[str, str]:
    """What each name is declared as (`fact`, `predicate`, `node`, ...), read from the lines
    that start a declaration; `yes/no fact` and `levels fact` for facts."""
    found: dict[str, str] = {}
    for match in _DECLARED.finditer(text):
        kind, name = match.group(1), match.group(2)
        if kind in NODE_KINDS:
            kind = "node"
        elif kind == "fact":
            rest = text[match.end():text.find("\n", match.end())]
            kind = ("yes/no fact" if re.search(r"\byesno\b", rest)
                    else "levels fact" if re.search(r"\blevels\b", rest) else "number fact")
        found.setdefault(name, kind)
    return found
