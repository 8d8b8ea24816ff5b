"""The sandbox's HTTP surface: the four spec operations, plus scenario controls under /_sandbox/."""

from __future__ import annotations

import json
import math
import re
import time
from collections import deque
from collections.abc import Callable, Sequence
from typing import Any

import msgspec
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.routing import Route

from ..validation import Problem, encoded
from .errors import MEDIA_TYPE, ApiException, ApiProblem
from .latency import NetworkLatency
from .scenarios import fault_exception
from .settings import Settings
from .spec import Spec
from .store import MAX_LEADS_PER_LIST, Account, Store

_ENCODER = msgspec.json.Encoder()
API_KEY = re.compile(r"Bearer (sandbox-[A-Za-z0-9_-]{4,128})", re.IGNORECASE)
JSON_MEDIA_TYPE = re.compile(r"application/(json|[a-z0-9.+-]+\+json)")


class SyntheticLeads(Sequence[dict[str, Any]]):
    """The inputs of a pre-filled list, computed on access so 60,000 of them cost no memory."""

    def __init__(self, count: int) -> None:
        self._count = count

    def __len__(self) -> int:
        return self._count

    def __getitem__(self, index: int) -> dict[str, Any]:  # type: ignore[override]
        if not 0 <= index < self._count:
            raise IndexError(index)
        return {"linkedin_url": f"https://www.linkedin.com/in/prefilled-{index}"}


class Sandbox:
    """State and handlers; one instance per app."""

    def __init__(self, settings: Settings, clock: Callable[[], float], spec: Spec) -> None:
        self.settings = settings
        self.clock = clock
        self.spec = spec
        self.store = Store(settings)
        self.recent: dict[str, deque[float]] = {}

    # -- the public API (the spec) ------------------------------------------------------------------

    async def create_lead_list(self, request: Request) -> Response:
        account = self._admit(request)
        body = await self._json_body(request)
        self.spec.check_create_body(body)
        record = self.store.create(account, body, self.clock())
        return _json(record.answer(self.clock()), 202, {"Location": record.href()})

    async def add_leads(self, request: Request) -> Response:
        """Up to the 60,000-lead cap; past it the add is partial and still a 202 (the spec says how a
        client counts what was accepted), and a full list is a 409. The body's lead rules follow the
        list's own type."""
        account = self._admit(request)
        record = self.store.find(account, request.path_params["id"])
        body = await self._json_body(request)
        self.spec.check_add_body(body, record.type)
        now = self.clock()
        self.store.add(account, record, body["leads"], now)
        return _json(record.answer(now), 202, {"Location": record.href()})

    async def lead_lists(self, request: Request) -> Response:
        """One route for the collection, so a 405 on it names both of its methods in `Allow`."""
        if request.method == "POST":
            return await self.create_lead_list(request)
        return await self.list_lead_lists(request)

    async def list_lead_lists(self, request: Request) -> Response:
        """This key's lists only, newest first, cursor paged like entries (the spec infers both)."""
        account = self._admit(request)
        page = self.spec.page_parameters(_query(request), "listLeadLists")
        records, links = account.listing(page["page[size]"], page.get("page[after]"), page.get("page[before]"))
        now = self.clock()
        return _json({"lead_lists": [record.summary(now) for record in records], "_links": links})

    async def get_lead_list(self, request: Request) -> Response:
        account = self._admit(request)
        page = self.spec.page_parameters(_query(request))
        record = self.store.find(account, request.path_params["id"])
        now = self.clock()
        status = record.status(now)
        if status == "completed":
            indexes, links = record.page(page["page[size]"], page.get("page[after]"), page.get("page[before]"))
            return _json(record.body(now, indexes, links))
        if status == "canceled":
            return _json(record.body(now))
        return _json(record.body(now), headers={"Retry-After": str(self.settings.retry_after)})

    # -- outside the public API --------------------------------------------------------------------

    async def set_scenario(self, request: Request) -> Response:
        account = self._account(request)
        account.scenario.update(await self._json_body(request))
        return JSONResponse(vars(account.scenario))

    async def prefill_lead_list(self, request: Request) -> Response:
        """A completed list of `entries` synthetic LinkedIn leads, for benchmarks and paging tests."""
        account = self._account(request)
        body = await self._json_body(request)
        count = body.get("entries") if isinstance(body, dict) else None
        if not isinstance(count, int) or isinstance(count, bool) or not 1 <= count <= MAX_LEADS_PER_LIST:
            raise ApiException(
                400, ApiProblem("unsupported_value", "entries must be 1 to 60000", ("pointer", "/entries"))
            )
        leads = SyntheticLeads(count)
        spec_body = {"owner": "sandbox@example.com", "shared": True, "type": "linkedin", "leads": leads}
        record = self.store.create(account, spec_body, self.clock(), completed=True)
        return _json(record.body(self.clock()), 201, {"Location": record.href()})

    async def openapi(self, request: Request) -> Response:
        return PlainTextResponse(self.spec.text, media_type="application/yaml")

    # -- gates -------------------------------------------------------------------------------------

    def _key(self, request: Request) -> str:
        match = API_KEY.fullmatch(request.headers.get("authorization", ""))
        if match is None:
            raise ApiException(
                401,
                ApiProblem(
                    "unauthorized",
                    "a valid API key is required: Authorization: Bearer sandbox-…",
                    ("header", "Authorization"),
                ),
                headers={"WWW-Authenticate": "Bearer"},
            )
        return match.group(1)

    def _account(self, request: Request) -> Account:
        return self.store.account(self._key(request))

    def _admit(self, request: Request) -> Account:
        """Authenticate, apply the per-key rate limit, then any fault the scenario has queued."""
        key = self._key(request)
        self._rate_limit(key)
        account = self.store.account(key)
        fault = account.scenario.take_fault()
        if fault is not None:
            raise fault_exception(fault, account.scenario.fault_retry_after)
        return account

    def _rate_limit(self, key: str) -> None:
        now = self.clock()
        window = self.recent.setdefault(key, deque())
        span = self.settings.rate_limit_window_seconds
        while window and window[0] <= now - span:
            window.popleft()
        if len(window) >= self.settings.rate_limit:
            wait = max(1, math.ceil(window[0] + span - now))
            per = "minute" if span == 60 else f"{span:g} s"
            raise ApiException(
                429,
                ApiProblem("rate_limited", f"more than {self.settings.rate_limit} requests per {per}"),
                headers={"Retry-After": str(wait)},
            )
        window.append(now)

    async def _json_body(self, request: Request) -> Any:
        media_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if not JSON_MEDIA_TYPE.fullmatch(media_type):
            raise ApiException(
                415,
                ApiProblem("unsupported_media_type", "send the body as application/json", ("header", "Content-Type")),
            )
        limit = self.settings.max_body_bytes
        declared = request.headers.get("content-length", "0")
        if not declared.isdigit():
            raise ApiException(
                400, ApiProblem("invalid_header", "Content-Length must be a number", ("header", "Content-Length"))
            )
        if int(declared) > limit:
            raise ApiException(413, ApiProblem("payload_too_large", f"the body may be at most {limit} bytes"))
        raw = bytearray()
        async for chunk in request.stream():
            raw += chunk
            if len(raw) > limit:
                raise ApiException(413, ApiProblem("payload_too_large", f"the body may be at most {limit} bytes"))
        try:
            body = json.loads(raw)
        except (ValueError, RecursionError):
            raise ApiException(400, ApiProblem("invalid_json", "the body is not valid JSON", ("pointer", ""))) from None
        if b"NaN" in raw or b"Infinity" in raw or (b"\\u" in raw and _SURROGATE_ESCAPE.search(raw)):
            problem = encoded(body)  # json.loads takes them, but no answer could carry them (a 500 on every read)
            if isinstance(problem, Problem):
                detail = f"{problem.pointer or 'body'} {problem.message}"
                raise ApiException(400, ApiProblem("invalid_json", detail, ("pointer", problem.pointer)))
        return body


