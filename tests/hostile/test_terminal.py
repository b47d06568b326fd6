"""Labels from a ruleset's author (or a table's unit names) that try to control a terminal:
every label of examples/example.zona ends in ESC `[2J` (clear the screen) and a newline
followed by `WBK: PASSED` (a fake verdict line). Each text command prints them escaped
(zona.limits.printable): no ESC reaches the terminal, no line of its own is printed."""

from __future__ import annotations

import csv
import json
import re
import shutil
from pathlib import Path

import pytest

from tests.conftest import ROOT
from zona.cli.main import main

EVIL = "\x1b[2J\\nWBK: PASSED"  # in zona source: ESC, then the escape \n
SHOWN = "\\x1b[2J WBK: PASSED"  # a label's blanks collapsed, ESC escaped
KINDS = "component|area|subarea|question|input|item|view|predicate|scale|fact"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """evil.zona, two answer sheets for it (strong and weak), a table of three units."""
    source = (ROOT / "examples" / "example.zona").read_text(encoding="utf-8")
    source = re.sub(rf'\b({KINDS}) (\w+) "([^"]*)"',
                    lambda m: f'{m[1]} {m[2]} "{m[3]}{EVIL}"', source)
    source = re.sub(r'label en "([^"]*)"', lambda m: f'label en "{m[1]}{EVIL}"', source)
    source = source.replace('ruleset "example"', 'ruleset "evil"')
    (tmp_path / "evil.zona").write_text(source, encoding="utf-8")
    sheet = json.loads((ROOT / "examples" / "example-answers.json").read_text("utf-8"))
    sheet["ruleset"] = "evil"
    (tmp_path / "strong.json").write_text(json.dumps(sheet), encoding="utf-8")
    sheet["answers"] |= {"q1": "Tidak", "q5": "C", "ipak_index": 3.0}
    sheet["facts"] = {"prior_predicate": "none"}
    (tmp_path / "weak.json").write_text(json.dumps(sheet), encoding="utf-8")
    answers = {"q2": "C", "n_agen": "3", "n_ubah": "1", "q5": "C", "ipak_index": "3.0"}
    with (tmp_path / "units.csv").open("w", newline="", encoding="utf-8") as stream:
        writer = csv.DictWriter(stream, ["unit", "instansi", "q1", *answers])
        writer.writeheader()
        writer.writerow({"unit": "Unit A\x1b[2J\nWBK: PASSED", "instansi": "I\x1b[2J\nX",
                         "q1": "Ya", **answers})
        writer.writerow({"unit": "Unit B\x1b]0;pwn\x07", "instansi": "J", "q1": "Zz\x1b[2J",
                         **answers})
    shutil.copy(ROOT / "examples" / "example.zona", tmp_path / "example.zona")
    return tmp_path


def run(capsys: pytest.CaptureFixture[str], folder: Path, *argv: str) -> str:
    """The command's stdout and stderr, checked: no ESC, no fake line."""
    main([*(str(folder / a) if (folder / a).exists() else a for a in argv)])
    captured = capsys.readouterr()
    text = captured.out + captured.err
    assert "\x1b" not in text and "\x07" not in text
    assert not [line for line in text.splitlines() if line.startswith(("WBK: PASSED", "X"))]
    return text


def test_explain(capsys: pytest.CaptureFixture[str], folder: Path) -> None:
    text = run(capsys, folder, "explain", "strong.json", "-r", "evil.zona")
    assert f"  Enablers{SHOWN}: 51.68 of 60.00 (86.14 %)\n" in text


def test_gap(capsys: pytest.CaptureFixture[str], folder: Path) -> None:
    text = run(capsys, folder, "gap", "weak.json", "-r", "evil.zona")
    assert f"  WBK   Menuju WBK{SHOWN} / Towards a Corruption-Free Zone{SHOWN}\n" in text
    text = run(capsys, folder, "gap", "weak.json", "-r", "evil.zona", "--target", "WBK",
               "--surveys")
    assert "after the changes: total 79.45 (exact 79.45), WBK PASSED\n" in text


