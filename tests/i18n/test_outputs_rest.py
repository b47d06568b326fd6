"""The rest of what a person reads, in Indonesian: answer-file problems, `zona batch` and
`zona cohort` summaries, the reasons `zona gap` gives for a blocking condition, and
`--help` (docs/language-of-output.md). English stays as the other tests expect it."""

from __future__ import annotations

import json
from fractions import Fraction
from pathlib import Path

import pytest

from tests.conftest import ROOT
from zona.analysis.gap.conditions import Blocking
from zona.cli.main import main
from zona.errors import AnswerProblem, ZonaAnswerError
from zona.i18n import whole

EXAMPLE = ROOT / "examples" / "example.zona"
UNITS = ("unit,q1,q2,n_agen,n_ubah,q5,ipak_index,fact:prior_predicate\n"
         "Kantor A,Ya,B,3,2,A,3.6,WBK\n"
         "Kantor B,Tidak,C,3,1,A,3.6,none\n"
         "Kantor C,Ya,Z,3,1,A,3.6,WBK\n")


def _run(capsys: pytest.CaptureFixture[str], *argv: str | Path) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture
def units(tmp_path: Path) -> Path:
    table = tmp_path / "units.csv"
    table.write_text(UNITS, encoding="utf-8")
    return table


def test_a_reader_error_in_indonesian(capsys: pytest.CaptureFixture[str],
                                      tmp_path: Path) -> None:
    sheet = tmp_path / "bad.json"
    sheet.write_text('{"answers": {"q1": "Ya", "q1": "Tidak"}, "facts": []}', encoding="utf-8")
    code, out, err = _run(capsys, "--lang", "id", "score", "-r", EXAMPLE, sheet)
    assert (code, out) == (1, "")
    assert err == (f"{sheet}: 2 masalah pada jawaban\n"
                   f"  {sheet}#/answers/q1: q1 dijawab dua kali (pertama di "
                   f"{sheet}#/answers/q1)\n"
                   f"  {sheet}#/facts: diharapkan objek fakta\n")
    code, out, err = _run(capsys, "--lang", "en", "score", "-r", EXAMPLE, sheet)
    assert err.splitlines()[0] == f"{sheet}: 2 problems in the answers"


def test_the_problem_count_is_in_the_language(monkeypatch: pytest.MonkeyPatch) -> None:
    one = ZonaAnswerError([AnswerProblem("a.json#/q1", "x")], "a.json")
    assert str(one) == "a.json: 1 problem in the answers\n  a.json#/q1: x"
    monkeypatch.setenv("ZONA_LANG", "id")
    assert str(one) == "a.json: 1 masalah pada jawaban\n  a.json#/q1: x"
    many = ZonaAnswerError([AnswerProblem(f"q{i}", "x") for i in range(52)], "b.json")
    assert str(many).splitlines()[-1] == "  ... dan 2 lainnya"


def test_an_empty_file_and_a_size_in_indonesian(capsys: pytest.CaptureFixture[str],
                                                tmp_path: Path) -> None:
    empty = tmp_path / "empty.csv"
    empty.write_text("  \n", encoding="utf-8")
    code, _out, err = _run(capsys, "--lang", "id", "score", "-r", EXAMPLE, empty)
    assert (code, err) == (1, f"{empty}: 1 masalah pada jawaban\n  {empty}: berkas kosong\n")
    assert (whole(52_428_800, "id"), whole(52_428_800, "en")) == ("52.428.800", "52,428,800")


def test_the_batch_summary_in_indonesian(capsys: pytest.CaptureFixture[str],
                                         units: Path) -> None:
    code, out, err = _run(capsys, "--lang", "id", "batch", units, "-r", EXAMPLE)
    assert code == 1
    assert out == ("unit       total  WBK       WBBM    \n"
                   "Kantor A   87,68  lulus     lulus\n"
                   "Kantor B   74,32  tdk lulus  tdk lulus\n"
                   "Kantor C       -  tidak dinilai: lihat masalahnya\n"
                   "example: 2 dari 3 unit dinilai, 1 bermasalah (lihat di atas)\n"
                   "  WBK: 1 lulus, 1 tidak lulus\n"
                   "  WBBM: 1 lulus, 1 tidak lulus\n")
    assert err == f"{units}:4:3: q2: 'Z' tidak ada pada skala A/B/C/D (A, B, C, D)\n"


def test_the_batch_summary_in_english_is_unchanged(capsys: pytest.CaptureFixture[str],
                                                   units: Path) -> None:
    code, out, _err = _run(capsys, "batch", units, "-r", EXAMPLE)
    assert code == 1
    assert out.splitlines()[-4:] == [
        "Kantor C       -  not scored: see the problems",
        "example: 2 of 3 units scored, 1 with problems (see above)",
        "  WBK: 1 passed, 1 failed", "  WBBM: 1 passed, 1 failed"]


