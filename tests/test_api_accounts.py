"""Every rule of the accounts API (注册, 忘记密码, 登录/支付密码变更, 支付密码找回), over ASGI into the real mock.

Besides what each endpoint answers, the tests look at what the server stored: hashes, registered
flags, sessions, SMS codes and tickets.
"""

from __future__ import annotations

import pytest

from mock_server.security import token_hash, verify_password
from tests.conftest import CAPTCHA, DEMO_ID, DEMO_PHONE, PASSWORD, bearer, get_token, latest_code

WU_NAME, WU_ID, WU_PHONE = "吴磊", "110101198001010096", "13800000008"  # in the records, not registered
ZHOU_NAME, ZHOU_ID = "周芳", "510107199510300080"  # 销户
DEMO_NAME = "张伟"
NOBODY_ID = "440106198805150025"  # a valid ID number that is in nobody's records
NEW_PASSWORD = "newpass88"


def error_of(response) -> dict:
    body = response.json()
    assert set(body) == {"error"}, body
    return body["error"]


async def captcha_id(api) -> str:
    return str((await api.post("/captcha")).json()["captcha_id"])


def wrong_code(code: str) -> str:
    return "000000" if code != "000000" else "111111"


def member_row(runtime, id_number: str):
    return runtime.store.conn.execute("SELECT * FROM members WHERE id_number = ?", (id_number,)).fetchone()


async def identity(api, path="/registration/identity", name=WU_NAME, id_number=WU_ID, code=CAPTCHA, **extra):
    return await api.post(
        path,
        json={"name": name, "id_number": id_number, "captcha_id": await captcha_id(api), "captcha_code": code, **extra},
    )


async def ticket_for(api, path="/registration/identity", **kwargs) -> str:
    response = await identity(api, path, **kwargs)
    assert response.status_code == 200, response.text
    return str(response.json()["ticket"])


async def login_status(api, username: str, password: str) -> int:
    response = await api.post(
        "/auth/login",
        json={"username": username, "password": password, "captcha_id": await captcha_id(api), "captcha_code": CAPTCHA},
    )
    return response.status_code


# --- service info and the mock's switch -----------------------------------------------------------


async def test_meta_tells_which_reset_variant_applies_and_the_mock_switches_it(api, admin) -> None:
    assert (await api.get("/meta")).json() == {"centre_name": "演示市住房公积金管理中心", "reset_requires_phone": False}
    assert (await admin.get("/settings")).json() == {"reset_requires_phone": False}
    assert (await admin.post("/settings", json={"reset_requires_phone": True})).json() == {"reset_requires_phone": True}
    assert (await api.get("/meta")).json()["reset_requires_phone"] is True
    await admin.post("/reset")
    assert (await api.get("/meta")).json()["reset_requires_phone"] is False


async def test_the_variant_can_be_chosen_at_start_up() -> None:
    import httpx

    from mock_server.app import create_app
    from tests.conftest import make_settings

    app = create_app(make_settings(reset_requires_phone=True))
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://mock.test") as http:
        assert (await http.get("/api/v1/meta")).json()["reset_requires_phone"] is True
        await http.post("/_mock/settings", json={"reset_requires_phone": False})
        await http.post("/_mock/reset")
        assert (await http.get("/api/v1/meta")).json()["reset_requires_phone"] is True  # back to how it started


# --- 注册 ------------------------------------------------------------------------------------------


async def test_wu_lei_registers_step_by_step_and_logs_in_with_the_new_password(api, runtime) -> None:
    assert await login_status(api, WU_PHONE, NEW_PASSWORD) == 401  # not registered: the answer a stranger gets
    checked = await identity(api)
    assert checked.status_code == 200
    body = checked.json()
    assert body["phone_masked"] == "138****0008" and body["expires_at"] == "2026-11-22T09:10:00+08:00"
    ticket = body["ticket"]
    stored = runtime.store.conn.execute("SELECT ticket, purpose, stage FROM tickets").fetchall()
    assert [tuple(row) for row in stored] == [(token_hash(ticket), "register", "identity")]  # only its hash

    sent = await api.post("/registration/sms", json={"ticket": ticket})
    assert sent.json() == {"phone_masked": "138****0008", "resend_after": 60, "expires_in": 300}
    code = latest_code(runtime, WU_PHONE)
    assert code not in sent.text
    verified = await api.post("/registration/sms/verify", json={"ticket": ticket, "sms_code": code})
    assert verified.json() == {"ok": True, "message": "验证通过！请设置您的登录密码以完成注册。"}
    done = await api.post("/registration/complete", json={"ticket": ticket, "password": NEW_PASSWORD})
    assert done.status_code == 200
    assert done.json() == {
        "message": "注册成功！请使用证件号码或手机号和刚设置的登录密码登录。",
        "name": WU_NAME,
        "id_number_masked": "110101********0096",
        "phone_masked": "138****0008",
    }

    member = member_row(runtime, WU_ID)
    assert member["registered"] == 1 and member["password_hash"].startswith("scrypt$")
    assert verify_password(NEW_PASSWORD, member["password_hash"]) and NEW_PASSWORD not in member["password_hash"]
    assert member["pay_password_hash"] is None  # set later through 支付密码找回
    assert await login_status(api, WU_ID, NEW_PASSWORD) == 200
    assert await login_status(api, WU_PHONE, NEW_PASSWORD) == 200


