"""`change` and `measured`: what each input gets (its own, a node's, the header's, the
defaults), amendments, the header's words, and the syntax round trip."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import zona
from tests.conftest import ROOT
from zona.language.format import format_source
from zona.language.parser import parse
from zona.language.unparse import module
from zona.model import Words

RULESET = '''ruleset "contoh" {
    change up
    measured "nilai survei"
    measured en "survey scores"
    numbering "butir"
    numbering en "item"
}
scale yt { Ya = 1, Tidak = 0 }
group g {
    weight 1
    change fixed
    question q1 { scale yt }
    question q2 { scale yt  change free  measured }
    input a { count }
    input s { decimal 0..4  measured no }
    item r { score = min(1, divide(a, 1, 0)) + s * 0 }
}
input b { count  change down }
input t { decimal 0..4 }
item u { weight 4  score = t + b * 0 }
'''


def _ways(ruleset: zona.Ruleset) -> dict[str, tuple[str, bool]]:
    return {i.name: (i.change, i.measured) for i in ruleset.inputs}


def test_own_then_node_then_header_then_defaults() -> None:
    ruleset = zona.loads(RULESET)
    assert _ways(ruleset) == {
        "q1": ("fixed", False),  # the group's
        "q2": ("free", True),  # its own
        "a": ("fixed", False), "s": ("fixed", False),  # a decimal that says `measured no`
        "b": ("down", False),
        "t": ("up", True),  # the header's change; a decimal is measured by default
    }
    assert ruleset.words == Words("nilai survei", "survey scores", "butir", "item")
    assert (ruleset.words.measured_in("en"), ruleset.words.numbering_in("id")) == (
        "survey scores", "butir")


def test_without_declarations_nothing_changes_meaning() -> None:
    """The defaults are what zona always did: free, and decimals held unless asked."""
    example = (ROOT / "examples" / "example.zona").read_text(encoding="utf-8")
    plain = example.replace("  change up", "").replace("        measured\n", "") \
        .replace("        change up\n", "")
    ruleset = zona.loads(plain)
    assert _ways(ruleset)["n_agen"] == ("free", False)
    assert _ways(ruleset)["ipak_index"] == ("free", True)
    assert {w for w, _ in _ways(ruleset).values()} == {"free"}
    assert zona.loads('ruleset "x" { }\nitem i { score = 1 }').words == Words()
    assert Words().numbering_in("en") == "soal"


def test_amendments_change_and_measure(tmp_path: Path) -> None:
    shutil.copy(ROOT / "examples" / "example.zona", tmp_path / "example.zona")
    child = tmp_path / "child.zona"
    child.write_text('ruleset "child" extends "example" {\n    change fixed\n'
                     '    measured en "external surveys"\n}\n'
                     "amend n_agen { change down }\namend ipak_index { measured no }\n"
                     "amend q2 { measured }\n", encoding="utf-8")
    ruleset = zona.load(child)
    ways = _ways(ruleset)
    assert ways["n_agen"] == ("down", False)
    assert ways["ipak_index"] == ("up", False)  # its own `change up` stays
    assert ways["q2"] == ("fixed", True)  # the header's new default, and measured
    assert ruleset.words == Words("indeks survei", "external surveys")


def test_a_duplicate_in_an_amendment_replaces_the_base() -> None:
    tree = parse('ruleset "x" { }\namend a { change up  measured }\n')
    assert [type(m).__name__ for m in tree.declarations[0].members] == ["ChangeRule",
                                                                        "Measured"]


@given(st.lists(st.sampled_from(["change free", "change up", "change down", "change fixed",
                                 "measured", "measured no"]), max_size=2, unique_by=lambda w:
                w.split()[0]),
       st.sampled_from(["", "change up", "measured \"x\"", "numbering en \"y\""]))
def test_the_syntax_round_trips_and_formats(members: list[str], header: str) -> None:
    text = (f'ruleset "x" {{ {header} }}\nscale yt {{ Ya = 1, Tidak = 0 }}\n'
            f"question q {{ scale yt  {'  '.join(members)} }}\n"
            f"input n {{ count {' '.join(members)} }}\nitem i {{ score = min(1, n) }}\n")
    tree = parse(text)
    assert parse(module(tree)) == tree
    formatted = format_source(text)
    assert parse(formatted) == tree and format_source(formatted) == formatted
    zona.loads(text)


@pytest.mark.parametrize("name", ["permenpan-90-2021", "portalrb-2026", "permenpan-52-2014"])
def test_builtin_rulesets_round_trip(name: str) -> None:
    text = (ROOT / "rulesets" / f"{name}.zona").read_text(encoding="utf-8")
    tree = parse(text)
    assert parse(module(tree)) == tree
