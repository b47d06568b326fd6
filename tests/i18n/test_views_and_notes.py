"""In Indonesian: the HTML views outside the report (their numbers with a decimal comma),
the report's own phrases, the notes and errors of gap analysis, a grade's line in `zona
score`, and the problems of reading a number (docs/language-of-output.md)."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest

import zona
from tests.conftest import ROOT
from zona.analysis.gap import gap
from zona.analysis.gap.clock import Progress
from zona.builtin import UnknownRuleset
from zona.cli.main import main
from zona.i18n import Message, set_language, speaking
from zona.io import read_answers
from zona.numtext import NumberProblem, read_number
from zona.render.html import result_html, ruleset_html

EXAMPLE = ROOT / "examples" / "example.zona"
ANSWERS = ROOT / "examples" / "example-answers.json"
SHAPES = EXAMPLE.read_text(encoding="utf-8") + "predicate NOT { require not (area_mp >= 10) }\n"
FAILING = {"q1": "Ya", "q2": "C", "n_agen": 3, "n_ubah": 1, "q5": "B", "ipak_index": "3.2"}
NOT_NOTE = {
    "id": "analisis gap tidak dapat mengoptimalkan 'not area_mp >= 10' secara eksak: nilai di "
          "bawah 'not' dapat dipenuhi dengan lebih dari satu cara; hanya 'and', 'or', 'every "
          "child of', rujukan predikat, peringkat, dan perbandingan >=/> yang dicari secara "
          "eksak",
    "en": "gap analysis cannot optimise 'not area_mp >= 10' exactly: a score under 'not' may "
          "be met in more than one way; only 'and', 'or', 'every child of', predicate "
          "references, grades and >=/> comparisons are searched exactly"}


@pytest.fixture(scope="module")
def result() -> zona.Result:
    return read_answers(ANSWERS).score(zona.load(EXAMPLE))


def test_the_result_view_writes_numbers_as_its_language(result: zona.Result) -> None:
    set_language("en")  # the process speaks English; the view is asked for Indonesian
    page = result_html(result, "id")
    assert re.findall(r'class="fig" title="([^"]+)">([^<]+)<', page)[:2] == [
        ("5261/60", "87,68 / 100,00"), ("3101/60", "51,68 / 60,00")]
    assert 'title="WBK 60,00 %"' in page and 'title="72,28 %"' in page
    assert "width:72.28%" in page  # CSS keeps its decimal point
    assert '<td class="num">87,68</td><td class="num">75,00</td>' in page
    english = result_html(result, "en")
    assert '<td class="num">87.68</td><td class="num">75.00</td>' in english


def test_the_ruleset_view_writes_exact_values_as_its_language() -> None:
    page = ruleset_html(zona.load(EXAMPLE), "id")
    assert "<li><b>abcd</b> A = 1, B = 0,67, C = 0,33, D = 0</li>" in page
    assert "<li><b>abcd</b> A = 1, B = 0.67, C = 0.33, D = 0</li>" in \
        ruleset_html(zona.load(EXAMPLE), "en")


def test_gap_notes_in_either_language() -> None:
    plan = gap(zona.loads(SHAPES).score(FAILING), "NOT")
    assert plan.method == "heuristic"
    assert plan.note == NOT_NOTE["en"]  # the JSON's note: the same in both languages
    assert plan.to_dict()["note"] == NOT_NOTE["en"]
    assert (plan.said_note("id"), plan.said_note("en")) == (NOT_NOTE["id"], NOT_NOTE["en"])
    with speaking("id"):
        assert plan.said_note() == NOT_NOTE["id"]


def test_the_gap_command_says_its_note_in_indonesian(capsys: pytest.CaptureFixture[str],
                                                     tmp_path: Path) -> None:
    ruleset = tmp_path / "shapes.zona"
    ruleset.write_text(SHAPES, encoding="utf-8")
    sheet = tmp_path / "unit.json"
    sheet.write_text('{"answers": {"q1": "Ya", "q2": "C", "n_agen": 3, "n_ubah": 1, '
                     '"q5": "B", "ipak_index": 3.2}}', encoding="utf-8")
    main(["--lang", "id", "gap", "-r", str(ruleset), str(sheet), "--target", "NOT"])
    out = capsys.readouterr().out
    assert "pencarian heuristik (serakah; rencana diperiksa dengan menilai ulang): " \
           + NOT_NOTE["id"] in out


def test_the_report_says_how_a_plan_was_found_in_indonesian() -> None:
    from zona.render.report import report_html

    page = report_html(zona.loads(SHAPES).score(FAILING), "id", targets=["NOT"],
                       sheet_notes={"q1": "lihat SK"}, evidence={"q1": "https://x.id/sk"})
    assert f"Syarat ini tidak dapat dioptimalkan secara eksak ({NOT_NOTE['id']}). Rencana " \
           "di bawah ini ditemukan dengan pencarian heuristik" in html.unescape(page)
    assert "<h2>Catatan dan bukti dukung</h2><table><tr><th>Pertanyaan</th><th>Catatan</th>" \
           "<th>Bukti dukung</th></tr>" in page
    assert "<th>Question</th><th>Notes</th><th>Evidence</th>" in report_html(
        zona.loads(SHAPES).score(FAILING), "en", targets=[], sheet_notes={"q1": "x"})


def test_gap_errors_and_progress_in_indonesian(result: zona.Result) -> None:
    with speaking("id"):
        with pytest.raises(zona.ZonaError) as caught:
            gap(result, "WBX")
        assert str(caught.value) == "tidak ada predikat 'WBX' di example. Apakah yang dimaksud " \
                                    "'WBK'? (predikat: WBK, WBBM)"
        with pytest.raises(zona.ZonaError) as caught:
            gap(result, "WBK", freeze=["qq1"])
        assert str(caught.value) == "tidak dapat membekukan 'qq1': tidak ada pertanyaan atau " \
                                    "input dengan id ini. Apakah yang dimaksud 'q1'?"
        assert Progress("heuristic", 3.6, 5.0, 12).text == \
            "pencarian heuristik, 3,6 detik dari 5 detik, sejauh ini 12 perubahan"
        with pytest.raises(UnknownRuleset) as unknown:
            zona.load_builtin("permenpan-90-202")
        assert str(unknown.value).startswith("tidak ada ruleset bawaan 'permenpan-90-202'. "
                                             "Apakah yang dimaksud 'permenpan-90-2021'? "
                                             "(bawaan: permenpan-52-2014, ")


def test_a_message_kept_for_later_groups_its_counts() -> None:
    kept = Message("gap analysis cannot search '{name}' exactly: more than {most} values "
                   "to try", (("name", "n_agen"), ("most", 100_000)))
    assert kept.said("id") == "analisis gap tidak dapat mencari 'n_agen' secara eksak: lebih " \
                              "dari 100.000 nilai yang harus dicoba"
    assert kept.said("en").endswith("more than 100,000 values to try")


def test_a_grade_line_in_indonesian(capsys: pytest.CaptureFixture[str]) -> None:
    path = ROOT / "tests" / "data" / "valid" / "grades_bands.zona"
    assert main(["--lang", "id", "score", "-r", str(path),
                 str(path.with_suffix(".answers.json"))]) == 0
    assert capsys.readouterr().out.endswith(
        "Predikat (predikat): B  (nilai 68,33, pita > 60 .. 70; BB memerlukan > 70: kurang "
        "1,67)\n"
        "Mutu (mutu): B  (nilai 45, pita 30 .. < 45; A memerlukan share(manfaat) >= 60%)\n"
        "ringkas: tinggi  (nilai 68, pita > 50 ..)\n")


@pytest.mark.parametrize(("text", "said"), [
    ("1,500", "'1,500' ambigu: koma desimal (1,5) atau pemisah ribuan (1500); tulis 1,5 "
              "atau 1500"),
    ("2,250", "'2,250' ambigu: koma desimal (2,25) atau pemisah ribuan (2250); tulis 2,25 "
              "atau 2250"),
    ("1.500.000", "'1.500.000' memakai pemisah ribuan; tulis bilangan tanpa pemisah "
                  "(1500000)"),
    ("1e99999", "'1e99999' memiliki terlalu banyak digit atau eksponen terlalu besar (paling "
                "banyak 40 digit, 10^±40)")])
def test_a_refused_number_in_indonesian(text: str, said: str) -> None:
    with speaking("id"), pytest.raises(NumberProblem) as caught:
        read_number(text)
    assert str(caught.value) == said
