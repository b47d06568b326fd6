"""The `zona` command: exit codes, readable and JSON output, the PortalRB format, diff."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.sheets import extreme_answers
from zona import load_builtin
from zona.cli.main import main

EXAMPLE = ROOT / "examples" / "example.zona"
ANSWERS = ROOT / "examples" / "example-answers.json"


def run(capsys: pytest.CaptureFixture[str], *argv: str | Path) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_check_clean_and_broken(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert run(capsys, "check", EXAMPLE)[0] == 0
    broken = tmp_path / "broken.zona"
    broken.write_text('ruleset "b" {}\ncomponent c { weight 5 question q { scale s } }\n',
                      encoding="utf-8")
    code, out, err = run(capsys, "check", EXAMPLE, broken)
    assert code == 1
    assert f"{EXAMPLE}: ok" in out
    assert err == (f"{broken}:2:43: error: unknown scale 's'\n"
                   "  2 | component c { weight 5 question q { scale s } }\n"
                   "    |                                           ^\n")


def test_score_table_and_json(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "score", "--ruleset", EXAMPLE, ANSWERS)
    assert code == 0
    assert "total (exact): 5261/60 = 87.683333..." in out
    assert "WBK (Menuju WBK): PASSED" in out
    code, out, _ = run(capsys, "score", "--ruleset", EXAMPLE, ANSWERS, "--json")
    document = json.loads(out)
    assert (document["total"], document["total_exact"]) == (87.68333333333334, "5261/60")
    assert document["nodes"]["mp"]["score_exact"] == "1301/60"
    assert document["predicates"]["WBK"]["passed"] is True
    assert document["predicates"]["WBBM"]["passed"] is True
    assert document["unit"] == "Kantor Contoh"


def test_score_reports_every_answer_problem(capsys: pytest.CaptureFixture[str],
                                            tmp_path: Path) -> None:
    sheet = tmp_path / "bad.json"
    sheet.write_text(json.dumps({"q1": "Maybe", "n_agen": -1, "n_ubah": 1.5, "zz": 1,
                                 "ipak_index": "5"}), encoding="utf-8")
    code, out, err = run(capsys, "score", "-r", EXAMPLE, sheet)
    assert (code, out) == (1, "")
    assert err == (f"{sheet}: 5 problems in the answers\n"
                   f"  {sheet}#/q1: q1: 'Maybe' is not on the scale Ya/Tidak (Ya, Tidak)\n"
                   f"  {sheet}#/n_agen: n_agen: -1 is negative; a count is 0, 1, 2, ...\n"
                   f"  {sheet}#/n_ubah: n_ubah: 1.5 is not a whole number; a count is 0, 1, "
                   "2, ...\n"
                   f"  {sheet}#/zz: zz: no question or input has this id\n"
                   f"  {sheet}#/ipak_index: ipak_index: 5 is outside 0..4\n")


def test_score_bad_json_points_at_the_place(capsys: pytest.CaptureFixture[str],
                                            tmp_path: Path) -> None:
    sheet = tmp_path / "broken.json"
    sheet.write_text('{"q1": "Ya",\n "q2": }', encoding="utf-8")
    code, _, err = run(capsys, "score", "-r", EXAMPLE, sheet)
    assert code == 1
    assert f"{sheet}:2:8: not valid JSON: Expecting value" in err
    assert "Traceback" not in err


def test_portalrb_list_with_builtin_ruleset(capsys: pytest.CaptureFixture[str],
                                            tmp_path: Path) -> None:
    ruleset = load_builtin("permenpan-90-2021")
    best = extreme_answers(ruleset, best=True)
    rows = [{"soal_id": spec.soal, "jawaban_unit": str(best[spec.name])}
            for spec in ruleset.inputs if spec.soal is not None]
    sheet = tmp_path / "portal.json"
    sheet.write_text(json.dumps(rows), encoding="utf-8")
    code, out, _ = run(capsys, "score", "--ruleset", "permenpan-90-2021", sheet, "--json",
                       "--fact", "prior_predicate=WBK")
    assert code == 0
    document = json.loads(out)
    assert document["total_exact"] == "100"
    assert document["predicates"]["WBK"]["passed"] is True
    assert document["predicates"]["WBBM"]["passed"] is True

    rows[0]["soal_id"] = 999
    rows.append(dict(rows[1]))
    sheet.write_text(json.dumps(rows), encoding="utf-8")
    code, _, err = run(capsys, "score", "--ruleset", "permenpan-90-2021", sheet)
    assert code == 1
    assert "#/0/soal_id: 999 is not a soal number of permenpan-90-2021" in err
    assert "#/127/soal_id: soal 2 is answered twice (first at #/1)" in err


def test_demo_unit_scores(capsys: pytest.CaptureFixture[str]) -> None:
    sheet = ROOT / "examples" / "unit-90-2021.portalrb.json"
    code, out, _ = run(capsys, "score", "-r", "permenpan-90-2021", sheet, "--json")
    assert code == 0
    assert json.loads(out)["total_exact"] == "625060859/7224000"


def test_rulesets_and_assumptions(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "rulesets")
    assert code == 0
    assert [line.split()[0] for line in out.splitlines()] == [
        "permenpan-52-2014", "permenpan-90-2021", "portalrb-2026"]
    assert "(extends permenpan-90-2021)" in out
    assert out.splitlines()[0].endswith(
        "  [partly inferred, 34 marked assumed: zona assumptions permenpan-52-2014]")
    assert out.splitlines()[1].endswith("  [1 marked assumed: zona assumptions permenpan-90-2021]")
    assert run(capsys, "rulesets", "--on", "2020-01-01")[1] == "permenpan-52-2014\n"
    code, out, _ = run(capsys, "assumptions", "permenpan-52-2014")
    assert code == 0 and "bersih:" in out
    code, _, err = run(capsys, "score", "-r", "no-such-ruleset", ANSWERS)
    assert code == 1 and "no built-in ruleset 'no-such-ruleset'" in err


def test_diff_and_flips(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, out, _ = run(capsys, "diff", "permenpan-90-2021", "portalrb-2026")
    assert code == 0
    assert ("  renamed ref_was_lhkasn: Penyampaian Laporan Harta Kekayaan Aparatur Sipil Negara "
            "(LHKASN) -> Penyampaian Laporan Harta Kekayaan Non LHKPN (Tidak Wajib LHKPN)") in out

    shutil.copy(EXAMPLE, tmp_path / "example.zona")
    stricter = tmp_path / "stricter.zona"
    stricter.write_text('ruleset "stricter" extends "example" {}\n'
                        "amend mp_tim { weight 15 }\namend mp_agen { weight 15 }\n"
                        "amend WBK { require total >= 89 require ipak >= 36 }\n",
                        encoding="utf-8")
    sheets = tmp_path / "sheets"
    sheets.mkdir()
    shutil.copy(ANSWERS, sheets / "a.json")
    (sheets / "b.json").write_text(json.dumps({"unit": "Kantor B", "answers": {
        "q1": "Ya", "q2": "A", "n_agen": 1, "n_ubah": 1, "q5": "A", "ipak_index": 4}}),
        encoding="utf-8")
    code, out, _ = run(capsys, "diff", tmp_path / "example.zona", stricter, "--json",
                       "--answers", sheets)
    document = json.loads(out)
    kinds = {(c["kind"], c["subject"]) for c in document["changes"]}
    assert {("weight", "mp_tim"), ("weight", "mp_agen")} <= kinds
    assert ("threshold", "predicate WBK") in kinds
    flips = [(f["unit"], f["predicate"], f["before"], f["after"]) for f in document["flips"]]
    assert flips == [("Kantor Contoh", "WBK", True, False), ("Kantor Contoh", "WBBM", True, False)]


def test_usage_errors_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["score", "--no-such-option"])
    assert exit_info.value.code == 2
    assert main(["score"]) == 2
    assert main([]) == 2


def test_score_the_official_workbook(capsys: pytest.CaptureFixture[str],
                                     shared_workbook: Path) -> None:
    """The ruleset comes from the workbook's header; its two known slips are warnings."""
    code, out, err = run(capsys, "score", shared_workbook, "--json")
    assert code == 0
    document = json.loads(out)
    assert (document["ruleset"], document["total_exact"]) == ("permenpan-90-2021", "261077/2730")
    assert document["total"] == 95.63260073260074
    warnings = [line for line in err.splitlines() if ": warning: " in line]
    assert [w.split(": warning: ")[1].split(":")[0] for w in warnings] == [
        "LKE ZI!J8", "LKE ZI!K185"]


