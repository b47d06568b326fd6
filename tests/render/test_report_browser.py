"""The unit report as an evaluator sees it: rendered by headless Chromium in Indonesian and
in English, a screenshot taken, and the words of each language on the page (and no headings
of the other), with no console error."""

from __future__ import annotations

import base64
import io
from pathlib import Path

import pytest

from tests.render.test_report import UNIT, DevTools, _evaluate, _open, devtools
from zona.cli.main import main

__all__ = ["devtools"]  # the fixture, imported for pytest

WORDS = {
    "id": ["Laporan Penilaian", "Ringkasan", "Catatan pembacaan", "Fakta yang dipakai",
           "Dibuat", "dengan zona"],
    "en": ["Evaluation Report", "Summary", "Reading notes", "Facts used", "Made on",
           "with zona"],
}


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["id", "en"])
def test_the_report_reads_in_its_language(devtools: DevTools, tmp_path: Path,
                                          lang: str) -> None:
    page = tmp_path / f"report-{lang}.html"
    assert main(["report", "-r", "permenpan-90-2021", str(UNIT), "-o", str(page),
                 "--lang", lang, "--fact", "instansi=pemda"]) == 0
    session, problems = _open(devtools, page)
    assert problems == []
    shown = _evaluate(devtools, session, "document.body.innerText")
    for word in WORDS[lang]:
        assert word in shown, word
    other = "en" if lang == "id" else "id"
    for word in WORDS[other][:4]:  # the other language's headings
        assert word not in shown, word
    devtools.send("Emulation.setDeviceMetricsOverride", session, width=1100, height=1400,
                  deviceScaleFactor=1, mobile=False)
    shot = base64.b64decode(devtools.send("Page.captureScreenshot", session,
                                          format="png")["data"])
    from PIL import Image

    image = Image.open(io.BytesIO(shot)).convert("L")
    assert image.size == (1100, 1400)
    low, high = image.getextrema()
    assert high - low > 100  # text on a page, not a blank
    dark = image.histogram()[:128]
    assert sum(dark) > 5000  # enough ink for the header, summary and verdicts
