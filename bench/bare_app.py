"""The load benchmark's baseline: a bare Starlette app that answers ``GET /api/v1/me/account`` with fixed bytes.

It is served by ``mock_server.cli.serve``, the very call ``gjj-mock`` makes, so both run under the same
uvicorn settings (event loop, HTTP parser, logging). Usage: ``python -m bench.bare_app PORT BODY_FILE``.
"""

from __future__ import annotations

import sys
from pathlib import Path

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from mock_server.cli import serve


def build(body: bytes) -> Starlette:
    async def account(_: Request) -> Response:
        return Response(body, media_type="application/json")

    return Starlette(routes=[Route("/api/v1/me/account", account)])


def main(argv: list[str]) -> int:
    port, body_file = int(argv[0]), Path(argv[1])
    serve(build(body_file.read_bytes()), host="127.0.0.1", port=port, log_level="warning")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
