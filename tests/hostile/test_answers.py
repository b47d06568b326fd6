"""Answer files an attacker writes: a YAML alias bomb, numbers of 5,000 digits and 10^10^8,
NaN and Infinity, PortalRB rows with a key twice or misspelled, and control characters in
a unit name or key. Each is a located problem with a short excerpt, never a traceback, a
hang, a Python repr or a fake line on the terminal."""

from __future__ import annotations

from pathlib import Path

import pytest

import zona
from zona.errors import AnswerProblem, ZonaAnswerError
from zona.io import read_answers
from zona.limits import has_control, printable

LKE = zona.load_builtin("permenpan-90-2021")
TOO_BIG = "has too many digits or too large an exponent (at most 40 digits, 10^±40)"


def problems(path: Path, text: str, ruleset: zona.Ruleset = LKE) -> tuple[AnswerProblem, ...]:
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ZonaAnswerError) as caught:  # a value is read when it is scored
        read_answers(path, ruleset).score(LKE)
    return caught.value.problems


def test_a_yaml_alias_bomb_is_refused_at_its_first_alias(tmp_path: Path) -> None:
    lines = ["a: &a [1, 1, 1, 1, 1, 1, 1, 1, 1]"]
    pairs = zip("abcdefghi", "bcdefghij", strict=True)
    lines += [f"{c}: &{c} [{', '.join(['*' + p] * 9)}]" for p, c in pairs]
    path = tmp_path / "bomb.yaml"
    assert problems(path, "\n".join(lines) + "\n") == (AnswerProblem(
        f"{path}:2:8", "not valid YAML: an alias (*name) is not allowed in an answer sheet; "
        "write the value itself"),)


def test_huge_numbers_in_json_are_located_and_cut_short(tmp_path: Path) -> None:
    path = tmp_path / "n.json"
    found = problems(path, '{"answers": {"q88": 1e100000000, "q89": 1' + "0" * 5000 + "}}")
    assert found == (
        AnswerProblem(f"{path}#/answers/q88", f"q88: '1E+100000000' {TOO_BIG}"),
        AnswerProblem(f"{path}#/answers/q89", f"q89: '{'1' + '0' * 59}...' {TOO_BIG}"))


def test_nan_and_infinity_are_not_numbers(tmp_path: Path) -> None:
    path = tmp_path / "nan.json"
    found = problems(path, '{"answers": {"q88": NaN, "q89": -Infinity}}')
    assert [p.location for p in found] == [f"{path}#/answers/q88", f"{path}#/answers/q89"]
    assert found[0].message.startswith("q88: 'NaN' ")
    assert found[1].message.startswith("q89: '-Infinity' ")


def test_huge_numbers_in_yaml_and_csv(tmp_path: Path) -> None:
    yaml = tmp_path / "n.yaml"
    assert problems(yaml, "answers:\n  q88: 1e100000000\n") == (
        AnswerProblem(f"{yaml}:2:8", f"q88: '1e100000000' {TOO_BIG}"),)
    csv = tmp_path / "n.csv"
    assert problems(csv, "q88,1e-100000000\n") == (
        AnswerProblem(f"{csv}:1:2", f"q88: '1e-100000000' {TOO_BIG}"),)


def test_portalrb_rows_with_strange_soal_and_keys(tmp_path: Path) -> None:
    path = tmp_path / "p.json"
    found = problems(path, '[{"soal_id": "²", "jawaban_unit": "Ya"},'
                     ' {"soal_id": 2, "Jawaban_unit": "A"},'
                     ' {"soal_id": 3, "jawaban_unit": "Ya", "jawaban_unit": "Tidak"},'
                     ' {"soal_id": 4, "jawaban_unit": "A", "keterangan": "kept aside"},'
                     ' {"soal_id": "9' + "9" * 5000 + '", "jawaban_unit": "A"}]')
    assert found == (
        AnswerProblem(f"{path}#/0/soal_id", "'²' is not a soal number of permenpan-90-2021"),
        AnswerProblem(f"{path}#/1/Jawaban_unit", "Jawaban_unit is not a PortalRB key (soal_id, "
                      "jawaban, jawaban_<assessor>, in lower case). Did you mean "
                      "'jawaban_unit'?"),
        AnswerProblem(f"{path}#/2/jawaban_unit", "jawaban_unit is given twice in this row"),
        AnswerProblem(f"{path}#/4/soal_id", f"'{'9' * 40}...' is not a soal number of "
                      "permenpan-90-2021"))


def test_a_unit_name_with_a_newline_cannot_fake_a_line(tmp_path: Path) -> None:
    path = tmp_path / "u.json"
    found = problems(path, '{"ruleset": "permenpan-90-2021", "unit": "x\\nWBK: PASSED\\u001b[2J",'
                     ' "answers": {"q1": "Ya", "\\u001b[2Jq\\nzz": 1}}')
    assert found[0] == AnswerProblem(str(path), "unit: 'x\\nWBK: PASSED\\x1b[2J' has a control "
                                     "character; write it on one line, without control "
                                     "characters")
    shown = str(ZonaAnswerError(found, str(path)))
    assert "\x1b" not in shown and "\nWBK" not in shown
    assert f"  {path}#/answers/\\x1b[2Jq\\nzz: \\x1b[2Jq\\nzz: " in shown


def test_printable_escapes_what_a_terminal_obeys() -> None:
    assert printable("a\nb\x1b[2J\u202ec\u00a0d\te") == "a\\nb\\x1b[2J\\u202ec\u00a0d\\te"
    assert printable("x" * 300, 10) == "xxxxxxxxxx..."
    assert not has_control("Unit Kerja\u00a0A (Jakarta)")
    assert has_control("Unit\u2028A")
