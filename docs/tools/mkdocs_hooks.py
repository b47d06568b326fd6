"""mkdocs hooks of the zona docs site (mkdocs.yml `hooks:`).

At build time they add to the site, without writing a file into the checkout:

- the home page `index.md`: README.md;
- `rubrics/index.md` and one page per built-in ruleset (`rulesets/*.zona`) and example
  (`examples/*.zona`), `rubrics/NAME.md`, rendered from the compiled model by
  `zona.render.markdown.ruleset_page`, and appended to the nav section holding
  `rubrics/index.md`;
- `repo/PATH`: a copy of each repository file outside docs/ that a page links to (a ruleset's
  source, an answer sheet; a Markdown file becomes a page outside the nav), and the links
  rewritten to point at it. A link to `rulesets/` or `examples/` goes to the rubrics index
  instead, a link to README.md or `docs/` to the home page, and a link to another folder
  keeps only its text.

The pages are in English; the rulesets' texts are quoted as written (mostly Indonesian).
"""

from __future__ import annotations

import functools
import posixpath
import re
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page

import zona
from zona.render.markdown import ruleset_page, text

ROOT = Path(__file__).resolve().parents[2]
RUBRICS = "rubrics"
COPIES = "repo"
SOURCES = ("rulesets", "examples")
_LINK = re.compile(r"\[([^\]\n]*)\]\(([^)\s#]*)(#[^)\s]*)?((?:\s+\"[^\"]*\")?)\)")


@functools.cache
def rubrics() -> tuple[tuple[str, str, zona.Ruleset], ...]:
    """(folder, file stem, compiled ruleset) for every ruleset and example, in file order."""
    found = []
    for folder in SOURCES:
        for path in sorted((ROOT / folder).glob("*.zona")):
            try:
                found.append((folder, path.stem, zona.load(path)))
            except zona.ZonaError as error:
                raise PluginError(f"{path} does not compile:\n{error}") from error
    return tuple(found)


# --- nav --------------------------------------------------------------------------------


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    rubrics.cache_clear()  # `mkdocs serve` rebuilds with the rulesets as they are now
    pages = [{stem: f"{RUBRICS}/{stem}.md"} for _, stem, _ in rubrics()]
    _add_pages(config.nav or [], pages)
    return config


def _add_pages(items: list[Any], pages: list[dict[str, str]]) -> None:
    """Append the pages to the nav section that lists rubrics/index.md."""
    for item in items:
        value = next(iter(item.values())) if isinstance(item, dict) else item
        if isinstance(value, list):
            if f"{RUBRICS}/index.md" in value:
                value.extend(pages)
            else:
                _add_pages(value, pages)


# --- files ------------------------------------------------------------------------------


def on_files(files: Files, config: MkDocsConfig) -> Files:
    files.append(File.generated(config, "index.md", content=_read(ROOT / "README.md")))
    files.append(File.generated(config, f"{RUBRICS}/index.md", content=_index()))
    for folder, stem, ruleset in rubrics():
        files.append(File.generated(config, f"{RUBRICS}/{stem}.md",
                                    content=_page(folder, stem, ruleset)))
    wanted = {f"{folder}/{stem}.zona" for folder, stem, _ in rubrics()}
    sources = [ROOT / "README.md", *sorted(Path(config.docs_dir).rglob("*.md"))]
    while sources:  # a copied Markdown file is a page too: what it links to is copied
        source = sources.pop()
        for path, _ in _targets(_read(source), source.relative_to(ROOT).as_posix()):
            if (ROOT / path).is_file() and not path.startswith("docs/") \
                    and path not in wanted and path != "README.md":
                wanted.add(path)
                if path.endswith(".md"):
                    sources.append(ROOT / path)
    for path in sorted(wanted):
        files.append(File.generated(config, f"{COPIES}/{path}", abs_src_path=str(ROOT / path),
                                    inclusion=InclusionLevel.NOT_IN_NAV))
    return files


