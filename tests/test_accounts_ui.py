"""注册, 忘记密码, 登录/支付密码变更 and 支付密码找回, driven with Pilot like a person at the keyboard.

SMS codes are read from the mock's outbox, as a tester would; what the server stored is checked too.
"""

from __future__ import annotations

from textual.widgets import Button, Input

from mock_server.security import verify_password
from tests.conftest import CAPTCHA, DEMO_ID, DEMO_PHONE, PASSWORD, ManualClock, get_token, latest_code, make_app
from tests.ui import (
    captcha_ready,
    field_error,
    login,
    login_by_keyboard,
    logout_by_keyboard,
    open_function,
    screen_name,
    screen_text,
    settle,
    type_into,
    wait_for_screen,
    wait_for_text,
    wait_until,
)

WU_NAME, WU_ID, WU_PHONE = "吴磊", "110101198001010096", "13800000008"
ZHOU_NAME, ZHOU_ID = "周芳", "510107199510300080"
NEW_PASSWORD = "newpass88"
MISMATCH_ADVICE = "请及时告知单位经办人，由单位经办人在网厅单位版上进行修改。"


def sms_count(runtime, phone: str) -> int:
    return int(runtime.store.conn.execute("SELECT COUNT(*) FROM sms_codes WHERE phone = ?", (phone,)).fetchone()[0])


def member(runtime, id_number: str):
    return runtime.store.conn.execute("SELECT * FROM members WHERE id_number = ?", (id_number,)).fetchone()


def value(app, input_id: str) -> str:
    return str(app.screen.query_one(f"#{input_id}", Input).value)


def banner(app) -> str:
    widget = app.screen.query_one("#flow-banner")
    return str(widget.render()) if widget.display else ""


def step_title(app) -> str:
    return str(app.screen.query_one("#flow-box").border_title)


async def fill(pilot, values: dict[str, str]) -> None:
    for input_id, text in values.items():
        pilot.app.screen.query_one(f"#{input_id}", Input).value = ""
        await type_into(pilot, f"#{input_id}", text)


async def open_registration(pilot) -> None:
    """F2 on the login screen, read the agreement to its end, agree."""
    await captcha_ready(pilot)
    await pilot.press("f2")
    await wait_for_screen(pilot, "RegistrationAgreementScreen")
    await pilot.press("end")
    await wait_until(pilot, lambda: pilot.app.screen.read_to_end, what="agreement read")
    await pilot.click("#agree")
    await wait_for_screen(pilot, "RegistrationScreen")
    await captcha_ready(pilot)


async def open_reset(pilot) -> None:
    await captcha_ready(pilot)
    await pilot.press("f3")
    await wait_for_screen(pilot, "PasswordResetScreen")
    await captcha_ready(pilot)
    await wait_until(pilot, lambda: pilot.app.screen.variant_known, what="reset variant")


async def pass_identity(pilot, name: str, id_number: str, **extra: str) -> None:
    await fill(pilot, {"name": name, "id_number": id_number, **extra, "captcha": CAPTCHA})
    await pilot.press("enter")
    await wait_until(pilot, lambda: step_title(pilot.app) == "短信校验", what="SMS step")


async def pass_sms(pilot, runtime, phone: str) -> None:
    await pilot.press("enter")  # the send button has the focus
    await wait_until(pilot, lambda: pilot.app.screen.sms_field.sent_to, what="code sent")
    await type_into(pilot, "#sms_code", latest_code(runtime, phone))
    await pilot.press("enter")
    await wait_until(pilot, lambda: step_title(pilot.app) in ("设置密码", "设置新密码"), what="password step")


async def set_password(pilot, password: str, confirm: str | None = None) -> None:
    await fill(pilot, {"password": password, "confirm": password if confirm is None else confirm})
    await pilot.press("enter")


async def login_with(pilot, password: str) -> None:
    """On the login screen with the username already filled in: type the password and the captcha."""
    await captcha_ready(pilot)
    await fill(pilot, {"password": password, "captcha": CAPTCHA})
    await pilot.press("enter")


# --- 注册 ------------------------------------------------------------------------------------------


