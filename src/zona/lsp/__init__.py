"""The language server (`zona lsp`): diagnostics as the author types, hover, go to
definition, find references, completion, the outline, formatting and rename.

`server` is the only module that speaks the protocol (pygls, the `lsp` extra); the others
work on text, syntax trees and compiled models: `documents` (the open documents and the
files they extend), `index` (a file's declarations and references), `scan` (a lexical scan
that works on text that does not parse), `positions`, `problems` (diagnostics), `hover`,
`navigation` (definition, references, rename), `completion`, `outline` and `formatting`.
"""
