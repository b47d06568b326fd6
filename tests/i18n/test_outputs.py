"""What a person reads, in Indonesian and in English: the language chosen by `--lang`, then
ZONA_LANG, then the locale; exact outputs of score, check and gap; numbers by language, JSON
the same in both (docs/language-of-output.md)."""

from __future__ import annotations

import json
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.conftest import ROOT
from zona.cli.main import main
from zona.i18n import _, exact, language, ngettext, number, percent, set_language
from zona.numtext import approx_text, read_number

EXAMPLE = ROOT / "examples" / "example.zona"
ANSWERS = ROOT / "examples" / "example-answers.json"
EXPECTED = Path(__file__).parent / "expected"
LINT = ROOT / "tests" / "data" / "lint" / "duplicates.zona"


def _run(capsys: pytest.CaptureFixture[str], *argv: str | Path) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def _weak_sheet(tmp_path: Path, **answers: object) -> Path:
    """The example's unit with q1 and q2 answered worse (q2 left out when None)."""
    given = {"q1": "Tidak", "q2": "C", "n_agen": 3, "n_ubah": 1, "q5": "A", "ipak_index": 3.6}
    given.update(answers)
    sheet = tmp_path / "weak.json"
    sheet.write_text(json.dumps({"ruleset": "example", "unit": "Kantor Contoh", "answers": {
        k: v for k, v in given.items() if v is not None}}), encoding="utf-8")
    return sheet


# --- choosing the language ----------------------------------------------------------