async def test_wu_lei_registers_and_then_logs_in_with_the_new_password(mock_app) -> None:
    app = make_app(mock_app)
    runtime = mock_app.state.runtime
    async with app.run_test(size=(80, 24)) as pilot:
        await open_registration(pilot)
        assert "● 信息校验" in screen_text(app) and "○ 注册完成" in screen_text(app)
        await pass_identity(pilot, WU_NAME, WU_ID)
        text = screen_text(app)
        assert "138****0008" in text and "✓ 信息校验" in text and WU_PHONE not in text
        assert app.screen.focused is app.screen.sms_field.button
        await pass_sms(pilot, runtime, WU_PHONE)
        assert "验证通过！请设置您的登录密码以完成注册。" in screen_text(app)
        await set_password(pilot, NEW_PASSWORD)
        await wait_until(pilot, lambda: step_title(app) == "注册完成", what="done")
        text = screen_text(app)
        assert "注册成功！" in text and "吴*" in text and "110101********0096" in text and WU_ID not in text
        assert all(value(app, i) == "" for i in ("password", "confirm", "sms_code"))  # no secret left behind
        assert member(runtime, WU_ID)["registered"] == 1
        await pilot.press("enter")  # 立即登录
        await wait_for_text(pilot, "注册成功，请输入刚设置的登录密码和验证码登录。")
        assert screen_name(app) == "LoginScreen"
        assert value(app, "username") == WU_ID and app.screen.focused is app.screen.query_one("#password")
        assert "注册成功，请输入刚设置的登录密码和验证码登录。" in screen_text(app)
        await login_with(pilot, NEW_PASSWORD)
        await wait_for_text(pilot, "吴* 110101********0096")
        assert screen_name(app) == "HomeScreen"
        assert "吴* 110101********0096" in screen_text(app)


async def test_the_agreement_is_read_to_the_end_and_refusing_goes_back(mock_app) -> None:
    app = make_app(mock_app)
    async with app.run_test(size=(80, 24)) as pilot:
        await captcha_ready(pilot)
        await pilot.click("#register")
        await wait_for_text(pilot, "一、服务内容", "请阅读协议全文")
        assert screen_name(app) == "RegistrationAgreementScreen"
        agree = app.screen.query_one("#agree", Button)
        assert agree.disabled and "一、服务内容" in screen_text(app)
        assert "请阅读协议全文" in screen_text(app)
        await pilot.click("#agree")
        assert screen_name(app) == "RegistrationAgreementScreen"  # not before it has been read
        await pilot.press("pagedown")
        await settle(pilot)
        assert agree.disabled
        await pilot.press("end")
        await wait_until(pilot, lambda: not agree.disabled, what="read to the end")
        assert "协议全文完" in screen_text(app) and "您已阅读协议全文" in screen_text(app)
        await pilot.click("#disagree")
        await wait_for_screen(pilot, "LoginScreen")
        await pilot.press("f2")
        await wait_for_screen(pilot, "RegistrationAgreementScreen")
        await pilot.press("escape")  # nothing typed: straight back, no question
        await wait_for_screen(pilot, "LoginScreen")
        assert len(app.screen_stack) == 1


async def test_zhou_fang_is_refused_because_the_account_is_closed(mock_app) -> None:
    app = make_app(mock_app)
    runtime = mock_app.state.runtime
    async with app.run_test(size=(80, 24)) as pilot:
        await open_registration(pilot)
        await fill(pilot, {"name": ZHOU_NAME, "id_number": ZHOU_ID, "captcha": CAPTCHA})
        await pilot.press("enter")
        await wait_until(pilot, lambda: banner(app), what="refusal")
        assert banner(app) == "职工状态为销户状态，不允许注册。"
        assert "职工状态为销户状态，不允许注册。" in screen_text(app)
        assert step_title(app) == "信息校验"
        assert value(app, "name") == ZHOU_NAME and value(app, "id_number") == ZHOU_ID
        assert value(app, "captcha") == ""  # spent: a new picture is drawn
        assert app.screen.query_one("#id_number", Input).has_class("-invalid")
        await captcha_ready(pilot)
        assert runtime.store.conn.execute("SELECT COUNT(*) FROM tickets").fetchone()[0] == 0