async def test_registration_completes_with_the_code_itself_without_the_verify_step(api, runtime) -> None:
    ticket = await ticket_for(api, name="吴 磊 ")  # stray spaces are not part of a name
    await api.post("/registration/sms", json={"ticket": ticket})
    done = await api.post(
        "/registration/complete",
        json={"ticket": ticket, "sms_code": latest_code(runtime, WU_PHONE), "password": NEW_PASSWORD},
    )
    assert done.status_code == 200
    assert await login_status(api, WU_PHONE, NEW_PASSWORD) == 200


@pytest.mark.parametrize(
    ("name", "id_number", "status", "code", "message"),
    [
        (
            "李磊",
            WU_ID,
            400,
            "IDENTITY_MISMATCH",
            "个人信息有误，注册失败：姓名与证件号码不符，或未在中心登记。请及时告知单位经办人，由单位经办人在网厅单位版上进行修改。",
        ),
        (
            "赵敏",
            NOBODY_ID,
            400,
            "IDENTITY_MISMATCH",
            "个人信息有误，注册失败：姓名与证件号码不符，或未在中心登记。请及时告知单位经办人，由单位经办人在网厅单位版上进行修改。",
        ),
        (ZHOU_NAME, ZHOU_ID, 403, "ACCOUNT_CLOSED", "职工状态为销户状态，不允许注册。"),
        (
            DEMO_NAME,
            DEMO_ID,
            409,
            "ALREADY_REGISTERED",
            "您已注册过个人信息，请直接使用证件号码或手机号登录，不需要重复注册。",
        ),
        (WU_NAME, "110101198001010097", 422, "VALIDATION_FAILED", "证件号码校验位不正确，请核对"),
        (WU_NAME, "11010119800101009", 422, "VALIDATION_FAILED", "证件号码应为 18 位"),
        ("  ", WU_ID, 422, "VALIDATION_FAILED", "请输入姓名"),
    ],
)
async def test_who_may_not_register_and_why(api, runtime, name, id_number, status, code, message) -> None:
    response = await identity(api, name=name, id_number=id_number)
    error = error_of(response)
    assert (response.status_code, error["code"], error["message"]) == (status, code, message)
    assert error["details"]["field"] in ("name", "id_number")
    assert runtime.store.conn.execute("SELECT COUNT(*) FROM tickets").fetchone()[0] == 0
    # The mismatch does not tell a stranger whether the ID number exists.
    assert "吴磊" not in response.text and "138" not in response.text


async def test_identity_spends_the_captcha_first(api, runtime) -> None:
    wrong = await identity(api, code="AAAA")
    assert error_of(wrong) == {
        "code": "CAPTCHA_INVALID",
        "message": "验证码错误，请重新输入",
        "details": {"field": "captcha_code"},
    }
    one = await captcha_id(api)
    refused = await api.post(
        "/registration/identity", json={"name": "李磊", "id_number": WU_ID, "captcha_id": one, "captcha_code": CAPTCHA}
    )
    assert error_of(refused)["code"] == "IDENTITY_MISMATCH"
    again = await api.post(
        "/registration/identity", json={"name": WU_NAME, "id_number": WU_ID, "captcha_id": one, "captcha_code": CAPTCHA}
    )
    assert error_of(again)["code"] == "CAPTCHA_INVALID"  # single use, even when the check failed


async def test_missing_fields_are_named_in_chinese(api) -> None:
    response = await api.post("/registration/identity", json={"name": WU_NAME})
    error = error_of(response)
    assert (
        response.status_code == 422 and error["message"] == "缺少证件号码" and error["details"]["field"] == "id_number"
    )
    no_code = await api.post("/registration/sms/verify", json={"ticket": "x"})
    assert error_of(no_code)["message"] == "缺少短信验证码"


async def test_steps_cannot_be_skipped(api, runtime) -> None:
    ticket = await ticket_for(api)
    early_verify = await api.post("/registration/sms/verify", json={"ticket": ticket, "sms_code": "123456"})
    assert early_verify.status_code == 409
    assert error_of(early_verify) == {
        "code": "TICKET_INVALID",
        "message": "请先获取短信验证码",
        "details": {"field": "ticket", "reason": "stage", "stage": "identity"},
    }
    early_complete = await api.post(
        "/registration/complete", json={"ticket": ticket, "sms_code": "123456", "password": NEW_PASSWORD}
    )
    assert early_complete.status_code == 409 and error_of(early_complete)["code"] == "TICKET_INVALID"
    await api.post("/registration/sms", json={"ticket": ticket})
    no_code = await api.post("/registration/complete", json={"ticket": ticket, "password": NEW_PASSWORD})
    assert error_of(no_code) == {
        "code": "SMS_CODE_INVALID",
        "message": "请输入短信验证码",
        "details": {"field": "sms_code"},
    }
    await api.post("/registration/sms/verify", json={"ticket": ticket, "sms_code": latest_code(runtime, WU_PHONE)})
    resend = await api.post("/registration/sms", json={"ticket": ticket})
    assert resend.status_code == 409 and error_of(resend)["details"]["stage"] == "verified"
    assert member_row(runtime, WU_ID)["registered"] == 0