def test_the_language_is_chosen_by_option_then_environment_then_locale(
        monkeypatch: pytest.MonkeyPatch) -> None:
    for variable in ("ZONA_LANG", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(variable, raising=False)
    assert language() == "id"  # no choice anywhere: Indonesian first
    monkeypatch.setenv("LANG", "en_US.UTF-8")
    assert language() == "en"
    monkeypatch.setenv("LC_ALL", "id_ID.UTF-8")  # LC_ALL before LANG, as in POSIX
    assert language() == "id"
    monkeypatch.setenv("LC_ALL", "C.UTF-8")  # a locale of no language: the default
    assert language() == "id"
    monkeypatch.setenv("LC_ALL", "en_GB")
    monkeypatch.setenv("ZONA_LANG", "id")  # the environment variable before the locale
    assert language() == "id"
    set_language("en")  # --lang before both
    assert language() == "en"
    set_language(None)
    assert language() == "id"


def test_a_wrong_language_is_a_one_line_error(monkeypatch: pytest.MonkeyPatch,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("ZONA_LANG", "fr")
    code, out, err = _run(capsys, "check", EXAMPLE)
    assert (code, out) == (1, "")
    assert err == ("unknown language 'fr': use 'id' (Indonesian) or 'en' (English); bahasa "
                   "'fr' tidak dikenal: pakai 'id' (Indonesia) atau 'en' (Inggris)\n")
    with pytest.raises(SystemExit):
        main(["--lang", "fr", "check", str(EXAMPLE)])


def test_the_command_option_and_the_global_option_agree(
        capsys: pytest.CaptureFixture[str]) -> None:
    outputs = {_run(capsys, *argv)[1] for argv in (
        ["--lang", "id", "explain", "-r", EXAMPLE, ANSWERS],
        ["explain", "-r", EXAMPLE, ANSWERS, "--lang", "id"])}
    (text,) = outputs
    assert text.startswith("Penjelasan nilai: Contoh lembar kerja evaluasi\n")


# --- numbers ---------------------------------------------------------------------------


def test_numbers_follow_the_language() -> None:
    value = Fraction(5261, 60)
    assert (number(value, lang="id"), number(value, lang="en")) == ("87,68", "87.68")
    assert (percent(Fraction(2, 3), lang="id"), percent(Fraction(2, 3), lang="en")) == \
        ("66,7%", "66.7%")
    assert (exact(Fraction(7, 8), "id"), exact(Fraction(1, 3), "id")) == ("0,875", "1/3")
    assert number(Fraction(-1, 300), lang="id") == "0,00"  # no minus before a shown zero
    assert number(Fraction(123456), 0, lang="id") == "123456"  # no thousands separators


@given(st.fractions(min_value=-10**6, max_value=10**6), st.integers(0, 6))
def test_an_indonesian_number_is_the_english_one_with_a_decimal_comma(
        value: Fraction, places: int) -> None:
    english, indonesian = number(value, places, "en"), number(value, places, "id")
    assert english == approx_text(value, places)
    assert indonesian == english.replace(".", ",")
    if places != 3:  # three decimals after a comma could be thousands: read_number refuses
        assert read_number(indonesian) == read_number(english)


def test_messages_fill_their_fields_in_each_language() -> None:
    assert _("{file}: ok", "id", file="a.zona") == "a.zona: ok"
    assert ngettext("{file}: ok, {count} warning", "{file}: ok, {count} warnings", 1, "en",
                    file="a.zona") == "a.zona: ok, 1 warning"
    assert ngettext("{file}: ok, {count} warning", "{file}: ok, {count} warnings", 2, "id",
                    file="a.zona") == "a.zona: ok, 2 peringatan"


# --- exact outputs -------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["id", "en"])
def test_score_table_exactly(lang: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _err = _run(capsys, "--lang", lang, "score", "-r", EXAMPLE, ANSWERS)
    assert code == 0
    assert out == (EXPECTED / f"score.{lang}.txt").read_text(encoding="utf-8")


def test_score_warnings_and_verdicts_in_indonesian(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    sheet = _weak_sheet(tmp_path, q2=None)
    _code, out, _err = _run(capsys, "--lang", "id", "score", "-r", EXAMPLE, sheet)
    lines = out.splitlines()
    assert lines[15:] == [
        "total (tepat): 218/3 = 72,666667...",
        "peringatan: 1 dari 6 pertanyaan belum dijawab (tidak dihitung dalam nilai induknya): "
        "q2",
        "",
        "WBK (Menuju WBK): TIDAK LULUS",
        "  TDK  total >= 75  (nilai 72,67, selisih -2,33)",
        "  TDK  every child of areas: share >= 60%",
        "       TDK  area_mp  (nilai 22,2%, selisih -37,78 poin)",
        "       ya   area_tt  (nilai 100,0%, selisih +40,00 poin)",
        "  ya   ipak >= 36  (nilai 36,00, selisih +0,00)",
        "",
        "WBBM (Menuju WBBM): TIDAK LULUS",
        "  TDK  predicate WBK  (nilai tidak)",
        "  TDK  total >= 85  (nilai 72,67, selisih -12,33)",
        "  ??   fact prior_predicate >= WBK  (fakta belum diberikan)"]
    _code, english, _err = _run(capsys, "--lang", "en", "score", "-r", EXAMPLE, sheet)
    assert "warning: 1 of 6 questions unanswered (left out of their parents' scores): q2" \
        in english.splitlines()


def test_json_is_the_same_in_both_languages(capsys: pytest.CaptureFixture[str]) -> None:
    documents = [_run(capsys, "--lang", lang, "score", "--json", "-r", EXAMPLE, ANSWERS)[1]
                 for lang in ("id", "en")]
    assert documents[0] == documents[1]
    assert json.loads(documents[0])["total_exact"] == "5261/60"


@pytest.mark.parametrize(("lang", "expected"), [
    ("id", f"{LINT}: ok, 2 peringatan\n{EXAMPLE}: ok\n"),
    ("en", f"{LINT}: ok, 2 warnings\n{EXAMPLE}: ok\n"),
])
def test_check_exactly(lang: str, expected: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _err = _run(capsys, "--lang", lang, "check", LINT, EXAMPLE)
    assert (code, out) == (0, expected)
    code, out, err = _run(capsys, "--lang", lang, "check", ROOT / "no-such.zona")
    assert (code, out) == (1, "")
    assert err.startswith({"id": f"{ROOT / 'no-such.zona'}: ruleset tidak dapat dibaca: ",
                           "en": f"{ROOT / 'no-such.zona'}: cannot read the ruleset: "}[lang])


GAP = {
    "en": """example: gap to WBK -- Kantor Contoh
minimising changed answers; survey indices held (--surveys to search them)
may only rise: n_agen, ipak_index

1 change(s), 1 grade step(s):
  soal  id          from        to   points
     4  n_ubah         1         3   +13.33

after the changes: total 87.65 (exact 87.65), WBK PASSED
""",
    "id": """example: kekurangan menuju WBK -- Kantor Contoh
meminimalkan jumlah jawaban yang diubah; indeks survei ditahan (--surveys untuk ikut mencarinya)
hanya boleh naik: n_agen, ipak_index

1 perubahan, 1 langkah tingkat:
  soal  id          dari   menjadi     poin
     4  n_ubah         1         3   +13,33

setelah perubahan: nilai total 87,65 (tepat 87,65), WBK LULUS
""",
}


@pytest.mark.parametrize("lang", ["id", "en"])
def test_gap_exactly(lang: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _err = _run(capsys, "--lang", lang, "gap", "-r", EXAMPLE, _weak_sheet(tmp_path),
                           "--target", "WBK")
    assert (code, out) == (0, GAP[lang])
    code, out, _err = _run(capsys, "--lang", lang, "gap", "-r", EXAMPLE, ANSWERS, "-t", "WBK")
    assert out.splitlines()[4:] == {  # after the line of what may only rise
        "en": ["WBK already passes: no change needed.", "",
               "after the changes: total 87.68 (exact 5261/60), WBK PASSED"],
        "id": ["WBK sudah terpenuhi: tidak ada yang perlu diubah.", "",
               "setelah perubahan: nilai total 87,68 (tepat 5261/60), WBK LULUS"]}[lang]


def test_answer_problems_in_indonesian(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    sheet = tmp_path / "bad.json"
    sheet.write_text(json.dumps({"ruleset": "example", "answers": {
        "q1": "Mungkin", "n_agen": -1, "ipak_index": "x", "q5": 7}, "facts": {"prior": "WBK"}}),
        encoding="utf-8")
    code, out, err = _run(capsys, "--lang", "id", "score", "-r", EXAMPLE, sheet)
    assert (code, out) == (1, "")
    assert [line.split(": ", 1)[1] for line in err.splitlines()[1:]] == [
        "q1: 'Mungkin' tidak ada pada skala Ya/Tidak (Ya, Tidak)",
        "n_agen: -1 negatif; jumlah ditulis 0, 1, 2, ...",
        "ipak_index: 'x' bukan angka",
        "q5: 7 tidak ada pada skala A/B/C/D (A, B, C, D)",
        "facts.prior: tidak ada fakta dengan id ini"]
