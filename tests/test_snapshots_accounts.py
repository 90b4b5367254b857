"""Snapshots of every step of 注册, 忘记密码 and the password functions at 80×24 (pinned date, seed, captcha).

Update after an intended change with ``make snapshot-update`` and look at the SVGs before committing.
"""

from __future__ import annotations

import pytest

from tests.conftest import CAPTCHA, DEMO_ID, DEMO_PHONE, make_app
from tests.test_accounts_ui import (
    NEW_PASSWORD,
    WU_ID,
    WU_NAME,
    WU_PHONE,
    ZHOU_ID,
    ZHOU_NAME,
    fill,
    latest_code,
    open_registration,
    open_reset,
    pass_identity,
    pass_sms,
    set_password,
)
from tests.ui import captcha_ready, login, settle, type_into, wait_for_text, wait_until

SIZE = (80, 24)


async def sms_sent(pilot) -> None:
    """Ask for the code, then stop the countdown so the picture does not depend on the second."""
    await pilot.press("enter")
    await wait_until(pilot, lambda: pilot.app.screen.sms_field.sent_to, what="code sent")
    pilot.app.screen.sms_field.end_countdown()
    await settle(pilot)


def snap(snap_compare, mock_app, steps) -> bool:
    return bool(snap_compare(make_app(mock_app), terminal_size=SIZE, run_before=steps))


# --- 注册 ------------------------------------------------------------------------------------------


def test_agreement(snap_compare, mock_app) -> None:
    async def steps(pilot) -> None:
        await captcha_ready(pilot)
        await pilot.press("f2")
        await wait_until(pilot, lambda: hasattr(pilot.app.screen, "read_to_end"))
        await settle(pilot)

    assert snap(snap_compare, mock_app, steps)


def test_agreement_read_to_the_end(snap_compare, mock_app) -> None:
    async def steps(pilot) -> None:
        await captcha_ready(pilot)
        await pilot.press("f2")
        await wait_until(pilot, lambda: hasattr(pilot.app.screen, "read_to_end"))
        await pilot.press("end")
        scroll = pilot.app.screen.query_one("#agreement-text")
        await wait_until(pilot, lambda: scroll.max_scroll_y > 0 and scroll.scroll_y == scroll.max_scroll_y)
        await settle(pilot)

    assert snap(snap_compare, mock_app, steps)


def test_registration_identity(snap_compare, mock_app) -> None:
    async def steps(pilot) -> None:
        await open_registration(pilot)
        await settle(pilot)

    assert snap(snap_compare, mock_app, steps)


def test_registration_refused_closed_account(snap_compare, mock_app) -> None:
    async def steps(pilot) -> None:
        await open_registration(pilot)
        await fill(pilot, {"name": ZHOU_NAME, "id_number": ZHOU_ID, "captcha": CAPTCHA})
        await pilot.press("enter")
        await wait_for_text(pilot, "职工状态为销户状态，不允许注册。")
        await captcha_ready(pilot)
        await settle(pilot)

    assert snap(snap_compare, mock_app, steps)


def test_registration_identity_mismatch(snap_compare, mock_app) -> None:
    async def steps(pilot) -> None:
        await open_registration(pilot)
        await fill(pilot, {"name": "吴雷", "id_number": WU_ID, "captcha": CAPTCHA})
        await pilot.press("enter")
        await wait_until(pilot, lambda: pilot.app.screen.query_one("#flow-banner").display)
        await captcha_ready(pilot)
        await settle(pilot)

    assert snap(snap_compare, mock_app, steps)


def test_registration_field_errors(snap_compare, mock_app) -> None:
    async def steps(pilot) -> None:
        await open_registration(pilot)
        await fill(pilot, {"name": WU_NAME, "id_number": "110101198001010095"})
        await pilot.click("#next")
        await settle(pilot)

    assert snap(snap_compare, mock_app, steps)


def test_registration_sms_step(snap_compare, mock_app) -> None:
    async def steps(pilot) -> None:
        await open_registration(pilot)
        await pass_identity(pilot, WU_NAME, WU_ID)
        await settle(pilot)

    assert snap(snap_compare, mock_app, steps)


def test_registration_sms_wrong_code(snap_compare, mock_app) -> None:
    async def steps(pilot) -> None:
        await open_registration(pilot)
        await pass_identity(pilot, WU_NAME, WU_ID)
        await sms_sent(pilot)
        code = latest_code(mock_app.state.runtime, WU_PHONE)
        await type_into(pilot, "#sms_code", "000000" if code != "000000" else "111111")
        await pilot.press("enter")
        await settle(pilot)

    assert snap(snap_compare, mock_app, steps)


def test_registration_password_rules(snap_compare, mock_app) -> None:
    async def steps(pilot) -> None:
        await open_registration(pilot)
        await pass_identity(pilot, WU_NAME, WU_ID)
        await pass_sms(pilot, mock_app.state.runtime, WU_PHONE)
        await fill(pilot, {"password": "abcdefgh", "confirm": "abc"})
        await settle(pilot)

    assert snap(snap_compare, mock_app, steps)


def test_registration_done(snap_compare, mock_app) -> None:
    async def steps(pilot) -> None:
        await open_registration(pilot)
        await pass_identity(pilot, WU_NAME, WU_ID)
        await pass_sms(pilot, mock_app.state.runtime, WU_PHONE)
        await set_password(pilot, NEW_PASSWORD)
        await wait_until(pilot, lambda: pilot.app.screen.finished)
        await settle(pilot)

    assert snap(snap_compare, mock_app, steps)


