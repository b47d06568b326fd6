"""The vectorised batch path on grades, rounding, not-applicable answers (every policy),
facts, views, total and shares in expressions: batch == exact for every node, view,
predicate and grade, on generated rulesets and on every valid example ruleset."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import zona
from tests.batch.generated import batch_rows, batch_rulesets
from tests.batch.test_batch import KINDS, SETTINGS, check_rows
from tests.conftest import ROOT
from tests.strategies import answer_sheets, valid_rulesets
from zona.batch.env import Env

VALID = ROOT / "tests" / "data" / "valid"


@SETTINGS
@given(data=st.data())
def test_batch_equals_exact_on_generated_rulesets_with_grades(data: st.DataObject) -> None:
    """Grades by bands (over a node or a rounding of it, capped by `when`) and by rules,
    and predicates on grades, over the generated rulesets of the first language."""
    generated = data.draw(valid_rulesets(grades=True))
    ruleset = zona.loads(generated.text)
    rows = []
    for _ in range(data.draw(st.integers(1, 8))):
        answers, facts = data.draw(answer_sheets(generated))
        rows.append({**answers, **{f"fact:{k}": v for k, v in facts.items()}})
    check_rows(ruleset, rows, data.draw(st.sampled_from(KINDS)),
               conditions=data.draw(st.booleans()))


@pytest.mark.parametrize("snapping", [True, False])
@SETTINGS
@given(data=st.data())
def test_batch_equals_exact_with_na_rounding_facts_and_views(
        snapping: bool, data: st.DataObject) -> None:
    """Ranged scales, weighted means, not-applicable answers under every policy, facts,
    views, total and shares in expressions, rounding in every mode, and grades: every
    node, view, predicate and grade per row as the exact path gives them. Without
    `snapping` no denominator is known, so whatever the floats cannot decide (a rounding
    on a half, a score on a threshold or a band's end) goes to the exact path."""
    generated = data.draw(batch_rulesets(na=data.draw(st.booleans())))
    ruleset = zona.loads(generated.text)
    rows = data.draw(batch_rows(generated, data.draw(st.integers(1, 8))))
    with pytest.MonkeyPatch.context() as patch:
        if not snapping:
            patch.setattr(Env, "denominator", lambda self, x, rows: None)
        check_rows(ruleset, rows, data.draw(st.sampled_from(KINDS)),
                   conditions=data.draw(st.booleans()), chunk=data.draw(st.sampled_from(
                       [None, 2])), workers=2)


def _sheet(path: Path) -> dict[str, dict[str, object]]:
    name = path.with_suffix("").name
    sheet = path.parent / f"{name}.answers.json"
    return json.loads(sheet.read_text(encoding="utf-8")) if sheet.exists() else {}


EXAMPLES = sorted(VALID.glob("*.zona")) + sorted((ROOT / "examples").glob("*.zona"))


def variants(ruleset: zona.Ruleset, answers: dict[str, object]) -> list[dict[str, object]]:
    """The answers, nothing answered, each input left out in turn, and each choice moved
    to each of its other options in turn (on a copy of the answers)."""
    rows = [dict(answers), {}]
    for index, spec in enumerate(ruleset.inputs):
        rows.append({k: v for k, v in answers.items() if k != spec.name})
        if spec.scale is not None:
            names = spec.scale.names
            rows.append({**answers, spec.name: names[index % len(names)]})
    return rows


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_every_example_ruleset_scores_in_batch_as_exactly(path: Path) -> None:
    """Every valid example (grades, rounding, `= na`, weighted means, ranged scales, facts
    in expressions and weights, ...) with its answers and variants of them."""
    ruleset = zona.load(path)
    sheet = _sheet(path)
    answers = dict(sheet.get("answers", {}))
    facts = dict(sheet.get("facts", {}))
    rows = variants(ruleset, answers)
    if ruleset.weight_facts:  # fixed for every row
        check_rows(ruleset, rows, "pandas", facts=facts, conditions=True)
    else:
        check_rows(ruleset, [{**r, **{f"fact:{k}": v for k, v in facts.items()}}
                             for r in rows], "pandas", conditions=True)