async def test_a_used_ticket_cannot_be_replayed(api, runtime) -> None:
    ticket = await ticket_for(api)
    await api.post("/registration/sms", json={"ticket": ticket})
    code = latest_code(runtime, WU_PHONE)
    body = {"ticket": ticket, "sms_code": code, "password": NEW_PASSWORD}
    assert (await api.post("/registration/complete", json=body)).status_code == 200
    stored_hash = member_row(runtime, WU_ID)["password_hash"]
    for path, payload in (
        ("/registration/complete", dict(body, password="another99")),
        ("/registration/sms", {"ticket": ticket}),
        ("/registration/sms/verify", {"ticket": ticket, "sms_code": code}),
    ):
        replay = await api.post(path, json=payload)
        assert replay.status_code == 400
        assert error_of(replay) == {
            "code": "TICKET_INVALID",
            "message": "本次注册已经完成，请勿重复提交",
            "details": {"field": "ticket", "reason": "used"},
        }
    assert member_row(runtime, WU_ID)["password_hash"] == stored_hash


async def test_unknown_tickets_and_tickets_of_another_flow_are_refused(api) -> None:
    unknown = await api.post("/registration/sms", json={"ticket": "not-a-ticket"})
    assert error_of(unknown) == {
        "code": "TICKET_INVALID",
        "message": "注册信息已失效，请重新进行信息校验",
        "details": {"field": "ticket", "reason": "unknown"},
    }
    registration = await ticket_for(api)
    crossed = await api.post("/password-reset/sms", json={"ticket": registration})
    assert error_of(crossed)["details"]["reason"] == "unknown"


async def test_tickets_expire_after_ten_minutes(api, admin, runtime) -> None:
    ticket = await ticket_for(api)
    await admin.post("/clock", json={"advance_seconds": 9 * 60 + 59})
    assert (await api.post("/registration/sms", json={"ticket": ticket})).status_code == 200
    await admin.post("/clock", json={"advance_seconds": 1})
    code = latest_code(runtime, WU_PHONE)
    for path, payload in (
        ("/registration/sms/verify", {"ticket": ticket, "sms_code": code}),
        ("/registration/complete", {"ticket": ticket, "sms_code": code, "password": NEW_PASSWORD}),
    ):
        late = await api.post(path, json=payload)
        assert error_of(late) == {
            "code": "TICKET_INVALID",
            "message": "操作超时（10 分钟内未完成），请重新进行信息校验",
            "details": {"field": "ticket", "reason": "expired"},
        }
    assert member_row(runtime, WU_ID)["registered"] == 0


async def test_a_new_identity_check_replaces_the_unfinished_ticket(api) -> None:
    first = await ticket_for(api)
    second = await ticket_for(api)
    assert error_of(await api.post("/registration/sms", json={"ticket": first}))["details"]["reason"] == "unknown"
    assert (await api.post("/registration/sms", json={"ticket": second})).status_code == 200


async def test_wrong_and_expired_sms_codes(api, admin, runtime) -> None:
    ticket = await ticket_for(api)
    await api.post("/registration/sms", json={"ticket": ticket})
    code = latest_code(runtime, WU_PHONE)
    wrong = await api.post("/registration/sms/verify", json={"ticket": ticket, "sms_code": wrong_code(code)})
    assert error_of(wrong) == {
        "code": "SMS_CODE_INVALID",
        "message": "短信验证码错误，还可以再试 4 次",
        "details": {"field": "sms_code", "remaining_attempts": 4},
    }
    await admin.post("/clock", json={"advance_seconds": 301})
    late = await api.post("/registration/sms/verify", json={"ticket": ticket, "sms_code": code})
    assert error_of(late)["message"] == "短信验证码已过期，请重新获取"
    # A new code (the resend interval is long past) works, within the ticket's ten minutes.
    assert (await api.post("/registration/sms", json={"ticket": ticket})).status_code == 200
    fresh = latest_code(runtime, WU_PHONE)
    assert (await api.post("/registration/sms/verify", json={"ticket": ticket, "sms_code": fresh})).status_code == 200


async def test_five_wrong_codes_kill_the_code(api, runtime) -> None:
    ticket = await ticket_for(api)
    await api.post("/registration/sms", json={"ticket": ticket})
    code = latest_code(runtime, WU_PHONE)
    for _ in range(5):
        last = await api.post("/registration/sms/verify", json={"ticket": ticket, "sms_code": wrong_code(code)})
    assert error_of(last)["message"] == "短信验证码错误次数过多，已失效，请重新获取"
    dead = await api.post("/registration/sms/verify", json={"ticket": ticket, "sms_code": code})
    assert error_of(dead)["code"] == "SMS_CODE_INVALID"


