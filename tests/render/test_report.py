"""The unit report: a self-contained HTML page, checked as text and in headless Chromium.

The browser is driven through the DevTools protocol over a pipe (--remote-debugging-pipe:
JSON messages ending in NUL on file descriptors 3 and 4), so no websocket library is
needed. Where no Chromium is installed the browser tests skip and say so.
"""

from __future__ import annotations

import base64
import fcntl
import json
import os
import select
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

import zona
from tests.conftest import ROOT
from tests.render.test_html import parsed
from tests.sheets import extreme_answers
from zona.analysis import explain as x
from zona.cli.main import main
from zona.i18n import speaking
from zona.io import read_answers
from zona.render.report import default_targets, report_html

EXAMPLE = ROOT / "examples" / "example.zona"
ANSWERS = ROOT / "examples" / "example-answers.json"
UNIT = ROOT / "examples" / "unit-90-2021.portalrb.json"
BROWSERS = ("chromium", "chromium-browser", "google-chrome", "chrome")


def _unit() -> zona.Result:
    ruleset = zona.load_builtin("permenpan-90-2021")
    result: zona.Result = read_answers(UNIT, ruleset).score(ruleset)
    return result


def _weaker() -> zona.Result:
    """The example 90/2021 unit with its first twenty choice questions at their worst."""
    ruleset = zona.load_builtin("permenpan-90-2021")
    answers = dict(read_answers(UNIT, ruleset).answers)
    for spec in [s for s in ruleset.inputs if s.scale is not None][:20]:
        assert spec.scale is not None
        answers[spec.name] = spec.scale.worst.name
    return ruleset.score(answers)


# --- the page as text -------------------------------------------------------------


def test_page_is_self_contained_and_balanced() -> None:
    page = report_html(_weaker(), "en", unit="Kantor <Uji>")
    found = parsed(page)
    tags = {tag for tag, _ in found.tags}
    assert "script" not in tags and "link" not in tags and "img" not in tags
    assert not [a for _, a in found.tags if "src" in a or "href" in a]
    assert page.startswith("<!DOCTYPE html>\n<html lang=\"en\">")
    assert "default-src 'none'" in page and "@media print" in page
    assert "Kantor &lt;Uji&gt;" in page


def test_page_shows_the_results_predicates_and_plans() -> None:
    result = _weaker()
    assert result.predicates["WBK"].passed is False
    assert default_targets(result) == ["WBK", "WBBM"]
    found = parsed(report_html(result, "id"))
    rows = {a["data-predicate"]: a["data-passed"] for tag, a in found.tags
            if tag == "tr" and "data-predicate" in a}
    assert rows == {name: json.dumps(p.passed) for name, p in result.predicates.items()}
    plans = [a["data-gap"] for tag, a in found.tags if tag == "h2" and "data-gap" in a]
    assert plans == ["WBK", "WBBM"]
    text = "".join(found.text)
    with speaking("id"):  # numbers as the Indonesian page writes them
        after = x.phrase("r_gap_after", "id", score=x.num(_plan(result).after.total.score),
                         predicate="WBK", verdict="LULUS")
    assert after in text and "," in after
    changes = [a["data-change"] for tag, a in found.tags if tag == "tr" and "data-change" in a]
    assert changes[:len(_plan(result).changes)] == [c.id for c in _plan(result).changes]


def _plan(result: zona.Result) -> Any:
    from zona.analysis.gap import gap

    return gap(result, "WBK")


def test_targets_and_unknown_target() -> None:
    ruleset = zona.load_builtin("permenpan-90-2021")
    best = ruleset.score(extreme_answers(ruleset, best=True), {"prior_predicate": "WBK"})
    assert default_targets(best) == []
    page = report_html(best, "en", targets=["WBK"])
    assert "WBK already passes; nothing to change." in page
    with pytest.raises(zona.ZonaError, match="no predicate 'WBX'"):
        report_html(best, targets=["WBX"])


