"""Public hypothesis strategies for writing properties of rulesets in pytest.

    >>> from hypothesis import given
    >>> from zona.testing.strategies import answer_sheets, facts
    >>> @given(answer_sheets(ruleset), facts(ruleset))
    ... def test_total_within_maximum(answers, known):
    ...     assert 0 <= ruleset.score(answers, known).total.score <= ruleset.maximum

* `answer_sheets(ruleset)`: answers every input could be given: any option of its scale
  (a not-applicable one too), a count, a decimal in its range (as exact text), and
  unanswered (left out) where the input's missing policy allows it (`complete=True`
  answers everything).
* `facts(ruleset)`: a value for each fact, within its levels or range; the facts a weight
  or an expression needs are always given, the others sometimes left unknown.
* `rulesets()`: compiled rulesets valid by construction, for fuzzing (`constructs=True`
  draws ranged scales, weighted means and not-applicable options; `grades=True` grades).
  zona.testing.generated and generated_levels hold the syntax-level strategies behind it.
"""

from __future__ import annotations

from collections.abc import Mapping
from fractions import Fraction

from zona.extras import require

require("hypothesis", "testing", "zona.testing.strategies")

from hypothesis import strategies as st  # noqa: E402

import zona  # noqa: E402
from zona import model as m  # noqa: E402
from zona.model.expr import variables  # noqa: E402
from zona.numtext import exact_text  # noqa: E402

MAX_COUNT = 50


def answer_sheets(ruleset: m.Ruleset, complete: bool = False,
                  not_applicable: bool = True) -> st.SearchStrategy[dict[str, object]]:
    """Answer sheets for `ruleset` (see the module doc)."""
    fields: dict[str, st.SearchStrategy[object]] = {}
    for spec in ruleset.inputs:
        answer = _answer(spec, not_applicable)
        if not complete and spec.missing != "error":
            answer = st.none() | answer
        fields[spec.name] = answer
    return st.fixed_dictionaries(fields).map(
        lambda sheet: {k: v for k, v in sheet.items() if v is not None})


def _answer(spec: m.Input, not_applicable: bool) -> st.SearchStrategy[object]:
    if spec.kind == "choice" and spec.scale is not None:
        names = [o.name for o in spec.scale.options if not_applicable or not o.na]
        return st.sampled_from(names)
    if spec.kind == "count":
        return st.integers(0, MAX_COUNT)
    low = spec.low if spec.low is not None else Fraction(0)
    high = spec.high if spec.high is not None else low + 100
    return exact_between(low, high).map(exact_text)


def exact_between(low: Fraction, high: Fraction, steps: int = 400,
                  ) -> st.SearchStrategy[Fraction]:
    """Exact numbers from low to high inclusive (both ends included), on a grid of steps."""
    return st.integers(0, steps).map(lambda i: low + (high - low) * Fraction(i, steps))


def required_facts(ruleset: m.Ruleset) -> frozenset[str]:
    """The facts scoring needs: those a weight depends on or an expression reads."""
    needed = set(ruleset.weight_facts)
    expressions = [n.expr for n in ruleset.root.walk() if n.expr is not None]
    expressions += [d.expr for d in ruleset.derived]
    expressions += [g.value for g in ruleset.grades if g.value is not None]
    for expression in expressions:
        needed.update(v.name for v in variables(expression) if v.kind == "fact")
    return frozenset(needed)


def facts(ruleset: m.Ruleset, complete: bool = False,
          ) -> st.SearchStrategy[dict[str, object]]:
    """Facts for `ruleset` (see the module doc)."""
    needed = required_facts(ruleset)
    fields: dict[str, st.SearchStrategy[object]] = {}
    for fact in ruleset.facts:
        value = _fact(fact)
        fields[fact.name] = value if complete or fact.name in needed else st.none() | value
    return st.fixed_dictionaries(fields).map(
        lambda given: {k: v for k, v in given.items() if v is not None})


def _fact(fact: m.Fact) -> st.SearchStrategy[object]:
    if fact.kind == "levels":
        return st.sampled_from(fact.levels)
    if fact.kind == "yesno":
        return st.booleans()
    low = fact.low if fact.low is not None else Fraction(0)
    high = fact.high if fact.high is not None else low + 100
    return exact_between(low, high, 20).map(exact_text)


def rulesets(constructs: bool = False, grades: bool = False,
             ) -> st.SearchStrategy[m.Ruleset]:
    """Compiled rulesets valid by construction (see the module doc)."""
    if constructs:
        from zona.testing.generated_levels import level_rulesets

        return level_rulesets(na=True).map(lambda g: zona.loads(g.text))
    from zona.testing.generated import valid_rulesets

    return valid_rulesets(grades=grades).map(lambda g: zona.loads(g.text))


def sheets_and_facts(ruleset: m.Ruleset,
                     ) -> st.SearchStrategy[tuple[dict[str, object], Mapping[str, object]]]:
    """An answer sheet and facts together."""
    return st.tuples(answer_sheets(ruleset), facts(ruleset))
