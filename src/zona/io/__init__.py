"""Answer sheets in and out: the official LKE workbook, zona templates (xlsx, CSV, JSON,
YAML), PortalRB lists, and tables of many units.

`sheets` is the entry (`read_answers`: any format by its suffix) and the AnswerSheet;
`files` reads bytes safely; `textformats` (JSON, YAML), `portalrb`, `tables` (CSV,
Parquet, xlsx tables), `lke` (the official workbook: `lke_book` its cells, `lke_match` its
rows matched to questions), `template`, `layout`, `workbook` (with `workbook_rows` and the
formulas: `formulas`, `formulas_na`, `formulas_nodes`, `formulas_verdicts`) and
`template_read` (fillable templates out and in), `assessors` (several assessors' answers),
`atomic` (files written whole or not at all).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from zona.io.lke import LkeSheet, read_lke
    from zona.io.sheets import AnswerSheet, parse_answers, read_answers
    from zona.io.tables import BadRow, TableRead, read_table
    from zona.io.template import template_text, write_template

# imported on first use: batch scoring needs zona.io.sheets' column names, not the workbook
# readers (importing them all took 40-80 ms of a notebook's first score_table call)
_WHERE = {"LkeSheet": "lke", "read_lke": "lke", "AnswerSheet": "sheets",
          "parse_answers": "sheets", "read_answers": "sheets", "BadRow": "tables",
          "TableRead": "tables", "read_table": "tables", "template_text": "template",
          "write_template": "template"}


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module 'zona.io' has no attribute {name!r}")
    found = getattr(importlib.import_module(f"zona.io.{module}"), name)
    globals()[name] = found
    return found

__all__ = ["AnswerSheet", "BadRow", "LkeSheet", "TableRead", "parse_answers", "read_answers",
           "read_lke", "read_table", "template_text", "write_template"]
