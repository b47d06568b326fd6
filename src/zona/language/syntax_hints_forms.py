"""Syntax errors that are a known slip in a declaration, a condition or an expression.

The rules of zona.language.syntax_hints, for the shapes of the language: a brace never
closed, an id after its label, options without commas, a predicate without `require`, a
fact, a predicate or a grade where it cannot stand, a condition that computes.
"""

from __future__ import annotations

import re

from zona.errors import Diagnostic, did_you_mean
from zona.i18n import _
from zona.language.syntax_hints import Rule
from zona.language.syntax_scan import balance, line_of, open_braces, said, unclosed_brace
from zona.language.syntax_site import DECLARATION_KEYWORDS, WORD_AT_START, Site
from zona.source import Span

_TOP_LEVEL = ("predicate", "scale", "fact", "grade", "view", "ruleset", "amend", "remove", "add",
              "move")
_QUANTITY = re.compile(r"(?:share\([A-Za-z_]\w*\)|(?:fact |grade )?[A-Za-z_]\w*)")
_WORDS = {"dan": "and", "atau": "or", "tidak": "not", "bukan": "not", "and": "and", "or": "or",
          "not": "not"}
_FLIPPED = {"<": ">", "<=": ">=", ">": "<", ">=": "<=", "==": "==", "!=": "!="}


def _unclosed(site: Site) -> Diagnostic | None:
    """A '{' never closed: reported at the brace, saying where the parser noticed."""
    as_name = _declaration_as_name(site)
    if not site.accepts("RBRACE") and as_name is None:
        return None
    if site.type != "$END" and site.found not in _TOP_LEVEL and as_name is None:
        return None
    word, at = as_name or (site.found, site.start)
    stack = open_braces(site.text, site.start)[0]
    inside = said(stack[-1].opens) if stack else _("a block")
    if site.type != "$END" and balance(site.text) <= 0 and site.found != "ruleset":
        return site.error(_("'{word}' cannot stand inside {inside}: declare each {word} at the "
                            "top level of the file", word=site.found, inside=inside))
    brace = unclosed_brace(site.text, site.start)
    if brace is None:
        return None
    opens, line = said(brace.opens), line_of(site.text, at)
    if site.type == "$END" and stack[-1] == brace:
        message = _("this '{{' of {opens} is never closed; the file ends inside it",
                    opens=opens)
    elif site.type == "$END":
        message = _("this '{{' of {opens} is never closed; the file ends inside {inside}",
                    opens=opens, inside=inside)
    elif stack[-1] == brace:
        message = _("this '{{' of {opens} is never closed; the parser noticed at line {line}, "
                    "where '{word}' cannot stand inside it", opens=opens, line=line, word=word)
    else:
        message = _("this '{{' of {opens} is never closed; the parser noticed at line {line}, "
                    "where '{word}' cannot stand inside {inside}", opens=opens, line=line,
                    word=word, inside=inside)
    return site.error(message, _("Add '}}' where {opens} ends.", opens=opens),
                      site.span(brace.offset, brace.offset + 1))


def _declaration_as_name(site: Site) -> tuple[str, int] | None:
    """A declaration's keyword at the start of a line that was read as a name (an option of
    a scale whose '}' is missing), when the file has more '{' than '}': the word, where."""
    for token in (site.previous, None):
        start = site.start if token is None else token.start_pos
        word = site.found if token is None else str(token)
        if start is not None and word in DECLARATION_KEYWORDS \
                and not site.text[site.text.rfind("\n", 0, start) + 1:start].strip():
            return (word, start) if balance(site.text) > 0 else None
    return None


def _lists(site: Site) -> Diagnostic | None:
    """Scale options or levels without a comma between them."""
    if not site.accepts("COMMA", "RBRACE") or site.type not in ("NAME", "INT", "NUMBER"):
        return None
    stack = open_braces(site.text, site.start)[0]
    opens = stack[-1].opens if stack else ""
    if opens.startswith("scale"):
        return site.error(_("missing ',' before '{word}': the options of {opens} are separated "
                            "by commas", word=site.found, opens=opens),
                          _("Write `A = 1, B = 0.5`; options on separate lines each end with "
                            "','."))
    if opens == "the levels of a fact":
        return site.error(_("missing ',' before '{word}': the levels of a fact are separated "
                            "by commas, `{{ pemda, kementerian }}`", word=site.found))
    return None


