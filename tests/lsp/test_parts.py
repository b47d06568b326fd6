"""The language server's parts without the protocol: positions in client code units, the
index of declarations and references, completion contexts and shares of the total."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import zona
from tests.conftest import ROOT
from zona.cli.main import main
from zona.language.parser import parse
from zona.lsp.completion import complete
from zona.lsp.hover import share_text, shares
from zona.lsp.index import build
from zona.lsp.positions import Place, from_units, to_units, utf16


@given(st.text(), st.data())
def test_a_column_survives_the_round_trip_through_utf16(line: str, data: st.DataObject) -> None:
    column = data.draw(st.integers(0, len(line)))
    units = to_units(line, column, utf16)
    assert units == len(line[:column].encode("utf-16-le")) // 2
    assert from_units(line, units, utf16) == column


def test_a_character_beyond_the_bmp_is_two_utf16_units() -> None:
    line = 'question q "😀 x" { scale yx }'
    assert to_units(line, 28, utf16) == 29
    assert from_units(line, 29, utf16) == 28
    assert from_units(line, 999, utf16) == len(line)


TEXT = '''ruleset "anak" extends "dasar" { }
fact jenis levels { pemda, pusat }
derived d = round(share(inti), 2, half_up) + (if fact jenis == pemda then 1 else 0)
predicate P { require every child of inti: share >= 50%
    require every question under child: score >= 1 }
move q1 to child
area child { weight 1  question q9 { scale yt } }
'''


def test_the_index_finds_names_inside_wider_spans() -> None:
    index = build(parse(TEXT), TEXT)
    assert index.extends == "dasar" and index.extends_place == Place(0, 23, 0, 30)
    assert [(r.name, r.place) for r in index.references] == [
        ("inti", Place(2, 24, 2, 28)), ("jenis", Place(2, 54, 2, 59)),
        ("inti", Place(3, 37, 3, 41)), ("child", Place(4, 33, 4, 38)),
        ("q1", Place(5, 5, 5, 7)), ("child", Place(5, 11, 5, 16)), ("yt", Place(6, 43, 6, 45))]
    assert sorted(index.definitions()) == ["P", "child", "d", "jenis", "q9"]
    assert index.names_at(2, 8) == "d" and index.names_at(2, 35) is None  # half_up


def test_completion_reads_the_block_and_the_words_before_the_cursor() -> None:
    index = build(parse(TEXT), TEXT)
    ids = index.definitions()

    def labels(text: str, line: int, column: int) -> list[str]:
        return [i.label for i in complete(text, line, column, ids, extends=True)]

    assert labels("", 0, 0)[-4:] == ["amend", "remove", "add", "move"]
    assert labels("input n { ", 0, 10) == ["count", "decimal", "scale", "soal", "change",
                                           "measured", "label", "criteria", "cite", "note",
                                           "assumed"]
    assert labels("input n { count change ", 0, 23) == ["free", "up", "down", "fixed"]
    assert labels("derived x = fact ", 0, 17) == ["jenis"]
    assert labels("item i { missing ", 0, 17) == ["error", "exclude", "zero"]
    assert labels("grade g { level A when grade ", 0, 29) == []
    assert labels("item i { score = share(", 0, 23) == ["total", "child", "q9"]
    assert labels('item i "a # b { ', 0, 16) == []  # inside a quoted text
    assert labels("item i { # weight ", 0, 18) == []  # inside a comment
    assert labels("fact f levels { ", 0, 16) == []


def test_shares_of_the_total_pass_through_sums_and_means() -> None:
    ruleset = zona.load(ROOT / "examples" / "example.zona")
    found = shares(ruleset)
    assert (found["pengungkit"], found["mp"], found["mp_tim"], found["q1"]) == (
        Fraction(3, 5), Fraction(3, 10), Fraction(1, 10), Fraction(1, 20))
    assert share_text(Fraction(1, 20)) == "5%"
    assert share_text(Fraction(1, 30)) == "1/30 (≈ 3.33%)"


def test_zona_lsp_without_pygls_names_the_extra(monkeypatch: pytest.MonkeyPatch,
                                                capsys: pytest.CaptureFixture[str],
                                                tmp_path: Path) -> None:
    import sys

    monkeypatch.setitem(sys.modules, "pygls", None)
    assert main(["lsp"]) == 1
    assert capsys.readouterr().err == ('the language server needs pygls: '
                                       'pip install "zona-rb[lsp]"\n')


def test_a_problem_in_the_base_file_is_shown_at_the_extends_clause(tmp_path: Path) -> None:
    from zona.lsp.documents import Workspace
    from zona.lsp.problems import problems

    (tmp_path / "dasar.zona").write_text('ruleset "dasar" { }\nquestion q { scale nope }\n',
                                         encoding="utf-8")
    child = tmp_path / "anak.zona"
    text = 'ruleset "anak" extends "dasar" { }\n'
    document = Workspace().open(child.as_uri(), str(child), text)
    [problem] = problems(document.diagnostics, document.path, text, document.index)
    base = str(tmp_path / "dasar.zona")
    assert problem.place == Place(0, 23, 0, 30)  # the string after `extends`
    assert problem.message == f"{base}:2:20: unknown scale 'nope'"
    assert problem.elsewhere == (base, Place(1, 19, 1, 23))
