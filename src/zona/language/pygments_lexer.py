"""A Pygments lexer for zona rulesets, registered as `zona` through the `pygments.lexers`
entry point (so ```zona fences highlight in the docs site and in notebooks).

Pygments imports this module through the entry point (or a test does): it needs the
`highlight` extra and is imported by nothing else in zona. The rules mirror the VS Code
grammar (editors/vscode/syntaxes/zona.tmLanguage.json): zona's keywords are contextual,
so a keyword is recognised in the shape the grammar gives it and any other word is an id.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

from pygments.lexer import RegexLexer, bygroups, include
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
)

__all__ = ["ZonaLexer"]

_ID = r"[A-Za-z_][A-Za-z0-9_]*"
_STRING = r'"(?:[^"\\\n]|\\.)*"'
_NODE_KINDS = r"(?:component|subcomponent|area|subarea|group|question|item)"
_SP = r"(\s+)"
# bygroups has no annotations in types-Pygments: called through a typed name.
_groups: Callable[..., Any] = bygroups


def _declaration(keyword: str, lookahead: str, name: object) -> tuple[str, object]:
    """`KEYWORD ID` when what follows is `lookahead`: the keyword and the declared id."""
    return (rf"\b({keyword}){_SP}({_ID})\b(?=\s*(?:{lookahead}))",
            _groups(Keyword.Declaration, Whitespace, name))


def _reference(keyword: str, name: object = Name) -> tuple[str, object]:
    """`KEYWORD ID` that names something declared elsewhere."""
    return rf"\b({keyword}){_SP}({_ID})\b", _groups(Keyword, Whitespace, name)


class ZonaLexer(RegexLexer):
    """zona rulesets (`.zona`): the rules language of zona (Zona Integritas and other rubrics)."""

    name = "zona"
    aliases: ClassVar[list[str]] = ["zona"]
    filenames: ClassVar[list[str]] = ["*.zona"]
    mimetypes: ClassVar[list[str]] = ["text/x-zona"]

    tokens: ClassVar[dict[str, list[Any]]] = {
        "root": [
            (r"\s+", Whitespace),
            (r"#[^\n]*", Comment.Single),
            (r'"""', String.Double, "triple"),
            (r'"(?:[^"\\\n]|\\.)*$', Error),
            (r'"', String.Double, "string"),
            include("declaration"),
            include("attribute"),
            include("condition"),
            include("expression"),
            include("literal"),
            (r"\.\.", Operator),
            (r"[<>]=?|==|!=|[-+*/=]", Operator),
            (r"[{}(),:]", Punctuation),
            (rf"\b{_ID}(?=\s*=(?!=))", Name.Constant),
            (rf"\b{_ID}\b", Name),
        ],
        "triple": [
            (r'"""', String.Double, "#pop"),
            (r'[^"]+|"', String.Double),
        ],
        "string": [
            (r'"', String.Double, "#pop"),
            (r'\\["\\nt]', String.Escape),
            (r"\\.", Error),
            (r'[^"\\\n]+', String.Double),
        ],
        "declaration": [
            (r'\b(ruleset)(?=\s*")', Keyword.Declaration),
            (r'\b(extends)(?=\s*")', Keyword),
            _declaration(_NODE_KINDS, r'"|\{', Name.Function),
            _declaration("scale", r'"|\{|range\b', Name.Class),
            _declaration("fact", r'"|yesno\b|number\b|levels\b', Name.Variable),
            _declaration("input", r'"|\{', Name.Variable),
            _declaration("derived", r'"|=', Name.Function),
            _declaration("view", r'"|=|\{', Name.Function),
            _declaration("predicate", r'"|\{', Name.Function),
            _declaration("grade", r'"|\{|by\b', Name.Function),
            (rf"\b(level){_SP}(?:({_ID})|([0-9]+))\b",
             _groups(Keyword.Declaration, Whitespace, Name.Constant, Number.Integer)),
            (rf"\b({_ID})(\s*)(=)(\s*)(na)\b",
             _groups(Name.Constant, Whitespace, Operator, Whitespace, Keyword.Constant)),
            (rf"\b(amend|remove){_SP}({_ID})\b", _groups(Keyword, Whitespace, Name)),
            (rf"\b(add){_SP}(to){_SP}({_ID})\b",
             _groups(Keyword, Whitespace, Keyword, Whitespace, Name)),
            (rf"\b(move){_SP}({_ID}){_SP}(to){_SP}({_ID})\b",
             _groups(Keyword, Whitespace, Name, Whitespace, Keyword, Whitespace, Name)),
        ],
        "attribute": [
            (r'\b(title|label|criteria|cite|note)(?:(\s+)(en|id))?(?=\s*")',
             _groups(Keyword, Whitespace, Keyword.Pseudo)),
            (r'\b(regulation|assumed)(?=\s*")', Keyword),
            (r"\b(effective|maximum)(?=\s*[0-9])", Keyword),
            (r"\b(assessors)(?=\s+[A-Za-z_])", Keyword),
            (rf"\b(missing){_SP}(error|exclude|zero)\b",
             _groups(Keyword, Whitespace, Keyword.Pseudo)),
            (rf"\b(na){_SP}(reweight|full|zero)\b", _groups(Keyword, Whitespace, Keyword.Pseudo)),
            (rf"\b(change){_SP}(free|up|down|fixed)\b",
             _groups(Keyword, Whitespace, Keyword.Pseudo)),
            (r'\b(measured|numbering)(?:(\s+)(en|id))?(?=\s*")',
             _groups(Keyword, Whitespace, Keyword.Pseudo)),
            (rf"\b(measured){_SP}(no)\b", _groups(Keyword, Whitespace, Keyword.Constant)),
            (r"\b(measured)(?=\s*(?:[{}#]|$|[a-z]+\b(?!\s*[-+*/=<>!(),:])))", Keyword),
            (rf"\b(aggregate){_SP}(weighted|mean|sum)\b",
             _groups(Keyword, Whitespace, Keyword.Pseudo)),
            (r"\b(weight)(?=\s*(?:[0-9]|=(?!=)))", Keyword),
            (r"\b(score)(?=\s*=(?!=))", Keyword),
            _reference("scale"),
            (r"\b(soal)(?=\s*[0-9])", Keyword),
            (r"\b(range)(?=\s*-?\s*[0-9])", Keyword),
            (r"\b(decimal|number)(?=\s*(?:-?\s*[0-9]|[{}#]|$))", Keyword.Type),
            (r"\b(levels)(?=\s*\{)", Keyword.Type),
            (r"\b(yesno|count)(?=\s*(?:[{}#]|$|[a-z]+\b(?!\s*[-+*/=<>!(),:])))", Keyword.Type),
            (rf"\b(from)(\s*)({_STRING})(\s*)(?:(grade)|(score|share))(?=\s+[A-Za-z_])",
             _groups(Keyword, Whitespace, String.Double, Whitespace, Keyword, Keyword)),
            (r'\b(from)(?=\s*")', Keyword),
            (r"\b(require|by|when)\b", Keyword),
        ],
        "condition": [
            (rf"\b(every){_SP}(child){_SP}(of){_SP}({_ID})\b",
             _groups(Keyword, Whitespace, Keyword, Whitespace, Keyword, Whitespace, Name)),
            (rf"\b(every){_SP}({_NODE_KINDS}){_SP}(under){_SP}({_ID})\b",
             _groups(Keyword, Whitespace, Keyword.Declaration, Whitespace, Keyword, Whitespace,
                      Name)),
            (r"(:)(\s*)(score|share)\b", _groups(Punctuation, Whitespace, Keyword)),
            (r"\bevery\b", Keyword),
            _reference("fact"),
            _reference("predicate"),
            _reference("grade"),
            (r"\b(yes|no)\b", Keyword.Constant),
        ],
        "expression": [
            (r"\b(if|then|else)\b", Keyword),
            (r"\b(and|or|not)\b", Operator.Word),
            (r"\b(share)(?=\s*\()", Keyword),
            (r"\b(min|max|divide|round|floor|ceil)(?=\s*\()", Name.Builtin),
            (r"\b(half_up|half_even|half_down)\b", Name.Constant),
            (rf"\b{_ID}(?=\s*\()", Name.Function),
            (r"\btotal\b", Name.Builtin.Pseudo),
        ],
        "literal": [
            (r"\b[0-9]{4}-[0-9]{2}-[0-9]{2}\b", Literal.Date),
            (r"\b[0-9]+(?:\.[0-9]+)?%", Number),
            (r"\b[0-9]+\.[0-9]+\b", Number.Float),
            (r"\b[0-9]+\b", Number.Integer),
        ],
    }