def test_cli_writes_the_report(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "report.html"
    out.write_text("old", encoding="utf-8")
    code = main(["report", "-r", str(EXAMPLE), str(ANSWERS), "-o", str(out), "--lang", "en"])
    assert (code, capsys.readouterr().out) == (0, f"{out}: written\n")
    page = out.read_text(encoding="utf-8")
    assert "<title>Evaluation Report: Example evaluation worksheet: Kantor Contoh</title>" in page
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.html"]  # no temporary left
    assert main(["report", "-r", str(EXAMPLE), str(ANSWERS), "-o", str(tmp_path),
                 "--target", "WBK"]) == 1
    assert "is a folder" in capsys.readouterr().err
    assert out.read_text(encoding="utf-8") == page


# --- in a browser ------------------------------------------------------------------


def _browser() -> str:
    for name in BROWSERS:
        found = shutil.which(name)
        if found:
            return found
    pytest.skip("no Chromium found (looked for " + ", ".join(BROWSERS) + "); on Debian: "
                "apt-get install chromium (.ci/run installs it in CI)")


class DevTools:
    """A headless Chromium driven over the DevTools pipe."""

    def __init__(self, executable: str, profile: Path) -> None:
        # The browser reads commands on fd 3 and writes replies on fd 4. A small Python
        # trampoline moves the pipe ends there and execs the browser (no preexec_fn: this
        # process may have threads); they start at fd 10 or above so the moves cannot
        # overwrite each other.
        commands_read, self._commands = os.pipe()
        self._replies, replies_write = os.pipe()
        low = [fcntl.fcntl(fd, fcntl.F_DUPFD_CLOEXEC, 10) for fd in (commands_read,
                                                                      replies_write)]
        for fd in (commands_read, replies_write):
            os.close(fd)
        trampoline = ("import os, sys; os.dup2(int(sys.argv[1]), 3); "
                      "os.dup2(int(sys.argv[2]), 4); os.execv(sys.argv[3], sys.argv[3:])")
        self.process = subprocess.Popen(
            [sys.executable, "-c", trampoline, *map(str, low), executable, "--headless",
             "--no-sandbox", "--disable-gpu", "--disable-background-networking",
             "--disable-component-update", "--disable-sync", "--no-first-run",
             f"--user-data-dir={profile}", "--remote-debugging-pipe"],
            pass_fds=low, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL)
        for fd in low:
            os.close(fd)
        self._buffer = b""
        self._last = 0
        self.events: list[dict[str, Any]] = []

    def send(self, method: str, session: str | None = None, **params: Any) -> dict[str, Any]:
        self._last += 1
        number = self._last
        message: dict[str, Any] = {"id": number, "method": method, "params": params}
        if session:
            message["sessionId"] = session
        os.write(self._commands, json.dumps(message).encode() + b"\0")
        reply = self.wait(lambda m: m.get("id") == number)
        if "error" in reply:
            raise RuntimeError(f"{method}: {reply['error']}")
        result: dict[str, Any] = reply["result"]
        return result

    def wait(self, match: Callable[[dict[str, Any]], bool], limit: float = 60) -> dict[str, Any]:
        deadline = time.monotonic() + limit
        while True:
            while b"\0" in self._buffer:
                raw, self._buffer = self._buffer.split(b"\0", 1)
                message = json.loads(raw)
                if "id" not in message:
                    self.events.append(message)
                if match(message):
                    return message  # type: ignore[no-any-return]
            left = deadline - time.monotonic()
            ready = select.select([self._replies], [], [], max(left, 0))[0]
            if not ready:
                raise TimeoutError("Chromium did not answer")
            chunk = os.read(self._replies, 1 << 16)
            if not chunk:
                raise RuntimeError("Chromium exited")
            self._buffer += chunk

    def close(self) -> None:
        try:
            self.send("Browser.close")
            self.process.wait(timeout=20)
        except (OSError, RuntimeError, TimeoutError, subprocess.TimeoutExpired):
            self.process.kill()
            self.process.wait()
        finally:
            os.close(self._commands)
            os.close(self._replies)


@pytest.fixture
def devtools(tmp_path: Path) -> Iterator[DevTools]:
    browser = DevTools(_browser(), tmp_path / "profile")
    yield browser
    browser.close()


def _open(browser: DevTools, page: Path) -> tuple[str, list[str]]:
    """Load `page`; return the session and every problem the browser reported."""
    target = browser.send("Target.createTarget", url="about:blank")["targetId"]
    session = browser.send("Target.attachToTarget", targetId=target, flatten=True)["sessionId"]
    for domain in ("Runtime", "Log", "Page", "Network"):
        browser.send(f"{domain}.enable", session)
    browser.send("Page.navigate", session, url=page.as_uri())
    browser.wait(lambda m: m.get("method") == "Page.loadEventFired")
    browser.send("Runtime.evaluate", session, expression="0")  # let pending events arrive
    problems = []
    for event in browser.events:
        method, params = event.get("method"), event.get("params", {})
        if method == "Runtime.consoleAPICalled" and params["type"] in ("error", "warning",
                                                                         "assert"):
            problems.append(f"console.{params['type']}: {params['args']}")
        elif method == "Runtime.exceptionThrown":
            problems.append(f"exception: {params['exceptionDetails']}")
        elif method == "Log.entryAdded" and params["entry"]["level"] in ("error", "warning"):
            problems.append(f"log: {params['entry']['text']}")
        elif method == "Network.requestWillBeSent" \
                and params["request"]["url"] != page.as_uri():
            problems.append(f"request: {params['request']['url']}")
    return session, problems


def _evaluate(browser: DevTools, session: str, expression: str) -> Any:
    found = browser.send("Runtime.evaluate", session, expression=expression,
                         returnByValue=True)
    return found["result"].get("value")


_SHOWN = """JSON.stringify([...document.querySelectorAll('tr[data-predicate]')].map(
  r => [r.dataset.predicate, r.dataset.passed, r.lastElementChild.innerText.trim()]))"""


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["id", "en"])
def test_report_renders_in_chromium(devtools: DevTools, tmp_path: Path, lang: str) -> None:
    """No console message, exception or request; the predicates shown are the Result's;
    the page lays out and prints to PDF."""
    page = tmp_path / "report.html"
    assert main(["report", "-r", "permenpan-90-2021", str(UNIT), "-o", str(page),
                 "--lang", lang]) == 0
    session, problems = _open(devtools, page)
    assert problems == []
    shown = json.loads(_evaluate(devtools, session, _SHOWN))
    expected = _unit()
    assert shown == [[name, json.dumps(p.passed), x.verdict(p.passed, lang, predicate=True)]
                     for name, p in expected.predicates.items()]
    total = _evaluate(devtools, session, "document.querySelector('[data-total]').dataset.total")
    assert total == "625060859/7224000"
    height = _evaluate(devtools, session, "document.body.scrollHeight")
    assert height > 1000
    pdf = base64.b64decode(devtools.send("Page.printToPDF", session)["data"])
    assert pdf.startswith(b"%PDF-") and len(pdf) > 10_000


