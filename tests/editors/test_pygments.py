"""The Pygments lexer (zona.language.pygments_lexer.ZonaLexer), found through its entry point."""

from __future__ import annotations

from pathlib import Path

import pytest
from pygments.lexers import get_lexer_by_name, get_lexer_for_filename
from pygments.token import (
    Comment,
    Error,
    Keyword,
    Literal,
    Name,
    Number,
    Operator,
    Punctuation,
    String,
    Whitespace,
    _TokenType,
)

from tests.editors.corpus import (
    CORPUS,
    INVALID,
    LEXICAL_ERRORS,
    VALID,
    first_error,
    keyword_class,
    zona_tokens,
)
from tests.editors.scopes import KEYWORDS, PYGMENTS_OPERATORS
from zona.language.pygments_lexer import ZonaLexer

Lexed = list[tuple[int, _TokenType, str]]


def _lex(text: str) -> Lexed:
    return list(ZonaLexer().get_tokens_unprocessed(text))


def _errors(text: str) -> list[tuple[int, int]]:
    """(1-based line, column) of every Error token."""
    spots = []
    for index, kind, _ in _lex(text):
        if kind in Error:
            line = text.count("\n", 0, index) + 1
            spots.append((line, index - (text.rfind("\n", 0, index) + 1) + 1))
    return spots


def _problems(path: Path) -> list[str]:
    """Each token of zona's lexer whose Pygments token is not the one its kind must get."""
    text = path.read_text(encoding="utf-8")
    tokens = zona_tokens(text)
    assert tokens is not None
    starts = [0]
    for line in text.split("\n"):
        starts.append(starts[-1] + len(line) + 1)
    lexed = _lex(text)
    problems = []
    for token in tokens:
        start = starts[token.line - 1] + token.column - 1
        end = start + len(token.value)
        over = [(i, kind, value) for i, kind, value in lexed if i < end and i + len(value) > start]
        where = f"{path.name}:{token.line}:{token.column} {token.value!r}"
        if not (over and over[0][0] == start and over[-1][0] + len(over[-1][2]) == end):
            problems.append(f"{where}: split differently: {over}")
            continue
        kinds = [kind for _, kind, _ in over]
        kind = keyword_class(token)
        if kind in {"string", "comment"}:
            parent = String if kind == "string" else Comment.Single
            if not all(k in parent or k in Error for k in kinds):  # Error: see below
                problems.append(f"{where}: {kind} lexed as {kinds}")
        elif len(kinds) != 1:
            problems.append(f"{where}: split into {kinds}")
        elif kind == "keyword":
            if kinds[0] not in KEYWORDS[token.value][1]:
                problems.append(f"{where}: keyword lexed as {kinds[0]}")
        elif kind == "name":
            if kinds[0] not in Name:
                problems.append(f"{where}: id lexed as {kinds[0]}")
        else:
            expected = {"number": (Number.Integer, Number.Float), "percent": (Number,),
                        "date": (Literal.Date,)}.get(kind, (PYGMENTS_OPERATORS.get(token.value),))
            if kinds[0] not in expected:
                problems.append(f"{where}: {kind} lexed as {kinds[0]}")
    return problems


def test_the_entry_point_registers_the_lexer() -> None:
    """Needs the package installed (`pip install -e .`): Pygments finds lexers by entry point."""
    assert isinstance(get_lexer_by_name("zona"), ZonaLexer)
    assert isinstance(get_lexer_for_filename("rulesets/permenpan-90-2021.zona"), ZonaLexer)


def test_every_valid_file_lexes_without_an_error_token() -> None:
    found = {path.name: _errors(path.read_text(encoding="utf-8")) for path in VALID}
    assert {name: spots for name, spots in found.items() if spots} == {}


