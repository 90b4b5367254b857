"""``gjj serve``: the app in a browser page (textual-serve), for service-hall kiosks that run a browser.

Each browser tab gets its own ``gjj`` process (with the same options and config), drawn by xterm.js over a
websocket. The page is gjj's own (``tui/web/app_index.html``): in Chinese, and fetching nothing off its
own host — Latin from the Roboto Mono that textual-serve ships, Chinese from the system's CJK font, or
from the font file gjj serves at ``/gjj/fonts/cjk`` (``tui.fonts``, the one the PDFs embed).
"""

from __future__ import annotations

import ipaddress
import shlex
import sys
from pathlib import Path
from typing import Any

import aiohttp_jinja2
import textual_serve
from aiohttp import web
from textual_serve.server import Server

from api_client.i18n import N_, _, language

from . import fonts

WEB = Path(__file__).resolve().parent / "web"
TEXTUAL_SERVE_STATIC = Path(textual_serve.__file__).resolve().parent / "static"
DEFAULT_PORT = 8000
TITLE = N_("住房公积金个人网上服务大厅")


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:  # a host name: only localhost is known to stay on this machine
        return False


def app_command(argv: list[str]) -> str:
    """The shell command textual-serve runs for each browser session: this Python, ``-m tui``, ``argv``."""
    return shlex.join([sys.executable, "-m", "tui", *argv])


class GjjServer(Server):
    """textual-serve's server with gjj's page, the CJK font route and messages in the language in use."""

    def __init__(self, command: str, host: str, port: int) -> None:
        super().__init__(
            command,
            host=host,
            port=port,
            title=_(TITLE),
            statics_path=TEXTUAL_SERVE_STATIC,  # xterm.css, textual.js and Roboto Mono
            templates_path=WEB,
        )

    async def _make_app(self) -> web.Application:
        app = await super()._make_app()
        app.router.add_get("/gjj/fonts/cjk", self.handle_cjk_font)
        return app

    async def on_startup(self, app: web.Application) -> None:
        where = f"http://{self.host if ':' not in self.host else f'[{self.host}]'}:{self.port}/"
        said = _("{title}：在浏览器中打开 {address}（Ctrl+C 停止）").format(title=_(TITLE), address=where)
        self.console.print(said, highlight=False, markup=False)

    async def handle_cjk_font(self, request: web.Request) -> web.StreamResponse:
        font = fonts.find_cjk_font()
        if font is None:
            raise web.HTTPNotFound(text=_(fonts.MISSING))
        kind = "font/collection" if font.path.suffix.lower() == ".ttc" else "font/ttf"
        return web.FileResponse(font.path, headers={"Content-Type": kind, "Cache-Control": "max-age=86400"})

    @aiohttp_jinja2.template("app_index.html")
    async def handle_index(self, request: web.Request) -> dict[str, Any]:
        # The websocket on the host the browser used (not the address we bound: 0.0.0.0 is nowhere to go).
        scheme = "wss" if request.secure else "ws"
        size = request.query.get("fontsize", "16")
        return {
            "lang": "en" if language() == "en" else "zh-CN",
            "title": _(TITLE),
            "connecting": _("正在连接…"),
            "start": _("开始"),
            "ended": _("会话已结束。"),
            "restart": _("重新开始"),
            "font_size": int(size) if size.isdigit() and 8 <= int(size) <= 48 else 16,
            "websocket_url": f"{scheme}://{request.host}{request.app.router['websocket'].url_for()}",
        }


def exposure_warning(host: str, port: int) -> str | None:
    """What serving on ``host`` means when it is not loopback (only ever asked for by name, ``--host``)."""
    if is_loopback(host):
        return None
    said = _(
        "gjj: 警告：正在 {host} 上提供服务，能访问本机 {port} 端口的任何人都能打开服务大厅。"
        "请只在受信任的网络中使用，最好放在 HTTPS 反向代理之后。"
    )
    return said.format(host=host, port=port)


def serve(argv: list[str], host: str, port: int) -> int:
    """Serve until Ctrl+C."""
    warning = exposure_warning(host, port)
    if warning:
        print(warning, file=sys.stderr)
    GjjServer(app_command(argv), host, port).serve()
    return 0
