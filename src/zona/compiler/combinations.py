"""Weights that depend on facts (`weight = if fact instansi == pemda then 60 else 40`):
their expressions, every combination of the values of the facts they read, and the
merging of the checks run once per combination into one list of diagnostics, each
saying in which combinations it occurs."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence
from fractions import Fraction

import attrs

from zona.compiler.resolve import Resolved, _Expressions
from zona.compiler.symbols import Table
from zona.errors import Diagnostic
from zona.i18n import _
from zona.language import syntax as s
from zona.model import expr as e

MAX_COMBINATIONS = 64


class _WeightExpressions(_Expressions):
    for_weight = True


@attrs.frozen
class Combination:
    """One value for each fact the weights read, and each `weight = EXPR` for them."""

    facts: tuple[tuple[str, str], ...] = ()
    weights: dict[str, Fraction] = attrs.Factory(dict)

    @property
    def key(self) -> tuple[str, ...]:
        return tuple(value for _, value in self.facts)

    def describe(self) -> str:
        return _(" and ").join(_("{fact} is {value}", fact=fact, value=value)
                               for fact, value in self.facts)


def weight_expressions(table: Table) -> tuple[dict[str, e.Expr], list[Diagnostic]]:
    """Each `weight = EXPR`, resolved (facts and numbers only), with its problems."""
    out = Resolved()
    found = {}
    for name, info in table.nodes.items():
        if isinstance(info.weight, s.WeightIs):
            problems = len(out.diagnostics)
            expression = _WeightExpressions(table, out, name).number(info.weight.expr)
            if len(out.diagnostics) == problems:  # a wrong weight is not checked further
                found[name] = expression
    return found, out.diagnostics


def combinations(table: Table, expressions: dict[str, e.Expr]
                 ) -> tuple[list[Combination], list[Diagnostic]]:
    """Every combination of the facts the weights read (the first level of each fact, `no`
    before `yes`, first), or one empty combination when no weight reads a fact."""
    read = {v.name for x in expressions.values() for v in e.variables(x) if v.kind == "fact"}
    facts = [name for name in table.facts if name in read]
    if not expressions:
        return [Combination()], []
    choices = [_values(table.facts[name]) for name in facts]
    count = 1
    for values in choices:
        count *= len(values)
    problems: list[Diagnostic] = []
    if count > MAX_COMBINATIONS:
        first = next(i.weight for i in table.nodes.values() if isinstance(i.weight, s.WeightIs))
        problems.append(Diagnostic(
            _("the weights depend on {count} combinations of facts ({facts}); at most "
              "{most} are checked", count=count, facts=", ".join(facts),
              most=MAX_COMBINATIONS), first.span if first else None,
            code="weights"))
        choices = [values[:1] for values in choices]
    found = []
    for picked in itertools.product(*choices):
        position = {name: _position(table.facts[name], value)
                    for name, value in zip(facts, picked, strict=True)}
        weights = {}
        lookup = _lookup(position)
        for name, expression in expressions.items():
            value = e.evaluate(expression, lookup)
            weights[name] = value if isinstance(value, Fraction) else Fraction(int(bool(value)))
        found.append(Combination(tuple(zip(facts, picked, strict=True)), weights))
    return found, problems


def _lookup(position: dict[str, Fraction]) -> Callable[[e.Var], Fraction | None]:
    return lambda var: position.get(var.name)


def _values(fact: s.FactDecl) -> tuple[str, ...]:
    return fact.type.levels if isinstance(fact.type, s.LevelsType) else ("no", "yes")


def _position(fact: s.FactDecl, value: str) -> Fraction:
    """How an expression reads a fact's value: a level's position, lowest 0; yes 1, no 0."""
    return Fraction(_values(fact).index(value))


def merge(runs: Sequence[Sequence[Diagnostic]], found: Sequence[Combination]
          ) -> list[Diagnostic]:
    """The diagnostics of every run, each once: as it is when it occurs in every
    combination, else with the combinations where it does: `(when instansi is pemda)`."""
    if len(runs) == 1:
        return list(runs[0])
    where: dict[tuple[object, ...], tuple[Diagnostic, list[int]]] = {}
    for index, run in enumerate(runs):
        for diagnostic in run:
            key = (diagnostic.message, diagnostic.span, diagnostic.hint, diagnostic.code)
            where.setdefault(key, (diagnostic, []))[1].append(index)
    merged = []
    for diagnostic, indices in where.values():
        if len(set(indices)) < len(runs):
            when = _(" or ").join(found[i].describe() for i in dict.fromkeys(indices))
            diagnostic = attrs.evolve(diagnostic, message=_("{message} (when {when})",
                                                            message=diagnostic.message, when=when))
        merged.append(diagnostic)
    return merged
