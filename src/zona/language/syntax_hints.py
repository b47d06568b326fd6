"""Syntax errors that are a known slip, said plainly: characters, numbers, dates, ranges.

Each rule reads a Site (zona.language.syntax_site) and returns a diagnostic that says what
is wrong and what to write instead, or None when the slip is not its own. The rules about
declarations, conditions and expressions are in zona.language.syntax_hints_forms.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from fractions import Fraction

from zona.errors import Diagnostic, did_you_mean
from zona.i18n import _
from zona.language.syntax_scan import span_at
from zona.language.syntax_site import NUMBER_AT_END, NUMBER_AT_START, WORD_AT_START, Site
from zona.numtext import exact_text

Rule = Callable[[Site], Diagnostic | None]

_SYMBOLS = {"&": "and", "|": "or", "!": "not", "\u2265": ">=", "\u2264": "<=", "\u2260": "!="}
_TYPOGRAPHIC_QUOTES = "\u201c\u201d\u201e\u201f\u00ab\u00bb\u2018\u2019\u201a"


def glued_keyword(site: Site, keywords: tuple[str, ...]) -> Diagnostic | None:
    """`requires total`: a keyword with letters glued to it (read as the keyword, then a
    name), reported as the unknown word it is."""
    for token in (site.previous, None):
        start = site.start if token is None else token.start_pos
        if (token is not None and token.type != "NAME") or start is None:
            continue
        found = glued_word(site.text, start, keywords)
        if found is not None:
            return found
    return None


def glued_word(text: str, start: int, keywords: tuple[str, ...]) -> Diagnostic | None:
    """The diagnostic for a word at `start` that is glued to a keyword before it."""
    if start == 0 or not WORD_AT_START.match(text, start):
        return None
    first = start
    while first > 0 and (text[first - 1].isalnum() or text[first - 1] == "_"):
        first -= 1
    prefix = text[first:start]
    match = WORD_AT_START.match(text, first)
    if first == start or prefix not in keywords or match is None:
        return None
    word = match.group()
    hint = did_you_mean(word, keywords) or _("Write '{prefix}' and a space.", prefix=prefix)
    return Diagnostic(_("'{word}' is not a keyword of the language", word=word), span_at(
        text, first, first + len(word)), hint, code="syntax")


def _percent(site: Site) -> Diagnostic | None:
    if site.found != "%":
        return None
    before = site.line_before
    weight = re.search(r"\bweight\s+([0-9]+(?:\.[0-9]+)?)$", before)
    if weight:
        number = weight.group(1)
        return site.error(_("a weight is a plain number, not a percentage: write "
                            "`weight {number}`", number=number),
                          _("The weights of a node's children add up to the node's weight."),
                          site.span(site.start - len(number), site.end))
    option = re.search(r"=\s*([0-9]+(?:\.[0-9]+)?)$", before)
    if option and site.accepts("COMMA"):
        number = option.group(1)
        value = exact_text(Fraction(number) / 100)
        return site.error(_("an option's value is a plain number, not a percentage: write "
                            "`= {value}` for {number}%", value=value, number=number),
                          _("A scale's values lie in 0..1, unless the scale has a `range`."),
                          site.span(site.start - len(number), site.end))
    spaced = re.search(r"([0-9]+(?:\.[0-9]+)?)\s+$", before)
    if spaced:
        return site.error(_("write a percentage without a space: `{number}%`",
                            number=spaced.group(1)))
    return None


def _decimal_comma(site: Site) -> Diagnostic | None:
    if site.type != "COMMA" or site.accepts("COMMA"):
        return None
    whole = NUMBER_AT_END.search(site.line_before)
    fraction = re.match(r"[0-9]+", site.text[site.end:])
    if not whole or not fraction or whole.end() != len(site.line_before):
        return None
    written = f"{whole.group()},{fraction.group()}"
    return site.error(_("'{written}' has a decimal comma; zona writes decimals with a point: "
                        "`{point}`", written=written, point=written.replace(",", ".")), None,
                      site.span(site.start - len(whole.group()), site.end + fraction.end()))


def _comparison(site: Site) -> Diagnostic | None:
    after = site.text[site.end:site.end + 1]
    if site.type == "EQUAL" and site.accepts("COMPARATOR"):
        if after in "<>" and after:
            return site.error(_("'={after}' is not a comparison: write '{after}='", after=after),
                              None,
                              site.span(site.start, site.end + 1))
        return site.error(_("'=' alone is not a comparison: write '==' for equal, or '>=', "
                            "'>', '<=', '<', '!='"))
    if site.found == ">" and site.previous_text == "<" and site.previous is not None \
            and site.previous.end_pos == site.start:
        return site.error(_("'<>' is not a comparison: write '!=' for not equal"), None,
                          site.span(site.start - 1, site.end))
    if site.type == "CHAR" and site.found in _SYMBOLS:
        if site.found == "!" and site.text[site.end:site.end + 1] == "=":
            return None
        word = _SYMBOLS[site.found]
        doubled = site.text[site.start:site.start + 2] == site.found * 2
        written = site.found * 2 if doubled else site.found
        return site.error(_("'{written}' is not part of the language: write '{word}'",
                            written=written, word=word), None,
                          site.span(site.start, site.start + len(written)))
    return None


def _quotes(site: Site) -> Diagnostic | None:
    if site.type != "CHAR":
        return None
    if site.found == "'":
        quoted = re.match(r"'([^'\n]*)'", site.text[site.start:])
        example = f'"{quoted.group(1)}"' if quoted else '"..."'
        return site.error(_("texts are quoted with double quotes: {example}", example=example))
    if site.found in _TYPOGRAPHIC_QUOTES:
        quoted = re.match(f"[{_TYPOGRAPHIC_QUOTES}]([^{_TYPOGRAPHIC_QUOTES}\\n]*)",
                          site.text[site.start:])
        example = f'"{quoted.group(1)}"' if quoted else '"..."'
        return site.error(_("'{quote}' is a typographic quote; quote texts with plain "
                            "double quotes: {example}", quote=site.found, example=example),
                          _("Word processors turn \" into \u201c \u201d: edit rulesets in a "
                            "plain-text editor."))
    return None


def _punctuation(site: Site) -> Diagnostic | None:
    if site.found == "/" and site.text[site.end:site.end + 1] == "/":
        comment = site.text[site.end + 1:site.end + 1 + len(site.line_after)].strip()
        return site.error(_("comments start with '#', not '//': `# {comment}`",
                            comment=comment), None,
                          site.span(site.start, site.end + 1))
    if site.found == ";":
        return site.error(_("zona needs no ';': separate members with a space or a new line"))
    if site.type == "COLON" and not site.accepts("COLON"):
        value = _next_value(site)
        if site.accepts("EQUAL") and not site.acceptable & {"NUMBER", "INT", "STRING"}:
            return site.error(_("write '=' here, not ':': `{word} = {value}`",
                                word=site.previous_text, value=value))
        return site.error(_("remove the ':': write `{word} {value}`", word=site.previous_text,
                            value=value))
    if site.type == "EQUAL" and not site.accepts("EQUAL") and site.previous is not None \
            and site.previous.type not in ("NAME", "STRING") and site.previous_text.isalpha() \
            and not site.declares():
        return site.error(_("remove the '=': write `{word} {value}`", word=site.previous_text,
                            value=_next_value(site)))
    if site.found == "[" and site.accepts("LBRACE"):
        return site.error(_("use braces here, not brackets: {example}",
                            example="`levels { pemda, kementerian }`"))
    return None


def _next_value(site: Site) -> str:
    """The quoted text, number or word after what was found."""
    after = re.match(r'\s*("[^"\n]*"|[^\s,;{}()]+)', site.text[site.end:])
    return after.group(1) if after else "..."


def _ranges(site: Site) -> Diagnostic | None:
    if not site.accepts("__ANON_0"):
        if site.found == "." and site.line_before.endswith(".."):
            return site.error(_("a range has two dots: write `0..4`, not `0...4`"), None,
                              site.span(site.start - 2, site.end))
        return None
    low = NUMBER_AT_END.search(site.line_before.rstrip())
    if site.found == "-" or site.found in ("to", "sampai", "hingga", "sd"):
        high = re.match(r"\s*(-?[0-9]+(?:\.[0-9]+)?)", site.text[site.end:])
        if low and high:
            written = f"{low.group()}..{high.group(1)}"
            return site.error(_("a range is written with two dots: `{written}`",
                                written=written))
        return site.error(_("a range is written with two dots: `0..4`"))
    if site.previous_type == "DATE" and site.previous is not None:
        return site.error(_("an effective period is written `effective {date} ..`, with '..' "
                            "(and the end date after it, if the period ends)",
                            date=site.previous_text), None,
                          site.span(site.previous.start_pos, site.previous.end_pos))
    return None


def _dates(site: Site) -> Diagnostic | None:
    if not site.accepts("DATE") or site.type not in ("NUMBER", "INT", "STRING", "NAME"):
        return None
    rest = site.text[site.start:site.start + 12]
    day_first = re.match(r"([0-9]{1,2})[-/.]([0-9]{1,2})[-/.]([0-9]{4})", rest)
    year_first = re.match(r"([0-9]{4})[-/.]([0-9]{1,2})[-/.]([0-9]{1,2})", rest)
    if day_first:
        day, month, year = day_first.groups()
        written = day_first.group()
    elif year_first:
        year, month, day = year_first.groups()
        written = year_first.group()
    else:
        return site.error(_("a date is written year first, YYYY-MM-DD, such as `2024-01-01`"))
    iso = f"{year}-{int(month):02d}-{int(day):02d}"
    return site.error(_("dates are written year first, YYYY-MM-DD: `{date}`", date=iso), None,
                      site.span(site.start, site.start + len(written)))


def _numbers(site: Site) -> Diagnostic | None:
    if site.type == "STRING" and (site.accepts("NUMBER") or site.accepts("INT")):
        inner = site.found.strip('"')
        if NUMBER_AT_START.fullmatch(inner):
            return site.error(_("write the number without quotes: `{number}`", number=inner))
    if site.found == "-" and site.previous_type == "WEIGHT":
        return site.error(_("a weight cannot be negative: it is a number of points, 0 or more"))
    if site.type == "NAME" and site.start > 0 and site.text[site.start - 1].isdigit():
        digits = NUMBER_AT_END.search(site.line_before)
        written = (digits.group() if digits else "") + site.found
        message = _("'{written}' is not a number (is the letter O typed for a zero?)",
                    written=written) if "o" in site.found.lower() else \
            _("'{written}' is not a number", written=written)
        return site.error(message, None,
                          site.span(site.start - len(written) + len(site.found), site.end))
    if site.found in ("x", "X", "\u00d7") and site.accepts("STAR"):
        return site.error(_("multiply with '*', not '{sign}'", sign=site.found))
    return None


RULES: tuple[Rule, ...] = (_percent, _decimal_comma, _comparison, _quotes, _punctuation,
                           _ranges, _dates, _numbers)
