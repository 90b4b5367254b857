"""Which backend gjj talks to: a real server over HTTPS, or the mock embedded in-process."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from api_client.client import GjjClient
from api_client.i18n import N_, _

if TYPE_CHECKING:
    import ssl

    import httpx

DEMO_SERVER = "http://demo.gjj.invalid"
DEMO_LABEL = N_("演示模式")  # the client's label: translated where it is shown (GjjApp.server_label)


@dataclass
class DemoHooks:
    """Lets the app hear what the embedded mock does; set once the app is running."""

    on_sms: Callable[[str, str, str], None] | None = None

    def sms(self, phone: str, code: str, purpose: str) -> None:
        if self.on_sms is not None:
            self.on_sms(phone, code, purpose)


def embedded_client(
    *,
    today: dt.date | None = None,
    seed: int = 20240601,
    fixed_captcha: str | None = None,
    hooks: DemoHooks | None = None,
) -> GjjClient:
    """A client wired straight into an in-process mock server (no sockets).

    The mock (FastAPI, the seeded database) is built on the client's first use, after the first frame.
    """

    def transport() -> httpx.ASGITransport:
        from mock_server.app import create_app
        from mock_server.inprocess import InProcessTransport
        from mock_server.settings import MockSettings

        settings = MockSettings(
            today=today, seed=seed, fixed_captcha=fixed_captcha, sms_listener=hooks.sms if hooks else None
        )
        return InProcessTransport(app=create_app(settings))

    return GjjClient(DEMO_SERVER, transport_factory=transport, label=DEMO_LABEL)


def remote_client(server: str, *, ca_bundle: str | None = None, timeout: float = 15.0) -> GjjClient:
    """A client of a real backend (or a standalone ``gjj-mock``); TLS is always verified.

    ``ca_bundle`` adds a CA to the usual ones (a centre whose certificate a private CA signed); it
    never turns verification off. An unreadable bundle is a ConfigError naming the key."""
    if not ca_bundle:
        return GjjClient(server, verify=True, timeout=timeout)
    return GjjClient(server, verify=_with_extra_ca(ca_bundle), timeout=timeout)  # type: ignore[arg-type]


def _with_extra_ca(ca_bundle: str) -> ssl.SSLContext:
    import ssl

    import certifi

    from .config import ConfigError

    context = ssl.create_default_context(cafile=certifi.where())
    try:
        context.load_verify_locations(cafile=ca_bundle)
    except FileNotFoundError:
        raise ConfigError(_("ca_bundle：CA 证书文件不存在：{path}").format(path=ca_bundle)) from None
    except (OSError, ssl.SSLError):
        raise ConfigError(_("ca_bundle：{path} 不是可读的 PEM 格式 CA 证书").format(path=ca_bundle)) from None
    return context
