"""Compare the assessors of one unit: score each assessor and the final answers, list the
questions on which assessors answered differently, and say for each whether adopting another
assessor's answer would change a predicate's verdict or a grade's level. Who prevails is
read by zona.io.assessors from the ruleset's `assessors` line.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from fractions import Fraction
from typing import Any

import attrs

from zona.analysis.diff_grades import grade_word
from zona.errors import AnswerProblem, ZonaAnswerError, ZonaError
from zona.i18n import _
from zona.io.assessors import answer_text, blank, final_answers, present_assessors
from zona.io.sheets import AnswerSheet
from zona.model import Ruleset
from zona.numtext import exact_text
from zona.scoring.result import Result


@attrs.frozen
class Alternative:
    """What adopting one other assessor's answer to one question would do to the final
    result: the total it would give, the predicates whose verdict would change and the
    grades whose level would (as zona.analysis.diff_grades.grade_word writes a level)."""

    assessor: str
    answer: object
    total: Fraction
    flips: Mapping[str, tuple[bool | None, bool | None]]  # predicate -> (final, after)
    grades: Mapping[str, tuple[str, str]] = attrs.Factory(dict)  # grade -> (final, after)


@attrs.frozen
class Disagreement:
    """One question (or count) that assessors answered with different values."""

    input: str
    label: str
    node: str | None  # the scored node the answer feeds (the question, or its item)
    answers: Mapping[str, object]  # assessor -> answer, for those who answered
    values: Mapping[str, Fraction | str]  # an answer's value, or "na" (not applicable)
    final: str  # the assessor whose answer prevails
    scores: Mapping[str, Fraction]  # assessor, and "final" -> the node's score
    alternatives: tuple[Alternative, ...] = ()

    @property
    def flips(self) -> bool:
        """Whether adopting another assessor's answer would change any predicate or grade."""
        return any(a.flips or a.grades for a in self.alternatives)


