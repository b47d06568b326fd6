"""HTML views of a Ruleset and a Result, for notebooks and the unit report.

Plain HTML and CSS (collapsible parts are <details>/<summary>), no JavaScript, every text
escaped. Numbers are rounded for display only; titles carry the exact values.
"""

from __future__ import annotations

from fractions import Fraction
from html import escape

from zona import model as m
from zona.analysis import explain as x
from zona.i18n import exact, number, speaking
from zona.numtext import approx_text
from zona.render.grade_html import result_grades, ruleset_grades
from zona.scoring.result import ConditionResult, NodeResult, Result

CSS = """
.zona { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
  font-size: 13px; line-height: 1.4; color: #1b1f24; }
.zona h3 { margin: .8em 0 .3em; font-size: 1.1em; }
.zona details { margin-left: 1.1em; }
.zona > details { margin-left: 0; }
.zona summary { cursor: pointer; }
.zona .row { display: flex; align-items: center; gap: .6em; padding: 1px 0; }
.zona .leaf { margin-left: 2.2em; }
.zona .name { color: #57606a; font-family: ui-monospace, Menlo, Consolas, monospace; }
.zona .label { flex: 1; min-width: 0; overflow: hidden; text-overflow: ellipsis;
  white-space: nowrap; }
.zona .fig { width: 8.5em; text-align: right; font-variant-numeric: tabular-nums;
  white-space: nowrap; }
.zona .bar { position: relative; display: inline-block; width: 9em; height: .8em;
  background: #eaeef2; border-radius: 2px; flex: none; }
.zona .bar > span.fill { position: absolute; left: 0; top: 0; bottom: 0; background: #2f81f7;
  border-radius: 2px; }
.zona .bar > span.tick { position: absolute; top: -2px; bottom: -2px; width: 2px;
  background: #1b1f24; }
.zona .unanswered { color: #8c959f; }
.zona .flag { color: #cf222e; font-weight: 600; }
.zona table { border-collapse: collapse; margin: .3em 0; }
.zona th, .zona td { border-bottom: 1px solid #d0d7de; padding: 2px 8px; text-align: left;
  vertical-align: top; }
.zona td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.zona tr.failed td { background: #ffebe9; }
.zona tr.undecided td { background: #fff8c5; }
.zona tr.predicate th { background: #f6f8fa; }
.zona .passed { color: #1a7f37; font-weight: 600; }
.zona .failed-text { color: #cf222e; font-weight: 600; }
.zona .undecided-text { color: #9a6700; font-weight: 600; }
.zona .bar, .zona .bar > span, .zona tr td {
  -webkit-print-color-adjust: exact; print-color-adjust: exact; }
"""

_VERDICT_CLASS = {True: "passed", False: "failed-text", None: "undecided-text"}
_ROW_CLASS = {True: "", False: "failed", None: "undecided"}


def _wrap(body: str) -> str:
    return f'<div class="zona"><style>{CSS}</style>{body}</div>'


def _percent(share: Fraction) -> str:
    """A CSS width for a share (display only), clamped to 0..100 %."""
    return f"{approx_text(min(max(share, Fraction(0)), Fraction(1)) * 100)}%"


def bar(share: Fraction, ticks: tuple[tuple[str, Fraction], ...] = ()) -> str:
    """A horizontal bar filled to `share`, with a tick at each (name, share) threshold; its
    titles in the language in use (87,68 %), its CSS widths with a decimal point."""
    marks = "".join(f'<span class="tick" style="left:{_percent(t)}" title="{escape(n)} '
                    f'{escape(number(t * 100))} %"></span>' for n, t in ticks)
    return (f'<span class="bar" title="{escape(number(share * 100))} %">'
            f'<span class="fill" style="width:{_percent(share)}"></span>{marks}</span>')


# --- the ruleset ------------------------------------------------------------------


def ruleset_html(ruleset: m.Ruleset, lang: str = "id") -> str:
    """The ruleset's tree as collapsible HTML with each node's weight, then its predicates;
    its words and numbers in `lang`."""
    with speaking(x.check_lang(lang)):
        return _ruleset_html(ruleset, lang)


