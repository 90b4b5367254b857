"""The embedded demo's transport: ``httpx.ASGITransport`` plus the fault lab's connection-level kinds.

Over a socket an ``empty_response`` or a ``connection_reset`` reaches httpx as an exception, not as a
response. In-process there is no socket, so the app's fault middleware records what the connection
would have done (:class:`~mock_server.faults.InProcessConnection`) and this transport raises the
exception httpx raises for it over TCP. The client therefore meets the same failures in the demo as
against ``gjj-mock``.
"""

from __future__ import annotations

from typing import Any

import httpx

from .faults import IN_PROCESS_CONNECTION, InProcessConnection

# What httpx (httpcore over h11) raises for each kind over a real connection.
_ERRORS: dict[str, tuple[type[httpx.TransportError], str]] = {
    "empty_response": (httpx.RemoteProtocolError, "Server disconnected without sending a response."),
    "connection_reset": (httpx.ReadError, "[Errno 104] Connection reset by peer"),
    "random_data_then_close": (httpx.RemoteProtocolError, "illegal status line"),
    "malformed_chunk": (
        httpx.RemoteProtocolError,
        "peer closed connection without sending complete message body (incomplete chunked read)",
    ),
}


class InProcessTransport(httpx.ASGITransport):
    """``httpx.ASGITransport`` into the mock app, with faults that drop the connection raised as httpx does.

    The app's own crashes come back as its 500 answer (``raise_app_exceptions=False``), as over TCP.
    """

    def __init__(self, app: Any, **kwargs: Any) -> None:
        kwargs.setdefault("raise_app_exceptions", False)
        super().__init__(app=app, **kwargs)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        connection = InProcessConnection()
        token = IN_PROCESS_CONNECTION.set(connection)
        try:
            response = await super().handle_async_request(request)
        finally:
            IN_PROCESS_CONNECTION.reset(token)
        if connection.kind is not None:
            error, message = _ERRORS[connection.kind]
            if connection.kind == "random_data_then_close":
                message = f"{message}: {connection.garbage[:16]!r}"
            if connection.kind == "connection_reset":  # as over a socket: the reset is the cause
                raise error(message, request=request) from ConnectionResetError(104, "Connection reset by peer")
            raise error(message, request=request)
        return response
