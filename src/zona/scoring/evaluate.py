"""Ruleset x answers -> Result, in exact arithmetic. No I/O.

Scoring runs a plan compiled once per ruleset and kept while the ruleset lives
(`plan`: a reader per input, every node in dependency order, expressions compiled
to closures), then builds the Result (`build`). Answers and facts are read by
`read`. The arithmetic is exact (fractions), as docs/language.md states.
"""

from __future__ import annotations

from collections.abc import Mapping

from zona import model as m
from zona.errors import AnswerProblem, ZonaAnswerError, ZonaEvaluationError
from zona.i18n import _
from zona.scoring.applicable import fact_values
from zona.scoring.build import build_result
from zona.scoring.plan import plan_of
from zona.scoring.read import plain_facts, read_facts
from zona.scoring.result import Result


def score(ruleset: m.Ruleset, answers: Mapping[str, object],
          facts: Mapping[str, object]) -> Result:
    """Score one unit; ZonaAnswerError lists every problem in answers and facts."""
    problems: list[AnswerProblem] = []
    facts = plain_facts(ruleset, facts, problems)  # other rulesets' results: their values
    if ruleset.weight_facts:  # weights that depend on facts: fixed by the unit's first
        try:
            ruleset = ruleset.specialise(facts)
        except ZonaAnswerError as error:
            raise ZonaAnswerError([*problems, *error.problems]) from None
    plan = plan_of(ruleset)
    na: set[str] = set()
    values = plan.read_answers(answers, problems, na)
    known_facts = read_facts(ruleset, facts, problems)
    plan.check_required(values, problems, na)
    if plan.expression_facts:  # a fact an expression reads is required
        reported = {p.location for p in problems}
        problems.extend(AnswerProblem(f"facts.{fact}",
                                      _("needed by '{owner}', but not given", owner=owner))
                        for fact, owner in plan.expression_facts.items()
                        if fact not in known_facts and f"facts.{fact}" not in reported)
    if problems:
        raise ZonaAnswerError(problems)
    try:
        state = plan.evaluate(values) if plan.general is None else \
            plan.evaluate(values, na=na, facts=fact_values(plan, known_facts))
    except RecursionError:
        raise ZonaEvaluationError(_("the ruleset's references are chained too deeply to "
                                    "score (a node whose score uses a node whose score uses "
                                    "...)"), None, ruleset.source) from None
    unanswered = [AnswerProblem(name, _("nothing it depends on was answered, and the "
                                        "missing-answer policy here is 'error'"))
                  for name in plan.error_nodes
                  if state.points[name] is None and name not in state.na]
    if unanswered:
        raise ZonaAnswerError(unanswered)
    return build_result(plan, state, known_facts)
