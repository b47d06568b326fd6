"""zona diff where weights depend on facts: every combination compared, not the first."""

from __future__ import annotations

from pathlib import Path

import pytest

import zona
from zona.analysis.diff import diff, weight_combinations
from zona.cli.main import main

BASE = """ruleset "d1" { }
fact instansi levels { pemda, kementerian }
fact pusat yesno
scale y { Y = 1, T = 0 }
component c { weight = if fact instansi == pemda then 60 else 40
  question a { scale y } }
component d { weight = if fact instansi == pemda then 40 else 60
  question b { scale y } }
"""


def test_a_weight_that_changes_for_one_value_only_is_found() -> None:
    old = zona.loads(BASE)
    new = zona.loads(BASE.replace("else 40", "else 50").replace("else 60", "else 50")
                     .replace('"d1"', '"d2"'))
    assert [c.describe() for c in diff(old, new)] == [
        "weight c (when instansi = kementerian): 40 -> 50",
        "weight d (when instansi = kementerian): 60 -> 50"]


def test_a_change_for_every_value_is_listed_once() -> None:
    old = zona.loads(BASE)
    new = zona.loads(BASE.replace('question a { scale y }', 'question a "Baru" { scale y }'))
    assert [c.describe() for c in diff(old, new)] == ["renamed a: None -> Baru"]


def test_combinations_cover_every_fact_of_both_rulesets() -> None:
    old = zona.loads(BASE)
    new = zona.loads(BASE.replace("component d { weight = if fact instansi == pemda then 40 "
                                  "else 60", "component d { weight = if fact pusat then 40 "
                                  "else 60"))
    assert weight_combinations(old, new) == [
        {"instansi": "pemda", "pusat": "yes"}, {"instansi": "pemda", "pusat": "no"},
        {"instansi": "kementerian", "pusat": "yes"},
        {"instansi": "kementerian", "pusat": "no"}]
    assert weight_combinations(zona.loads('ruleset "x" { }\nscale y { Y = 1 }\n'
                                          'component c { weight 1 question q { scale y } }'
                                          )) == []


def test_the_command_shows_the_combination(tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "old.zona").write_text(BASE, encoding="utf-8")
    (tmp_path / "new.zona").write_text(BASE.replace("then 60", "then 70").replace(
        "then 40", "then 30"), encoding="utf-8")
    assert main(["diff", str(tmp_path / "old.zona"), str(tmp_path / "new.zona")]) == 0
    out = capsys.readouterr().out
    assert "weight c (when instansi = pemda): 60 -> 70" in out
    assert "weight d (when instansi = pemda): 40 -> 30" in out
    assert "kementerian" not in out
