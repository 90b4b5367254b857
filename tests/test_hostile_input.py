"""Hostile requests from outside: every class answers 4xx with a Chinese message, never a 5xx, and the
member's data is exactly what it was before. Errors never cost the client its kept-alive connection."""

from __future__ import annotations

import hashlib
import json
import re
import socket
import threading
import time
from urllib.parse import quote

import httpx
import pytest

from tests.conftest import CAPTCHA, DEMO_PHONE, PASSWORD, bearer, free_port, get_token
from tests.support import contract_check

CHINESE = re.compile(r"[\u4e00-\u9fff]")
BUSINESS_TABLES = (
    "members",
    "ledger",
    "loans",
    "repayments",
    "applications",
    "application_nodes",
    "messages",
    "certificates",
    "tickets",
)
LI_NA = "13800000002"  # no loan: nothing to withdraw or borrow against without refusals


def business_data(runtime) -> str:
    """A digest of everything a member owns (sessions, captchas and login counters are not data)."""
    digest = hashlib.sha256()
    for table in BUSINESS_TABLES:
        for row in runtime.store.conn.execute(f"SELECT * FROM {table} ORDER BY rowid"):
            values = dict(row)
            values.pop("failed_logins", None)
            values.pop("locked_until", None)
            digest.update(json.dumps(values, sort_keys=True, default=str).encode())
    return digest.hexdigest()


def refused(response: httpx.Response, *statuses: int) -> dict:
    assert 400 <= response.status_code < 500, (response.status_code, response.text)
    if statuses:
        assert response.status_code in statuses, (response.status_code, response.text)
    error = response.json()["error"]
    assert set(error) == {"code", "message", "details"}
    assert CHINESE.search(error["message"]), error
    return error  # type: ignore[no-any-return]


@pytest.fixture
async def signed(api) -> dict[str, str]:
    return bearer(await get_token(api))


async def test_huge_and_negative_numbers(api, runtime, signed) -> None:
    before = business_data(runtime)
    for path, params in [
        ("/me/ledger", {"page": 10**30}),
        ("/me/ledger", {"page": 100_001}),
        ("/me/ledger", {"page": -1}),
        ("/me/ledger", {"page_size": 10**9}),
        ("/me/ledger", {"page_size": -5}),
        ("/me/ledger", {"page": "1e9"}),
        ("/me/messages", {"page": 2**63}),
        ("/me/applications", {"page": 10**18, "page_size": 50}),
        ("/me/applications", {"page_size": 0}),
    ]:
        error = refused(await api.get(path, params=params, headers=signed), 422)
        assert error["code"] == "VALIDATION_FAILED" and error["details"]["field"] in params, (path, params, error)
    for path in ("/me/messages/99999999999999999999999", "/me/applications/-3", "/me/messages/0"):
        refused(await api.get(path, headers=signed), 422)
    for amount in ("-100.00", "1e999", "99999999999999999999.00", "NaN", "Infinity"):
        body = {"kind": "resignation", "amount": amount, "sms_code": "123456", "payment_password": "135790"}
        response = await api.post(
            "/me/withdrawals", json=body, headers=signed | {"Idempotency-Key": "hostile-amount-1"}
        )
        refused(response)
    loan = {
        "amount": "500000.00",
        "periods": 10**40,
        "method": "equal_installment",
        "house_address": "演示市幸福路 1 号",
        "house_type": "商品房",
        "house_area": "89.50",
        "house_price": "1000000.00",
        "seller_name": "某房地产公司",
        "seller_phone": "13900000000",
        "bank_name": "中国建设银行",
    }
    for periods in (10**40, -12, 0):
        response = await api.post(
            "/me/loan-applications",
            json=loan | {"periods": periods},
            headers=signed | {"Idempotency-Key": "hostile-loan-1"},
        )
        refused(response)
    assert business_data(runtime) == before


