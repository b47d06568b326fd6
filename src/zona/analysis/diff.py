"""The structural difference between two compiled rulesets (grades too: zona.analysis.diff_grades),
and who it would flip: units whose predicates pass or fail, or whose grades change."""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator
from fractions import Fraction
from typing import Any

import attrs

from zona import model as m
from zona.analysis.diff_grades import GradeShift, grade_changes, grade_shifts
from zona.errors import ZonaError
from zona.i18n import N_, _, ngettext, pgettext, whole
from zona.limits import printable
from zona.numtext import exact_text


@attrs.frozen
class Change:
    """One difference: kind is added, removed, moved, renamed, weight, scale, text, threshold,
    policy, aggregate, input, header, or for grades band, rule, value or order."""

    kind: str
    subject: str
    before: str | None = None
    after: str | None = None

    def describe(self) -> str:
        """The change for a person, in the language in use; the fields stay English (they
        are the JSON), ids, keywords and the language's numbers as written."""
        kind = _kinds().get(self.kind, self.kind)
        base, when, given = self.subject.rpartition(" (when ")
        if when and given.endswith(")"):
            subject = _("{subject} (when {facts})", subject=base, facts=given[:-1])
        else:
            base = subject = self.subject
        if self.kind in ("added", "removed"):
            shown = self.after or self.before
            return f"{kind} {subject}" + (f": {self._said(shown, base)}" if shown else "")
        return (f"{kind} {subject}: {self._said(self.before, base)} -> "
                f"{self._said(self.after, base)}")

    def _said(self, value: str | None, subject: str) -> str:
        """A value in the language in use: zona's own words translated (a node added under
        its parent, a changed formula, a grade's lowest level), the rest as written."""
        if value is None:
            return "None"
        if self.kind == "text" and subject.endswith(".score") and value in _FORMULA:
            return _(_FORMULA[value])
        if value == "(the lowest level)" and " level " in subject:
            return _("(the lowest level)")
        node, under, parent = value.rpartition(" under ")
        if self.kind == "added" and " " not in subject and under and " " not in parent:
            return _("{node} under {parent}", node=node, parent=parent)
        return value

    def to_dict(self) -> dict[str, Any]:
        return attrs.asdict(self)


def _kinds() -> dict[str, str]:
    """The kinds of change, as a person reads them in the language in use."""
    return {"added": pgettext("change", "added"), "removed": pgettext("change", "removed"),
            "moved": pgettext("change", "moved"), "renamed": pgettext("change", "renamed"),
            "weight": pgettext("change", "weight"), "scale": pgettext("change", "scale"),
            "text": pgettext("change", "text"), "threshold": pgettext("change", "threshold"),
            "policy": pgettext("change", "policy"),
            "aggregate": pgettext("change", "aggregate"), "input": pgettext("change", "input"),
            "header": pgettext("change", "header"), "band": pgettext("change", "band"),
            "rule": pgettext("change", "rule"), "value": pgettext("change", "value"),
            "order": pgettext("change", "order")}


_FORMULA = {"formula": N_("formula"), "changed formula": N_("changed formula")}


def diff(old: m.Ruleset, new: m.Ruleset) -> list[Change]:
    """Every structural change from old to new, header first, then in tree order. Where
    weights depend on facts, the rulesets are compared for every combination of those facts'
    values: a change that holds for all of them is listed once, any other with the
    combination it holds for (`t1 (when instansi = pemda)`)."""
    combinations = weight_combinations(old, new)
    if not combinations:
        return _diff(old, new)
    each = [(given, _diff(old.specialise(given), new.specialise(given)))
            for given in combinations]
    common = [c for c in each[0][1] if all(c in changes for _, changes in each)]
    found = list(common)
    for given, changes in each:
        when = ", ".join(f"{name} = {value}" for name, value in given.items())
        found += [attrs.evolve(c, subject=f"{c.subject} (when {when})")
                  for c in changes if c not in common]
    return found


MAX_COMBINATIONS = 64


def weight_combinations(*rulesets: m.Ruleset) -> list[dict[str, str]]:
    """Every combination of values of the facts that weights depend on, in any of the
    rulesets (none when no weight depends on a fact); ZonaError past MAX_COMBINATIONS."""
    names = list(dict.fromkeys(n for r in rulesets for n in r.weight_facts))
    if not names:
        return []
    values = []
    for name in names:
        fact = next(r.facts_by_name[name] for r in rulesets if name in r.facts_by_name)
        values.append(list(fact.levels) if fact.kind == "levels" else ["yes", "no"])
    combinations = [dict(zip(names, chosen, strict=True))
                    for chosen in itertools.product(*values)]
    if len(combinations) > MAX_COMBINATIONS:
        raise ZonaError(_("the weights depend on {facts}: {count} combinations, more than "
                          "{most} to compare", facts=", ".join(names),
                          count=whole(len(combinations)), most=whole(MAX_COMBINATIONS)))
    return combinations


def _diff(old: m.Ruleset, new: m.Ruleset) -> list[Change]:
    return [*_header(old, new), *_nodes(old, new), *_inputs(old, new), *_scales(old, new),
            *_views(old, new), *_predicates(old, new), *grade_changes(old, new, Change)]


