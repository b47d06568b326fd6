"""Chained facts at compile time: `from "RULESET" grade G` / `score NODE` / `share NODE`
parses and unparses, is checked on its own (type, once, not from itself), and against the
other ruleset when it is found as an `extends` base is (beside the file, else built in)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import zona
from tests.conftest import ROOT
from zona.language.parser import parse
from zona.language.unparse import module as unparse
from zona.model import FactSource
from zona.model.chaining import grade_problem

EXAMPLES = ROOT / "examples"
HEAD = 'ruleset "zi" { }\nscale yt { Y = 1, T = 0 }\n'
TREE = "group g { weight 1  question q { weight 1  scale yt } }\n"


def _beside(tmp_path: Path, facts: str, name: str = "zi") -> Path:
    """A ruleset `name` with these facts, beside copies of the SAKIP and SPIP examples."""
    for example in ("sakip-88-2021", "spip-maturity"):
        shutil.copy(EXAMPLES / f"{example}.zona", tmp_path / f"{example}.zona")
    path = tmp_path / f"{name}.zona"
    path.write_text(HEAD.replace('"zi"', f'"{name}"') + facts + TREE, encoding="utf-8")
    return path


def _problems(path: Path) -> list[str]:
    return [d.message for d in zona.check(path.read_text(encoding="utf-8"), str(path))]


def test_from_parses_unparses_and_reaches_the_model() -> None:
    text = (HEAD + 'fact sakip "SAKIP" levels { D, C } {\n    label en "SAKIP grade"\n'
            '    from "sakip-88-2021" grade predikat\n}\n'
            'fact nilai number 0..100 { from "sakip-88-2021" score total }\n'
            'fact bagian number 0..1 { from "sakip-88-2021" share perencanaan }\n'
            'fact from levels { a }\n' + TREE)
    tree = parse(text)
    assert parse(unparse(tree)) == tree
    ruleset = zona.loads(text)  # a string: the other ruleset is not found, nothing to check
    sources = {f.name: f.source for f in ruleset.facts}
    assert sources == {"sakip": ("sakip-88-2021", "grade", "predikat"),
                       "nilai": FactSource("sakip-88-2021", "score", "total"),
                       "bagian": ("sakip-88-2021", "share", "perencanaan"), "from": None}
    assert ruleset.facts_by_name["sakip"].texts.label_en == "SAKIP grade"


@pytest.mark.parametrize(("fact", "message"), [
    ('fact k yesno { from "sakip-88-2021" grade predikat }',
     "a yes/no fact cannot come from another ruleset; make it a levels or number fact"),
    ('fact k levels { D } { from "sakip-88-2021" score total }',
     "a levels fact comes from a grade, not a score"),
    ('fact k levels { D } { from "x" grade a  from "y" grade b }',
     "'from' is given twice for fact 'k'"),
    ('fact k number { from "zi" score total }', "circular chain: zi -> zi"),
])
def test_checks_that_need_no_other_ruleset(fact: str, message: str) -> None:
    assert [d.message for d in zona.check(HEAD + fact + "\n" + TREE)] == [message]


def test_the_examples_chain_into_facts_beside_them(tmp_path: Path) -> None:
    path = _beside(tmp_path, 'fact sakip levels { D, C, CC, B, BB, A, AA } '
                             '{ from "sakip-88-2021" grade predikat }\n'
                             'fact spip number 0..5 { from "spip-maturity" grade maturitas }\n'
                             'fact nilai number 0..100 { from "sakip-88-2021" score total }\n'
                             'fact bagian number 0..1 { from "sakip-88-2021" share pr_ada }\n')
    assert _problems(path) == []


@pytest.mark.parametrize(("fact", "message"), [
    ('fact k levels { D, C, CC, B, BB, A } { from "sakip-88-2021" grade predikat }',
     "fact 'k' comes from grade 'predikat' of 'sakip-88-2021', whose levels are D, C, CC, B, "
     "BB, A, AA; the fact lists D, C, CC, B, BB, A (list the same levels, lowest first)"),
    ('fact k levels { D } { from "sakip-88-2021" grade predikaat }',
     "'sakip-88-2021' has no grade 'predikaat'. Did you mean 'predikat'?"),
    ('fact k number 0..5 { from "sakip-88-2021" grade predikat }',
     "fact 'k' is a number, so the levels of grade 'predikat' of 'sakip-88-2021' must be "
     "numbered; 'D' is not"),
    ('fact k number 0..3 { from "spip-maturity" grade maturitas }',
     "fact 'k' comes from grade 'maturitas' of 'spip-maturity', whose level 4 is above the "
     "fact's range 0..3"),
    ('fact k number 0..50 { from "sakip-88-2021" score total }',
     "fact 'k' takes the score of 'total' of 'sakip-88-2021', which reaches 100, above the "
     "fact's range 0..50"),
    ('fact k number 1..100 { from "sakip-88-2021" share total }',
     "fact 'k' takes the share of 'total' of 'sakip-88-2021', which can be 0, below the "
     "fact's range 1..100"),
    ('fact k number { from "sakip-88-2021" score totl }',
     "'sakip-88-2021' has no node or view 'totl'. Did you mean 'total'?"),
])
def test_checks_against_the_other_ruleset(tmp_path: Path, fact: str, message: str) -> None:
    path = _beside(tmp_path, fact + "\n")
    assert _problems(path) == [message]
    error = zona.check(path.read_text(encoding="utf-8"), str(path))[0]
    assert error.span is not None and error.span.line == 3  # at the `from`
    assert path.read_text(encoding="utf-8").splitlines()[2][error.span.column - 1:].startswith(
        "from")


def test_an_other_ruleset_not_found_is_checked_when_scored() -> None:
    text = HEAD + 'fact k levels { D } { from "no-such-ruleset" grade g }\n' + TREE
    assert zona.check(text) == []


def test_a_file_that_holds_another_ruleset(tmp_path: Path) -> None:
    path = _beside(tmp_path, 'fact k levels { D } { from "other" grade predikat }\n')
    shutil.copy(EXAMPLES / "sakip-88-2021.zona", tmp_path / "other.zona")
    assert _problems(path) == [
        f"fact 'k' comes from 'other', but {tmp_path / 'other.zona'} is the ruleset "
        "'sakip-88-2021'"]


def test_a_circle_of_chains_is_reported(tmp_path: Path) -> None:
    _beside(tmp_path, 'fact k number { from "b" score total }\n', name="a")
    _beside(tmp_path, 'fact k number { from "a" score total }\n', name="b")
    with pytest.raises(zona.ZonaCompileError) as caught:
        zona.load(tmp_path / "a.zona")
    assert [d.message for d in caught.value.diagnostics] == ["circular chain: a -> b -> a"]
    assert "b.zona:3:" in str(caught.value)  # reported in the file where the circle closes


def test_problems_of_the_other_ruleset_are_reported_against_its_file(tmp_path: Path) -> None:
    path = _beside(tmp_path, 'fact k number { from "broken" score total }\n')
    (tmp_path / "broken.zona").write_text('ruleset "broken" { }\ngroup g { weight 1 }\n'
                                          'group h { weight x }\n', encoding="utf-8")
    with pytest.raises(zona.ZonaError) as caught:
        zona.load(path)
    assert "broken.zona:3:" in str(caught.value)


def test_the_builtin_facts_take_the_examples_levels() -> None:
    """The 90/2021 `sakip` fact lists the SAKIP example's predikat levels, and the SPIP
    example's maturity levels are numbers within `spip_maturity`'s range: both chain."""
    zi = zona.load_builtin("permenpan-90-2021")
    sakip = zona.load(EXAMPLES / "sakip-88-2021.zona").grades_by_name["predikat"]
    spip = zona.load(EXAMPLES / "spip-maturity.zona").grades_by_name["maturitas"]
    assert grade_problem(zi.facts_by_name["sakip"], sakip, "sakip-88-2021") is None
    assert grade_problem(zi.facts_by_name["spip_maturity"], spip, "spip-maturity") is None
