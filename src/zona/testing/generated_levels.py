"""Hypothesis strategies for the constructs beyond the first language: scales on a range
with numbered options, weighted means (`aggregate weighted`), not-applicable options and the
`na` policies, `share()` in expressions and `every KIND under`.

`level_rulesets(na=...)` draws a ruleset valid by construction, as a `Levels` record (a
`zona.testing.generated.Generated` with the not-applicable options and each node's parent), and
`level_sheets()` answer sheets for it. Without `na` the rulesets use only what the
vectorised batch path supports, so batch == exact can be checked on them.
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
from zona.testing.generated import Generated, _bin, _call, _num, _ref  # noqa: E402
from zona.testing.generated_texts import texts  # noqa: E402

_KINDS = ("component", "area", "subarea", "group")
_NAMED = ("A", "B", "C", "D", "Ya", "Tidak")


@dataclass
class Levels(Generated):
    """A generated ruleset with levels: also its not-applicable options by input, and each
    node's parent (None at the top)."""

    na_options: dict[str, list[str]] = field(default_factory=dict)
    parents: dict[str, str | None] = field(default_factory=dict)
    kinds: dict[str, str] = field(default_factory=dict)


class _Builder:
    def __init__(self, draw: Any, na: bool) -> None:
        self.draw = draw
        self.na = na
        self.counter = 0
        self.g = Levels(module=s.Module(header=s.Header(id="levels")))
        # scale -> (options with values, high, not-applicable option names)
        self.scales: dict[str, tuple[list[tuple[str, Fraction]], Fraction, list[str]]] = {}
        self.maxima: dict[str, Fraction] = {}
        self.children: dict[str, list[str]] = {}

    def name(self, prefix: str) -> str:
        self.counter += 1
        return f"{prefix}{self.counter}"

    def maybe(self) -> bool:
        return bool(self.draw(st.booleans()))

    # scales

    def scale(self, ranged: bool) -> s.ScaleDecl:
        name = self.name("sc")
        declared: list[s.ScaleOption] = []
        if ranged:
            low = self.draw(st.sampled_from((0, 1)))
            high = self.draw(st.sampled_from((2, 4, 5, 10)))
            numbers = sorted(self.draw(st.lists(st.integers(low, high), min_size=2, max_size=5,
                                                unique=True)))
            options = []
            for number in numbers:
                value = None
                if self.draw(st.integers(0, 4)) == 0:  # `3 = 2.5`: a value of its own
                    value = Fraction(self.draw(st.integers(low * 4, high * 4)), 4)
                options.append((str(number), Fraction(number) if value is None else value))
                declared.append(s.ScaleOption(name=str(number), value=value, numbered=True))
            scale_range: tuple[Fraction, Fraction] | None = (Fraction(low), Fraction(high))
        else:
            high = 1
            names = self.draw(st.lists(st.sampled_from(_NAMED), min_size=2, max_size=4,
                                       unique=True))
            options = [(o, Fraction(self.draw(st.integers(0, 100)), 100)) for o in names]
            declared = [s.ScaleOption(name=o, value=v) for o, v in options]
            scale_range = None
        not_applicable = []
        if self.na and self.maybe():
            not_applicable = ["TR"]
            declared.append(s.ScaleOption(name="TR", value=None, na=True, label="Tidak relevan"))
        self.scales[name] = (options, Fraction(high), not_applicable)
        return s.ScaleDecl(name=name, label=self.draw(st.none() | texts), options=tuple(declared),
                           range=scale_range)

    # the tree

    def policies(self) -> list[Any]:
        found: list[Any] = []
        if self.draw(st.integers(0, 3)) == 0:
            found.append(s.MissingPolicy(policy=self.draw(st.sampled_from(("exclude", "zero")))))
        if self.na and self.draw(st.integers(0, 2)) == 0:
            found.append(s.NaPolicy(policy=self.draw(st.sampled_from(("reweight", "full",
                                                                      "zero")))))
        return found

    def node(self, maximum: Fraction, weight: Fraction | None, fixed: bool, depth: int,
             parent: str | None) -> s.NodeDecl:
        """A node; `fixed`: `maximum` is its maximum (it has a weight, or its parent takes a
        weighted mean), else it has its kind's default (a question: its scale's top)."""
        head: list[Any] = [s.Weight(value=weight)] if weight is not None else []
        head += self.policies()
        if depth >= 3 or self.draw(st.integers(0, 2 + depth)) >= 2:
            return self.leaf(maximum if fixed else None, head, parent)
        kind = self.draw(st.sampled_from(_KINDS))
        name = self.name(kind[:3])
        self.maxima[name] = maximum
        self.g.parents[name], self.g.kinds[name] = parent, kind
        mode = self.draw(st.sampled_from(("sum", "mean", "weighted", "weighted", "expr")))
        count = self.draw(st.integers(1, 3))
        members: list[Any] = list(head)
        if mode == "sum":
            units = int(maximum * 100)
            count = min(count, units)
            cuts = sorted(self.draw(st.lists(st.integers(1, units - 1), min_size=count - 1,
                                             max_size=count - 1, unique=True))) if count > 1 \
                else []
            parts = [Fraction(b - a, 100) for a, b in itertools.pairwise([0, *cuts, units])]
            children = [self.node(p, p, True, depth + 1, name) for p in parts]
        elif mode == "weighted":
            members.append(s.Aggregate(how="weighted"))
            children = [self.node(maximum, Fraction(self.draw(st.integers(1, 40)), 4), True,
                                  depth + 1, name) for _ in range(count)]
        else:
            children = [self.node(Fraction(1), None, False, depth + 1, name)
                        for _ in range(count)]
            if mode == "expr":  # the mean of the children's shares, written out
                total: s.Expr = s.ShareRef(name=children[0].name)
                for child in children[1:]:
                    total = _bin("+", total, s.ShareRef(name=child.name))
                members.append(s.ScoreIs(expr=_bin("*", _num(maximum),
                                                   _bin("/", total, _num(len(children))))))
        self.children[name] = [c.name for c in children]
        return s.NodeDecl(kind=kind, name=name, label=None, members=(*members, *children))

    def leaf(self, maximum: Fraction | None, head: list[Any], parent: str | None) -> s.NodeDecl:
        if self.draw(st.integers(0, 3)) > 0:
            name = self.name("q")
            scale = self.draw(st.sampled_from(sorted(self.scales)))
            options, high, not_applicable = self.scales[scale]
            self.g.choices[name] = options
            if not_applicable:
                self.g.na_options[name] = not_applicable
            self.maxima[name] = high if maximum is None else maximum
            self.g.parents[name], self.g.kinds[name] = parent, "question"
            return s.NodeDecl(kind="question", name=name, label=None,
                              members=(*head, s.ScaleRef(name=scale)))
        name = self.name("it")
        top = Fraction(1) if maximum is None else maximum
        self.maxima[name] = top
        self.g.parents[name], self.g.kinds[name] = parent, "item"
        unit = sorted(n for n, (_, high, _) in self.scales.items() if high == 1)
        choice = self.name("c")
        scale = self.draw(st.sampled_from(unit))
        options, _, not_applicable = self.scales[scale]
        self.g.choices[choice] = options
        if not_applicable:
            self.g.na_options[choice] = not_applicable
        declared = s.InputDecl(name=choice, label=None, members=(s.ScaleRef(name=scale),))
        expr = _call("min", _num(top), _bin("*", _num(top), _ref(choice)))
        return s.NodeDecl(kind="item", name=name, label=None,
                          members=(*head, declared, s.ScoreIs(expr=expr)))

    # predicates

    def threshold(self, limit: Fraction, share: bool) -> s.Threshold:
        fraction = Fraction(self.draw(st.integers(0, 100)), 100)
        if share:
            return s.PercentThreshold(value=fraction * 100)
        return s.NumberThreshold(value=limit * fraction)

    def condition(self) -> s.Condition:
        kind = self.draw(st.sampled_from(("score", "share", "every", "under")))
        share = self.maybe()
        quantity = "share" if share else "score"
        if kind == "every":
            groups = {**self.children, "total": self.top}
            group = self.draw(st.sampled_from(sorted(groups)))
            limit = min(self.maxima[c] for c in groups[group])
            return s.EveryChild(group=group, quantity=quantity, op=">=",
                                threshold=self.threshold(limit, share))
        if kind == "under":
            group = self.draw(st.sampled_from(sorted({*self.children, "total"})))
            below = [n for n in self.g.kinds if self._under(n, group)]
            node_kind = self.g.kinds[self.draw(st.sampled_from(below))]
            members = [n for n in below if self.g.kinds[n] == node_kind]
            limit = min(self.maxima[n] for n in members)
            return s.EveryUnder(kind=node_kind, group=group, quantity=quantity, op=">=",
                                threshold=self.threshold(limit, share))
        subject = self.draw(st.sampled_from(sorted(self.maxima)))
        name = s.ShareOf(name=subject) if share else s.ScoreOf(name=subject)
        return s.Comparison(quantity=name, op=">=",
                            threshold=self.threshold(self.maxima[subject], share))

    def _under(self, name: str, group: str) -> bool:
        parent = self.g.parents.get(name)
        while parent is not None:
            if parent == group:
                return True
            parent = self.g.parents.get(parent)
        return group == "total"

    def build(self) -> Levels:
        scales = [self.scale(ranged=True), self.scale(ranged=False)]
        scales += [self.scale(ranged=self.maybe()) for _ in range(self.draw(st.integers(0, 1)))]
        nodes = []
        for _ in range(self.draw(st.integers(1, 3))):
            weighted = self.maybe()
            maximum = Fraction(self.draw(st.integers(1, 160)), 4) if weighted else Fraction(1)
            nodes.append(self.node(maximum, maximum if weighted else None, weighted, 0, None))
        self.top = [n.name for n in nodes]
        self.maxima["total"] = sum((self.maxima[n] for n in self.top), Fraction(0))
        parts = self.draw(st.lists(st.sampled_from(sorted(self.g.kinds)), min_size=1,
                                   max_size=3))
        view = s.ViewSum(name=self.name("v"), label=None, parts=tuple(parts))
        self.maxima[view.name] = sum((self.maxima[p] for p in parts), Fraction(0))
        predicates = []
        for _ in range(self.draw(st.integers(0, 2))):
            name = self.name("P")
            predicates.append(s.PredicateDecl(name=name, label=None, members=tuple(
                s.Require(condition=self.condition())
                for _ in range(self.draw(st.integers(1, 2))))))
            self.g.predicates.append(name)
        attrs: list[Any] = [s.MissingPolicy(policy=self.draw(st.sampled_from(("exclude",
                                                                              "zero"))))]
        if self.na:
            attrs.append(s.NaPolicy(policy=self.draw(st.sampled_from(("reweight", "full",
                                                                      "zero")))))
        self.g.module = s.Module(header=s.Header(id="levels", attrs=tuple(attrs)),
                                 declarations=(*scales, *nodes, view, *predicates))
        return self.g


@st.composite
def level_rulesets(draw: Any, na: bool = False) -> Levels:
    """A valid ruleset with ranged scales, weighted means and `share()` (and, with `na`,
    not-applicable options and policies)."""
    return _Builder(draw, na).build()


@st.composite
def level_sheets(draw: Any, generated: Levels) -> dict[str, object]:
    """Answers: an option's name, a number for a numbered option (3, 3.0 or "3"), sometimes
    "not applicable", sometimes none."""
    answers: dict[str, object] = {}
    for name, options in generated.choices.items():
        pick = draw(st.integers(0, 9))
        if pick == 0:
            continue
        if pick == 1 and name in generated.na_options:
            answers[name] = draw(st.sampled_from(generated.na_options[name]))
            continue
        option = draw(st.sampled_from([o for o, _ in options]))
        if option.isdigit():
            answers[name] = draw(st.sampled_from((option, int(option), float(option))))
        else:
            answers[name] = option
    return answers