@pytest.mark.slow
def test_the_browser_check_catches_problems(devtools: DevTools, tmp_path: Path) -> None:
    """The check is not vacuous: a page with a script error and an external image fails it."""
    bad = tmp_path / "bad.html"
    bad.write_text('<!DOCTYPE html><html><head><meta charset="utf-8"><title>x</title></head>'
                   '<body><img src="missing.png"><script>console.error("boom"); nothing()'
                   "</script></body></html>", encoding="utf-8")
    _, problems = _open(devtools, bad)
    kinds = sorted({p.split(":")[0] for p in problems})
    assert kinds == ["console.error", "exception", "log", "request"]


def test_a_survey_blocked_plan_shows_what_the_survey_must_reach() -> None:
    """The example unit misses WBBM only on IPKP, a survey it cannot answer itself: the plan
    names that block, then shows the index the survey would have to reach."""
    found = parsed(report_html(_unit(), "en"))
    text = " ".join(" ".join(found.text).split())
    assert ("ipkp >= 15.75: at most 15.53 with the answers that may change, threshold 15.75 "
            "(frozen: q127)") in text
    assert "If the survey indices could rise, the fewest changes would be:" in text
    changes = [a["data-change"] for tag, a in found.tags if tag == "tr" and "data-change" in a]
    assert changes == ["q127"]


