"""The ASGI application of `zona serve`, on Starlette: routes, body limits, problem
responses, and the work run in worker threads under a deadline.

`create_app(folders)` builds it; `from_environment()` is the factory uvicorn's workers
call (the folders in ZONA_SERVE_RULESETS, separated by os.pathsep).
"""

from __future__ import annotations

import gc
import logging
import os
from collections.abc import Awaitable, Callable, Iterator, Mapping, Sequence
from fractions import Fraction
from functools import partial
from pathlib import Path
from typing import Any, TypeVar

import attrs

from zona.errors import ZonaError
from zona.extras import require
from zona.i18n import _, exact, speaking
from zona.serve import bodies, page, work
from zona.serve.encode import dumps
from zona.serve.openapi import openapi
from zona.serve.problems import LANGS, MEDIA_TYPE, Problem, from_error, language
from zona.serve.registry import Registry, describe
from zona.version import __version__

require("starlette", "serve", "zona serve")
import anyio  # noqa: E402  (starlette's own dependency, there once starlette is)
from starlette.applications import Starlette  # noqa: E402
from starlette.datastructures import UploadFile  # noqa: E402
from starlette.exceptions import HTTPException  # noqa: E402
from starlette.requests import Request  # noqa: E402
from starlette.responses import HTMLResponse, Response, StreamingResponse  # noqa: E402
from starlette.routing import Route  # noqa: E402

BODY_BYTES = 20 * 1024 * 1024  # an answer sheet or workbook upload
TABLE_BYTES = 50 * 1024 * 1024  # a table of many units
TIME_LIMIT = 20.0  # seconds for one request's work (gap: its time_limit plus this)
WORKERS = 8  # threads doing requests' work at once, per process
#: a JSON body up to this size is scored on the event loop (a few ms at most; a thread
#: hop would cost as much) when the time limit is at least INLINE_LIMIT seconds; larger
#: bodies and every other endpoint's work go to a worker thread under the deadline
INLINE_BYTES = 64 * 1024
INLINE_LIMIT = 1.0
ENVIRONMENT = "ZONA_SERVE_RULESETS"
RAW = {"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "upload.xlsx",
       "text/csv": "upload.csv", "application/yaml": "upload.yaml",
       "application/vnd.apache.parquet": "upload.parquet", "application/octet-stream": None}
T = TypeVar("T")
Handler = Callable[[Request], Awaitable[Response]]
log = logging.getLogger("zona.serve")