@attrs.frozen(eq=False)
class Comparison:
    """Each assessor's result, the final answers and result, and the disagreements."""

    ruleset: Ruleset
    assessors: tuple[str, ...]  # those present, the one that prevails first
    sheets: Mapping[str, AnswerSheet]
    results: Mapping[str, Result]
    answers: Mapping[str, object]  # the final answers
    chosen: Mapping[str, str]  # input -> the assessor whose answer is final
    final: Result
    disagreements: tuple[Disagreement, ...]
    unit: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready document (exact numbers as strings under `*_exact`)."""
        def brief(result: Result) -> dict[str, Any]:
            return {"total": float(result.total.score),
                    "total_exact": exact_text(result.total.score),
                    "predicates": {p.name: p.passed for p in result.predicates.values()},
                    **({"grades": {g.name: grade_word(g) for g in result.grades.values()}}
                       if result.grades else {})}

        return {
            "ruleset": self.ruleset.id, "unit": self.unit,
            "precedence": list(self.assessors),
            "sources": {a: self.sheets[a].source for a in self.assessors},
            "final": {**brief(self.final), "chosen": dict(self.chosen)},
            "assessors": {a: brief(self.results[a]) for a in self.assessors},
            "disagreements": [_disagreement(d) for d in self.disagreements],
            "results": {**{a: self.results[a].to_dict() for a in self.assessors},
                        "final": self.final.to_dict()},
        }


def _disagreement(found: Disagreement) -> dict[str, Any]:
    return {
        "id": found.input, "question": found.label, "node": found.node,
        "final_assessor": found.final, "flips": found.flips,
        "answers": {a: answer_text(v) for a, v in found.answers.items()},
        "values_exact": {a: v if isinstance(v, str) else exact_text(v)
                         for a, v in found.values.items()},
        "scores_exact": {a: exact_text(v) for a, v in found.scores.items()},
        "alternatives": [{"assessor": a.assessor, "answer": answer_text(a.answer),
                          "total": float(a.total), "total_exact": exact_text(a.total),
                          "flips": [{"predicate": p, "before": before, "after": after}
                                    for p, (before, after) in a.flips.items()],
                          "grade_changes": [{"grade": g, "before": before, "after": after}
                                            for g, (before, after) in a.grades.items()]}
                         for a in found.alternatives],
    }


def compare(ruleset: Ruleset, sheets: Mapping[str, AnswerSheet],
            facts: Mapping[str, object] | None = None) -> Comparison:
    """Compare the assessors' answer sheets of one unit (see the module text).

    Facts are taken from the sheets (the first assessor in order who gives each) and
    then `facts`; every assessor is scored with the same facts, so that verdicts differ
    only by the answers. ZonaAnswerError lists every problem of every sheet.
    """
    present = present_assessors(ruleset, sheets)
    if len(present) < 2:
        if present:
            raise ZonaError(_("compare needs the answers of at least two assessors (found: "
                              "{found})", found=", ".join(present)))
        raise ZonaError(_("compare needs the answers of at least two assessors (found: none)"))
    merged, places = _facts(present, sheets, facts or {})
    results: dict[str, Result] = {}
    errors: list[AnswerProblem] = []
    for assessor in present:
        sheet = attrs.evolve(sheets[assessor], facts=merged,
                             locations={**sheets[assessor].locations, **places})
        try:
            results[assessor] = sheet.score(ruleset)
        except ZonaAnswerError as error:
            errors.extend(p for p in error.problems if p not in errors)
    if errors:
        raise ZonaAnswerError(errors, ", ".join(sheets[a].source for a in present))
    answers, chosen = final_answers(ruleset, sheets)
    final = ruleset.score(answers, merged)
    found = tuple(_disagreements(ruleset, present, sheets, results, answers, chosen, final,
                                 merged))
    unit = next((sheets[a].unit for a in present if sheets[a].unit), None)
    return Comparison(ruleset, present, dict(sheets), results, answers, chosen, final, found,
                      unit)


def _facts(present: Sequence[str], sheets: Mapping[str, AnswerSheet],
           given: Mapping[str, object]) -> tuple[dict[str, object], dict[str, str]]:
    merged: dict[str, object] = {}
    places: dict[str, str] = {}
    for assessor in present:
        sheet = sheets[assessor]
        for name, value in sheet.facts.items():
            if name not in merged and value is not None:
                merged[name] = value
                where = sheet.locations.get(f"facts.{name}")
                if where is not None:
                    places[f"facts.{name}"] = where
    merged.update(given)
    for name in given:
        places.pop(f"facts.{name}", None)
    return merged, places


def _disagreements(ruleset: Ruleset, present: Sequence[str],
                   sheets: Mapping[str, AnswerSheet], results: Mapping[str, Result],
                   answers: Mapping[str, object], chosen: Mapping[str, str], final: Result,
                   facts: Mapping[str, object]) -> list[Disagreement]:
    from zona.scoring import read_value
    from zona.scoring.read import is_not_applicable

    owners = _owners(ruleset)
    found = []
    for spec in ruleset.inputs:
        given = {a: sheets[a].answers[spec.name] for a in present
                 if not blank(sheets[a].answers.get(spec.name))}
        values: dict[str, Fraction | str] = {}
        for assessor, raw in given.items():
            value = "na" if is_not_applicable(spec, raw) else read_value(spec, raw)
            if value is not None:
                values[assessor] = value
        if len(set(values.values())) < 2:
            continue
        final_value = values[chosen[spec.name]]
        node = owners.get(spec.name)
        scores = {a: results[a].nodes[node].score for a in present} if node else {}
        if node:
            scores["final"] = final.nodes[node].score
        alternatives = []
        for assessor, value in values.items():
            if value == final_value or any(values[a] == value for a in given
                                           if present.index(a) < present.index(assessor)):
                continue
            trial = ruleset.score({**answers, spec.name: given[assessor]}, facts)
            flips = {p: (final.predicates[p].passed, trial.predicates[p].passed)
                     for p in final.predicates
                     if trial.predicates[p].passed != final.predicates[p].passed}
            grades = {g: (grade_word(final.grades[g]), grade_word(trial.grades[g]))
                      for g in final.grades
                      if grade_word(final.grades[g]) != grade_word(trial.grades[g])}
            alternatives.append(Alternative(assessor, given[assessor], trial.total.score, flips,
                                            grades))
        found.append(Disagreement(spec.name, spec.texts.label or spec.name, node, given, values,
                                  chosen[spec.name], scores, tuple(alternatives)))
    return found


def _owners(ruleset: Ruleset) -> dict[str, str]:
    """Input id -> the scored node it feeds: the question itself, or the first item."""
    owners: dict[str, str] = {}
    for node in ruleset.root.walk():
        if node.aggregate in ("choice", "expr"):
            for name in (*node.inputs, *node.declared):
                owners.setdefault(name, node.name)
    return owners
