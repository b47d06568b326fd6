"""How explanations word things: verdicts, labels, numbers rounded for display (with the
exact value where rounding would hide it), and one condition with its value, threshold,
margin and verdict. Shared by explain, the grades' explanations, the HTML views and the
report; every sentence comes from the phrase table (zona.analysis.phrases).
"""

from __future__ import annotations

from fractions import Fraction

from zona import model as m
from zona.analysis.phrases import missing, phrase
from zona.i18n import exact, number
from zona.limits import printable
from zona.numtext import approx_text
from zona.scoring.result import ConditionResult, NodeResult, Result, ViewResult

# --- verdicts and labels -----------------------------------------------------------


def verdict(passed: bool | None, lang: str, predicate: bool = False) -> str:
    key = {True: "passed", False: "failed", None: "undecided"}[passed]
    return phrase(("p_" if predicate else "") + key, lang)


def label(texts: m.Texts, name: str, lang: str) -> str:
    """A declaration's label in `lang` (English falls back to Indonesian), blanks collapsed
    and control characters escaped (`\\x1b`: a label never clears a terminal); its id when
    the label is blank."""
    text = (texts.label_en if lang == "en" else None) or texts.label or name
    text = " ".join(text.split()) or name
    return printable(text, len(text))


# --- numbers as text -----------------------------------------------------------


# Numbers are written in the language in use: explain and the renderers speak in theirs
# (zona.i18n.speaking), so 87,68 in Indonesian and 87.68 in English.


def num(value: Fraction) -> str:
    return number(value)


def pct(share: Fraction) -> str:
    return f"{number(share * 100)} %"


def share_text(found: NodeResult | ViewResult, lang: str) -> str:
    """A node's or view's share as a percentage, or "tidak berlaku" / "not applicable" for
    a node that does not apply to the unit."""
    if isinstance(found, NodeResult) and not found.applicable:
        return phrase("not_applicable", lang)
    return pct(found.share)


def signed(value: Fraction) -> str:
    return ("+" if value >= 0 else "-") + number(abs(value))


def exact_note(value: Fraction, lang: str, always: bool = False) -> str:
    """'; tepat p/q' when the rounded display hides something (a non-zero value shown as 0.00)."""
    shown = approx_text(value)
    hidden = value != 0 and Fraction(shown) == 0
    if Fraction(shown) == value or not (always or hidden):
        return ""
    return "; " + phrase("exact", lang, value=exact(value, lang))


def area_label(ruleset: m.Ruleset, found: NodeResult | ViewResult, lang: str) -> str:
    """A node's or view's label; a view with no English label takes its parts' common one."""
    if isinstance(found, NodeResult):
        return label(found.node.texts, found.name, lang)
    view = found.view
    if lang == "en" and view.texts.label_en is None and view.parts:
        english = {ruleset.node(p).texts.label_en for p in view.parts if p in ruleset.nodes}
        if len(english) == 1 and None not in english:
            text = " ".join(str(english.pop()).split())
            return printable(text, len(text))
    return label(view.texts, view.name, lang)


# --- conditions ----------------------------------------------------------------


def _is_share(condition: m.Condition) -> bool:
    return isinstance(condition, m.Compare | m.Every) and condition.quantity == "share"


def value_text(found: ConditionResult, value: m.FactValue | None, lang: str) -> str:
    if isinstance(value, bool):
        return phrase("yes" if value else "no", lang)
    if isinstance(value, Fraction) and isinstance(found.condition, m.Compare) \
            and found.condition.quantity == "fact":
        return exact(value, lang)
    if isinstance(value, Fraction):
        return pct(value) if _is_share(found.condition) else num(value)
    return str(value)


def threshold_text(found: ConditionResult) -> str:
    """A threshold, rounded only when rounding changes nothing (thresholds are short decimals)."""
    value = found.threshold
    if isinstance(value, Fraction) and _is_share(found.condition):
        return f"{_short(value * 100)} %"
    return _short(value) if isinstance(value, Fraction) else value_text(found, value, "en")


def _short(value: Fraction) -> str:
    shown = approx_text(value)
    return number(value) if Fraction(shown) == value else exact(value)


def margin_text(result: Result, found: ConditionResult, lang: str) -> str:
    """The margin: points, or percentage points and points for a share."""
    margin = found.margin if found.margin is not None else Fraction(0)
    if not _is_share(found.condition):
        return signed(margin) + exact_note(margin, lang)
    maximum = result[found.subject].maximum if found.subject else Fraction(0)
    return phrase("share_margin", lang, margin=signed(margin * 100),
                  points=signed(margin * maximum), note=exact_note(margin * maximum, lang))


def condition_lines(result: Result, found: ConditionResult, lang: str, indent: str) -> list[str]:
    """One condition (and its parts) with value, threshold, margin and verdict."""
    condition = found.condition
    said = verdict(found.passed, lang)
    if isinstance(condition, m.Every):
        lines = [indent + phrase("condition_plain", lang, text=condition.text, verdict=said)]
        for part in found.parts:
            subject = part.subject or ""
            name = f"{subject} {area_label(result.ruleset, result[subject], lang)}"
            lines.append(compare_line(result, part, lang, indent + "  ", name))
        return lines
    if found.parts:
        lines = [indent + phrase("condition_plain", lang, text=condition.text, verdict=said)]
        for part in found.parts:
            lines.extend(condition_lines(result, part, lang, indent + "  "))
        return lines
    return [compare_line(result, found, lang, indent, condition.text)]


def compare_line(result: Result, found: ConditionResult, lang: str, indent: str,
                 text: str) -> str:
    """A single comparison: its value, threshold, margin and verdict."""
    said = verdict(found.passed, lang)
    if isinstance(found.condition, m.PredicateRef):
        return indent + phrase("condition_plain", lang, text=text, verdict=said)
    if found.actual is None:
        return indent + phrase(missing(found.condition), lang, text=text, verdict=said)
    if found.margin is None:
        return indent + phrase("condition_value", lang, text=text, verdict=said,
                               actual=value_text(found, found.actual, lang))
    return indent + phrase("condition", lang, text=text, verdict=said,
                           actual=value_text(found, found.actual, lang),
                           threshold=threshold_text(found),
                           margin=margin_text(result, found, lang))


__all__ = ["area_label", "compare_line", "condition_lines", "exact_note", "label", "margin_text",
           "num", "pct", "share_text", "signed", "threshold_text", "value_text", "verdict"]
