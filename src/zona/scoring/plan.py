"""The exact path's plan: what scoring needs of a ruleset, worked out once and kept while
the ruleset lives (fast answer readers, nodes in dependency order, compiled expressions),
and the numbers of one unit computed with it."""

from __future__ import annotations

import math
import operator
import weakref
from collections.abc import Callable, Iterable, Mapping, Set
from fractions import Fraction
from typing import Any

from zona import model as m
from zona.errors import AnswerProblem, ZonaError, did_you_mean
from zona.i18n import _
from zona.model import expr as e
from zona.scoring import applicable
from zona.scoring.numbers import CHOICE, DERIVED, EXPR, MEAN, SUM, State, evaluate
from zona.scoring.read import is_not_applicable, read_value
from zona.scoring.verdicts import Comparison

_ZERO = Fraction(0)
_PLANS: weakref.WeakKeyDictionary[m.Ruleset, Plan] = weakref.WeakKeyDictionary()

_CHOICE, _EXPR, _SUM, _MEAN, _DERIVED = CHOICE, EXPR, SUM, MEAN, DERIVED


def plan_of(ruleset: m.Ruleset) -> Plan:
    """The ruleset's scoring plan, compiled on first use."""
    found = _PLANS.get(ruleset)
    if found is None:
        found = _PLANS[ruleset] = Plan(ruleset)
    return found


