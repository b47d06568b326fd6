"""Templates for any ruleset: a fillable answer sheet in xlsx, CSV, JSON or YAML.

The xlsx template (zona.io.workbook) scores itself with live formulas; the text
templates list every question and input with what it accepts, and read back with
read_answers. Every template is written atomically.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any, BinaryIO

from zona.errors import ZonaError
from zona.i18n import N_, _
from zona.io.atomic import guarded_write, write_atomic, write_text_atomic
from zona.io.formulas_text import neutralise
from zona.io.layout import (
    Line,
    answer_type,
    choices,
    fact_type,
    lines,
    not_applicable,
    options_text,
)
from zona.model import Ruleset
from zona.numtext import exact_text

FORMATS = ("xlsx", "csv", "json", "yaml")
_SUFFIXES = {".xlsx": "xlsx", ".csv": "csv", ".json": "json", ".yaml": "yaml", ".yml": "yaml"}
CSV_COLUMNS = ("id", "answer", "notes", "evidence", "type", "choices", "soal", "weight",
               "question", "criteria", "path", "not_applicable", "options")
#: what a template says about the notes and evidence of each question (catalogue
#: messages: a template is written in the language in use, `_(REMARKS[key])`)
REMARKS = {"notes": N_("Catatan: a note on the answer, by question id"),
           "evidence": N_("Bukti dukung: a link to the documents that support the answer, by "
                          "question id")}


def template_format(path: str | Path | None, given: str | None = None) -> str:
    """The format to write: `given`, else the file's suffix; ZonaError if neither says."""
    if given is not None:
        if given not in FORMATS:
            raise ZonaError(_("unknown template format {given} (formats: {formats})",
                              given=repr(given), formats=", ".join(FORMATS)))
        return given
    suffix = Path(path).suffix.lower() if path is not None else ""
    if suffix not in _SUFFIXES:
        raise ZonaError(_("{path}: cannot tell the template format from the suffix "
                          "{suffix}; use .xlsx, .csv, .json or .yaml", path=path,
                          suffix=suffix or _("(none)")))
    return _SUFFIXES[suffix]


def _copy(book: io.BytesIO, stream: BinaryIO) -> None:
    stream.write(book.getbuffer())


def write_template(ruleset: Ruleset, path: str | Path, fmt: str | None = None,
                   facts: Mapping[str, object] | None = None) -> str:
    """Write the template of `ruleset` to `path` atomically; the format written. `facts`
    choose the weights a text template shows where they depend on facts (the xlsx
    template's weights follow its own fact cells)."""
    found = template_format(path, fmt)
    if found == "xlsx":
        from zona.io.workbook import write_workbook

        if facts:
            raise ZonaError(_("the xlsx template's weights follow the facts typed into it: "
                              "leave out --fact, and fill the fact cells in the workbook"))
        book = io.BytesIO()  # built in memory: a full disk never leaves a half-open zip
        # openpyxl's own temporary files may fail too
        guarded_write(path, lambda: write_workbook(ruleset, book))
        write_atomic(path, lambda stream: _copy(book, stream))
    else:
        write_text_atomic(path, template_text(ruleset, found, facts))
    return found


def weights_shown(ruleset: Ruleset, facts: Mapping[str, object] | None = None
                  ) -> tuple[Ruleset, dict[str, str]]:
    """The ruleset whose weights a text template shows, and the fact values they are for
    (none when no weight depends on a fact): the given facts', else the first combination."""
    if not ruleset.weight_facts:
        return ruleset, {}
    if facts and all(facts.get(name) is not None for name in ruleset.weight_facts):
        chosen = ruleset.specialise(facts)
        key = next(k for k, v in ruleset.variants.items() if v is chosen)
    else:
        key = next(iter(ruleset.variants))
        chosen = ruleset.variants[key]
    return chosen, dict(zip(ruleset.weight_facts, key, strict=True))


def weights_note(ruleset: Ruleset, shown: Mapping[str, str]) -> str:
    """What a template says about weights that depend on facts (empty when none do)."""
    if not shown:
        return ""
    others = "; ".join(
        f"{name}: {', '.join(ruleset.facts_by_name[name].levels or ('yes', 'no'))}"
        for name in shown)
    given = ", ".join(f"{name} = {value}" for name, value in shown.items())
    return _("The weights depend on facts; this template shows those for {given}. For "
             "another combination ({others}) write the template with --fact NAME=VALUE.",
             given=given, others=others)


