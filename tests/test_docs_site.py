"""The docs site builds with `mkdocs build --strict` (no broken link or anchor), with one
page per built-in and example ruleset generated from the compiled model."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from html import unescape
from pathlib import Path

import pytest

import zona
from tests.conftest import ROOT

pytest.importorskip("mkdocs", reason="the docs extra (pip install zona-rb[docs])")
pytest.importorskip("material", reason="the docs extra (pip install zona-rb[docs])")

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site, built strictly into a temporary folder."""
    folder = tmp_path_factory.mktemp("site")
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(folder),
         "--config-file", str(ROOT / "mkdocs.yml")],
        cwd=ROOT, capture_output=True, text=True, timeout=600,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    assert done.returncode == 0, done.stderr
    return folder


def _text(html: str) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def test_a_generated_ruleset_page_has_its_tree_and_assumptions(site: Path) -> None:
    page = (site / "rubrics" / "sakip-88-2021" / "index.html").read_text(encoding="utf-8")
    assert 'id="tree"' in page
    row = re.search(r'<tr>\s*<td>\s*(?:&emsp;|\u2003)<a href="#node-perencanaan">.*?</tr>',
                    page, re.S)
    assert row is not None
    assert _text(row.group()) == ("perencanaan Perencanaan Kinerja assumed component sum "
                                  "30 30 30 %")
    ruleset = zona.load(ROOT / "examples" / "sakip-88-2021.zona")
    flagged = re.findall(r'<div class="admonition warning">\s*<p class="admonition-title">'
                         r"assumed</p>(.*?)</div>", page, re.S)
    assert len(flagged) == len(ruleset.assumptions())
    assert _text(flagged[0]) == ruleset.assumptions()[0].text
    # the page links to its source, copied into the site, and to the decisions behind it
    assert (site / "repo" / "examples" / "sakip-88-2021.zona").read_text(encoding="utf-8") \
        == (ROOT / "examples" / "sakip-88-2021.zona").read_text(encoding="utf-8")
    assert 'href="../../examples/sakip-88-2021/"' in page


def test_every_ruleset_and_example_has_a_page(site: Path) -> None:
    index = (site / "rubrics" / "index.html").read_text(encoding="utf-8")
    for path in sorted([*ROOT.glob("rulesets/*.zona"), *ROOT.glob("examples/*.zona")]):
        assert (site / "rubrics" / path.stem / "index.html").is_file()
        assert f'href="{path.stem}/"' in index
    home = (site / "index.html").read_text(encoding="utf-8")
    assert "Zona Integritas" in home  # the README is the home page


def test_zona_fences_are_highlighted(site: Path) -> None:
    """With the `zona` Pygments lexer installed, ```zona code is tokenised (keywords in
    spans), not shown as plain text."""
    pygments_lexers = pytest.importorskip("pygments.lexers")
    pygments_util = pytest.importorskip("pygments.util")
    try:
        pygments_lexers.get_lexer_by_name("zona")
    except pygments_util.ClassNotFound:
        pytest.skip("the zona Pygments lexer is not installed (pip install -e .)")
    page = (site / "rubrics" / "permenpan-90-2021" / "index.html").read_text(encoding="utf-8")
    block = re.search(r'<code>(?:(?!</code>).)*require(?:(?!</code>).)*</code>', page, re.S)
    assert block is not None
    assert re.search(r'<span class="k\w*">require</span>', block.group())
