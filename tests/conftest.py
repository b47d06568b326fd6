"""Shared fixtures: the repository's paths and the shared reference folder."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import settings

# no property test has a time limit per example: a busy or slow machine (CI's) must not
# turn a correct test red (tests that set their own settings keep this too)
settings.register_profile("zona", deadline=None)
settings.load_profile("zona")

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data"
SHARED = ROOT.parent / "shared" / "reference"
WORKBOOK = SHARED / "lke-permenpan-90-2021-filled.xlsx"
PORTALRB = SHARED / "portalrb-master-soal-lkezi-2026.json"


@pytest.fixture(autouse=True)
def english_output(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests read English unless they choose a language (`--lang`, ZONA_LANG): the default,
    Indonesian, would otherwise depend on the machine's locale (docs/language-of-output.md)."""
    from zona.i18n import set_language

    monkeypatch.setenv("ZONA_LANG", "en")
    set_language(None)


@pytest.fixture
def shared_workbook() -> Path:
    """The official filled LKE workbook from ../shared/reference (skips when absent)."""
    if not WORKBOOK.exists():
        pytest.skip(f"reference workbook not found at {WORKBOOK} (../shared is absent)")
    return WORKBOOK


@pytest.fixture
def portalrb_json() -> Path:
    """PortalRB's 2026 question list from ../shared/reference (skips when absent)."""
    if not PORTALRB.exists():
        pytest.skip(f"PortalRB question list not found at {PORTALRB} (../shared is absent)")
    return PORTALRB
