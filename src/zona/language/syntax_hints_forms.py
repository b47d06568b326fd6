"""Syntax errors that are a known slip in a declaration, a condition or an expression.

The rules of zona.language.syntax_hints, for the shapes of the language: a brace never
closed, an id after its label, options without commas, a predicate without `require`, a
fact, a predicate or a grade where it cannot stand, a condition that computes.
"""

from __future__ import annotations

import re

from zona.errors import Diagnostic, did_you_mean
from zona.language.syntax_hints import Rule
from zona.language.syntax_scan import balance, line_of, open_braces, unclosed_brace
from zona.language.syntax_site import DECLARATION_KEYWORDS, WORD_AT_START, Site
from zona.source import Span

_TOP_LEVEL = ("predicate", "scale", "fact", "grade", "view", "ruleset", "amend", "remove", "add",
              "move")
_CONDITION = "a condition compares one score, share, fact or grade with a constant"
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
    stack, _ = open_braces(site.text, site.start)
    inside = stack[-1].opens if stack else "a block"
    if site.type != "$END" and balance(site.text) <= 0 and site.found != "ruleset":
        return site.error(f"'{site.found}' cannot stand inside {inside}: declare each "
                          f"{site.found} at the top level of the file")
    brace = unclosed_brace(site.text, site.start)
    if brace is None:
        return None
    if site.type == "$END":
        noticed = "the file ends inside it" if stack[-1] == brace else \
            f"the file ends inside {inside}"
    else:
        where = "it" if stack[-1] == brace else inside
        noticed = (f"the parser noticed at line {line_of(site.text, at)}, where "
                   f"'{word}' cannot stand inside {where}")
    return site.error(f"this '{{' of {brace.opens} is never closed; {noticed}",
                      f"Add '}}' where {brace.opens} ends.",
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
    stack, _ = open_braces(site.text, site.start)
    opens = stack[-1].opens if stack else ""
    if opens.startswith("scale"):
        return site.error(f"missing ',' before '{site.found}': the options of {opens} are "
                          f"separated by commas", "Write `A = 1, B = 0.5`; options on "
                          "separate lines each end with ','.")
    if opens == "the levels of a fact":
        return site.error(f"missing ',' before '{site.found}': the levels of a fact are "
                          f"separated by commas, `{{ pemda, kementerian }}`")
    return None


def _ids_and_labels(site: Site) -> Diagnostic | None:
    keyword = site.previous_text if site.declares() else None
    if site.previous_text == "scale" and keyword is None and site.type == "STRING":
        named = re.search(r"\bscale\s+([A-Za-z_]\w*)\s+" + re.escape(site.found),
                          site.text)
        return site.error(f"a scale is named by its id, not its label: `scale "
                          f"{named.group(1) if named else 'ID'}`")
    if site.type == "STRING" and site.accepts("NAME") and keyword:
        after = WORD_AT_START.match(site.text[site.end:].lstrip())
        name = after.group() if after else "ID"
        return site.error(f"the id comes before the label: `{keyword} {name} {site.found}`")
    if site.type in ("NUMBER", "INT") and site.acceptable == {"NAME"} and keyword:
        word = re.match(r"[\w.]+", site.text[site.start:])
        written = word.group() if word else site.found
        fixed = re.sub(r"\W", "_", written)
        return site.error(f"an id starts with a letter or '_': write `{keyword} q{fixed}` "
                          f"rather than `{keyword} {written}`", None,
                          site.span(site.start, site.start + len(written)))
    declaring = re.search(r"\b(" + "|".join(DECLARATION_KEYWORDS) + r")\s+([A-Za-z_]\w*)$",
                          site.line_before)
    if declaring and site.found in ("-", ".") and site.start > 0 \
            and site.text[site.start - 1].isalnum():
        rest = re.match(r"[\w.-]*", site.text[site.start:])
        written = declaring.group(2) + (rest.group() if rest else "")
        return site.error(f"an id is one word of letters, digits and '_': write "
                          f"`{written.replace('-', '_').replace('.', '_')}`", None,
                          site.span(site.start - len(declaring.group(2)),
                                    site.start - len(declaring.group(2)) + len(written)))
    if keyword and site.acceptable == {"NAME"} and site.type not in ("NAME", "CHAR"):
        return site.error(f"'{keyword}' is followed by the id it declares (letters, digits "
                          f"and '_'): `{keyword} ID`")
    if site.previous_text == "ruleset" and site.type == "NAME":
        return site.error(f"the ruleset's id is quoted: `ruleset \"{site.found}\" {{`")
    if site.acceptable == {"RULESET"}:
        empty = "the file holds no ruleset: " if site.type == "$END" else ""
        return site.error(f"{empty}a ruleset file starts with its header, `ruleset \"ID\" "
                          f"{{ ... }}`, then its declarations")
    if site.type == "STRING" and site.previous_type == "STRING" and site.accepts("LBRACE"):
        return site.error("a declaration has one label; give other texts in its block: "
                          "`note \"...\"`, `criteria \"...\"` or `label en \"...\"`")
    if site.type == "STRING" and site.previous_text == "levels":
        return site.error("the label comes right after the id: `fact ID \"label\" levels "
                          "{ ... }`")
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
        return site.error(f'quote the label: `{declared} "{label}"`')
    if site.type in ("NUMBER", "INT"):
        written = f"{opener.group(2)}_{site.found}"
        return site.error(f"an id is one word of letters, digits and '_': write `{written}`")
    if not site.found.isalpha():
        return None
    member, brace, _ = (site.found + site.line_after).partition("{")
    more = " ..." if brace else ""
    return site.error(f"'{site.found}' goes inside the braces: `{head} {{ {member.strip()}"
                      f"{more} }}`")


def _blocks(site: Site) -> Diagnostic | None:
    if site.accepts("REQUIRE") and site.type not in ("RBRACE", "$END", "CHAR") \
            and (not site.line_before.strip() or site.previous_type == "LBRACE") \
            and not did_you_mean(site.found, ["require"]) and _inside(site, "predicate"):
        return site.error("each condition of a predicate starts with 'require': `require "
                          "total >= 75`")
    word = _WORDS.get(site.found.lower())
    if word and site.accepts(word.upper()) and site.type == "NAME":
        return site.error(f"write '{word}': the keywords are lowercase English words")
    if site.acceptable == {"EQUAL", "STRING"} and site.type != "CHAR":
        declaring = re.search(r"\b(derived|view)\s+([A-Za-z_]\w*)\s*$", site.line_before)
        if declaring:
            rest = (site.found + site.line_after).strip()
            return site.error(f"write '=' before the value: `{declaring.group(1)} "
                              f"{declaring.group(2)} = {rest}`")
    if site.acceptable == {"ELSE"}:
        return site.error("an 'if' needs an 'else': `if CONDITION then A else B`")
    if site.accepts("WHEN", "LEVEL") and site.type in ("NAME", "FACT", "GRADE", "SHARE",
                                                       "NOT", "LPAR", "PREDICATE"):
        return site.error("a level's condition starts with 'when': `level B when total >= 60`")
    if site.type == "EQUAL" and site.previous_text in (">", "<"):
        return site.error("a band is written `60 ..` (from 60) or `> 60 ..` (above 60); '>=' "
                          "is not used in bands", None, site.span(site.start - 1, site.end))
    if site.type == "RBRACE" and site.accepts("NAME", "INT") and not site.accepts("COMMA"):
        return site.error("a scale needs at least one option: `{ Ya = 1, Tidak = 0 }`")
    if site.previous_type == "SHARE" and site.acceptable == {"LPAR"}:
        return site.error(f"write `share({site.found})`, with parentheses")
    if site.type == "COMMA" and re.match(r"\s*view\s", site.line_before):
        return site.error("a view adds its parts with '+': `view v = a + b`")
    return None


def _inside(site: Site, keyword: str) -> bool:
    """Whether the innermost open block is a `keyword` declaration's."""
    stack, _ = open_braces(site.text, site.start)
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
        return site.error(f"'{site.found}' cannot be used in a condition: {_CONDITION}",
                          "To compare a sum of nodes, declare a view (`view ab = a + b`) and "
                          "compare it: `ab >= 80`.")
    if site.found == "(":
        return site.error(f"'{site.previous_text}()' cannot be used in a condition: "
                          f"{_CONDITION}",
                          "To decide on a rounded value, grade it (`grade g by "
                          "round(total, 2) { ... }`) and compare the grade.")
    if site.previous_type != "NAME":
        return None
    name = site.previous_text
    kind = _kind_of(site, name)
    where = _written(site)
    if kind == "predicate":
        return site.error(f"'{name}' is a predicate: in a condition write `predicate {name}`",
                          span=where)
    if kind == "yes/no fact":
        return site.error(f"fact '{name}' is yes or no: in a predicate compare it, `fact "
                          f"{name} == yes` (or `== no`)", span=where)
    if kind == "levels fact":
        return site.error(f"compare fact '{name}' with one of its levels: `fact {name} == "
                          f"...`", span=where)
    if kind == "grade":
        return site.error(f"compare grade '{name}' with one of its levels: `grade {name} >= "
                          f"...`", span=where)
    return site.error(f"{_CONDITION}: `total >= 75`, `share(a) >= 60%`, `fact kkn == yes`; "
                      f"or it names a predicate: `predicate WBK`", span=where)


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
        return site.error(f"a condition names what is compared first, then the threshold: "
                          f"write `{what} {_FLIPPED[op1]} {low} and {what} {op2} {high}`")
    single = re.match(rf"(\S+)\s*(<=|<|>=|>|==|!=)\s*({_QUANTITY.pattern})", rest)
    if single:
        number, op, what = single.groups()
        return site.error(f"a condition names what is compared first, then the threshold: "
                          f"write `{what} {_FLIPPED[op]} {number}`")
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
        return site.error(f"a threshold is a constant (a number, a percentage or a level), "
                          f"not `{written}`", None,
                          site.span(site.previous.start_pos or site.start, site.end))
    if re.search(r"share\(\s*$", before):
        return site.error(f"share() takes a node, a view or total, not `{written}`")
    if re.match(r"\s*view\s", before):
        return site.error(f"a view only adds up nodes, so it cannot take `{written}`",
                          "For a value computed from a fact, declare a derived value: "
                          "`derived v = a + fact faktor`.")
    if not site.accepts("STAR"):
        return None
    if word == "grade":
        return site.error(f"an expression cannot use `{written}`: a grade is a level, not a "
                          f"number",
                          "Compare grades in conditions: `require grade predikat >= B`.")
    if word == "predicate":
        return site.error(f"an expression cannot use `{written}`: a predicate is a verdict "
                          f"on the scores, and a score cannot depend on one",
                          f"Use it in another predicate (`require {written}`), or repeat "
                          f"its condition here: `if total >= 75 then 1 else 0`.")
    return None


RULES: tuple[Rule, ...] = (_unclosed, _misplaced_reference, _threshold_first, _condition,
                           _lists, _ids_and_labels, _blocks, _outside_braces)
