"""Completion: the keywords the grammar takes in the block the cursor is in, and the ids of
the file and the files it extends where a name is expected (scales after `scale`, facts after
`fact`, predicates after `predicate`, grades after `grade`, values in formulas).

The block and the words before the cursor are read with zona.lsp.scan, so completion works
on the text being typed, which often does not parse.
"""

from __future__ import annotations

import re

import attrs

from zona.i18n import _
from zona.lsp.index import Entry
from zona.lsp.positions import Offsets
from zona.lsp.scan import Token, Tokens

NODE_KINDS = ("component", "subcomponent", "area", "subarea", "group", "question", "item")
TEXTS = ("label", "criteria", "cite", "note", "assumed")
DECLARATIONS = ("scale", "fact", *NODE_KINDS, "input", "derived", "view", "predicate", "grade")
AMENDMENTS = ("amend", "remove", "add", "move")
NODE = ("weight", "aggregate", "score", "scale", "soal", "missing", "na", *TEXTS, *NODE_KINDS,
        "input", "derived", "change", "measured")
MEMBERS = {
    "header": ("title", "regulation", "effective", "maximum", "missing", "na", "assessors",
               "cite", "note", "assumed", "change", "measured", "numbering"),
    "node": NODE,
    "input": ("count", "decimal", "scale", "soal", "change", "measured", *TEXTS),
    "scale": ("assumed",),
    "levels": (),
    "fact": (*TEXTS, "from"),
    "texts": TEXTS,
    "view": ("view", *TEXTS),
    "predicate": ("require", *TEXTS),
    "grade": ("level", *TEXTS),
    "amend": (*NODE[:7], *TEXTS, "require", "count", "decimal", "level", "by", "change",
              "measured"),
}
AFTER = {"missing": ("error", "exclude", "zero"), "na": ("reweight", "full", "zero"),
         "aggregate": ("weighted", "mean", "sum"), "title": ("en", "id"), "label": ("en", "id"),
         "criteria": ("en", "id"), "note": ("en",), "every": ("child", *NODE_KINDS),
         "change": ("free", "up", "down", "fixed"), "measured": ("no", "en", "id"),
         "numbering": ("en", "id")}
EXPRESSION = ("if", "then", "else", "and", "or", "not", "fact", "share", "min", "max",
              "divide", "round", "floor", "ceil")
CONDITION = ("every", "predicate", "grade", "fact", "share", "not", "and", "or")
OPERAND_BEFORE = frozenset({"=", "+", "-", "*", "/", "(", ",", ":", "==", "!=", "<", "<=", ">",
                            ">=", "require", "when", "by", "if", "then", "else", "and", "or",
                            "not"})
HEADS = frozenset({"scale", "fact", "input", "derived", "view", "predicate", "grade", "level",
                   "amend", *NODE_KINDS})
VALUE_KINDS = frozenset({*NODE_KINDS, "input", "derived", "view"})


@attrs.frozen
class Item:
    """A completion: the word, what it is (`keyword` or an id's kind) and its label."""

    label: str
    kind: str
    detail: str | None = None


def complete(text: str, line: int, column: int, ids: dict[str, Entry],
             extends: bool) -> list[Item]:
    """What may be written at a position: keywords of its block, or ids where a name is
    expected. `ids` are the file's and its bases'; `extends` allows amendments."""
    offset = Offsets(text).offset(line, column)
    tokens = Tokens(text)
    if _in_text(text, offset, tokens):
        return []
    before = [t for t in tokens.before(offset)]
    if before and before[-1].kind == "word" and before[-1].end == offset:
        before.pop()  # the word being typed
    block, statement = _block(before)
    previous = statement[-1].text if statement else ""
    if previous == "scale" and block in ("node", "input", "amend"):
        return _ids(ids, {"scale"})
    if previous in ("fact", "predicate", "grade") and _word(statement, -2) in OPERAND_BEFORE:
        return _ids(ids, {previous})  # a reference in a formula, not a declaration
    if previous == ":":
        return _keywords(("score", "share"))
    if previous in AFTER:
        return _keywords(AFTER[previous])
    if previous in ("of", "under") or (previous == "(" and _word(statement, -2) == "share"):
        return _ids(ids, VALUE_KINDS - {"input", "derived"}, total=True)
    if previous in OPERAND_BEFORE:
        if _formula(statement) in ("require", "when"):  # conditions compare nodes and views
            return [*_ids(ids, VALUE_KINDS - {"input", "derived"}, total=True),
                    *_keywords(CONDITION)]
        return [*_ids(ids, VALUE_KINDS, total=True), *_keywords(EXPRESSION)]
    if block == "top":
        return _keywords(DECLARATIONS + (AMENDMENTS if extends else ()))
    if block == "add":
        return _keywords(DECLARATIONS)
    return _keywords(MEMBERS.get(block, ()))


