"""`extends`: amendments are applied to the base, and the result is checked like any ruleset."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import zona
from tests.conftest import ROOT


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    shutil.copy(ROOT / "examples" / "example.zona", tmp_path / "example.zona")
    return tmp_path


def child(folder: Path, body: str) -> Path:
    path = folder / "child.zona"
    path.write_text('ruleset "child" extends "example" {\n    title "Anak"\n}\n' + body,
                    encoding="utf-8")
    return path


def error_text(path: Path) -> str:
    with pytest.raises(zona.ZonaError) as caught:
        zona.load(path)
    return str(caught.value)


def test_amend_remove_add_move(folder: Path) -> None:
    ruleset = zona.load(child(folder, """
amend q2 { label "Anggota tim (baru)" scale ya_tidak criteria "Ya, jika ..." }
amend mp_tim { weight 12 }
amend mp_agen { weight 18 }
remove q5
add to tt_sop { question q6 "SOP dievaluasi" { scale abcd } }
move q1 to tt_sop
amend WBK { require total >= 70 }
"""))
    assert ruleset.id == "child" and ruleset.title == "Anak" and ruleset.extends == "example"
    assert [c.name for c in ruleset.node("tt_sop").children] == ["q6", "q1"]
    assert ruleset.node("q2").texts.label == "Anggota tim (baru)"
    assert ruleset.node("q2").texts.criteria == "Ya, jika ..."
    assert ruleset.inputs_by_name["q2"].scale is not None
    assert ruleset.inputs_by_name["q2"].scale.name == "ya_tidak"
    assert ruleset.node("mp_tim").maximum == 12
    assert "q5" not in ruleset.nodes
    assert [c.text for c in ruleset.predicates_by_name["WBK"].conditions] == ["total >= 70"]
    assert ruleset.title != zona.load(folder / "example.zona").title
    result = ruleset.score({"q1": "Ya", "q2": "Ya", "q6": "A", "n_agen": 1, "n_ubah": 1,
                            "ipak_index": 4})
    assert result.total.score == 100


def test_weights_must_still_sum(folder: Path) -> None:
    text = error_text(child(folder, "amend mp_tim { weight 11 }\n"))
    assert "the weights of the children of 'mp' sum to 31, not its weight 30" in text
    assert f"{folder / 'example.zona'}:" in text  # shown against the base file's line


def test_a_removed_node_may_not_still_be_used(folder: Path) -> None:
    text = error_text(child(folder, "remove ipak\n"))
    assert "unknown node or view 'ipak'" in text
    assert "require ipak >= 36" in text  # the base's predicate still names it


def test_unknown_target_and_wrong_member(folder: Path) -> None:
    path = child(folder, "amend q99 { weight 2 }\namend q1 { count }\n")
    text = error_text(path)
    assert f"{path}:4:7: error: 'q99' is not declared in the ruleset this one extends" in text
    assert "'count' cannot amend 'q1'" in text


def test_missing_base_and_circular_extends(folder: Path) -> None:
    lonely = folder / "lonely.zona"
    lonely.write_text('ruleset "lonely" extends "nowhere" {}\n', encoding="utf-8")
    assert "cannot find the ruleset 'nowhere' to extend" in error_text(lonely)
    (folder / "a.zona").write_text('ruleset "a" extends "b" {}\n', encoding="utf-8")
    (folder / "b.zona").write_text('ruleset "b" extends "a" {}\n', encoding="utf-8")
    assert "circular extends: b -> a -> b" in error_text(folder / "b.zona")


def test_amendments_need_extends() -> None:
    with pytest.raises(zona.ZonaCompileError, match="extends none"):
        zona.loads('ruleset "x" {}\nremove q1\n')


def test_extends_a_builtin_by_name() -> None:
    ruleset = zona.loads('ruleset "mine" extends "permenpan-90-2021" { title "Milik saya" }\n'
                         'amend WBK { require total >= 80 }\n')
    assert len(ruleset.inputs) == 127
    assert [c.text for c in ruleset.predicates_by_name["WBK"].conditions] == ["total >= 80"]