async def test_a_name_that_does_not_match_gives_the_manuals_advice(mock_app) -> None:
    app = make_app(mock_app)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_registration(pilot)
        await fill(pilot, {"name": "吴雷", "id_number": WU_ID, "captcha": CAPTCHA})
        await pilot.press("enter")
        await wait_until(pilot, lambda: banner(app), what="refusal")
        assert banner(app).startswith("个人信息有误，注册失败：姓名与证件号码不符，或未在中心登记。")
        assert banner(app).endswith(MISMATCH_ADVICE)
        assert value(app, "name") == "吴雷"
        # Correcting the name clears the marks; the next attempt goes through.
        await fill(pilot, {"name": WU_NAME})
        assert banner(app) == "" and not app.screen.query_one("#id_number", Input).has_class("-invalid")
        await captcha_ready(pilot)
        await fill(pilot, {"captcha": CAPTCHA})
        await pilot.press("enter")
        await wait_until(pilot, lambda: step_title(app) == "短信校验", what="SMS step")


async def test_an_already_registered_member_is_sent_to_log_in(mock_app) -> None:
    app = make_app(mock_app)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_registration(pilot)
        await fill(pilot, {"name": "张伟", "id_number": DEMO_ID, "captcha": CAPTCHA})
        await pilot.press("enter")
        await wait_until(pilot, lambda: banner(app), what="refusal")
        assert banner(app) == "您已注册过个人信息，请直接使用证件号码或手机号登录，不需要重复注册。"
        side = app.screen.query_one("#side", Button)
        assert side.display and str(side.label) == "直接登录"
        await pilot.click("#side")
        await wait_for_screen(pilot, "LoginScreen")
        assert value(app, "username") == DEMO_ID
        await login_with(pilot, PASSWORD)
        await wait_for_screen(pilot, "HomeScreen")


async def test_the_form_is_checked_before_any_request(mock_app) -> None:
    app = make_app(mock_app)
    runtime = mock_app.state.runtime
    async with app.run_test(size=(80, 24)) as pilot:
        await open_registration(pilot)
        runtime.journal.clear()
        await pilot.click("#next")
        await pilot.pause()
        assert field_error(app, "name") == "请输入姓名"
        assert field_error(app, "id_number") == "请输入证件号码"
        assert field_error(app, "captcha") == "请输入验证码"
        await fill(pilot, {"name": WU_NAME, "id_number": "110101198001010095", "captcha": "K7"})
        await pilot.press("enter")
        await pilot.pause()
        assert field_error(app, "id_number") == "证件号码校验位不正确，请核对"
        assert field_error(app, "captcha") == "验证码为 4 位"
        assert app.screen.focused is app.screen.query_one("#id_number")
        assert [entry.path for entry in runtime.journal] == []
        assert value(app, "id_number") == "110101198001010095"


async def test_a_wrong_captcha_is_told_at_the_captcha(mock_app) -> None:
    app = make_app(mock_app)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_registration(pilot)
        await fill(pilot, {"name": WU_NAME, "id_number": WU_ID, "captcha": "AAAA"})
        await pilot.press("enter")
        await wait_until(pilot, lambda: field_error(app, "captcha"), what="captcha error")
        assert field_error(app, "captcha") == "验证码错误，请重新输入"
        assert value(app, "name") == WU_NAME and value(app, "id_number") == WU_ID


async def test_a_wrong_sms_code_is_told_at_the_code_and_kept(mock_app) -> None:
    app = make_app(mock_app)
    runtime = mock_app.state.runtime
    async with app.run_test(size=(80, 24)) as pilot:
        await open_registration(pilot)
        await pass_identity(pilot, WU_NAME, WU_ID)
        await pilot.press("tab")  # from the send button back to the code: nothing sent yet
        await pilot.press("shift+tab")
        await pilot.click("#next")
        await pilot.pause()
        assert field_error(app, "sms_code") == "请先按【获取短信验证码】"
        await pilot.click(".sms-send")
        await wait_until(pilot, lambda: app.screen.sms_field.sent_to, what="code sent")
        assert "验证码已发送至 138****0008，5 分钟内有效" in screen_text(app)
        code = latest_code(runtime, WU_PHONE)
        wrong = "000000" if code != "000000" else "111111"
        await type_into(pilot, "#sms_code", wrong)
        await pilot.press("enter")
        await wait_until(pilot, lambda: field_error(app, "sms_code"), what="code error")
        assert field_error(app, "sms_code") == "短信验证码错误，还可以再试 4 次"
        assert value(app, "sms_code") == wrong and step_title(app) == "短信校验"
        app.screen.query_one("#sms_code", Input).value = ""
        await type_into(pilot, "#sms_code", code)
        assert field_error(app, "sms_code") == ""  # typing clears the old message
        await pilot.press("enter")
        await wait_until(pilot, lambda: step_title(app) == "设置密码", what="password step")


