"""The scoring tree as SQL: derived values, every node's score (choice, formula, sum, mean or
weighted mean of its children) and every view's, as computed columns; with what does not
apply (`= na`): a node's `na` flag, and its score by its policy (zona.scoring.applicable)."""

from __future__ import annotations

from collections.abc import Iterator

from zona import model as m
from zona.batch.sql_dialect import quote
from zona.batch.sql_exact import Exact, Rat, const, lcm
from zona.batch.sql_expressions import Expressions
from zona.batch.sql_layout import Layout
from zona.batch.sql_read import Facts
from zona.i18n import _, exact


class Tree:
    """Scores a ruleset's nodes and views over `values` (the inputs' values; derived
    values are added to it). `checks` collects SQL for formula scores out of range; `na`
    holds SQL for where each node (and input, derived value) does not apply."""

    def __init__(self, ruleset: m.Ruleset, exact: Exact, layout: Layout,
                 values: dict[str, Rat], facts: Facts, na: dict[str, str]) -> None:
        self.ruleset, self.exact, self.layout, self.values = ruleset, exact, layout, values
        self.facts = facts
        self.scores: dict[str, Rat] = {}  # nodes and views
        self.checks: list[str] = []
        self.na: dict[str, str] = {}  # nodes: where they do not apply (any policy)
        self.input_na = na  # inputs answered "not applicable"
        # inputs and derived values: where they do not apply under `na reweight`
        self.gone: dict[str, str] = {name: flag for name, flag in na.items()
                                     if ruleset.inputs_by_name[name].na == "reweight"}
        self.parts = {v.name: tuple(_parts(v)) for top in ruleset.views for v in top.walk()}
        self.expressions = Expressions(exact, layout, self)

    # what expressions read (sql_expressions.Values)

    def value(self, kind: str, name: str) -> Rat:
        if kind == "node":
            return self.scores[name]
        if kind == "view":
            return self.view(name)
        if kind == "fact":
            return self.facts.value(name)
        return self.values[name]

    def dropped(self, kind: str, name: str) -> str:
        if kind == "node":
            return self.node_gone(name)
        if kind == "view":
            gone = [self.node_gone(p) for p in self.parts[name]]
            return "FALSE" if "FALSE" in gone or not gone else f"({' AND '.join(gone)})"
        return self.gone.get(name, "FALSE")

    def node_gone(self, name: str) -> str:
        """Where a node does not apply under `na reweight` (left out of its parent)."""
        found = self.na.get(name, "FALSE")
        return found if self.ruleset.nodes[name].na == "reweight" else "FALSE"

    # building

    def build(self) -> None:
        """Every derived value, node and view, in dependency order."""
        from zona.scoring import dependency_order

        derived = {d.name: d for d in self.ruleset.derived}
        for name in dependency_order(self.ruleset):
            if name in derived:
                self.values[name], na = self.expressions.expression(derived[name].expr)
                if na != "FALSE":
                    self.gone[name] = na
            else:
                self.scores[name] = self.node(self.ruleset.nodes[name])
        for top in self.ruleset.views:
            for view in top.walk():
                self.view(view.name)

    def view(self, name: str) -> Rat:
        """A view's score: the sum of its nodes' scores (NULL when none is answered)."""
        found = self.scores.get(name)
        if found is None:
            parts = [self.scores[p] for p in self.parts[name]]
            answered = " OR ".join(f"{p.n} IS NOT NULL" for p in parts) or "FALSE"
            found = self.scores[name] = self.store(self.exact.add(parts), answered)
        return found

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
            spec = self.ruleset.inputs_by_name.get(node.name)
            high = spec.scale.high if spec is not None and spec.scale is not None else 1
            per = node.maximum / high  # points per unit of the answer's value
            if node.name in self.input_na:  # read as its policy says (sql_read)
                self.na[node.name] = self.input_na[node.name]
            return self.store(Rat(f"({value.n} * {self.exact.lit(per.numerator)})",
                                  value.s * per.denominator), f"{value.n} IS NOT NULL")
        if node.aggregate == "expr":
            if node.expr is None:
                return self.store(Rat("NULL", 1), "FALSE")
            found, na = self.expressions.expression(node.expr)
            top = const(node.maximum)
            self.checks.append(
                f"CASE WHEN {found.n} IS NOT NULL AND "
                f"({self.exact.compare(found, '<', Rat('0', 1))}"
                f" OR {self.exact.compare(found, '>', top)}) THEN "
                + quote(_("{node} scored outside 0..{maximum}", node=repr(node.name),
                          maximum=exact(node.maximum))) + " END")
            return self.applies(node, na, found)
        children = [self.scores[c.name] for c in node.children]
        gone = [self.node_gone(c.name) for c in node.children]
        na = "FALSE" if "FALSE" in gone or not gone else \
            self.layout.column("a", f"({' AND '.join(gone)})")
        if node.aggregate == "sum":
            return self.applies(node, na, self.sum(node, children, gone))
        return self.applies(node, na, self.mean(node, children, gone))

    def applies(self, node: m.Node, na: str, found: Rat) -> Rat:
        """A node that may not apply (`na`): its score by its own policy there."""
        if na == "FALSE":
            return found
        self.na[node.name] = na
        if node.na == "reweight":
            return found  # (NULL where it does not apply)
        replaced = const(node.maximum if node.na == "full" else 0 * node.maximum)
        return self.store(self.exact.pick(na, replaced, found), f"({na} OR {found.n} IS NOT NULL)")

    def sum(self, node: m.Node, children: list[Rat], gone: list[str]) -> Rat:
        """The children's scores added, re-weighted to the maximum where some are dropped:
        max x raw / (the maxima of those that count)."""
        answered = " OR ".join(f"{c.n} IS NOT NULL" for c in children) or "FALSE"
        raw = self.exact.add(children)
        if all(g == "FALSE" for g in gone):
            return self.store(raw, answered)
        common = lcm(*(c.maximum.denominator for c in node.children))
        sizes = [int(c.maximum * common) for c in node.children]
        room = self.layout.column("c", "(" + " + ".join(
            str(size) if g == "FALSE" else f"CASE WHEN {g} THEN 0 ELSE {size} END"
            for size, g in zip(sizes, gone, strict=True)) + ")")
        top = node.maximum
        value = Rat(f"({raw.n} * {self.exact.lit(top.numerator * common)})",
                    raw.s * top.denominator, raw.b)
        return self.store(self.exact.over(value, room, _sums(sizes, gone)),
                          f"({answered}) AND {room} > 0")

    def mean(self, node: m.Node, children: list[Rat], gone: list[str]) -> Rat:
        """The (weighted) mean of the children's shares over those that count, times the
        maximum: answered ones, and unanswered ones under `missing zero`, not dropped."""
        weighted = node.aggregate == "weighted"
        common = lcm(*(c.weight.denominator for c in node.children if c.weight)) \
            if weighted else 1
        shares = []
        counts = []
        for child, found, g in zip(node.children, children, gone, strict=True):
            weight = (child.weight or 1) * common if weighted else 1
            p, q = child.maximum.numerator, child.maximum.denominator * int(weight)
            shares.append(Rat(f"({found.n} * {self.exact.lit(q)})" if q != 1 else found.n,
                              found.s * p, found.b))
            counted = f"{found.n} IS NOT NULL" if child.missing != "zero" else \
                ("TRUE" if g == "FALSE" else f"NOT {g}")
            counts.append(str(int(weight)) if counted == "TRUE" else
                          f"CASE WHEN {counted} THEN {int(weight)} ELSE 0 END")
        total = self.exact.add(shares)
        count = self.layout.column("c", f"({' + '.join(counts) or '0'})")
        top_p, top_q = node.maximum.numerator, node.maximum.denominator
        value = Rat(f"({total.n} * {self.exact.lit(top_p)})", total.s * top_q, total.b)
        sizes = [int((c.weight or 1) * common) if weighted else 1 for c in node.children]
        always = [c.missing == "zero" and g == "FALSE"
                  for c, g in zip(node.children, gone, strict=True)]
        possible = _sums(sizes, ["FALSE" if a else "TRUE" for a in always])
        return self.store(self.exact.over(value, count, possible), f"{count} > 0")


def _sums(sizes: list[int], optional: list[str]) -> list[int]:
    """The sums above 0 of the sizes, each size always counted (its flag `FALSE`) or
    perhaps (any other flag); at most 4097 of them (then the caller's whole is large)."""
    found = {0}
    for size, flag in zip(sizes, optional, strict=True):
        found = {f + size for f in found} | (found if flag != "FALSE" else set())
        if len(found) > 4096:
            return [10**13, *sorted(found)]  # too many to list: a dynamic denominator
    return sorted(f for f in found if f > 0)


def _parts(view: m.View) -> Iterator[str]:
    yield from view.parts
    for child in view.children:
        yield from _parts(child)


__all__ = ["Tree"]