async def test_far_dates_are_refused_or_capped_to_today(api, runtime, signed) -> None:
    before = business_data(runtime)
    for value in ("10000-01-01", "0000-01-01", "2026-13-01", "+2026-01-01", "2026-1-1"):
        for path in ("/me/ledger", "/me/ledger/series", "/me/loans/2015071536010038/plan"):
            error = refused(await api.get(path, params={"end": value}, headers=signed), 422)
            assert error["message"] == "截止日期格式不正确，应为 YYYY-MM-DD"
    # A far but well-formed end: the series stops at the mock's today (2026-11) and stays small.
    series = await api.get("/me/ledger/series", params={"start": "0001-01-01", "end": "9999-12-31"}, headers=signed)
    assert series.status_code == 200
    points = series.json()["points"]
    assert points[-1]["month"] == "2026-11" and len(points) < 12 * 60
    ledger = await api.get("/me/ledger", params={"start": "0001-01-01", "end": "9999-12-31"}, headers=signed)
    assert ledger.status_code == 200
    assert business_data(runtime) == before


async def test_reversed_ranges(api, runtime, signed) -> None:
    before = business_data(runtime)
    reversed_range = {"start": "2026-05-01", "end": "2026-01-01"}
    for path in (
        "/me/ledger",
        "/me/ledger/series",
        "/me/loans/2015071536010038/plan",
        "/me/loans/2015071536010038/repayments",
    ):
        error = refused(await api.get(path, params=reversed_range, headers=signed), 422)
        assert error["message"] == "起始日期不能晚于截止日期", path
    assert business_data(runtime) == before


async def test_nested_and_non_utf8_bodies(api, runtime, signed) -> None:
    before = business_data(runtime)
    bodies = [
        b"[" * 20_000 + b"]" * 20_000,
        b'{"a":' * 10_000 + b"1" + b"}" * 10_000,
        json.dumps({"username": {"nested": [[[{"deep": True}]]]}, "password": [PASSWORD]}).encode(),
        b"\xff\xfe\x00{",
        '{"username": "张伟"}'.encode("gb18030"),
        b'{"username": "13800000001", "password": "demo1234"',
        b"",
        b"null",
        b"[]",
        b'"just a string"',
    ]
    for body in bodies:
        for path in ("/auth/login", "/me/withdrawals/check", "/registration/identity"):
            response = await api.post(path, content=body, headers=signed | {"Content-Type": "application/json"})
            error = refused(response, 422)
            assert error["code"] == "VALIDATION_FAILED", (path, body[:40], error)
    # Strict types: a string is not an integer, a number not a string.
    strict = await api.post(
        "/auth/login", json={"username": 13800000001, "password": PASSWORD, "captcha_id": "x", "captcha_code": CAPTCHA}
    )
    assert refused(strict, 422)["details"]["field"] == "username"
    assert business_data(runtime) == before


async def test_oversize_bodies(api, runtime, signed) -> None:
    before = business_data(runtime)
    big = json.dumps({"username": DEMO_PHONE, "password": "x" * 100_000, "captcha_id": "x", "captcha_code": "x"})
    error = refused(await api.post("/auth/login", content=big, headers={"Content-Type": "application/json"}), 413)
    assert error == {
        "code": "PAYLOAD_TOO_LARGE",
        "message": "请求内容过大（不能超过 64 KB）",
        "details": {"max_bytes": 65536},
    }

    async def trickle():
        for _ in range(100):  # no Content-Length: counted as it arrives
            yield b" " * 1024

    streamed = await api.post("/me/withdrawals/check", content=trickle(), headers=signed)
    assert refused(streamed, 413)["code"] == "PAYLOAD_TOO_LARGE"
    assert business_data(runtime) == before


INJECTIONS = [
    "' OR '1'='1' --",
    '"; DROP TABLE members; --',
    "<script>alert(1)</script>",
    "{{7*7}}${7*7}",
    "../../../../etc/passwd",
    "\u202e\u0000\ufeff\U0001f4a3",
    "%00%0d%0aSet-Cookie: x=1",
]


