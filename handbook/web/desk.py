"""The Starlette app: routes for the single-baby form, the roster upload and the health check.

`create_app(config)` has no global state: the pools, rate limit and templates belong to the app it returns.
"""

from __future__ import annotations

import base64
import contextlib
import json
from collections.abc import AsyncIterator
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, PlainTextResponse, Response, StreamingResponse
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from handbook.web import adapter, csrf, form, roster, work
from handbook.web.config import WebConfig
from handbook.web.guard import Guard, TooLarge
from handbook.web.pages import Pages
from handbook.web.pool import BuildPool, Busy
from handbook.web.ratelimit import RateLimit

FORM_LIMITS = {"max_files": 0, "max_fields": 30, "max_part_size": 4096}
ROSTER_LIMITS = {"max_files": 1, "max_fields": 5, "max_part_size": 4096}


class FrontDesk:
    """The app's parts, made once at start-up and shared (read-only, apart from counters) by every request."""

    def __init__(self, config: WebConfig) -> None:
        self.config = config
        self.pages = Pages(config.default_lang)
        self.rate = RateLimit(config.rate_per_minute)
        self.singles: BuildPool | None = None
        self.rosters: BuildPool | None = None

    @contextlib.asynccontextmanager
    async def lifespan(self, app: Starlette) -> AsyncIterator[None]:
        on, clinic = self.config.today(), self.config.clinic
        self.singles = BuildPool(self.config.workers, self.config.queue, on, clinic)
        self.rosters = BuildPool(self.config.roster_workers, self.config.rosters_at_once - 1, on, clinic)
        try:
            await self.singles.start()
            await self.rosters.start()
            yield
        finally:
            self.singles.close()
            self.rosters.close()

    # --- answers ---------------------------------------------------------------------------------------

    def page(self, request: Request, name: str, lang: str, status: int = 200, **values: Any) -> Response:
        token = csrf.token_for(request)
        html = self.pages.render(name, lang, csrf_token=token, clinic=self.config.clinic, **values)
        response = HTMLResponse(html, status_code=status, headers={"cache-control": "no-store"})
        csrf.remember(request, response, token)
        return response

    def refuse(self, request: Request, status: int, lang: str) -> Response:
        headers = {"retry-after": str(self.config.retry_after)} if status in (429, 503) else {}
        html = self.pages.render("error.html", lang, status=status, clinic=self.config.clinic)
        return HTMLResponse(html, status_code=status, headers=headers)

    def gate(self, request: Request, posted: Any, lang: str) -> Response | None:
        """CSRF and rate limit, checked on every POST before any work."""
        if not csrf.valid(request, posted.get(csrf.FIELD)):
            return self.refuse(request, 403, lang)
        if not self.rate.allow(request.client.host if request.client else "-"):
            return self.refuse(request, 429, lang)
        return None

    # --- routes ----------------------------------------------------------------------------------------

    async def form_page(self, request: Request) -> Response:
        lang = self.pages.lang(request.query_params.get("lang"))
        typed = form.values({"lang": lang, "navel_healed": "auto"})
        return self.page(request, "form.html", lang, typed=typed, problems={}, general=[], preview=[])

    async def build(self, request: Request) -> Response:
        posted = await request.form(**FORM_LIMITS)
        typed = form.values(posted)
        lang = self.pages.lang(typed["lang"])
        refused = self.gate(request, posted, lang)
        if refused:
            return refused
        kind = form.KINDS.get(str(posted.get("kind") or ""), form.KINDS["preview"])
        on = self.config.today()
        baby = adapter.validate_baby(form.profile_fields(typed), on)
        if isinstance(baby, list):
            return self.form_again(request, typed, lang, baby)
        req = adapter.BuildRequest(baby=baby, on=on, edition=kind.edition, paper=baby.paper, lang=baby.lang,
                                   clinic=self.config.clinic, fillable=kind.fillable, booklet=kind.booklet)
        assert self.singles is not None
        try:
            if kind.preview:
                outcome = await self.singles.submit(work.preview, req, self.config.preview_pages,
                                                    self.config.preview_scale)
            else:
                outcome = await self.singles.submit(work.build, req)
        except Busy:
            return self.refuse(request, 503, lang)
        if outcome.problem is not None:
            return self.form_again(request, typed, lang, adapter.problems_of(outcome.problem))
        if kind.preview:
            images = [base64.b64encode(png).decode("ascii") for png in outcome.pages]
            return self.page(request, "form.html", lang, typed=typed, problems={}, general=[], preview=images)
        name = f"{'booklet' if kind.booklet else kind.edition}-{baby.birth_date.isoformat()}.pdf"
        return Response(outcome.data, media_type="application/pdf",
                        headers={"content-disposition": f'attachment; filename="{name}"',
                                 "cache-control": "no-store"})

    def form_again(self, request: Request, typed: dict[str, str], lang: str,
                   problems: list[adapter.FieldProblem]) -> Response:
        by_field = {p.field: p.message for p in problems if p.field}
        general = [p.message for p in problems if not p.field]
        return self.page(request, "form.html", lang, status=422, typed=typed, problems=by_field, general=general,
                         preview=[])

    async def roster_page(self, request: Request) -> Response:
        lang = self.pages.lang(request.query_params.get("lang"))
        return self.page(request, "roster.html", lang, problem=None, max_rows=self.config.roster_max_rows)

    async def roster_post(self, request: Request) -> Response:
        posted = await request.form(**ROSTER_LIMITS)
        lang = self.pages.lang(posted.get("lang"))
        refused = self.gate(request, posted, lang)
        if refused:
            return refused
        streaming = "text/event-stream" in request.headers.get("accept", "")
        upload = posted.get("roster")
        try:
            if upload is None or isinstance(upload, str):
                raise roster.UploadProblem("roster_no_file")
            data = await upload.read()
            roster.check_upload(upload.filename or "", upload.content_type or "", data)
            rows = roster.read_rows(data, self.config.roster_max_rows)
        except roster.UploadProblem as exc:
            return self.roster_problem(request, lang, self.pages.words(lang)(exc.key, **exc.values), streaming)
        except adapter.HandbookError as exc:
            return self.roster_problem(request, lang, exc.format_message(), streaming)
        assert self.rosters is not None
        try:
            self.rosters.reserve()  # separate capacity: a roster never takes a single build's place
        except Busy:
            return self.refuse(request, 503, lang)
        opts = adapter.RowOptions(on=self.config.today(), clinic=self.config.clinic)
        if streaming:
            return StreamingResponse(self.roster_events(rows, opts), media_type="text/event-stream",
                                     headers={"cache-control": "no-store", "x-accel-buffering": "no"})
        result = roster.Result(total=len(rows))
        try:
            async for _ in roster.build_rows(rows, self.rosters, opts, result):
                pass
        finally:
            self.rosters.release()
        return Response(roster.zip_bytes(result), media_type="application/zip",
                        headers={"content-disposition": 'attachment; filename="handbooks.zip"',
                                 "cache-control": "no-store"})

    def roster_problem(self, request: Request, lang: str, message: str, streaming: bool) -> Response:
        if streaming:
            return StreamingResponse(_once(_event("problem", {"message": message})),
                                     media_type="text/event-stream", status_code=422)
        return self.page(request, "roster.html", lang, status=422, problem=message,
                         max_rows=self.config.roster_max_rows)

    async def roster_events(self, rows: list[adapter.RosterRow], opts: adapter.RowOptions) -> AsyncIterator[bytes]:
        assert self.rosters is not None
        result = roster.Result(total=len(rows))
        try:
            yield _event("progress", {"done": 0, "total": len(rows)})
            async for done, bad in roster.build_rows(rows, self.rosters, opts, result):
                if bad is not None:
                    yield _event("bad", {"line": bad.line, "name": bad.name, "reason": bad.reason})
                yield _event("progress", {"done": done, "total": len(rows)})
            yield _event("done", {"built": len(result.files), "total": result.total,
                                  "zip": base64.b64encode(roster.zip_bytes(result)).decode("ascii")})
        finally:
            self.rosters.release()

    async def health(self, request: Request) -> Response:
        return PlainTextResponse("ok")


