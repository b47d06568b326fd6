"""The rulesets a server answers with: the built-in ones and those in its `--rulesets`
folders, compiled once at start. A request names a ruleset by id only (never a path)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from fractions import Fraction
from pathlib import Path
from typing import Any

from zona import builtin
from zona.compiler import in_folders, load_builtin
from zona.errors import did_you_mean
from zona.i18n import _
from zona.model import Node, Ruleset
from zona.model.assumptions import gather
from zona.numtext import exact_text
from zona.serve.problems import Problem
from zona.version import __version__


class Registry:
    """Rulesets by id (a folder's ruleset also by its file name), in a fixed order."""

    def __init__(self, folders: Sequence[str | Path] = ()) -> None:
        found: dict[str, Ruleset] = {}
        for ruleset in [*(load_builtin(n) for n in builtin.names()), *in_folders(folders)]:
            found.setdefault(ruleset.id, ruleset)
        self.rulesets: Mapping[str, Ruleset] = found
        self.builtin = frozenset(builtin.names())

    def get(self, name: object) -> Ruleset:
        """The ruleset with this id; Problem `ruleset-unknown` names the known ones."""
        if isinstance(name, str) and name in self.rulesets:
            return self.rulesets[name]
        shown = name if isinstance(name, str) else repr(name)
        hint = did_you_mean(shown, self.rulesets) if isinstance(name, str) else None
        raise Problem("ruleset-unknown", _("no ruleset '{name}'", name=shown)
                      + (f". {hint}" if hint else "")
                      + " (" + _("known: {names}", names=", ".join(self.rulesets)) + ")",
                      {"known": list(self.rulesets)})

    def listing(self) -> dict[str, Any]:
        """GET /rulesets: each ruleset's id, title, effective dates and fingerprint."""
        return {"zona_version": __version__,
                "rulesets": [summary(r, r.id in self.builtin) for r in self.rulesets.values()]}


def head(ruleset: Ruleset) -> dict[str, Any]:
    """What every response starts with: zona's version, the ruleset's id and fingerprint."""
    return {"zona_version": __version__, "ruleset": ruleset.id,
            "ruleset_fingerprint": ruleset.fingerprint}


def summary(ruleset: Ruleset, shipped: bool) -> dict[str, Any]:
    """A ruleset in the listing."""
    return {"id": ruleset.id, "title": ruleset.title, "regulation": ruleset.regulation,
            "effective_from": _date(ruleset.effective_from),
            "effective_until": _date(ruleset.effective_until),
            "extends": ruleset.extends, "fingerprint": ruleset.fingerprint,
            "builtin": shipped, "assumed": len(gather(ruleset))}


def describe(ruleset: Ruleset) -> dict[str, Any]:
    """GET /rulesets/{id}: the tree, scales, inputs, facts, predicates and grades."""
    return {
        **head(ruleset), "title": ruleset.title, "regulation": ruleset.regulation,
        "effective_from": _date(ruleset.effective_from),
        "effective_until": _date(ruleset.effective_until), "extends": ruleset.extends,
        "assessors": list(ruleset.assessors),
        "tree": _node(ruleset.root),
        "scales": [{"id": s.name, "label": s.label,
                    "options": [{"name": o.name, "value_exact": exact_text(o.value),
                                 "label": o.label, "not_applicable": o.na}
                                for o in s.options]} for s in ruleset.scales],
        "inputs": [{"id": i.name, "kind": i.kind, "soal": i.soal,
                    "scale": i.scale.name if i.scale is not None else None,
                    "low_exact": _exact(i.low), "high_exact": _exact(i.high),
                    "label": i.texts.label, "label_en": i.texts.label_en}
                   for i in ruleset.inputs],
        "facts": [{"id": f.name, "kind": f.kind, "levels": list(f.levels),
                   "label": f.texts.label} for f in ruleset.facts],
        "predicates": [{"id": p.name, "label": p.texts.label,
                        "conditions": [c.text for c in p.conditions]}
                       for p in ruleset.predicates],
        "grades": [{"id": g.name, "label": g.label,
                    "levels": [{"name": v.name, "label": v.label,
                                "band": v.band.text if v.band is not None else None,
                                "when": v.when.text if v.when is not None else None}
                               for v in g.levels]} for g in ruleset.grades],
    }


def _node(node: Node) -> dict[str, Any]:
    found: dict[str, Any] = {"id": node.name, "kind": node.kind, "label": node.texts.label,
                             "label_en": node.texts.label_en,
                             "maximum_exact": exact_text(node.maximum),
                             "weight_exact": _exact(node.weight), "soal": node.soal,
                             "inputs": list(node.inputs)}
    if node.children:
        found["children"] = [_node(child) for child in node.children]
    return found


def _exact(value: Fraction | None) -> str | None:
    return exact_text(value) if value is not None else None


def _date(value: Any) -> str | None:
    return value.isoformat() if value is not None else None
