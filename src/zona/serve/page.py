"""The evaluators' page (GET /page): drop the official workbook or a PortalRB export, see
the score, the predicates and grades, the explanation, the gap plans and the warnings;
change an answer and score again; download the report. Plain server-rendered HTML with no
JavaScript, in Indonesian and English, readable on a phone. The page keeps no state: the
answers travel in the form (`answer:ID`, `fact:NAME`)."""

from __future__ import annotations

from collections.abc import Mapping
from html import escape
from typing import Any

from zona.errors import ZonaError
from zona.i18n import N_, _, speaking
from zona.serve.bodies import Submission
from zona.serve.problems import Problem
from zona.serve.registry import Registry
from zona.version import __version__

GAP_SECONDS = 2.0  # each plan on the page
ANSWER, FACT = "answer:", "fact:"
#: the page's words: messages of the catalogues (said with `_words(lang)`)
WORDS: Mapping[str, str] = {
    "title": N_("Zona Integritas scoring"),
    "file": N_("Workbook (LKE .xlsx) or PortalRB export (.json)"),
    "ruleset": N_("Ruleset (leave empty: from the file)"), "score": N_("Score"),
    "again": N_("Score again with these answers"), "report": N_("Download the report (HTML)"),
    "explain": N_("Explanation"), "gap": N_("Plans to improve"), "warnings": N_("Warnings"),
    "answers": N_("Answers"), "none": N_("none"), "change": N_("answers to change"),
    "unreached": N_("not reached"), "error": N_("The file cannot be scored")}
AUTONYMS = {"id": "Bahasa Indonesia", "en": "English"}  # each language in its own words


def _words(lang: str) -> dict[str, str]:
    return {key: _(text, lang) for key, text in WORDS.items()}
STYLE = """body{font-family:system-ui,sans-serif;margin:0 auto;max-width:60rem;padding:1rem;
line-height:1.4}input,select,button{font-size:1rem;max-width:100%}table{border-collapse:
collapse;width:100%}td,th{border-bottom:1px solid #ddd;padding:.25rem;text-align:left}
pre{white-space:pre-wrap}.bad{color:#a00}.scroll{overflow-x:auto}button{margin:.5rem 0}"""


def _page(lang: str, body: str) -> str:
    words = _words(lang)
    other = "en" if lang == "id" else "id"
    return (f'<!DOCTYPE html>\n<html lang="{lang}"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
            f"style-src 'unsafe-inline'; form-action 'self'\">"
            f"<title>{words['title']}</title><style>{STYLE}</style></head><body>"
            f'<p><a href="/page?lang={other}">{AUTONYMS[other]}</a></p>'
            f"<h1>{words['title']}</h1>{body}"
            f"<p><small>zona {escape(__version__)}</small></p></body></html>\n")


def form_page(registry: Registry, lang: str) -> str:
    """The upload form."""
    words = _words(lang)
    options = "".join(f'<option value="{escape(i)}">{escape(i)}</option>'
                      for i in registry.rulesets)
    return _page(lang, f'<form method="post" action="/page/score" enctype="multipart/form-data">'
                       f'<input type="hidden" name="lang" value="{lang}">'
                       f'<p><label>{words["file"]}<br><input type="file" name="file" required>'
                       f'</label></p><p><label>{words["ruleset"]}<br><select name="ruleset">'
                       f'<option value=""></option>{options}</select></label></p>'
                       f'<p><button type="submit">{words["score"]}</button></p></form>')


def error_page(problem: Problem, lang: str) -> str:
    """A problem, as the page shows it: the message and each answer problem's place."""
    found = problem.document(lang)
    items = "".join(f"<li>{escape(p['location'])}: {escape(p['message'])}</li>"
                    for p in found.get("problems", []))
    return _page(lang, f'<h2 class="bad">{_(WORDS["error"], lang)}</h2>'
                       f"<p>{escape(found['title'])}</p><pre>{escape(found['detail'])}</pre>"
                       + (f"<ul>{items}</ul>" if items else "")
                       + f'<p><a href="/page?lang={lang}">&larr;</a></p>')


def result_page(job: Submission, lang: str) -> str:
    """The unit's score, verdicts, explanation, plans, warnings and the answers to change,
    every word and number in `lang`."""
    with speaking(lang):
        return _result_page(job, lang)


