"""Lark's syntax errors -> zona's diagnostics, in the language's own words.

Token names such as `LBRACE` or `$END` never reach the user: each terminal has a
display name, the acceptable tokens are worked out exactly (LALR's merged lookaheads
over-approximate), and a misspelt keyword gets a did-you-mean hint.
"""

from __future__ import annotations

import functools

import lark
from lark import Token

from zona.errors import Diagnostic
from zona.i18n import N_, _
from zona.language.grammar import parser as _lark_parser
from zona.language.syntax_site import Site
from zona.source import Source, Span

# How each terminal is named in messages.
_TERMINAL_WORDS = {
    "NAME": N_("a name"),
    "NUMBER": N_("a number"),
    "INT": N_("a whole number"),
    "PERCENT": N_("a percentage such as 60%"),
    "DATE": N_("a date such as 2021-12-31"),
    "STRING": N_("a quoted text"),
    "NODE_KIND": N_("a node (component, subcomponent, area, subarea, group, question, item)"),
    "AGGREGATION": N_("an aggregation (weighted, mean, sum)"),
    "POLICY": N_("a missing-answer policy (error, exclude, zero)"),
    "NA_POLICY": N_("a not-applicable policy (reweight, full, zero)"),
    "CHANGE": N_("how a plan may change it (free, up, down, fixed)"),
    "TEXT_KIND": N_("a text (label, criteria, cite, note)"),
    "LANG": N_("a language (en, id)"),
    "CHILD_QUANTITY": N_("a quantity (score, share)"),
    "COMPARATOR": N_("a comparison (>=, >, <=, <, ==, !=)"),
    "$END": N_("the end of the file"),
}
_MAX_EXPECTED = 8


def _describe_terminal(name: str) -> str:
    if name in _TERMINAL_WORDS:
        return _(_TERMINAL_WORDS[name])
    for terminal in _lark_parser().terminals:
        if terminal.name == name and isinstance(terminal.pattern, lark.lexer.PatternStr):
            return f"'{terminal.pattern.value}'"
    return name.lower()


# How a token that was found is named in messages.
_TOKEN_WORDS = {
    "NAME": N_("name '{token}'"),
    "NUMBER": N_("number '{token}'"),
    "INT": N_("whole number '{token}'"),
    "PERCENT": N_("percentage such as 60% '{token}'"),
    "DATE": N_("date such as 2021-12-31 '{token}'"),
}


def _describe_token(token: Token) -> str:
    if token.type == "$END":
        return _("end of the file")
    if token.type in _TOKEN_WORDS:
        return _(_TOKEN_WORDS[token.type], token=str(token))
    if token.type == "STRING":
        return _("quoted text")
    return f"'{token}'"


_CLOSERS = ("'}'", "')'")
_DECLARATION_START = {"FACT", "PREDICATE", "SCALE", "VIEW"}


def _expected(names: set[str]) -> str:
    if names >= _DECLARATION_START:
        return _("expected a declaration such as component, area, question, scale, input or "
                 "predicate")
    words = sorted({_describe_terminal(n) for n in names},
                   key=lambda w: (w not in _CLOSERS, w[0] != "'", w))
    if len(words) > _MAX_EXPECTED:
        shown = ", ".join(words[:_MAX_EXPECTED])
        return _("expected one of {words}, ...", words=shown)
    if len(words) == 1:
        return _("expected {word}", word=words[0])
    return _("expected {words} or {last}", words=", ".join(words[:-1]), last=words[-1])


def diagnose(error: lark.exceptions.UnexpectedInput, source: Source) -> Diagnostic:
    """The first syntax error, in the language's own words, at its place: a known slip
    (zona.language.syntax_hints) says what to write instead."""
    site = _site(error, source.text)
    if site is not None:
        better = _known_slip(site)
        if better is not None:
            return better
    line, column = error.line, error.column
    if isinstance(error, lark.exceptions.UnexpectedToken):
        token = error.token
        if token.type == "$END":
            line, column = _end_position(source.text)
        acceptable = _acceptable(error)
        message = _("unexpected {found}; {expected}", found=_describe_token(token),
                    expected=_expected(acceptable))
        if token.type == "RBRACE" and acceptable >= _DECLARATION_START:
            message = _("unexpected {close}: there is no open {open} for it to close",
                        close="'}'", open="'{'")
        hint = _keyword_hint(str(token), acceptable) if token.type == "NAME" else None
        width = max(1, len(str(token))) if token.type != "$END" else 1
        return Diagnostic(message, Span(line, column, line, column + width - 1), hint,
                          code="syntax")
    if isinstance(error, lark.exceptions.UnexpectedCharacters):
        position = error.pos_in_stream or 0
        char = source.text[position] if position < len(source.text) else ""
        if char == '"':
            message = _('unterminated text: a quoted text must close with " on the same line '
                        '(use """ for text over several lines)')
        else:
            allowed = _accepts_before(source.text, position) or set(error.allowed or ())
            message = _("unexpected character {char}", char=repr(char))
            if allowed:
                message = _("unexpected character {char}; {expected}", char=repr(char),
                            expected=_expected(allowed))
        return Diagnostic(message, Span.point(line, column), code="syntax")
    line, column = _end_position(source.text)
    return Diagnostic(_("unexpected end of the file"), Span.point(line, column), code="syntax")