async def test_the_resend_countdown_and_the_hourly_cap(mock_app) -> None:
    from mock_server.services import sms

    clock = ManualClock()
    app = make_app(mock_app, monotonic=clock)
    runtime = mock_app.state.runtime
    async with app.run_test(size=(80, 24)) as pilot:
        await open_registration(pilot)
        await pass_identity(pilot, WU_NAME, WU_ID)
        await pilot.press("enter")
        await wait_until(pilot, lambda: app.screen.sms_field.sent_to, what="code sent")
        button = app.screen.sms_field.button

        def seconds_left() -> int:
            label = str(button.label)
            assert label.startswith("重新获取（") and label.endswith(" 秒）"), label
            return int(label.removeprefix("重新获取（").removesuffix(" 秒）"))

        assert button.disabled and seconds_left() == 60
        clock.advance(3)
        await wait_until(pilot, lambda: seconds_left() == 57, what="the countdown to move")
        await pilot.click(".sms-send")
        await settle(pilot)
        assert sms_count(runtime, WU_PHONE) == 1  # nothing sent while counting down
        # Four more codes reach the phone meanwhile (another window, say): the hourly cap is reached.
        for _ in range(4):
            runtime.clock.advance(61)
            with runtime.store.transaction() as db:
                sms.send_code(db, runtime, WU_PHONE, "register")
        runtime.clock.advance(61)
        clock.advance(58)  # and on the app's: the button is back
        await wait_until(pilot, lambda: str(button.label) == "重新获取验证码", what="the countdown to end")
        assert not button.disabled
        await pilot.click(".sms-send")
        await wait_until(pilot, lambda: field_error(app, "sms_code"), what="rate limit")
        assert field_error(app, "sms_code") == "该手机号一小时内获取验证码已达 5 次上限，请稍后再试"
        assert sms_count(runtime, WU_PHONE) == 5


async def test_the_password_rules_show_as_typed_and_stop_a_bad_password(mock_app) -> None:
    app = make_app(mock_app)
    runtime = mock_app.state.runtime
    async with app.run_test(size=(80, 24)) as pilot:
        await open_registration(pilot)
        await pass_identity(pilot, WU_NAME, WU_ID)
        await pass_sms(pilot, runtime, WU_PHONE)
        assert "○ 长度 8–20 位" in screen_text(app)  # nothing typed yet
        await type_into(pilot, "#password", "abc")
        text = screen_text(app)
        assert "✗ 长度 8–20 位" in text and "✓ 包含字母" in text and "✗ 包含数字" in text
        assert "✗ 两次输入一致" in text
        await pilot.click("#next")
        await pilot.pause()
        assert field_error(app, "password") == "登录密码须为 8–20 位字母和数字组合（长度 8–20 位）"
        await fill(pilot, {"password": NEW_PASSWORD, "confirm": "newpass89"})
        assert "✓ 长度 8–20 位" in screen_text(app) and "✗ 两次输入一致" in screen_text(app)
        await pilot.press("enter")
        await pilot.pause()
        assert field_error(app, "confirm") == "两次输入的密码不一致"
        assert member(runtime, WU_ID)["registered"] == 0
        await fill(pilot, {"confirm": NEW_PASSWORD})
        assert "✓ 两次输入一致" in screen_text(app)
        await pilot.press("enter")
        await wait_until(pilot, lambda: step_title(app) == "注册完成", what="done")


async def test_an_expired_ticket_goes_back_to_the_first_step_keeping_what_was_typed(mock_app) -> None:
    app = make_app(mock_app)
    runtime = mock_app.state.runtime
    async with app.run_test(size=(80, 24)) as pilot:
        await open_registration(pilot)
        await pass_identity(pilot, WU_NAME, WU_ID)
        runtime.clock.advance(601)
        await pilot.press("enter")  # 获取短信验证码, ten minutes later
        await wait_until(pilot, lambda: step_title(app) == "信息校验", what="back to the first step")
        assert banner(app) == "操作超时（10 分钟内未完成），请重新进行信息校验"
        assert value(app, "name") == WU_NAME and value(app, "id_number") == WU_ID
        await captcha_ready(pilot)
        await pass_identity(pilot, WU_NAME, WU_ID)