def _event(name: str, data: dict[str, Any]) -> bytes:
    return f"event: {name}\ndata: {json.dumps(data, ensure_ascii=False)}\n\n".encode()


async def _once(chunk: bytes) -> AsyncIterator[bytes]:
    yield chunk


def create_app(config: WebConfig) -> Guard:
    """The ASGI app for one configuration (the entry point reads the environment and calls this)."""
    desk = FrontDesk(config)
    static = StaticFiles(packages=[("handbook.web", "static")])
    app = Starlette(
        routes=[
            Route("/", desk.form_page, methods=["GET"]),
            Route("/build", desk.build, methods=["POST"]),
            Route("/roster", desk.roster_page, methods=["GET"]),
            Route("/roster", desk.roster_post, methods=["POST"]),
            Route("/health", desk.health, methods=["GET"]),
            Mount("/static", static, name="static"),
        ],
        lifespan=desk.lifespan,
    )
    for status in (400, 404, 405):
        app.add_exception_handler(status, _refused(desk, status))
    app.add_exception_handler(TooLarge, _refused(desk, 413))  # the body grew past the limit while read
    return Guard(app, config.max_body, desk.pages.error_page(desk.pages.default_lang))


def _refused(desk: FrontDesk, status: int) -> Any:
    async def handler(request: Request, exc: Exception) -> Response:
        return desk.refuse(request, status, desk.pages.default_lang)

    return handler
