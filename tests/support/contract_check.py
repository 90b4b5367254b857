"""Every response the test suite receives from the mock is checked against docs/openapi.json.

The checker is openapi-core, a library independent of FastAPI and pydantic, so the committed contract
is held against real traffic, not against the code that wrote it. ``install()`` wraps FastAPI's ASGI
entry once per test process; each response of an app that is a gjj mock (it has ``state.runtime``) to
a contract path (``/api/v1/…`` but the docs) is buffered as it leaves and validated. Failures are kept
in ``FAILURES`` for the autouse fixture in conftest to report on the test that caused them.
"""

from __future__ import annotations

import json
import os
from collections.abc import Awaitable, Callable, MutableMapping
from pathlib import Path
from typing import Any

CONTRACT = Path(__file__).resolve().parent.parent.parent / "docs" / "openapi.json"
PREFIX = "/api/v1"
UNCHECKED = {f"{PREFIX}/openapi.json", f"{PREFIX}/docs"}

FAILURES: list[str] = []
STATS = {"validated": 0}
_openapi: Any = None


def _spec() -> Any:
    global _openapi
    if _openapi is None:
        from openapi_core import OpenAPI

        _openapi = OpenAPI.from_dict(json.loads(CONTRACT.read_text(encoding="utf-8")))
    return _openapi


def check(method: str, path: str, status: int, headers: dict[str, str], body: bytes) -> None:
    """Validate one response; a mismatch is recorded in FAILURES."""
    from openapi_core.testing import MockRequest, MockResponse

    content_type = headers.get("content-type", "")
    request = MockRequest("http://mock.test", method, path)
    response = MockResponse(body, status_code=status, headers=headers, content_type=content_type)
    from openapi_core.templating.paths.exceptions import OperationNotFound, PathNotFound

    STATS["validated"] += 1
    try:
        _spec().validate_response(request, response)
    except (PathNotFound, OperationNotFound) as exc:
        # No such operation: the answer is 404 or 405 in the uniform error body.
        if status not in (404, 405) or not _is_error_body(body):
            FAILURES.append(f"{method} {path} → {status}: {type(exc).__name__} (body {body[:300]!r})")
    except Exception as exc:  # every openapi-core validation error, with its reasons
        reasons = "; ".join(str(e) for e in getattr(exc, "schema_errors", ()) or ()) or repr(exc.__cause__ or exc)
        FAILURES.append(f"{method} {path} → {status}: {type(exc).__name__}: {reasons} (body {body[:300]!r})")


def _is_error_body(body: bytes) -> bool:
    try:
        error = json.loads(body)["error"]
    except (ValueError, KeyError, TypeError):
        return False
    return isinstance(error, dict) and set(error) == {"code", "message", "details"}


def install() -> None:
    from fastapi import FastAPI

    if getattr(FastAPI.__call__, "_contract_checked", False):
        return
    original = FastAPI.__call__

    async def checked_call(
        self: FastAPI,
        scope: MutableMapping[str, Any],
        receive: Callable[[], Awaitable[Any]],
        send: Callable[[Any], Awaitable[None]],
    ) -> None:
        path = scope.get("path", "")
        runtime = getattr(self.state, "runtime", None)
        if scope["type"] != "http" or runtime is None or not path.startswith(PREFIX) or path in UNCHECKED:
            await original(self, scope, receive, send)
            return
        status = 0
        headers: dict[str, str] = {}
        chunks: list[bytes] = []

        async def capture(message: Any) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                headers.update((k.decode("latin-1").lower(), v.decode("latin-1")) for k, v in message["headers"])
            elif message["type"] == "http.response.body":
                chunks.append(message.get("body", b""))
            await send(message)

        await original(self, scope, receive, capture)
        if "x-mock-fault" in headers:
            return  # made or cut short by the fault lab: deliberately off the contract
        check(scope["method"], path, status, headers, b"".join(chunks))

    checked_call._contract_checked = True  # type: ignore[attr-defined]
    FastAPI.__call__ = checked_call  # type: ignore[method-assign]


def write_stats() -> None:
    """With GJJ_CONTRACT_STATS=FILE, each test process appends how many responses it validated."""
    target = os.environ.get("GJJ_CONTRACT_STATS")
    if target:
        with open(target, "a", encoding="utf-8") as out:
            out.write(f"{STATS['validated']}\n")
