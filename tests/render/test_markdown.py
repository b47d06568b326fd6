"""Ruleset pages for the docs site (zona.render.markdown): the exact page of a corpus ruleset,
and for every built-in, example, corpus and generated ruleset a page that Python-Markdown
renders with every node, every `assumed` mark and every text as written."""

from __future__ import annotations

import re
from collections import Counter
from html import unescape
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import zona
from tests.conftest import DATA, ROOT
from tests.strategies import valid_rulesets
from zona.render.markdown import number, percent, ruleset_page, shares, text

markdown = pytest.importorskip("markdown", reason="the docs extra (pip install zona-rb[docs])")

RULESETS = sorted([*ROOT.glob("rulesets/*.zona"), *ROOT.glob("examples/*.zona"),
                   *(DATA / "valid").glob("*.zona")])
EXTENSIONS = ["tables", "attr_list", "admonition", "pymdownx.superfences"]

THIRDS = """
ruleset "thirds" { maximum 10 }
scale yt "Y/T" { Y = 1, T = 0 }
group g "G" {
    weight 10  question a "A" { scale yt }  question b { scale yt }  question c { scale yt }
}
"""

# tests/data/valid/assumed_everywhere.zona: every kind of declaration, each marked `assumed`
EXPECTED = '''# `valid-assumed` {#ruleset}

Generated from the compiled ruleset: every number is the model's, exact
(a fraction that is no finite decimal is written p/q, with its value to 4 places).

| ruleset | `valid-assumed` |
|---|---|
| effective | not stated |
| maximum | 10 |
| missing answers | `exclude` |
| not applicable | `reweight` |
| fingerprint | `FINGERPRINT` |

!!! warning "assumed"

    the header's assumption

## Assumptions {#assumptions}

12 marks `assumed`: inferred, not read in the regulation.
Each is flagged again where it is declared.

| where | what | assumed |
|---|---|---|
| [`valid-assumed`](#ruleset) | ruleset | the header's assumption |
| [`ya_tidak`](#scale-ya_tidak) | scale | a scale's assumption |
| [`sumber`](#fact-sumber) | fact | a fact's assumption |
| [`utama`](#node-utama) | node | a node's assumption |
| [`q1`](#node-q1) | node | a question's assumption |
| [`n`](#input-n) | input | an input's assumption |
| [`rata`](#derived-rata) | derived value | a derived value's assumption |
| [`inti`](#view-inti) | view | a view's assumption |
| [`semua`](#view-semua) | view | a view group's assumption |
| [`Lulus`](#predicate-Lulus) | predicate | a predicate's assumption |
| [`predikat`](#grade-predikat) | grade | a grade's assumption |
| [`predikat.baik`](#grade-predikat) | level | a level's assumption |

## The tree {#tree}

Under a weighted mean (`weighted`) a weight is relative and a child's maximum is
its parent's; the share of the total is what a node adds at most (`-` below a
node scored by a formula, `score =`).

| node | label | kind | aggregate | weight | maximum | share of total |
|---|---|---|---|---:|---:|---:|
| `total` | Total | total | sum |  | 10 | 100 % |
| &emsp;[`utama`](#node-utama) | Utama **assumed** | group | mean | 10 | 10 | 100 % |
| &emsp;&emsp;[`q1`](#node-q1) |  **assumed** | question | choice |  | 1 | 50 % |
| &emsp;&emsp;[`q2`](#node-q2) |  | question | choice |  | 1 | 50 % |

## Nodes {#nodes}

Every node below the total, in the tree's order.

### `utama` Utama {#node-utama}

group · weight 10 · maximum 10 · 100 % of the total · mean of 2

!!! warning "assumed"

    a node's assumption

### `q1` {#node-q1}

question · maximum 1 · 50 % of the total · scale [`ya_tidak`](#scale-ya_tidak)

!!! warning "assumed"

    a question's assumption

### `q2` {#node-q2}

question · maximum 1 · 50 % of the total · scale [`ya_tidak`](#scale-ya_tidak)

## Scales {#scales}

### `ya_tidak` Ya/Tidak {#scale-ya_tidak}

values 0 .. 1 · used by 2 questions

| option | value | label |
|---|---:|---|
| `Ya` | 1 |  |
| `Tidak` | 0 |  |

!!! warning "assumed"

    a scale's assumption

## Inputs {#inputs}

Answers that are not questions of the tree: counts and numbers that formulas read.

### `n` Jumlah {#input-n}

count · range 0 ..

!!! warning "assumed"

    an input's assumption

## Derived values {#derived}

### `rata` {#derived-rata}

```zona
derived rata = round(total / 4, 1)
```

Notes:

- a note after a derived value

!!! warning "assumed"

    a derived value's assumption

## Views {#views}

Groupings of nodes outside the total: a view's score and maximum are the sums of its parts.

### `inti` Inti {#view-inti}

maximum 10 · = [`utama`](#node-utama)

!!! warning "assumed"

    a view's assumption

### `semua` Semua {#view-semua}

maximum 10 · groups [`bagian`](#view-bagian)

!!! warning "assumed"

    a view group's assumption

### `bagian` {#view-bagian}

maximum 10 · = [`utama`](#node-utama)

## Facts {#facts}

What the unit states about itself, outside the answers.

### `sumber` Sumber {#fact-sumber}

levels, lowest first: `a`, `b`

!!! warning "assumed"

    a fact's assumption

## Predicates {#predicates}

A predicate holds when every condition holds.

### `Lulus` Lulus {#predicate-Lulus}

```zona
require total >= 5
```

!!! warning "assumed"

    a predicate's assumption

## Grades {#grades}

A unit gets the highest level that holds; the lowest always holds.

### `predikat` Predikat {#grade-predikat}

2 levels, lowest first, by `total`.

!!! warning "assumed"

    a grade's assumption

| level | label | band | when |
|---|---|---|---|
| `kurang` |  | `.. < 5` |  |
| `baik` |  **assumed** | `5 .. 10` |  |

Level `baik`:

!!! warning "assumed"

    a level's assumption
'''