def _result_page(job: Submission, lang: str) -> str:
    from zona.analysis.explain import explain
    from zona.render.html import result_html
    from zona.render.report import default_targets

    words = _words(lang)
    result = job.sheet.score(job.ruleset)
    ruleset = job.ruleset
    warnings = "".join(f"<li>{escape(str(w))}</li>" for w in job.sheet.warnings)
    body = [f"<p><b>{escape(ruleset.id)}</b> <small>{escape(ruleset.fingerprint)}</small>"
            + (f"<br>{escape(job.sheet.unit)}" if job.sheet.unit else "") + "</p>",
            f'<div class="scroll">{result_html(result, lang)}</div>',
            f"<h2>{words['explain']}</h2><pre>{escape(explain(result, lang, top=10))}</pre>",
            f"<h2>{words['gap']}</h2>{_plans(result, default_targets(result), words)}",
            f"<h2>{words['warnings']}</h2>"
            + (f"<ul>{warnings}</ul>" if warnings else f"<p>{words['none']}</p>"),
            _answers_form(job, lang)]
    return _page(lang, "".join(body))


def _plans(result: Any, targets: list[str], words: Mapping[str, str]) -> str:
    from zona.analysis.gap import gap

    found = []
    for target in targets:
        try:
            plan = gap(result, target, time_limit=GAP_SECONDS)
        except ZonaError as error:
            found.append(f"<li>{escape(target)}: {escape(str(error))}</li>")
            continue
        changes = ", ".join(f"{escape(c.id)}: {escape(c.old or '-')} &rarr; {escape(c.new)}"
                            for c in plan.changes)
        state = "" if plan.feasible else f' <span class="bad">({words["unreached"]})</span>'
        blocks = "; ".join(f"{escape(b.condition)}: {escape(b.said())}" for b in plan.blocking)
        found.append(f'<li data-gap="{escape(target)}"><b>{escape(target)}</b>{state}: '
                     f"{len(plan.changes)} {words['change']}"
                     + (f"<br><small>{changes}</small>" if changes else "")
                     + (f"<br><small>{blocks}</small>" if blocks else "") + "</li>")
    return f"<ul>{''.join(found)}</ul>" if found else f"<p>{words['none']}</p>"


def _answers_form(job: Submission, lang: str) -> str:
    words = _words(lang)
    hidden = [("ruleset", job.ruleset.id), ("lang", lang), ("unit", job.sheet.unit or "")]
    hidden += [(f"{FACT}{k}", str(v)) for k, v in job.sheet.facts.items() if v is not None]
    rows = []
    for spec in job.ruleset.inputs:
        value = job.sheet.answers.get(spec.name)
        shown = "" if value is None else str(value)
        label = spec.texts.label_en if lang == "en" and spec.texts.label_en else spec.texts.label
        rows.append(f"<tr><td>{spec.soal or ''}</td><td><label for=\"a-{escape(spec.name)}\">"
                    f"{escape(spec.name)}</label> <small>{escape(label or '')}</small></td>"
                    f'<td><input id="a-{escape(spec.name)}" name="{ANSWER}{escape(spec.name)}"'
                    f' value="{escape(shown)}" size="8"></td></tr>')
    fields = "".join(f'<input type="hidden" name="{escape(k)}" value="{escape(v)}">'
                     for k, v in hidden)
    return (f'<h2>{words["answers"]}</h2><form method="post" action="/page/score">{fields}'
            f'<button type="submit">{words["again"]}</button> '
            f'<button type="submit" formaction="/page/report">{words["report"]}</button>'
            f'<div class="scroll"><table>{"".join(rows)}</table></div>'
            f'<button type="submit">{words["again"]}</button></form>')


def answers_document(fields: Mapping[str, str]) -> dict[str, Any]:
    """The JSON request the answers form stands for (empty answers left out)."""
    answers = {k[len(ANSWER):]: v for k, v in fields.items()
               if k.startswith(ANSWER) and v.strip()}
    facts = {k[len(FACT):]: v for k, v in fields.items() if k.startswith(FACT) and v.strip()}
    document: dict[str, Any] = {"ruleset": fields.get("ruleset", ""), "answers": answers,
                                "facts": facts}
    if fields.get("unit"):
        document["unit"] = fields["unit"]
    return document