async def test_sms_resend_interval_and_hourly_cap(api, admin, runtime) -> None:
    ticket = await ticket_for(api)
    assert (await api.post("/registration/sms", json={"ticket": ticket})).status_code == 200
    first = latest_code(runtime, WU_PHONE)
    await admin.post("/clock", json={"advance_seconds": 20})
    early = await api.post("/registration/sms", json={"ticket": ticket})
    assert early.status_code == 429
    assert error_of(early) == {
        "code": "SMS_RATE_LIMITED",
        "message": "短信验证码发送过于频繁，请 41 秒后再试",
        "details": {"retry_after_seconds": 41},
    }
    for _ in range(4):
        await admin.post("/clock", json={"advance_seconds": 61})
        assert (await api.post("/registration/sms", json={"ticket": ticket})).status_code == 200
    assert runtime.store.conn.execute("SELECT COUNT(*) FROM sms_codes WHERE phone = ?", (WU_PHONE,)).fetchone()[0] == 5
    old = await api.post("/registration/sms/verify", json={"ticket": ticket, "sms_code": first})
    assert error_of(old)["code"] == "SMS_CODE_INVALID"  # each new code replaces the one before
    await admin.post("/clock", json={"advance_seconds": 61})
    capped = await api.post("/registration/sms", json={"ticket": ticket})
    assert capped.status_code == 429
    assert error_of(capped)["message"] == "该手机号一小时内获取验证码已达 5 次上限，请稍后再试"


async def test_a_password_that_breaks_the_rules_leaves_the_code_unspent(api, runtime) -> None:
    ticket = await ticket_for(api)
    await api.post("/registration/sms", json={"ticket": ticket})
    code = latest_code(runtime, WU_PHONE)
    weak = await api.post("/registration/complete", json={"ticket": ticket, "sms_code": code, "password": "12345678"})
    assert weak.status_code == 422
    assert error_of(weak) == {
        "code": "PASSWORD_RULES",
        "message": "登录密码须为 8–20 位字母和数字组合（包含字母）",
        "details": {"field": "password"},
    }
    assert member_row(runtime, WU_ID)["registered"] == 0
    ok = await api.post("/registration/complete", json={"ticket": ticket, "sms_code": code, "password": NEW_PASSWORD})
    assert ok.status_code == 200


async def test_a_wrong_code_at_completion_registers_nothing(api, runtime) -> None:
    ticket = await ticket_for(api)
    await api.post("/registration/sms", json={"ticket": ticket})
    code = latest_code(runtime, WU_PHONE)
    wrong = await api.post(
        "/registration/complete", json={"ticket": ticket, "sms_code": wrong_code(code), "password": NEW_PASSWORD}
    )
    assert error_of(wrong)["code"] == "SMS_CODE_INVALID"
    member = member_row(runtime, WU_ID)
    assert member["registered"] == 0 and member["password_hash"] is None
    stage = runtime.store.conn.execute("SELECT stage FROM tickets").fetchone()[0]
    assert stage == "sms_sent"


async def test_registered_meanwhile_is_not_registered_twice(api, runtime) -> None:
    ticket = await ticket_for(api)
    await api.post("/registration/sms", json={"ticket": ticket})
    code = latest_code(runtime, WU_PHONE)
    runtime.store.conn.execute("UPDATE members SET registered = 1, password_hash = 'x' WHERE id_number = ?", (WU_ID,))
    twice = await api.post(
        "/registration/complete", json={"ticket": ticket, "sms_code": code, "password": NEW_PASSWORD}
    )
    assert twice.status_code == 409 and error_of(twice)["code"] == "ALREADY_REGISTERED"
    assert member_row(runtime, WU_ID)["password_hash"] == "x"


# --- 忘记密码 ----------------------------------------------------------------------------------------


async def reset_ticket(api, **kwargs) -> str:
    kwargs.setdefault("name", DEMO_NAME)
    kwargs.setdefault("id_number", DEMO_ID)
    return await ticket_for(api, "/password-reset/identity", **kwargs)


async def test_demo_resets_the_password_and_every_session_ends(api, runtime) -> None:
    token = await get_token(api)
    for _ in range(5):
        await login_status(api, DEMO_PHONE, "wrong9999")
    assert await login_status(api, DEMO_PHONE, PASSWORD) == 423  # locked
    checked = await identity(
        api, "/password-reset/identity", name=DEMO_NAME, id_number=DEMO_ID, phone="13900000000"
    )  # ignored: this centre does not ask for it
    assert checked.status_code == 200 and checked.json()["phone_masked"] == "138****0001"
    ticket = checked.json()["ticket"]
    sent = await api.post("/password-reset/sms", json={"ticket": ticket})
    assert sent.status_code == 200 and sent.json()["phone_masked"] == "138****0001"
    code = latest_code(runtime, DEMO_PHONE)
    assert (
        runtime.store.conn.execute("SELECT purpose FROM sms_codes ORDER BY id DESC").fetchone()[0] == "reset_password"
    )
    verified = await api.post("/password-reset/sms/verify", json={"ticket": ticket, "sms_code": code})
    assert verified.json()["message"] == "验证通过！请设置新的登录密码。"
    done = await api.post("/password-reset/complete", json={"ticket": ticket, "new_password": NEW_PASSWORD})
    assert done.status_code == 200 and done.json()["message"] == "修改成功！请使用新密码登录。"
    assert (await api.get("/me/account", headers=bearer(token))).status_code == 401
    member = member_row(runtime, DEMO_ID)
    assert member["locked_until"] is None and verify_password(NEW_PASSWORD, member["password_hash"])
    assert await login_status(api, DEMO_PHONE, PASSWORD) == 401
    assert await login_status(api, DEMO_PHONE, NEW_PASSWORD) == 200