class Plan:
    """What scoring needs of a ruleset, worked out once."""

    def __init__(self, ruleset: m.Ruleset) -> None:
        self.ruleset = ruleset
        self.inputs = ruleset.inputs_by_name
        self.blank: dict[str, Fraction | None] = dict.fromkeys(self.inputs)
        self.options: dict[str, dict[str, Fraction]] = {
            i.name: {o.name: o.value for o in i.scale.options if not o.na}
            for i in ruleset.inputs if i.kind == "choice" and i.scale is not None}
        #: the inputs with an option that means "not applicable"
        self.not_applicable = frozenset(i.name for i in ruleset.inputs
                                        if i.scale is not None and i.scale.not_applicable)
        self.counts = frozenset(i.name for i in ruleset.inputs if i.kind == "count")
        nodes = ruleset.nodes
        self.required = tuple(dict.fromkeys(
            name for node in nodes.values()
            if node.missing == "error" and node.aggregate in ("choice", "expr")
            for name in node.inputs))
        self.error_nodes = tuple(n.name for n in nodes.values()
                                 if n.missing == "error" and n.name != "total")
        derived = {d.name: d for d in ruleset.derived}
        self.steps: list[tuple[int, str, Any]] = []
        for name in dependency_order(ruleset):
            if name in derived:
                item = derived[name]
                self.steps.append((_DERIVED, name, (item, *_compiled(item.expr))))
            else:
                self.steps.append(self._step(nodes[name]))
        # a question of maximum 1 scores its answer's value: copied in one go, not a step
        unit = tuple(n for n in nodes.values() if self._is_question(n) and n.maximum == 1)
        self.unit_questions = tuple(n.name for n in unit)
        self.read_unit_questions = _getter(self.unit_questions)
        self.unit_pairs = {id(v): (v.numerator, v.denominator)
                           for n in unit for v in self.options[n.name].values()}
        self.groups = _Groups([nodes[s[1]] for s in self.steps
                               if s[0] == _MEAN and self._is_group(nodes[s[1]])], self.options)
        skip = frozenset(self.unit_questions) | frozenset(self.groups.names)
        self.other_steps = tuple(step for step in self.steps if step[1] not in skip)
        self.group_steps = tuple(step for step in self.steps if step[1] in self.groups.names)
        self.children = {n.name: tuple(c.name for c in n.children) for n in nodes.values()}
        self.parent_kind: dict[str, tuple[str, str]] = {
            c.name: (n.name, n.aggregate) for n in nodes.values() for c in n.children}
        # how to build each node's result, children before parents; a question keeps a
        # cache of its results by (id of its answer, number its parent counted)
        # how to build each node's result: questions and groups of questions keep caches of
        # their results (see scoring_results)
        # (the general path keeps none: a result depends on more than the answer and count)
        cached = not ruleset.features & applicable.GENERAL
        self.build = {
            name: (name, nodes[name], self.children[name],
                   *(self.parent_kind.get(name) or (None, None)),
                   {} if cached and (self._is_question(nodes[name]) or
                                     self._is_group(nodes[name])) else None,
                   cached and self._is_question(nodes[name]))
            for name in nodes}
        self.bottom_up = tuple(reversed(self.build.values()))  # each after its children
        self.fact_results: dict[tuple[int, tuple[object, ...]], Any] = {}
        self.fact_verdicts: dict[tuple[int, object], bool | None] = {}
        self.comparisons: dict[int, tuple[Comparison, ...]] = {}  # by the id of a condition
        self.predicates = ruleset.predicates_by_name
        self.fact_uses = _fact_uses(ruleset)
        #: the general path (zona.scoring.applicable), for rulesets the fast paths do not cover
        self.general = applicable.General(self) if not cached else None
        #: each fact an expression reads, and the first value or node that reads it
        self.expression_facts = _expression_facts(ruleset, [name for _, name, _ in self.steps])

    def _is_question(self, node: m.Node) -> bool:
        return node.aggregate == "choice" and not node.children and node.name in self.options

    def _is_group(self, node: m.Node) -> bool:
        return bool(node.children) and all(self._is_question(c) for c in node.children)

    def _step(self, node: m.Node) -> tuple[int, str, Any]:
        if node.aggregate == "choice":
            scaled = {id(v): v * node.maximum for v in self.options.get(node.name, {}).values()}
            points = {key: (v.numerator, v.denominator) for key, v in scaled.items()}
            return _CHOICE, node.name, (node.maximum, points)
        if node.aggregate == "expr":
            compiled = _compiled(node.expr) if node.expr else (None, ())
            top = (node.maximum.numerator, node.maximum.denominator)
            return _EXPR, node.name, (node, *compiled, top)
        children = tuple(c.name for c in node.children)
        if node.aggregate == "sum":
            return _SUM, node.name, children
        # a mean: the shares of its questions are option values, added as integers over
        # the least common denominator of those values
        scale = [v for c in node.children if self._is_question(c)
                 for v in self.options[c.name].values()]
        common = math.lcm(*(v.denominator for v in scale)) if scale else 1
        # (the option values live as long as the ruleset, so their ids are theirs alone)
        about = tuple(
            (c.name, {id(v): v.numerator * (common // v.denominator)
                      for v in self.options[c.name].values()} if self._is_question(c) else None,
             c.maximum, c.missing == "zero")
            for c in node.children)
        return _MEAN, node.name, (node.maximum.numerator, node.maximum.denominator, common,
                                  about)

    # answers

    def read_answers(self, answers: Mapping[str, object], problems: list[AnswerProblem],
                     na: set[str] | None = None) -> dict[str, Fraction | None]:
        """Every input's exact value (None when unanswered); problems are appended. An
        input answered with a "not applicable" option is None and is added to `na`."""
        values = dict(self.blank)
        inputs, options, counts = self.inputs, self.options, self.counts
        for key, raw in answers.items():
            name = key if key.__class__ is str else str(key)
            kind = raw.__class__
            if kind is str:
                table = options.get(name)
                if table is not None:
                    found = table.get(raw)  # type: ignore[call-overload]
                    if found is not None:  # the usual case: an option's name
                        values[name] = found
                        continue
            elif kind is int and name in counts and raw >= 0:  # type: ignore[operator]
                values[name] = _SMALL[raw] if raw < 256 else Fraction(raw)  # type: ignore
                continue
            spec = inputs.get(name)
            if spec is None:
                hint = did_you_mean(name, inputs)
                problems.append(AnswerProblem(name, _("no question or input has this id")
                                              + (f". {hint}" if hint else "")))
                continue
            if name in self.not_applicable and is_not_applicable(spec, raw):
                if na is None:
                    raise ZonaError(_("'{name}' is answered \"not applicable\"; read the "
                                      "answers with Plan.read_answers(..., na=set())",
                                      name=name))
                na.add(name)
                values[name] = None
                continue
            try:
                values[name] = read_value(spec, raw)
            except ValueError as error:
                problems.append(AnswerProblem(name, str(error)))
        return values

    def check_required(self, values: Mapping[str, Fraction | None],
                       problems: list[AnswerProblem], na: Set[str] = frozenset()) -> None:
        """Add a problem for each unanswered input that a `missing error` policy requires
        (an input answered "not applicable" is not unanswered)."""
        if not self.required:
            return
        reported = {p.location for p in problems}
        for name in self.required:
            if values.get(name) is None and name not in reported and name not in na:
                problems.append(AnswerProblem(name, _("unanswered, and the missing-answer "
                                                      "policy here is 'error'")))

    # numbers

    def evaluate(self, values: dict[str, Fraction | None],
                 only: Iterable[str] | None = None, na: Set[str] = frozenset(),
                 facts: Mapping[str, Fraction] | None = None) -> State:
        """Every node's score (or only those named, which must include what they need),
        in dependency order; ZonaEvaluationError for a score outside its node's range.
        `na`: the inputs answered "not applicable"; `facts`: as expressions read them
        (zona.scoring.applicable.fact_values)."""
        if self.general is not None:
            return applicable.evaluate(self, values, only, set(na), facts or {})
        return evaluate(self, values, only)

    def contribution(self, state: State, name: str) -> Fraction | None:
        """What a node adds to its parent's score (None under `total` or an expression)."""
        if self.general is not None:
            return applicable.contribution(self, state, name)
        parent = self.parent_kind.get(name)
        if parent is None or parent[1] == "expr":
            return None
        if parent[1] == "sum":
            return state.score(name)
        count = state.counted[parent[0]]
        found = state.points[name]
        maximum = self.ruleset.nodes[name].maximum
        if not count or found is None or not maximum:
            return _ZERO
        # parent's maximum / count x score / maximum, made into a Fraction once
        top = self.ruleset.nodes[parent[0]].maximum
        return Fraction(top.numerator * found[0] * maximum.denominator,
                        top.denominator * count * found[1] * maximum.numerator)


_SMALL = [Fraction(n) for n in range(256)]


class _Groups:
    """The means over questions alone, scored together: every option value of their
    questions as an integer over one common denominator, read for all of them in one call,
    then each mean a slice of that list."""

    def __init__(self, means: list[m.Node], options: Mapping[str, Mapping[str, Fraction]]
                 ) -> None:
        self.names = tuple(n.name for n in means)
        questions = [c.name for n in means for c in n.children]
        scale = [v for q in questions for v in options[q].values()]
        common = math.lcm(*(v.denominator for v in scale)) if scale else 1
        # the option values live as long as the ruleset, so their ids are theirs alone
        self.table = {id(v): v.numerator * (common // v.denominator) for v in scale}
        self.read = _getter(tuple(questions))
        self.slices: list[tuple[str, int, int, int, int]] = []
        start = 0
        for node in means:
            end = start + len(node.children)
            top = node.maximum
            self.slices.append((node.name, start, end, top.numerator,
                                top.denominator * common * (end - start)))
            start = end


def _expression_facts(ruleset: m.Ruleset, order: list[str]) -> dict[str, str]:
    """Each fact an expression reads, and the first derived value or node (in `order`)
    whose expression reads it."""
    expressions = {d.name: d.expr for d in ruleset.derived}
    expressions.update((n.name, n.expr) for n in ruleset.nodes.values() if n.expr is not None)
    found: dict[str, str] = {}
    for name in order:
        if name in expressions:
            for var in e.variables(expressions[name]):
                if var.kind == "fact":
                    found.setdefault(var.name, name)
    return found


def _getter(names: tuple[str, ...]) -> Callable[[Mapping[str, Any]], tuple[Any, ...]]:
    """A function giving the values of `names` from a mapping, as a tuple, in one call."""
    if len(names) >= 2:
        return operator.itemgetter(*names)
    return lambda mapping: tuple(mapping[name] for name in names)


def _compiled(expression: e.Expr) -> tuple[e.Compiled, tuple[tuple[str, str], ...]]:
    needs = tuple(dict.fromkeys((v.kind, v.name) for v in e.variables(expression)))
    return e.compile_expr(expression), needs


def dependency_order(ruleset: m.Ruleset) -> list[str]:
    """ruleset.order, with anything a name needs (children, references) placed before it."""
    derived = {d.name: d for d in ruleset.derived}
    nodes = ruleset.nodes
    views = ruleset.views_by_name

    def uses(expression: e.Expr) -> list[str]:
        """The values and nodes an expression reads (a view: the nodes it sums)."""
        return [name for v in e.variables(expression) if v.kind not in ("input", "fact")
                for name in (_view_nodes(views[v.name]) if v.kind == "view" else (v.name,))]

    def needs(name: str) -> list[str]:
        if name in derived:
            return uses(derived[name].expr)
        node = nodes[name]
        found = [c.name for c in node.children]
        if node.expr is not None:
            found += uses(node.expr)
        return found

    order: list[str] = []
    placed: set[str] = set()
    for start in (*ruleset.order, *nodes):
        stack = [(start, False)]
        while stack:  # an iterative depth-first walk: no recursion limit
            name, ready = stack.pop()
            if name in placed:
                continue
            if ready:
                placed.add(name)
                order.append(name)
                continue
            stack.append((name, True))
            stack.extend((n, False) for n in reversed(needs(name)) if n not in placed)
    return order


def _view_nodes(view: m.View) -> tuple[str, ...]:
    return (*view.parts, *(n for child in view.children for n in _view_nodes(child)))


def _fact_uses(ruleset: m.Ruleset) -> dict[int, tuple[str, ...]]:
    """For each predicate and condition (by id) that reads facts and nothing else, the
    facts it reads: its result depends on their values alone."""
    found: dict[int, tuple[str, ...]] = {}
    predicates = ruleset.predicates_by_name
    done: dict[str, tuple[str, ...] | None] = {}

    def of_predicate(name: str) -> tuple[str, ...] | None:
        if name not in done:
            done[name] = None  # predicates do not refer to each other in a cycle
            predicate = predicates[name]
            done[name] = _union([of(c) for c in predicate.conditions])
            if done[name] is not None:
                found[id(predicate)] = done[name]  # type: ignore[assignment]
        return done[name]

    def of(condition: m.Condition) -> tuple[str, ...] | None:
        uses: tuple[str, ...] | None = None
        if isinstance(condition, m.AllOf | m.AnyOf):
            uses = _union([of(p) for p in condition.parts])
        elif isinstance(condition, m.NoneOf):
            uses = of(condition.part)
        elif isinstance(condition, m.PredicateRef):
            uses = of_predicate(condition.name)
        elif isinstance(condition, m.Compare) and condition.quantity == "fact":
            uses = (condition.subject,)
        if uses is not None:
            found[id(condition)] = uses
        return uses

    for name in predicates:
        of_predicate(name)
    return found


def _union(parts: list[tuple[str, ...] | None]) -> tuple[str, ...] | None:
    if any(p is None for p in parts):
        return None
    return tuple(dict.fromkeys(name for p in parts for name in p))  # type: ignore[union-attr]
