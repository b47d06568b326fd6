"""Text -> syntax tree: the grammar and its one LALR parser (`grammar`), parsing (`parser`),
syntax errors in the language's words (`syntax_errors`), the typed syntax tree (`syntax`,
with its expression and condition nodes in `syntax_expr`) and its printer (`unparse`).
The only package that imports lark.
"""