def _html(page: str) -> str:
    return str(markdown.markdown(page, extensions=EXTENSIONS))


def _flat(value: str) -> str:
    """Blanks collapsed, control characters as their pictures (␃ for U+0003)."""
    return "".join(chr(0x2400 + ord(c)) if ord(c) < 32 else "␡" if c == "\x7f" else c
                   for c in " ".join(value.split()))


def _shown(html: str) -> str:
    """Text as a reader sees it: line breaks as blanks, tags dropped, entities resolved."""
    return _flat(unescape(re.sub(r"<[^>]+>", " ", html.replace("<br>", " ")
                                 .replace("<br />", " ")).replace("\u200b", "")))


def test_page_of_a_corpus_ruleset_is_exact() -> None:
    ruleset = zona.load(DATA / "valid" / "assumed_everywhere.zona")
    assert ruleset_page(ruleset) == EXPECTED.replace("FINGERPRINT", ruleset.fingerprint)


def test_texts_in_two_languages_with_citations_and_notes() -> None:
    page = ruleset_page(zona.load(DATA / "valid" / "texts.zona"))
    start = page.index("### `c`")
    assert page[start:page.index("### `q1`")] == (
        "### `c` Komponen {#node-c}\n\n"
        "component · weight 10 · maximum 10 · 100 % of the total · sum of 2\n\n"
        "English: *Component*\n\n"
        "**Kriteria (Indonesian)**\n\n"
        "> Baris satu<br>\n> Baris dua (menjorok)<br>\n> Baris tiga\n\n"
        "**Criteria (English)**\n\n> Criteria\n\n"
        "Cites:\n\n- Permenpan 90/2021\n- Kedua\n\n"
        "Notes:\n\n- Catatan\n\n"
        '!!! warning "assumed"\n\n    Bobot diasumsikan\n\n')
    assert "| effective | 2014-01-01 .. 2021-12-30 |" in page
    assert "| regulation | Peraturan Menteri PANRB Nomor 90 Tahun 2021 |" in page