def test_the_cohort_summary_in_indonesian(capsys: pytest.CaptureFixture[str],
                                          units: Path) -> None:
    code, out, _err = _run(capsys, "--lang", "id", "cohort", units, "-r", EXAMPLE, "--top", "2")
    assert code == 1
    assert out.splitlines()[:5] == [
        "== semua unit: 2 dari 3 unit dinilai ==",
        "  WBK: 1 lulus, 1 tidak lulus",
        "  WBBM: 1 lulus, 1 tidak lulus",
        "  nilai (poin: min / median / rerata / maks dari nilai maksimum)",
        "    total                    74,32   81,00   81,00   87,68  dari 100"]
    blocks = out.split("  yang menghambat WBK (1 unit tidak lulus):\n")[1].splitlines()
    assert blocks[:2] == ["         1  100,0%   50,0%  total >= 75",
                          "         1  100,0%  100,0%  every child of areas: share >= 60% "
                          "[area_mp]"]
    assert "  pertanyaan yang paling banyak mengurangi poin (total, per unit, jumlah unit):" \
        in out.splitlines()
    assert "    agen_konkret                 20,00  10,00      2   52,6%  Agen perubahan telah " \
           "membuat perubahan yang konkre" in out.splitlines()


def test_a_gap_block_reason_in_indonesian(capsys: pytest.CaptureFixture[str],
                                          tmp_path: Path) -> None:
    sheet = tmp_path / "weak.json"
    sheet.write_text(json.dumps({"ruleset": "example", "answers": {
        "q1": "Tidak", "q2": "C", "n_agen": 3, "n_ubah": 1, "q5": "A", "ipak_index": 3.6},
        "facts": {"prior_predicate": "none"}}), encoding="utf-8")
    code, out, _err = _run(capsys, "--lang", "id", "gap", "-r", EXAMPLE, sheet,
                           "--target", "WBBM", "--surveys")
    assert "  fact prior_predicate >= WBK: gagal karena sebuah fakta (nilainya none); jawaban " \
           "tidak dapat mengubahnya" in out.splitlines()
    code, out, _err = _run(capsys, "--lang", "en", "gap", "-r", EXAMPLE, sheet,
                           "--target", "WBBM", "--surveys")
    assert code == 0  # a plan is printed; the fact blocks it
    assert "  fact prior_predicate >= WBK: fails on a fact (it is none); answers cannot " \
           "change it" in out.splitlines()


def test_a_reason_keeps_its_english_text_and_writes_numbers_by_language() -> None:
    block = Blocking("fact spip >= 4", "fails on a fact (it is 3.5); answers cannot change it",
                     kind="fact", template="fails on a fact (it is {value}); answers cannot "
                     "change it", fields=(("value", Fraction(7, 2)),))
    assert block.said("id") == "gagal karena sebuah fakta (nilainya 3,5); jawaban tidak " \
                               "dapat mengubahnya"
    assert block.said("en") == block.reason
    assert block.to_dict()["reason"] == block.reason  # JSON: the same in both languages
    plain = Blocking("total >= 75", "cannot be met by changing the allowed answers")
    assert plain.said("id") == "tidak dapat dipenuhi dengan mengubah jawaban yang diizinkan"


def test_score_help_in_indonesian(capsys: pytest.CaptureFixture[str],
                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "100")
    with pytest.raises(SystemExit) as stop:
        main(["--lang", "id", "score", "--help"])
    assert stop.value.code == 0
    out = capsys.readouterr().out
    assert out == (EXPECTED / "score-help.id.txt").read_text(encoding="utf-8")
    monkeypatch.setenv("ZONA_LANG", "id")  # the environment chooses it too
    with pytest.raises(SystemExit):
        main(["score", "--help"])
    assert capsys.readouterr().out == out


def test_help_after_the_command_and_a_bad_environment(capsys: pytest.CaptureFixture[str],
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "100")
    with pytest.raises(SystemExit):
        main(["explain", "--lang", "id", "--help"])
    assert "  --lang {id,en}        bahasa: id (Indonesia) atau en (Inggris); sama dengan " \
           "`zona --lang`" in capsys.readouterr().out.splitlines()
    monkeypatch.setenv("ZONA_LANG", "xx")  # still a one-line error, after the parser is built
    assert main(["rulesets"]) == 1
    assert capsys.readouterr().err.startswith("unknown language 'xx'")


EXPECTED = Path(__file__).parent / "expected"