def _header(old: m.Ruleset, new: m.Ruleset) -> Iterator[Change]:
    pairs = [("maximum", exact_text(old.maximum), exact_text(new.maximum)),
             ("policy", old.missing, new.missing),
             ("na", old.na, new.na),
             ("effective", _period(old), _period(new)),
             ("title", old.title, new.title),
             ("regulation", old.regulation, new.regulation),
             ("cites", "; ".join(old.texts.cites), "; ".join(new.texts.cites))]
    for kind, before, after in pairs:
        if before != after:
            yield Change("policy" if kind in ("policy", "na") else "header",
                         {"policy": "ruleset", "na": "ruleset.na"}.get(kind, kind), before,
                         after)


def _period(ruleset: m.Ruleset) -> str:
    start = ruleset.effective_from.isoformat() if ruleset.effective_from else ""
    end = ruleset.effective_until.isoformat() if ruleset.effective_until else ""
    return f"{start} .. {end}".strip()


def _parents(ruleset: m.Ruleset) -> dict[str, str]:
    return {child.name: node.name for node in ruleset.root.walk() for child in node.children}


def _nodes(old: m.Ruleset, new: m.Ruleset) -> Iterator[Change]:
    before, after = old.nodes, new.nodes
    old_parents, new_parents = _parents(old), _parents(new)
    pairs = _renamed_ids(old, new)
    renamed_to = {a: b for a, b in pairs}
    for name, node in before.items():
        if name not in after and name not in renamed_to:
            yield Change("removed", name, node.texts.label, None)
    for name, node in after.items():
        if name not in before and name not in renamed_to.values():
            yield Change("added", name, None, f"{node.kind} {node.texts.label or ''}".strip()
                         + f" under {new_parents.get(name, 'total')}")
    common = [(n, n) for n in after if n in before] + pairs
    for was_name, name in common:
        was, node = before[was_name], after[name]
        if was_name != name:
            yield Change("renamed", was_name, was_name, name)
        was_parent = old_parents.get(was_name)
        if renamed_to.get(was_parent or "", was_parent) != new_parents.get(name):
            yield Change("moved", name, was_parent, new_parents.get(name))
        yield from _node_changes(was, node)


def _renamed_ids(old: m.Ruleset, new: m.Ruleset) -> list[tuple[str, str]]:
    """Nodes whose id changed but whose kind and label did not, paired in tree order."""
    gone = [n for n in old.nodes.values() if n.name not in new.nodes]
    came: dict[tuple[str, str], list[str]] = {}
    for node in new.nodes.values():
        if node.name not in old.nodes:
            came.setdefault((node.kind, _flat(node.texts.label)), []).append(node.name)
    pairs = []
    for node in gone:
        candidates = came.get((node.kind, _flat(node.texts.label)))
        if candidates:
            pairs.append((node.name, candidates.pop(0)))
    return pairs


def _flat(text: str | None) -> str:
    return " ".join((text or "").split()).casefold()


def _node_changes(was: m.Node, node: m.Node) -> Iterator[Change]:
    name = node.name
    if was.texts.label != node.texts.label:
        yield Change("renamed", name, was.texts.label, node.texts.label)
    if was.maximum != node.maximum:
        yield Change("weight", name, exact_text(was.maximum), exact_text(node.maximum))
    if was.aggregate != node.aggregate:
        yield Change("aggregate", name, was.aggregate, node.aggregate)
    if was.missing != node.missing:
        yield Change("policy", name, was.missing, node.missing)
    if was.na != node.na:
        yield Change("policy", f"{name}.na", was.na, node.na)
    if was.weight != node.weight and was.maximum == node.maximum:  # a relative weight
        yield Change("weight", f"{name}.weight", _maybe(was.weight), _maybe(node.weight))
    for field in ("label_en", "criteria", "criteria_en"):
        if getattr(was.texts, field) != getattr(node.texts, field):
            yield Change("text", f"{name}.{field}", _short(getattr(was.texts, field)),
                         _short(getattr(node.texts, field)))
    if was.expr != node.expr:
        yield Change("text", f"{name}.score", "formula", "changed formula")


def _short(text: str | None, width: int = 100) -> str | None:
    if text is None:
        return None
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 1] + "…"


def _maybe(value: Fraction | None) -> str | None:
    return exact_text(value) if value is not None else None


def _input_shape(spec: m.Input) -> str:
    if spec.kind == "choice" and spec.scale is not None:
        return "scale " + _options(spec.scale)
    if spec.kind == "decimal":
        low, high = exact_text(spec.low or Fraction(0)), exact_text(spec.high or Fraction(0))
        return f"decimal {low}..{high}"
    return spec.kind


