"""Every auth rule of DESIGN.md, over ASGI into the real mock app."""

from __future__ import annotations

import base64
import io

import pytest
from PIL import Image

from tests.conftest import (
    ACCOUNT_WIRE_NAMES,
    CAPTCHA,
    DEMO_ID,
    DEMO_PHONE,
    PASSWORD,
    SERVER,
    bearer,
    get_token,
    make_settings,
)


async def new_captcha(api) -> str:
    response = await api.post("/captcha")
    assert response.status_code == 200
    return str(response.json()["captcha_id"])


async def attempt(api, username=DEMO_PHONE, password=PASSWORD, code=CAPTCHA, captcha_id=None):
    captcha_id = captcha_id or await new_captcha(api)
    return await api.post(
        "/auth/login", json={"username": username, "password": password, "captcha_id": captcha_id, "captcha_code": code}
    )


def error_of(response) -> dict:
    body = response.json()
    assert set(body) == {"error"}, body
    assert set(body["error"]) == {"code", "message", "details"}
    return body["error"]


async def test_captcha_is_a_png_with_expiry(api, runtime) -> None:
    body = (await api.post("/captcha")).json()
    image = Image.open(io.BytesIO(base64.b64decode(body["image_png_base64"])))
    assert image.format == "PNG" and image.size == (160, 60)
    expires = body["expires_at"]
    assert expires.startswith("2026-11-22T09:02:00")


async def test_random_captcha_codes_are_four_unambiguous_characters(mock_app, admin, api) -> None:
    await admin.post("/captcha", json={"fixed": None})
    runtime = mock_app.state.runtime
    codes = []
    for _ in range(20):
        captcha_id = await new_captcha(api)
        codes.append(runtime.store.conn.execute("SELECT code FROM captchas WHERE id = ?", (captcha_id,)).fetchone()[0])
    assert all(len(code) == 4 for code in codes)
    assert not set("".join(codes)) & set("0O1IL2Z5S6G8BJF")
    assert len(set(codes)) > 15


async def test_login_by_id_number_and_by_phone(api) -> None:
    for username in (DEMO_ID, DEMO_PHONE):
        response = await attempt(api, username=username)
        assert response.status_code == 200
        body = response.json()
        assert body["profile"] == {
            "name": "张伟",
            "id_number_masked": "110105********0039",
            "phone_masked": "138****0001",
            "account_no": body["profile"]["account_no"],
        }
        assert body["expires_in"] == 900 and body["access_token"] != body["refresh_token"]


async def test_captcha_is_case_insensitive_and_single_use(api) -> None:
    captcha_id = await new_captcha(api)
    assert (await attempt(api, code=CAPTCHA.lower(), captcha_id=captcha_id)).status_code == 200
    again = await attempt(api, captcha_id=captcha_id)
    assert again.status_code == 400 and error_of(again)["code"] == "CAPTCHA_INVALID"


async def test_wrong_captcha_is_spent_and_does_not_count_as_a_password_failure(api, runtime) -> None:
    captcha_id = await new_captcha(api)
    wrong = await attempt(api, code="AAAA", captcha_id=captcha_id)
    assert error_of(wrong) == {
        "code": "CAPTCHA_INVALID",
        "message": "验证码错误，请重新输入",
        "details": {"field": "captcha_code"},
    }
    right_after = await attempt(api, captcha_id=captcha_id)
    assert error_of(right_after)["code"] == "CAPTCHA_INVALID"
    failures = runtime.store.conn.execute(
        "SELECT failed_logins FROM members WHERE phone = ?", (DEMO_PHONE,)
    ).fetchone()[0]
    assert failures == 0


async def test_captcha_expires_after_two_minutes(api, admin) -> None:
    captcha_id = await new_captcha(api)
    await admin.post("/clock", json={"advance_seconds": 121})
    response = await attempt(api, captcha_id=captcha_id)
    assert error_of(response)["message"] == "验证码已过期，请刷新后重新输入"


