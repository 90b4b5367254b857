"""The mock on a network: /_mock and the docs behind an admin token off loopback, no passwords served,
no SMS codes in the log; and gjj against the mock over HTTPS (a throwaway CA from trustme), with the CA,
without it, and with a certificate for another name."""

from __future__ import annotations

import base64
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from bench.mockproc import wait_until_up
from tests.conftest import CAPTCHA, ROOT, SERVER, TODAY, free_port, make_settings

TOKEN = "admin-token-for-tests-1234"


@pytest.fixture
async def exposed() -> Iterator[httpx.AsyncClient]:
    """A mock told it listens beyond loopback, with an admin token."""
    from mock_server.app import create_app

    app = create_app(make_settings(exposed=True, admin_token=TOKEN))
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url=SERVER) as http:
        yield http


async def test_off_loopback_the_admin_api_and_docs_need_the_token(exposed) -> None:
    for path in ("/_mock/personas", "/_mock/sms", "/_mock/journal", "/api/v1/docs", "/api/v1/openapi.json"):
        refused = await exposed.get(path)
        assert refused.status_code == 401, path
        assert refused.headers["WWW-Authenticate"].startswith('Basic realm="gjj-mock"')
        assert refused.json()["error"] == {
            "code": "ADMIN_TOKEN_REQUIRED",
            "message": "需要模拟服务器的管理令牌（gjj-mock --admin-token）",
            "details": {},
        }
        wrong = await exposed.get(path, headers={"Authorization": "Bearer not-the-token"})
        assert wrong.status_code == 401, path
    assert (await exposed.post("/_mock/reset")).status_code == 401
    assert (await exposed.post("/_mock/clock", json={"advance_days": 1})).status_code == 401
    # The API itself needs no admin token.
    assert (await exposed.get("/api/v1/meta")).status_code == 200
    bearer = await exposed.get("/api/v1/openapi.json", headers={"Authorization": f"Bearer {TOKEN}"})
    assert bearer.status_code == 200 and bearer.json()["info"]["version"]
    basic = base64.b64encode(f"tester:{TOKEN}".encode()).decode()
    docs = await exposed.get("/api/v1/docs", headers={"Authorization": f"Basic {basic}"})
    assert docs.status_code == 200 and "swagger" in docs.text.lower()


async def test_off_loopback_personas_come_without_passwords(exposed) -> None:
    personas = (await exposed.get("/_mock/personas", headers={"Authorization": f"Bearer {TOKEN}"})).json()["items"]
    assert len(personas) == 10
    assert all(p["password"] is None and p["payment_password"] is None for p in personas)
    assert "demo1234" not in str(personas) and "135790" not in str(personas)


async def test_on_loopback_the_admin_api_is_open(admin) -> None:
    personas = (await admin.get("/personas")).json()["items"]
    assert personas[0]["password"] == "demo1234"


def _mock_command(port: int, *extra: str) -> list[str]:
    return [sys.executable, "-m", "mock_server", "--port", str(port), "--today", TODAY.isoformat(), *extra]


def _env(**extra: str) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith("GJJ_")}
    env.update(extra)
    return env


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--host", "0.0.0.0"], "请用 --admin-token（或环境变量 GJJ_MOCK_ADMIN_TOKEN）设置管理令牌"),
        (["--host", "::"], "请用 --admin-token（或环境变量 GJJ_MOCK_ADMIN_TOKEN）设置管理令牌"),
        (["--host", "192.0.2.10"], "请用 --admin-token（或环境变量 GJJ_MOCK_ADMIN_TOKEN）设置管理令牌"),
        (["--host", "0.0.0.0", "--admin-token", "short"], "管理令牌至少 12 个字符"),
        (["--tls-cert", "/nonexistent/cert.pem"], "HTTPS 需要同时指定 --tls-cert 和 --tls-key"),
    ],
)
def test_gjj_mock_refuses_to_start_unsafely(args, message) -> None:
    done = subprocess.run(
        _mock_command(free_port(), *args), capture_output=True, text=True, env=_env(), cwd=ROOT, timeout=60
    )
    assert done.returncode == 2 and message in done.stderr, done.stderr
    assert "Uvicorn running" not in done.stderr


def _start(port: int, *extra: str, env: dict[str, str] | None = None) -> subprocess.Popen[str]:
    return subprocess.Popen(
        _mock_command(port, "--fixed-captcha", CAPTCHA, "--frozen-clock", *extra),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=env or _env(),
        cwd=ROOT,
    )


