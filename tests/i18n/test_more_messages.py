"""The messages that were English in both languages until now, in Indonesian: interval
bounds, `zona diff` and `zona compare`, the column and SQL checks of batch scoring,
`zona test`, `--fact` and `--fact-from`, the problems scoring finds, a missing optional
library, the editor's rename (docs/language-of-output.md). English stays as the other
tests expect it; each test says both where the English is not tested elsewhere."""

from __future__ import annotations

import json
from fractions import Fraction
from pathlib import Path

import pytest

import zona
from tests.conftest import ROOT
from zona.analysis.bounds import bounds
from zona.analysis.diff import Change
from zona.analysis.diff_grades import said_grade
from zona.cli.main import main
from zona.errors import ZonaAnswerError, ZonaError
from zona.extras import missing
from zona.i18n import set_language, speaking
from zona.testing.run import show

EXAMPLES = ROOT / "examples"
EXAMPLE = EXAMPLES / "example.zona"
ANSWERS = EXAMPLES / "example-answers.json"


def _run(capsys: pytest.CaptureFixture[str], *argv: str | Path) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_bounds_in_indonesian() -> None:
    ruleset = zona.load(EXAMPLES / "spip-maturity.zona")
    document = json.loads((EXAMPLES / "spip-maturity.answers.json").read_text("utf-8"))
    answers = {k: v for k, v in document["answers"].items() if k != "s1"}
    found = bounds(ruleset, answers, document.get("facts"))
    with speaking("id"):
        assert found.text() == ("spip-maturity: batas nilai dengan 1 jawaban yang belum "
                                "diketahui (s1)\n"
                                "total: 2583/880 .. 687/220 dari 5\n"
                                "peringkat maturitas: sudah pasti: 2\n")
    with speaking("en"):
        assert found.text().splitlines()[0] == "spip-maturity: bounds with 1 unknown answer (s1)"
        assert found.text().splitlines()[2] == "grade maturitas: decided: 2"


