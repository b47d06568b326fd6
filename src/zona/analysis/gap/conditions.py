"""The conditions a gap target needs, read for gap analysis: score thresholds to meet (in
one or more alternatives: the branches of an `or`, the levels of a grade), and the fact
conditions no answer can change.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any, Literal

import attrs

from zona import model as m
from zona.analysis.gap.leaves import Unsupported
from zona.analysis.gap.search import Need
from zona.analysis.gap.targets import Target, parse_target
from zona.analysis.gap.tree import (
    And,
    Band,
    Node,
    Not,
    Or,
    measure,
    members,
    reads_scores,
    target_tree,
    top_items,
    verdict,
)
from zona.analysis.gap.values import band_threshold
from zona.i18n import N_, _, exact
from zona.model.expr import compare
from zona.numtext import exact_text
from zona.scoring.result import Result

MOST = 64  # ways to meet a target (levels of grades, branches of 'or') searched exactly


@attrs.frozen
class Blocking:
    """A condition that no allowed change of answers can meet.

    `highest` is the best value its score can reach by the allowed changes (None for a
    fact); `frozen` the inputs that could raise it but may not change. `kind` is "score"
    (proven: no allowed change meets it), "fact" (answers cannot change it) or "unmet"
    (the heuristic search found no plan meeting it; one may still exist).
    """

    condition: str
    reason: str
    highest: Fraction | None = None
    threshold: Fraction | None = None
    frozen: tuple[str, ...] = ()
    kind: Literal["score", "fact", "unmet"] = "score"
    template: str = ""  # the catalogue message of a reason with {fields}; else `reason` is
    fields: tuple[tuple[str, object], ...] = ()  # its fields (a Fraction: written by language)

    def said(self, lang: str | None = None) -> str:
        """The reason in `lang` (default: the language in use); `reason` is it in English."""
        if not self.template:
            return _(self.reason, lang)
        shown = {k: exact(v, lang) if isinstance(v, Fraction) else v for k, v in self.fields}
        return _(self.template, lang, **shown)

    def to_dict(self) -> dict[str, Any]:
        found: dict[str, Any] = {"condition": self.condition, "kind": self.kind,
                                 "reason": self.reason}
        if self.highest is not None:
            found.update(_number("highest", self.highest))
        if self.threshold is not None:
            found.update(_number("threshold", self.threshold))
        found["frozen"] = list(self.frozen)
        return found


@attrs.frozen
class Requirement:
    """A score condition to meet: `subject`'s score or share `op` `threshold`, or (with
    `band`, a (grade, level) pair) the grade's value at or past that level's band."""

    text: str
    subject: str
    quantity: str
    op: str
    threshold: Fraction
    need: Need
    band: tuple[str, str] | None = None

    def met(self, result: Result) -> bool:
        if self.band is not None:
            grade, level = self.band
            return result.grades[grade].levels[level].reached is True
        return compare(self.op, measure(result, self.subject, self.quantity), self.threshold)


@attrs.frozen
class Alternative:
    """One way to meet a target: score conditions to meet together, and the fact
    conditions that fail on the way (answers cannot change them)."""

    needed: list[Requirement]
    facts: list[Blocking]


Ways = list[tuple[list[Node], list[Node]]]  # per way: score leaves, failing fact conditions


def alternatives(result: Result, target: str | Target) -> list[Alternative]:
    """The ways to meet the target's score conditions, each a set the exact search can
    optimise: `or` (and a grade's levels) splits into alternatives, `and` joins them.

    Raises Unsupported for what the exact search cannot optimise: a score under 'not', a
    comparison other than >= and > on a score, a band over a value that is not a rising
    sum of scores, or more than MOST alternatives.
    """
    ruleset = result.ruleset
    tree = target_tree(ruleset, parse_target(ruleset, target))
    ways: Ways = [([], [])]
    for item in top_items(tree):
        if not reads_scores(item):
            if verdict(item, result) is not True:
                for _, facts in ways:
                    facts.append(item)
            continue
        ways = _join(ways, _ways(item, result), tree)
    return [Alternative([r for leaf in needs for r in _requirements(result, leaf)],
                        [_fact_blocking(item, result) for item in facts])
            for needs, facts in ways]


def _join(ways: Ways, more: Ways, tree: Node) -> Ways:
    found = [(a + b, c + d) for a, c in ways for b, d in more]
    if len(found) > MOST:
        raise Unsupported(N_("gap analysis cannot search '{condition}' exactly: it can be met "
                             "in more than {most} ways"), condition=tree.text, most=MOST)
    return found


def _ways(node: Node, result: Result) -> Ways:
    """The node in disjunctive form: (score leaves, failing facts) per way to meet it."""
    if not reads_scores(node):
        return [([], [])] if verdict(node, result) is True else [([], [node])]
    if isinstance(node, And):
        found: Ways = [([], [])]
        for part in node.parts:
            found = _join(found, _ways(part, result), node)
        return found
    if isinstance(node, Or):
        return [way for part in node.parts for way in _ways(part, result)]
    if isinstance(node, Not):
        raise Unsupported(N_("gap analysis cannot optimise '{condition}' exactly: a score "
                             "under 'not' may be met in more than one way; only 'and', 'or', "
                             "'every child of', predicate references, grades and >=/> "
                             "comparisons are searched exactly"), condition=node.text)
    return [([node], [])]


def requirements(result: Result, target: str | Target,
                 ) -> tuple[list[Requirement], list[Blocking]]:
    """The score conditions the target needs, and the fact conditions that fail; Unsupported
    for a target that can be met in several ways (see `alternatives`)."""
    found = alternatives(result, target)
    if len(found) != 1:
        raise Unsupported(N_("gap analysis cannot optimise '{target}' exactly as one set of "
                             "conditions: it can be met in {count} ways"),
                          target=str(target), count=len(found))
    return found[0].needed, found[0].facts


def fact_blockings(result: Result, target: str | Target) -> list[Blocking]:
    """The conditions of the target on facts alone that do not pass: no answer changes
    them."""
    ruleset = result.ruleset
    tree = target_tree(ruleset, parse_target(ruleset, target))
    return [_fact_blocking(item, result) for item in top_items(tree)
            if not reads_scores(item) and verdict(item, result) is not True]


def _requirements(result: Result, leaf: Node) -> list[Requirement]:
    ruleset = result.ruleset
    if isinstance(leaf, Band):
        grade = ruleset.grades_by_name[leaf.grade]
        form, bar, strict = band_threshold(ruleset, grade, leaf.band)
        assert leaf.band.low is not None
        return [Requirement(leaf.text, leaf.grade, "value", ">" if leaf.band.low_open
                            else ">=", leaf.band.low, Need(leaf.text, form, bar, strict),
                            (leaf.grade, leaf.level))]
    if isinstance(leaf, m.Every):
        return [_requirement(ruleset, f"{leaf.text} ({subject})", subject, leaf.quantity,
                             leaf.op, leaf.threshold)
                for subject in members(ruleset, leaf, result)]
    assert isinstance(leaf, m.Compare) and isinstance(leaf.threshold, Fraction)
    return [_requirement(ruleset, leaf.text, leaf.subject, leaf.quantity, leaf.op,
                         leaf.threshold)]


def _requirement(ruleset: m.Ruleset, text: str, subject: str, quantity: str, op: str,
                 threshold: Fraction) -> Requirement:
    if op not in (">=", ">"):
        raise Unsupported(N_("gap analysis cannot optimise '{condition}' exactly: it only "
                             "raises scores, and '{op}' is not met by raising one"),
                          condition=text, op=op)
    form = _form(ruleset, subject)
    maximum = ruleset.node(subject).maximum if subject in ruleset.nodes \
        else ruleset.views_by_name[subject].maximum
    bar = threshold * maximum if quantity == "share" else threshold
    if quantity == "share" and not maximum:
        form = {}  # a share of nothing is 0
    need = Need(text, form, bar, strict=op == ">")
    return Requirement(text, subject, quantity, op, threshold, need)


def _form(ruleset: m.Ruleset, subject: str) -> dict[str, Fraction]:
    """A node's or a view's score as a sum of node scores."""
    if subject in ruleset.nodes:
        return {subject: Fraction(1)}
    found: dict[str, Fraction] = {}
    for view in ruleset.views_by_name[subject].walk():
        for part in view.parts:
            found[part] = found.get(part, Fraction(0)) + 1
    return found


def _fact_blocking(node: Node, result: Result) -> Blocking:
    """Why a condition on facts fails: a fact that is not known, or its value."""
    found = verdict(node, result)
    if found is None:
        reason = N_("depends on a fact that is not known; answers cannot change it")
    elif isinstance(node, m.Compare) and node.quantity == "fact" \
            and node.subject in result.facts:
        actual = result.facts[node.subject]
        value: object = actual if isinstance(actual, Fraction) \
            else str(actual).lower() if isinstance(actual, bool) else actual
        template = N_("fails on a fact (it is {value}); answers cannot change it")
        english = exact_text(value) if isinstance(value, Fraction) else value
        return Blocking(node.text, template.format(value=english), kind="fact",
                        template=template, fields=(("value", value),))
    else:
        reason = N_("fails on facts; answers cannot change it")
    return Blocking(node.text, reason, kind="fact")


def _number(key: str, value: Fraction) -> dict[str, Any]:
    plain: int | float = value.numerator if value.denominator == 1 else float(value)
    return {key: plain, f"{key}_exact": exact_text(value)}


__all__ = ["MOST", "Alternative", "Blocking", "Requirement", "alternatives", "fact_blockings",
           "reads_scores", "requirements"]