def _ids_and_labels(site: Site) -> Diagnostic | None:
    keyword = site.previous_text if site.declares() else None
    if site.previous_text == "scale" and keyword is None and site.type == "STRING":
        named = re.search(r"\bscale\s+([A-Za-z_]\w*)\s+" + re.escape(site.found),
                          site.text)
        return site.error(_("a scale is named by its id, not its label: `scale {name}`",
                            name=named.group(1) if named else "ID"))
    if site.type == "STRING" and site.accepts("NAME") and keyword:
        after = WORD_AT_START.match(site.text[site.end:].lstrip())
        name = after.group() if after else "ID"
        return site.error(_("the id comes before the label: `{keyword} {name} {label}`",
                            keyword=keyword, name=name, label=site.found))
    if site.type in ("NUMBER", "INT") and site.acceptable == {"NAME"} and keyword:
        word = re.match(r"[\w.]+", site.text[site.start:])
        written = word.group() if word else site.found
        fixed = re.sub(r"\W", "_", written)
        return site.error(_("an id starts with a letter or '_': write `{keyword} q{fixed}` "
                            "rather than `{keyword} {written}`", keyword=keyword, fixed=fixed,
                            written=written), None,
                          site.span(site.start, site.start + len(written)))
    declaring = re.search(r"\b(" + "|".join(DECLARATION_KEYWORDS) + r")\s+([A-Za-z_]\w*)$",
                          site.line_before)
    if declaring and site.found in ("-", ".") and site.start > 0 \
            and site.text[site.start - 1].isalnum():
        rest = re.match(r"[\w.-]*", site.text[site.start:])
        written = declaring.group(2) + (rest.group() if rest else "")
        return site.error(_("an id is one word of letters, digits and '_': write `{id}`",
                            id=written.replace("-", "_").replace(".", "_")), None,
                          site.span(site.start - len(declaring.group(2)),
                                    site.start - len(declaring.group(2)) + len(written)))
    if keyword and site.acceptable == {"NAME"} and site.type not in ("NAME", "CHAR"):
        return site.error(_("'{keyword}' is followed by the id it declares (letters, digits "
                            "and '_'): `{keyword} ID`", keyword=keyword))
    if site.previous_text == "ruleset" and site.type == "NAME":
        return site.error(_("the ruleset's id is quoted: `ruleset \"{id}\" {{`",
                            id=site.found))
    if site.acceptable == {"RULESET"} and site.type == "$END":
        return site.error(_("the file holds no ruleset: a ruleset file starts with its header, "
                            "{example}, then its declarations",
                            example='`ruleset "ID" { ... }`'))
    if site.acceptable == {"RULESET"}:
        return site.error(_("a ruleset file starts with its header, {example}, then its "
                            "declarations", example='`ruleset "ID" { ... }`'))
    if site.type == "STRING" and site.previous_type == "STRING" and site.accepts("LBRACE"):
        return site.error(_("a declaration has one label; give other texts in its block: "
                            "`note \"...\"`, `criteria \"...\"` or `label en \"...\"`"))
    if site.type == "STRING" and site.previous_text == "levels":
        return site.error(_("the label comes right after the id: {example}",
                            example='`fact ID "label" levels { ... }`'))
    return None


def _outside_braces(site: Site) -> Diagnostic | None:
    """`input n decimal 0..4`, `question q1 weight 30 { ... }`: a member before the '{'."""
    if not site.accepts("LBRACE") or not site.acceptable <= {"LBRACE", "STRING", "RANGE"}:
        return None
    opener = re.search(r"\b(" + "|".join(DECLARATION_KEYWORDS)
                       + r")\s+([A-Za-z_]\w*)(\s+\"[^\"]*\")?", site.line_before)
    if opener is None:
        return None
    declared = f"{opener.group(1)} {opener.group(2)}"
    head = declared + (' "..."' if opener.group(3) else "")
    if site.type == "NAME":
        words = re.match(r"[^{]*", site.found + site.line_after)
        label = (words.group() if words else site.found).strip()
        return site.error(_('quote the label: `{declared} "{label}"`', declared=declared,
                            label=label))
    if site.type in ("NUMBER", "INT"):
        written = f"{opener.group(2)}_{site.found}"
        return site.error(_("an id is one word of letters, digits and '_': write `{id}`",
                            id=written))
    if not site.found.isalpha():
        return None
    member, brace = (site.found + site.line_after).partition("{")[:2]
    more = " ..." if brace else ""
    example = f"`{head} {{ {member.strip()}{more} }}`"
    return site.error(_("'{word}' goes inside the braces: {example}", word=site.found,
                        example=example))


