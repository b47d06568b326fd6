"""Resolve names in expressions and predicate conditions, check their types, find cycles.

Turns syntax expressions into zona.model.expr and syntax conditions into model
conditions, collecting every diagnostic on the way.
"""

from __future__ import annotations

from collections.abc import Iterator
from fractions import Fraction
from typing import ClassVar

import attrs

from zona import model as m
from zona.compiler import operands, quantifiers
from zona.compiler.checks import unknown
from zona.compiler.grade_checks import bare, compare_grade, grade_as_score
from zona.compiler.rounding import rounding
from zona.compiler.symbols import Table, a_kind
from zona.errors import Diagnostic, did_you_mean
from zona.i18n import _, pgettext
from zona.language import syntax as s
from zona.language import unparse
from zona.model import expr as e
from zona.numtext import exact_text
from zona.source import Span

FUNCTIONS = ("min", "max", "divide", *e.ROUNDING)
_EXPRESSION_KINDS = ("input", "derived value", "node", "view")


@attrs.define
class Resolved:
    """What the resolver produced: expressions, conditions and everything they depend on."""

    derived: dict[str, e.Expr] = attrs.Factory(dict)
    scores: dict[str, e.Expr] = attrs.Factory(dict)
    predicates: dict[str, tuple[m.Condition, ...]] = attrs.Factory(dict)
    depends: dict[str, set[str]] = attrs.Factory(dict)
    diagnostics: list[Diagnostic] = attrs.Factory(list)
    maxima: dict[str, Fraction] = attrs.Factory(dict)  # of nodes, views and total
    grades: dict[str, m.Grade] = attrs.Factory(dict)  # zona.compiler.grades


def resolve(table: Table, maxima: dict[str, Fraction]) -> Resolved:
    """Resolve every expression and condition of the table."""
    out = Resolved(maxima=maxima)
    for name, decl in table.derived.items():
        out.derived[name] = _Expressions(table, out, name).number(decl.expr)
    for name, info in table.nodes.items():
        if info.score is not None:
            out.scores[name] = _Expressions(table, out, name).number(info.score.expr)
        out.depends.setdefault(name, set()).update(info.children)
    for name, predicate in table.predicates.items():
        conditions = _Conditions(table, out, name, maxima)
        out.predicates[name] = tuple(
            conditions.resolve(member.condition) for member in predicate.members
            if isinstance(member, s.Require))
    out.depends.setdefault("total", set()).update(table.top)  # for expressions of total
    for name, view in table.views.items():  # and of views
        out.depends.setdefault(name, set()).update(
            view.parts if isinstance(view, s.ViewSum) else table.view_children.get(name, ()))
    from zona.compiler.grades import resolve_grades  # it builds on the resolvers here

    resolve_grades(table, out, maxima)
    out.diagnostics.extend(_cycles(table, out))
    return out


