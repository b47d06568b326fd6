"""The valid corpus: each tests/data/valid/NAME.zona is scored against NAME.answers.json.

NAME.expected.json holds results computed by hand (the computation is written as a
comment in NAME.zona), never produced by running zona. Keys:

  total_exact, maximum_exact          the root's exact score and maximum
  nodes.ID.{score,share,maximum}_exact, nodes.ID.answered
  views.ID.{score,share,maximum}_exact
  predicates.ID.passed                true, false or null (undecided)
  values.ID                           exact value of an input or derived value
  ruleset.ATTR                        an attribute of the compiled Ruleset (dates as text)
  ruleset_texts.FIELD                 a field of the ruleset's Texts
  texts.ID.FIELD                      a field of a node's Texts (tuples as lists)
  scales.ID                           {"label": ..., "options": [[name, value, label], ...]}
  soal.N                              the input numbered soal N
"""

from __future__ import annotations

import datetime
import json
from pathlib import Path
from typing import Any

import pytest

import zona
from tests.conftest import DATA
from zona.numtext import exact_text

VALID = DATA / "valid"
CASES = sorted(VALID.glob("*.zona"))

def _plain(value: Any) -> Any:
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, tuple):
        return [_plain(v) for v in value]
    return value


def _load_case(path: Path) -> tuple[zona.Ruleset, zona.Result, dict[str, Any]]:
    ruleset = zona.load(path)
    sheet = json.loads(path.with_suffix(".answers.json").read_text(encoding="utf-8"))
    expected = json.loads(path.with_suffix(".expected.json").read_text(encoding="utf-8"))
    result = ruleset.score(sheet["answers"], sheet.get("facts") or {})
    return ruleset, result, expected


def test_corpus_is_complete() -> None:
    """Every valid ruleset has answers, hand-computed expectations and its computation."""
    assert len(CASES) >= 6
    for path in CASES:
        assert path.with_suffix(".answers.json").is_file(), path
        assert path.with_suffix(".expected.json").is_file(), path
        assert "Hand computation" in path.read_text(encoding="utf-8"), path


@pytest.mark.parametrize("path", CASES, ids=lambda p: p.stem)
def test_valid_ruleset_scores_as_computed_by_hand(path: Path) -> None:
    """Scoring the corpus answers reproduces the hand-computed numbers and verdicts."""
    _, result, expected = _load_case(path)
    document = result.to_dict()
    for key in ("total_exact", "maximum_exact"):
        if key in expected:
            assert document[key] == expected[key], key
    for section in ("nodes", "views"):
        for name, fields in expected.get(section, {}).items():
            assert name in document[section], f"{section}.{name}"
            for field, value in fields.items():
                assert document[section][name][field] == value, f"{section}.{name}.{field}"
    for name, fields in expected.get("predicates", {}).items():
        assert document["predicates"][name]["passed"] == fields["passed"], f"predicate {name}"
    for name, value in expected.get("values", {}).items():
        found = result.values[name]
        assert found is not None and exact_text(found) == value, f"value {name}"


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_valid_ruleset_texts_and_header(path: Path) -> None:
    """Header attributes, labels, (dedented) texts, scales and soal numbers are as written."""
    ruleset, _, expected = _load_case(path)
    for attr, value in expected.get("ruleset", {}).items():
        assert _plain(getattr(ruleset, attr)) == value, f"ruleset.{attr}"
    for field, value in expected.get("ruleset_texts", {}).items():
        assert _plain(getattr(ruleset.texts, field)) == value, f"ruleset.texts.{field}"
    for name, fields in expected.get("texts", {}).items():
        texts = ruleset.node(name).texts
        for field, value in fields.items():
            assert _plain(getattr(texts, field)) == value, f"{name}.texts.{field}"
    scales = {scale.name: scale for scale in ruleset.scales}
    for name, spec in expected.get("scales", {}).items():
        scale = scales[name]
        assert scale.label == spec["label"]
        options = [[o.name, exact_text(o.value), o.label] for o in scale.options]
        assert options == spec["options"]
    by_soal = ruleset.by_soal()
    for number, name in expected.get("soal", {}).items():
        assert by_soal[int(number)].name == name


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_valid_ruleset_has_no_diagnostics(path: Path) -> None:
    """zona.check finds nothing wrong with a valid ruleset."""
    assert zona.check(path.read_text(encoding="utf-8"), str(path)) == []
