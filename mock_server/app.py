"""The mock provident-fund server: ``create_app(settings)`` builds a FastAPI app.

Every error leaves as ``{"error": {"code", "message", "details"}}``; tracebacks never do. A plain ASGI
middleware (``faults.JournalAndFaults``) keeps the request journal (method, path, status, time: no
bodies, so no secrets) and applies the fault lab's faults; another (``BackOfficeCatchUp``) has the
back office do its due work before an API request is answered. Routes live in ``routes_public``, ``routes_me`` and ``routes_admin`` (the ``/_mock`` API).
"""

from __future__ import annotations

import logging
from typing import Annotated

from fastapi import Depends, FastAPI, Header, Request
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse, JSONResponse
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException

from api_client.domain.phrase import Phrase

from .answers import AnswerCache
from .deps import require_admin
from .english import header_language
from .faults import JournalAndFaults, MockApp
from .guard import ASGIApp, Receive, RequestGuard, Scope, Send
from .problems import ApiProblem
from .runtime import Runtime
from .services import workflow
from .settings import MockSettings

log = logging.getLogger("gjj.mock")

API_PREFIX = "/api/v1"
# The reads every home page and most screens make, each a function of the data, the member and the day.
KEPT_ANSWERS = frozenset(f"{API_PREFIX}/me/{name}" for name in ("account", "tasks", "loans"))

_FIELD_NAMES = {
    "username": "证件号码/手机号",
    "password": "密码",
    "captcha_code": "验证码",
    "captcha_id": "验证码",
    "start": "起始日期",
    "end": "截止日期",
    "page": "页码",
    "page_size": "每页条数",
    "type": "业务类型",
    # accounts
    "name": "姓名",
    "id_number": "证件号码",
    "phone": "手机号码",
    "ticket": "办理凭证",
    "sms_code": "短信验证码",
    "old_password": "原密码",
    "new_password": "新密码",
    "Idempotency-Key": "Idempotency-Key",
    "status": "消息状态",
    "order": "排序",
    "kind": "提取类型",
    "amount": "金额",
    "periods": "贷款期数",
    "application_id": "业务编号",
    "message_id": "消息编号",
    "contract_no": "合同编号",
    "code": "验证码",
}


DATE_FIELDS = {"start", "end"}
CHOICE_MESSAGES = {
    "type": "不支持的业务类型：{value}",
    "order": "排序只能是 asc（从早到晚）或 desc（从晚到早）",
}


def _validation_problem(exc: RequestValidationError) -> ApiProblem:
    errors = exc.errors()
    first = errors[0] if errors else {}
    kind = str(first.get("type", ""))
    location = [str(part) for part in first.get("loc", ()) if part not in ("body", "query", "path", "header")]
    field = location[0] if location else None  # the request field (later parts name union members)
    if kind == "json_invalid":
        field = None
    label = _FIELD_NAMES.get(field or "", field or "请求")
    if kind == "json_invalid":
        message = "请求内容不是有效的 JSON"
    elif field is None and kind in ("model_attributes_type", "dict_type", "missing"):
        message = "请求内容应为 JSON 对象"
    elif kind == "missing" and field == "Idempotency-Key":
        message = "缺少 Idempotency-Key 请求头：每次提交须带一个唯一的键，重试时沿用"
    elif kind == "missing":
        message = Phrase("缺少{label}", label=label)
    elif field == "Idempotency-Key":
        message = "Idempotency-Key 应为 8–64 位英文字母、数字、- 或 _"
    elif "date" in kind or field in DATE_FIELDS:
        message = Phrase("{label}格式不正确，应为 YYYY-MM-DD", label=label)
    elif field in CHOICE_MESSAGES:
        message = Phrase(CHOICE_MESSAGES[field], value=str(first.get("input")))
    elif kind in ("int_type", "int_parsing", "int_from_float"):
        message = Phrase("{label}应为整数", label=label)
    elif kind in ("greater_than_equal", "less_than_equal", "greater_than", "less_than"):
        message = Phrase("{label}超出允许的范围", label=label)
    elif kind in ("string_too_long", "string_too_short"):
        message = Phrase("{label}长度不正确", label=label)
    elif kind == "string_type":
        message = Phrase("{label}应为文本", label=label)
    else:
        message = Phrase("{label}不正确", label=label)
    errors_seen = [{"loc": [str(p) for p in e.get("loc", ())], "type": str(e.get("type", ""))} for e in errors]
    return ApiProblem(422, "VALIDATION_FAILED", message, field=field, errors=errors_seen)


def problem_response(request: Request, problem: ApiProblem) -> JSONResponse:
    """The uniform error answer, its message in the language the request prefers (``Content-Language``)."""
    language = header_language(request.headers)
    headers = {**problem.headers, "Content-Language": language}
    return JSONResponse(problem.body(language), status_code=problem.status, headers=headers)


def _allowed_methods(request: Request) -> list[str]:
    """Every method some route serves at this path (Starlette names only the first route's in Allow)."""
    from starlette.routing import Match

    methods: set[str] = set()
    for route in request.app.routes:
        match, _ = route.matches({**request.scope, "method": "GET"})
        if match != Match.NONE:
            methods |= set(getattr(route, "methods", None) or ())
    return sorted(methods)