def _blocks(site: Site) -> Diagnostic | None:
    if site.accepts("REQUIRE") and site.type not in ("RBRACE", "$END", "CHAR") \
            and (not site.line_before.strip() or site.previous_type == "LBRACE") \
            and not did_you_mean(site.found, ["require"]) and _inside(site, "predicate"):
        return site.error(_("each condition of a predicate starts with 'require': `require "
                            "total >= 75`"))
    word = _WORDS.get(site.found.lower())
    if word and site.accepts(word.upper()) and site.type == "NAME":
        return site.error(_("write '{word}': the keywords are lowercase English words",
                            word=word))
    if site.acceptable == {"EQUAL", "STRING"} and site.type != "CHAR":
        declaring = re.search(r"\b(derived|view)\s+([A-Za-z_]\w*)\s*$", site.line_before)
        if declaring:
            rest = (site.found + site.line_after).strip()
            return site.error(_("write '=' before the value: `{keyword} {name} = {rest}`",
                                keyword=declaring.group(1), name=declaring.group(2),
                                rest=rest))
    if site.acceptable == {"ELSE"}:
        return site.error(_("an 'if' needs an 'else': `if CONDITION then A else B`"))
    if site.accepts("WHEN", "LEVEL") and site.type in ("NAME", "FACT", "GRADE", "SHARE",
                                                       "NOT", "LPAR", "PREDICATE"):
        return site.error(_("a level's condition starts with 'when': "
                            "`level B when total >= 60`"))
    if site.type == "EQUAL" and site.previous_text in (">", "<"):
        return site.error(_("a band is written `60 ..` (from 60) or `> 60 ..` (above 60); "
                            "'>=' is not used in bands"), None, site.span(site.start - 1, site.end))
    if site.type == "RBRACE" and site.accepts("NAME", "INT") and not site.accepts("COMMA"):
        return site.error(_("a scale needs at least one option: {example}",
                            example="`{ Ya = 1, Tidak = 0 }`"))
    if site.previous_type == "SHARE" and site.acceptable == {"LPAR"}:
        return site.error(_("write `share({name})`, with parentheses", name=site.found))
    if site.type == "COMMA" and re.match(r"\s*view\s", site.line_before):
        return site.error(_("a view adds its parts with '+': `view v = a + b`"))
    return None


def _inside(site: Site, keyword: str) -> bool:
    """Whether the innermost open block is a `keyword` declaration's."""
    stack = open_braces(site.text, site.start)[0]
    return bool(stack) and stack[-1].opens.startswith(keyword + " ")


def _kind_of(site: Site, name: str) -> str:
    before = site.before_previous()
    for word in ("fact", "grade", "predicate"):
        if re.search(rf"\b{word}\s+$", before):
            known = site.declared().get(name, "")
            return known if word == "fact" and known.endswith("fact") else word
    return site.declared().get(name, "")