def _in_text(text: str, offset: int, tokens: Tokens) -> bool:
    """Whether the offset is inside a quoted text or a comment."""
    index = tokens.index_at(max(offset - 1, 0))
    if index < len(tokens.items):
        token = tokens.items[index]
        if token.kind == "string" and token.start < offset and (
                offset < token.end or not _closed(token.text)):
            return True
    line_start = text.rfind("\n", 0, offset) + 1
    return "#" in re.sub(r'"(?:[^"\\\n]|\\.)*"?', "", text[line_start:offset])


def _closed(string: str) -> bool:
    if string.startswith('"""'):
        return len(string) >= 6 and string.endswith('"""')
    return len(string) >= 2 and string.endswith('"')


def _block(before: list[Token]) -> tuple[str, list[Token]]:
    """The kind of the innermost open block and the tokens written in it before the cursor
    (at the top level: since the last closed block)."""
    stack: list[tuple[str, int]] = []
    for index, token in enumerate(before):
        if token.kind != "mark":
            continue
        if token.text == "{":
            stack.append((_opener(before, index), index))
        elif token.text == "}" and stack:
            stack.pop()
    start = stack[-1][1] + 1 if stack else 0
    statement = before[start:]
    # in a block, only the tokens after the last nested block closed
    for position in range(len(statement) - 1, -1, -1):
        if statement[position].text == "}":
            statement = statement[position + 1:]
            break
    return (stack[-1][0] if stack else "top"), statement


def _opener(tokens: list[Token], brace: int) -> str:
    """What a `{` opens, from the words before it."""
    if brace and tokens[brace - 1].text == "levels":
        return "levels"
    depth = 0
    for index in range(brace - 1, -1, -1):
        token = tokens[index]
        if token.text in ("}", ")"):
            depth += 1
        elif token.text in ("{", "("):
            if depth == 0:
                return "texts"
            depth -= 1
        if depth or token.kind != "word":
            continue
        following = tokens[index + 1] if index + 1 < brace else None
        if token.text == "ruleset" and following is not None and following.kind == "string":
            return "header"
        if token.text == "add" and following is not None and following.text == "to":
            return "add"
        if token.text in HEADS and following is not None and following.kind in ("word",
                                                                               "number"):
            return _head_kind(tokens, index, brace)
    return "texts"


def _head_kind(tokens: list[Token], index: int, brace: int) -> str:
    word = tokens[index].text
    if word in NODE_KINDS:
        return "node"
    if word in ("derived", "level"):
        return "texts"
    if word == "view":
        rest = [t.text for t in tokens[index + 2:brace] if t.kind != "string"]
        return "texts" if "=" in rest else "view"
    return word


def _formula(statement: list[Token]) -> str | None:
    """The word that opened the formula the cursor is in (`require`, `when`, `by`, `=`), if
    any; a declaration's head after it ends the formula."""
    for token in reversed(statement):
        if token.text in ("require", "when", "by", "="):
            return token.text
        if token.text in HEADS - {"fact", "predicate", "grade"} or token.text in TEXTS:
            return None
    return None


def _word(statement: list[Token], position: int) -> str:
    return statement[position].text if len(statement) >= -position else ""


def _ids(ids: dict[str, Entry], kinds: set[str] | frozenset[str], total: bool = False) -> \
        list[Item]:
    found = [Item(name, entry.kind, entry.label) for name, entry in sorted(ids.items())
             if entry.kind in kinds]
    return ([Item("total", "total", _("the total score"))] if total else []) + found


def _keywords(words: tuple[str, ...]) -> list[Item]:
    return [Item(word, "keyword") for word in dict.fromkeys(words)]