async def accept_language(  # async: a plain def would run in a worker thread on every request
    accept_language: Annotated[
        str | None,
        Header(
            alias="Accept-Language",
            description="The language of the error messages: English when it prefers English (`en`, `en-US`, "
            "`en,zh-CN;q=0.5`), Chinese otherwise and by default. Codes, details and data never change; "
            "every error answer says its language in `Content-Language` (`zh-CN` or `en`).",
            examples=["en,zh-CN;q=0.5"],
        ),
    ] = None,
) -> None:
    """Declares the header for the contract; the error handlers read it (``english.negotiate``)."""


class BackOfficeCatchUp:
    """Plain ASGI middleware: before an API request is answered, the back office does the work that
    fell due by now (approval nodes of applications, services/workflow.py).

    A middleware rather than a dependency of every route: FastAPI spends ~10 µs solving each dependency,
    and the check is a comparison of two times unless something is due.
    """

    def __init__(self, app: ASGIApp, runtime: Runtime) -> None:
        self.app = app
        self.runtime = runtime

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (
            scope["type"] == "http"
            and scope["path"].startswith(API_PREFIX)
            and workflow.may_be_due(self.runtime)  # cheap: no database, no thread
        ):
            await run_in_threadpool(workflow.catch_up, self.runtime)
        await self.app(scope, receive, send)


def create_app(settings: MockSettings | None = None) -> FastAPI:
    """A mock server with its own database, clock and seeded personas."""
    from . import routes_accounts, routes_admin, routes_business, routes_me, routes_public

    settings = settings or MockSettings()
    runtime = Runtime.start(settings)
    app = MockApp(
        title="gjj 住房公积金个人网上服务大厅 API",
        version="1.0.0",
        description="The contract of a provident-fund centre's personal online service hall. "
        "Amounts are decimal strings with two places, dates ISO `YYYY-MM-DD`, months `YYYY-MM`. "
        "Error messages are Chinese, or English when the request's `Accept-Language` prefers English; "
        "error answers carry `Content-Language`.",
        # Served below behind the admin token (when there is one), like /_mock.
        openapi_url=None,
        docs_url=None,
        redoc_url=None,
        # No OpenTelemetry for a mock: FastAPI would otherwise look for configured providers on every
        # request (~3 µs each time).
        telemetry={"tracing": False, "metrics": False, "logs": False},
    )
    app.state.runtime = runtime

    @app.get(f"{API_PREFIX}/openapi.json", include_in_schema=False, dependencies=[Depends(require_admin)])
    def _contract() -> JSONResponse:
        return JSONResponse(app.openapi())

    @app.get(f"{API_PREFIX}/docs", include_in_schema=False, dependencies=[Depends(require_admin)])
    def _docs() -> HTMLResponse:
        return get_swagger_ui_html(openapi_url=f"{API_PREFIX}/openapi.json", title=app.title)

    @app.exception_handler(ApiProblem)
    async def _problem(request: Request, exc: ApiProblem) -> JSONResponse:
        return problem_response(request, exc)

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        return problem_response(request, _validation_problem(exc))

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        headers = dict(getattr(exc, "headers", None) or {})
        if exc.status_code == 404:
            problem = ApiProblem(404, "NOT_FOUND", "请求的地址不存在", headers=headers)
        elif exc.status_code == 405:
            headers["Allow"] = ", ".join(_allowed_methods(request))
            problem = ApiProblem(405, "METHOD_NOT_ALLOWED", "不支持该请求方法", headers=headers)
        elif exc.status_code == 400:
            # FastAPI's "There was an error parsing the body": not UTF-8, nested too deep, …
            problem = ApiProblem(
                422,
                "VALIDATION_FAILED",
                "请求内容无法解析：应为 UTF-8 编码的 JSON 对象",
                field=None,
                errors=[{"loc": ["body"], "type": "body_unparsable"}],
            )
        else:
            problem = ApiProblem(exc.status_code, "HTTP_ERROR", str(exc.detail), headers=headers)
        return problem_response(request, problem)

    @app.exception_handler(Exception)
    async def _crash(request: Request, exc: Exception) -> JSONResponse:
        log.exception("unhandled error")
        return problem_response(request, ApiProblem(500, "INTERNAL", "服务器内部错误，请稍后重试"))

    # Added first = innermost: the kept answers (answers.py) right before the routes; the back office's catch-up right before the routes (after any delay the
    # fault lab holds a request for), inside the guard, so a failure in it is the uniform 500; the guard
    # inside the journal, so the journal sees its 413s and 500s; the fault lab outside all of them.
    app.add_middleware(AnswerCache, runtime=runtime, paths=KEPT_ANSWERS)
    app.add_middleware(BackOfficeCatchUp, runtime=runtime)
    app.add_middleware(RequestGuard)
    app.add_middleware(JournalAndFaults, runtime=runtime)

    # The routers most requests are for come first: FastAPI tries the routes one by one, in this order.
    language = [Depends(accept_language)]
    app.include_router(routes_me.router, prefix=API_PREFIX, dependencies=language)
    app.include_router(routes_business.router, prefix=API_PREFIX, dependencies=language)
    app.include_router(routes_public.router, prefix=API_PREFIX, dependencies=language)
    app.include_router(routes_accounts.router, prefix=API_PREFIX, dependencies=language)
    app.include_router(routes_admin.router, dependencies=language)
    return app
