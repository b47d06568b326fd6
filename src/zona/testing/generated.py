"""Rulesets valid by construction, for hypothesis (moved from the test suite so that
authors can fuzz with them too): `valid_rulesets()` draws a `Generated` record (the syntax
tree and what properties need to know about its inputs, facts, predicates and grades) and
`generated_sheets()` answers and facts for one. Weights sum, there are no cycles,
thresholds are within reach, and every item's expression never falls when a choice or a
decimal rises. zona.testing.generated_levels draws the later constructs (ranged scales,
weighted means, not applicable); zona.testing.generated_grades adds grades.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from zona.extras import require

require("hypothesis", "testing", "zona.testing's strategies")

from hypothesis import strategies as st  # noqa: E402

from zona.language import syntax as s  # noqa: E402
from zona.language import unparse  # noqa: E402
from zona.numtext import exact_text  # noqa: E402
from zona.testing.generated_conditions import Conditions  # noqa: E402
from zona.testing.generated_grades import grade_declarations  # noqa: E402
from zona.testing.generated_texts import INNER_KINDS, assumed, langs, texts  # noqa: E402

# --- valid rulesets ----------------------------------------------------------


@dataclass
class Generated:
    """A valid-by-construction ruleset and what the properties need to know about it."""

    module: s.Module
    #: choice inputs (questions and scale inputs): name -> [(option, value), ...]
    choices: dict[str, list[tuple[str, Fraction]]] = field(default_factory=dict)
    counts: list[str] = field(default_factory=list)
    #: decimal inputs: name -> (low, high)
    decimals: dict[str, tuple[Fraction, Fraction]] = field(default_factory=dict)
    #: each input's leaf node and that leaf's effective missing-answer policy
    policy_of: dict[str, str] = field(default_factory=dict)
    #: facts: name -> levels (empty tuple for yes/no)
    facts: dict[str, tuple[str, ...]] = field(default_factory=dict)
    predicates: list[str] = field(default_factory=list)
    #: grades (valid_rulesets(grades=True)): name -> whether it reads bands over a value
    grades: dict[str, bool] = field(default_factory=dict)

    @property
    def text(self) -> str:
        return unparse.module(self.module)

    @property
    def inputs(self) -> list[str]:
        return [*self.choices, *self.counts, *self.decimals]


def _num(value: Fraction | int) -> s.Number:
    return s.Number(value=Fraction(value))


def _ref(name: str) -> s.Ref:
    return s.Ref(name=name)


def _bin(op: str, left: s.Expr, right: s.Expr) -> s.Binary:
    return s.Binary(op=op, left=left, right=right)


def _call(function: str, *args: s.Expr) -> s.Call:
    return s.Call(function=function, args=args)


_OPTION_NAMES = ("A", "B", "C", "D", "E", "Ya", "Tidak", "Baik", "Cukup", "Kurang")
_LEVEL_NAMES = ("none", "WBK", "WBBM", "low", "mid", "high")


class _Builder(Conditions):
    """Draws one valid ruleset; names are made unique with a counter."""

    def __init__(self, draw: Any, error_policy: bool, grades: bool = False) -> None:
        self.draw = draw
        self.error_policy = error_policy
        self.with_grades = grades
        self.counter = 0
        self.soal = 0
        self.g = Generated(module=s.Module(header=s.Header(id="x")))
        self.scales: dict[str, list[tuple[str, Fraction]]] = {}
        self.maxima: dict[str, Fraction] = {}
        self.children: dict[str, list[str]] = {}
        self.view_groups: dict[str, list[str]] = {}

    def extras(self) -> list[Any]:
        """Optional prose members of a node."""
        found: list[Any] = []
        if self.maybe():
            found.append(self.draw(st.builds(s.Text, kind=st.sampled_from(("cite", "note")),
                                             text=texts, lang=langs)))
        if self.maybe():
            found.append(s.Text(kind="label", lang="en", text=self.draw(texts)))
        if self.draw(st.integers(0, 4)) == 0:
            found.append(self.draw(assumed))
        return found

    # scales and facts

    def scale(self) -> s.ScaleDecl:
        options = self.draw(st.lists(st.sampled_from(_OPTION_NAMES), min_size=2, max_size=4,
                                     unique=True))
        values = [Fraction(self.draw(st.integers(0, 100)), 100) for _ in options]
        if self.maybe():  # a scale usually has a best (1) and a worst (0) option
            values[0], values[-1] = Fraction(1), Fraction(0)
        name = self.name("sc")
        self.scales[name] = list(zip(options, values, strict=True))
        return s.ScaleDecl(name=name, label=self.label(), options=tuple(
            s.ScaleOption(name=o, value=v, label=self.draw(st.none() | texts))
            for o, v in zip(options, values, strict=True)))

    def facts(self) -> list[s.FactDecl]:
        levels = tuple(self.draw(st.lists(st.sampled_from(_LEVEL_NAMES), min_size=2,
                                          max_size=4, unique=True)))
        level_fact = self.name("lv")
        yesno_fact = self.name("yn")
        self.g.facts[level_fact] = levels
        self.g.facts[yesno_fact] = ()
        return [s.FactDecl(name=level_fact, label=self.label(), type=s.LevelsType(levels=levels)),
                s.FactDecl(name=yesno_fact, label=None, type=s.YesNoType())]

    # the tree

    def policy(self, inherited: str) -> tuple[list[s.MissingPolicy], str]:
        choices = ["exclude", "zero", *(["error"] if self.error_policy else [])]
        if self.draw(st.integers(0, 3)) == 0:
            own = self.draw(st.sampled_from(choices))
            return [s.MissingPolicy(policy=own)], own
        return [], inherited

    def soal_member(self) -> list[s.Soal]:
        if self.maybe():
            self.soal += 1
            return [s.Soal(number=self.soal)]
        return []

    def node(self, maximum: Fraction, weighted: bool, depth: int, policy: str) -> s.NodeDecl:
        leaf = depth >= 3 or self.draw(st.integers(0, 2 + depth)) >= 2
        own_policy, policy = self.policy(policy)
        head: list[Any] = [s.Weight(value=maximum)] if weighted else []
        if leaf:
            return self.leaf(maximum, head + own_policy, policy)
        kind = self.draw(st.sampled_from(INNER_KINDS))
        name = self.name(kind[:3])
        self.maxima[name] = maximum
        mode = self.draw(st.sampled_from(("sum", "sum!", "mean", "mean!", "expr")))
        count = self.draw(st.integers(1, 3))
        members: list[Any] = [*head, *own_policy, *self.extras()]
        if mode.startswith("sum"):
            units = int(maximum * 100)
            count = min(count, units)
            cuts = sorted(self.draw(st.lists(st.integers(1, units - 1), min_size=count - 1,
                                             max_size=count - 1, unique=True))) if count > 1 \
                else []
            bounds = [0, *cuts, units]
            parts = [Fraction(b - a, 100) for a, b in itertools.pairwise(bounds)]
            children = [self.node(part, True, depth + 1, policy) for part in parts]
            if mode == "sum!":
                members.append(s.Aggregate(how="sum"))
        else:
            children = [self.node(Fraction(1), False, depth + 1, policy) for _ in range(count)]
            if mode == "mean!":
                members.append(s.Aggregate(how="mean"))
            elif mode == "expr":
                total: s.Expr = _ref(children[0].name)
                for child in children[1:]:
                    total = _bin("+", total, _ref(child.name))
                members.append(s.ScoreIs(expr=_bin("*", _num(maximum),
                                                   _bin("/", total, _num(len(children))))))
        self.children[name] = [c.name for c in children]
        members = list(self.draw(st.permutations(members)))
        return s.NodeDecl(kind=kind, name=name, label=self.label(),
                          members=(*members, *children))

    def leaf(self, maximum: Fraction, head: list[Any], policy: str) -> s.NodeDecl:
        if self.maybe():
            name = self.name("q")
            scale = self.draw(st.sampled_from(sorted(self.scales)))
            self.g.choices[name] = self.scales[scale]
            self.g.policy_of[name] = policy
            self.maxima[name] = maximum
            members = [*head, s.ScaleRef(name=scale), *self.soal_member(), *self.extras()]
            return s.NodeDecl(kind="question", name=name, label=self.label(),
                              members=tuple(self.draw(st.permutations(members))))
        name = self.name("it")
        self.maxima[name] = maximum
        expr, declared = self.item_expression(maximum, policy)
        members = [*head, *declared, s.ScoreIs(expr=expr), *self.extras()]
        return s.NodeDecl(kind="item", name=name, label=self.label(),
                          members=tuple(self.draw(st.permutations(members))))

    # inputs used by items

    def count_input(self, policy: str) -> s.InputDecl:
        name = self.name("n")
        self.g.counts.append(name)
        self.g.policy_of[name] = policy
        return s.InputDecl(name=name, label=self.label(),
                           members=(s.CountType(), *self.soal_member()))

    def decimal_input(self, policy: str) -> tuple[s.InputDecl, s.Expr]:
        """A decimal input and its position in its range, an expression in 0..1."""
        name = self.name("x")
        low = self.draw(st.sampled_from((Fraction(0), Fraction(1), Fraction(-1), Fraction(1, 2))))
        span = self.draw(st.sampled_from((Fraction(1), Fraction(4), Fraction(100),
                                          Fraction(5, 2))))
        self.g.decimals[name] = (low, low + span)
        self.g.policy_of[name] = policy
        offset: s.Expr = _ref(name) if low == 0 else (
            _bin("-", _ref(name), _num(low)) if low > 0 else _bin("+", _ref(name), _num(-low)))
        decl = s.InputDecl(name=name, label=self.label(),
                           members=(s.DecimalType(low=low, high=low + span), *self.soal_member()))
        return decl, _bin("/", offset, _num(span))

    def choice_input(self, policy: str) -> tuple[s.InputDecl, str]:
        name = self.name("c")
        scale = self.draw(st.sampled_from(sorted(self.scales)))
        self.g.choices[name] = self.scales[scale]
        self.g.policy_of[name] = policy
        return s.InputDecl(name=name, label=None, members=(s.ScaleRef(name=scale),)), name

    def item_expression(self, maximum: Fraction, policy: str) -> tuple[s.Expr, list[Any]]:
        """A score expression in 0..maximum that never falls when a choice or decimal rises."""
        top = _num(maximum)
        template = self.draw(st.sampled_from(
            ("ratio", "index", "choice", "step", "mix", "derived", "constant", "logic")))
        if template == "ratio":
            a, b = self.count_input(policy), self.count_input(policy)
            ratio = _call("divide", _ref(a.name), _ref(b.name), _num(1))
            return _bin("*", top, _call("min", _num(1), ratio)), [a, b]
        if template == "index":
            decl, position = self.decimal_input(policy)
            return _bin("*", position, top), [decl]
        if template == "choice":
            decl, choice = self.choice_input(policy)
            return _bin("*", top, _ref(choice)), [decl]
        if template == "step":
            decl, choice = self.choice_input(policy)
            bar = _num(Fraction(self.draw(st.integers(0, 100)), 100))
            low = s.Percent(value=Fraction(self.draw(st.integers(0, 100))))
            return s.If(test=_bin(">=", _ref(choice), bar), then=top,
                        otherwise=_bin("*", top, low)), [decl]
        if template == "mix":
            choice_decl, choice = self.choice_input(policy)
            decimal_decl, position = self.decimal_input(policy)
            half = s.Percent(value=Fraction(50))
            mixed = _bin("+", _bin("*", _bin("*", top, _ref(choice)), half),
                         _bin("*", _bin("*", position, top), half))
            return _call("max", _num(0), _call("min", top, mixed)), [choice_decl, decimal_decl]
        if template == "derived":
            decl, position = self.decimal_input(policy)
            derived = s.DerivedDecl(name=self.name("d"), label=self.label(), expr=position)
            return _call("min", top, _bin("*", top, _ref(derived.name))), [decl, derived]
        if template == "constant":
            return _bin("*", top, s.Percent(value=Fraction(self.draw(st.integers(0, 100))))), []
        first_decl, first = self.choice_input(policy)
        second_decl, second = self.choice_input(policy)
        bar = _num(Fraction(self.draw(st.integers(0, 100)), 100))
        test = _bin(self.draw(st.sampled_from(("and", "or"))), _bin(">=", _ref(first), bar),
                    s.Not(operand=_bin("<", _ref(second), bar)))
        return s.If(test=test, then=top, otherwise=_num(0)), [first_decl, second_decl]

    def build(self) -> Generated:
        default = self.draw(st.sampled_from(("exclude", "zero")))
        scales = [self.scale() for _ in range(self.draw(st.integers(1, 2)))]
        facts = self.facts()
        nodes: list[s.NodeDecl] = []
        for _ in range(self.draw(st.integers(1, 3))):
            weighted = self.maybe()
            maximum = Fraction(self.draw(st.integers(1, 160)), 4) if weighted else Fraction(1)
            nodes.append(self.node(maximum, weighted, 0, default))
        self.top = [n.name for n in nodes]
        self.maxima["total"] = sum((self.maxima[n] for n in self.top), Fraction(0))
        views = self.views()
        predicates = self.predicates()
        attrs: list[Any] = [s.MissingPolicy(policy=default)]
        if self.maybe():
            attrs.append(s.Maximum(value=self.maxima["total"]))
        if self.maybe():
            attrs.append(s.Title(text=self.draw(texts), lang=None))
        header = s.Header(id=self.draw(texts),
                          attrs=tuple(self.draw(st.permutations(attrs))))
        declarations = [*scales, *facts, *nodes, *views, *predicates]
        if self.with_grades:
            declarations += grade_declarations(self)
        self.g.module = s.Module(header=header, declarations=tuple(declarations))
        return self.g


@st.composite
def valid_rulesets(draw: Any, error_policy: bool = False, grades: bool = False) -> Generated:
    """A ruleset that compiles; with error_policy some nodes say `missing error`; with
    grades, grades by bands and by rules (zona.testing.generated_grades)."""
    return _Builder(draw, error_policy, grades).build()


def _decimal_text(value: Fraction) -> str:
    return exact_text(value)


@st.composite
def generated_sheets(draw: Any, generated: Generated, complete: bool = False,
                  ) -> tuple[dict[str, object], dict[str, object]]:
    """Answers (and facts) for a generated ruleset; some left out unless `complete`."""
    answers: dict[str, object] = {}

    def skip() -> bool:
        return not complete and draw(st.integers(0, 5)) == 0

    for name, options in generated.choices.items():
        if not skip():
            answers[name] = draw(st.sampled_from([o for o, _ in options]))
    for name in generated.counts:
        if not skip():
            answers[name] = draw(st.integers(0, 30))
    for name, (low, high) in generated.decimals.items():
        if not skip():
            answers[name] = _decimal_text(low + (high - low) * Fraction(draw(st.integers(0, 100)),
                                                                         100))
    facts: dict[str, object] = {}
    for name, levels in generated.facts.items():
        if draw(st.booleans()):
            facts[name] = draw(st.sampled_from(levels)) if levels else draw(st.booleans())
    return answers, facts
