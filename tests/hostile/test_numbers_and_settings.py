"""Numbers that would be misread (`1_000`, digits of other scripts, a count `"1.000"`), YAML
keys given twice at any depth, and a bad `ZONA_MAX_*` setting: each a located problem or one
line, never a silent wrong value or a traceback."""

from __future__ import annotations

import subprocess
import sys
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import zona
from zona.errors import AnswerProblem, ZonaAnswerError
from zona.i18n import speaking
from zona.io import read_answers
from zona.limits import SettingError, check_settings, limit
from zona.numtext import NumberProblem, grouped_thousand, read_number
from zona.scoring.read import read_value

LKE = zona.load_builtin("permenpan-90-2021")
EXAMPLE = Path(__file__).parents[2] / "examples"


def problems(path: Path, text: str) -> tuple[AnswerProblem, ...]:
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ZonaAnswerError) as caught:
        read_answers(path, LKE).score(LKE)
    return caught.value.problems


def q88(tmp_path: Path, value: str) -> str:
    """The one problem of a JSON sheet answering the count q88 with `value`."""
    path = tmp_path / "a.json"
    found = problems(path, '{"answers": {"q88": ' + value + ', "q89": 1}}')
    assert [p.location for p in found] == [f"{path}#/answers/q88"]
    return found[0].message


def test_a_count_written_with_a_thousands_dot_is_ambiguous(tmp_path: Path) -> None:
    assert q88(tmp_path, '"1.000"') == (
        "q88: '1.000' is ambiguous for a count: 1000 with a thousands separator, or the "
        "decimal 1; write a count without separators (1000)")
    assert q88(tmp_path, '"12.500"') == (
        "q88: '12.500' is ambiguous for a count: 12500 with a thousands separator, or the "
        "decimal 12.5; write a count without separators (12500)")


def test_a_json_number_1_000_is_one_and_text_1000_is_a_thousand(tmp_path: Path) -> None:
    path = tmp_path / "a.json"
    path.write_text('{"answers": {"q88": 1.000, "q89": "1000", "q90": "0.000"}}')
    answers = read_answers(path, LKE).answers
    count = LKE.inputs_by_name["q88"]
    assert [read_value(count, answers[q]) for q in ("q88", "q89", "q90")] == [1, 1000, 0]


def test_underscores_are_refused_in_text_and_in_yaml(tmp_path: Path) -> None:
    assert q88(tmp_path, '"1_000"') == (
        "q88: '1_000' separates digits with '_'; write the number without separators (1000)")
    yaml = tmp_path / "a.yaml"
    assert problems(yaml, "answers:\n  q88: 1_000\n  q89: 2\n") == (AnswerProblem(
        f"{yaml}:2:8", "q88: '1_000' separates digits with '_'; write the number without "
        "separators (1000)"),)


@pytest.mark.parametrize(("digits", "ascii_digits"), [("٣", "3"), ("３", "3"), ("१२", "12")])
def test_digits_of_other_scripts_are_refused(tmp_path: Path, digits: str,
                                              ascii_digits: str) -> None:
    assert q88(tmp_path, f'"{digits}"') == (
        f"q88: '{digits}' has digits of another script; write the digits 0-9 ({ascii_digits})")


@given(st.text(alphabet=st.characters(categories=["Nd"]), min_size=1, max_size=6))
def test_read_number_reads_only_ascii_digits(text: str) -> None:
    if text.isascii():
        assert read_number(text) == int(text)
    else:
        with pytest.raises(NumberProblem, match="digits of another script"):
            read_number(text)


def test_grouped_thousand() -> None:
    assert [grouped_thousand(t) for t in ("1.000", " 12.500 ", "-1.000", "0.000", "1.00",
                                          "1.0000", "1000.000")] == [
        True, True, True, False, False, False, False]


def test_the_indonesian_messages(tmp_path: Path) -> None:
    with speaking("id"):
        assert q88(tmp_path, '"1.000"') == (
            "q88: '1.000' bermakna ganda untuk jumlah: 1000 dengan pemisah ribuan, atau "
            "desimal 1; tulis jumlah tanpa pemisah (1000)")
        assert q88(tmp_path, '"٣"') == (
            "q88: '٣' memuat angka dari aksara lain; tulis dengan angka 0-9 (3)")


def test_yaml_keys_given_twice_at_any_depth(tmp_path: Path) -> None:
    path = tmp_path / "d.yaml"
    text = ("answers:\n  q88: 3\nnotes:\n  q1: a\n  q1: b\n"
            "evidence:\n  q2:\n    - {url: x, url: y}\n")
    assert problems(path, text) == (
        AnswerProblem(f"{path}:5:3", f"q1 is given twice (first at {path}:4:3)"),
        AnswerProblem(f"{path}:8:16", f"url is given twice (first at {path}:8:8)"))


def test_a_bad_setting_is_one_line_in_the_library(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ZONA_MAX_DEPTH", "1e3")
    with pytest.raises(SettingError) as caught:
        zona.check((EXAMPLE / "example.zona").read_text(encoding="utf-8"))
    assert str(caught.value) == "ZONA_MAX_DEPTH=1e3: write a whole number"
    monkeypatch.setenv("ZONA_MAX_DEPTH", "٣")
    with pytest.raises(SettingError, match="write a whole number"):
        limit("cells")  # any limit used checks every setting
    monkeypatch.setenv("ZONA_MAX_DEPTH", "1_000")
    monkeypatch.setenv("ZONA_MAX_DEPHT", "7")
    with pytest.raises(SettingError) as caught:
        check_settings()
    assert str(caught.value).startswith("ZONA_MAX_DEPHT: no such limit; the limits are "
                                        "ZONA_MAX_FILE_BYTES, ")
    monkeypatch.delenv("ZONA_MAX_DEPHT")
    assert check_settings() == {"depth": 1000}


@pytest.mark.parametrize("command", [["check", str(EXAMPLE / "example.zona")],
                                     ["score", str(EXAMPLE / "example-answers.json")],
                                     ["rulesets"]])
def test_a_bad_setting_is_one_line_from_every_command(command: list[str]) -> None:
    done = subprocess.run([sys.executable, "-m", "zona", *command], capture_output=True,
                          text=True, env={"ZONA_LANG": "en", "ZONA_MAX_SHEET_ROWS": "-5",
                                          "PATH": "/usr/bin:/bin"}, check=False)
    assert (done.returncode, done.stdout, done.stderr) == (
        1, "", "ZONA_MAX_SHEET_ROWS=-5: write a whole number\n")


def test_plain_numbers_still_read() -> None:
    count = LKE.inputs_by_name["q88"]
    assert [read_value(count, t) for t in ("12", " 3 ", "1e1", "0.000", "7.0")] == [
        12, 3, 10, 0, 7]
    assert [read_number(t) for t in ("3,72", "1.5", "-0,5", "12.500")] == [
        Fraction(93, 25), Fraction(3, 2), Fraction(-1, 2), Fraction(25, 2)]