async def test_a_ticket_that_expires_at_the_last_step_names_the_button_of_the_first(mock_app) -> None:
    """The ticket runs out while 【提交】 is busy: back at 信息校验 the button says 【信息验证】, not what
    it said before the call."""
    app = make_app(mock_app)
    runtime = mock_app.state.runtime
    async with app.run_test(size=(80, 24)) as pilot:
        await open_registration(pilot)
        await pass_identity(pilot, WU_NAME, WU_ID)
        await pass_sms(pilot, runtime, WU_PHONE)
        runtime.clock.advance(601)
        await set_password(pilot, NEW_PASSWORD)
        await wait_until(pilot, lambda: step_title(app) == "信息校验", what="back to the first step")
        assert banner(app) == "操作超时（10 分钟内未完成），请重新进行信息校验"
        button = app.screen.query_one("#next", Button)
        assert str(button.label) == "信息验证" and not button.disabled
        assert member(runtime, WU_ID)["registered"] == 0


async def test_esc_asks_before_dropping_what_was_typed(mock_app) -> None:
    app = make_app(mock_app)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_registration(pilot)
        await type_into(pilot, "#name", WU_NAME)
        await pilot.press("escape")
        await wait_for_text(pilot, "确定要放弃注册吗？已填写的内容不会保存。")
        assert screen_name(app) == "ConfirmDialog"
        assert "确定要放弃注册吗？已填写的内容不会保存。" in screen_text(app)
        await pilot.press("n")
        await wait_for_screen(pilot, "RegistrationScreen")
        assert value(app, "name") == WU_NAME
        await pilot.press("escape")
        await wait_for_screen(pilot, "ConfirmDialog")
        await pilot.press("y")
        await wait_for_screen(pilot, "LoginScreen")
        assert len(app.screen_stack) == 1 and value(app, "username") == ""


async def test_a_server_failure_is_shown_and_nothing_typed_is_lost(mock_app, admin) -> None:
    app = make_app(mock_app)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_registration(pilot)
        await admin.post("/faults", json={"path_prefix": "/api/v1/registration/identity", "status": 503})
        await fill(pilot, {"name": WU_NAME, "id_number": WU_ID, "captcha": CAPTCHA})
        await pilot.press("enter")
        await wait_until(pilot, lambda: banner(app), what="failure")
        assert banner(app) == "服务暂时不可用，请稍后重试（模拟故障）"
        assert value(app, "name") == WU_NAME and value(app, "id_number") == WU_ID
        assert step_title(app) == "信息校验"
        await captcha_ready(pilot)
        await pass_identity(pilot, WU_NAME, WU_ID)  # the fault was one-off: trying again works


async def test_giving_up_keeps_what_was_typed_on_the_login_screen(mock_app) -> None:
    app = make_app(mock_app)
    async with app.run_test(size=(80, 24)) as pilot:
        await captcha_ready(pilot)
        await fill(pilot, {"username": DEMO_PHONE, "password": PASSWORD})
        await pilot.press("f3")
        await wait_for_screen(pilot, "PasswordResetScreen")
        await pilot.press("escape")
        await wait_for_screen(pilot, "LoginScreen")
        assert value(app, "username") == DEMO_PHONE and value(app, "password") == PASSWORD
        await captcha_ready(pilot)
        await fill(pilot, {"captcha": CAPTCHA})
        await pilot.press("enter")
        await wait_for_screen(pilot, "HomeScreen")


async def test_f1_lists_the_keys_of_the_flow(mock_app) -> None:
    app = make_app(mock_app)
    async with app.run_test(size=(80, 24)) as pilot:
        await captcha_ready(pilot)
        assert "F2 注册" in screen_text(app) and "F3 忘记密码" in screen_text(app)
        await open_registration(pilot)
        await pilot.press("f1")
        await wait_for_text(pilot, "返回登录页（已填写内容时先确认）", "换一张验证码图片")
        assert screen_name(app) == "HelpScreen"
        text = screen_text(app)
        assert "返回登录页（已填写内容时先确认）" in text and "换一张验证码图片" in text
        await pilot.press("escape")
        await wait_for_screen(pilot, "RegistrationScreen")
        await pass_identity(pilot, WU_NAME, WU_ID)
        assert "F5 换验证码" not in screen_text(app)  # no captcha on this step


