"""The OpenAPI 3.1 document of `zona serve`, built from the JSON Schemas shipped in
`zona/schemas/` (each becomes a component; references between them become
`#/components/schemas/...`). No starlette here: `zona serve --openapi` prints it."""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Any

from zona.version import __version__

SCHEMAS = Path(__file__).resolve().parent.parent / "schemas"
PROBLEM = {"$ref": "#/components/schemas/problem"}
ERRORS = {"400": "a malformed body, NaN, deep nesting, an unknown or invalid field",
          "404": "an unknown ruleset or path", "413": "the body is over the size limit",
          "415": "an unsupported content type",
          "422": "the answers have problems, or the work passed its time limit"}
#: path -> (method, summary, request schema or None, response schema, response media type)
ENDPOINTS: dict[str, tuple[str, str, str | None, str | None, str]] = {
    "/rulesets": ("get", "The rulesets: ids, effective dates, fingerprints", None, "rulesets",
                  "application/json"),
    "/rulesets/{id}": ("get", "One ruleset: tree, scales, inputs, facts, predicates, grades",
                       None, "ruleset", "application/json"),
    "/score": ("post", "Score one unit", "score-request", "result", "application/json"),
    "/explain": ("post", "Explain a unit's score (id or en)", "explain-request", "explain",
                 "application/json"),
    "/gap": ("post", "The fewest answer changes to reach a target", "gap-request", "gap",
             "application/json"),
    "/report": ("post", "The unit's printable report (HTML)", "report-request", None,
                "text/html"),
    "/compare": ("post", "Where the assessors disagree", "compare-request", "compare",
                 "application/json"),
    "/template/{id}": ("get", "A fillable answer sheet (xlsx, csv, json, yaml)", None, None,
                       "application/octet-stream"),
    "/table": ("post", "Score a table of units (CSV, Parquet, xlsx): CSV or JSON lines",
               None, None, "application/x-ndjson"),
}
UPLOADED = ("/score", "/explain", "/gap", "/report")


def schemas() -> dict[str, dict[str, Any]]:
    """Every shipped JSON Schema by name (`result` for result.schema.json)."""
    return {p.name.removesuffix(".schema.json"): json.loads(p.read_text(encoding="utf-8"))
            for p in sorted(SCHEMAS.glob("*.schema.json"))}


def _component(name: str, schema: Any) -> Any:
    """A schema with its references pointed into the components."""
    if isinstance(schema, dict):
        found = {}
        for key, value in schema.items():
            if key in ("$schema", "$id"):
                continue
            if key == "$ref" and isinstance(value, str):
                file, _, fragment = value.partition("#")
                owner = file.removesuffix(".schema.json") if file else name
                found[key] = f"#/components/schemas/{owner}{fragment}"
            else:
                found[key] = _component(name, value)
        return found
    if isinstance(schema, list):
        return [_component(name, item) for item in schema]
    return schema


@functools.cache
def openapi() -> dict[str, Any]:
    """The OpenAPI 3.1 document."""
    paths: dict[str, Any] = {}
    for path, (method, summary, request, response, media) in ENDPOINTS.items():
        operation: dict[str, Any] = {"summary": summary, "operationId": _operation(path),
                                     "responses": _responses(response, media)}
        parameters = _parameters(path)
        if parameters:
            operation["parameters"] = parameters
        if request is not None or path == "/table":
            operation["requestBody"] = _body(path, request)
        paths[path] = {method: operation}
    return {
        "openapi": "3.1.0",
        "info": {"title": "zona", "version": __version__,
                 "description": "Exact scoring of Zona Integritas (and other rubrics) with "
                                "zona rulesets. Every response names zona's version and the "
                                "ruleset's id and fingerprint (Zona-* headers); errors are "
                                "RFC 9457 problem documents."},
        "paths": paths,
        "components": {"schemas": {n: _component(n, s) for n, s in schemas().items()}},
    }


def _operation(path: str) -> str:
    return path.strip("/").replace("/{id}", "_one").replace("/", "_") or "root"


def _parameters(path: str) -> list[dict[str, Any]]:
    found = []
    if "{id}" in path:
        found.append({"name": "id", "in": "path", "required": True,
                      "schema": {"type": "string", "maxLength": 200}})
    if path == "/template/{id}":
        found.append({"name": "format", "in": "query",
                      "schema": {"enum": ["xlsx", "csv", "json", "yaml"]}})
    if path in (*UPLOADED, "/table"):
        found.append({"name": "ruleset", "in": "query", "schema": {"type": "string"},
                      "description": "the ruleset, for a bare PortalRB list or a file"})
    if path == "/score":
        found.append({"name": "detail", "in": "query", "schema": {"enum": ["full", "summary"]},
                      "description": "summary: the result without nodes and views (faster)"})
    if path == "/table":
        found.append({"name": "format", "in": "query", "schema": {"enum": ["csv", "jsonl"]}})
    return found


def _body(path: str, request: str | None) -> dict[str, Any]:
    upload = {"type": "object", "required": ["file"],
              "properties": {"file": {"type": "string", "contentMediaType":
                                      "application/octet-stream"},
                             "ruleset": {"type": "string"}}}
    content: dict[str, Any] = {"multipart/form-data": {"schema": upload}}
    if request is not None:
        schema: dict[str, Any] = {"$ref": f"#/components/schemas/{request}"}
        if path in UPLOADED:  # or a bare PortalRB list, with ?ruleset=
            schema = {"oneOf": [schema, {"type": "array", "items": {"type": "object"}}]}
        content = {"application/json": {"schema": schema},
                   **(content if path in UPLOADED else {})}
    return {"required": True, "content": content}


def _responses(response: str | None, media: str) -> dict[str, Any]:
    ok: dict[str, Any] = {"schema": {"$ref": f"#/components/schemas/{response}"}} \
        if response else {}
    found: dict[str, Any] = {"200": {"description": "done", "content": {media: ok}}}
    for status, reason in ERRORS.items():
        found[status] = {"description": reason,
                         "content": {"application/problem+json": {"schema": PROBLEM}}}
    return found
