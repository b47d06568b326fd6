"""What may not apply to a unit, worked out once per ruleset from its scales' "not
applicable" options, and the formulas that test it (docs/language.md, Not applicable).

A node does not apply when it is a question answered "not applicable", an expression that
reads something left out, or a node all of whose children are left out. A node that does
not apply is *left out* of its parent (its cells show "n/a") under `na reweight`; under
`na full` or `zero` it shows its maximum or 0. A derived value that reads something left out
is left out too; an input answered "not applicable" is left out of what reads it under
`reweight`, and reads as its scale's top (`full`) or 0 (`zero`) otherwise; a view is left
out when every node it sums is. A ruleset without "not applicable" options gets no tests
at all, so its formulas are those of the first language.
"""

from __future__ import annotations

from zona.io.formulas import NA, Cells, either, every, not_applicable_answer
from zona.model import Node, Ruleset
from zona.model import expr as e


class NotApplicable:
    """Which nodes, derived values, views and inputs may not apply, and the tests of it."""

    def __init__(self, ruleset: Ruleset, cells: Cells) -> None:
        self.ruleset, self.cells = ruleset, cells
        self.derived = {d.name: d.expr for d in ruleset.derived}
        self.options = {i.name: i for i in ruleset.inputs
                        if i.scale is not None and i.scale.not_applicable}
        self._may: dict[tuple[str, str], bool] = {}

    def may_not_apply(self, node: Node) -> bool:
        """Whether the node may not apply (whatever its `na` policy)."""
        if node.aggregate == "choice":
            return node.name in self.options
        if node.aggregate == "expr":
            return node.expr is not None and self._reads_dropped(node.expr)
        return bool(node.children) and all(self.may_drop("node", c.name)
                                           for c in node.children)

    def may_drop(self, kind: str, name: str) -> bool:
        """Whether a value may be left out where it is read (kind as an expression's
        variable: input, node, derived, view, fact)."""
        key = (kind, name)
        found = self._may.get(key)
        if found is None:
            found = self._may[key] = self._may_drop(kind, name)
        return found

    def _may_drop(self, kind: str, name: str) -> bool:
        if kind == "input":
            spec = self.options.get(name)
            return spec is not None and spec.na == "reweight"
        if kind == "node":
            node = self.ruleset.node(name)
            return node.na == "reweight" and self.may_not_apply(node)
        if kind == "derived":
            return self._reads_dropped(self.derived[name])
        if kind == "view":
            parts = self.cells.parts[name]
            return bool(parts) and all(self.may_drop("node", p) for p in parts)
        return False

    def _reads_dropped(self, expression: e.Expr) -> bool:
        return any(self.may_drop(v.kind, v.name) for v in e.variables(expression))

    def dropped(self, kind: str, name: str) -> str | None:
        """The test that a value is left out where it is read (None: it never is)."""
        if not self.may_drop(kind, name):
            return None
        if kind == "input":
            return not_applicable_answer(self.options[name], self.cells.answer[name])
        if kind == "view":
            return every([f"{self.cells.score[p]}={NA}" for p in self.cells.parts[name]])
        return f"{self.cells.score[name]}={NA}"

    def test(self, node: Node) -> str | None:
        """The test that a node does not apply, from what it reads (None: it always
        applies); what its own cells then show is its policy's (zona.io.formulas_nodes)."""
        if not self.may_not_apply(node):
            return None
        if node.aggregate == "choice":
            return not_applicable_answer(self.options[node.name], self.cells.answer[node.name])
        if node.aggregate == "expr":
            assert node.expr is not None
            tests = [t for v in dict.fromkeys(e.variables(node.expr))
                     if (t := self.dropped(v.kind, v.name)) is not None]
            return either(tests)
        return every([f"{self.cells.score[c.name]}={NA}" for c in node.children])

    def skipped(self, node: Node) -> str | None:
        """The test that `every ... :` skips a node: it does not apply, whatever its policy
        (None: it always applies)."""
        if not self.may_not_apply(node):
            return None
        if node.na == "reweight":
            return f"{self.cells.score[node.name]}={NA}"
        return self.test(node)
