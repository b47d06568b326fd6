"""Predicates and grades as SQL: score thresholds (exact), fact conditions (NULL when the
fact is unknown), grades compared by level, and their combinations; `every` conditions
skip what does not apply. A grade is two computed columns (zona.batch.sql_grades)."""

from __future__ import annotations

from fractions import Fraction

from zona import model as m
from zona.batch.sql_exact import OPS, Exact, Rat, const, const_sql
from zona.batch.sql_grades import Grades
from zona.batch.sql_layout import Layout
from zona.batch.sql_read import Facts
from zona.batch.sql_tree import Tree
from zona.model import expr as e


class Predicates:
    """Conditions over the scores of nodes and views, the facts and the grades."""

    def __init__(self, ruleset: m.Ruleset, exact: Exact, layout: Layout, tree: Tree,
                 facts: Facts) -> None:
        self.ruleset, self.exact, self.tree, self.facts = ruleset, exact, tree, facts
        self.scores = tree.scores
        self.grades = Grades(ruleset, exact, layout, tree, self.condition)

    def predicate(self, p: m.Predicate) -> str:
        """True when every condition holds."""
        return "(" + (" AND ".join(self.condition(c) for c in p.conditions) or "TRUE") + ")"

    def condition(self, c: m.Condition) -> str:
        if isinstance(c, m.AllOf | m.AnyOf):
            joint = " AND " if isinstance(c, m.AllOf) else " OR "
            return "(" + joint.join(self.condition(p) for p in c.parts) + ")"
        if isinstance(c, m.NoneOf):
            return f"(NOT {self.condition(c.part)})"
        if isinstance(c, m.PredicateRef):
            return self.predicate(self.ruleset.predicates_by_name[c.name])
        if isinstance(c, m.Every):
            views = self.ruleset.views_by_name
            group = list(c.members) or ([v.name for v in views[c.group].children]
                                        if c.group in views else
                                        [n.name for n in self.ruleset.node(c.group).children])
            parts = []
            for member in group:
                found = self.threshold(member, c.quantity, c.op, c.threshold)
                na = self.tree.na.get(member, "FALSE")  # what does not apply is skipped
                parts.append(found if na == "FALSE" else f"({na} OR {found})")
            return "(" + (" AND ".join(parts) or "TRUE") + ")"
        if c.quantity == "fact":
            return self.fact_condition(c, self.facts.sql[c.subject])
        if c.quantity == "grade":
            return self.grades.compare(c)
        assert isinstance(c.threshold, Fraction)
        return self.threshold(c.subject, c.quantity, c.op, c.threshold)

    def threshold(self, subject: str, quantity: str, op: str, threshold: Fraction) -> str:
        """A node's or view's score (or share of its maximum) against a threshold."""
        top = self.ruleset.nodes[subject].maximum if subject in self.ruleset.nodes else \
            self.ruleset.views_by_name[subject].maximum
        if quantity == "share":
            if not top:
                return "TRUE" if e.compare(op, Fraction(0), threshold) else "FALSE"
            threshold = threshold * top
        score = self.scores[subject]  # an unanswered node scores 0
        b = None if score.b is None else f"COALESCE({score.b}, 1)"
        return self.exact.compare(Rat(f"COALESCE({score.n}, 0)", score.s, b), op,
                                  const(threshold))

    def fact_condition(self, c: m.Compare, value: str) -> str:
        """A fact (as SQL `value`) against a level, yes/no or number."""
        fact = self.ruleset.facts_by_name[c.subject]
        if fact.kind == "levels":
            return f"({value} {OPS[c.op]} {fact.levels.index(str(c.threshold))})"
        if fact.kind == "yesno":
            same = "=" if c.op == "==" else "<>"
            return f"({value} {same} {'TRUE' if c.threshold is True else 'FALSE'})"
        assert isinstance(c.threshold, Fraction)
        number = self.facts.numbers.get(c.subject) or const_sql(value)
        return f"CASE WHEN {number.n} IS NOT NULL THEN " \
               f"{self.exact.compare(number, c.op, const(c.threshold))} END"


__all__ = ["Predicates"]