async def test_injection_strings_in_every_text_field(api, admin, runtime) -> None:
    headers = bearer(await get_token(api, LI_NA))
    before = business_data(runtime)
    captcha = {"captcha_id": "not-a-captcha", "captcha_code": CAPTCHA}
    loan = {
        "amount": "500000.00",
        "periods": 240,
        "method": "equal_installment",
        "house_address": "演示市幸福路 1 号",
        "house_type": "商品房",
        "house_area": "89.50",
        "house_price": "1000000.00",
        "seller_name": "某房地产公司",
        "seller_phone": "13900000000",
        "bank_name": "中国建设银行",
    }
    withdrawal = {"kind": "resignation", "amount": "100.00", "sms_code": "123456", "payment_password": "135790"}
    forms: list[tuple[str, str, dict]] = [
        ("POST", "/auth/login", {"username": DEMO_PHONE, "password": PASSWORD, **captcha}),
        ("POST", "/auth/refresh", {"refresh_token": "x"}),
        ("POST", "/registration/identity", {"name": "吴磊", "id_number": "110101198001010096", **captcha}),
        (
            "POST",
            "/password-reset/identity",
            {"name": "张伟", "id_number": "110105198503120039", "phone": "1", **captcha},
        ),
        ("POST", "/registration/sms", {"ticket": "t"}),
        ("POST", "/registration/sms/verify", {"ticket": "t", "sms_code": "123456"}),
        ("POST", "/registration/complete", {"ticket": "t", "sms_code": "123456", "password": "abcd1234"}),
        ("POST", "/password-reset/complete", {"ticket": "t", "sms_code": "123456", "new_password": "abcd1234"}),
        ("PUT", "/me/password", {"old_password": "wrong1234", "new_password": "abcd1234"}),
        ("PUT", "/me/payment-password", {"old_password": "000000", "new_password": "246813"}),
        ("POST", "/me/payment-password/sms/verify", {"sms_code": "123456"}),
        ("POST", "/me/payment-password/reset", {"new_password": "246813", "sms_code": "123456", "ticket": "t"}),
        ("POST", "/me/withdrawals", withdrawal | {"bank_account": "6222020200000000000", "bank_name": "工商银行"}),
        ("POST", "/me/loan-applications", loan),
    ]
    tried = 0
    for method, path, form in forms:
        # Wrong old passwords lock the login for 15 minutes and end the session: past the lock, a new one.
        await admin.post("/clock", json={"advance_seconds": 16 * 60})
        headers = bearer(await get_token(api, LI_NA))
        for field, value in form.items():
            if not isinstance(value, str):
                continue
            for injection in INJECTIONS:
                response = await api.request(
                    method,
                    path,
                    json=form | {field: injection},
                    headers=headers | {"Idempotency-Key": f"inject-{tried:08d}"},
                )
                refused(response)
                tried += 1
    await admin.post("/clock", json={"advance_seconds": 16 * 60})
    headers = bearer(await get_token(api, LI_NA))
    for injection in INJECTIONS:
        segment = quote(injection, safe="")
        for path in (f"/me/loans/{segment}", f"/me/loans/{segment}/plan", f"/certificates/{segment}"):
            response = await api.get(path, headers=headers)
            refused(response)
        for params in ({"type": injection}, {"order": injection}, {"start": injection}):
            refused(await api.get("/me/ledger", params=params, headers=headers), 422)
        refused(await api.get("/me/messages", params={"status": injection}, headers=headers), 422)
        key = await api.post(
            "/me/withdrawals", json=withdrawal, headers=headers | {"Idempotency-Key": injection.encode()}
        )
        assert refused(key, 422)["details"]["field"] == "Idempotency-Key"
        token = await api.get("/me/account", headers={"Authorization": f"Bearer {injection}".encode()})
        refused(token, 401)
    assert tried > 300
    assert business_data(runtime) == before