async def test_the_variant_that_asks_for_the_phone(api, admin, runtime) -> None:
    await admin.post("/settings", json={"reset_requires_phone": True})
    missing = await identity(api, "/password-reset/identity", name=DEMO_NAME, id_number=DEMO_ID)
    assert error_of(missing) == {
        "code": "VALIDATION_FAILED",
        "message": "请输入手机号码",
        "details": {"field": "phone"},
    }
    malformed = await identity(api, "/password-reset/identity", name=DEMO_NAME, id_number=DEMO_ID, phone="2380000000")
    assert error_of(malformed)["message"] == "手机号码应为以 1 开头的 11 位数字"
    other = await identity(api, "/password-reset/identity", name=DEMO_NAME, id_number=DEMO_ID, phone="13800000002")
    assert other.status_code == 400
    assert error_of(other) == {
        "code": "IDENTITY_MISMATCH",
        "details": {"field": "phone"},
        "message": "手机号码与在中心预留的手机号码不一致。"
        "如果没有在中心登记手机号码，需要到中心所属任一服务大厅登记手机号码。",
    }
    assert runtime.store.conn.execute("SELECT COUNT(*) FROM tickets").fetchone()[0] == 0
    right = await identity(api, "/password-reset/identity", name=DEMO_NAME, id_number=DEMO_ID, phone=DEMO_PHONE)
    assert right.status_code == 200 and right.json()["phone_masked"] == "138****0001"


@pytest.mark.parametrize(
    ("name", "id_number", "status", "code", "message"),
    [
        ("李磊", DEMO_ID, 400, "IDENTITY_MISMATCH", "姓名与证件号码不符，请核对后重新验证。"),
        ("赵敏", NOBODY_ID, 400, "IDENTITY_MISMATCH", "姓名与证件号码不符，请核对后重新验证。"),
        (WU_NAME, WU_ID, 403, "NOT_REGISTERED", "您尚未注册网上服务大厅，请先注册。"),
        (ZHOU_NAME, ZHOU_ID, 403, "ACCOUNT_CLOSED", "该公积金账户已销户，不能找回网上服务大厅的登录密码。"),
    ],
)
async def test_who_cannot_reset(api, name, id_number, status, code, message) -> None:
    response = await identity(api, "/password-reset/identity", name=name, id_number=id_number)
    error = error_of(response)
    assert (response.status_code, error["code"], error["message"]) == (status, code, message)


async def test_reset_steps_cannot_be_skipped_or_replayed(api, runtime) -> None:
    ticket = await reset_ticket(api)
    skipped = await api.post(
        "/password-reset/complete", json={"ticket": ticket, "sms_code": "123456", "new_password": NEW_PASSWORD}
    )
    assert skipped.status_code == 409 and error_of(skipped)["message"] == "请先获取短信验证码"
    await api.post("/password-reset/sms", json={"ticket": ticket})
    code = latest_code(runtime, DEMO_PHONE)
    done = await api.post(
        "/password-reset/complete", json={"ticket": ticket, "sms_code": code, "new_password": NEW_PASSWORD}
    )
    assert done.status_code == 200
    replay = await api.post(
        "/password-reset/complete", json={"ticket": ticket, "sms_code": code, "new_password": "another99"}
    )
    assert error_of(replay)["message"] == "本次找回登录密码已经完成，请勿重复提交"
    assert verify_password(NEW_PASSWORD, member_row(runtime, DEMO_ID)["password_hash"])


async def test_reset_ticket_expires(api, admin) -> None:
    ticket = await reset_ticket(api)
    await admin.post("/clock", json={"advance_seconds": 601})
    late = await api.post("/password-reset/sms", json={"ticket": ticket})
    assert error_of(late)["details"]["reason"] == "expired"


async def test_same_as_old_is_told_only_after_the_code_is_accepted(api, runtime) -> None:
    ticket = await reset_ticket(api)
    await api.post("/password-reset/sms", json={"ticket": ticket})
    code = latest_code(runtime, DEMO_PHONE)
    # Without the right code, nothing about the old password may leak.
    guess = await api.post(
        "/password-reset/complete", json={"ticket": ticket, "sms_code": wrong_code(code), "new_password": PASSWORD}
    )
    assert error_of(guess)["code"] == "SMS_CODE_INVALID"
    same = await api.post(
        "/password-reset/complete", json={"ticket": ticket, "sms_code": code, "new_password": PASSWORD}
    )
    assert same.status_code == 422
    assert error_of(same) == {
        "code": "PASSWORD_SAME_AS_OLD",
        "message": "新密码不能与原密码相同",
        "details": {"field": "new_password"},
    }
    # The code was right and is spent; the ticket carries the verification on.
    done = await api.post("/password-reset/complete", json={"ticket": ticket, "new_password": NEW_PASSWORD})
    assert done.status_code == 200


