"""Views, thresholds, conditions and predicates of a generated ruleset (the part of
zona.testing.generated's builder that draws what is compared, not what is scored)."""

from __future__ import annotations

from fractions import Fraction
from typing import TYPE_CHECKING, Any

from hypothesis import strategies as st

from zona.language import syntax as s
from zona.testing.generated_texts import texts

if TYPE_CHECKING:
    from zona.testing.generated import Generated


class Conditions:
    """A builder's names and its views and predicates; `_Builder` draws the rest."""

    draw: Any
    counter: int
    g: Generated
    maxima: dict[str, Fraction]
    children: dict[str, list[str]]
    view_groups: dict[str, list[str]]
    top: list[str]

    def name(self, prefix: str) -> str:
        self.counter += 1
        return f"{prefix}{self.counter}"

    def maybe(self, probability_true: bool = True) -> bool:
        return bool(self.draw(st.booleans())) and probability_true

    def label(self) -> str | None:
        found: str | None = self.draw(st.none() | texts)
        return found

    # views and predicates

    def views(self) -> list[Any]:
        nodes = sorted(n for n in self.maxima if n != "total")
        found: list[Any] = []
        for _ in range(self.draw(st.integers(0, 2))):
            parts = self.draw(st.lists(st.sampled_from(nodes), min_size=1, max_size=3))
            name = self.name("v")
            self.maxima[name] = sum((self.maxima[p] for p in parts), Fraction(0))
            found.append(s.ViewSum(name=name, label=self.label(), parts=tuple(parts)))
        if found and self.maybe():
            group = self.name("vg")
            self.maxima[group] = sum((self.maxima[v.name] for v in found), Fraction(0))
            self.view_groups[group] = [v.name for v in found]
            return [s.ViewGroup(name=group, label=self.label(), members=tuple(found))]
        return found

    def threshold(self, limit: Fraction, share: bool) -> s.Threshold:
        fraction = Fraction(self.draw(st.integers(0, 100)), 100)
        if share:
            if self.maybe():
                return s.PercentThreshold(value=fraction * 100)
            return s.NumberThreshold(value=fraction)
        return s.NumberThreshold(value=limit * fraction)

    def condition(self, earlier: list[str], depth: int = 0) -> s.Condition:
        kind = self.draw(st.sampled_from(("score", "share", "every", "fact", "ref", "and", "or")
                                         if depth < 2 else ("score", "share", "every")))
        if kind in ("and", "or"):
            made = s.CondAnd if kind == "and" else s.CondOr
            return made(left=self.condition(earlier, depth + 1),
                        right=self.condition(earlier, depth + 1))
        if kind == "ref" and earlier:
            return s.PredicateRef(name=self.draw(st.sampled_from(earlier)))
        if kind == "fact":
            fact = self.draw(st.sampled_from(sorted(self.g.facts)))
            levels = self.g.facts[fact]
            if levels:
                return s.Comparison(quantity=s.FactOf(name=fact), op=">=",
                                    threshold=s.LevelThreshold(
                                        name=self.draw(st.sampled_from(levels))))
            return s.Comparison(quantity=s.FactOf(name=fact), op="==",
                                threshold=s.YesNoThreshold(value=self.draw(st.booleans())))
        if kind == "every":
            groups = {**self.children, **self.view_groups}
            groups["total"] = self.top
            group = self.draw(st.sampled_from(sorted(groups)))
            share = self.maybe()
            limit = min(self.maxima[c] for c in groups[group])
            return s.EveryChild(group=group, quantity="share" if share else "score", op=">=",
                                threshold=self.threshold(limit, share))
        subject = self.draw(st.sampled_from(sorted(self.maxima)))
        share = kind == "share"
        quantity = s.ShareOf(name=subject) if share else s.ScoreOf(name=subject)
        return s.Comparison(quantity=quantity, op=">=",
                            threshold=self.threshold(self.maxima[subject], share))

    def predicates(self) -> list[s.PredicateDecl]:
        found: list[s.PredicateDecl] = []
        for _ in range(self.draw(st.integers(0, 3))):
            name = self.name("P")
            members: list[Any] = [
                s.Require(condition=self.condition(list(self.g.predicates)))
                for _ in range(self.draw(st.integers(1, 2)))]
            if self.maybe():
                members.append(s.Text(kind="label", lang="en", text="Predicate"))
            found.append(s.PredicateDecl(name=name, label=self.label(), members=tuple(members)))
            self.g.predicates.append(name)
        return found
