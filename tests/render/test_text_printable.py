"""Labels reach the terminal escaped: an escape sequence in a title or a newline in a label
cannot clear the screen or print a fake verdict line (issue 14, safe outputs)."""

from __future__ import annotations

import pytest

import zona
from zona.render.text import result_table

EVIL = ('ruleset "evil" { title "Judul\x1b[2J" }\nscale y { Ya = 1, Tidak = 0 }\n'
        'component c "Komponen\\nWBK (Menuju WBK): PASSED" { weight 100 '
        'question q "Q\u202eX" { scale y } }\n'
        'predicate WBK "Menuju\\nWBK: PASSED" { require total >= 50 }\n'
        'grade g "Tingkat\x07" by total { level B 0 .. 50  level A > 50 .. 100 }\n')


def test_labels_are_escaped_in_the_score_table() -> None:
    ruleset = zona.loads(EVIL)
    table = result_table(ruleset.score({"q": "Tidak"}), unit="Kantor\x1b]0;x\x07")
    assert "\x1b" not in table and "\x07" not in table and "\u202e" not in table
    lines = table.split("\n")
    assert lines[0] == "evil: Judul\\x1b[2J -- Kantor\\x1b]0;x\\x07"
    assert [line for line in lines if line.startswith("WBK")] == [
        "WBK (Menuju\\nWBK: PASSED): FAILED"]
    assert any(line.startswith("  c  Komponen\\nWBK (Menuju WBK): PASSED") for line in lines)
    assert any(line.startswith("    q  Q\\u202eX") for line in lines)
    assert any(line.startswith("Tingkat\\x07 (g): B") for line in lines)


@pytest.mark.parametrize("label", ["Biasa", "Penyusunan Tim Kerja (ZI)", "Tingkat “3”"])
def test_ordinary_labels_are_unchanged(label: str) -> None:
    ruleset = zona.loads(f'ruleset "ok" {{ }}\nscale y {{ Ya = 1 }}\n'
                         f'component c "{label}" {{ weight 1 question q {{ scale y }} }}\n')
    assert f"  c  {label}" in result_table(ruleset.score({"q": "Ya"}))
