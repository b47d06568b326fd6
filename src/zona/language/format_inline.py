"""One-line text of the parts of a declaration, for `zona fmt`: attributes, types, bands,
expressions and conditions, from lark's tree with every token as the author wrote it.

Spacing is canonical (one space around operators and between words, `share(x)`, `f(a, b)`,
`0..5`, `> 60 .. 70`); numbers, names and texts keep their spelling; parentheses are kept
where the author wrote them (one pair, however many were written), and none are added.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeAlias

from lark import Token, Tree

from zona.language.format_scan import INDENT, SourceText, string_literal

Node: TypeAlias = Tree[Token] | Token

_BINARY = {"or_expr": "or", "and_expr": "and", "add_expr": "+", "sub_expr": "-",
           "mul_expr": "*", "div_expr": "/", "cond_or": "or", "cond_and": "and"}
#: Expression and condition nodes: the ones that may stand in parentheses.
FORMULAS = frozenset({*_BINARY, "if_expr", "not_expr", "cond_not", "compare_expr", "neg_expr",
                      "number", "percent", "ref", "call", "fact_ref", "share_ref", "comparison",
                      "every_child", "every_under", "predicate_ref"})
#: Nodes written as their keyword(s), then their children separated by spaces.
_WORDS = {
    "title_attr": "title", "regulation_attr": "regulation", "maximum_attr": "maximum",
    "assumption_attr": "assumed", "scale_assumption": "assumed", "missing_attr": "missing",
    "na_attr": "na", "weight_attr": "weight", "aggregate_attr": "aggregate",
    "scale_attr": "scale", "soal_attr": "soal", "remove": "remove", "extends_clause": "extends",
    "count_type": "count", "yesno_type": "yesno", "number_type": "number",
    "decimal_type": "decimal", "scale_range": "range", "level_when": "when", "grade_by": "by",
    "predicate_ref": "predicate", "fact_ref": "fact", "fact_of": "fact", "grade_of": "grade",
    "yes_threshold": "yes", "no_threshold": "no", "option_na": "na", "band_above": ">",
    "band_below": "<", "require_attr": "require", "not_expr": "not", "cond_not": "not",
    "weight_expr_attr": "weight =", "score_attr": "score =", "text_attr": "", "level_name": "",
    "level_number": "", "number": "", "percent": "", "ref": "", "score_of": "",
    "number_threshold": "", "percent_threshold": "", "level_threshold": "", "band_from": "",
    "band_to": "", "positive_number": "", "comparison": "", "compare_expr": "",
    "change_attr": "change", "measured_attr": "measured", "not_measured_attr": "measured no",
    "measured_words": "measured", "numbering_words": "numbering",
}


def start(node: Node) -> int:
    """Where a token or a rule's text starts."""
    position = node.start_pos if isinstance(node, Token) else node.meta.start_pos
    assert position is not None  # the parser records positions (propagate_positions)
    return position


def end(node: Node) -> int:
    """Where a token or a rule's text ends (exclusive)."""
    position = node.end_pos if isinstance(node, Token) else node.meta.end_pos
    assert position is not None
    return position


