"""The language of everything a person reads: gettext catalogues and numbers by language.

Messages live in `zona/locale/{id,en}/LC_MESSAGES/zona.po` (compiled to `zona.mo` beside
them); the msgid is the English text with `{name}` fields. The language is, in this order:
`set_language` (the `--lang` option), the `ZONA_LANG` environment variable, the locale
(`LC_ALL`, `LC_MESSAGES`, `LANG`), else Indonesian. docs/language-of-output.md says more.
"""

from __future__ import annotations

import contextlib
import functools
import gettext
import os
from collections.abc import Iterator
from contextvars import ContextVar
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

from zona.errors import ZonaError
from zona.numtext import approx_text, exact_text

LANGS = ("id", "en")
DEFAULT = "id"  # Indonesian first: the evaluators who fill the LKE read Indonesian
ENVIRONMENT = "ZONA_LANG"
LOCALE_VARIABLES = ("LC_ALL", "LC_MESSAGES", "LANG")  # POSIX order of precedence
LOCALE_DIR = Path(__file__).parent / "locale"
DOMAIN = "zona"

_chosen: list[str] = []  # the language `--lang` chose for this process, if any
_speaking: ContextVar[str | None] = ContextVar("zona_speaking", default=None)


def check_lang(lang: str) -> str:
    """`lang` when it is a supported language; ZonaError otherwise, in both languages (the
    language to speak is what is wrong, so no catalogue can say it)."""
    if lang not in LANGS:
        raise ZonaError(f"unknown language {lang!r}: use 'id' (Indonesian) or 'en' (English); "
                        f"bahasa {lang!r} tidak dikenal: pakai 'id' (Indonesia) atau 'en' "
                        f"(Inggris)")
    return lang


def set_language(lang: str | None) -> None:
    """Choose the language for this process (None: back to the environment and locale)."""
    _chosen.clear()
    if lang is not None:
        _chosen.append(check_lang(lang))


def language() -> str:
    """The language in use: inside `speaking(lang)` that one; else `--lang`, then ZONA_LANG,
    then the locale, then Indonesian."""
    if (inside := _speaking.get()) is not None:
        return inside
    if _chosen:
        return _chosen[0]
    given = os.environ.get(ENVIRONMENT, "").strip()
    if given:
        return check_lang(given.lower())
    for variable in LOCALE_VARIABLES:
        value = os.environ.get(variable, "")
        if value:  # the first one set decides, as in POSIX
            return _from_locale(value)
    return DEFAULT


@contextlib.contextmanager
def speaking(lang: str) -> Iterator[None]:
    """Within the block, messages and numbers are in `lang` (a renderer given a language)."""
    token = _speaking.set(check_lang(lang))
    try:
        yield
    finally:
        _speaking.reset(token)


def speak_in_this_thread(lang: str) -> None:
    """A worker thread's initializer: speak `lang`, the language of the code that started the
    pool (a new thread does not inherit `speaking`)."""
    _speaking.set(check_lang(lang))


def _from_locale(value: str) -> str:
    """`id_ID.UTF-8` -> id, `en_GB` -> en; `in` is the old code of Indonesian; C, POSIX
    and every other language -> the default."""
    code = value.split(".")[0].split("@")[0].split("_")[0].lower()
    return {"id": "id", "in": "id", "en": "en"}.get(code, DEFAULT)


@functools.cache
def translations(lang: str) -> gettext.GNUTranslations:
    """The compiled catalogue of `lang` (shipped in the package)."""
    with (LOCALE_DIR / check_lang(lang) / "LC_MESSAGES" / f"{DOMAIN}.mo").open("rb") as file:
        return gettext.GNUTranslations(file)


def _(msgid: str, /, lang: str | None = None, **values: object) -> str:
    """The message in `lang` (default: the language in use), its `{fields}` filled in."""
    text = translations(lang or language()).gettext(msgid)
    return text.format(**values) if values else text


def ngettext(singular: str, plural: str, count: int, /, lang: str | None = None,
             **values: object) -> str:
    """The singular or plural message for `count`, its fields filled in (`count` among them)."""
    text = translations(lang or language()).ngettext(singular, plural, count)
    return text.format(count=count, **values)


def pgettext(context: str, msgid: str, /, lang: str | None = None, **values: object) -> str:
    """The message in `context` (one English word said two ways, e.g. in a narrow column)."""
    text = translations(lang or language()).pgettext(context, msgid)
    return text.format(**values) if values else text


def N_(msgid: str, /) -> str:
    """Mark a message for the catalogue where it is written; translate it later with `_`."""
    return msgid


def number(value: Fraction | Decimal | int, places: int = 2, lang: str | None = None) -> str:
    """A number rounded half-up to `places` decimals, written as `lang` writes it: 87,68 in
    Indonesian, 87.68 in English (no thousands separators, as the LKE shows scores)."""
    from babel.numbers import format_decimal

    rounded = Decimal(approx_text(Fraction(value), places))
    pattern = "0." + "0" * places if places else "0"
    return format_decimal(rounded, format=pattern, locale=lang or language())


def whole(value: int, lang: str | None = None) -> str:
    """A count with thousands grouped as `lang` writes it: 1.048.576 in Indonesian,
    1,048,576 in English (file sizes, limits, counts of rows)."""
    from babel.numbers import format_decimal

    return format_decimal(value, format="#,##0", locale=lang or language())


def percent(value: Fraction, places: int = 1, lang: str | None = None) -> str:
    """A share (0..1) as a percentage with `places` decimals: 86,1% / 86.1%."""
    return number(value * 100, places, lang) + "%"


def exact(value: Fraction, lang: str | None = None) -> str:
    """A number exactly (zona.numtext.exact_text), with the decimal mark of `lang`: 87,5 in
    Indonesian; 5261/60 stays a fraction."""
    from babel.numbers import get_decimal_symbol

    return exact_text(value).replace(".", get_decimal_symbol(lang or language()))


@dataclass(frozen=True)
class Message:
    """A message kept to be said later in either language: its msgid (the English text,
    marked with `N_`) and the values of its `{fields}`. A Fraction is written as the
    language writes numbers (`exact`), an int as it groups counts (`whole`: 100.000 /
    100,000); `str()` says it in the language in use."""

    msgid: str
    fields: tuple[tuple[str, object], ...] = ()

    def said(self, lang: str | None = None) -> str:
        """The message in `lang` (default: the language in use)."""
        shown = {k: _shown(v, lang) for k, v in self.fields}
        return _(self.msgid, lang, **shown)

    def __str__(self) -> str:
        return self.said()


def _shown(value: object, lang: str | None) -> object:
    if isinstance(value, Fraction):
        return exact(value, lang)
    if isinstance(value, int) and not isinstance(value, bool):
        return whole(value, lang)
    return value
