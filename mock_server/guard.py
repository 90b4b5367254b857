"""The mock's outer guard, a plain ASGI middleware: bodies are bounded, and no exception leaves the app.

A body larger than ``MAX_BODY_BYTES`` gets a 413 (in the request's language) before any route reads it. An exception that
escapes the routes becomes the uniform 500 body here, *without* re-raising: Starlette's own error
middleware re-raises after answering, and uvicorn then drops the kept-alive connection, so the
client's next, unrelated request on it would fail too.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from api_client.domain.phrase import Phrase

from .english import ZH, in_language, language_of

log = logging.getLogger("gjj.mock")

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

# The largest request the API has is a loan application of a few hundred bytes; 64 KiB is generous.
MAX_BODY_BYTES = 64 * 1024
_WITH_BODY = frozenset({"POST", "PUT", "PATCH", "DELETE"})


def error_body(code: str, message: str, language: str = ZH, **details: Any) -> bytes:
    said = in_language(message, language)
    return json.dumps({"error": {"code": code, "message": said, "details": details}}, ensure_ascii=False).encode()


async def send_error(send: Send, status: int, code: str, message: str, language: str = ZH, **details: Any) -> None:
    body = error_body(code, message, language, **details)
    headers = [
        (b"content-type", b"application/json"),
        (b"content-length", str(len(body)).encode()),
        (b"content-language", language.encode()),
    ]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


async def _too_large(send: Send, language: str) -> None:
    await send_error(
        send,
        413,
        "PAYLOAD_TOO_LARGE",
        Phrase("请求内容过大（不能超过 {limit} KB）", limit=MAX_BODY_BYTES // 1024),
        language,
        max_bytes=MAX_BODY_BYTES,
    )


class RequestGuard:
    """Bounded request bodies and a last line of defence against unhandled exceptions."""

    def __init__(self, app: ASGIApp, max_body: int = MAX_BODY_BYTES) -> None:
        self.app = app
        self.max_body = max_body

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False
        language = language_of(scope.get("headers") or ())

        async def tracking_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        downstream_receive = receive
        if scope.get("method") in _WITH_BODY:
            declared = _content_length(scope)
            if declared is not None and declared > self.max_body:
                await _too_large(send, language)
                return
            chunks: list[bytes] = []
            size = 0
            more = True
            while more:
                message = await receive()
                if message["type"] == "http.disconnect":
                    return  # the client left before it finished sending
                chunk = message.get("body", b"")
                size += len(chunk)
                if size > self.max_body:
                    await _too_large(send, language)
                    return
                chunks.append(chunk)
                more = bool(message.get("more_body", False))
            body = b"".join(chunks)
            delivered = False

            async def replay() -> Message:
                nonlocal delivered
                if not delivered:
                    delivered = True
                    return {"type": "http.request", "body": body, "more_body": False}
                return await receive()

            downstream_receive = replay
        try:
            await self.app(scope, downstream_receive, tracking_send)
        except Exception:
            log.exception("unhandled error on %s %s", scope.get("method"), scope.get("path"))
            if not started:
                await send_error(send, 500, "INTERNAL", "服务器内部错误，请稍后重试", language)


def _content_length(scope: Scope) -> int | None:
    for name, value in scope.get("headers") or ():
        if name == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None