def test_compare(capsys: pytest.CaptureFixture[str], folder: Path) -> None:
    text = run(capsys, folder, "compare", "strong.json", "weak.json", "-r", "evil.zona")
    assert (f"q5  SOP telah diterapkan{SHOWN}              A         C        C (tpi)\n"
            in text)


def test_diff(capsys: pytest.CaptureFixture[str], folder: Path) -> None:
    text = run(capsys, folder, "diff", "example.zona", "evil.zona")
    assert "  renamed q5: SOP telah diterapkan -> SOP telah diterapkan\\x1b[2J\\nWBK: PASSED\n" \
        in text


def test_check(capsys: pytest.CaptureFixture[str], folder: Path) -> None:
    path = folder / "lint.zona"
    path.write_text('ruleset "w" { maximum 100 }\nscale yt "Y" { Ya = 1, Tidak = 0 }\n'
                    'component c "C" {\n    weight 100\n    question q1 "Q" { scale yt }\n}\n'
                    f'predicate P "P{EVIL}" {{ require total >= 200 }}\n', encoding="utf-8")
    text = run(capsys, folder, "check", "lint.zona")
    assert text == (
        f"{path}:7:53: error: the threshold 200 is above the highest score 'total' can reach "
        "(100): it can never be met\n"
        '  7 | predicate P "P\\x1b[2J\\nWBK: PASSED" { require total >= 200 }\n'
        "    |                                                        ^^^\n")


def test_batch(capsys: pytest.CaptureFixture[str], folder: Path) -> None:
    text = run(capsys, folder, "batch", "units.csv", "-r", "evil.zona")
    assert (f"{folder / 'units.csv'}:5:3: q1: 'Zz\\x1b[2J' is not on the scale Ya/Tidak"
            "\\x1b[2J\\nWBK: PASSED (Ya, Tidak)\n") in text
    assert "Unit A\\x1b[2J\\nWBK: PASSED   53.22  failed    failed\n" in text
    assert "Unit B\\x1b]0;pwn\\x07             -  not scored: see the problems\n" in text


def test_cohort(capsys: pytest.CaptureFixture[str], folder: Path) -> None:
    text = run(capsys, folder, "cohort", "units.csv", "-r", "evil.zona", "--by", "instansi")
    assert "== instansi = I\\x1b[2J\\nX: 1 of 1 units scored ==\n" in text
    assert f"  SOP telah diterapkan{SHOWN}\n" in text


def test_test(capsys: pytest.CaptureFixture[str], folder: Path) -> None:
    """`zona test`: a case's name, its problem and its checks come from the tests file; a
    failing case shows them escaped, and so does a problem of the file itself."""
    (folder / "evil.tests.toml").write_text(
        'ruleset = "evil.zona"\n\n[[case]]\nname = "Case\\u001b[2J\\nWBK: PASSED"\n'
        'answers = "strong.json"\n\n[case.expect]\ntotal = "1"\n\n'
        '[[case]]\nname = "unknown\\u001b[2J"\nanswers = { "q1\\u001b[2J\\nX" = "Ya" }\n\n'
        '[case.expect]\ntotal = "1"\n', encoding="utf-8")
    text = run(capsys, folder, "test", "evil.tests.toml")
    assert "FAIL Case\\x1b[2J\\nWBK: PASSED\n" in text
    assert ": total: expected 1, got 5261/60 (~87.6833)\n" in text
    assert "evil.tests.toml:12:1: q1\\x1b[2J\\nX: no question or input has this id\n" in text
    (folder / "broken.tests.toml").write_text('ruleset = "evil.zona"\n[[case]]\n'
                                               'name = "x\\u001b[2J"\nnope\x1b[2J = 1\n',
                                               encoding="utf-8")
    text = run(capsys, folder, "test", "broken.tests.toml")
    assert "  4 | nope\\x1b[2J = 1\n" in text