@attrs.define
class _Expressions:
    table: Table
    out: Resolved
    owner: str
    for_weight: ClassVar[bool] = False  # a `weight = EXPR`: facts and numbers only

    def number(self, node: s.Expr) -> e.Expr:
        converted, kind = self.convert(node)
        if kind == "bool":
            self.error(_("this is a condition (true/false), but a number is needed here"), node,
                       _("Make it a number with `if CONDITION then 1 else 0`."))
        return converted

    def boolean(self, node: s.Expr) -> e.Expr:
        converted, kind = self.convert(node)
        if kind == "number":
            self.error(_("this is a number, but a condition (true/false) is needed here"), node,
                       _("Compare it, for example `x > 0`."))
        return converted

    def error(self, message: str, node: s.Expr, hint: str | None = None) -> None:
        self.out.diagnostics.append(Diagnostic(message, node.span, hint, code="expression"))

    def convert(self, node: s.Expr) -> tuple[e.Expr, str]:
        if isinstance(node, s.Number):
            return e.Const(node.value), "number"
        if isinstance(node, s.Percent):
            return e.Const(node.value / 100), "number"
        if isinstance(node, s.Ref):  # a wrong name is reported once, not again as a number
            problems = len(self.out.diagnostics)
            found = self.reference(node)
            return found, "number" if len(self.out.diagnostics) == problems else "unknown"
        if isinstance(node, s.Negate):
            return e.Negate(self.number(node.operand)), "number"
        if isinstance(node, s.Not):
            return e.Not(self.boolean(node.operand)), "bool"
        if isinstance(node, s.If):
            then, then_kind = self.convert(node.then)
            otherwise, other_kind = self.convert(node.otherwise)
            if "unknown" not in (then_kind, other_kind) and then_kind != other_kind:
                self.error(_("both branches of 'if' must be numbers, or both conditions"), node)
            return e.If(self.boolean(node.test), then, otherwise), then_kind
        if isinstance(node, s.Call):
            return self.call(node), "number"
        if isinstance(node, s.FactRef):
            return operands.fact(self, node)
        if isinstance(node, s.ShareRef):
            return operands.share(self, node), "number"
        return self.binary(node)

    def reference(self, node: s.Ref) -> e.Expr:
        kind = self.table.kinds.get(node.name)
        found = operands.reference(self, node, kind)
        if found is not None:
            return found
        if kind is None:
            names = self.table.names_of(*_EXPRESSION_KINDS)
            self.out.diagnostics.append(unknown("name", node.name, node.span, names))
            return e.Const(Fraction(0))
        if kind not in _EXPRESSION_KINDS:
            self.error(_("'{node}' is a {kind}; an expression can use inputs, derived values, "
                         "nodes, views, total and facts", node=node.name, kind=kind), node)
            return e.Const(Fraction(0))
        if kind != "input":
            self.out.depends.setdefault(self.owner, set()).add(node.name)
        short = {"input": "input", "derived value": "derived", "node": "node"}[kind]
        if kind == "node" and self.table.nodes[node.name].decl.kind == "question":
            return e.Var(node.name, "node")
        return e.Var(node.name, short)

    def call(self, node: s.Call) -> e.Expr:
        if node.function not in FUNCTIONS:
            self.out.diagnostics.append(Diagnostic(
                _("unknown function '{function}'", function=node.function), node.span,
                did_you_mean(node.function, FUNCTIONS)
                or _("The functions are min, max, divide, round, floor and ceil."),
                code="unknown"))
            return e.Const(Fraction(0))
        if node.function in e.ROUNDING:
            return rounding(node, self.number, self.out.diagnostics)
        args = tuple(self.number(a) for a in node.args)
        if node.function == "divide":
            if len(args) != 3:
                self.error(_("divide takes 3 values (numerator, denominator, result when the "
                             "denominator is 0), not {args}", args=len(args)), node)
                return e.Const(Fraction(0))
            return e.Divide(*args)
        if len(args) < 2:
            self.error(_("{function} needs at least two values", function=node.function), node)
            return args[0] if args else e.Const(Fraction(0))
        return e.Extremum(node.function, args)

    def binary(self, node: s.Binary) -> tuple[e.Expr, str]:
        if node.op in e.LOGIC:
            return e.Binary(node.op, self.boolean(node.left), self.boolean(node.right)), "bool"
        levels = operands.fact_comparison(self, node) if node.op in e.COMPARISONS else None
        if levels is not None:
            return levels
        left, right = self.number(node.left), self.number(node.right)
        if node.op in e.COMPARISONS:
            return e.Binary(node.op, left, right), "bool"
        if node.op == "/":
            constant = _constant(right)
            if constant is None:
                denominator = unparse.expression(node.right)
                self.error(_("division by '{denominator}', which can be 0",
                             denominator=denominator),
                           node, _("Say what it means: divide({left}, {denominator}, "
                                   "RESULT_WHEN_ZERO)", left=unparse.expression(node.left),
                                   denominator=denominator))
            elif constant == 0:
                self.error(_("division by zero"), node)
                return e.Const(Fraction(0)), "number"
        return e.Binary(node.op, left, right), "number"


def _constant(expression: e.Expr) -> Fraction | None:
    """The value of an expression that mentions no name (None if it mentions one)."""
    if any(True for _ in e.variables(expression)):
        return None
    value = e.evaluate(expression, lambda var: None)
    return value if isinstance(value, Fraction) else None