async def test_idempotency_keys_are_ascii_letters_digits_dash_underscore(api, signed) -> None:
    withdrawal = {"kind": "resignation", "amount": "100.00", "sms_code": "123456", "payment_password": "135790"}
    for key in ("键键键键键键键键", "abc def 12345", "abcdefgh!", "ａｂｃｄｅｆｇｈ", "short"):
        headers = signed | {"Idempotency-Key": key.encode()}  # raw bytes: httpx would refuse non-ASCII text
        response = await api.post("/me/withdrawals", json=withdrawal, headers=headers)
        error = refused(response, 422)
        assert error["message"] == "Idempotency-Key 应为 8–64 位英文字母、数字、- 或 _", key
    missing = await api.post("/me/withdrawals", json=withdrawal, headers=signed)
    assert refused(missing, 422)["message"].startswith("缺少 Idempotency-Key 请求头")


async def test_a_revoked_token_cannot_log_out_again(api) -> None:
    headers = bearer(await get_token(api))
    assert (await api.post("/auth/logout", headers=headers)).status_code == 200
    again = await api.post("/auth/logout", headers=headers)
    assert refused(again, 401)["code"] == "UNAUTHORIZED"


# --- keep-alive over real TCP -----------------------------------------------------------------------


def _exchange(sock: socket.socket, request: bytes) -> tuple[int, bytes]:
    """Send one HTTP/1.1 request and read exactly its response (Content-Length framed)."""
    sock.sendall(request)
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = sock.recv(65536)
        assert chunk, "the server closed the connection"
        data += chunk
    head, _, rest = data.partition(b"\r\n\r\n")
    status = int(head.split(b" ", 2)[1])
    length = int(re.search(rb"(?i)content-length: *(\d+)", head).group(1))  # type: ignore[union-attr]
    while len(rest) < length:
        chunk = sock.recv(65536)
        assert chunk, "the server closed the connection mid-body"
        rest += chunk
    assert b"connection: close" not in head.lower(), head
    return status, rest[:length]


def _request(method: str, path: str, body: bytes = b"", headers: str = "") -> bytes:
    return (
        f"{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
        f"Content-Length: {len(body)}\r\n{headers}\r\n"
    ).encode() + body


def test_errors_keep_the_connection_alive(mock_process) -> None:
    """Against a real ``gjj-mock`` process: each error, then an ordinary request on the same socket."""
    host, port = mock_process.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=10) as sock:
        for bad in (
            _request("POST", "/api/v1/auth/login", b"\xff\xfe{"),
            _request("POST", "/api/v1/auth/login", b"[" * 5000),
            _request("GET", "/api/v1/me/ledger?page=99999999999999999999999", headers="Authorization: Bearer x\r\n"),
            _request("GET", "/api/v1/nowhere"),
            _request("DELETE", "/api/v1/meta"),
        ):
            status, body = _exchange(sock, bad)
            assert 400 <= status < 500 and CHINESE.search(body.decode()), (status, body)
            status, body = _exchange(sock, _request("GET", "/api/v1/meta"))
            assert status == 200 and "centre_name" in json.loads(body)


def test_an_unhandled_exception_answers_500_and_keeps_the_connection(mock_app) -> None:
    """A bug in a route (simulated by a route this test adds) is a Chinese 500 that does not reach
    uvicorn, which would otherwise drop the kept-alive connection."""
    import uvicorn

    def broken() -> dict:
        raise RuntimeError("a bug")

    mock_app.add_api_route("/api/v1/_broken", broken, include_in_schema=False)
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(mock_app, host="127.0.0.1", port=port, log_level="critical"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        deadline = time.monotonic() + 20
        while not server.started:
            assert time.monotonic() < deadline and thread.is_alive(), "uvicorn did not start"
            time.sleep(0.05)
        with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
            for _ in range(3):
                status, body = _exchange(sock, _request("GET", "/api/v1/_broken"))
                assert status == 500
                assert json.loads(body)["error"] == {
                    "code": "INTERNAL",
                    "message": "服务器内部错误，请稍后重试",
                    "details": {},
                }
                status, _ = _exchange(sock, _request("GET", "/api/v1/meta"))
                assert status == 200
    finally:
        server.should_exit = True
        thread.join(timeout=20)
        contract_check.FAILURES.clear()  # /_broken is no operation of the contract, on purpose
