"""The formulas of nodes and views: a question's points, a sum (re-weighted when children
are left out), a mean, a weighted mean, an item's expression; each share; each view.

A node's score cell is "" when it is unanswered and "n/a" when it does not apply under
`na reweight` (its maximum under `na full`, 0 under `zero`). Its share cell is "" when it is
unanswered, or 0 under `missing zero`, and "n/a" when it is left out. The formulas of a
ruleset of the first language are what they always were.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from fractions import Fraction

from zona.io.formulas import (
    NA,
    YES,
    Translator,
    choice_value,
    either,
    level_position,
    number,
    text,
)
from zona.io.formulas_excel import call
from zona.model import Fact, Node, Ruleset, View


def _times(formula: str, factor: Fraction) -> str:
    return formula if factor == 1 else f"{formula}*{number(factor)}"


class NodeFormulas(Translator):
    """The formulas of one ruleset's nodes, views, derived values and grades' values."""

    def when_not_applicable(self, node: Node) -> str:
        """What a node that does not apply scores: its policy's maximum, 0, or "n/a"."""
        if node.na == "full":
            return number(node.maximum)
        return "0" if node.na == "zero" else NA

    def node_score(self, name: str) -> str:
        """The node's score, "" when it is unanswered."""
        node = self.ruleset.node(name)
        test = self.na.test(node)
        if node.aggregate == "choice":
            spec = self.ruleset.inputs_by_name[node.name]
            ref = self.cells.answer[node.name]
            high = spec.scale.high if spec.scale is not None else Fraction(1)
            body = _times(choice_value(spec, ref), node.maximum / high)
            if test is not None:
                body = f"IF({test},{self.when_not_applicable(node)},{body})"
            return f'=IF({ref}="","",{body})'
        if node.aggregate == "expr":
            assert node.expr is not None
            return "=" + self.guarded(node.expr, self.when_not_applicable(node))
        if node.aggregate == "sum":
            body = self._sum(node)
        elif node.aggregate == "weighted":
            body = self._weighted(node)
        else:
            refs = [self.cells.share[c.name] for c in node.children]
            body = (f'IF({call("COUNT", refs)}=0,"",'
                    f'{_times(call("AVERAGE", refs), node.maximum)})')
        if test is not None:
            body = f"IF({test},{self.when_not_applicable(node)},{body})"
        return "=" + body

    def _sum(self, node: Node) -> str:
        """The children's scores added; when some are left out, re-weighted to the node's
        maximum: max x sum / (the maxima of the children that count)."""
        refs = [self.cells.score[c.name] for c in node.children]
        plain, count = call("SUM", refs), call("COUNT", refs)
        dropped = [(c, t) for c in node.children
                   if (t := self.na.dropped("node", c.name)) is not None]
        if not dropped:
            return f'IF({count}=0,"",{plain})'
        kept = sum((c.maximum for c in node.children
                    if self.na.dropped("node", c.name) is None), Fraction(0))
        room = [f"{number(c.maximum)}*({self.cells.score[c.name]}<>{NA})" for c, _ in dropped]
        room += [number(kept)] if kept else []
        scaled = f"{number(node.maximum)}*{plain}/({'+'.join(room)})"
        return (f'IF({count}=0,"",IF({either([t for _, t in dropped])},{scaled},'
                f"{plain}))")

    def _weighted(self, node: Node) -> str:
        """max x the weighted mean of the shares counted (numbers: answered, `missing zero`,
        not applicable under `na full` or `zero`)."""
        shares = [self.cells.share[c.name] for c in node.children]
        weights = [c.weight or Fraction(1) for c in node.children]
        top = "+".join(_times(f"N({s})", w) for w, s in zip(weights, shares, strict=True))
        below = "+".join(_times(f"ISNUMBER({s})", w)
                         for w, s in zip(weights, shares, strict=True))
        return (f'IF({call("COUNT", shares)}=0,"",'
                f"{_times(f'({top})/({below})', node.maximum)})")

    def node_share(self, name: str) -> str:
        """score / maximum; "" when unanswered (0 under `missing zero`); "n/a" when left out."""
        node = self.ruleset.node(name)
        ref = self.cells.score[node.name]
        empty = "0" if node.missing == "zero" else '""'
        share = ref if node.maximum == 1 else f"{ref}/{number(node.maximum)}"
        body = f'IF({ref}="",{empty},{share})'
        if self.na.may_drop("node", node.name):
            body = f"IF({ref}={NA},{NA},{body})"
        return "=" + body

    def derived_value(self, name: str) -> str:
        return "=" + self.guarded(self.derived[name].expr)

    def view_score(self, name: str) -> str:
        """The sum of the view's parts (a part left out or unanswered adds 0)."""
        view = self.ruleset.views_by_name[name]
        parts = [self.cells.score[p] for p in view.parts]
        parts += [self.cells.score[c.name] for c in view.children]
        return f"={call('SUM', parts)}" if parts else "=0"

    def view_share(self, name: str) -> str:
        view: View = self.ruleset.views_by_name[name]
        if view.maximum == 0:
            return "=0"
        return f"={self.cells.score[view.name]}/{number(view.maximum)}"

    def grade_value(self, name: str) -> str:
        """The value a grade's bands read; "" when unanswered or when it reads something
        left out (the grade is then unanswered)."""
        grade = self.ruleset.grades_by_name[name]
        assert grade.value is not None
        return "=" + self.guarded(grade.value, '""')

    def weight(self, name: str) -> int | float | None:
        """The weight shown in the Bobot column: the node's, or its maximum."""
        node = self.ruleset.node(name)
        shown = node.weight if node.weight is not None or not node.children else node.maximum
        return None if shown is None else shown_number(shown)


def shown_number(value: Fraction) -> int | float:
    """A number as a cell holds it."""
    return value.numerator if value.denominator == 1 else float(value)


def pick(found: Sequence[str], variant: str | None) -> str:
    """One formula for every combination of the facts the weights depend on: the formula
    itself when they agree, else =CHOOSE(combination, ...)."""
    if len(set(found)) == 1 or variant is None:
        return found[0]
    return f"=CHOOSE({variant},{','.join(f.removeprefix('=') for f in found)})"



# --- weights that depend on facts ------------------------------------------------------


def variants(ruleset: Ruleset) -> list[Ruleset]:
    """The ruleset for each combination of the facts its weights depend on, in the order
    the compiler enumerates them (the first level of each fact, `no` before `yes`, first;
    the last fact varying fastest); [ruleset] when no weight depends on a fact."""
    if not ruleset.weight_facts:
        return [ruleset]
    values = [_values(ruleset.facts_by_name[name]) for name in ruleset.weight_facts]
    return [ruleset.variants.get(key, ruleset) for key in itertools.product(*values)]


def variant_index(ruleset: Ruleset, facts: Mapping[str, str]) -> str:
    """The number (1, 2, ...) of the combination the unit's facts give, as `variants` lists
    them; a fact not (yet) given counts as its first value."""
    terms: list[str] = []
    stride = 1
    for name in reversed(ruleset.weight_facts):
        fact = ruleset.facts_by_name[name]
        ref = facts[name]
        position = level_position(ref, fact.levels, "0") if fact.kind == "levels" else \
            f"IF({either([f'{ref}={text(w)}' for w in YES])},1,0)"
        terms.append(position if stride == 1 else f"{position}*{stride}")
        stride *= len(_values(fact))
    return "=1+" + "+".join(reversed(terms))


def _values(fact: Fact) -> tuple[str, ...]:
    return fact.levels if fact.kind == "levels" else ("no", "yes")
