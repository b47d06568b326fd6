"""The highlighting every zona keyword must get, shared by the TextMate and Pygments tests.

KEYWORDS names every word of grammar/zona.lark (its quoted keywords and the words of its
contextual terminals); a test fails when the grammar gains a word this table lacks.
"""

from __future__ import annotations

import re

from pygments.token import Keyword, Operator, Punctuation, _TokenType

from zona.language.grammar import grammar_text

_NODE_KINDS = ("component", "subcomponent", "area", "subarea", "group", "question", "item")


_DECLARES_OR_NAMES = (Keyword.Declaration, Keyword)  # `scale x {` declares, `scale x` names


def _table(*groups: tuple[tuple[str, ...], tuple[str, ...], _TokenType | tuple[_TokenType, ...]]
           ) -> dict[str, tuple[tuple[str, ...], tuple[_TokenType, ...]]]:
    return {word: (scopes, token if isinstance(token, tuple) else (token,))
            for words, scopes, token in groups for word in words}


# word -> (the TextMate scopes it may get, the Pygments token types it may get)
KEYWORDS = _table(
    (("ruleset",), ("storage.type.ruleset.zona",), Keyword.Declaration),
    (("extends",), ("keyword.other.extends.zona",), Keyword),
    (_NODE_KINDS, ("storage.type.node.zona",), Keyword.Declaration),
    (("scale",), ("storage.type.scale.zona", "keyword.other.scale.zona"), _DECLARES_OR_NAMES),
    (("fact",), ("storage.type.fact.zona", "keyword.other.fact.zona"), _DECLARES_OR_NAMES),
    (("input",), ("storage.type.input.zona",), Keyword.Declaration),
    (("derived",), ("storage.type.derived.zona",), Keyword.Declaration),
    (("view",), ("storage.type.view.zona",), Keyword.Declaration),
    (("predicate",), ("storage.type.predicate.zona", "keyword.other.predicate.zona"),
     _DECLARES_OR_NAMES),
    (("grade",), ("storage.type.grade.zona", "keyword.other.grade.zona"), _DECLARES_OR_NAMES),
    (("level",), ("storage.type.level.zona",), Keyword.Declaration),
    (("title", "label", "criteria", "note", "regulation"), ("keyword.other.text.zona",),
     Keyword),
    (("cite",), ("keyword.other.cite.zona",), Keyword),
    (("en", "id"), ("constant.other.language-code.zona",), Keyword.Pseudo),
    (("assumed",), ("keyword.other.assumed.zona",), Keyword),
    (("effective",), ("keyword.other.effective.zona",), Keyword),
    (("maximum",), ("keyword.other.maximum.zona",), Keyword),
    (("assessors",), ("keyword.other.assessors.zona",), Keyword),
    (("missing",), ("keyword.other.missing.zona",), Keyword),
    (("aggregate",), ("keyword.other.aggregate.zona",), Keyword),
    (("weight",), ("keyword.other.weight.zona",), Keyword),
    (("soal",), ("keyword.other.soal.zona",), Keyword),
    (("range",), ("keyword.other.range.zona",), Keyword),
    (("from",), ("keyword.other.from.zona",), Keyword),
    (("require",), ("keyword.other.require.zona",), Keyword),
    (("score",), ("keyword.other.score.zona", "keyword.other.quantity.zona"), Keyword),
    (("share",), ("support.function.share.zona", "keyword.other.quantity.zona"), Keyword),
    (("na",), ("keyword.other.na.zona", "constant.language.na.zona"), (Keyword, Keyword.Constant)),
    (("error", "exclude", "zero", "reweight", "full"), ("constant.other.policy.zona",),
     Keyword.Pseudo),
    (("weighted", "mean", "sum"), ("constant.other.aggregation.zona",), Keyword.Pseudo),
    (("change", "measured", "numbering"), ("keyword.other.change.zona",), Keyword),
    (("free", "up", "down", "fixed"), ("constant.other.change.zona",), Keyword.Pseudo),
    (("count", "decimal", "yesno", "number", "levels"), ("support.type.zona",), Keyword.Type),
    (("amend", "remove", "add", "to", "move"), ("keyword.other.amendment.zona",), Keyword),
    (("every", "child", "of", "under"), ("keyword.other.every.zona",), Keyword),
    (("by", "when"), ("keyword.other.grade.zona",), Keyword),
    (("if", "then", "else"), ("keyword.control.conditional.zona",), Keyword),
    (("and", "or", "not"), ("keyword.operator.logical.zona",), Operator.Word),
    (("yes", "no"), ("constant.language.boolean.zona",), Keyword.Constant),
)
# operator or punctuation text -> its TextMate scope
OPERATORS = {
    "{": "punctuation.section.block.begin.zona", "}": "punctuation.section.block.end.zona",
    "(": "punctuation.section.parens.begin.zona", ")": "punctuation.section.parens.end.zona",
    ",": "punctuation.separator.comma.zona", ":": "punctuation.separator.colon.zona",
    "..": "keyword.operator.range.zona", "=": "keyword.operator.assignment.zona",
    **{op: "keyword.operator.arithmetic.zona" for op in "+-*/"},
    **{op: "keyword.operator.comparison.zona" for op in ("<", ">", "<=", ">=", "==", "!=")},
}
# What an id may be highlighted as (never as a keyword).
NAME_SCOPES = ("entity.name.", "variable.", "support.function.builtin.zona",
               "support.constant.rounding-mode.zona")
# operator or punctuation text -> its Pygments token type
PYGMENTS_OPERATORS = {op: Punctuation if op in "{}(),:" else Operator for op in OPERATORS}


def grammar_words() -> set[str]:
    """Every word of grammar/zona.lark: quoted keywords and the words of keyword terminals."""
    text = "\n".join(line.split("//")[0] for line in grammar_text().splitlines())
    words = set(re.findall(r'"([a-z_]+)"', text))
    for alternatives in re.findall(r"^[A-Z_]+(?:\.\d+)?:\s*/\(([a-z_|]+)\)\\b/", text, re.M):
        words.update(alternatives.split("|"))
    return words