def _site(error: lark.exceptions.UnexpectedInput, text: str) -> Site | None:
    """Where the parser stopped, for the rules of zona.language.syntax_hints."""
    history = getattr(error, "token_history", None) or ()
    previous = history[-1] if history else None
    if isinstance(error, lark.exceptions.UnexpectedToken):
        token = error.token
        if token.type == "$END":
            start = len(text.rstrip())
            return Site(text, start, start, "", "$END", frozenset(_acceptable(error)), previous)
        start = token.start_pos if token.start_pos is not None else 0
        end = token.end_pos if token.end_pos is not None else start + len(str(token))
        return Site(text, start, end, str(token), token.type,
                    frozenset(_acceptable(error)), previous)
    if isinstance(error, lark.exceptions.UnexpectedCharacters):
        position = error.pos_in_stream or 0
        if position >= len(text):
            return None
        allowed = _accepts_before(text, position) or set(error.allowed or ())
        return Site(text, position, position + 1, text[position], "CHAR", frozenset(allowed),
                    previous)
    return None


def glued(tree: lark.Tree[Token], source: Source) -> Diagnostic | None:
    """A parsed text in which a keyword has letters glued to it (`requirement >= 5` reads as
    `require ment >= 5`): the first such word, as an error."""
    from zona.language.syntax_hints import glued_word

    for token in tree.scan_values(lambda value: isinstance(value, Token)):
        if token.start_pos:
            found = glued_word(source.text, token.start_pos, _keywords())
            if found is not None:
                return found
    return None


def _known_slip(site: Site) -> Diagnostic | None:
    """The first rule of syntax_hints and syntax_hints_forms that knows this slip."""
    from zona.language import syntax_hints, syntax_hints_forms

    found = syntax_hints.glued_keyword(site, _keywords())
    for rule in (*syntax_hints.RULES, *syntax_hints_forms.RULES):
        if found is not None:
            return found
        found = rule(site)
    return found


@functools.cache
def _keywords() -> tuple[str, ...]:
    """Every keyword of the language (the words the grammar spells out)."""
    words = {t.pattern.value for t in _lark_parser().terminals
             if isinstance(t.pattern, lark.lexer.PatternStr) and t.pattern.value.isalpha()}
    for contextual in _CONTEXTUAL_WORDS.values():
        words.update(contextual)
    return tuple(sorted(words))


def _keyword_hint(word: str, acceptable: set[str]) -> str | None:
    """`Did you mean 'component'?` for a misspelt keyword."""
    from zona.errors import did_you_mean

    keywords: list[str] = []
    for terminal in _lark_parser().terminals:
        if terminal.name not in acceptable:
            continue
        if isinstance(terminal.pattern, lark.lexer.PatternStr):
            keywords.append(terminal.pattern.value)
        elif terminal.name in _CONTEXTUAL_WORDS:
            keywords.extend(_CONTEXTUAL_WORDS[terminal.name])
    words = [k for k in keywords if k.isidentifier()]
    return did_you_mean(word, words) if words else None


_CONTEXTUAL_WORDS = {
    "NODE_KIND": ("component", "subcomponent", "area", "subarea", "group", "question", "item"),
    "AGGREGATION": ("mean", "sum"),
    "POLICY": ("error", "exclude", "zero"),
    "CHANGE": ("free", "up", "down", "fixed"),
    "TEXT_KIND": ("label", "criteria", "cite", "note"),
}


def _accepts_before(text: str, position: int) -> set[str]:
    """The tokens the parser accepts at a position, found by parsing the text before it."""
    try:
        interactive = _lark_parser().parse_interactive(text[:position])
        interactive.exhaust_lexer()
        return set(interactive.accepts())  # type: ignore[no-untyped-call]
    except Exception:  # best effort: the caller falls back to the lexer's list
        return set()


def _acceptable(error: lark.exceptions.UnexpectedToken) -> set[str]:
    """The tokens really acceptable here (LALR's merged lookaheads over-approximate)."""
    try:
        accepted = set(error.interactive_parser.accepts())  # type: ignore[no-untyped-call]
    except Exception:  # the interactive parser is best effort; fall back to the table
        accepted = set()
    return accepted or set(error.expected)


def _end_position(text: str) -> tuple[int, int]:
    lines = text.splitlines() or [""]
    stripped = text.rstrip()
    if not stripped:
        return 1, 1
    lines = stripped.splitlines()
    return len(lines), len(lines[-1]) + 1