def _wait_until_up(process: subprocess.Popen[str], url: str, **client: object) -> None:
    wait_until_up(process, url, **client)


def _stop(process: subprocess.Popen[str]) -> str:
    process.terminate()
    try:
        return process.communicate(timeout=20)[0]
    except subprocess.TimeoutExpired:
        process.kill()
        return process.communicate()[0]


def _send_sms(url: str, **client: object) -> str:
    """A payment-password SMS for 张伟; returns the code from the outbox."""
    with httpx.Client(base_url=url, **client) as http:  # type: ignore[arg-type]
        captcha = http.post("/api/v1/captcha").json()
        login = {"username": "13800000001", "password": "demo1234", "captcha_code": CAPTCHA}
        token = http.post("/api/v1/auth/login", json=login | {"captcha_id": captcha["captcha_id"]}).json()
        sent = http.post(
            "/api/v1/me/payment-password/sms", headers={"Authorization": f"Bearer {token['access_token']}"}
        )
        assert sent.status_code == 200, sent.text
        return str(http.get("/_mock/sms").json()["items"][0]["code"])


@pytest.mark.parametrize("log_sms", [False, True])
def test_sms_codes_are_logged_only_with_log_sms(log_sms) -> None:
    port = free_port()
    process = _start(port, "--log-level", "info", *(["--log-sms"] if log_sms else []))
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(process, url)
        code = _send_sms(url)
    finally:
        output = _stop(process)
    assert "POST /api/v1/me/payment-password/sms" in output  # the access log is there: the code is not
    assert (code in output) is log_sms, output
    assert "demo1234" not in output


# --- HTTPS --------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def https_mock(tmp_path_factory) -> Iterator[tuple[str, Path, Path]]:
    """``gjj-mock --tls-cert --tls-key`` on 127.0.0.1 with a certificate from a throwaway CA, and that
    CA's certificate; and a second CA that did not sign it."""
    import trustme

    folder = tmp_path_factory.mktemp("tls")
    ca = trustme.CA()
    server_cert = ca.issue_cert("127.0.0.1", "localhost")
    cert, key, ca_file = folder / "server.pem", folder / "server.key", folder / "ca.pem"
    server_cert.cert_chain_pems[0].write_to_path(str(cert))
    server_cert.private_key_pem.write_to_path(str(key))
    ca.cert_pem.write_to_path(str(ca_file))
    other = folder / "other-ca.pem"
    trustme.CA().cert_pem.write_to_path(str(other))
    port = free_port()
    process = _start(port, "--tls-cert", str(cert), "--tls-key", str(key), "--log-level", "warning")
    url = f"https://127.0.0.1:{port}"
    try:
        import ssl

        _wait_until_up(process, url, verify=ssl.create_default_context(cafile=str(ca_file)))
        yield url, ca_file, other
    finally:
        _stop(process)


@pytest.fixture(scope="module")
def https_mock_for_another_name(tmp_path_factory) -> Iterator[tuple[str, Path]]:
    """The mock on HTTPS with a certificate the CA issued for gjj.example.cn, not 127.0.0.1."""
    import ssl

    import trustme

    folder = tmp_path_factory.mktemp("tls-other-name")
    ca = trustme.CA()
    server_cert = ca.issue_cert("gjj.example.cn")
    cert, key, ca_file = folder / "server.pem", folder / "server.key", folder / "ca.pem"
    server_cert.cert_chain_pems[0].write_to_path(str(cert))
    server_cert.private_key_pem.write_to_path(str(key))
    ca.cert_pem.write_to_path(str(ca_file))
    port = free_port()
    process = _start(port, "--tls-cert", str(cert), "--tls-key", str(key), "--log-level", "warning")
    url = f"https://127.0.0.1:{port}"
    unchecked_name = ssl.create_default_context(cafile=str(ca_file))
    unchecked_name.check_hostname = False
    try:
        _wait_until_up(process, url, verify=unchecked_name)
        yield url, ca_file
    finally:
        _stop(process)


