"""Kept answers: the member's most asked-for reads, answered again without running their route.

``GET /me/account``, ``/me/tasks`` and ``/me/loans`` are asked for on every home page and most screens,
and each answer is a function of the stored data, the member and the day only. So the first answer to
an access token (for a path, on a day) is kept with the store's ``version`` it was made at and the
token's expiry; the same request is answered with the same bytes while nothing was written since, the
day is the same and the token is still good. Anything written anywhere (a message read, a withdrawal,
a logout, a password change that revokes the session, the back office's work, a reset) changes the
version, and the next request runs the route again.

A plain ASGI middleware, innermost: the fault lab, the journal, the request guard and the back office's
catch-up all see a kept answer's request as any other. Only complete 200 answers are kept; anything
else (no token, a stale one, an error) always goes to the route, which answers it as it always did.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .deps import bearer_of
from .guard import ASGIApp, Message, Receive, Scope, Send
from .runtime import Runtime
from .security import token_hash

MAX_KEPT = 4096  # answers kept at once, however many members ask (all are dropped when full)


@dataclass(frozen=True, slots=True)
class _Kept:
    version: tuple[int, int, int]
    member_id: int
    expires: dt.datetime
    start: Message
    body: Message


def _bearer(headers: list[tuple[bytes, bytes]]) -> str | None:
    """The access token as the signed-in dependency reads it: from the first ``Authorization`` header."""
    for name, value in headers:
        if name == b"authorization":
            return bearer_of(value.decode("latin-1"))
    return None


class AnswerCache:
    def __init__(self, app: ASGIApp, runtime: Runtime, paths: frozenset[str]) -> None:
        self.app = app
        self.runtime = runtime
        self.paths = paths
        self.kept: dict[tuple[str, str, dt.date], _Kept] = {}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (
            scope["type"] != "http"
            or scope["method"] != "GET"
            or scope["path"] not in self.paths
            or scope["query_string"]
            or (token := _bearer(scope["headers"])) is None
        ):
            await self.app(scope, receive, send)
            return
        runtime = self.runtime
        store = runtime.store
        # Read before the route reads anything: an answer is never kept under a version later than the
        # data it was made of (a write during the route only costs the next request a miss).
        version = store.version
        today = runtime.clock.today()
        key = (scope["path"], token_hash(token), today)
        kept = self.kept.get(key)
        if kept is not None and version is not None and kept.version == version and runtime.clock.now() < kept.expires:
            scope.setdefault("state", {})["member_id"] = kept.member_id  # for the journal
            await send(dict(kept.start))
            await send(dict(kept.body))
            return

        messages: list[Message] = []

        async def keeping_send(message: Message) -> None:
            messages.append(message)
            await send(message)

        await self.app(scope, receive, keeping_send)
        session = scope.get("state", {}).get("session")
        if (
            session is not None
            and version is not None
            and len(messages) == 2
            and messages[0]["status"] == 200
            and not messages[1].get("more_body", False)
            and runtime.clock.today() == today
        ):
            if len(self.kept) >= MAX_KEPT:
                self.kept.clear()
            self.kept[key] = _Kept(version, session.member_id, session.access_expires, messages[0], messages[1])
