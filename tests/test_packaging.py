"""The wheel carries the grammar and rulesets and scores a unit outside the source tree."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import venv
from pathlib import Path

import pytest

from tests.conftest import ROOT

pytestmark = pytest.mark.slow


def _run(*args: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    return subprocess.run([str(a) for a in args], cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=600, check=False)


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    built = _run(sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", out,
                 ROOT, cwd=ROOT)
    assert built.returncode == 0, built.stderr[-2000:]
    (found,) = out.glob("zona_rb-*.whl")
    return found


def test_wheel_contains_grammar_and_rulesets(wheel: Path) -> None:
    import zipfile

    names = set(zipfile.ZipFile(wheel).namelist())
    assert "zona/_data/grammar/zona.lark" in names
    assert "zona/_data/rulesets/permenpan-90-2021.zona" in names
    assert "zona/py.typed" in names
    assert "zona/language/_parser_tables.pickle" in names
    assert {"zona/locale/id/LC_MESSAGES/zona.mo", "zona/locale/en/LC_MESSAGES/zona.mo"} <= names


def test_installed_wheel_scores_a_unit(wheel: Path, tmp_path: Path) -> None:
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=False)
    python = env_dir / "bin" / "python"
    installed = _run(sys.executable, "-m", "pip", "--python", python, "install", "--quiet",
                     wheel, cwd=tmp_path)
    assert installed.returncode == 0, installed.stderr[-2000:]

    where = _run(python, "-c", "import zona; print(zona.__file__)", cwd=tmp_path)
    assert str(env_dir) in where.stdout, "zona must be imported from the fresh venv"
    import zona

    distribution = _run(python, "-c", "from importlib.metadata import version; "
                        "print(version('zona-rb'))", cwd=tmp_path)
    assert distribution.stdout.strip() == zona.__version__
    shown = _run(env_dir / "bin" / "zona", "--version", cwd=tmp_path)
    assert shown.stdout.strip() == f"zona {zona.__version__}"
    tables = _run(python, "-c", "import lark; from zona.language import grammar as _grammar; "
                  "recorded = _grammar.read_tables(_grammar._shipped_tables())['lark_version']; "
                  "print(recorded == lark.__version__, "
                  "_grammar.parser() is not _grammar.build_parser())", cwd=tmp_path)
    same_lark, used = tables.stdout.split()
    assert used == same_lark, "the installed zona uses its parser tables with their lark"

    sheet = tmp_path / "unit.json"
    sheet.write_text(json.dumps({"answers": _all_best_answers()}), encoding="utf-8")
    scored = _run(env_dir / "bin" / "zona", "score", "--ruleset", "permenpan-90-2021",
                  "--json", sheet, cwd=tmp_path)
    assert scored.returncode == 0, scored.stderr
    document = json.loads(scored.stdout)
    assert document["total_exact"] == "100"
    assert document["predicates"]["WBK"]["passed"] is True


def _all_best_answers() -> dict[str, object]:
    """Every choice at its best option, every ratio full, both surveys at 4."""
    import zona
    from tests.sheets import extreme_answers

    return extreme_answers(zona.load(ROOT / "rulesets" / "permenpan-90-2021.zona"), best=True)
