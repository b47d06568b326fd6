"""Several assessors of one unit in answer files: the unit's own answers, the internal
team's (TPI) and the national team's (TPN).

The ruleset's `assessors` line states who prevails (`assessors tpn, tpi, unit`: the TPN's
field evaluation over the TPI's over the unit's own). The FINAL answer to each question is
the answer of the first assessor in that order who answered it (`final_answers`).
`read_assessors` reads each assessor's sheet from files; zona.analysis.compare compares them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from fractions import Fraction
from pathlib import Path

import attrs

from zona.errors import AnswerProblem, ZonaError
from zona.i18n import _
from zona.io.sheets import AnswerSheet
from zona.model import Ruleset
from zona.numtext import exact_text

DEFAULT_ASSESSORS = ("tpn", "tpi", "unit")


def precedence(ruleset: Ruleset) -> tuple[str, ...]:
    """The ruleset's assessors, the one that prevails first (tpn, tpi, unit if it names
    none, the order of the Zona Integritas process)."""
    return ruleset.assessors or DEFAULT_ASSESSORS


def answer_text(raw: object) -> str:
    """An answer as written, for display: text trimmed, numbers exact."""
    if isinstance(raw, str):
        return raw.strip()
    if isinstance(raw, bool) or raw is None:
        return str(raw)
    if isinstance(raw, int | Fraction):
        return exact_text(Fraction(raw))
    return str(raw)


def blank(raw: object) -> bool:
    return raw is None or (isinstance(raw, str) and not raw.strip())


def final_answers(ruleset: Ruleset, sheets: Mapping[str, AnswerSheet]
                  ) -> tuple[dict[str, object], dict[str, str]]:
    """The final answers and, per input, whose they are: the first assessor in the
    ruleset's order who answered it."""
    answers: dict[str, object] = {}
    chosen: dict[str, str] = {}
    for assessor in present_assessors(ruleset, sheets):
        for key, raw in sheets[assessor].answers.items():
            if key not in answers and not blank(raw):
                answers[key], chosen[key] = raw, assessor
    return answers, chosen


def present_assessors(ruleset: Ruleset, sheets: Mapping[str, AnswerSheet]) -> tuple[str, ...]:
    order = precedence(ruleset)
    unknown = [a for a in sheets if a not in order]
    if unknown:
        raise ZonaError(_("{names}: not an assessor of {ruleset} ({known})",
                          names=", ".join(unknown), ruleset=ruleset.id, known=", ".join(order)))
    return tuple(a for a in order if a in sheets)


def read_assessors(files: Sequence[str], ruleset: Ruleset
                   ) -> tuple[dict[str, AnswerSheet], list[tuple[str, AnswerProblem]]]:
    """Each assessor's sheet from files, and the workbooks' warnings (file, warning).

    A file is `NAME=PATH` (the assessor named), or a PortalRB list whose jawaban_<name>
    columns name theirs, or a sheet that names its assessor (`assessor: tpi`); any
    other file is the next assessor in the order of the process: unit, tpi, tpn (the
    ruleset's order reversed).
    """
    order = precedence(ruleset)
    sheets: dict[str, AnswerSheet] = {}
    warnings: list[tuple[str, AnswerProblem]] = []
    unnamed: list[AnswerSheet] = []
    for spec in files:
        named, _sign, rest = spec.partition("=")
        explicit = named.strip() if rest and not Path(spec).exists() else None
        path = rest if explicit is not None else spec
        if explicit is not None and explicit not in order:
            raise ZonaError(_("{spec}: {name} is not an assessor of {ruleset} ({known})",
                              spec=spec, name=explicit, ruleset=ruleset.id,
                              known=", ".join(order)))
        columns, warned = _columns(path, ruleset)
        warnings.extend((path, w) for w in warned)
        if explicit is not None:
            if len(columns) > 1:
                raise ZonaError(_("{path}: holds the answers of {names}; give it without a "
                                  "name", path=path, names=", ".join(columns)))
            columns = {explicit: next(iter(columns.values()))}
        for name, sheet in columns.items():
            if not name:
                unnamed.append(sheet)
            elif name in sheets:
                raise ZonaError(_("{path}: a second answer sheet for {name} (the first is "
                                  "{first})", path=sheet.source, name=name,
                                  first=sheets[name].source))
            else:
                sheets[name] = sheet
    free = [a for a in reversed(order) if a not in sheets]
    if len(unnamed) > len(free):
        raise ZonaError(_("more answer sheets than assessors of {ruleset} ({known})",
                          ruleset=ruleset.id, known=", ".join(order)))
    for name, sheet in zip(free, unnamed, strict=False):
        sheets[name] = attrs.evolve(sheet, assessor=name)
    return sheets, warnings


def _columns(path: str, ruleset: Ruleset) -> tuple[dict[str, AnswerSheet], list[AnswerProblem]]:
    """The sheets in one file by the assessor they name ('' when they name none)."""
    from zona.io.sheets import read_answers, read_document, sheet_from_document

    suffix = Path(path).suffix.lower()
    if suffix in (".xlsx", ".xlsm", ".xls"):
        from zona.io.lke import read_lke

        workbook = read_lke(path, ruleset)
        return {workbook.answers.assessor or "": workbook.answers}, list(workbook.warnings)
    if suffix == ".csv":
        sheet = read_answers(path, ruleset)
        return {sheet.assessor or "": sheet}, []
    document, where = read_document(path)
    if isinstance(document, list):
        from zona.io.portalrb import portalrb_columns

        return portalrb_columns(document, path, ruleset, where), []
    sheet = sheet_from_document(document, path, ruleset, where)
    return {sheet.assessor or "": sheet}, []