def template_text(ruleset: Ruleset, fmt: str,
                  facts: Mapping[str, object] | None = None) -> str:
    """A text template: CSV, JSON or YAML (weights for `facts`, see weights_shown)."""
    shown_ruleset, shown = weights_shown(ruleset, facts)
    answered = [line for line in lines(shown_ruleset) if line.spec is not None]
    note = weights_note(ruleset, shown)
    if fmt == "csv":
        return _csv(ruleset, answered, note, facts or {})
    if fmt == "json":
        return _json(ruleset, answered, note, shown, facts or {})
    if fmt == "yaml":
        return _yaml(ruleset, answered, note, facts or {})
    raise ZonaError(_("{format} is not a text template format (csv, json, yaml)",
                      format=repr(fmt)))


def _info(line: Line) -> dict[str, Any]:
    assert line.spec is not None
    weight = line.node.weight if line.node is not None else None
    scale = line.spec.scale if line.spec.kind == "choice" else None
    return {"id": line.name, "type": answer_type(line.spec), "choices": list(choices(line.spec)),
            "soal": line.spec.soal, "weight": exact_text(weight) if weight is not None else None,
            "question": line.label, "criteria": line.criteria,
            "path": [_one_line(p) for p in line.path],
            "not_applicable": list(not_applicable(line.spec)),
            "labels": {o.name: o.label for o in scale.options if o.label} if scale else {},
            "options": options_text(line.spec)}


def _csv(ruleset: Ruleset, answered: list[Line], note: str,
         facts: Mapping[str, object]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")

    def row(*cells: object) -> None:  # text a spreadsheet could run is written as text
        writer.writerow([neutralise(str(c)) for c in cells])

    row(*CSV_COLUMNS)
    row("ruleset", ruleset.id)
    for meta in ("unit", "unit_id", "assessor"):
        row(meta, "")
    for line in answered:
        info = _info(line)
        row(info["id"], "", "", "", info["type"], "/".join(info["choices"]), info["soal"] or "",
            info["weight"] or "", info["question"], info["criteria"] or "",
            " > ".join(info["path"]), "/".join(info["not_applicable"]), info["options"])
    for fact in ruleset.facts:
        about = fact.texts.criteria or ""
        if note and fact.name in ruleset.weight_facts:
            about = f"{about} {note}".strip()
        row(f"fact:{fact.name}", _given(facts, fact.name), "", "", fact_type(fact), "", "", "",
            fact.texts.label or fact.name, about, "", "", "")
    return out.getvalue()


def _given(facts: Mapping[str, object], name: str) -> str:
    value = facts.get(name)
    return "" if value is None else str(value)


def _json(ruleset: Ruleset, answered: list[Line], note: str, shown: Mapping[str, str],
          facts: Mapping[str, object]) -> str:
    document = {
        "ruleset": ruleset.id, "unit": None, "unit_id": None, "assessor": None,
        "answers": {line.name: None for line in answered},
        "facts": {fact.name: facts.get(fact.name) for fact in ruleset.facts},
        "notes": {line.name: None for line in answered},
        "evidence": {line.name: None for line in answered},
        "template": {"remarks": {k: _(v) for k, v in REMARKS.items()},
                     "questions": [_info(line) for line in answered],
                     "facts": [{"id": f.name, "type": fact_type(f),
                                "question": f.texts.label or f.name} for f in ruleset.facts],
                     **({"weights_for": dict(shown), "weights_note": note} if shown else {})},
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def _yaml(ruleset: Ruleset, answered: list[Line], note: str,
          facts: Mapping[str, object]) -> str:
    head = _("Answer sheet for {title} (zona ruleset {ruleset}).",
             title=ruleset.title or ruleset.id, ruleset=ruleset.id)
    how = _('Write each answer after its id; leave it empty when not answered; (n/a) marks\n'
            'the answers that mean "not applicable"; numbered levels are written as numbers.')
    text = [f"# {head}", *(f"# {part}" for part in how.splitlines()),
            *([f"# {_one_line(note)}"] if note else []),
            f"ruleset: {_scalar(ruleset.id)}", "unit:", "unit_id:", "assessor:", "answers:"]
    section: tuple[str, ...] = ()
    for line in answered:
        info = _info(line)
        if line.path != section:
            section = line.path
            text.append(f"  # --- {_one_line(' > '.join(section))}")
        listed = info["options"] or ", ".join(info["choices"])
        what = info["type"] + (f": {listed}" if listed else "")
        soal = f", soal {info['soal']}" if info["soal"] else ""
        text.append(f"  # {_one_line(info['question'])} ({what}{soal})")
        text.append(f"  {line.name}:")
    text.append("facts:")
    for fact in ruleset.facts:
        text.append(f"  # {_one_line(fact.texts.label or fact.name)} ({fact_type(fact)})")
        given = _given(facts, fact.name)
        text.append(f"  {fact.name}:" + (f" {_scalar(given)}" if given else ""))
    for remark in ("notes", "evidence"):
        text += [f"# {_(REMARKS[remark])}", f"{remark}:"]
        text.extend(f"  {line.name}:" for line in answered)
    return "\n".join(text) + "\n"


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _scalar(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)

