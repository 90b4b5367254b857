"""The API client: typed models, typed errors, token refresh, network failures — against the real mock."""

from __future__ import annotations

import socket
from decimal import Decimal

import pytest

from api_client import errors
from api_client.client import GjjClient
from api_client.models import Account
from tests.conftest import CAPTCHA, DEMO_PHONE, PASSWORD, bearer, signed_in


async def test_login_keeps_the_session_and_returns_typed_models(client) -> None:
    await signed_in(client)
    assert client.signed_in and client.profile is not None and client.profile.name == "张伟"
    account = await client.account()
    assert isinstance(account, Account)
    assert isinstance(account.balance, Decimal) and account.balance == account.balance.quantize(Decimal("0.01"))
    assert account.monthly_deposit == (account.base * account.employer_ratio / 100).quantize(Decimal("0.01")) * 2


async def test_errors_are_typed_with_the_servers_message(client) -> None:
    captcha = await client.captcha()
    with pytest.raises(errors.CaptchaInvalid) as caught:
        await client.login(DEMO_PHONE, PASSWORD, captcha.captcha_id, "ZZZZ")
    assert caught.value.message == "验证码错误，请重新输入" and caught.value.field == "captcha_code"
    captcha = await client.captcha()
    with pytest.raises(errors.CredentialsInvalid) as wrong:
        await client.login(DEMO_PHONE, "nope12345", captcha.captcha_id, CAPTCHA)
    assert wrong.value.details["remaining_attempts"] == 4 and wrong.value.status == 401
    assert not client.signed_in


async def test_expired_access_token_is_refreshed_once_transparently(client, runtime) -> None:
    await signed_in(client)
    old_access = client.access_token
    runtime.clock.advance(16 * 60)
    runtime.journal.clear()
    account = await client.account()
    assert account.name == "张伟"
    assert client.access_token != old_access
    paths = [(entry.path, entry.status) for entry in runtime.journal]
    assert paths == [("/api/v1/me/account", 401), ("/api/v1/auth/refresh", 200), ("/api/v1/me/account", 200)]


async def test_concurrent_calls_share_one_refresh(client, runtime) -> None:
    import asyncio

    await signed_in(client)
    runtime.clock.advance(16 * 60)
    runtime.journal.clear()
    await asyncio.gather(client.account(), client.tasks(), client.loans())
    refreshes = [entry for entry in runtime.journal if entry.path.endswith("/auth/refresh")]
    assert len(refreshes) == 1


async def test_a_refused_refresh_ends_the_session(client, runtime) -> None:
    await signed_in(client)
    runtime.clock.advance(9 * 3600)
    with pytest.raises(errors.SessionExpired) as caught:
        await client.account()
    assert caught.value.message == "登录已超时，请重新登录"
    assert not client.signed_in and client.profile is None


async def test_calls_before_login_say_so(client) -> None:
    with pytest.raises(errors.SessionExpired):
        await client.account()


async def test_logout_revokes_on_the_server(client, api, runtime) -> None:
    await signed_in(client)
    access, refresh = client.access_token, client.refresh_token
    assert access and refresh
    assert (await api.get("/me/account", headers=bearer(access))).status_code == 200  # good before logout
    await client.logout()
    assert not client.signed_in
    revoked = runtime.store.conn.execute("SELECT revoked FROM sessions").fetchall()
    assert [row[0] for row in revoked] == [1]
    # The server itself refuses both old tokens, sent raw over the same transport: the client forgetting
    # them would not be enough.
    account = await api.get("/me/account", headers=bearer(access))
    assert account.status_code == 401
    assert account.json()["error"]["code"] == "UNAUTHORIZED"
    assert account.json()["error"]["message"] == "登录已失效，请重新登录"
    renewed = await api.post("/auth/refresh", json={"refresh_token": refresh})
    assert renewed.status_code == 401 and renewed.json()["error"]["code"] == "UNAUTHORIZED"
    with pytest.raises(errors.SessionExpired):
        await client.account()


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


async def test_unreachable_server_is_a_clear_network_error() -> None:
    port = closed_port()
    client = GjjClient(f"http://127.0.0.1:{port}", timeout=2)
    with pytest.raises(errors.NetworkError) as caught:
        await client.captcha()
    assert caught.value.message == f"无法连接服务器 http://127.0.0.1:{port}，请检查网络或服务器地址"
    await client.aclose()


async def test_slow_server_times_out(mock_app, admin) -> None:
    import httpx

    await admin.post("/faults", json={"path_prefix": "/api/v1/captcha", "kind": "delay", "delay_ms": 1500})
    client = GjjClient(
        "http://mock.test", timeout=0.3, label="慢服务器", transport_factory=lambda: httpx.ASGITransport(app=mock_app)
    )
    with pytest.raises(errors.NetworkError) as caught:
        await client.captcha()
    assert caught.value.message == "服务器 慢服务器 响应超时，请稍后重试"


async def test_injected_errors_and_garbage_become_typed_errors(client, admin) -> None:
    # Four tries (the first and three retries) meet the fault each time: then it is the caller's.
    await admin.post("/faults", json={"path_prefix": "/api/v1/captcha", "kind": "error", "status": 503, "count": 4})
    with pytest.raises(errors.ServiceUnavailable) as caught:
        await client.captcha()
    assert "服务暂时不可用" in caught.value.message
    await admin.post("/faults", json={"path_prefix": "/api/v1/captcha", "kind": "malformed", "status": 502, "count": 4})
    with pytest.raises(errors.ServerFailed) as garbage:
        await client.captcha()
    assert garbage.value.message == "服务器 测试服务器 出错（HTTP 502），请稍后重试"
    await admin.post("/faults", json={"path_prefix": "/api/v1/captcha", "kind": "malformed", "status": 404})
    with pytest.raises(errors.ProtocolError) as page:
        await client.captcha()  # a 4xx is not retried
    assert page.value.message == "服务器返回了无法识别的错误（HTTP 404）"
    assert (await client.captcha()).captcha_id  # faults were used up


async def test_client_module_imports_nothing_heavy() -> None:
    import subprocess
    import sys

    code = (
        "import sys, api_client, api_client.client, api_client.errors, api_client.domain.idcard, api_client.domain.masking;"
        "print(','.join(m for m in ('httpx','pydantic','textual','fastapi') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


async def test_a_call_overtaken_by_a_refresh_retries_with_the_new_token(client, runtime) -> None:
    import asyncio

    from mock_server.runtime import Fault

    await signed_in(client)
    runtime.add_fault(Fault(path_prefix="/api/v1/me/account", kind="delay", delay_ms=300))
    runtime.journal.clear()
    slow = asyncio.get_running_loop().create_task(client.account())
    await asyncio.sleep(0.05)
    await client.refresh()  # rotates both tokens while the account request is still on its way
    account = await slow
    assert account.name == "张伟" and client.signed_in
    statuses = [(entry.path, entry.status) for entry in runtime.journal if entry.path.endswith("/me/account")]
    assert statuses == [("/api/v1/me/account", 401), ("/api/v1/me/account", 200)]