@attrs.define
class _Conditions:
    table: Table
    out: Resolved
    owner: str
    maxima: dict[str, Fraction]
    prefix: str = "predicate "  # the owner in the graph of dependencies (or "grade ")

    def error(self, message: str, span: Span | None, hint: str | None = None) -> None:
        self.out.diagnostics.append(Diagnostic(message, span, hint, code="predicate"))

    def resolve(self, cond: s.Condition) -> m.Condition:
        text = unparse.condition(cond)
        if isinstance(cond, s.CondAnd | s.CondOr):
            parts = (self.resolve(cond.left), self.resolve(cond.right))
            made = m.AllOf if isinstance(cond, s.CondAnd) else m.AnyOf
            return made(parts, text, cond.span)
        if isinstance(cond, s.CondNot):
            return m.NoneOf(self.resolve(cond.operand), text, cond.span)
        if isinstance(cond, s.PredicateRef):
            if cond.name not in self.table.predicates:
                self.out.diagnostics.append(unknown("predicate", cond.name, cond.span,
                                                    self.table.predicates))
            else:
                self.out.depends.setdefault(self.prefix + self.owner, set()).add(
                    "predicate " + cond.name)
            return m.PredicateRef(cond.name, text, cond.span)
        if isinstance(cond, s.EveryChild):
            return self.every(cond, text)
        if isinstance(cond, s.EveryUnder):
            return quantifiers.every_under(self, cond, text)
        return self.comparison(cond, text)

    def comparison(self, cond: s.Comparison, text: str) -> m.Condition:
        quantity = cond.quantity
        if isinstance(quantity, s.FactOf):
            return self.fact(cond, quantity, text)
        if isinstance(quantity, s.GradeOf):
            self.out.depends.setdefault(self.prefix + self.owner, set()).add(
                "grade " + quantity.name)
            return compare_grade(self.table, cond, quantity, text, self.out.diagnostics)
        name = quantity.name
        kind = self.table.kinds.get(name)
        if kind == "grade" and name not in self.maxima:
            return grade_as_score(self.table, cond, name, text, self.out.diagnostics)
        if name not in self.maxima and kind is not None:
            hint = {"predicate": _("Write `predicate {name}`.", name=name),
                    "fact": _("Write `fact {name} {op} ...`.", name=name, op=cond.op)}.get(kind)
            self.error(_("'{name}' is {a_kind}; a condition compares the score or share of a "
                         "node or view", name=name, a_kind=a_kind(kind)), quantity.span, hint)
            return m.Compare("score", name, cond.op, Fraction(0), text, cond.span)
        if name not in self.maxima:
            scored = [*self.table.nodes, *self.table.views, "total"]
            self.out.diagnostics.append(unknown("node or view", name, quantity.span, scored))
            return m.Compare("score", name, cond.op, Fraction(0), text, cond.span)
        share = isinstance(quantity, s.ShareOf)
        limit = Fraction(1) if share else self.maxima[name]
        value = self.numeric(cond.threshold, share, name, limit, cond.op, text=text)
        return m.Compare("share" if share else "score", name, cond.op, value, text, cond.span)

    def numeric(self, threshold: s.Threshold, share: bool, name: str, limit: Fraction,
                op: str, whose: str | None = None, text: str | None = None) -> Fraction:
        if isinstance(threshold, s.PercentThreshold):
            if not share:
                share_of = "share" if whose is not None else f"share({name})"
                self.error(_("a percentage compares a share: write {share_of} {op} {value}%",
                             share_of=share_of, op=op, value=unparse.number(threshold.value)),
                             threshold.span)
            value = threshold.value / 100
        elif isinstance(threshold, s.NumberThreshold):
            value = threshold.value
            if share and value > 1:
                self.error(_("a share lies in 0..1; {value} can never be reached",
                             value=exact_text(value)),
                           threshold.span, _("Did you mean {value}%?", value=exact_text(value)))
                return value
        else:
            self.error(_("'{name}' is a score, so it compares with a number, not '{threshold}'",
                         name=name, threshold=unparse.threshold(threshold)), threshold.span)
            return Fraction(0)
        what = pgettext("quantity", "share") if share else pgettext("quantity", "score")
        if op == ">" and value == limit:
            reach = _pct(limit) if share else exact_text(limit)
            self.error(_("the highest {what} {value} can reach is {reach}, so `{condition}` can "
                         "never be met", what=what, value=whose or repr(name), reach=reach,
                         condition=text or op), threshold.span)
        elif (op == ">=" and value > limit) or (op == ">" and value > limit):
            self.error(_("the threshold {value} is above the highest {what} {whose} can reach "
                         "({limit}): it can never be met",
                         value=exact_text(value) if not share else _pct(value), what=what,
                         whose=whose or repr(name),
                         limit=exact_text(limit) if not share else '100%'),
                       threshold.span)
        return value

    def fact(self, cond: s.Comparison, quantity: s.FactOf, text: str) -> m.Condition:
        decl = self.table.facts.get(quantity.name)
        if decl is None:
            self.out.diagnostics.append(unknown("fact", quantity.name, quantity.span,
                                                self.table.facts))
            return m.Compare("fact", quantity.name, cond.op, Fraction(0), text, cond.span)
        threshold, kind = cond.threshold, decl.type
        value: m.FactValue = Fraction(0)
        if isinstance(kind, s.LevelsType):
            if not isinstance(threshold, s.LevelThreshold):
                self.error(_("fact '{quantity}' has levels ({levels}); compare it with one of them",
                             quantity=quantity.name, levels=', '.join(kind.levels)), threshold.span)
            elif threshold.name not in kind.levels:
                self.out.diagnostics.append(Diagnostic(
                    _("'{threshold}' is not a level of fact '{quantity}' ({levels})",
                      threshold=threshold.name, quantity=quantity.name,
                      levels=', '.join(kind.levels)), threshold.span,
                    did_you_mean(threshold.name, kind.levels), code="unknown"))
            else:
                value = threshold.name
        elif isinstance(kind, s.YesNoType):
            if not isinstance(threshold, s.YesNoThreshold) or cond.op not in ("==", "!="):
                self.error(_("fact '{quantity}' is yes or no; write `fact {quantity} == yes` or "
                             "`== no`", quantity=quantity.name), cond.span)
            else:
                value = threshold.value
        elif isinstance(threshold, s.NumberThreshold):
            value = threshold.value
            if kind.high is not None and cond.op in (">=", ">") and value > kind.high:
                self.error(_("the threshold {value} is above the highest value of fact "
                             "'{quantity}' ({high}): it can never be met", value=exact_text(value),
                             quantity=quantity.name, high=exact_text(kind.high)), threshold.span)
        else:
            self.error(_("fact '{quantity}' is a number; compare it with a number",
                         quantity=quantity.name),
                       threshold.span)
        return m.Compare("fact", quantity.name, cond.op, value, text, cond.span)

    def every(self, cond: s.EveryChild, text: str) -> m.Condition:
        children = self.children_of(cond.group)
        share = cond.quantity == "share"
        if children is None and cond.group in self.table.view_children:
            # an empty view group: check_views already says it groups nothing
            return m.Every(cond.group, cond.quantity, cond.op, Fraction(0), text,  # type: ignore[arg-type]
                           cond.span)
        if children is None:
            groups = [*(n for n, i in self.table.nodes.items() if i.children),
                      *(n for n, v in self.table.views.items() if isinstance(v, s.ViewGroup))]
            self.out.diagnostics.append(Diagnostic(
                _("'{group}' is not a node or view with children", group=cond.group), cond.span,
                did_you_mean(cond.group, groups), code="unknown"))
            return m.Every(cond.group, cond.quantity, cond.op, Fraction(0), text,  # type: ignore[arg-type]
                           cond.span)
        limits = {c: Fraction(1) if share else self.maxima[c] for c in children}
        lowest = min(limits, key=lambda c: limits[c])
        value = self.numeric(cond.threshold, share, cond.group, limits[lowest], cond.op,
                             whose=_("'{lowest}' (a child of '{group}')", lowest=lowest,
                                     group=cond.group))
        return m.Every(cond.group, cond.quantity, cond.op, value, text,  # type: ignore[arg-type]
                       cond.span, members=tuple(children))

    def children_of(self, group: str) -> list[str] | None:
        if group == "total":
            return list(self.table.top) or None
        if group in self.table.nodes and self.table.nodes[group].children:
            return list(self.table.nodes[group].children)
        return self.table.view_children.get(group) or None


def _pct(value: Fraction) -> str:
    return f"{exact_text(value * 100)}%"


def _cycles(table: Table, out: Resolved) -> Iterator[Diagnostic]:
    """Report each cycle among derived values, node scores and predicates once."""
    state: dict[str, int] = {}
    reported: set[frozenset[str]] = set()

    def visit(name: str, path: list[str]) -> Iterator[Diagnostic]:
        state[name] = 1
        path.append(name)
        for nxt in sorted(out.depends.get(name, ())):
            if state.get(nxt) == 1:
                cycle = [*path[path.index(nxt):], nxt]
                key = frozenset(cycle)
                if key not in reported:
                    reported.add(key)
                    yield Diagnostic(_("cycle: {bare}", bare=' -> '.join(map(bare, cycle))),
                                     table.spans.get(bare(nxt)), code="cycle")
            elif state.get(nxt) is None:
                yield from visit(nxt, path)
        path.pop()
        state[name] = 2

    for name in list(out.depends):
        if state.get(name) is None:
            yield from visit(name, [])
