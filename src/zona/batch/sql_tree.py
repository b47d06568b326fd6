"""The scoring tree as SQL: derived values, every node's score (choice, formula, sum or
mean of its children) and every view's, as computed columns."""

from __future__ import annotations

from zona import model as m
from zona.batch.sql_dialect import quote
from zona.batch.sql_exact import Exact, Rat, const, lcm
from zona.batch.sql_expressions import Expressions
from zona.batch.sql_layout import Layout
from zona.numtext import exact_text


class Tree:
    """Scores a ruleset's nodes and views over `values` (the inputs' values; derived
    values are added to it). `checks` collects SQL for formula scores out of range."""

    def __init__(self, ruleset: m.Ruleset, exact: Exact, layout: Layout,
                 values: dict[str, Rat]) -> None:
        self.ruleset, self.exact, self.layout, self.values = ruleset, exact, layout, values
        self.scores: dict[str, Rat] = {}  # nodes and views
        self.checks: list[str] = []
        self.expressions = Expressions(exact, layout, values, self.scores)

    def build(self) -> None:
        """Every derived value, node and view, in dependency order."""
        from zona.scoring import dependency_order

        derived = {d.name: d for d in self.ruleset.derived}
        for name in dependency_order(self.ruleset):
            if name in derived:
                self.values[name] = self.expressions.expression(derived[name].expr)
            else:
                self.scores[name] = self.node(self.ruleset.nodes[name])
        for top in self.ruleset.views:
            for view in reversed(list(top.walk())):
                parts = [self.scores[p] for p in (*view.parts, *(c.name for c in view.children))]
                self.scores[view.name] = self.store(self.exact.add(parts), True)

    def store(self, value: Rat, answered: bool | str) -> Rat:
        """A score as columns, NULL where the BOOLEAN `answered` does not hold."""
        guard = "TRUE" if answered is True else str(answered)
        n = self.layout.column("n", f"CASE WHEN {guard} THEN {value.n} END")
        b = None if value.b is None else \
            self.layout.column("d", f"CASE WHEN {guard} THEN {value.b} END")
        return Rat(n, value.s, b)

    def node(self, node: m.Node) -> Rat:
        """A node's score (its children are scored already)."""
        if node.aggregate == "choice":
            value = self.values[node.name]
            p, q = node.maximum.numerator, node.maximum.denominator
            return self.store(Rat(f"({value.n} * {self.exact.lit(p)})", value.s * q),
                              f"{value.n} IS NOT NULL")
        if node.aggregate == "expr":
            if node.expr is None:
                return self.store(Rat("NULL", 1), "FALSE")
            found = self.expressions.expression(node.expr)
            top = const(node.maximum)
            self.checks.append(
                f"CASE WHEN {found.n} IS NOT NULL AND "
                f"({self.exact.compare(found, '<', Rat('0', 1))}"
                f" OR {self.exact.compare(found, '>', top)}) THEN "
                f"{quote(f'{node.name!r} scored outside 0..{exact_text(node.maximum)}')} END")
            return found
        children = [self.scores[c.name] for c in node.children]
        answered = " OR ".join(f"{c.n} IS NOT NULL" for c in children) or "FALSE"
        if node.aggregate == "sum":
            return self.store(self.exact.add(children), answered)
        return self.mean(node, children)

    def mean(self, node: m.Node, children: list[Rat]) -> Rat:
        """The mean of the children's shares over those that count, times the maximum."""
        shares = []
        counts = []
        for child, found in zip(node.children, children, strict=True):
            p, q = child.maximum.numerator, child.maximum.denominator
            shares.append(Rat(f"({found.n} * {self.exact.lit(q)})" if q != 1 else found.n,
                              found.s * p, found.b))
            counts.append("1" if child.missing == "zero" else
                          f"CASE WHEN {found.n} IS NOT NULL THEN 1 ELSE 0 END")
        total = self.exact.add(shares)
        count = self.layout.column("c", f"({' + '.join(counts) or '0'})")
        k = len(children)
        whole = lcm(*range(1, k + 1))
        per = " ".join(f"WHEN {i} THEN {whole // i}" for i in range(1, k + 1))
        top_p, top_q = node.maximum.numerator, node.maximum.denominator
        value = Rat(f"({total.n} * {self.exact.lit(top_p)} * CASE {count} {per} END)",
                    total.s * top_q * whole, total.b)
        return self.store(value, f"{count} > 0")


__all__ = ["Tree"]