def _inputs(old: m.Ruleset, new: m.Ruleset) -> Iterator[Change]:
    before, after = old.inputs_by_name, new.inputs_by_name
    for name, spec in before.items():
        if name not in after and not spec.scored:
            yield Change("removed", name, spec.texts.label, None)
    for name, spec in after.items():
        was = before.get(name)
        if was is None:
            if not spec.scored:
                yield Change("added", name, None, f"input {_input_shape(spec)}")
            continue
        if _input_shape(was) != _input_shape(spec):
            yield Change("scale" if spec.kind == "choice" else "input", name,
                         _input_shape(was), _input_shape(spec))
        if not spec.scored and was.texts.label != spec.texts.label:
            yield Change("renamed", name, was.texts.label, spec.texts.label)
        if was.soal != spec.soal:
            yield Change("input", f"{name}.soal", str(was.soal), str(spec.soal))


def _scales(old: m.Ruleset, new: m.Ruleset) -> Iterator[Change]:
    before = {s.name: s for s in old.scales}
    for scale in new.scales:
        was = before.get(scale.name)
        if was is not None and _options(was) != _options(scale):
            yield Change("scale", f"scale {scale.name}", _options(was), _options(scale))


def _options(scale: m.Scale) -> str:
    """A scale's options (`A=1, B=0.5, TR=na`), after its range when it has one."""
    ranged = "" if scale.low == 0 and scale.high == 1 else \
        f"range {exact_text(scale.low)}..{exact_text(scale.high)}: "
    return ranged + ", ".join(f"{o.name}={'na' if o.na else exact_text(o.value)}"
                              for o in scale.options)


def _views(old: m.Ruleset, new: m.Ruleset) -> Iterator[Change]:
    before, after = old.views_by_name, new.views_by_name
    yield from _presence("view", before, after)
    for name, view in after.items():
        if name in before and before[name].parts != view.parts:
            yield Change("text", f"view {name}", " + ".join(before[name].parts),
                         " + ".join(view.parts))


def _presence(what: str, before: Any, after: Any) -> Iterator[Change]:
    for name in before:
        if name not in after:
            yield Change("removed", f"{what} {name}")
    for name in after:
        if name not in before:
            yield Change("added", f"{what} {name}")


def _conditions(predicate: m.Predicate) -> list[str]:
    return [c.text for c in predicate.conditions]


def _predicates(old: m.Ruleset, new: m.Ruleset) -> Iterator[Change]:
    before, after = old.predicates_by_name, new.predicates_by_name
    yield from _presence("predicate", before, after)
    for name, predicate in after.items():
        if name not in before:
            continue
        was, now = _conditions(before[name]), _conditions(predicate)
        for text in was:
            if text not in now:
                yield Change("threshold", f"predicate {name}", text, None)
        for text in now:
            if text not in was:
                yield Change("threshold", f"predicate {name}", None, text)


def render(changes: Iterable[Change], old: m.Ruleset, new: m.Ruleset) -> str:
    """Text form: one line per change (a label's newline or ESC escaped, `\\n`)."""
    found = list(changes)
    lines = [ngettext("{old} -> {new}: {count} change", "{old} -> {new}: {count} changes",
                      len(found), old=old.id, new=new.id)]
    lines += [f"  {printable(text, len(text))}" for c in found if (text := c.describe())]
    return "\n".join(lines)


@attrs.frozen
class Flip:
    """A unit whose predicate verdict differs between two rulesets."""

    source: str
    unit: str | None
    predicate: str
    before: bool | None
    after: bool | None
    total_before: Fraction
    total_after: Fraction

    def to_dict(self) -> dict[str, Any]:
        return {"file": self.source, "unit": self.unit, "predicate": self.predicate,
                "before": self.before, "after": self.after,
                "total_before": exact_text(self.total_before),
                "total_after": exact_text(self.total_after)}


def flips(old: m.Ruleset, new: m.Ruleset, files: Iterable[str]) -> tuple[list[Flip], list[str]]:
    """Score every answer file under both rulesets; the predicate flips and the files that
    could not be scored (with why). Answers to ids a ruleset lacks are left out for it."""
    found, _, problems = unit_changes(old, new, files)
    return found, problems


def unit_changes(old: m.Ruleset, new: m.Ruleset, files: Iterable[str],
                 ) -> tuple[list[Flip], list[GradeShift], list[str]]:
    """Score every answer file under both rulesets: the predicate flips, the grades that
    change (zona.analysis.diff_grades) and the files that could not be scored (with why)."""
    from zona.errors import ZonaError
    from zona.io import read_answers

    found: list[Flip] = []
    shifts: list[GradeShift] = []
    problems: list[str] = []
    for file in files:
        try:
            results = []
            for ruleset in (old, new):
                sheet = read_answers(file, ruleset)
                known = {k: v for k, v in sheet.answers.items() if k in ruleset.inputs_by_name}
                facts = {k: v for k, v in sheet.facts.items() if k in ruleset.facts_by_name}
                results.append((sheet, ruleset.score(known, facts)))
        except ZonaError as error:
            problems.append(str(error))
            continue
        (sheet, before), (_, after) = results
        for name, verdict in before.predicates.items():
            now = after.predicates.get(name)
            if now is not None and now.passed != verdict.passed:
                found.append(Flip(file, sheet.unit, name, verdict.passed, now.passed,
                                  before.total.score, after.total.score))
        shifts.extend(grade_shifts(file, sheet.unit, before, after))
    return found, shifts, problems