def test_diff_in_indonesian(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    changed = tmp_path / "new.zona"
    changed.write_text(EXAMPLE.read_text("utf-8").replace("total >= 75", "total >= 90"),
                       encoding="utf-8")
    folder = tmp_path / "answers"
    folder.mkdir()
    (folder / "unit.json").write_text(ANSWERS.read_text("utf-8"), encoding="utf-8")
    code, out, err = _run(capsys, "--lang", "id", "diff", EXAMPLE, changed, "--answers", folder)
    assert (code, err) == (0, "")
    assert out == ("example -> example: 2 perubahan\n"
                   "  ambang predicate WBK: total >= 75 -> None\n"
                   "  ambang predicate WBK: None -> total >= 90\n"
                   "\n"
                   "predikat yang putusannya berbalik (2):\n"
                   "  Kantor Contoh: WBK terpenuhi -> tidak terpenuhi\n"
                   "  Kantor Contoh: WBBM terpenuhi -> tidak terpenuhi\n")
    code, out, err = _run(capsys, "--lang", "id", "diff", EXAMPLE, changed, "--answers",
                          tmp_path / "none")
    assert (code, out) == (1, "")
    assert err == f"{tmp_path / 'none'}: bukan folder lembar jawaban\n"


def test_a_change_is_described_in_the_language_its_fields_stay_english() -> None:
    added = Change("added", "q9", None, "question Baru under mp_tim")
    formula = Change("text", "agen_konkret.score (when jenis = pusat)", "formula",
                     "changed formula")
    with speaking("id"):
        assert added.describe() == "ditambahkan q9: question Baru di bawah mp_tim"
        assert formula.describe() == ("teks agen_konkret.score (jika jenis = pusat): rumus -> "
                                      "rumus diubah")
        assert said_grade("undecided (at least WBK)") == \
            "belum dapat diputuskan (paling rendah WBK)"
        assert said_grade("unanswered") == "belum dijawab"
    assert added.describe() == "added q9: question Baru under mp_tim"
    assert added.to_dict()["after"] == "question Baru under mp_tim"


def test_compare_in_indonesian(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    tpi = tmp_path / "tpi.json"
    tpi.write_text(ANSWERS.read_text("utf-8").replace('"ipak_index": 3.6',
                                                      '"ipak_index": 3.2'), encoding="utf-8")
    code, out, err = _run(capsys, "--lang", "id", "compare", "-r", EXAMPLE,
                          f"unit={ANSWERS}", f"tpi={tpi}")
    assert code == 0
    lines = out.splitlines()
    assert lines[5].split() == ["ipak_index", "Nilai", "Survei", "Persepsi", "Korupsi",
                                "(0-4)", "3,6", "3,2", "3,2", "(tpi)"]
    assert lines[7] == ("    dengan jawaban unit 3,6: total 83,68 -> 87,68; BERUBAH WBK tdk "
                        "lulus -> lulus; WBBM tdk lulus -> lulus")
    code, out, err = _run(capsys, "--lang", "id", "compare", "-r", EXAMPLE, f"unit={ANSWERS}")
    assert (code, out) == (1, "")
    assert err == ("perbandingan memerlukan jawaban sekurang-kurangnya dua penilai "
                   "(ditemukan: unit)\n")


def test_zona_test_in_indonesian(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    (tmp_path / "example.zona").write_text(EXAMPLE.read_text("utf-8"), encoding="utf-8")
    tests = tmp_path / "example.tests.toml"
    tests.write_text('[[case]]\nname = "salah"\n'
                     'answers = { q1 = "Ya", q2 = "B", n_agen = 3, n_ubah = 2, q5 = "A", '
                     'ipak_index = "3.6" }\n'
                     'facts = { prior_predicate = "WBK" }\n'
                     'expect = { total = "90", predicates = { WBK = false } }\n',
                     encoding="utf-8")
    code, out, err = _run(capsys, "--lang", "id", "test", tests)
    assert (code, err) == (1, "")
    assert out == (f"{tests}:1:1: GAGAL salah\n"
                   f"  {tests}:5:12: total: diharapkan 90, didapat 5261/60 (~87,6833)\n"
                   f"  {tests}:5:41: predicates.WBK: diharapkan false, didapat true\n"
                   f"{tests}: 0 lulus, 1 gagal\n"
                   "1 kasus dalam 1 berkas: 0 lulus, 1 gagal\n")
    tests.write_text('[[case]]\nname = "x"\nanswers = {}\ntolerance = -1\n'
                     'expect = { nodes = { nope = 1 } }\n', encoding="utf-8")
    code, out, err = _run(capsys, "--lang", "id", "test", tests)
    assert code == 2
    assert [line for line in err.splitlines() if ": kesalahan: " in line] == [
        f"{tests}:4:1: kesalahan: toleransi tidak boleh negatif",
        f"{tests}:5:22: kesalahan: ruleset 'example' tidak memiliki simpul 'nope'"]
    assert out == "0 kasus dalam 1 berkas: 0 lulus, 0 gagal; 1 berkas berisi kesalahan, " \
                  "tidak dijalankan\n"
    with speaking("id"):
        assert show(Fraction(1, 3), "total") == "1/3 (~0,333333)"
    with speaking("en"):
        assert show(Fraction(1, 3), "total") == "1/3 (~0.333333)"


def test_facts_on_the_command_line_in_indonesian(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = _run(capsys, "--lang", "id", "score", "-r", EXAMPLE, ANSWERS,
                          "--fact-from", "nope=x.json")
    assert (code, out, err) == (1, "", "--fact-from nope: ruleset 'example' tidak memiliki "
                                       "fakta 'nope'\n")
    code, out, err = _run(capsys, "--lang", "id", "score", "-r", EXAMPLE, ANSWERS,
                          "--fact", "prior_predicate")
    assert err == "--fact 'prior_predicate': tulis NAMA=NILAI, misalnya prior_predicate=WBK\n"


def test_a_sheet_naming_no_ruleset_in_indonesian(capsys: pytest.CaptureFixture[str],
                                                   tmp_path: Path) -> None:
    sheet = tmp_path / "sheet.json"
    sheet.write_text('{"answers": {"q1": "Ya"}}', encoding="utf-8")
    code, out, err = _run(capsys, "--lang", "id", "score", sheet)
    assert (code, out) == (1, "")
    assert err == f"{sheet}: lembar ini tidak menyebut ruleset; berikan dengan --ruleset\n"


def test_scoring_problems_in_indonesian() -> None:
    ruleset = zona.load(EXAMPLE)
    with speaking("id"), pytest.raises(ZonaAnswerError) as refused:
        ruleset.score({"q1": "Ya", "q99": "Ya"})
    assert [(p.location, p.message) for p in refused.value.problems] == [
        ("q99", "tidak ada pertanyaan atau input dengan id ini")]


def test_batch_checks_in_indonesian() -> None:
    pd = pytest.importorskip("pandas")
    from zona.batch import score_table

    ruleset = zona.load(EXAMPLE)
    set_language("id")  # the process's language: batch scoring reads in threads
    try:
        with pytest.raises(ZonaError) as wrong:
            score_table(ruleset, 3)
        assert str(wrong.value) == ("diharapkan sebuah tabel (pandas DataFrame, polars "
                                    "DataFrame, atau tabel Arrow), bukan int")
        with pytest.raises(ZonaAnswerError) as twice:
            score_table(ruleset, pd.DataFrame({"q1": ["Ya"], "soal_1": ["Ya"]}))
        assert [p.message for p in twice.value.problems] == [
            "kolom kedua untuk q1 (yang pertama: q1)"]
        found = score_table(ruleset, pd.DataFrame({"q1": ["Ya"], "q2": ["B"], "n_agen": [3],
                                                   "n_ubah": [2], "q5": ["A"],
                                                   "ipak_index": ["4.5"]}))
        assert found["problems"].tolist() == ["ipak_index: 4,5 di luar rentang 0..4"]
    finally:
        set_language(None)


def test_speaking_reaches_the_batch_threads() -> None:
    """The worker threads speak the language of the call: `speaking`, not only the process."""
    pd = pytest.importorskip("pandas")
    from zona.batch import score_table

    row = {"q1": "Ya", "q2": "B", "n_agen": 3, "n_ubah": 2, "q5": "A", "ipak_index": "4.5"}
    table = pd.DataFrame([row] * 70_000)  # more than one chunk: two threads at work
    with speaking("id"):
        found = score_table(zona.load(EXAMPLE), table, workers=2)
    assert set(found["problems"]) == {"ipak_index: 4,5 di luar rentang 0..4"}
    found = score_table(zona.load(EXAMPLE), table.head(1))
    assert found["problems"].tolist() == ["ipak_index: 4.5 is outside 0..4"]


def test_the_sql_problems_are_the_exact_paths_in_indonesian() -> None:
    duckdb = pytest.importorskip("duckdb")
    pd = pytest.importorskip("pandas")
    ruleset = zona.load(EXAMPLE)
    table = pd.DataFrame({"q1": ["x"], "q2": ["B"], "n_agen": ["-1"], "n_ubah": ["2"],
                          "q5": ["A"], "ipak_index": ["4.5"],
                          "fact:prior_predicate": ["zzz"]})
    with speaking("id"):
        sql = ruleset.to_sql(columns=table, table="units")
    connection = duckdb.connect()
    connection.register("units", table)
    assert connection.execute(sql).fetchdf()["problems"].tolist() == [
        "q1: 'x' tidak ada pada skala Ya/Tidak (Ya, Tidak); n_agen: -1 negatif; jumlah ditulis "
        "0, 1, 2, ...; ipak_index: 4,5 di luar rentang 0..4; fact:prior_predicate: 'zzz' "
        "bukan salah satu dari none, WBK, WBBM"]


def test_a_missing_library_in_indonesian() -> None:
    with speaking("id"):
        assert str(missing("yaml", "yaml", "reading YAML answer sheets")) == \
            'membaca lembar jawaban YAML memerlukan yaml: pip install "zona-rb[yaml]"'
    assert str(missing("yaml", "yaml", "reading YAML answer sheets")) == \
        'reading YAML answer sheets needs yaml: pip install "zona-rb[yaml]"'


def test_every_optional_library_names_a_catalogue_message() -> None:
    """`require(module, extra, what)`: `what` is said through the catalogue, so it must be
    one of zona.extras.NEEDED_FOR (a new caller adds its text there)."""
    import ast

    from zona.extras import NEEDED_FOR

    used = set()
    for path in sorted((ROOT / "src" / "zona").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "require" \
                    and len(node.args) == 3 and isinstance(node.args[2], ast.Constant):
                used.add(node.args[2].value)
    assert len(used) > 10
    assert sorted(used - set(NEEDED_FOR)) == []


def test_a_refused_rename_in_indonesian() -> None:
    pytest.importorskip("pygls")
    from zona.lsp.documents import Workspace
    from zona.lsp.navigation import RenameRefused, rename

    path = ROOT / "examples" / "example.zona"
    document = Workspace().open(path.as_uri(), str(path), EXAMPLE.read_text("utf-8"))
    with speaking("id"), pytest.raises(RenameRefused) as refused:
        rename(Workspace(), document, 18, 7, "9x")
    assert str(refused.value) == ("'9x' bukan id: huruf atau _ diikuti huruf, angka, "
                                  "dan _")