def test_json_sheet_without_a_ruleset(capsys: pytest.CaptureFixture[str],
                                      tmp_path: Path) -> None:
    sheet = tmp_path / "flat.json"
    sheet.write_text('{"q1": "Ya"}', encoding="utf-8")
    code, _, err = run(capsys, "score", sheet)
    assert code == 1
    assert err == f"{sheet}: the sheet names no ruleset; give one with --ruleset\n"


def test_score_table_of_units(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """`zona score --table` scores many units through the vectorised path, rows in order."""
    table = tmp_path / "units.csv"
    table.write_text("unit,q1,q2,n_agen,n_ubah,q5,ipak_index\n"
                     "A,Ya,B,3,2,A,3.6\nB,Tidak,A,1,1,A,4\nC,Ya,Z,1,1,A,4\n", encoding="utf-8")
    code, out, err = run(capsys, "score", "--table", table, "-r", EXAMPLE, "--json")
    document = json.loads(out)
    assert code == 1  # row C has a letter that is not on the scale
    assert "Z" in err and "C" not in [r.get("unit") for r in document["rows"] if r.get("total")]
    totals = {r["unit"]: r["total"] for r in document["rows"] if r.get("total") is not None}
    assert totals == {"A": 87.68333333333334, "B": 95.0}
    assert run(capsys, "score", "-r", EXAMPLE)[0] == 2  # neither a sheet nor a table


@pytest.mark.parametrize("argv", [
    ["score", "--ruleset", EXAMPLE, ANSWERS, "--json"],
    ["gap", "--ruleset", EXAMPLE, ANSWERS, "--target", "WBK", "--json"],
    ["compare", "--ruleset", EXAMPLE, f"unit={ANSWERS}", f"tpi={ANSWERS}", "--json"],
    ["batch", "{csv}", "--ruleset", EXAMPLE, "--json"],
    ["cohort", "{csv}", "--ruleset", EXAMPLE, "--json"],
])
def test_every_json_document_names_zona_and_the_ruleset(
        argv: list[str | Path], capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    import hashlib

    import zona

    table = tmp_path / "units.csv"
    table.write_text("unit,q1,q2,n_agen,n_ubah,q5,ipak_index\nA,Ya,B,3,2,A,3.6\n",
                     encoding="utf-8")
    code, out, err = run(capsys, *[str(a).format(csv=table) for a in argv])
    assert code == 0, err
    document = json.loads(out)
    expected = "sha256:" + hashlib.sha256(EXAMPLE.read_bytes() + b"\0").hexdigest()
    assert document["zona_version"] == zona.__version__
    assert document["ruleset"] == "example"
    assert document["ruleset_fingerprint"] == expected


def test_diff_json_names_both_fingerprints(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "diff", "permenpan-90-2021", "portalrb-2026", "--json")
    document = json.loads(out)
    assert code == 0
    assert document["old_fingerprint"] == load_builtin("permenpan-90-2021").fingerprint
    assert document["new_fingerprint"] == load_builtin("portalrb-2026").fingerprint
    assert document["old_fingerprint"] != document["new_fingerprint"]
    assert document["new_fingerprint"].startswith("sha256:")


def test_rulesets_also_searches_the_users_folders(capsys: pytest.CaptureFixture[str],
                                                   tmp_path: Path) -> None:
    own = tmp_path / "zi-2030.zona"
    own.write_text('ruleset "zi-2030" { title "ZI 2030" effective 2030-01-01 .. }\n'
                   'scale yt { Ya = 1, Tidak = 0 }\n'
                   'component c "C" { weight 100 question q { scale yt } }\n', encoding="utf-8")
    code, out, _ = run(capsys, "rulesets", "--dir", tmp_path)
    assert code == 0
    assert out.splitlines()[-1].split() == [str(own), "2030-01-01", "..", "ZI", "2030"]
    assert run(capsys, "rulesets", "--on", "2031-01-01", "--dir", tmp_path)[1] == (
        f"zi-2030  ({own})\n")
    assert run(capsys, "rulesets", "--on", "2027-01-01", "--dir", tmp_path)[1] == (
        "portalrb-2026\n")
    assert run(capsys, "rulesets", "--on", "2031-01-01")[1] == "portalrb-2026\n"
    code, _, err = run(capsys, "rulesets", "--on", "2000-01-01", "--dir", tmp_path)
    assert code == 1
    assert err == (f"no built-in ruleset or ruleset in {tmp_path} is in force on "
                   "2000-01-01\n")
    code, _, err = run(capsys, "rulesets", "--dir", tmp_path / "absent")
    assert (code, err) == (1, f"{tmp_path / 'absent'}: not a folder of rulesets\n")
