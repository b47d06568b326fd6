"""`zona serve`: zona's scoring over HTTP for portals (an optional extra, `zona-rb[serve]`).

`app` (the Starlette application: routes, limits, deadlines), `bodies` (request bodies to
answer sheets, strictly), `work` (what each endpoint computes), `registry` (the rulesets a
server knows, and their description), `problems` (RFC 9457 problem documents, also used by
`--json` on the command line), `openapi` (the OpenAPI 3.1 document, from the JSON Schemas
in `zona/schemas/`), `workers` (`--workers N`: one process per SO_REUSEPORT socket).
Only `app` needs starlette.
"""