async def test_reset_password_rules(api, runtime) -> None:
    ticket = await reset_ticket(api)
    await api.post("/password-reset/sms", json={"ticket": ticket})
    code = latest_code(runtime, DEMO_PHONE)
    await api.post("/password-reset/sms/verify", json={"ticket": ticket, "sms_code": code})
    short = await api.post("/password-reset/complete", json={"ticket": ticket, "new_password": "ab12"})
    assert error_of(short) == {
        "code": "PASSWORD_RULES",
        "message": "登录密码须为 8–20 位字母和数字组合（长度 8–20 位）",
        "details": {"field": "new_password"},
    }
    assert verify_password(PASSWORD, member_row(runtime, DEMO_ID)["password_hash"])


# --- 登录密码变更 -------------------------------------------------------------------------------------


async def test_change_password_ends_the_other_sessions_only(api, runtime) -> None:
    other = (
        await api.post(
            "/auth/login",
            json={
                "username": DEMO_ID,
                "password": PASSWORD,
                "captcha_id": await captcha_id(api),
                "captcha_code": CAPTCHA,
            },
        )
    ).json()
    mine = await get_token(api)
    before = member_row(runtime, DEMO_ID)["password_hash"]
    changed = await api.put(
        "/me/password", headers=bearer(mine), json={"old_password": PASSWORD, "new_password": NEW_PASSWORD}
    )
    assert changed.status_code == 200
    assert changed.json() == {"message": "登录密码修改成功", "other_sessions_revoked": 1}
    assert (await api.get("/me/account", headers=bearer(mine))).status_code == 200
    gone = await api.get("/me/account", headers=bearer(other["access_token"]))
    assert gone.status_code == 401 and error_of(gone)["code"] == "UNAUTHORIZED"
    assert (await api.post("/auth/refresh", json={"refresh_token": other["refresh_token"]})).status_code == 401
    after = member_row(runtime, DEMO_ID)["password_hash"]
    assert after != before and verify_password(NEW_PASSWORD, after)
    assert await login_status(api, DEMO_PHONE, PASSWORD) == 401
    assert await login_status(api, DEMO_PHONE, NEW_PASSWORD) == 200


@pytest.mark.parametrize(
    ("old", "new", "status", "code", "field", "message"),
    [
        ("wrong9999", NEW_PASSWORD, 400, "PASSWORD_WRONG", "old_password", "原密码错误，还可以再试 4 次"),
        (PASSWORD, PASSWORD, 422, "PASSWORD_SAME_AS_OLD", "new_password", "新密码不能与原密码相同"),
        (
            PASSWORD,
            "short1",
            422,
            "PASSWORD_RULES",
            "new_password",
            "登录密码须为 8–20 位字母和数字组合（长度 8–20 位）",
        ),
        (
            PASSWORD,
            "onlyletters",
            422,
            "PASSWORD_RULES",
            "new_password",
            "登录密码须为 8–20 位字母和数字组合（包含数字）",
        ),
        (
            PASSWORD,
            "密码abc12345",
            422,
            "PASSWORD_RULES",
            "new_password",
            "登录密码须为 8–20 位字母和数字组合（不含空格和中文）",
        ),
    ],
)
async def test_change_password_refusals_change_nothing(api, runtime, old, new, status, code, field, message) -> None:
    other, mine = await get_token(api), await get_token(api)
    before = member_row(runtime, DEMO_ID)["password_hash"]
    response = await api.put("/me/password", headers=bearer(mine), json={"old_password": old, "new_password": new})
    assert response.status_code == status
    error = error_of(response)
    assert (error["code"], error["message"], error["details"]["field"]) == (code, message, field)
    assert member_row(runtime, DEMO_ID)["password_hash"] == before
    assert (await api.get("/me/account", headers=bearer(other))).status_code == 200


async def test_password_endpoints_need_a_session(api) -> None:
    for method, path, body in (
        ("PUT", "/me/password", {"old_password": "a", "new_password": "b"}),
        ("PUT", "/me/payment-password", {"old_password": "a", "new_password": "b"}),
        ("POST", "/me/payment-password/sms", None),
        ("POST", "/me/payment-password/sms/verify", {"sms_code": "123456"}),
        ("POST", "/me/payment-password/reset", {"new_password": "246810", "sms_code": "1"}),
    ):
        response = await api.request(method, path, json=body)
        assert response.status_code == 401 and error_of(response)["code"] == "UNAUTHORIZED", path


# --- 支付密码变更 -------------------------------------------------------------------------------------


async def test_change_payment_password(api, runtime) -> None:
    token = await get_token(api)
    before = member_row(runtime, DEMO_ID)["pay_password_hash"]
    changed = await api.put(
        "/me/payment-password", headers=bearer(token), json={"old_password": "135790", "new_password": "246813"}
    )
    assert changed.json() == {"ok": True, "message": "支付密码修改成功"}
    after = member_row(runtime, DEMO_ID)["pay_password_hash"]
    assert after != before and verify_password("246813", after) and not verify_password("135790", after)
    # The login password is untouched and no session ends.
    assert (await api.get("/me/account", headers=bearer(token))).status_code == 200
    assert await login_status(api, DEMO_PHONE, PASSWORD) == 200


