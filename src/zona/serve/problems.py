"""Errors as RFC 9457 problem documents (`application/problem+json`), shared by `zona serve`
and `--json` on the command line.

Each kind of problem has a stable `code` (and `type`, `urn:zona:problem:CODE`), an HTTP
status and a title in Indonesian and English; an answer problem names its place (`soal`,
`cell`, `line`, `pointer`). zona's detailed messages are English: in Indonesian the title is
translated and `note` says the detail is not yet. No starlette here: the CLI uses it too.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

import attrs

from zona.errors import (
    AnswerProblem,
    ZonaAnswerError,
    ZonaCompileError,
    ZonaError,
    ZonaEvaluationError,
    ZonaSyntaxError,
)
from zona.version import __version__

MEDIA_TYPE = "application/problem+json"
LANGS = ("id", "en")
#: code -> (HTTP status, Indonesian title, English title)
KINDS: Mapping[str, tuple[int, str, str]] = {
    "answers": (422, "Lembar jawaban bermasalah", "The answer sheet has problems"),
    "ruleset-unknown": (404, "Ruleset tidak dikenal", "Unknown ruleset"),
    "ruleset-invalid": (422, "Ruleset tidak valid", "The ruleset is not valid"),
    "evaluation": (422, "Nilai yang mustahil saat menilai", "An impossible value while scoring"),
    "invalid": (422, "Permintaan tidak dapat dipenuhi", "The request cannot be met"),
    "bad-request": (400, "Permintaan tidak sah", "Bad request"),
    "malformed-json": (400, "Bukan JSON yang sah", "Not valid JSON"),
    "not-a-number": (400, "NaN atau Infinity tidak diterima", "NaN or Infinity is not accepted"),
    "too-deep": (400, "JSON bersarang terlalu dalam", "JSON nested too deeply"),
    "unknown-field": (400, "Kolom tidak dikenal", "Unknown field"),
    "invalid-field": (400, "Nilai kolom tidak sah", "Invalid field value"),
    "missing-field": (400, "Kolom wajib tidak ada", "A required field is missing"),
    "too-large": (413, "Isi permintaan terlalu besar", "The request body is too large"),
    "unsupported-media-type": (415, "Jenis isi tidak didukung", "Unsupported media type"),
    "time-limit": (422, "Batas waktu terlampaui", "The time limit was reached"),
    "not-found": (404, "Tidak ditemukan", "Not found"),
    "method-not-allowed": (405, "Metode tidak diizinkan", "Method not allowed"),
    "internal": (500, "Kesalahan internal", "Internal error"),
}
NOTE_ID = ("Rincian (detail, message) belum tersedia dalam bahasa Indonesia; "
           "ditampilkan dalam bahasa Inggris.")
_CELL = re.compile(r"^(?P<sheet>[^!#]+)!(?P<cell>[A-Z]{1,3}\d+)$")
_LINE = re.compile(r"^(?P<file>.*?):(?P<line>\d+)(?::(?P<column>\d+))?$")


@attrs.frozen
class Problem(Exception):
    """One problem document: a code from KINDS, the detail (English), extra members."""

    code: str
    detail: str
    extra: Mapping[str, Any] = attrs.field(factory=dict)

    @property
    def status(self) -> int:
        return KINDS[self.code][0]

    def document(self, lang: str = "en") -> dict[str, Any]:
        """The problem document in `lang` (id or en)."""
        status, title_id, title_en = KINDS[self.code]
        found: dict[str, Any] = {
            "type": f"urn:zona:problem:{self.code}", "code": self.code, "status": status,
            "title": title_id if lang == "id" else title_en, "detail": self.detail,
            "lang": lang, "zona_version": __version__, **self.extra}
        if lang == "id":
            found["note"] = NOTE_ID
        return found


def from_error(error: ZonaError, ruleset: Any = None) -> Problem:
    """The problem for a ZonaError; answer problems each with their place (and soal)."""
    if isinstance(error, ZonaAnswerError):
        problems = [located(p, ruleset) for p in error.problems]
        return Problem("answers", str(error), {"source": error.source, "problems": problems})
    if isinstance(error, ZonaSyntaxError | ZonaCompileError):
        return Problem("ruleset-invalid", str(error))
    if isinstance(error, ZonaEvaluationError):
        return Problem("evaluation", error.message)
    text = str(error)
    if text.startswith("no built-in ruleset"):
        return Problem("ruleset-unknown", text)
    return Problem("invalid", text)


def located(problem: AnswerProblem, ruleset: Any = None) -> dict[str, Any]:
    """An answer problem as `{location, message}` plus `cell`/`line`/`pointer` and `soal`
    where they can be told."""
    where = problem.location
    found: dict[str, Any] = {"location": where, "message": problem.message}
    cell, line = _CELL.match(where), _LINE.match(where)
    if "#" in where:
        found["pointer"] = where.partition("#")[2]
    elif cell:
        found.update(sheet=cell["sheet"], cell=cell["cell"])
    elif line:
        found["line"] = int(line["line"])
        if line["column"]:
            found["column"] = int(line["column"])
    name = _input_named(problem, ruleset)
    if name is not None:
        found["input"] = name
        soal = ruleset.inputs_by_name[name].soal
        if soal is not None:
            found["soal"] = soal
    return found


def _input_named(problem: AnswerProblem, ruleset: Any) -> str | None:
    """The input a problem is about: its location, the pointer's last part, or the id
    that opens its message (`q12: ...`)."""
    if ruleset is None:
        return None
    inputs = ruleset.inputs_by_name
    candidates = [problem.location, problem.location.rpartition("/")[2],
                  problem.message.partition(":")[0].strip()]
    return next((c for c in candidates if c in inputs), None)


def language(header: str | None) -> str:
    """The first of id/en an Accept-Language header asks for (by its q weights); en when
    it asks for neither."""
    best: tuple[float, int, str] | None = None
    for index, part in enumerate((header or "").split(",")):
        tag, _, params = part.strip().partition(";")
        base = tag.strip().lower().partition("-")[0]
        weight = 1.0
        for param in params.split(";"):
            key, _, value = param.strip().partition("=")
            if key == "q":
                try:
                    weight = float(value)
                except ValueError:
                    weight = 0.0
        if base in LANGS and weight > 0 and (best is None or (weight, -index) > best[:2]):
            best = (weight, -index, base)
    return best[2] if best else "en"
