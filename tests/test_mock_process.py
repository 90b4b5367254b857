"""``gjj-mock`` as a real server process on 127.0.0.1, and the client talking to it over loopback."""

from __future__ import annotations

import socket
import subprocess
import sys

import httpx
import pytest

from api_client import errors
from api_client.client import GjjClient


def test_listens_on_loopback_only(mock_process) -> None:
    port = int(mock_process.rsplit(":", 1)[1])
    addresses = {info[4][0] for info in socket.getaddrinfo(socket.gethostname(), None)} - {"127.0.0.1", "::1"}
    for address in addresses:
        with socket.socket(socket.AF_INET6 if ":" in address else socket.AF_INET) as sock:
            sock.settimeout(1)
            assert sock.connect_ex((address, port)) != 0, f"reachable on {address}"


async def test_client_over_loopback_with_fixed_captcha(mock_process) -> None:
    client = GjjClient(mock_process)
    captcha = await client.captcha()
    await client.login("110105198503120039", "demo1234", captcha.captcha_id, "k7wx")
    account = await client.account()
    assert account.name == "张伟" and account.paid_up_to == "2026-11"
    await client.logout()
    await client.aclose()


async def test_openapi_is_served(mock_process) -> None:
    async with httpx.AsyncClient() as http:
        document = (await http.get(f"{mock_process}/api/v1/openapi.json")).json()
    assert "/api/v1/auth/login" in document["paths"]
    assert not any(path.startswith("/_mock") for path in document["paths"])


async def test_server_gone_midway_is_a_network_error() -> None:
    from tests.conftest import free_port

    port = free_port()
    client = GjjClient(f"http://127.0.0.1:{port}", timeout=3)
    with pytest.raises(errors.NetworkError):
        await client.captcha()


def test_cli_rejects_bad_arguments() -> None:
    out = subprocess.run([sys.executable, "-m", "mock_server", "--today", "2026-13-01"], capture_output=True, text=True)
    assert out.returncode == 2 and "日期应为 YYYY-MM-DD" in out.stderr
