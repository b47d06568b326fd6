"""The layout of declarations and blocks, for `zona fmt`.

A block `{ ... }` is written on one line, its members two spaces apart, when the author
wrote it on one line and it holds no block of its own; otherwise its `{` ends the head's
line, every member gets a line of its own one indentation step deeper, and `}` has a line
of its own. A list (a scale's options, a levels fact's levels) stays on one line when the
author wrote it so and it fits in 100 columns; otherwise it has one item a line, each
followed by a comma. The levels of a grade that follow each other are aligned in columns.
"""

from __future__ import annotations

from collections.abc import Sequence

from lark import Token, Tree

from zona.language.format_inline import Inline, Node, end, level_cells, start
from zona.language.format_lines import Emitter
from zona.language.format_scan import INDENT, SourceText

WIDTH = 100
#: Declarations written as a head and a block of members, and the head's keyword.
_BLOCKS = {"header": "ruleset", "node_decl": "", "input_decl": "input",
           "predicate_decl": "predicate", "view_group": "view", "amend": "amend",
           "add_to": "add to", "grade_decl": "grade"}
#: Rule trees that belong to a block's head rather than to its members.
_HEAD_TREES = {"header": ("extends_clause",), "grade_decl": ("grade_by",)}
#: Members that always hold a block of their own.
_ALWAYS_BLOCKS = frozenset({*_BLOCKS, "scale_decl", "fact_decl"})