# --- 忘记密码 ----------------------------------------------------------------------------------------


async def test_the_demo_resets_its_password_and_logs_in_with_the_new_one(mock_app) -> None:
    app = make_app(mock_app)
    runtime = mock_app.state.runtime
    async with app.run_test(size=(80, 24)) as pilot:
        await open_reset(pilot)
        assert not app.screen.field("phone").display  # this centre does not ask for it
        await pass_identity(pilot, "张伟", DEMO_ID)
        assert "138****0001" in screen_text(app)
        await pass_sms(pilot, runtime, DEMO_PHONE)
        await set_password(pilot, PASSWORD)  # the old one
        await wait_until(pilot, lambda: field_error(app, "password"), what="same as old")
        assert field_error(app, "password") == "新密码不能与原密码相同"
        await set_password(pilot, NEW_PASSWORD)
        await wait_until(pilot, lambda: step_title(app) == "修改成功", what="done")
        assert "修改成功！请使用新密码登录。" in screen_text(app)
        await pilot.press("enter")
        await wait_for_text(pilot, "登录密码已修改，请使用新密码登录。")
        assert screen_name(app) == "LoginScreen"
        assert value(app, "username") == DEMO_ID
        assert "登录密码已修改，请使用新密码登录。" in screen_text(app)
        await login_with(pilot, PASSWORD)
        await wait_until(pilot, lambda: field_error(app, "password"), what="old password refused")
        await login_with(pilot, NEW_PASSWORD)
        await wait_for_screen(pilot, "HomeScreen")


async def test_the_variant_that_asks_for_the_phone_number(mock_app, admin) -> None:
    await admin.post("/settings", json={"reset_requires_phone": True})
    app = make_app(mock_app)
    runtime = mock_app.state.runtime
    async with app.run_test(size=(80, 24)) as pilot:
        await open_reset(pilot)
        assert app.screen.field("phone").display
        assert "手机号码" in screen_text(app)
        await fill(pilot, {"name": "张伟", "id_number": DEMO_ID, "captcha": CAPTCHA})
        await pilot.press("enter")
        await pilot.pause()
        assert field_error(app, "phone") == "请输入手机号码"
        await fill(pilot, {"phone": "13800000002"})
        await pilot.click("#next")
        await wait_until(pilot, lambda: banner(app), what="refusal")
        assert banner(app).startswith("手机号码与在中心预留的手机号码不一致。")
        assert app.screen.focused is app.screen.query_one("#phone")
        await captcha_ready(pilot)
        await pass_identity(pilot, "张伟", DEMO_ID, phone=DEMO_PHONE)
        await pass_sms(pilot, runtime, DEMO_PHONE)


async def test_someone_not_registered_is_offered_registration(mock_app) -> None:
    app = make_app(mock_app)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_reset(pilot)
        await fill(pilot, {"name": WU_NAME, "id_number": WU_ID, "captcha": CAPTCHA})
        await pilot.press("enter")
        await wait_until(pilot, lambda: banner(app), what="refusal")
        assert banner(app) == "您尚未注册网上服务大厅，请先注册。"
        await pilot.click("#side")
        await wait_for_screen(pilot, "RegistrationAgreementScreen")
        assert len(app.screen_stack) == 2  # the login screen is still underneath


# --- 登录密码变更 -------------------------------------------------------------------------------------