async def test_wrong_password_says_how_many_tries_are_left(api) -> None:
    for remaining in (4, 3, 2, 1):
        error = error_of(await attempt(api, password="wrong999"))
        assert error["code"] == "CREDENTIALS_INVALID"
        assert error["details"] == {"field": "password", "remaining_attempts": remaining}
        assert error["message"] == f"证件号码/手机号或密码错误，还可以再试 {remaining} 次"


async def test_five_failures_lock_for_fifteen_minutes(api, admin) -> None:
    for _ in range(4):
        await attempt(api, password="wrong999")
    fifth = await attempt(api, password="wrong999")
    assert fifth.status_code == 423 and error_of(fifth)["code"] == "ACCOUNT_LOCKED"
    # Locked: even the right password is refused, by ID number as well as by phone.
    for username in (DEMO_PHONE, DEMO_ID):
        locked = await attempt(api, username=username)
        assert locked.status_code == 423
        assert "15 分钟后再试，或通过【忘记密码】重设密码" in error_of(locked)["message"]
    await admin.post("/clock", json={"advance_seconds": 14 * 60})
    still = error_of(await attempt(api))
    assert still["code"] == "ACCOUNT_LOCKED" and "1 分钟后再试" in still["message"]
    await admin.post("/clock", json={"advance_seconds": 61})
    assert (await attempt(api)).status_code == 200


async def test_a_success_resets_the_failure_count(api) -> None:
    for _ in range(3):
        await attempt(api, password="wrong999")
    assert (await attempt(api)).status_code == 200
    error = error_of(await attempt(api, password="wrong999"))
    assert error["details"]["remaining_attempts"] == 4


NOT_A_LOGIN = {
    "wrong password": (DEMO_PHONE, "wrong999"),
    "unregistered": ("110101198001010096", PASSWORD),  # 吴磊: in the records, not registered
    "closed": ("13800000007", PASSWORD),  # 周芳: 销户
    "unknown phone": ("13900000000", PASSWORD),
    "unknown ID number": ("110105199003070013", PASSWORD),
}


async def test_the_login_answer_never_tells_who_is_a_member(api) -> None:
    """Unknown, wrong password, closed, unregistered: the same status, code, message and details, try
    after try, and the same lock on the fifth."""
    answers: dict[str, list[tuple[int, dict]]] = {}
    for kind, (username, password) in NOT_A_LOGIN.items():
        answers[kind] = []
        for _ in range(6):
            response = await attempt(api, username=username, password=password)
            error = error_of(response)
            error["details"].pop("locked_until", None)  # the same moment for all, but written per member
            answers[kind].append((response.status_code, error))
    first = answers["wrong password"]
    assert [status for status, _ in first] == [401, 401, 401, 401, 423, 423]
    assert first[0][1] == {
        "code": "CREDENTIALS_INVALID",
        "message": "证件号码/手机号或密码错误，还可以再试 4 次",
        "details": {"field": "password", "remaining_attempts": 4},
    }
    for kind, answer in answers.items():
        assert answer == first, kind


async def test_passwords_are_stored_as_salted_scrypt_hashes() -> None:
    """At the mock's real cost (its default; the other tests' mocks hash cheaply), and a login checks it."""
    import httpx

    from mock_server.app import create_app
    from mock_server.settings import MockSettings

    app = create_app(make_settings(password_cost=MockSettings.password_cost))
    rows = app.state.runtime.store.conn.execute(
        "SELECT password_hash FROM members WHERE password_hash IS NOT NULL"
    ).fetchall()
    hashes = [row[0] for row in rows]
    assert len(hashes) == 8 and all(h.startswith("scrypt$16384$8$1$") for h in hashes)
    assert len(set(hashes)) == len(hashes)  # same password, different salts
    assert not any(PASSWORD in h for h in hashes)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url=f"{SERVER}/api/v1") as api:
        assert await get_token(api)  # the demo's password, checked at that cost
        assert (await attempt(api, password="wrong1234")).status_code == 401


async def test_tokens_are_stored_hashed(api, runtime) -> None:
    body = (await attempt(api)).json()
    stored = runtime.store.conn.execute("SELECT access_hash, refresh_hash FROM sessions").fetchall()
    flat = {value for row in stored for value in row}
    assert body["access_token"] not in flat and body["refresh_token"] not in flat


