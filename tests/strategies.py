"""Hypothesis strategies for zona.

Three families:

* `any_modules()`: syntax trees of every shape the grammar can write (not necessarily
  meaningful), for the parse/unparse round trip.
* `valid_rulesets()`: rulesets that are valid by construction (weights that sum, no
  cycles, thresholds within reach, monotone item expressions), returned as a `Generated`
  record with what the properties need to know about the inputs, plus `answer_sheets()`.
  They live in zona.testing.generated (public, for authors' own properties) and are
  re-exported here.
* `grammar_texts()`: texts drawn from the grammar itself (hypothesis.extra.lark).
"""

from __future__ import annotations

import re
from fractions import Fraction
from typing import Any

import lark
from hypothesis import strategies as st
from hypothesis.extra.lark import from_lark

from zona.language import grammar as _grammar
from zona.language import syntax as s
from zona.language import unparse
from zona.testing.generated import (
    Generated,
    _bin,
    _call,
    _num,
    _ref,
    valid_rulesets,
)
from zona.testing.generated import generated_sheets as answer_sheets
from zona.testing.generated_texts import (
    INNER_KINDS,
    LINE_SEPARATORS,
    assumed,
    langs,
    texts,
)

__all__ = ["INNER_KINDS", "LINE_SEPARATORS", "Generated", "_bin", "_call", "_num", "_ref",
           "answer_sheets", "assumed", "langs", "texts", "valid_rulesets"]

# --- names -------------------------------------------------------------------

_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")

#: Literal keywords of the grammar ("ruleset", "if", "share", ...): reserved.
KEYWORDS = frozenset(
    t.pattern.value for t in _grammar.parser().terminals
    if isinstance(t.pattern, lark.lexer.PatternStr) and _NAME.fullmatch(t.pattern.value))

#: Words of the regex terminals (NODE_KIND, AGGREGATION, ...): contextual, so usable as
#: ids according to the grammar's own comment.
CONTEXTUAL = ("component", "subcomponent", "area", "subarea", "group", "question", "item",
              "mean", "sum", "error", "exclude", "zero", "label", "criteria", "cite", "note",
              "en", "id", "weighted", "reweight", "full")

NODE_KINDS = ("component", "subcomponent", "area", "subarea", "group", "question", "item")
COMPARATORS = ("==", "!=", "<", "<=", ">", ">=")
ARITHMETIC = ("+", "-", "*", "/")

names = st.one_of(
    st.from_regex(r"[A-Za-z_][A-Za-z0-9_]{0,7}", fullmatch=True),
    st.sampled_from(CONTEXTUAL),
).filter(lambda n: n not in KEYWORDS)

def decimals(max_value: int = 10_000, places: int = 3) -> st.SearchStrategy[Fraction]:
    """Non-negative numbers with a finite decimal form (what the grammar can write)."""
    return st.builds(lambda n, k: Fraction(n, 10**k),
                     st.integers(0, max_value), st.integers(0, places))


signed_decimals = st.builds(lambda f, neg: -f if neg else f, decimals(), st.booleans())

# --- any syntax tree (round trip) --------------------------------------------

labels = st.none() | texts
text_members = st.builds(s.Text, kind=st.sampled_from(("label", "criteria", "cite", "note")),
                         text=texts, lang=langs)


