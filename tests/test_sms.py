"""The simulated SMS codes: validity, resend interval, hourly cap, wrong tries, single use."""

from __future__ import annotations

import pytest

from mock_server.problems import ApiProblem
from mock_server.services import sms

PHONE = "13800000002"


def send(runtime, purpose: str = "register") -> dict:
    with runtime.store.transaction() as db:
        return sms.send_code(db, runtime, PHONE, purpose)


def check(runtime, code: str, purpose: str = "register") -> None:
    with runtime.store.transaction(keep_on_refusal=True) as db:
        sms.check_code(db, runtime, PHONE, purpose, code)


def outbox(runtime) -> list[str]:
    return [row[0] for row in runtime.store.conn.execute("SELECT code FROM sms_codes ORDER BY id")]


def test_code_is_six_digits_valid_once(runtime) -> None:
    assert send(runtime) == {"resend_after": 60, "expires_in": 300}
    code = outbox(runtime)[-1]
    assert len(code) == 6 and code.isdigit()
    check(runtime, code)
    with pytest.raises(ApiProblem) as again:
        check(runtime, code)
    assert again.value.code == "SMS_CODE_INVALID"


def test_resend_waits_sixty_seconds(runtime) -> None:
    send(runtime)
    runtime.clock.advance(30)
    with pytest.raises(ApiProblem) as early:
        send(runtime)
    assert early.value.code == "SMS_RATE_LIMITED" and early.value.details["retry_after_seconds"] == 31
    runtime.clock.advance(31)
    send(runtime)
    used = [row[0] for row in runtime.store.conn.execute("SELECT used FROM sms_codes ORDER BY id")]
    assert used == [1, 0]  # the new code replaces the old one
    check(runtime, outbox(runtime)[-1])


def test_at_most_five_an_hour(runtime) -> None:
    for _ in range(5):
        send(runtime, "withdrawal")
        runtime.clock.advance(61)
    with pytest.raises(ApiProblem) as capped:
        send(runtime, "reset_password")  # the cap is per phone, whatever the purpose
    assert "一小时内获取验证码已达 5 次上限" in capped.value.message
    runtime.clock.advance(3600)
    send(runtime, "reset_password")


def test_expires_after_five_minutes(runtime) -> None:
    send(runtime)
    code = outbox(runtime)[-1]
    runtime.clock.advance(301)
    with pytest.raises(ApiProblem) as late:
        check(runtime, code)
    assert late.value.message == "短信验证码已过期，请重新获取"


def test_five_wrong_tries_kill_the_code(runtime) -> None:
    send(runtime)
    code = outbox(runtime)[-1]
    wrong = "000000" if code != "000000" else "111111"
    for remaining in (4, 3, 2, 1):
        with pytest.raises(ApiProblem) as caught:
            check(runtime, wrong)
        assert caught.value.details["remaining_attempts"] == remaining
    with pytest.raises(ApiProblem) as dead:
        check(runtime, wrong)
    assert dead.value.message == "短信验证码错误次数过多，已失效，请重新获取"
    with pytest.raises(ApiProblem):
        check(runtime, code)


def test_codes_of_one_purpose_do_not_open_another(runtime) -> None:
    send(runtime, "withdrawal")
    with pytest.raises(ApiProblem) as other:
        check(runtime, outbox(runtime)[-1], purpose="register")
    assert other.value.message == "请先获取短信验证码"


def test_listener_hears_every_code(mock_app) -> None:
    runtime = mock_app.state.runtime
    heard: list[tuple[str, str, str]] = []
    runtime.settings.sms_listener = lambda *args: heard.append(args)
    send(runtime)
    assert heard == [(PHONE, outbox(runtime)[-1], "注册")]