@pytest.mark.parametrize(
    ("old", "new", "status", "code", "field", "message"),
    [
        ("135790", "135790", 422, "PASSWORD_SAME_AS_OLD", "new_password", "新密码不能与原密码相同"),
        ("000000", "246813", 400, "PASSWORD_WRONG", "old_password", "原支付密码错误，还可以再试 4 次"),
        ("135790", "12345", 422, "PASSWORD_RULES", "new_password", "支付密码须为 6 位数字"),
        ("135790", "12345a", 422, "PASSWORD_RULES", "new_password", "支付密码须为 6 位数字"),
        ("135790", "777777", 422, "PASSWORD_RULES", "new_password", "支付密码不能是 6 位相同的数字"),
        ("135790", "456789", 422, "PASSWORD_RULES", "new_password", "支付密码不能是连续的数字"),
        ("135790", "654321", 422, "PASSWORD_RULES", "new_password", "支付密码不能是连续的数字"),
    ],
)
async def test_change_payment_password_refusals(api, runtime, old, new, status, code, field, message) -> None:
    token = await get_token(api)
    before = member_row(runtime, DEMO_ID)["pay_password_hash"]
    response = await api.put(
        "/me/payment-password", headers=bearer(token), json={"old_password": old, "new_password": new}
    )
    assert response.status_code == status
    error = error_of(response)
    assert (error["code"], error["message"], error["details"]["field"]) == (code, message, field)
    assert member_row(runtime, DEMO_ID)["pay_password_hash"] == before


async def register_wu(api, runtime) -> str:
    ticket = await ticket_for(api)
    await api.post("/registration/sms", json={"ticket": ticket})
    await api.post(
        "/registration/complete",
        json={"ticket": ticket, "sms_code": latest_code(runtime, WU_PHONE), "password": NEW_PASSWORD},
    )
    return await get_token(api, WU_PHONE, NEW_PASSWORD)


async def test_a_new_member_sets_the_payment_password_through_recovery(api, admin, runtime) -> None:
    token = await register_wu(api, runtime)
    unset = await api.put(
        "/me/payment-password", headers=bearer(token), json={"old_password": "135790", "new_password": "246813"}
    )
    assert unset.status_code == 409
    assert error_of(unset) == {
        "code": "PAYMENT_PASSWORD_NOT_SET",
        "message": "您尚未设置支付密码，请通过【支付密码找回】设置。",
        "details": {"field": "old_password"},
    }
    await admin.post("/clock", json={"advance_seconds": 61})
    assert (await api.post("/me/payment-password/sms", headers=bearer(token))).status_code == 200
    reset = await api.post(
        "/me/payment-password/reset",
        headers=bearer(token),
        json={"new_password": "246813", "sms_code": latest_code(runtime, WU_PHONE)},
    )
    assert reset.json() == {"ok": True, "message": "支付密码设置成功"}
    assert verify_password("246813", member_row(runtime, WU_ID)["pay_password_hash"])


# --- 支付密码找回 -------------------------------------------------------------------------------------


async def test_payment_password_recovery_with_the_next_step(api, runtime) -> None:
    token = await get_token(api)
    sent = await api.post("/me/payment-password/sms", headers=bearer(token))
    assert sent.json() == {"phone_masked": "138****0001", "resend_after": 60, "expires_in": 300}
    code = latest_code(runtime, DEMO_PHONE)
    purpose = runtime.store.conn.execute("SELECT purpose FROM sms_codes ORDER BY id DESC").fetchone()[0]
    assert purpose == "reset_payment_password" and code not in sent.text
    wrong = await api.post(
        "/me/payment-password/sms/verify", headers=bearer(token), json={"sms_code": wrong_code(code)}
    )
    assert error_of(wrong)["message"] == "短信验证码错误，还可以再试 4 次"
    verified = await api.post("/me/payment-password/sms/verify", headers=bearer(token), json={"sms_code": code})
    assert verified.status_code == 200 and verified.json()["expires_at"] == "2026-11-22T09:10:00+08:00"
    ticket = verified.json()["ticket"]
    same = await api.post(
        "/me/payment-password/reset", headers=bearer(token), json={"new_password": "135790", "ticket": ticket}
    )
    assert error_of(same)["code"] == "PASSWORD_SAME_AS_OLD"
    rules = await api.post(
        "/me/payment-password/reset", headers=bearer(token), json={"new_password": "123456", "ticket": ticket}
    )
    assert error_of(rules)["message"] == "支付密码不能是连续的数字"
    done = await api.post(
        "/me/payment-password/reset", headers=bearer(token), json={"new_password": "802461", "ticket": ticket}
    )
    assert done.status_code == 200
    assert verify_password("802461", member_row(runtime, DEMO_ID)["pay_password_hash"])
    replay = await api.post(
        "/me/payment-password/reset", headers=bearer(token), json={"new_password": "802462", "ticket": ticket}
    )
    assert error_of(replay)["details"]["reason"] == "used"
    assert verify_password("802461", member_row(runtime, DEMO_ID)["pay_password_hash"])