def _ruleset_html(ruleset: m.Ruleset, lang: str) -> str:
    head = (f"<h3>{escape(ruleset.id)}: {escape(x.label(ruleset.texts, ruleset.id, lang))}</h3>"
            + (f"<div>{escape(ruleset.regulation)}</div>" if ruleset.regulation else ""))
    columns = (f'<div class="row" style="font-weight:600"><span class="label">'
               f"{escape(x.phrase('h_node', lang))}</span><span class=\"fig\"></span>"
               f"<span class=\"fig\">{escape(x.phrase('h_weight', lang))}</span></div>")
    tree = columns + _ruleset_node(ruleset, ruleset.root, lang, 0)
    views = "".join(f"<li><b>{escape(v.name)}</b> {escape(x.label(v.texts, v.name, lang))}"
                    + (f" = {escape(' + '.join(v.parts))}" if v.parts else "")
                    + f" ({escape(exact(v.maximum))})</li>"
                    for top in ruleset.views for v in top.walk())
    scales = "".join(f"<li><b>{escape(s.name)}</b> " + _range(s, lang) + ", ".join(
        f"{escape(o.name)} = " + escape(x.phrase("not_applicable", lang) if o.na
                                        else exact(o.value)) for o in s.options)
        + "</li>" for s in ruleset.scales)
    predicates = "".join(
        f"<li><b>{escape(p.name)}</b> {escape(x.label(p.texts, p.name, lang))}<ul>"
        + "".join(f"<li><code>{escape(c.text)}</code></li>" for c in p.conditions)
        + "</ul></li>" for p in ruleset.predicates)
    views_html = f"<h3>{escape(x.phrase('h_views', lang))}</h3><ul>{views}</ul>" if views else ""
    return _wrap(f"{head}{tree}{views_html}"
                 f"<h3>{escape(x.phrase('h_scales', lang))}</h3><ul>{scales}</ul>"
                 f"<h3>{escape(x.phrase('predicates', lang))}</h3><ul>{predicates}</ul>"
                 + ruleset_grades(ruleset, lang))


def _range(scale: m.Scale, lang: str) -> str:
    """`(range 1..5) ` for a scale on a range other than 0..1."""
    if scale.low == 0 and scale.high == 1:
        return ""
    return (f"({escape(x.phrase('h_range', lang))} {escape(exact(scale.low))}.."
            f"{escape(exact(scale.high))}) ")


def _ruleset_node(ruleset: m.Ruleset, node: m.Node, lang: str, depth: int,
                  relative: bool = False) -> str:
    """A node's row (and its children's); `relative`: its parent takes a weighted mean, so
    its weight is shown (relative), not its maximum (its parent's)."""
    what: str = node.aggregate
    if node.aggregate == "choice":
        spec = ruleset.inputs_by_name.get(node.name)
        what = spec.scale.label or spec.scale.name if spec and spec.scale else "choice"
    elif node.inputs:
        what = ", ".join(node.inputs)
    text = x.label(node.texts, node.name, lang)
    shown = node.weight if relative and node.weight is not None else node.maximum
    row = (f'<span class="name">{escape(node.name)}</span>'
           f'<span class="label" title="{escape(text)}">{escape(text)}</span>'
           f'<span class="fig">{escape(what)}</span>'
           f'<span class="fig">{escape(exact(shown))}</span>')
    if not node.children:
        return f'<div class="row leaf">{row}</div>'
    inner = "".join(_ruleset_node(ruleset, c, lang, depth + 1, node.aggregate == "weighted")
                    for c in node.children)
    return (f'<details{" open" if depth < 1 else ""}><summary><span class="row" '
            f'style="display:inline-flex;width:calc(100% - 1.5em)">{row}</span></summary>'
            f"{inner}</details>")


# --- the result -------------------------------------------------------------------