def create_app(folders: Sequence[str | Path] = (), time_limit: float = TIME_LIMIT) -> Starlette:
    """The application, with the built-in rulesets and those in `folders`."""
    registry = Registry(folders)
    limiter = anyio.CapacityLimiter(WORKERS)
    inline = time_limit >= INLINE_LIMIT

    async def run(function: Callable[[], T], seconds: float = time_limit) -> T:
        """`function()` in a worker thread; Problem `time-limit` past `seconds` (the thread
        is left to finish; the server answers and goes on serving)."""
        with anyio.move_on_after(seconds):
            return await anyio.to_thread.run_sync(function, abandon_on_cancel=True,
                                                  limiter=limiter)
        raise Problem("time-limit", _("the work took longer than {seconds} s",
                                      seconds=exact(Fraction(f"{seconds:g}"))),
                      {"time_limit": seconds})

    async def submission(request: Request, allowed: Mapping[str, bodies.Coerce]
                         ) -> tuple[Callable[[], bodies.Submission], bool]:
        """The body read; how to make it a Submission (in a worker thread: a 20 MB body
        is not parsed on the event loop), and whether it is a small JSON body."""
        query = dict(request.query_params)
        kind = _media(request)
        if kind == "application/json":
            data = await request.body()
            return (lambda: bodies.from_json(bodies.parse_json(data), query, registry,
                                             allowed)), len(data) <= INLINE_BYTES
        if kind == "multipart/form-data":
            data, filename, fields = await _upload(request)
            return (lambda: bodies.from_file(data, filename, {**query, **fields}, registry,
                                             allowed)), False
        if kind in RAW:
            data = await request.body()
            return (lambda: bodies.from_file(data, RAW[kind], query, registry, allowed)), False
        raise _unsupported(kind)

    async def rulesets(request: Request) -> Response:
        return _json(registry.listing())

    async def ruleset(request: Request) -> Response:
        found = registry.get(request.path_params["id"])
        return _json(describe(found), found)

    def scoring(do: Callable[[bodies.Submission], Any],
                allowed: Mapping[str, bodies.Coerce]) -> Handler:
        async def handle(request: Request) -> Response:
            make, small = await submission(request, allowed)
            if do is work.gap:  # its deadline: the request's time_limit more
                job = await run(make)
                extra = float(job.options.get("time_limit", work.GAP_LIMIT))  # type: ignore[arg-type]
                found = await run(partial(do, job), time_limit + extra)
            elif small and inline and do is work.score:  # one unit's answers: no hop
                job, found = _done(make(), do)
            else:
                job, found = await run(lambda: _done(make(), do))
            if isinstance(found, str):
                return Response(found, media_type="text/html; charset=utf-8",
                                headers=_heads(job.ruleset))
            return _json(found, job.ruleset)
        return handle

    async def compare(request: Request) -> Response:
        if _media(request) != "application/json":
            raise _unsupported(_media(request))
        data = await request.body()
        found = await run(lambda: work.compare(bodies.parse_json(data), registry))
        return _json(found, registry.get(found["ruleset"]))

    async def template(request: Request) -> Response:
        found = registry.get(request.path_params["id"])
        query = dict(request.query_params)
        bodies.options(query, {"format": bodies.text, "facts": bodies.text})
        fmt = query.get("format", "xlsx")
        facts = work.facts_from_query(query.get("facts"))
        data = await run(lambda: work.template(found, fmt, facts))
        media = {"xlsx": RAW_XLSX, "csv": "text/csv; charset=utf-8",
                 "json": "application/json", "yaml": "application/yaml"}.get(fmt, "text/plain")
        return Response(data, media_type=media, headers={
            **_heads(found), "Content-Disposition": f'attachment; filename="{found.id}.{fmt}"'})

    async def table(request: Request) -> Response:
        query = dict(request.query_params)
        if _media(request) == "multipart/form-data":
            data, filename, fields = await _upload(request)
        elif _media(request) == "text/csv":
            data, filename, fields = await request.body(), "table.csv", {}
        else:
            raise _unsupported(_media(request))
        given = {**query, **fields}
        bodies.options(given, {"ruleset": bodies.text, "format": bodies.text})
        found = registry.get(given.get("ruleset"))
        fmt = str(given.get("format", "jsonl"))
        lines: Iterator[str] = await run(lambda: work.table(found, data, filename or "", fmt))
        media = "text/csv; charset=utf-8" if fmt == "csv" else "application/x-ndjson"
        spoken = _spoken(lines, language(request.headers.get("accept-language")))
        return StreamingResponse(spoken, media_type=media, headers=_heads(found))

    async def spec(request: Request) -> Response:
        return _json(openapi())

    async def evaluator(request: Request) -> Response:
        wanted = request.query_params.get("lang")
        lang = wanted if wanted in LANGS else language(request.headers.get("accept-language"))
        return HTMLResponse(page.form_page(registry, lang))

    def evaluated(report: bool) -> Handler:
        async def handle(request: Request) -> Response:
            lang = language(request.headers.get("accept-language"))
            try:
                async with request.form(max_files=1, max_fields=2000,
                                        max_part_size=1024 * 1024) as form:
                    file = form.get("file")
                    fields = {k: v for k, v in form.multi_items() if isinstance(v, str)}
                    data = await file.read() if isinstance(file, UploadFile) else b""
                    name = file.filename if isinstance(file, UploadFile) else None
                lang = fields["lang"] if fields.get("lang") in LANGS else lang
                named = {"ruleset": fields["ruleset"]} if fields.get("ruleset") else {}

                def make() -> bodies.Submission:
                    if data:
                        return bodies.from_file(data, name, named, registry, {})
                    return bodies.from_json(page.answers_document(fields), {}, registry, {})

                with speaking(lang):  # the page's language: its problems speak it too
                    if report:
                        job, html = await run(lambda: _done(
                            attrs.evolve(make(), options={"lang": lang}), work.report))
                        return HTMLResponse(html, headers={
                            **_heads(job.ruleset), "Content-Disposition":
                                f'attachment; filename="{job.ruleset.id}.html"'})
                    job, html = await run(lambda: _done(make(), partial(page.result_page,
                                                                       lang=lang)))
                    return HTMLResponse(html, headers=_heads(job.ruleset))
            except ZonaError as error:
                with speaking(lang):  # a message said when it is shown (a problem count)
                    return _page_problem(from_error(error), lang)
            except Problem as problem:
                return _page_problem(problem, lang)
        return handle

    routes = [
        Route("/rulesets", guarded(rulesets), methods=["GET"]),
        Route("/rulesets/{id}", guarded(ruleset), methods=["GET"]),
        Route("/score", guarded(scoring(work.score, work.SCORE)), methods=["POST"]),
        Route("/explain", guarded(scoring(work.explain, work.EXPLAIN)), methods=["POST"]),
        Route("/gap", guarded(scoring(work.gap, work.GAP)), methods=["POST"]),
        Route("/report", guarded(scoring(work.report, work.REPORT)), methods=["POST"]),
        Route("/compare", guarded(compare), methods=["POST"]),
        Route("/template/{id}", guarded(template), methods=["GET"]),
        Route("/table", guarded(table), methods=["POST"]),
        Route("/openapi.json", guarded(spec), methods=["GET"]),
        Route("/page", guarded(evaluator), methods=["GET"]),
        Route("/page/score", guarded(evaluated(report=False)), methods=["POST"]),
        Route("/page/report", guarded(evaluated(report=True)), methods=["POST"]),
    ]
    handlers: Mapping[Any, Any] = {404: _http_problem, 405: _http_problem,
                                   413: _http_problem, 500: _internal}
    app = Starlette(routes=routes, exception_handlers=handlers)
    app.add_middleware(BodyLimit)
    return app