def test_weights_that_depend_on_facts_and_levels_in_expressions() -> None:
    """One set of columns per combination of the weight facts; a levels fact compared in an
    expression shows the level's name, not its position."""
    page = ruleset_page(zona.load(DATA / "valid" / "all_constructs.zona"))
    assert ("| &emsp;[`layanan`](#node-layanan) | Layanan | component | weighted "
            "| 40 | 40 | 40 % | 60 | 60 | 60 % |") in page
    assert ("| &emsp;&emsp;&emsp;[`d1`](#node-d1) | Tingkat layanan daring | question | choice "
            "|  | 5 | 15 % |  | 5 | 22.5 % |") in page
    assert ("derived lewat_inti = if (inti >= 50) and (fact instansi == kementerian) "
            "then 1 else 0") in page
    assert "| `A` | Amat baik | `80 ..` | `every group under total: share >= 50% or fact " \
        "sakip >= BB` |" in page


def test_exact_numbers_of_the_lke() -> None:
    """Shares of the total and maxima as exact decimals, a fraction as p/q with its value."""
    page = ruleset_page(zona.load_builtin("permenpan-90-2021"))
    assert "| &emsp;[`pengungkit`](#node-pengungkit) | Pengungkit | component | sum | 60 | 60 " \
        "| 60 % |" in page
    assert "```zona\nrequire total >= 75\nrequire pengungkit >= 40\n" in page
    thirds = ruleset_page(zona.loads(THIRDS))
    assert "| &emsp;&emsp;[`a`](#node-a) | A | question | choice |  | 1 | 100/3 (≈ 33.3333) % |" \
        in thirds
    assert "question · maximum 1 · 100/3 (≈ 33.3333) % of the total · scale" in thirds


@pytest.mark.parametrize("path", RULESETS, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_ruleset_page_shows_everything(path: Path) -> None:
    _check(zona.load(path))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_pages_of_generated_rulesets(data: st.DataObject) -> None:
    _check(zona.loads(data.draw(valid_rulesets(grades=True)).text))


def _check(ruleset: zona.Ruleset) -> None:
    """The rendered page has a heading per node with its label as written, an admonition per
    `assumed` mark with its text, and every link on the page lands on an anchor of it; the
    shares of a node's children add up to the node's."""
    page = ruleset_page(ruleset)
    html = _html(page)
    ids = set(re.findall(r' id="([^"]+)"', html))
    assert set(re.findall(r'href="#([^"]+)"', html)) <= ids
    headings = dict(re.findall(r'<h3 id="node-([^"]+)">(.*?)</h3>', html))
    assert set(headings) == set(ruleset.nodes) - {"total"}
    for name, shown in headings.items():
        label = ruleset.node(name).texts.label
        assert _shown(shown) == _flat(f"{name} {label or ''}")
    bodies = re.findall(r'<div class="admonition warning">\s*<p class="admonition-title">'
                        r"assumed</p>(.*?)</div>", html, re.S)
    assert Counter(map(_shown, bodies)) == Counter(_flat(a.text) for a in ruleset.assumptions())
    found = shares(ruleset.root)
    assert found["total"] == 1
    for node in ruleset.root.walk():
        parts = [found[c.name] for c in node.children]
        if node.aggregate == "expr" or found[node.name] is None:
            assert parts == [None] * len(parts)
        elif parts:
            assert sum(p for p in parts if p is not None) == found[node.name]
    if not ruleset.variants:
        for node in ruleset.root.walk():
            link = f"`{node.name}`" if node.name == "total" \
                else f"[`{node.name}`](#node-{node.name})"
            assert re.search(rf"^\| (&emsp;)*{re.escape(link)} \|.* "
                             rf"\| {re.escape(number(node.maximum))} "
                             rf"\| {re.escape(percent(found[node.name]))} \|$", page, re.M)


@given(st.text(st.characters(blacklist_categories=("Cs",)), max_size=40))
def test_text_is_shown_as_written(value: str) -> None:
    """Any text, escaped: in a table cell, a list item and a heading it reads as written."""
    shown = text(value)
    cell = _html(f"| a |\n|---|\n| {shown} |")
    assert _shown(cell) == _flat(f"a {value}")
    heading = _html(f"### `x` {shown} {{#h}}")
    assert _shown(heading) == _flat(f"x {value}")