def result_html(result: Result, lang: str = "id", *, open_depth: int = 1) -> str:
    """Scores as a collapsible tree with bars, the areas, and the predicates' conditions;
    its words and numbers in `lang`."""
    with speaking(x.check_lang(lang)):
        return _result_html(result, lang, open_depth)


def _result_html(result: Result, lang: str, open_depth: int) -> str:
    ruleset = result.ruleset
    total = result.total
    sentence = x.phrase("total", lang, score=x.num(total.score), maximum=x.num(total.maximum),
                        share=x.pct(total.share))
    head = f"<h3>{escape(ruleset.id)}: {escape(sentence)}</h3>"
    return _wrap(head + areas_table(result, lang) + predicates_table(result, lang)
                 + result_grades(result, lang)
                 + f"<h3>{escape(x.phrase('h_tree', lang))}</h3>"
                 + node_tree(result, lang, open_depth=open_depth))


def failing_subjects(result: Result) -> dict[str, list[str]]:
    """Node or view id -> the predicates with a failing condition on it."""
    found: dict[str, list[str]] = {}
    for predicate in result.predicates.values():
        for leaf in predicate.failing():
            if leaf.passed is False and leaf.subject and leaf.subject in result.nodes:
                found.setdefault(leaf.subject, []).append(predicate.name)
    return found


def node_tree(result: Result, lang: str = "id", *, open_depth: int = 1,
              leaves: bool = True) -> str:
    """Every node with its score, maximum, share and bar; failing subjects flagged. Without
    `leaves` the questions and items are left out."""
    flags = failing_subjects(result)
    with speaking(x.check_lang(lang)):
        return _result_node(result, result.total, lang, 0, open_depth, flags, leaves)


def _result_node(result: Result, node: NodeResult, lang: str, depth: int, open_depth: int,
                 flags: dict[str, list[str]], leaves: bool) -> str:
    text = x.label(node.node.texts, node.name, lang)
    flag = (f'<span class="flag" title="{escape(x.verdict(False, lang))}">✗ '
            f'{escape(", ".join(flags[node.name]))}</span>' if node.name in flags else "")
    share = x.pct(node.share) if node.answered else "-"
    share = share if node.applicable else x.phrase("not_applicable", lang)
    answer = ""
    if node.node.aggregate in ("choice", "expr") and node.name != "total":
        answer = x.answer_text(result, node.node, lang)
    row = (f'<span class="name">{escape(node.name)}</span>'
           f'<span class="label" title="{escape(text)}">{escape(text)}</span>{flag}'
           + (f'<span class="fig" title="{escape(answer)}">{escape(answer)}</span>'
              if answer else "")
           + f'{bar(node.share)}<span class="fig" title="{escape(exact(node.score))}">'
           f"{escape(x.num(node.score))} / {escape(x.num(node.maximum))}</span>"
           f'<span class="fig">{escape(share)}</span>')
    status = "" if node.answered else " unanswered"
    shown = [c for c in node.children if leaves or c.children]
    if not shown:
        return f'<div class="row leaf{status}">{row}</div>'
    inner = "".join(_result_node(result, c, lang, depth + 1, open_depth, flags, leaves)
                    for c in shown)
    opened = " open" if depth < open_depth else ""
    return (f'<details{opened}><summary class="{status.strip()}"><span class="row" '
            f'style="display:inline-flex;width:calc(100% - 1.5em)">{row}</span></summary>'
            f"{inner}</details>")


def areas_table(result: Result, lang: str = "id") -> str:
    """The areas with bars, a tick at each predicate's threshold, and each check's margin."""
    with speaking(x.check_lang(lang)):
        return _areas_table(result, lang)


