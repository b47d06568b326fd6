"""Errors as RFC 9457 problem documents (`application/problem+json`), shared by `zona serve`
and `--json` on the command line.

Each kind of problem has a stable `code` (and `type`, `urn:zona:problem:CODE`), an HTTP
status and a title from the message catalogues; an answer problem names its place (`soal`,
`cell`, `line`, `pointer`). The title is said in the document's language; the detail and
the problems' messages are made in the language in use where the error arises (`zona serve`
speaks the request's language while it works: zona.i18n.speaking). No starlette here: the
CLI uses it too.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

import attrs

from zona.builtin import UnknownRuleset
from zona.errors import (
    AnswerProblem,
    ZonaAnswerError,
    ZonaCompileError,
    ZonaError,
    ZonaEvaluationError,
    ZonaSyntaxError,
)
from zona.i18n import N_, _
from zona.version import __version__

MEDIA_TYPE = "application/problem+json"
LANGS = ("id", "en")
#: code -> (HTTP status, title: an English msgid of the catalogues)
KINDS: Mapping[str, tuple[int, str]] = {
    "answers": (422, N_("The answer sheet has problems")),
    "ruleset-unknown": (404, N_("Unknown ruleset")),
    "ruleset-invalid": (422, N_("The ruleset is not valid")),
    "evaluation": (422, N_("An impossible value while scoring")),
    "invalid": (422, N_("The request cannot be met")),
    "bad-request": (400, N_("Bad request")),
    "malformed-json": (400, N_("Not valid JSON")),
    "not-a-number": (400, N_("NaN or Infinity is not accepted")),
    "too-deep": (400, N_("JSON nested too deeply")),
    "unknown-field": (400, N_("Unknown field")),
    "invalid-field": (400, N_("Invalid field value")),
    "missing-field": (400, N_("A required field is missing")),
    "too-large": (413, N_("The request body is too large")),
    "unsupported-media-type": (415, N_("Unsupported media type")),
    "time-limit": (422, N_("The time limit was reached")),
    "not-found": (404, N_("Not found")),
    "method-not-allowed": (405, N_("Method not allowed")),
    "internal": (500, N_("Internal error")),
}
_CELL = re.compile(r"^(?P<sheet>[^!#]+)!(?P<cell>[A-Z]{1,3}\d+)$")
_LINE = re.compile(r"^(?P<file>.*?):(?P<line>\d+)(?::(?P<column>\d+))?$")


@attrs.frozen
class Problem(Exception):
    """One problem document: a code from KINDS, the detail (in the language it was made in),
    extra members."""

    code: str
    detail: str
    extra: Mapping[str, Any] = attrs.field(factory=dict)

    @property
    def status(self) -> int:
        return KINDS[self.code][0]

    def document(self, lang: str = "en") -> dict[str, Any]:
        """The problem document with its title in `lang` (id or en)."""
        status, title = KINDS[self.code]
        return {"type": f"urn:zona:problem:{self.code}", "code": self.code, "status": status,
                "title": _(title, lang), "detail": self.detail, "lang": lang,
                "zona_version": __version__, **self.extra}


def from_error(error: ZonaError, ruleset: Any = None) -> Problem:
    """The problem for a ZonaError; answer problems each with their place (and soal)."""
    if isinstance(error, ZonaAnswerError):
        problems = [located(p, ruleset) for p in error.problems]
        return Problem("answers", str(error), {"source": error.source, "problems": problems})
    if isinstance(error, ZonaSyntaxError | ZonaCompileError):
        return Problem("ruleset-invalid", str(error))
    if isinstance(error, ZonaEvaluationError):
        return Problem("evaluation", error.message)
    if isinstance(error, UnknownRuleset):
        return Problem("ruleset-unknown", str(error))
    return Problem("invalid", str(error))


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