async def test_payment_password_recovery_with_the_code_itself(api, runtime) -> None:
    token = await get_token(api)
    nothing = await api.post("/me/payment-password/reset", headers=bearer(token), json={"new_password": "802461"})
    assert error_of(nothing) == {
        "code": "SMS_CODE_INVALID",
        "message": "请输入短信验证码",
        "details": {"field": "sms_code"},
    }
    unsent = await api.post(
        "/me/payment-password/reset", headers=bearer(token), json={"new_password": "802461", "sms_code": "123456"}
    )
    assert error_of(unsent)["message"] == "请先获取短信验证码"
    await api.post("/me/payment-password/sms", headers=bearer(token))
    code = latest_code(runtime, DEMO_PHONE)
    done = await api.post(
        "/me/payment-password/reset", headers=bearer(token), json={"new_password": "802461", "sms_code": code}
    )
    assert done.status_code == 200
    again = await api.post(
        "/me/payment-password/reset", headers=bearer(token), json={"new_password": "802462", "sms_code": code}
    )
    assert error_of(again)["code"] == "SMS_CODE_INVALID"  # a code opens one door once


async def test_a_recovery_ticket_is_the_members_own_and_expires(api, admin, runtime) -> None:
    demo = await get_token(api)
    await api.post("/me/payment-password/sms", headers=bearer(demo))
    ticket = (
        await api.post(
            "/me/payment-password/sms/verify", headers=bearer(demo), json={"sms_code": latest_code(runtime, DEMO_PHONE)}
        )
    ).json()["ticket"]
    li_na = await get_token(api, "13800000002")
    stolen = await api.post(
        "/me/payment-password/reset", headers=bearer(li_na), json={"new_password": "802461", "ticket": ticket}
    )
    assert error_of(stolen)["code"] == "TICKET_INVALID"
    assert verify_password("135790", member_row(runtime, "110105199007010046")["pay_password_hash"])
    registration = await ticket_for(api)
    crossed = await api.post(
        "/me/payment-password/reset", headers=bearer(demo), json={"new_password": "802461", "ticket": registration}
    )
    assert error_of(crossed)["details"]["reason"] == "unknown"
    await admin.post("/clock", json={"advance_seconds": 601})
    demo = await get_token(api)  # the first access token has expired meanwhile
    late = await api.post(
        "/me/payment-password/reset", headers=bearer(demo), json={"new_password": "802461", "ticket": ticket}
    )
    assert error_of(late)["details"]["reason"] == "expired"
    assert verify_password("135790", member_row(runtime, DEMO_ID)["pay_password_hash"])


async def test_payment_sms_is_rate_limited_like_every_sms(api) -> None:
    token = await get_token(api)
    assert (await api.post("/me/payment-password/sms", headers=bearer(token))).status_code == 200
    again = await api.post("/me/payment-password/sms", headers=bearer(token))
    assert again.status_code == 429 and error_of(again)["code"] == "SMS_RATE_LIMITED"


async def test_the_journal_and_responses_carry_no_secrets(api, runtime) -> None:
    ticket = await ticket_for(api)
    await api.post("/registration/sms", json={"ticket": ticket})
    code = latest_code(runtime, WU_PHONE)
    await api.post("/registration/complete", json={"ticket": ticket, "sms_code": code, "password": NEW_PASSWORD})
    journal = repr(list(runtime.journal))
    for secret in (ticket, code, NEW_PASSWORD, WU_ID):
        assert secret not in journal


async def test_guessing_passwords_from_a_session_is_limited(api) -> None:
    """A signed-in session must not become a way to try every old password or payment password."""
    from tests.conftest import bearer, get_token

    token = await get_token(api)
    for remaining in (4, 3, 2, 1):
        wrong = await api.put(
            "/me/payment-password", headers=bearer(token), json={"old_password": "000000", "new_password": "246813"}
        )
        assert wrong.json()["error"]["details"]["remaining_attempts"] == remaining
    locked = await api.put(
        "/me/payment-password", headers=bearer(token), json={"old_password": "000000", "new_password": "246813"}
    )
    assert locked.status_code == 423 and "今日不能再使用支付密码" in locked.json()["error"]["message"]
    # The same daily count stops withdrawals too: the right payment password is refused today.
    again = await api.put(
        "/me/payment-password", headers=bearer(token), json={"old_password": "135790", "new_password": "246813"}
    )
    assert again.status_code == 423
    for _ in range(4):
        await api.put(
            "/me/password", headers=bearer(token), json={"old_password": "guess1234", "new_password": "newpass88"}
        )
    fifth = await api.put(
        "/me/password", headers=bearer(token), json={"old_password": "guess1234", "new_password": "newpass88"}
    )
    assert fifth.status_code == 423 and "账户已锁定 15 分钟并退出登录" in fifth.json()["error"]["message"]
    after = await api.get("/me/account", headers=bearer(token))
    assert after.status_code == 401