def test_error_tokens_only_where_the_compiler_reports_an_error() -> None:
    for path in INVALID:
        spots = _errors(path.read_text(encoding="utf-8"))
        line, column = first_error(path)
        if path.stem in LEXICAL_ERRORS:
            assert spots, f"{path.name}: the bad text at {line}:{column} is not an Error token"
        assert all(at == line and col >= column for at, col in spots), (path.name, spots)


@pytest.mark.parametrize("path", CORPUS, ids=lambda p: p.name)
def test_the_lexer_keeps_every_character(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert "".join(value for _, _, value in _lex(text)) == text


@pytest.mark.parametrize("path", [p for p in CORPUS if zona_tokens(p.read_text("utf-8"))],
                         ids=lambda p: p.name)
def test_every_token_of_the_corpus_gets_the_type_of_its_kind(path: Path) -> None:
    """Keywords, ids, strings, numbers, comments and operators, as zona's lexer reads them."""
    assert _problems(path) == []


SNIPPET = '''\
scale yt "Y/T" range 0..1 { Y = 1, TR = na }  # a "scale"
item area { weight 2.5  score = min(1, divide(a, b, 0)) }
predicate P { require share(total) >= 60% and fact f == yes or every area under x: score > 0 }
ruleset "r" { effective 2024-01-31 .. note "a\\tb\\q" }
'''
SNIPPET_TOKENS = [
    (Keyword.Declaration, "scale"), (Name.Class, "yt"), (String.Double, '"'),
    (String.Double, "Y/T"), (String.Double, '"'), (Keyword, "range"), (Number.Integer, "0"),
    (Operator, ".."), (Number.Integer, "1"), (Punctuation, "{"), (Name.Constant, "Y"),
    (Operator, "="), (Number.Integer, "1"), (Punctuation, ","), (Name.Constant, "TR"),
    (Operator, "="), (Keyword.Constant, "na"), (Punctuation, "}"),
    (Comment.Single, '# a "scale"'),
    (Keyword.Declaration, "item"), (Name.Function, "area"), (Punctuation, "{"),
    (Keyword, "weight"), (Number.Float, "2.5"), (Keyword, "score"), (Operator, "="),
    (Name.Builtin, "min"), (Punctuation, "("), (Number.Integer, "1"), (Punctuation, ","),
    (Name.Builtin, "divide"), (Punctuation, "("), (Name, "a"), (Punctuation, ","),
    (Name, "b"), (Punctuation, ","), (Number.Integer, "0"), (Punctuation, ")"),
    (Punctuation, ")"), (Punctuation, "}"),
    (Keyword.Declaration, "predicate"), (Name.Function, "P"), (Punctuation, "{"),
    (Keyword, "require"), (Keyword, "share"), (Punctuation, "("), (Name.Builtin.Pseudo, "total"),
    (Punctuation, ")"), (Operator, ">="), (Number, "60%"), (Operator.Word, "and"),
    (Keyword, "fact"), (Name, "f"), (Operator, "=="), (Keyword.Constant, "yes"),
    (Operator.Word, "or"), (Keyword, "every"), (Keyword.Declaration, "area"),
    (Keyword, "under"), (Name, "x"), (Punctuation, ":"), (Keyword, "score"), (Operator, ">"),
    (Number.Integer, "0"), (Punctuation, "}"),
    (Keyword.Declaration, "ruleset"), (String.Double, '"'), (String.Double, "r"),
    (String.Double, '"'), (Punctuation, "{"), (Keyword, "effective"),
    (Literal.Date, "2024-01-31"), (Operator, ".."), (Keyword, "note"), (String.Double, '"'),
    (String.Double, "a"), (String.Escape, "\\t"), (String.Double, "b"), (Error, "\\q"),
    (String.Double, '"'), (Punctuation, "}"),
]


def test_a_snippet_lexes_to_exactly_these_tokens() -> None:
    got = [(kind, value) for _, kind, value in _lex(SNIPPET) if kind is not Whitespace]
    assert got == SNIPPET_TOKENS