async def test_change_the_login_password_then_log_in_again(mock_app, api) -> None:
    app = make_app(mock_app)
    runtime = mock_app.state.runtime
    elsewhere = await get_token(api)  # the member is also signed in on another device
    async with app.run_test(size=(80, 24)) as pilot:
        await login(pilot)
        await open_function(pilot, "change_password")
        assert screen_name(app) == "LoginPasswordChangeScreen"
        assert "修改后，您在其他设备上的登录将全部退出。" in screen_text(app)
        await fill(pilot, {"old": "wrong9999", "new": NEW_PASSWORD, "confirm": NEW_PASSWORD})
        await pilot.press("enter")
        await wait_until(pilot, lambda: field_error(app, "old"), what="old password error")
        assert field_error(app, "old") == "原密码错误，还可以再试 4 次"
        assert [value(app, i) for i in ("old", "new", "confirm")] == ["wrong9999", NEW_PASSWORD, NEW_PASSWORD]
        await fill(pilot, {"old": PASSWORD, "new": PASSWORD, "confirm": PASSWORD})
        await pilot.press("enter")
        await wait_until(pilot, lambda: field_error(app, "new"), what="same as old")
        assert field_error(app, "new") == "新密码不能与原密码相同"
        await fill(pilot, {"new": "short1", "confirm": "short1"})
        assert "✗ 长度 8–20 位" in screen_text(app)
        await pilot.press("enter")
        await pilot.pause()
        assert field_error(app, "new") == "登录密码须为 8–20 位字母和数字组合（长度 8–20 位）"
        await fill(pilot, {"new": NEW_PASSWORD, "confirm": "newpass80"})
        await pilot.press("enter")
        await pilot.pause()
        assert field_error(app, "confirm") == "两次输入的新登录密码不一致"
        assert verify_password(PASSWORD, member(runtime, DEMO_ID)["password_hash"])
        await fill(pilot, {"confirm": NEW_PASSWORD})
        await pilot.press("enter")
        await wait_until(pilot, lambda: "登录密码修改成功" in screen_text(app), what="done")
        assert "您在其他设备上的 1 处登录已退出。" in screen_text(app)
        assert all(value(app, i) == "" for i in ("old", "new", "confirm"))
        assert (await api.get("/me/account", headers={"Authorization": f"Bearer {elsewhere}"})).status_code == 401
        await pilot.press("enter")  # 确定
        await wait_for_screen(pilot, "HomeScreen")
        await logout_by_keyboard(pilot)
        await login_by_keyboard(pilot, password=NEW_PASSWORD)
        assert screen_name(app) == "HomeScreen"


# --- 支付密码变更 and 找回 -------------------------------------------------------------------------------


async def test_change_the_payment_password(mock_app) -> None:
    app = make_app(mock_app)
    runtime = mock_app.state.runtime
    async with app.run_test(size=(80, 24)) as pilot:
        await login(pilot)
        await open_function(pilot, "change_pay_password")
        await fill(pilot, {"old": "135790", "new": "135790", "confirm": "135790"})
        await pilot.press("enter")
        await wait_until(pilot, lambda: field_error(app, "new"), what="same as old")
        assert field_error(app, "new") == "新密码不能与原密码相同"
        await fill(pilot, {"new": "123456", "confirm": "123456"})
        assert "✗ 不能是连续数字" in screen_text(app)
        await pilot.press("enter")
        await pilot.pause()
        assert field_error(app, "new") == "支付密码不能是连续的数字"
        await fill(pilot, {"old": "000000", "new": "246813", "confirm": "246813"})
        await pilot.press("enter")
        await wait_until(pilot, lambda: field_error(app, "old"), what="wrong old")
        assert field_error(app, "old") == "原支付密码错误，还可以再试 4 次"
        await fill(pilot, {"old": "135790"})
        await pilot.press("enter")
        await wait_until(pilot, lambda: "支付密码修改成功" in screen_text(app), what="done")
        assert verify_password("246813", member(runtime, DEMO_ID)["pay_password_hash"])


async def test_payment_password_recovery_survives_an_answer_that_is_not_the_api(mock_app) -> None:
    """An error without a field (a proxy's HTML page here) is shown in the message line: no crash."""
    from mock_server.runtime import Fault

    app = make_app(mock_app)
    runtime = mock_app.state.runtime
    async with app.run_test(size=(80, 24)) as pilot:
        await login(pilot)
        await open_function(pilot, "reset_pay_password")
        await pilot.press("enter")  # 获取短信验证码
        await wait_until(pilot, lambda: app.screen.sms_field.sent_to, what="code sent")
        await type_into(pilot, "#sms_code", latest_code(runtime, DEMO_PHONE))
        await pilot.press("enter")
        await wait_for_text(pilot, "● 设置支付密码")
        runtime.add_fault(Fault(path_prefix="/api/v1/me/payment-password/reset", kind="malformed", status=502))
        await fill(pilot, {"new": "802461", "confirm": "802461"})
        await pilot.press("enter")
        await wait_for_text(pilot, "服务器 演示模式 出错（HTTP 502），请稍后重试")
        assert app.is_running and value(app, "new") == "802461"  # the input is kept for another try
        assert verify_password("135790", member(runtime, DEMO_ID)["pay_password_hash"])
        await pilot.click("#next")  # the same again, now answered
        await wait_for_text(pilot, "支付密码设置成功")
        assert verify_password("802461", member(runtime, DEMO_ID)["pay_password_hash"])


