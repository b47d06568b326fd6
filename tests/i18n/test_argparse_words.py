"""argparse's own words (`usage:`, `options`, its errors) in the language of the output,
from zona's catalogue (zona.cli.parser; docs/language-of-output.md)."""

from __future__ import annotations

import argparse
import gettext
import re
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_file

from zona.cli.main import main
from zona.cli.parser import WORDS, Parser, plural_words
from zona.i18n import _, set_language


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    try:
        code = main(list(argv))
    except SystemExit as stop:
        code = int(stop.code or 0)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_usage_errors_in_indonesian(capsys: pytest.CaptureFixture[str]) -> None:
    assert _run(capsys, "--lang", "id", "score", "--nope") == (2, "", (
        "penggunaan: zona [-h] [--version] [--lang {id,en}] COMMAND ...\n"
        "zona: kesalahan: argumen tidak dikenal: --nope\n"))
    code, _out, err = _run(capsys, "--lang", "id", "report")
    assert code == 2 and err.startswith("penggunaan: zona report [-h]")
    assert err.endswith("zona report: kesalahan: argumen berikut wajib diberikan: ANSWERS, "
                        "-o/--output\n")
    code, _out, err = _run(capsys, "--lang", "id", "nope")
    assert code == 2 and err.splitlines()[-1].startswith(
        "zona: kesalahan: argumen COMMAND: pilihan tidak sah: 'nope' (pilih dari 'check', ")
    code, _out, err = _run(capsys, "--lang", "id", "gap", "--time-limit")
    assert err.splitlines()[-1] == "zona gap: kesalahan: argumen --time-limit: memerlukan " \
                                   "satu argumen"
    code, _out, err = _run(capsys, "--lang", "id", "gap", "x", "--time-limit", "y")
    assert err.splitlines()[-1] == "zona gap: kesalahan: argumen --time-limit: 'y' bukan " \
                                   "jumlah detik"


def test_usage_errors_in_english(capsys: pytest.CaptureFixture[str]) -> None:
    assert _run(capsys, "--lang", "en", "score", "--nope") == (2, "", (
        "usage: zona [-h] [--version] [--lang {id,en}] COMMAND ...\n"
        "zona: error: unrecognized arguments: --nope\n"))


@pytest.mark.parametrize(("lang", "headings", "help_line"), [
    ("id", ("penggunaan: zona ", "argumen posisi:", "opsi:"),
     "  -h, --help      tampilkan pesan bantuan ini lalu keluar"),
    ("en", ("usage: zona ", "positional arguments:", "options:"),
     "  -h, --help      show this help message and exit")])
def test_help_headings(capsys: pytest.CaptureFixture[str], lang: str,
                       headings: tuple[str, ...], help_line: str) -> None:
    code, out, _err = _run(capsys, "--lang", lang, "--help")
    assert code == 0
    lines = out.splitlines()
    assert lines[0].startswith(headings[0]) and headings[1] in lines and headings[2] in lines
    assert help_line in lines
    version = {"id": "tampilkan nomor versi program lalu keluar",
               "en": "show program's version number and exit"}[lang]
    assert f"  --version       {version}" in lines


def test_the_language_after_the_command_and_from_the_environment(
        capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    code, out, _err = _run(capsys, "score", "--help", "--lang", "id")
    assert code == 0 and "opsi:" in out.splitlines()
    monkeypatch.setenv("ZONA_LANG", "id")
    code, out, _err = _run(capsys, "check", "--help")
    assert code == 0 and out.startswith("penggunaan: zona check") and "opsi:" in out.splitlines()


def test_argparse_is_left_as_it_was() -> None:
    """Only zona's parser speaks from zona's catalogue, and only while it works."""
    set_language("id")
    parser = Parser(prog="p")
    assert parser.format_usage() == "penggunaan: p [-h]\n"
    assert argparse._ is gettext.gettext  # type: ignore[attr-defined]
    assert argparse.ngettext is gettext.ngettext  # type: ignore[attr-defined]
    assert argparse.ArgumentParser(prog="p").format_usage() == "usage: p [-h]\n"


def _argparse_messages() -> set[str]:
    """Every message the running Python's argparse.py marks for gettext."""
    found = extract_from_file("python", Path(argparse.__file__),
                              keywords={"_": None, "ngettext": (1, 2)})
    return {m if isinstance(m, str) else m[0] for _line, m, _c, _x in found}


def _places(text: str) -> list[str]:
    return sorted(re.findall(r"%(?:\([a-z_]+\))?[sr]", text))


def test_every_argparse_message_is_in_the_catalogue() -> None:
    assert len(WORDS) >= 34
    marked = set(WORDS) | {"expected %s argument", "conflicting option string: %s"}
    assert sorted(_argparse_messages() - marked) == []
    set_language("id")
    for message in WORDS:
        said = _(message)
        assert said != message or message == "%(heading)s:", message
        assert _places(said) == _places(message), message
    assert plural_words(2) == ("memerlukan %s argumen", "string opsi bentrok: %s")
    set_language("en")
    assert plural_words(1) == ("expected %s argument", "conflicting option string: %s")
    assert plural_words(2) == ("expected %s arguments", "conflicting option strings: %s")