class BodyLimit:
    """Refuses a body over its path's limit (TABLE_BYTES for /table, else BODY_BYTES): by
    its Content-Length before reading, else as it streams in (a Problem raised where the
    handler reads it)."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = TABLE_BYTES if scope["path"] == "/table" else BODY_BYTES
        headers = dict(scope.get("headers") or [])

        def too_large(lang: str | None = None) -> Problem:  # None: the request's (guarded)
            return Problem("too-large", _("the body is larger than {size} MB", lang,
                                          size=limit // 2**20), {"limit": limit})

        length = headers.get(b"content-length", b"")
        if length.isdigit() and int(length) > limit:
            lang = language(headers.get(b"accept-language", b"").decode("latin-1"))
            await problem_response(too_large(lang), lang)(scope, receive, send)
            return
        seen = 0

        async def limited() -> Any:
            nonlocal seen
            message = await receive()
            seen += len(message.get("body", b""))
            if seen > limit:
                raise too_large()
            return message

        await self.app(scope, limited, send)


RAW_XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _page_problem(problem: Problem, lang: str) -> Response:
    return HTMLResponse(page.error_page(problem, lang), status_code=problem.status,
                        headers={"Zona-Version": __version__})


def _done(job: bodies.Submission, do: Callable[[bodies.Submission], Any]
          ) -> tuple[bodies.Submission, Any]:
    return job, do(job)


def from_environment() -> Starlette:
    """The application for uvicorn's workers: folders from ZONA_SERVE_RULESETS. What start-up
    made (the compiled rulesets) is then frozen out of the garbage collector's sight: a full
    collection took 15-25 ms with it (a pause in the slowest answers), 2-5 ms without."""
    folders = [f for f in os.environ.get(ENVIRONMENT, "").split(os.pathsep) if f]
    app = create_app(folders)
    gc.freeze()
    return app


def guarded(handler: Handler) -> Handler:
    """The handler, speaking the request's language (`Accept-Language`: zona.i18n.speaking,
    a context variable, so that concurrent requests each keep their own), with every
    Problem, ZonaError or HTTP error answered as a problem document in that language."""
    async def handle(request: Request) -> Response:
        lang = language(request.headers.get("accept-language"))
        with speaking(lang):
            try:
                return await handler(request)
            except Problem as problem:
                return problem_response(problem, lang)
            except ZonaError as error:
                return problem_response(from_error(error), lang)
            except HTTPException as error:
                return problem_response(_from_http(error, request.url.path), lang,
                                        error.headers)
    return handle


def _spoken(lines: Iterator[str], lang: str) -> Iterator[str]:
    """The lines, each made speaking `lang` (a streamed response is iterated after its
    handler has returned, each step in a worker thread of its own)."""
    while True:
        with speaking(lang):
            line = next(lines, None)
        if line is None:
            return
        yield line


def problem_response(problem: Problem, lang: str = "en",
                     headers: Mapping[str, str] | None = None) -> Response:
    """A problem document response (`headers`: an HTTP error's own, such as Allow)."""
    return Response(dumps(problem.document(lang)), status_code=problem.status,
                    media_type=MEDIA_TYPE,
                    headers={**(headers or {}), "Zona-Version": __version__,
                             "Content-Language": lang})


def _from_http(error: HTTPException, path: str) -> Problem:
    """An HTTP error as a problem (starlette's own detail, in English, for a bad request)."""
    code = {404: "not-found", 405: "method-not-allowed", 413: "too-large"}.get(
        error.status_code, "bad-request")
    if code == "not-found":
        return Problem(code, _("nothing is served at {path}", path=path))
    if code == "method-not-allowed":
        return Problem(code, _("{path} does not take this method (it takes {allowed})",
                               path=path, allowed=(error.headers or {}).get("Allow", "")))
    return Problem(code, str(error.detail))


async def _http_problem(request: Request, error: Exception) -> Response:
    assert isinstance(error, HTTPException)
    lang = language(request.headers.get("accept-language"))
    with speaking(lang):
        problem = _from_http(error, request.url.path)
    return problem_response(problem, lang, error.headers)


async def _internal(request: Request, error: Exception) -> Response:
    log.exception("internal error", exc_info=error)
    lang = language(request.headers.get("accept-language"))
    return problem_response(Problem("internal", _("an internal error; it has been logged",
                                                  lang)), lang)


def _media(request: Request) -> str:
    return request.headers.get("content-type", "").partition(";")[0].strip().lower()


def _unsupported(kind: str) -> Problem:
    return Problem("unsupported-media-type", _(
        "content type '{kind}': send application/json, multipart/form-data with a file, or "
        "the file itself", kind=kind or _("(none)")))


async def _upload(request: Request) -> tuple[bytes, str | None, dict[str, str]]:
    """The multipart `file` and the other fields (texts)."""
    async with request.form(max_files=1, max_fields=20, max_part_size=1024 * 1024) as form:
        file = form.get("file")
        if not isinstance(file, UploadFile):
            raise Problem("missing-field", _("file: upload the answer sheet as the field "
                                             "'file'"), {"field": "file"})
        fields = {k: v for k, v in form.multi_items() if isinstance(v, str)}
        return await file.read(), file.filename, fields


def _json(document: Mapping[str, Any], ruleset: Any = None) -> Response:
    return Response(dumps(document), media_type="application/json", headers=_heads(ruleset))


def _heads(ruleset: Any) -> dict[str, str]:
    found = {"Zona-Version": __version__}
    if ruleset is not None:
        found.update({"Zona-Ruleset": ruleset.id,
                      "Zona-Ruleset-Fingerprint": ruleset.fingerprint})
    return found