def test_back_at_login_after_registering(snap_compare, mock_app) -> None:
    async def steps(pilot) -> None:
        await open_registration(pilot)
        await pass_identity(pilot, WU_NAME, WU_ID)
        await pass_sms(pilot, mock_app.state.runtime, WU_PHONE)
        await set_password(pilot, NEW_PASSWORD)
        await wait_until(pilot, lambda: pilot.app.screen.finished)
        await pilot.press("enter")
        await wait_until(pilot, lambda: type(pilot.app.screen).__name__ == "LoginScreen")
        await captcha_ready(pilot)
        await settle(pilot)

    assert snap(snap_compare, mock_app, steps)


# --- 忘记密码 ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("asks_phone", [False, True], ids=["name-and-id", "with-phone"])
def test_reset_identity(snap_compare, mock_app, asks_phone) -> None:
    mock_app.state.runtime.reset_requires_phone = asks_phone

    async def steps(pilot) -> None:
        await open_reset(pilot)
        await settle(pilot)

    assert snap(snap_compare, mock_app, steps)


def test_reset_sms_sent(snap_compare, mock_app) -> None:
    async def steps(pilot) -> None:
        await open_reset(pilot)
        await pass_identity(pilot, "张伟", DEMO_ID)
        await sms_sent(pilot)

    assert snap(snap_compare, mock_app, steps)


def test_reset_same_as_old(snap_compare, mock_app) -> None:
    async def steps(pilot) -> None:
        await open_reset(pilot)
        await pass_identity(pilot, "张伟", DEMO_ID)
        await pass_sms(pilot, mock_app.state.runtime, DEMO_PHONE)
        await set_password(pilot, "demo1234")
        await settle(pilot)

    assert snap(snap_compare, mock_app, steps)


def test_reset_done(snap_compare, mock_app) -> None:
    async def steps(pilot) -> None:
        await open_reset(pilot)
        await pass_identity(pilot, "张伟", DEMO_ID)
        await pass_sms(pilot, mock_app.state.runtime, DEMO_PHONE)
        await set_password(pilot, NEW_PASSWORD)
        await wait_until(pilot, lambda: pilot.app.screen.finished)
        await settle(pilot)

    assert snap(snap_compare, mock_app, steps)


# --- signed in ------------------------------------------------------------------------------------


def test_login_password_change_errors(snap_compare, mock_app) -> None:
    async def steps(pilot) -> None:
        await login(pilot)
        await pilot.app.open_function("change_password")
        await settle(pilot)
        await fill(pilot, {"old": "wrong9999", "new": NEW_PASSWORD, "confirm": NEW_PASSWORD})
        await pilot.press("enter")
        await settle(pilot)

    assert snap(snap_compare, mock_app, steps)


def test_login_password_changed(snap_compare, mock_app) -> None:
    async def steps(pilot) -> None:
        await login(pilot)
        await pilot.app.open_function("change_password")
        await settle(pilot)
        await fill(pilot, {"old": "demo1234", "new": NEW_PASSWORD, "confirm": NEW_PASSWORD})
        await pilot.press("enter")
        await settle(pilot)

    assert snap(snap_compare, mock_app, steps)


def test_payment_password_change_rules(snap_compare, mock_app) -> None:
    async def steps(pilot) -> None:
        await login(pilot)
        await pilot.app.open_function("change_pay_password")
        await settle(pilot)
        await fill(pilot, {"old": "135790", "new": "135790", "confirm": "135790"})
        await pilot.press("enter")
        await wait_for_text(pilot, "新密码不能与原密码相同", "✓ 两次输入一致")
        await settle(pilot)

    assert snap(snap_compare, mock_app, steps)


def test_payment_password_recovery_sms(snap_compare, mock_app) -> None:
    async def steps(pilot) -> None:
        await login(pilot)
        await pilot.app.open_function("reset_pay_password")
        await settle(pilot)
        await sms_sent(pilot)

    assert snap(snap_compare, mock_app, steps)


def test_payment_password_recovery_new_password(snap_compare, mock_app) -> None:
    async def steps(pilot) -> None:
        await login(pilot)
        await pilot.app.open_function("reset_pay_password")
        await settle(pilot)
        await sms_sent(pilot)
        await type_into(pilot, "#sms_code", latest_code(mock_app.state.runtime, DEMO_PHONE))
        await pilot.press("enter")
        await wait_until(pilot, lambda: pilot.app.screen.step == 1)
        await fill(pilot, {"new": "1234"})
        await settle(pilot)

    assert snap(snap_compare, mock_app, steps)


def test_payment_password_recovered(snap_compare, mock_app) -> None:
    async def steps(pilot) -> None:
        await login(pilot)
        await pilot.app.open_function("reset_pay_password")
        await settle(pilot)
        await sms_sent(pilot)
        await type_into(pilot, "#sms_code", latest_code(mock_app.state.runtime, DEMO_PHONE))
        await pilot.press("enter")
        await wait_until(pilot, lambda: pilot.app.screen.step == 1)
        await fill(pilot, {"new": "802461", "confirm": "802461"})
        await pilot.press("enter")
        await wait_until(pilot, lambda: pilot.app.screen.step == 2)
        await settle(pilot)

    assert snap(snap_compare, mock_app, steps)