def _gjj(*args: str, server: str, ca_bundle: Path | None) -> subprocess.CompletedProcess[str]:
    env = _env(
        GJJ_SERVER=server,
        GJJ_CONFIG=str(ROOT / "tests" / "no-such-config.toml"),
        GJJ_USERNAME="13800000001",
        GJJ_PASSWORD="demo1234",
        GJJ_CAPTCHA=CAPTCHA,
        PYTHONPATH=str(ROOT),
    )
    if ca_bundle is not None:
        env["GJJ_CA_BUNDLE"] = str(ca_bundle)
    return subprocess.run(
        [sys.executable, "-m", "tui", *args], capture_output=True, text=True, env=env, cwd=ROOT, timeout=90
    )


def test_the_cli_works_over_https_with_the_centres_ca(https_mock) -> None:
    url, ca_file, _ = https_mock
    done = _gjj("query", "account", "--format", "json", server=url, ca_bundle=ca_file)
    assert done.returncode == 0, done.stderr
    assert '"name": "张伟"' in done.stdout


@pytest.mark.parametrize("which", ["none", "another CA"])
def test_the_cli_refuses_a_certificate_it_cannot_verify(https_mock, which) -> None:
    url, _, other_ca = https_mock
    done = _gjj("query", "account", server=url, ca_bundle=None if which == "none" else other_ca)
    assert done.returncode == 5 and done.stdout == ""
    assert done.stderr == (
        "gjj: 服务器证书无法验证：证书不是受信任的机构签发的（中心自有 CA 的证书可用 ca_bundle 或 GJJ_CA_BUNDLE 指定）"
        f"（{url}）\n"
    )


def test_the_cli_refuses_a_certificate_for_another_name(https_mock_for_another_name) -> None:
    url, ca_file = https_mock_for_another_name
    done = _gjj("query", "account", server=url, ca_bundle=ca_file)
    assert done.returncode == 5 and "Traceback" not in done.stderr
    assert done.stderr == f"gjj: 服务器证书无法验证：证书上的名称与服务器地址不符（{url}）\n"


def test_an_unreadable_ca_bundle_is_a_config_error(https_mock, tmp_path) -> None:
    url, _, _ = https_mock
    junk = tmp_path / "junk.pem"
    junk.write_text("not a certificate\n")
    done = _gjj("query", "account", server=url, ca_bundle=junk)
    assert done.returncode == 2 and done.stderr == f"gjj: ca_bundle：{junk} 不是可读的 PEM 格式 CA 证书\n"
    missing = _gjj("query", "account", server=url, ca_bundle=tmp_path / "missing.pem")
    assert missing.returncode == 2 and "CA 证书文件不存在" in missing.stderr


async def test_the_tui_logs_in_over_https_with_the_ca(https_mock) -> None:
    from tests.ui import login_by_keyboard, screen_text, wait_until
    from tui.app import GjjApp
    from tui.backend import remote_client

    url, ca_file, _ = https_mock
    httpx.post(f"{url}/_mock/reset", verify=__import__("ssl").create_default_context(cafile=str(ca_file)))
    app = GjjApp(remote_client(url, ca_bundle=str(ca_file)))
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            await login_by_keyboard(pilot)
            await wait_until(pilot, lambda: "110105********0039" in screen_text(app), what="the member's masked ID")
            assert url in screen_text(app) and "账户余额" in screen_text(app)
    finally:
        # Its kept-alive connection closed now, not when collected: the server's graceful stop (the
        # module fixture's teardown) waits for every open connection.
        await app.client.aclose()


@pytest.mark.parametrize("which", ["no CA", "another name"])
async def test_the_tui_names_the_certificate_problem(https_mock, https_mock_for_another_name, which) -> None:
    from tests.ui import screen_text, wait_until
    from tui.app import GjjApp
    from tui.backend import remote_client

    if which == "no CA":
        url, expected = https_mock[0], "证书不是受信任的机构签发的"
        client = remote_client(url)
    else:
        url, ca_file = https_mock_for_another_name
        expected = "证书上的名称与服务器地址不符"
        client = remote_client(url, ca_bundle=str(ca_file))
    app = GjjApp(client)
    async with app.run_test(size=(120, 40)) as pilot:
        # One look at the screen holds both: the message may be a notice that goes after a while. The
        # headline can be drawn (the captcha's own line) a frame before the message with the reason is.
        seen: list[str] = []

        def certificate_message() -> bool:
            seen.append(screen_text(app))
            return "服务器证书无法验证" in seen[-1] and expected in seen[-1]

        await wait_until(pilot, certificate_message, what=f"the certificate message with {expected!r}")
        assert "Traceback" not in seen[-1]
        assert getattr(app.screen, "captcha_id", None) is None  # nothing was fetched unverified