_SURROGATE_ESCAPE = re.compile(rb"\\u[dD][89a-fA-F]")
"""A `\\uD800`–`\\uDFFF` escape: json.loads reads a lone one as a string UTF-8 cannot encode."""


def _query(request: Request) -> dict[str, list[str]]:
    query: dict[str, list[str]] = {}
    for name, value in request.query_params.multi_items():
        query.setdefault(name, []).append(value)
    return query


def _json(body: dict[str, Any], status: int = 200, headers: dict[str, str] | None = None) -> Response:
    """Encoded by msgspec: the same compact UTF-8 JSON as starlette's `JSONResponse`, faster (README:
    Benchmarks)."""
    return Response(_ENCODER.encode(body), status_code=status, headers=headers, media_type=MEDIA_TYPE)


async def _api_exception(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, ApiException)
    return exc.response()


async def _http_exception(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    problem = ApiProblem("not_found" if exc.status_code == 404 else "method_not_allowed", exc.detail)
    return ApiException(exc.status_code, problem, headers=dict(exc.headers or {})).response()


async def _unexpected(request: Request, exc: Exception) -> Response:
    return ApiException(500, ApiProblem("internal_server_error", "an unexpected error occurred")).response()


def settings_latency(settings: Settings) -> list[Middleware]:
    """The NetworkLatency middleware when the settings ask for any latency, else nothing."""
    if settings.latency_seconds == 0 and settings.latency_jitter_seconds == 0:
        return []
    return [Middleware(NetworkLatency, seconds=settings.latency_seconds, jitter=settings.latency_jitter_seconds)]


def create_app(
    settings: Settings | None = None, clock: Callable[[], float] = time.monotonic, spec: Spec | None = None
) -> Starlette:
    """The sandbox app. Without arguments (as `uvicorn --factory` calls it) settings come from SANDBOX_*."""
    sandbox = Sandbox(settings or Settings.from_env(), clock, spec or Spec())
    routes = [
        Route("/lead-lists", sandbox.lead_lists, methods=["GET", "POST"]),
        Route("/lead-lists/", sandbox.create_lead_list, methods=["POST"]),
        Route("/lead-lists/{id}", sandbox.get_lead_list, methods=["GET"]),
        Route("/lead-lists/{id}/leads", sandbox.add_leads, methods=["POST"]),
        Route("/_sandbox/scenario", sandbox.set_scenario, methods=["POST"]),
        Route("/_sandbox/lead-lists", sandbox.prefill_lead_list, methods=["POST"]),
        Route("/openapi.yaml", sandbox.openapi, methods=["GET"]),
    ]
    handlers = {ApiException: _api_exception, HTTPException: _http_exception, Exception: _unexpected}
    latency = settings_latency(sandbox.settings)
    app = Starlette(routes=routes, exception_handlers=handlers, middleware=latency)
    app.state.sandbox = sandbox
    return app