def syntax_modules(names: st.SearchStrategy[str] = names) -> st.SearchStrategy[s.Module]:
    """Syntax trees of every shape the grammar can write, with ids drawn from `names`."""
    expr_leaves = st.one_of(
        st.builds(s.Number, value=decimals()),
        st.builds(s.Percent, value=decimals()),
        st.builds(s.Ref, name=names),
        st.builds(s.FactRef, name=names),
        st.builds(s.ShareRef, name=names),
    )

    def _extend_expr(children: st.SearchStrategy[s.Expr]) -> st.SearchStrategy[s.Expr]:
        return st.one_of(
            st.builds(s.Negate, operand=children),
            st.builds(s.Not, operand=children),
            st.builds(s.Binary, op=st.sampled_from((*ARITHMETIC, *COMPARATORS, "and", "or")),
                      left=children, right=children),
            st.builds(s.If, test=children, then=children, otherwise=children),
            st.builds(s.Call, function=st.one_of(st.sampled_from(("min", "max", "divide")), names),
                      args=st.lists(children, max_size=3).map(tuple)),
        )

    any_exprs = st.recursive(expr_leaves, _extend_expr, max_leaves=10)

    thresholds = st.one_of(
        st.builds(s.NumberThreshold, value=decimals()),
        st.builds(s.PercentThreshold, value=decimals()),
        st.builds(s.LevelThreshold, name=names),
        st.builds(s.YesNoThreshold, value=st.booleans()),
    )

    condition_leaves = st.one_of(
        st.builds(s.Comparison,
                  quantity=st.one_of(st.builds(s.ScoreOf, name=names),
                                     st.builds(s.ShareOf, name=names),
                                     st.builds(s.FactOf, name=names),
                                     st.builds(s.GradeOf, name=names)),
                  op=st.sampled_from(COMPARATORS), threshold=thresholds),
        st.builds(s.EveryChild, group=names, quantity=st.sampled_from(("score", "share")),
                  op=st.sampled_from(COMPARATORS), threshold=thresholds),
        st.builds(s.EveryUnder, kind=st.sampled_from(NODE_KINDS), group=names,
                  quantity=st.sampled_from(("score", "share")),
                  op=st.sampled_from(COMPARATORS), threshold=thresholds),
        st.builds(s.PredicateRef, name=names),
    )

    def _extend_condition(children: st.SearchStrategy[s.Condition]) -> st.SearchStrategy[Any]:
        return st.one_of(
            st.builds(s.CondAnd, left=children, right=children),
            st.builds(s.CondOr, left=children, right=children),
            st.builds(s.CondNot, operand=children),
        )

    any_conditions = st.recursive(condition_leaves, _extend_condition, max_leaves=6)

    weights = st.builds(s.Weight, value=decimals())
    ranges = st.tuples(signed_decimals, signed_decimals)
    count_types = st.builds(s.CountType)
    decimal_types = ranges.map(lambda r: s.DecimalType(low=r[0], high=r[1]))
    scale_refs = st.builds(s.ScaleRef, name=names)
    soals = st.builds(s.Soal, number=st.integers(0, 10**6))
    policies = st.builds(s.MissingPolicy, policy=st.sampled_from(("error", "exclude", "zero")))
    aggregates = st.builds(s.Aggregate, how=st.sampled_from(("mean", "sum", "weighted")))
    na_policies = st.builds(s.NaPolicy, policy=st.sampled_from(("reweight", "full", "zero")))
    weight_exprs = st.builds(s.WeightIs, expr=any_exprs)
    score_is = st.builds(s.ScoreIs, expr=any_exprs)
    requires = st.builds(s.Require, condition=any_conditions)

    header_attrs = st.one_of(
        st.builds(s.Title, text=texts, lang=langs),
        st.builds(s.Regulation, text=texts),
        st.builds(lambda a, b, open_: s.Effective(start=a, end=None if open_ else b),
                  st.dates(), st.dates(), st.booleans()),
        st.builds(s.Maximum, value=decimals()),
        policies,
        na_policies,
        text_members,
        assumed,
    )
    #: `extends ""` is left out: unparse drops an empty extends (see
    #: test_properties.test_round_trip_empty_extends).
    headers = st.builds(s.Header, id=texts, extends=st.none() | texts.filter(bool),
                        attrs=st.lists(header_attrs, max_size=4).map(tuple))

    trailing_texts = st.lists(st.one_of(text_members, assumed), max_size=2).map(tuple)
    input_decls = st.builds(
        s.InputDecl, name=names, label=labels,
        members=st.lists(st.one_of(count_types, decimal_types, scale_refs, soals, text_members,
                                   assumed), max_size=3).map(tuple))
    derived_decls = st.builds(s.DerivedDecl, name=names, label=labels, expr=any_exprs,
                              texts=trailing_texts)

    def _extend_nodes(children: st.SearchStrategy[s.NodeDecl]) -> st.SearchStrategy[s.NodeDecl]:
        member = st.one_of(weights, aggregates, score_is, scale_refs, soals, policies, text_members,
                           assumed, input_decls, derived_decls, children, na_policies,
                           weight_exprs)
        return st.builds(s.NodeDecl, kind=st.sampled_from(NODE_KINDS), name=names, label=labels,
                         members=st.lists(member, max_size=4).map(tuple))

    any_nodes = st.recursive(
        st.builds(s.NodeDecl, kind=st.sampled_from(NODE_KINDS), name=names, label=labels,
                  members=st.lists(st.one_of(weights, scale_refs, text_members), max_size=2)
                  .map(tuple)),
        _extend_nodes, max_leaves=6)

    scale_options = st.one_of(
        st.builds(s.ScaleOption, name=names, value=decimals(), label=labels),
        st.builds(s.ScaleOption, name=names, value=st.none(), na=st.just(True), label=labels),
        st.builds(lambda number, value, na, label: s.ScaleOption(
            name=number, value=None if na else value, na=na, numbered=True, label=label),
            st.from_regex(r"[0-9]{1,3}", fullmatch=True), st.none() | decimals(),
            st.booleans(), labels))
    scale_decls = st.builds(
        s.ScaleDecl, name=names, label=labels,
        options=st.lists(scale_options, min_size=1, max_size=4).map(tuple),
        range=st.none() | ranges, assumptions=st.lists(assumed, max_size=2).map(tuple))

    fact_types = st.one_of(
        st.builds(s.YesNoType),
        st.just(s.NumberType()),
        ranges.map(lambda r: s.NumberType(low=r[0], high=r[1])),
        st.builds(s.LevelsType, levels=st.lists(names, min_size=1, max_size=4).map(tuple)),
    )
    fact_decls = st.builds(s.FactDecl, name=names, label=labels, type=fact_types,
                           texts=trailing_texts)

    def _extend_views(children: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
        return st.builds(s.ViewGroup, name=names, label=labels,
                         members=st.lists(st.one_of(children, text_members, assumed),
                                          max_size=3).map(tuple))

    view_sums = st.builds(s.ViewSum, name=names, label=labels,
                          parts=st.lists(names, min_size=1, max_size=3).map(tuple),
                          texts=trailing_texts)
    view_decls = st.recursive(view_sums, _extend_views, max_leaves=4)
    predicate_decls = st.builds(
        s.PredicateDecl, name=names, label=labels,
        members=st.lists(st.one_of(requires, text_members, assumed), max_size=3).map(tuple))
    ends = st.none() | signed_decimals
    bands = st.builds(lambda low, low_open, high, high_open: s.Band(
        low=low, low_open=low_open and low is not None, high=high,
        high_open=high_open and high is not None), ends, st.booleans(), ends, st.booleans())
    level_names = st.one_of(names.map(lambda n: (n, False)),
                            st.integers(0, 120).map(lambda i: (str(i), True)))
    level_decls = st.builds(
        lambda name, label, band, when, texts: s.LevelDecl(
            name=name[0], numbered=name[1], label=label, band=band, when=when, texts=texts),
        level_names, labels, st.none() | bands, st.none() | any_conditions, trailing_texts)
    grade_decls = st.builds(
        s.GradeDecl, name=names, label=labels, by=st.none() | any_exprs,
        members=st.lists(st.one_of(level_decls, text_members, assumed), max_size=4).map(tuple))

    amend_members = st.one_of(weights, aggregates, score_is, scale_refs, soals, policies,
                              na_policies, weight_exprs,
                              text_members, requires, count_types, decimal_types, level_decls,
                              st.builds(s.GradeBy, expr=any_exprs))
    simple_declarations = st.one_of(scale_decls, fact_decls, any_nodes, input_decls, derived_decls,
                                    view_decls, predicate_decls, grade_decls)
    amendments = st.one_of(
        st.builds(s.Amend, name=names, members=st.lists(amend_members, max_size=3).map(tuple)),
        st.builds(s.Remove, name=names),
        st.builds(s.Move, name=names, parent=names),
        st.builds(s.AddTo, parent=names,
                  declarations=st.lists(simple_declarations, max_size=2).map(tuple)),
    )
    any_modules = st.builds(
        s.Module, header=headers,
        declarations=st.lists(st.one_of(simple_declarations, amendments), max_size=5).map(tuple))
    return any_modules


#: Syntax trees with ids of every kind.
any_modules = syntax_modules()

#: Syntax trees whose ids come from a handful, so that references often resolve and the
#: compiler's checks (duplicates, cycles, weights, kinds) get exercised.
DENSE_NAMES = ("a", "b", "c", "yt", "total", "WBK", "area")
dense_modules = syntax_modules(st.sampled_from(DENSE_NAMES))


# --- texts from the grammar --------------------------------------------------


def grammar_texts(spaced: bool) -> st.SearchStrategy[str]:
    """Texts generated from zona.lark; `spaced` puts a space after every token."""
    parser = _grammar.build_parser()  # from_lark needs the grammar itself
    pad = " " if spaced else ""
    explicit: dict[str, st.SearchStrategy[str]] = {
        "NODE_KIND": st.sampled_from(NODE_KINDS),
        "AGGREGATION": st.sampled_from(("weighted", "mean", "sum")),
        "NA_POLICY": st.sampled_from(("reweight", "full", "zero")),
        "POLICY": st.sampled_from(("error", "exclude", "zero")),
        "TEXT_KIND": st.sampled_from(("label", "criteria", "cite", "note")),
        "LANG": st.sampled_from(("en", "id")),
        "CHILD_QUANTITY": st.sampled_from(("score", "share")),
        "COMPARATOR": st.sampled_from(COMPARATORS),
        "STRING": st.one_of(texts.map(unparse.quote),
                            st.sampled_from(('"""\n    a\n      b\n    """', '""', '"\\q"'))),
        "NAME": st.one_of(st.sampled_from(("a", "b", "q1", "c", "total", "yt", "WBK", "area")),
                          names),
        "NUMBER": st.sampled_from(("0", "1", "2.5", "10", "0.67", "100", "60")),
        "INT": st.sampled_from(("1", "2", "7")),
        "PERCENT": st.sampled_from(("60%", "0%", "100%", "150%")),
        "DATE": st.sampled_from(("2021-12-31", "2014-01-01", "2021-02-30")),
        "COMMENT": st.just("# comment\n"),
        "WS": st.sampled_from((" ", "\n")),
    }
    explicit = {k: v.map(lambda text, p=pad: text + p) for k, v in explicit.items()}
    if spaced:
        for terminal in parser.terminals:
            if isinstance(terminal.pattern, lark.lexer.PatternStr):
                explicit[terminal.name] = st.just(terminal.pattern.value + pad)
    return from_lark(parser, explicit=explicit)


# --- mutations of valid texts --------------------------------------------------


@st.composite
def mutated(draw: Any, text: str) -> str:
    """A text with a few characters or whitespace-separated tokens deleted, duplicated or
    swapped."""
    for _ in range(draw(st.integers(1, 3))):
        by_token = draw(st.booleans())
        units: list[str] = re.split(r"(\s+)", text) if by_token else list(text)
        if not units:
            break
        i = draw(st.integers(0, len(units) - 1))
        j = draw(st.integers(0, len(units) - 1))
        how = draw(st.sampled_from(("delete", "duplicate", "swap")))
        if how == "delete":
            del units[i]
        elif how == "duplicate":
            units.insert(i, units[i])
        else:
            units[i], units[j] = units[j], units[i]
        text = "".join(units)
    return text