async def test_recover_the_payment_password_by_sms(mock_app) -> None:
    app = make_app(mock_app)
    runtime = mock_app.state.runtime
    async with app.run_test(size=(80, 24)) as pilot:
        await login(pilot)
        await open_function(pilot, "reset_pay_password")
        assert "138****0001" in screen_text(app) and "● 短信验证" in screen_text(app)
        await pilot.press("enter")  # 获取短信验证码 has the focus
        await wait_until(pilot, lambda: app.screen.sms_field.sent_to, what="code sent")
        code = latest_code(runtime, DEMO_PHONE)
        wrong = "000000" if code != "000000" else "111111"
        await type_into(pilot, "#sms_code", wrong)
        await pilot.press("enter")  # 下一步
        await wait_until(pilot, lambda: field_error(app, "sms_code"), what="wrong code")
        assert field_error(app, "sms_code") == "短信验证码错误，还可以再试 4 次"
        app.screen.query_one("#sms_code", Input).value = ""
        await type_into(pilot, "#sms_code", code)
        await pilot.press("enter")
        await wait_until(pilot, lambda: str(app.screen.query_one("#flow-box").border_title) == "设置支付密码")
        await fill(pilot, {"new": "802461", "confirm": "802462"})
        await pilot.press("enter")
        await pilot.pause()
        assert field_error(app, "confirm") == "两次输入的新支付密码不一致"
        await fill(pilot, {"confirm": "802461"})
        await pilot.press("enter")
        await wait_until(pilot, lambda: "支付密码设置成功" in screen_text(app), what="done")
        assert verify_password("802461", member(runtime, DEMO_ID)["pay_password_hash"])
        await pilot.press("enter")  # 确定
        await wait_for_screen(pilot, "HomeScreen")


async def test_a_new_member_without_a_payment_password_is_sent_to_recovery(mock_app, api) -> None:
    app = make_app(mock_app)
    runtime = mock_app.state.runtime
    async with app.run_test(size=(80, 24)) as pilot:
        await open_registration(pilot)
        await pass_identity(pilot, WU_NAME, WU_ID)
        await pass_sms(pilot, runtime, WU_PHONE)
        await set_password(pilot, NEW_PASSWORD)
        await wait_until(pilot, lambda: step_title(app) == "注册完成")
        await pilot.press("enter")
        await wait_for_screen(pilot, "LoginScreen")
        await login(pilot, username=WU_ID, password=NEW_PASSWORD)
        await open_function(pilot, "change_pay_password")
        await fill(pilot, {"old": "135790", "new": "246813", "confirm": "246813"})
        await pilot.press("enter")
        await wait_until(pilot, lambda: field_error(app, "old"), what="not set")
        assert field_error(app, "old") == "您尚未设置支付密码，请通过【支付密码找回】设置。"
        await settle(pilot)
        assert app.focused is app.screen.query_one("#side")  # the way on, not the old password
        await pilot.click("#side")
        await wait_for_screen(pilot, "PaymentPasswordResetScreen")
        assert len(app.screen_stack) == 3  # login, home, this


async def test_the_home_menu_lists_the_password_functions(mock_app) -> None:
    app = make_app(mock_app)
    async with app.run_test(size=(80, 24)) as pilot:
        await login(pilot)
        text = screen_text(app)
        assert "【其他业务】" in text
        assert "登录密码变更" in text and "支付密码变更" in text and "支付密码找回" in text
        from tui.widgets.home_menu import HomeMenu

        app.screen.query_one(HomeMenu).highlight("change_password")
        await pilot.press("enter")
        await wait_for_screen(pilot, "LoginPasswordChangeScreen")
        await pilot.press("escape")
        await wait_for_screen(pilot, "HomeScreen")


async def test_the_home_pages_top_right_button_opens_the_password_change(mock_app) -> None:
    app = make_app(mock_app)
    async with app.run_test(size=(80, 24)) as pilot:
        await login(pilot)
        assert "修改密码" in screen_text(app).splitlines()[1]  # top right, as in the manual
        await pilot.click("#change-password")
        await wait_for_screen(pilot, "LoginPasswordChangeScreen")