def _condition(site: Site) -> Diagnostic | None:
    """A condition that computes, calls, or ends without comparing."""
    if not site.accepts("COMPARATOR") or len(site.acceptable) > 1:
        return None
    if site.found in ("+", "-", "*", "/"):
        return site.error(_("'{sign}' cannot be used in a condition: a condition compares one "
                            "score, share, fact or grade with a constant", sign=site.found),
                          _("To compare a sum of nodes, declare a view (`view ab = a + b`) and "
                            "compare it: `ab >= 80`."))
    if site.found == "(":
        return site.error(_("'{name}()' cannot be used in a condition: a condition compares "
                            "one score, share, fact or grade with a constant",
                            name=site.previous_text),
                          _("To decide on a rounded value, grade it ({example}) and compare "
                            "the grade.", example="`grade g by round(total, 2) { ... }`"))
    if site.previous_type != "NAME":
        return None
    name = site.previous_text
    kind = _kind_of(site, name)
    where = _written(site)
    if kind == "predicate":
        return site.error(_("'{name}' is a predicate: in a condition write "
                            "`predicate {name}`", name=name), span=where)
    if kind == "yes/no fact":
        return site.error(_("fact '{name}' is yes or no: in a predicate compare it, "
                            "`fact {name} == yes` (or `== no`)", name=name), span=where)
    if kind == "levels fact":
        return site.error(_("compare fact '{name}' with one of its levels: "
                            "`fact {name} == ...`", name=name), span=where)
    if kind == "grade":
        return site.error(_("compare grade '{name}' with one of its levels: "
                            "`grade {name} >= ...`", name=name), span=where)
    return site.error(_("a condition compares one score, share, fact or grade with a "
                        "constant: `total >= 75`, `share(a) >= 60%`, `fact kkn == yes`; or it "
                        "names a predicate: `predicate WBK`"), span=where)


def _written(site: Site) -> Span | None:
    """The span of the previous name, with the `fact ` or `grade ` before it."""
    token = site.previous
    if token is None or token.start_pos is None or token.end_pos is None:
        return None
    keyword = re.search(r"\b(fact|grade)\s+$", site.before_previous())
    start = token.start_pos - (len(keyword.group()) if keyword else 0)
    return site.span(start, token.end_pos)


def _threshold_first(site: Site) -> Diagnostic | None:
    if not site.accepts("EVERY") or site.type not in ("NUMBER", "PERCENT"):
        return None
    rest = site.text[site.start:site.start + len(site.found) + len(site.line_after)]
    chained = re.match(rf"(\S+)\s*(<=|<|>=|>)\s*({_QUANTITY.pattern})\s*(<=|<|>=|>)\s*(\S+)",
                       rest)
    if chained:
        low, op1, what, op2, high = chained.groups()
        return site.error(_("a condition names what is compared first, then the threshold: "
                            "write `{what} {op1} {low} and {what} {op2} {high}`", what=what,
                            op1=_FLIPPED[op1], low=low, op2=op2, high=high))
    single = re.match(rf"(\S+)\s*(<=|<|>=|>|==|!=)\s*({_QUANTITY.pattern})", rest)
    if single:
        number, op, what = single.groups()
        return site.error(_("a condition names what is compared first, then the threshold: "
                            "write `{what} {op} {number}`", what=what, op=_FLIPPED[op],
                            number=number))
    return None


def _misplaced_reference(site: Site) -> Diagnostic | None:
    """`fact x`, `grade g` or `predicate p` where it cannot stand."""
    word = site.previous_text
    if site.previous is None or site.previous_type != "NAME" \
            or word not in ("fact", "grade", "predicate") or site.type != "NAME":
        return None
    before = site.before_previous()
    written = f"{word} {site.found}"
    if re.search(r"(<=|<|>=|>|==|!=)\s*$", before):
        return site.error(_("a threshold is a constant (a number, a percentage or a level), "
                            "not `{written}`", written=written), None,
                          site.span(site.previous.start_pos or site.start, site.end))
    if re.search(r"share\(\s*$", before):
        return site.error(_("share() takes a node, a view or total, not `{written}`",
                            written=written))
    if re.match(r"\s*view\s", before):
        return site.error(_("a view only adds up nodes, so it cannot take `{written}`",
                            written=written),
                          _("For a value computed from a fact, declare a derived value: "
                            "`derived v = a + fact faktor`."))
    if not site.accepts("STAR"):
        return None
    if word == "grade":
        return site.error(_("an expression cannot use `{written}`: a grade is a level, not a "
                            "number", written=written),
                          _("Compare grades in conditions: `require grade predikat >= B`."))
    if word == "predicate":
        return site.error(_("an expression cannot use `{written}`: a predicate is a verdict "
                            "on the scores, and a score cannot depend on one", written=written),
                          _("Use it in another predicate (`require {written}`), or repeat "
                            "its condition here: `if total >= 75 then 1 else 0`.",
                            written=written))
    return None


RULES: tuple[Rule, ...] = (_unclosed, _misplaced_reference, _threshold_first, _condition,
                           _lists, _ids_and_labels, _blocks, _outside_braces)