class Inline:
    """Writes a node of lark's tree on one line (only a triple-quoted text spans lines)."""

    def __init__(self, source: SourceText) -> None:
        self.source = source
        self._special: dict[str, Callable[[Tree[Token], int], str]] = {
            "effective_attr": self._effective, "assessors_attr": self._assessors,
            "scale_option": self._option, "numbered_option": self._option,
            "range": self._range, "negative_number": self._negative,
            "levels_type": self._levels, "from_grade": self._from, "from_quantity": self._from,
            "move": self._move, "share_of": self._share, "share_ref": self._share,
            "band": self._band, "every_child": self._every, "every_under": self._every,
            "call": self._call, "if_expr": self._if, "neg_expr": self._neg,
            "level_decl": self.level_head, "derived_decl": self._named_value,
            "view_sum": self._named_value,
        }

    def text(self, node: Node, indent: int) -> str:
        """The canonical one-line text of a node on a line indented `indent` steps."""
        if isinstance(node, Token):
            return string_literal(str(node), indent) if node.type == "STRING" else str(node)
        written = self._bare(node, indent)
        if node.data in FORMULAS and self.source.parentheses(start(node), end(node)):
            return f"({written})"
        return written

    def _bare(self, node: Tree[Token], indent: int) -> str:
        special = self._special.get(node.data)
        if special is not None:
            return special(node, indent)
        if node.data in _BINARY:
            left, right = (self.text(c, indent) for c in node.children)
            return f"{left} {_BINARY[node.data]} {right}"
        words = _WORDS[node.data]
        return " ".join([words] * bool(words) + [self.text(c, indent) for c in node.children])

    def _effective(self, node: Tree[Token], indent: int) -> str:
        return " ".join(["effective", str(node.children[0]), "..", *map(str, node.children[1:])])

    def _assessors(self, node: Tree[Token], indent: int) -> str:
        return "assessors " + ", ".join(map(str, node.children))

    def _option(self, node: Tree[Token], indent: int) -> str:
        name, *rest = node.children
        label = [self.text(rest.pop(), indent)] if rest and _is_string(rest[-1]) else []
        value = [f"= {self.text(rest[0], indent)}"] if rest else []
        return " ".join([str(name), *value, *label])

    def _range(self, node: Tree[Token], indent: int) -> str:
        low, high = (self.text(c, indent) for c in node.children)
        return f"{low}..{high}"

    def _negative(self, node: Tree[Token], indent: int) -> str:
        return f"-{node.children[0]}"

    def _levels(self, node: Tree[Token], indent: int) -> str:
        return "levels { " + ", ".join(map(str, node.children)) + " }"

    def _from(self, node: Tree[Token], indent: int) -> str:
        quantity = ["grade"] if node.data == "from_grade" else []
        return " ".join(["from", *(self.text(c, indent) for c in node.children[:1]), *quantity,
                         *map(str, node.children[1:])])

    def _move(self, node: Tree[Token], indent: int) -> str:
        return f"move {node.children[0]} to {node.children[1]}"

    def _share(self, node: Tree[Token], indent: int) -> str:
        return f"share({node.children[0]})"

    def _band(self, node: Tree[Token], indent: int) -> str:
        low, high = band_ends(self, node, indent)
        return " ".join(part for part in (low, "..", high) if part)

    def _every(self, node: Tree[Token], indent: int) -> str:
        *where, quantity, comparator, threshold = node.children
        scope = f"child of {where[0]}" if len(where) == 1 else f"{where[0]} under {where[1]}"
        return f"every {scope}: {quantity} {comparator} {self.text(threshold, indent)}"

    def _call(self, node: Tree[Token], indent: int) -> str:
        function, *args = node.children
        texts = [self.text(a, indent) for a in args]
        if len(args) == 1 and isinstance(args[0], Tree):
            # the call's own parentheses enclose its only argument: the first pair is not
            # the author's grouping
            only = args[0]
            bare = self._bare(only, indent)
            grouped = self.source.parentheses(start(only), end(only)) > 1
            texts = [f"({bare})" if grouped else bare]
        return f"{function}({', '.join(texts)})"

    def _if(self, node: Tree[Token], indent: int) -> str:
        test, then, otherwise = (self.text(c, indent) for c in node.children)
        return f"if {test} then {then} else {otherwise}"

    def _neg(self, node: Tree[Token], indent: int) -> str:
        return "-" + self.text(node.children[0], indent)

    def _named_value(self, node: Tree[Token], indent: int) -> str:
        """`derived NAME "label" = EXPR` or `view NAME "label" = a + b`, without texts."""
        name, *rest = [c for c in node.children
                       if not (isinstance(c, Tree) and c.data == "texts_body")]
        label = [self.text(rest.pop(0), indent)] if _is_string(rest[0]) else []
        keyword = "derived" if node.data == "derived_decl" else "view"
        value = " + ".join(self.text(part, indent) for part in rest)
        return " ".join([keyword, str(name), *label, "=", value])

    def require(self, node: Tree[Token], indent: int, width: int) -> str:
        """`require A or B`; longer than `width` columns, one operand of its outermost
        `or` (or `and`) a line, each line after the first starting with the operator."""
        text = self.text(node, indent)
        condition = node.children[0]
        if len(INDENT * indent + text) <= width or not isinstance(condition, Tree) \
                or condition.data not in ("cond_or", "cond_and") \
                or self.source.parentheses(start(condition), end(condition)):
            return text
        kind = condition.data
        operands: list[Node] = []
        while isinstance(condition, Tree) and condition.data == kind \
                and not self.source.parentheses(start(condition), end(condition)):
            operands.insert(0, condition.children[1])
            condition = condition.children[0]
        operands.insert(0, condition)
        joint = f"\n{INDENT * (indent + 1)}{_BINARY[kind]} "
        return "require " + joint.join(self.text(o, indent) for o in operands)

    def level_head(self, node: Tree[Token], indent: int) -> str:
        """`level NAME "label" BAND when CONDITION`, without its block of texts."""
        return " ".join(cell for cell in level_cells(self, node, indent) if cell)


def _is_string(node: Node) -> bool:
    return isinstance(node, Token) and node.type == "STRING"


def band_ends(inline: Inline, band: Tree[Token], indent: int) -> tuple[str, str]:
    """A band's low end (`> 60`, `0` or '') and high end (`< 70`, `70` or '')."""
    low = high = ""
    for end_ in band.children:
        assert isinstance(end_, Tree)
        if end_.data in ("band_from", "band_above"):
            low = inline.text(end_, indent)
        else:
            high = inline.text(end_, indent)
    return low, high


def level_cells(inline: Inline, node: Tree[Token], indent: int) -> list[str]:
    """A level's columns: `level NAME`, label, band low, `..`, band high, `when ...`."""
    cells = ["level " + inline.text(node.children[0], indent), "", "", "", "", ""]
    for child in node.children[1:]:
        if _is_string(child):
            cells[1] = inline.text(child, indent)
        elif isinstance(child, Tree) and child.data == "band":
            cells[2], cells[4] = band_ends(inline, child, indent)
            cells[3] = ".."
        elif isinstance(child, Tree) and child.data == "level_when":
            cells[5] = inline.text(child, indent)
    return cells