def _read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def _decisions(folder: str, stem: str) -> str | None:
    """The hand-written page about a ruleset's decisions, relative to docs/, if any."""
    page = f"{folder}/{stem}.md"
    return page if (ROOT / "docs" / page).is_file() else None


def _page(folder: str, stem: str, ruleset: zona.Ruleset) -> str:
    head, _, rest = ruleset_page(ruleset).partition("\n\n")
    links = [f"source [`{folder}/{stem}.zona`](../{COPIES}/{folder}/{stem}.zona)"]
    decisions = _decisions(folder, stem)
    if decisions:
        links.append(f"the decisions behind it: [{decisions}](../{decisions})")
    said = "; ".join(links)
    return f"{head}\n\n{said[0].upper()}{said[1:]}.\n\n{rest}"


def _index() -> str:
    rows = []
    for folder, stem, ruleset in rubrics():
        start, until = ruleset.effective_from, ruleset.effective_until
        effective = "" if start is None and until is None else f"{start or ''} .. {until or ''}"
        decisions = _decisions(folder, stem)
        rows.append(f"| [`{ruleset.id}`]({stem}.md) | {text(ruleset.title or '')} | "
                    f"{'built-in' if folder == 'rulesets' else 'example'} | {effective} | "
                    f"{len(ruleset.assumptions())} | "
                    + (f"[{decisions}](../{decisions})" if decisions else "") + " |")
    return ("# Rubrics\n\nEach built-in ruleset and each example as a page to read instead of "
            "its `.zona` source, generated from the compiled model when the site is built: "
            "the tree with exact weights, maxima and shares, the criteria texts, scales, "
            "facts, predicates and grades, and every `assumed` mark flagged. The pages are "
            "in English; a ruleset's own texts are quoted as written, in Indonesian, with "
            "the English beside them where the ruleset gives it.\n\n"
            "| ruleset | title | kind | effective | assumed | decisions |\n"
            "|---|---|---|---|---:|---|\n" + "\n".join(rows) + "\n")


# --- links ------------------------------------------------------------------------------


def _origin(page_uri: str) -> str:
    """Where a page's Markdown lives in the repository."""
    if page_uri.startswith(f"{COPIES}/"):
        return page_uri.removeprefix(f"{COPIES}/")
    return "README.md" if page_uri == "index.md" else f"docs/{page_uri}"


def _targets(markdown: str, origin: str) -> list[tuple[str, re.Match[str]]]:
    """(repository path, match) of every relative link in a page written at `origin`."""
    found = []
    for match in _LINK.finditer(markdown):
        target = match.group(2)
        if not target or "://" in target or target.startswith(("/", "mailto:")):
            continue
        path = posixpath.normpath(posixpath.join(posixpath.dirname(origin), target))
        found.append((path, match))
    return found


def _rewrite(path: str, page_uri: str) -> str | None:
    """A link's new target (relative to the page), "" to keep only its text (a folder the
    site has no page for), or None to keep it as it is."""
    if path.startswith("docs/"):
        inside = path.removeprefix("docs/")
    elif path in ("README.md", "docs"):
        inside = "index.md"
    elif path in SOURCES or path.rstrip("/") in SOURCES:
        inside = f"{RUBRICS}/index.md"
    elif path.startswith(".."):
        return None
    elif (ROOT / path).is_file():
        inside = f"{COPIES}/{path}"
    elif (ROOT / path).is_dir():
        return ""
    else:
        return None
    return posixpath.relpath(inside, posixpath.dirname(page_uri) or ".")


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    uri = page.file.src_uri
    origin = _origin(uri)
    pieces: list[str] = []
    last = 0
    for path, match in _targets(markdown, origin):
        new = _rewrite(path, uri)
        if new is None:
            continue
        if new:
            pieces.append(markdown[last:match.start(2)] + new)
            last = match.end(2)
        else:
            pieces.append(markdown[last:match.start()] + match.group(1))
            last = match.end()
    return "".join(pieces) + markdown[last:]
