"""The message catalogues: every message of the code in both languages, the same `{fields}`
in each, and the compiled .mo files current with their .po sources (docs/language-of-output.md)."""

from __future__ import annotations

import gettext
import io
import string
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog, Message
from babel.messages.extract import extract_from_file
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from tests.conftest import ROOT
from zona.i18n import DOMAIN, LANGS, LOCALE_DIR

PACKAGE = ROOT / "src" / "zona"
# the marks `make locale` extracts (docs/language-of-output.md)
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2), "pgettext": ((1, "c"), 2)}
Key = tuple[str | None, str]  # (context, msgid)


def _catalogue(lang: str) -> Catalog:
    with (LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po").open("rb") as file:
        return read_po(file, locale=lang)


def _messages(lang: str) -> dict[Key, Message]:
    return {(m.context, _key(m.id)): m for m in _catalogue(lang) if m.id}


def _key(msgid: str | tuple[str, ...] | list[str]) -> str:
    return msgid if isinstance(msgid, str) else msgid[0]


def _fields(text: str) -> set[str]:
    return {f for _, f, _, _ in string.Formatter().parse(text) if f is not None}


def _in_code() -> dict[Key, str]:
    """Every message the code marks (`_`, `N_`, `ngettext`, `pgettext`) -> where it is."""
    found: dict[Key, str] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        if path.name == "i18n.py" or "from zona.i18n import" not in path.read_text("utf-8"):
            continue
        for line, msgid, _, context in extract_from_file("python", path, keywords=KEYWORDS):
            found.setdefault((context, _key(msgid)), f"{path.relative_to(ROOT)}:{line}")
    return found


def test_the_code_marks_messages() -> None:
    marked = _in_code()
    assert len(marked) > 150
    assert marked[None, "PASSED"].startswith("src/zona/")
    assert ("short verdict", "undecided") in marked


@pytest.mark.parametrize("lang", LANGS)
def test_every_message_of_the_code_is_in_the_catalogue(lang: str) -> None:
    messages = _messages(lang)
    marked = _in_code()
    assert [f"{m} ({where})" for m, where in marked.items() if m not in messages] == []
    assert [m for m in messages if m not in marked] == [], "messages no code uses any more"


@pytest.mark.parametrize("lang", LANGS)
def test_every_message_is_translated_with_the_same_fields(lang: str) -> None:
    problems = []
    for key, message in _messages(lang).items():
        ids = [message.id] if isinstance(message.id, str) else list(message.id)
        strings = [message.string] if isinstance(message.string, str) else list(message.string)
        if not all(strings) or message.fuzzy:
            problems.append(f"untranslated or fuzzy: {key!r}")
        for text in strings:
            if _fields(text) != _fields(ids[0]):
                problems.append(f"fields differ: {key!r} -> {text!r}")
    assert problems == []


def test_english_and_indonesian_hold_the_same_messages() -> None:
    assert _messages("id").keys() == _messages("en").keys()
    assert _catalogue("id").num_plurals == 1  # Indonesian has no plural forms
    assert _catalogue("en").num_plurals == 2


@pytest.mark.parametrize("lang", LANGS)
def test_compiled_catalogue_is_current(lang: str) -> None:
    """The shipped zona.mo says what zona.po says (`make locale` compiles it)."""
    compiled = io.BytesIO()
    write_mo(compiled, _catalogue(lang))
    compiled.seek(0)
    fresh = gettext.GNUTranslations(compiled)
    mo = LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.mo"
    with mo.open("rb") as file:
        shipped = gettext.GNUTranslations(file)
    assert shipped._catalog == fresh._catalog, f"run `make locale`: {mo} is stale"  # type: ignore[attr-defined]


def test_the_catalogues_are_in_the_package() -> None:
    assert Path(__file__).resolve().parents[2] / "src" / "zona" / "locale" == LOCALE_DIR
    assert sorted(p.parent.parent.name for p in LOCALE_DIR.glob("*/LC_MESSAGES/zona.mo")) == \
        sorted(LANGS)
