"""A gap target as a tree of conditions, read from the model.

Predicate references are inlined; a grade comparison `grade G >= L` becomes "some level of G
at or above L holds", and a level holds when the grade's value reaches its band (a `Band`
leaf) and its `when` holds (`grade G > L`, `<`, `<=`, `==`, `!=` follow from `>=`); a grade
target `G>=L` is the same. The leaves are comparisons of scores and shares, `every`
conditions, facts and bands. `verdict` reads any scored unit's verdict of a tree, and
`top_items` the parts the target needs all of (read through `and`).
"""

from __future__ import annotations

from collections.abc import Iterator
from fractions import Fraction
from typing import TypeAlias

import attrs

from zona import model as m
from zona.analysis.gap.targets import Target
from zona.analysis.grades import value_text
from zona.model.expr import compare
from zona.numtext import exact_text
from zona.scoring.build import fact_condition
from zona.scoring.result import Result
from zona.scoring.verdicts import all_of, any_of


@attrs.frozen
class Band:
    """A grade's value at or past the low end of a level's band (`> LOW` for an open end)."""

    grade: str
    level: str
    band: m.Band
    text: str


@attrs.frozen
class And:
    parts: tuple[Node, ...]
    text: str


@attrs.frozen
class Or:
    parts: tuple[Node, ...]
    text: str


@attrs.frozen
class Not:
    part: Node
    text: str


Node: TypeAlias = "m.Compare | m.Every | Band | And | Or | Not"
TRUE = And((), "true")
FALSE = Or((), "false")


def target_tree(ruleset: m.Ruleset, target: Target) -> Node:
    """What the target needs, as one tree."""
    if target.predicate is not None:
        return _predicate(ruleset, target.predicate, target.predicate)
    assert target.grade is not None and target.level is not None
    grade = ruleset.grades_by_name[target.grade]
    return at_least(ruleset, grade, grade.position(target.level), target.text)


def top_items(tree: Node) -> list[Node]:
    """The parts the tree needs all of: read through `and` (and a lone `or` branch)."""
    if isinstance(tree, And):
        return [item for part in tree.parts for item in top_items(part)]
    if isinstance(tree, Or) and len(tree.parts) == 1:
        return top_items(tree.parts[0])
    return [tree]


def _predicate(ruleset: m.Ruleset, name: str, text: str) -> Node:
    predicate = ruleset.predicates_by_name[name]
    return And(tuple(expand(ruleset, c) for c in predicate.conditions), text)


def expand(ruleset: m.Ruleset, condition: m.Condition) -> Node:
    """A condition with predicate references inlined and grade comparisons expanded."""
    if isinstance(condition, m.PredicateRef):
        return _predicate(ruleset, condition.name, condition.text)
    if isinstance(condition, m.AllOf):
        return And(tuple(expand(ruleset, p) for p in condition.parts), condition.text)
    if isinstance(condition, m.AnyOf):
        return Or(tuple(expand(ruleset, p) for p in condition.parts), condition.text)
    if isinstance(condition, m.NoneOf):
        return Not(expand(ruleset, condition.part), condition.text)
    if isinstance(condition, m.Compare) and condition.quantity == "grade":
        return _grade_compare(ruleset, condition)
    return condition


def _grade_compare(ruleset: m.Ruleset, condition: m.Compare) -> Node:
    grade = ruleset.grades_by_name[condition.subject]
    bar = grade.position(str(condition.threshold))
    text = condition.text
    if condition.op == ">=":
        return at_least(ruleset, grade, bar, text)
    above = at_least(ruleset, grade, bar + 1, text)
    if condition.op == ">":
        return above
    if condition.op == "<=":
        return Not(above, text)
    if condition.op == "<":
        return Not(at_least(ruleset, grade, bar, text), text)
    exactly = And((at_least(ruleset, grade, bar, text), Not(above, text)), text)
    return exactly if condition.op == "==" else Not(exactly, text)


def at_least(ruleset: m.Ruleset, grade: m.Grade, position: int, text: str) -> Node:
    """"Some level at or above `position` holds" (the grade is at least that level)."""
    if position >= len(grade.levels):
        return FALSE
    first = level_holds(ruleset, grade, position)
    if grade.levels[position].when is None:  # every level above needs more of the value
        return first
    return Or((first, *(level_holds(ruleset, grade, p)
                        for p in range(position + 1, len(grade.levels)))), text)


def level_holds(ruleset: m.Ruleset, grade: m.Grade, position: int) -> Node:
    """Level `position` of the grade holds: its band is reached and its `when` holds."""
    if position == 0:
        return TRUE
    level = grade.levels[position]
    parts: list[Node] = []
    if level.band is not None and level.band.low is not None:
        bound = f"{'>' if level.band.low_open else '>='} {exact_text(level.band.low)}"
        parts.append(Band(grade.name, level.name, level.band,
                          f"{value_text(grade)} {bound} ({grade.name} {level.name})"))
    if level.when is not None:
        parts.append(expand(ruleset, level.when))
    return parts[0] if len(parts) == 1 else And(tuple(parts), f"{grade.name} {level.name}")


# --- reading a tree ---------------------------------------------------------------------


def reads_scores(node: Node) -> bool:
    """Whether answers can move the node (facts alone, or a constant: False)."""
    if isinstance(node, And | Or):
        return any(reads_scores(p) for p in node.parts)
    if isinstance(node, Not):
        return reads_scores(node.part)
    if isinstance(node, m.Compare):
        return node.quantity != "fact"
    return True  # every, band


def members(ruleset: m.Ruleset, every: m.Every, result: Result) -> list[str]:
    """What an `every` condition compares: its members (or its group's children) that
    apply to the unit (a quantifier ranges over what applies)."""
    names = list(every.members)
    if not names:
        view = ruleset.views_by_name.get(every.group)
        children = view.children if view is not None else ruleset.node(every.group).children
        names = [c.name for c in children]
    return [n for n in names if n not in result.nodes or result.nodes[n].applicable]


def measure(result: Result, subject: str, quantity: str) -> Fraction:
    """A node's or view's score, or its share."""
    found = result[subject]
    return found.share if quantity == "share" else found.score


def verdict(node: Node, result: Result) -> bool | None:
    """The node's verdict in `result`, three-valued (None: a fact is not known)."""
    if isinstance(node, And):
        return all_of(verdict(p, result) for p in node.parts)
    if isinstance(node, Or):
        return any_of(verdict(p, result) for p in node.parts)
    if isinstance(node, Not):
        found = verdict(node.part, result)
        return None if found is None else not found
    if isinstance(node, Band):
        return result.grades[node.grade].levels[node.level].reached
    ruleset = result.ruleset
    if isinstance(node, m.Every):
        return all(compare(node.op, measure(result, s, node.quantity), node.threshold)
                   for s in members(ruleset, node, result))
    if node.quantity == "fact":
        return fact_condition(ruleset, node, result.facts.get(node.subject)).passed
    assert isinstance(node.threshold, Fraction)
    return compare(node.op, measure(result, node.subject, node.quantity), node.threshold)


def leaves(node: Node) -> Iterator[Node]:
    """The comparisons, `every` conditions and bands of a tree."""
    if isinstance(node, And | Or):
        for part in node.parts:
            yield from leaves(part)
    elif isinstance(node, Not):
        yield from leaves(node.part)
    else:
        yield node


__all__ = ["FALSE", "TRUE", "And", "Band", "Node", "Not", "Or", "at_least", "expand",
           "leaves", "level_holds", "measure", "members", "reads_scores", "target_tree",
           "top_items", "verdict"]
