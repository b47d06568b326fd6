"""The VS Code extension's TextMate grammar, run by vscode-textmate under node (VS Code's engine).

Every corpus file is tokenized; each token of zona's own lexer must get the scope its kind
gives (keywords, ids, strings, numbers, comments, operators), on exactly its text, and no
text may be marked invalid except the bad text of the invalid corpus's lexical errors.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.editors.conftest import GRAMMAR, VSCODE, Tokens, tokenize
from tests.editors.corpus import (
    CORPUS,
    INVALID,
    LEXICAL_ERRORS,
    VALID,
    Token,
    first_error,
    keyword_class,
    zona_tokens,
)
from tests.editors.scopes import KEYWORDS, NAME_SCOPES, OPERATORS, grammar_words

SHOWCASE = Path(__file__).parent / "data" / "showcase.zona"


def _covering(lines: list[list[tuple[int, int, list[str]]]], token: Token
              ) -> list[tuple[int, int, list[str]]]:
    """The TextMate tokens over a zona token; fails unless their ends are the token's ends."""
    found = []
    for line, start, end in token.lines():
        if start == end:
            continue
        over = [t for t in lines[line] if t[0] < end and t[1] > start]
        assert over and over[0][0] == start and over[-1][1] == end, (
            f"{token} is split differently by the grammar: {over}")
        found += over
    return found


def _problems(path: Path, lines: list[list[tuple[int, int, list[str]]]]) -> list[str]:
    """Each token of zona's lexer whose highlighting is not the one its kind must get."""
    tokens = zona_tokens(path.read_text(encoding="utf-8"))
    assert tokens is not None
    problems = []
    for token in tokens:
        kind = keyword_class(token)
        covering = _covering(lines, token)
        inner = [scopes[-1] for _, _, scopes in covering]
        where = f"{path.name}:{token.line}:{token.column} {token.value!r}"
        if kind in {"string", "comment"}:
            prefix = "string.quoted." if kind == "string" else "comment.line.number-sign.zona"
            if not all(any(s.startswith(prefix) for s in scopes) for _, _, scopes in covering):
                problems.append(f"{where}: {kind} scoped {inner}")
        elif len(covering) != 1:
            problems.append(f"{where}: split into {inner}")
        elif kind == "keyword":
            if inner[0] not in KEYWORDS[token.value][0]:
                problems.append(f"{where}: keyword scoped {inner[0]}")
        elif kind == "name":
            if not inner[0].startswith(NAME_SCOPES):
                problems.append(f"{where}: id scoped {inner[0]}")
        elif kind == "number":
            if inner[0] not in ("constant.numeric.integer.zona", "constant.numeric.decimal.zona"):
                problems.append(f"{where}: number scoped {inner[0]}")
        elif kind in {"percent", "date"}:
            expected = {"percent": "constant.numeric.percentage.zona",
                        "date": "constant.numeric.date.zona"}[kind]
            if inner[0] != expected:
                problems.append(f"{where}: {kind} scoped {inner[0]}")
        elif inner[0] != OPERATORS[token.value]:
            problems.append(f"{where}: operator scoped {inner[0]}")
    return problems


def _invalid(lines: list[list[tuple[int, int, list[str]]]]) -> list[tuple[int, int, str]]:
    """(1-based line, column, scope) of every token with an invalid.* scope."""
    return [(number + 1, start + 1, scope) for number, line in enumerate(lines)
            for start, _, scopes in line for scope in scopes if scope.startswith("invalid.")]


def test_the_keyword_table_has_every_word_of_the_grammar() -> None:
    assert grammar_words() == set(KEYWORDS)


def test_the_grammar_and_manifest_agree() -> None:
    grammar = json.loads(GRAMMAR.read_text(encoding="utf-8"))
    manifest = json.loads((VSCODE / "package.json").read_text(encoding="utf-8"))
    assert grammar["scopeName"] == "source.zona"
    (contributed,) = manifest["contributes"]["grammars"]
    assert contributed == {"language": "zona", "scopeName": "source.zona",
                           "path": "./syntaxes/zona.tmLanguage.json"}
    (language,) = manifest["contributes"]["languages"]
    assert language["id"] == "zona" and language["extensions"] == [".zona"]
    assert (VSCODE / language["configuration"]).is_file()


def test_every_valid_file_has_no_invalid_scope(corpus_tokens: Tokens) -> None:
    found = {path.name: _invalid(corpus_tokens[path]) for path in VALID}
    assert {name: spots for name, spots in found.items() if spots} == {}


def test_invalid_scopes_only_where_the_compiler_reports_an_error(corpus_tokens: Tokens) -> None:
    """The invalid corpus: only the lexical errors are marked, on their line, from their column."""
    for path in INVALID:
        spots = _invalid(corpus_tokens[path])
        line, column = first_error(path)
        if path.stem in LEXICAL_ERRORS:
            assert spots, f"{path.name}: the bad text at {line}:{column} is not marked"
        assert all(at == line and col >= column for at, col, _ in spots), (path.name, spots)


def test_the_lexical_errors_get_their_own_scopes(corpus_tokens: Tokens) -> None:
    found = {path.stem: {scope for _, _, scope in _invalid(corpus_tokens[path])}
             for path in INVALID if path.stem in LEXICAL_ERRORS}
    assert found == {
        "syntax_bad_character": {"invalid.illegal.character.zona"},
        "syntax_unknown_escape": {"invalid.illegal.unknown-escape.zona"},
        "syntax_unterminated_string": {"invalid.illegal.unterminated-string.zona"},
    }


@pytest.mark.parametrize("path", [p for p in CORPUS if zona_tokens(p.read_text("utf-8"))],
                         ids=lambda p: p.name)
def test_every_token_of_the_corpus_gets_the_scope_of_its_kind(
        path: Path, corpus_tokens: Tokens) -> None:
    """Keywords, ids, strings, numbers, comments and operators, as zona's lexer reads them."""
    assert _problems(path, corpus_tokens[path]) == []


def _scopes(rules: object) -> set[str]:
    """Every scope name a grammar (or part of one) gives."""
    if isinstance(rules, dict):
        own = {rules["name"]} if isinstance(rules.get("name"), str) else set()
        return own.union(*(_scopes(value) for key, value in rules.items() if key != "name"))
    if isinstance(rules, list):
        return set().union(*(_scopes(value) for value in rules))
    return set()


def test_every_rule_of_the_grammar_is_used(corpus_tokens: Tokens) -> None:
    """Each scope the grammar gives appears in the corpus or the showcase: no dead rule."""
    grammar = json.loads(GRAMMAR.read_text(encoding="utf-8"))
    lines = [*corpus_tokens.values(), *tokenize([SHOWCASE]).values()]
    seen = {scope for file in lines for line in file for _, _, scopes in line for scope in scopes}
    assert _scopes(grammar["repository"]) - seen == set()


def test_the_showcase_gets_exactly_these_scopes(textmate: None) -> None:
    """data/showcase.textmate.txt: each token's line, text and innermost scope (blanks left out)."""
    (lines,) = tokenize([SHOWCASE]).values()
    source = SHOWCASE.read_text(encoding="utf-8").split("\n")
    got = [f"{number + 1} {source[number][start:end]!r} {scopes[-1]}"
           for number, line in enumerate(lines) for start, end, scopes in line
           if source[number][start:end].strip()]
    expected = SHOWCASE.with_suffix(".textmate.txt").read_text(encoding="utf-8")
    assert got == expected.splitlines()
    assert _problems(SHOWCASE, lines) == []