def test_report_of_the_workbook(shared_workbook: Path, tmp_path: Path,
                                capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "lke.html"
    assert main(["report", str(shared_workbook), "-o", str(out), "--lang", "id"]) == 0
    page = out.read_text(encoding="utf-8")
    assert 'data-total="261077/2730"' in page
    assert "data-gap" not in page  # WBK passes; WBBM waits only on a fact
    assert "LKE ZI!J8" in capsys.readouterr().err  # the workbook's warnings still show
    text = " ".join(" ".join(parsed(page).text).split())
    assert "Catatan pembacaan" in text and "Semua pertanyaan dijawab." in text
    assert f"dengan zona {zona.__version__}; aturan permenpan-90-2021" in text
    assert "LKE ZI!J8: jenis jawaban adalah 'Ya'" in text  # every reading warning, in id
    assert ("Nilai total lembar kerja (LKE ZI!L208): 95,58; nilai zona: 95,63; selisih "
            "+11/195 ≈ 0,0564.") in text  # Indonesian: a decimal comma
    assert ("LKE ZI!L175 ref_was_lhk (Penyampaian Laporan Harta Kekayaan): lembar kerja 1,73, "
            "zona 1,79; menggeser total +2/15 ≈ 0,1333") in text
    assert ("LKE ZI!L184 ref_lhkasn_lapor (Persentase penyampaian LHKASN): lembar kerja 1,00, "
            "zona 0,92; menggeser total -1/13 ≈ -0,0769") in text
    assert main(["report", str(shared_workbook), "-o", str(out), "--lang", "en",
                 "--fact", "instansi=pemda"]) == 0
    text = " ".join(" ".join(parsed(out.read_text(encoding="utf-8")).text).split())
    assert "Reading notes" in text and "instansi = pemda" in text
    assert "The workbook's own total (LKE ZI!L208): 95.58; zona's: 95.63;" in text


def test_a_report_says_how_much_of_its_ruleset_is_inferred(tmp_path: Path) -> None:
    sheet = tmp_path / "old.json"
    sheet.write_text('{"ruleset": "permenpan-52-2014", "answers": {"p1": "Ya"}}',
                     encoding="utf-8")
    out = tmp_path / "old.html"
    assert main(["report", str(sheet), "-o", str(out), "--lang", "id", "--target", "WBK"]) == 0
    text = " ".join(" ".join(parsed(out.read_text(encoding="utf-8")).text).split())
    assert ("Sebagian aturan ini disimpulkan, bukan dibaca dari sumbernya; tanda `assumed`: "
            "34 (daftarnya: zona assumptions permenpan-52-2014).") in text
    example = tmp_path / "example.html"
    assert main(["report", "-r", str(EXAMPLE), str(ANSWERS), "-o", str(example)]) == 0
    assert "assumed" not in example.read_text(encoding="utf-8")


def test_a_report_names_what_is_unanswered(tmp_path: Path) -> None:
    sheet = tmp_path / "part.json"
    sheet.write_text('{"ruleset": "permenpan-90-2021", "answers": {"q1": "Ya", "q2": "A"}}',
                     encoding="utf-8")
    out = tmp_path / "part.html"
    assert main(["report", str(sheet), "-o", str(out), "--lang", "en", "--target", "WBK"]) == 0
    text = " ".join(" ".join(parsed(out.read_text(encoding="utf-8")).text).split())
    assert "No facts were given." in text
    asked = len(zona.load_builtin("permenpan-90-2021").inputs_by_name)
    assert f"{asked - 2} of {asked} questions are unanswered: q3, q4," in text


def test_a_predicate_the_optimiser_cannot_search_is_noted() -> None:
    """A score under `not` cannot be optimised exactly: the plan says why, the page is made."""
    ruleset = zona.loads("""
ruleset "t" { maximum 10 }
scale yt "Ya/Tidak" { Ya = 1, Tidak = 0 }
component a "A" { weight 4  question q1 "Q1" { scale yt } }
component b "B" { weight 6  question q2 "Q2" { scale yt } }
predicate P "P" { require a >= 4  require not (b >= 6) }
""")
    result = ruleset.score({"q1": "Tidak", "q2": "Tidak"})
    assert default_targets(result) == ["P"]
    page = report_html(result, "en")
    assert "gap analysis cannot optimise" in page
    with pytest.raises(zona.ZonaError, match="top must be 0 or more"):
        report_html(result, top=-1)