def _areas_table(result: Result, lang: str) -> str:
    title, found = x.areas(result, lang)
    rows = []
    for area in found:
        ticks = tuple((p, c.threshold) for p, c in area.checks if isinstance(c.threshold, Fraction)
                      and isinstance(c.condition, m.Every) and c.condition.quantity == "share")
        checks = "<br>".join(
            f'<span class="{_VERDICT_CLASS[c.passed]}">{escape(p)}</span> '
            f"{escape(x.threshold_text(c))}: {escape(x.margin_text(result, c, lang))}"
            for p, c in area.checks)
        failed = any(c.passed is False for _, c in area.checks)
        rows.append(f'<tr class="{"failed" if failed else ""}"><td>{escape(area.label)}</td>'
                    f'<td>{bar(area.result.share, ticks)}</td>'
                    f'<td class="num" title="{escape(exact(area.result.score))}">'
                    f"{escape(x.num(area.result.score))} / {escape(x.num(area.result.maximum))}"
                    f'</td><td class="num">{escape(x.share_text(area.result, lang))}</td>'
                    f"<td>{checks}</td></tr>")
    return (f"<h3>{escape(x.phrase('areas', lang, label=title))}</h3><table><tr>"
            f"<th>{escape(x.phrase('h_node', lang))}</th><th></th>"
            f"<th>{escape(x.phrase('h_score', lang))}</th><th>%</th>"
            f"<th>{escape(x.phrase('h_margin', lang))}</th></tr>{''.join(rows)}</table>")


def predicates_table(result: Result, lang: str = "id") -> str:
    """Every predicate's verdict and every condition's value, threshold, margin and verdict;
    failing conditions highlighted. Each predicate row carries data-predicate/data-passed."""
    with speaking(x.check_lang(lang)):
        return _predicates_table(result, lang)


def _predicates_table(result: Result, lang: str) -> str:
    head = "".join(f"<th>{escape(x.phrase(k, lang))}</th>" for k in
                   ("h_condition", "h_value", "h_threshold", "h_margin", "h_verdict"))
    rows = []
    for predicate in result.predicates.values():
        passed = {True: "true", False: "false", None: "null"}[predicate.passed]
        label = x.label(predicate.predicate.texts, predicate.name, lang)
        rows.append(f'<tr class="predicate" data-predicate="{escape(predicate.name)}" '
                    f'data-passed="{passed}"><th colspan="4">{escape(predicate.name)} '
                    f"({escape(label)})</th><th class=\"{_VERDICT_CLASS[predicate.passed]}\">"
                    f"{escape(x.verdict(predicate.passed, lang, predicate=True))}</th></tr>")
        for condition in predicate.conditions:
            rows.extend(_condition_rows(result, condition, lang, 0))
    return (f"<h3>{escape(x.phrase('predicates', lang))}</h3>"
            f"<table><tr>{head}</tr>{''.join(rows)}</table>")


def _condition_rows(result: Result, found: ConditionResult, lang: str, level: int,
                    text: str | None = None) -> list[str]:
    condition = found.condition
    shown = text if text is not None else condition.text
    value = threshold = margin = ""
    if found.actual is not None and (not found.parts or found.subject is not None):
        value = x.value_text(found, found.actual, lang)
        if found.margin is not None:
            threshold = x.threshold_text(found)
            margin = x.margin_text(result, found, lang)
    elif isinstance(condition, m.Compare) and condition.quantity == "fact":
        value = x.phrase("not_given", lang)
    pad = f' style="padding-left:{0.5 + 1.2 * level:.1f}em"'
    rows = [f'<tr class="{_ROW_CLASS[found.passed]}"><td{pad}><code>{escape(shown)}</code></td>'
            f'<td class="num">{escape(value)}</td><td class="num">{escape(threshold)}</td>'
            f'<td class="num">{escape(margin)}</td>'
            f'<td class="{_VERDICT_CLASS[found.passed]}">{escape(x.verdict(found.passed, lang))}'
            f"</td></tr>"]
    for part in found.parts:
        name = None
        if isinstance(condition, m.Every) and part.subject:
            name = f"{part.subject} {x.area_label(result.ruleset, result[part.subject], lang)}"
        rows.extend(_condition_rows(result, part, lang, level + 1, name))
    return rows


__all__ = ["CSS", "areas_table", "bar", "node_tree", "predicates_table", "result_html",
           "ruleset_html"]
