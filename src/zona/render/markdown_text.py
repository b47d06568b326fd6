"""Markdown text for the ruleset pages (zona.render.markdown): prose escaped so that it reads
as written (Markdown and HTML characters, a line that would start a list or heading, control
characters), exact numbers, anchored headings, admonitions, and a declaration's texts.
"""

from __future__ import annotations

import re
from fractions import Fraction

from zona import model as m
from zona.numtext import approx_text, exact_text

_SPECIAL = re.compile(r"([\\`*_\[\]|{}#])")
_LINE_START = re.compile(r"[#>+=-]|\d+\.")
_PICTURES = {**{code: 0x2400 + code for code in range(32)}, 0x7F: 0x2421}


def text(value: str) -> str:
    """Prose as inline Markdown: blanks collapsed, Markdown and HTML characters escaped, a
    control character shown as its picture (U+2400..)."""
    flat = " ".join(value.split()).translate(_PICTURES)
    return _SPECIAL.sub(r"\\\1", flat.replace("&", "&amp;").replace("<", "&lt;"))


def prose(value: str, indent: str = "") -> str:
    """A text that may run over several lines, each kept (a line break between them)."""
    kept = [_line_start(text(line)) for line in value.strip().split("\n")]
    ends = [bool(line and following) for line, following in zip(kept, [*kept[1:], ""],
                                                                strict=True)]
    return "\n".join(indent + line + ("<br>" if end else "") if line else indent.rstrip()
                     for line, end in zip(kept, ends, strict=True))


def _line_start(line: str) -> str:
    """A line that cannot start a heading, quote, list or underline: its first mark as an
    HTML character reference (`&#35;` for `#`, `1&#46;` for `1.`)."""
    found = _LINE_START.match(line)
    if found is None:
        return line
    mark = found.group()
    return (f"&#{ord(mark)};" if len(mark) == 1 else f"{mark[:-1]}&#46;") + line[found.end():]


def number(value: Fraction) -> str:
    """Exact: a decimal when it terminates, else p/q with its value to 4 places."""
    shown = exact_text(value)
    return shown if "/" not in shown else f"{shown} (≈ {approx_text(value, 4)})"


def percent(share: Fraction | None) -> str:
    """A share as an exact percentage; `-` for none."""
    return "-" if share is None else f"{number(share * 100)} %"


def code(value: str) -> str:
    return f"`{value}`"


def link(kind: str, name: str) -> str:
    return f"[`{name}`](#{kind}-{name})"


def heading(level: int, kind: str, name: str, label: str | None) -> str:
    shown = f" {text(label)}" if label and label.strip() else ""
    return f"{'#' * level} `{name}`{shown} {{#{kind}-{name}}}"


def admonition(kind: str, title: str, body: str) -> str:
    return f'!!! {kind} "{title}"\n\n' + prose(body, "    ")


def bullets(items: list[str]) -> str:
    """A list of Markdown items."""
    return "\n".join(f"- {item}" for item in items)


def prose_bullets(items: tuple[str, ...]) -> str:
    """A list of texts, each kept as written (its lines too)."""
    return bullets(["&#8203;" if not item.strip() else prose(item, "  ")[2:]
                     for item in items])


def texts_block(texts: m.Texts, label: bool = True) -> str:
    """A declaration's English label, criteria (both languages), citations, notes and
    `assumed` marks (each an admonition)."""
    out: list[str] = []
    if label and texts.label_en:
        out.append(f"English: *{text(texts.label_en)}*")
    for title, criteria in (("Kriteria (Indonesian)", texts.criteria),
                            ("Criteria (English)", texts.criteria_en)):
        if criteria:
            out.append(f"**{title}**\n\n" + prose(criteria, "> "))
    if texts.cites:
        out.append("Cites:\n\n" + prose_bullets(texts.cites))
    if texts.notes:
        out.append("Notes:\n\n" + prose_bullets(texts.notes))
    out.extend(admonition("warning", "assumed", a) for a in texts.assumptions)
    return "\n\n".join(out)


__all__ = ["admonition", "bullets", "code", "heading", "link", "number", "percent", "prose",
           "prose_bullets", "text", "texts_block"]