class Layout:
    """Walks lark's tree of a ruleset in source order and hands its lines to an Emitter."""

    def __init__(self, source: SourceText, out: Emitter) -> None:
        self.source = source
        self.inline = Inline(source)
        self.out = out

    def module(self, tree: Tree[Token]) -> None:
        """The whole file: the header, then every declaration."""
        for child in tree.children:
            self.declaration(child, 0)
        self.out.finish()

    def declaration(self, node: Node, indent: int) -> None:
        """Any declaration or member, at `indent` steps."""
        assert isinstance(node, Tree)
        if node.data in _BLOCKS:
            self._block_declaration(node, indent)
        elif node.data == "scale_decl":
            self._scale(node, indent)
        elif node.data == "fact_decl":
            self._fact(node, indent)
        elif node.data in ("derived_decl", "view_sum", "level_decl"):
            self._with_texts(node, self.inline.text(node, indent), indent)
        elif node.data == "require_attr" and self.source.comment_after(end(node)) is None:
            # not with a comment after it, which would move from its first line to its last
            self.out.item(indent, self.inline.require(node, indent, WIDTH), start(node),
                          end(node))
        else:
            self.out.item(indent, self.inline.text(node, indent), start(node), end(node))

    # --- blocks ----------------------------------------------------------------------

    def _block_declaration(self, node: Tree[Token], indent: int) -> None:
        in_head = _HEAD_TREES.get(node.data, ())
        count = 0
        while count < len(node.children) and _in_head(node.children[count], in_head):
            count += 1
        head_parts, members = node.children[:count], node.children[count:]
        words = [_BLOCKS[node.data]] if _BLOCKS[node.data] else []
        head = " ".join([*words, *(self.inline.text(p, indent) for p in head_parts)])
        close = end(node) - 1
        self.block(indent, head, start(node), end(head_parts[-1]), members, close)

    def block(self, indent: int, head: str, at: int, head_end: int, members: list[Node],
              brace_close: int) -> None:
        """`HEAD { MEMBERS }`: the `{` is the first token after head_end, the `}` at
        brace_close."""
        brace = self.source.skip(head_end)
        assert self.source.char(brace) == "{" and self.source.char(brace_close) == "}"
        finish = brace_close + 1
        texts = [self.inline.text(m, indent) for m in members if _one_line_member(m)]
        if self._one_line(brace, brace_close) and len(texts) == len(members) \
                and not any("\n" in t for t in texts):
            inside = f" {'  '.join(texts)} " if texts else ""
            self.out.item(indent, f"{head} {{{inside}}}", at, finish)
            return
        if not members and not self.source.has_comment(brace, brace_close):
            self.out.item(indent, head + " {}", at, finish)
            return
        self.out.open(indent, head + " {", at, brace + 1, self._written_on_one_line(brace, finish))
        self.members(members, indent + 1)
        self.out.close(indent, brace_close, finish)

    def members(self, members: list[Node], indent: int) -> None:
        """A block's members; grade levels that follow each other aligned in columns."""
        index = 0
        while index < len(members):
            run = [members[index]]
            while _is_level(run[0]) and index + len(run) < len(members):
                following = members[index + len(run)]
                if not _is_level(following) or self.source.blank_between(
                        end(run[-1]), start(following)):
                    break
                run.append(following)
            levels = [m for m in run if isinstance(m, Tree) and _is_level(m)]
            if levels:
                for level, head in zip(levels, self._aligned_levels(levels, indent),
                                       strict=True):
                    self._with_texts(level, head, indent)
            else:
                self.declaration(run[0], indent)
            index += len(run)

    def _one_line(self, first: int, last: int) -> bool:
        return self.source.line_of(first) == self.source.line_of(last)

    def _written_on_one_line(self, brace: int, finish: int) -> int | None:
        """`finish` when a block from `brace` to `finish` was written on one line (its
        comment at the end of that line then stays on the line of its `{`), else None."""
        return finish if self._one_line(brace, finish - 1) else None

    # --- declarations with an optional block of texts ---------------------------------

    def _with_texts(self, node: Tree[Token], head: str, indent: int) -> None:
        """A derived value, view sum or grade level: its head, then its texts if any."""
        texts = node.children[-1]
        if not _is_texts(texts):
            self.out.item(indent, head, start(node), end(node))
            return
        assert isinstance(texts, Tree)
        self.block(indent, head, start(node), start(texts), list(texts.children),
                   end(texts) - 1)

    def _aligned_levels(self, run: list[Tree[Token]], indent: int) -> list[str]:
        """The heads of consecutive levels, their names, labels, bands and conditions
        starting in the same columns (the band's `..` too)."""
        rows = [level_cells(self.inline, level, indent) for level in run]
        aligned = [row for row in rows if not any("\n" in cell for cell in row)]
        widths = [max((len(row[i]) for row in aligned), default=0) for i in range(6)]
        heads = []
        for row in rows:
            if row not in aligned:
                heads.append(" ".join(cell for cell in row if cell))
                continue
            cells = [cell.rjust(width) if i == 2 else cell.ljust(width)
                     for i, (cell, width) in enumerate(zip(row, widths, strict=True)) if width]
            heads.append(" ".join(cells).rstrip())
        return heads

    # --- lists -------------------------------------------------------------------------

    def _scale(self, node: Tree[Token], indent: int) -> None:
        head_parts = [c for c in node.children
                      if isinstance(c, Token) or c.data == "scale_range"]
        assumed = [c for c in node.children if isinstance(c, Tree) and c.data == "scale_assumption"]
        options = [c for c in node.children
                   if isinstance(c, Tree) and c.data in ("scale_option", "numbered_option")]
        scale_range = [f"range {self.inline.text(p.children[0], indent)}" for p in head_parts
                       if isinstance(p, Tree)]
        words = [self.inline.text(p, indent) for p in head_parts if isinstance(p, Token)]
        head = " ".join(["scale", *words, *scale_range])
        brace = self.source.skip(end(head_parts[-1]))
        close = end(node) - 1
        inside = [self.inline.text(a, indent) for a in assumed]
        inside.append(", ".join(self.inline.text(o, indent) for o in options))
        line = f"{head} {{ {'  '.join(inside)} }}"
        if self._one_line(brace, close) and _fits(indent, line):
            self.out.item(indent, line, start(node), end(node))
            return
        self.out.open(indent, head + " {", start(node), brace + 1,
                      self._written_on_one_line(brace, end(node)))
        for assumption in assumed:
            self.declaration(assumption, indent + 1)
        line = inside[-1]
        if len(options) == 1 or (self._one_line(start(options[0]), end(options[-1]) - 1)
                                 and _fits(indent + 1, line)):
            self.out.item(indent + 1, line, start(options[0]), self._after_comma(options[-1]))
        else:
            self._list_items(options, indent + 1)
        self.out.close(indent, close, close + 1)

    def _list_items(self, items: Sequence[Node], indent: int) -> None:
        for item in items:
            self.out.item(indent, self.inline.text(item, indent) + ",", start(item),
                          self._after_comma(item))

    def _after_comma(self, item: Node) -> int:
        """Where an item of a list ends, with the comma after it if there is one."""
        after = self.source.skip(end(item))
        return after + 1 if self.source.char(after) == "," else end(item)

    def _fact(self, node: Tree[Token], indent: int) -> None:
        name, *rest = node.children
        label = [self.inline.text(rest.pop(0), indent)] if _is_string(rest[0]) else []
        fact_type, *body = rest
        assert isinstance(fact_type, Tree)
        head = " ".join(["fact", str(name), *label])
        texts = body[0] if body else None
        assert texts is None or isinstance(texts, Tree)
        if fact_type.data == "levels_type":
            brace = self.source.skip(start(fact_type) + len("levels"))
            close = end(fact_type) - 1
            line = f"{head} {self.inline.text(fact_type, indent)}"
            if not (self._one_line(brace, close) and _fits(indent, line)):
                self._levels_list(head, node, fact_type, brace, close, texts, indent)
                return
            head = line
        else:
            head = f"{head} {self.inline.text(fact_type, indent)}"
        if texts is None:
            self.out.item(indent, head, start(node), end(node))
        else:
            self.block(indent, head, start(node), start(texts), list(texts.children),
                       end(texts) - 1)

    def _levels_list(self, head: str, node: Tree[Token], levels: Tree[Token], brace: int,
                     close: int, texts: Tree[Token] | None, indent: int) -> None:
        """A levels fact whose levels do not stay on one line: one a line, then its texts."""
        self.out.open(indent, head + " levels {", start(node), brace + 1,
                      self._written_on_one_line(brace, end(node)))
        self._list_items(list(levels.children), indent + 1)
        if texts is None:
            self.out.close(indent, close, close + 1)
            return
        self.out.close(indent, close, start(texts) + 1, text="} {")
        self.members(list(texts.children), indent + 1)
        self.out.close(indent, end(texts) - 1, end(texts))


def _fits(indent: int, line: str) -> bool:
    return len(INDENT * indent + line) <= WIDTH and "\n" not in line


def _in_head(node: Node, trees: tuple[str, ...]) -> bool:
    return isinstance(node, Token) or node.data in trees


def _is_string(node: Node) -> bool:
    return isinstance(node, Token) and node.type == "STRING"


def _is_texts(node: Node) -> bool:
    return isinstance(node, Tree) and node.data == "texts_body"


def _is_level(node: Node) -> bool:
    return isinstance(node, Tree) and node.data == "level_decl"


def _one_line_member(node: Node) -> bool:
    """Whether a member may share a one-line block with others (it has no block)."""
    if not isinstance(node, Tree) or node.data in _ALWAYS_BLOCKS:
        return False
    return not any(_is_texts(c) for c in node.children)