async def test_access_token_expires_after_fifteen_minutes(api, admin) -> None:
    token = await get_token(api)
    assert (await api.get("/me/account", headers=bearer(token))).status_code == 200
    await admin.post("/clock", json={"advance_seconds": 15 * 60})
    expired = await api.get("/me/account", headers=bearer(token))
    assert expired.status_code == 401 and error_of(expired)["code"] == "TOKEN_EXPIRED"


async def test_refresh_rotates_both_tokens(api, admin) -> None:
    body = (await attempt(api)).json()
    await admin.post("/clock", json={"advance_seconds": 16 * 60})
    fresh = await api.post("/auth/refresh", json={"refresh_token": body["refresh_token"]})
    assert fresh.status_code == 200
    pair = fresh.json()
    assert (await api.get("/me/account", headers=bearer(pair["access_token"]))).status_code == 200
    reused = await api.post("/auth/refresh", json={"refresh_token": body["refresh_token"]})
    assert reused.status_code == 401 and error_of(reused)["code"] == "UNAUTHORIZED"


async def test_refresh_token_lasts_eight_hours(api, admin) -> None:
    body = (await attempt(api)).json()
    await admin.post("/clock", json={"advance_seconds": 8 * 3600})
    late = await api.post("/auth/refresh", json={"refresh_token": body["refresh_token"]})
    assert late.status_code == 401 and error_of(late)["message"] == "登录已超时，请重新登录"


async def test_logout_revokes_access_and_refresh(api) -> None:
    body = (await attempt(api)).json()
    out = await api.post("/auth/logout", headers=bearer(body["access_token"]), json={})
    assert out.status_code == 200 and out.json()["ok"] is True
    after = await api.get("/me/account", headers=bearer(body["access_token"]))
    assert after.status_code == 401 and error_of(after)["code"] == "UNAUTHORIZED"
    refresh = await api.post("/auth/refresh", json={"refresh_token": body["refresh_token"]})
    assert refresh.status_code == 401


async def test_other_sessions_survive_one_logout(api) -> None:
    first, second = await get_token(api), await get_token(api)
    await api.post("/auth/logout", headers=bearer(first), json={})
    assert (await api.get("/me/account", headers=bearer(second))).status_code == 200


@pytest.mark.parametrize("headers", [{}, {"Authorization": "Bearer not-a-token"}, {"Authorization": "Basic abc"}])
async def test_me_needs_a_valid_token(api, headers) -> None:
    response = await api.get("/me/account", headers=headers)
    assert response.status_code == 401 and error_of(response)["code"] == "UNAUTHORIZED"


async def test_missing_and_malformed_fields_are_validation_failures(api) -> None:
    response = await api.post("/auth/login", json={"username": DEMO_PHONE})
    error = error_of(response)
    assert response.status_code == 422 and error["code"] == "VALIDATION_FAILED"
    assert error["message"] == "缺少密码"
    bad_json = await api.post("/auth/login", content=b"{not json", headers={"Content-Type": "application/json"})
    assert bad_json.status_code == 422 and error_of(bad_json)["code"] == "VALIDATION_FAILED"


async def test_unknown_paths_and_methods_use_the_error_body(api) -> None:
    missing = await api.get("/nowhere")
    assert missing.status_code == 404 and error_of(missing)["code"] == "NOT_FOUND"
    wrong_method = await api.get("/auth/login")
    assert wrong_method.status_code == 405 and error_of(wrong_method)["code"] == "METHOD_NOT_ALLOWED"


async def test_account_has_every_wire_field(api) -> None:
    token = await get_token(api)
    account = (await api.get("/me/account", headers=bearer(token))).json()
    assert set(account) >= ACCOUNT_WIRE_NAMES
    assert account["status"] == "normal" and account["id_number_masked"] == "110105********0039"
    assert account["paid_up_to"] == "2026-11"
    # Amounts are strings with two places; the monthly deposit is the two ratios of the base.
    assert account["base"] == "14196.00" and account["monthly_deposit"] == "3407.04"
    assert account["employer_ratio"] == "12.00"
    assert DEMO_ID not in str(account)
