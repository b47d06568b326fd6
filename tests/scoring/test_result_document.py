"""Result.to_dict, the document `zona score --json` and `zona serve` answer: the same as a
plain walk of the tree (its node texts are kept per NodeResult and its number texts per
value, for speed), and a caller changing one document changes no other."""

from __future__ import annotations

import json
from fractions import Fraction
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import zona
from tests.conftest import ROOT
from tests.strategies import answer_sheets, valid_rulesets
from zona.io import read_answers
from zona.numtext import exact_text
from zona.scoring.result import ConditionResult, Result, _grade

UNIT = ROOT / "examples" / "unit-90-2021.portalrb.json"


def _plain_number(key: str, value: Fraction) -> dict[str, Any]:
    plain: int | float = value.numerator if value.denominator == 1 else float(value)
    return {key: plain, f"{key}_exact": exact_text(value)}


def _plain_value(key: str, value: object) -> dict[str, Any]:
    return _plain_number(key, value) if isinstance(value, Fraction) else {key: value}


def _plain_condition(result: ConditionResult) -> dict[str, Any]:
    found: dict[str, Any] = {"condition": result.text, "passed": result.passed}
    if result.subject is not None:
        found["subject"] = result.subject
    if not result.parts or result.subject is not None:
        actual, threshold = result.actual, result.threshold
        found.update(_plain_value("actual", actual))
        found.update(_plain_value("threshold", threshold))
        op = getattr(result.condition, "op", ">=")
        margin = None
        if isinstance(actual, Fraction) and isinstance(threshold, Fraction) and \
                op in (">=", ">", "<=", "<"):  # how far past the threshold
            margin = actual - threshold if op in (">=", ">") else threshold - actual
            found.update(_plain_number("margin", margin))
        assert result.margin == margin
    if result.parts:
        found["parts"] = [_plain_condition(p) for p in result.parts]
    return found


def plain_document(result: Result) -> dict[str, Any]:
    """The document as zona 0.x built it: one recursive walk, every text computed anew."""
    found = json.loads(json.dumps(result.to_dict(), ensure_ascii=False))
    found["nodes"] = {
        n.name: {**_plain_number("score", n.score), **_plain_number("maximum", n.maximum),
                 **_plain_number("share", n.share), "answered": n.answered,
                 **({} if n.applicable else {"applicable": False})}
        for n in result.total.walk() if n.name != "total"}
    found["views"] = {v.name: {**_plain_number("score", v.score),
                               **_plain_number("maximum", v.maximum),
                               **_plain_number("share", v.share)}
                      for v in result.views.values()}
    found["predicates"] = {p.name: {"passed": p.passed,
                                    "conditions": [_plain_condition(c) for c in p.conditions]}
                           for p in result.predicates.values()}
    if result.ruleset.grades:
        found["grades"] = {g.name: _grade(g) for g in result.grades.values()}
    return found


def _text(document: dict[str, Any]) -> str:
    return json.dumps(document, ensure_ascii=False, default=str)


@settings(max_examples=80, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(st.data())
def test_document_is_the_plain_walk_byte_for_byte(data: st.DataObject) -> None:
    """For any valid ruleset and answers, scored twice (the second time from the kept node
    results): the JSON text is the plain walk's, key order included."""
    generated = data.draw(valid_rulesets())
    answers, facts = data.draw(answer_sheets(generated))
    ruleset = zona.loads(generated.text)
    for _ in range(2):
        result = ruleset.score(answers, facts)
        assert _text(result.to_dict()) == _text(plain_document(result))


def test_builtin_unit_document_is_the_plain_walk() -> None:
    """The 90/2021 PortalRB example (the `zona serve` benchmark's unit), all 2 x 127 nodes."""
    ruleset = zona.load_builtin("permenpan-90-2021")
    result = read_answers(UNIT, ruleset).score(ruleset)
    document = result.to_dict()
    assert list(document["nodes"]) == [n.name for n in result.total.walk()][1:]
    assert _text(document) == _text(plain_document(result))


def test_changing_one_document_changes_no_other() -> None:
    """Node results are shared between units with the same answers: their documents are
    copies, so a caller editing one leaves the next unit's document as it was."""
    ruleset = zona.load_builtin("permenpan-90-2021")
    sheet = read_answers(UNIT, ruleset)
    first = sheet.score(ruleset).to_dict()
    expected = _text(sheet.score(ruleset).to_dict())
    for node in first["nodes"].values():
        node["score"] = -1
        node["extra"] = True
    assert _text(sheet.score(ruleset).to_dict()) == expected
