"""The login screen, the home page and logout, driven with Pilot like a person at the keyboard."""

from __future__ import annotations

from textual.widgets import Input

from api_client.domain.formatting import fmt_money
from tests.conftest import DEMO_ID, DEMO_PHONE, PASSWORD, make_app
from tests.ui import (
    captcha_ready,
    field_error,
    fill_login,
    login_by_keyboard,
    logout_by_keyboard,
    screen_name,
    screen_text,
    settle,
    wait_for_screen,
    wait_for_text,
    wait_until,
)


async def test_login_success_shows_the_home_page_with_real_figures(mock_app) -> None:
    app = make_app(mock_app)
    async with app.run_test(size=(100, 30)) as pilot:
        await login_by_keyboard(pilot)
        assert screen_name(app) == "HomeScreen"
        text = screen_text(app)
        account = await app.client.account()
        loans = await app.client.loans()
        assert f"{fmt_money(account.balance)} 元" in text
        assert "账户状态" in text and "正常" in text
        assert f"{fmt_money(account.monthly_deposit)} 元" in text
        assert "2026年11月" in text  # 缴至年月
        assert loans[0].contract_no in text and f"{fmt_money(loans[0].balance)} 元" in text
        assert "消息 3 条未读" in text
        # The header shows who, masked, and where.
        assert "张* 110105********0039" in text and "演示模式" in text and "2026-11-22" in text
        assert DEMO_ID not in text


async def test_login_by_id_number(mock_app) -> None:
    app = make_app(mock_app)
    async with app.run_test(size=(80, 24)) as pilot:
        await login_by_keyboard(pilot, username=DEMO_ID)
        assert screen_name(app) == "HomeScreen"


async def test_wrong_password_keeps_what_was_typed_and_says_so_at_the_field(mock_app) -> None:
    app = make_app(mock_app)
    async with app.run_test(size=(80, 24)) as pilot:
        await fill_login(pilot, DEMO_PHONE, "wrongpass1")
        await wait_until(pilot, lambda: field_error(app, "password"), what="password error")
        assert field_error(app, "password") == "证件号码/手机号或密码错误，还可以再试 4 次"
        assert app.screen.query_one("#username", Input).value == DEMO_PHONE
        assert app.screen.query_one("#password", Input).value == "wrongpass1"
        assert app.screen.query_one("#captcha", Input).value == ""  # spent: a new picture is drawn
        await captcha_ready(pilot)
        assert screen_name(app) == "LoginScreen"


async def test_wrong_captcha_is_reported_at_the_captcha(mock_app) -> None:
    app = make_app(mock_app)
    async with app.run_test(size=(80, 24)) as pilot:
        await fill_login(pilot, DEMO_PHONE, PASSWORD, captcha="AAAA")
        await wait_until(pilot, lambda: field_error(app, "captcha"), what="captcha error")
        assert field_error(app, "captcha") == "验证码错误，请重新输入"
        assert app.screen.focused is app.screen.query_one("#captcha", Input)
        assert app.screen.query_one("#password", Input).value == PASSWORD


async def test_bad_id_number_is_caught_before_any_request(mock_app) -> None:
    app = make_app(mock_app)
    runtime = mock_app.state.runtime
    async with app.run_test(size=(80, 24)) as pilot:
        await captcha_ready(pilot)
        runtime.journal.clear()
        await fill_login(pilot, "110105198503120038", PASSWORD)
        await pilot.pause()
        assert field_error(app, "username") == "证件号码校验位不正确，请核对"
        assert [entry.path for entry in runtime.journal] == []
        assert app.screen.query_one("#username", Input).value == "110105198503120038"


async def test_empty_form_names_every_missing_field(mock_app) -> None:
    app = make_app(mock_app)
    async with app.run_test(size=(80, 24)) as pilot:
        await captcha_ready(pilot)
        await pilot.click("#login")
        await pilot.pause()
        assert field_error(app, "username") == "请输入证件号码或手机号"
        assert field_error(app, "password") == "请输入登录密码"
        assert field_error(app, "captcha") == "请输入验证码"


async def test_five_wrong_passwords_lock_the_account(mock_app) -> None:
    app = make_app(mock_app)
    async with app.run_test(size=(80, 24)) as pilot:
        for _ in range(5):
            await fill_login(pilot, DEMO_PHONE, "wrongpass1")
            await wait_until(pilot, lambda: field_error(app, "password"), what="error")
            await settle(pilot)
        assert (
            field_error(app, "password")
            == "密码连续输错 5 次，账户已锁定，请 15 分钟后再试，或通过【忘记密码】重设密码"
        )
        assert app.focused is app.screen.query_one("#forgot")  # the way out the message names
        await fill_login(pilot, DEMO_PHONE, PASSWORD)
        await settle(pilot)
        assert screen_name(app) == "LoginScreen"
        assert "账户已锁定" in field_error(app, "password")


async def test_unreachable_server_is_shown_and_retried_with_f5() -> None:
    import socket

    from api_client.client import GjjClient
    from tui.app import GjjApp

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    app = GjjApp(GjjClient(f"http://127.0.0.1:{port}", timeout=2))
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: "无法连接服务器" in screen_text(app), what="network error")
        text = screen_text(app)
        assert f"无法连接服务器 http://127.0.0.1:{port}" in text
        assert "按 F5 重试" in text
        await pilot.press("f5")
        await wait_until(pilot, lambda: "正在获取验证码" not in screen_text(app), what="retry")
        assert "无法连接服务器" in screen_text(app)


async def test_logout_asks_and_no_stays(mock_app) -> None:
    app = make_app(mock_app)
    async with app.run_test(size=(80, 24)) as pilot:
        await login_by_keyboard(pilot)
        await pilot.press("f10")
        await wait_for_text(pilot, "确定要退出服务大厅吗？")
        assert screen_name(app) == "ConfirmDialog"
        assert "确定要退出服务大厅吗？" in screen_text(app)
        await pilot.press("n")
        await wait_for_screen(pilot, "HomeScreen")
        assert app.client.signed_in


async def test_logout_yes_revokes_and_returns_to_a_clean_login(mock_app) -> None:
    app = make_app(mock_app)
    runtime = mock_app.state.runtime
    async with app.run_test(size=(80, 24)) as pilot:
        await login_by_keyboard(pilot)
        await pilot.press("f10")
        await wait_for_screen(pilot, "ConfirmDialog")
        await pilot.click("#yes")
        await wait_until(pilot, lambda: "您已安全退出" in screen_text(app), what="login screen")
        assert not app.client.signed_in
        assert runtime.store.conn.execute("SELECT revoked FROM sessions").fetchone()[0] == 1
        text = screen_text(app)
        assert "您已安全退出" in text
        assert "139,703" not in text and "张*" not in text  # nothing of the session remains drawn
        assert app.screen.query_one("#username", Input).value == ""
        assert len(app.screen_stack) == 1


async def test_f1_lists_the_keys_of_the_current_screen(mock_app) -> None:
    app = make_app(mock_app)
    async with app.run_test(size=(80, 24)) as pilot:
        await captcha_ready(pilot)
        await pilot.press("f1")
        await wait_for_text(pilot, "换一张验证码图片")
        assert screen_name(app) == "HelpScreen"
        text = screen_text(app)
        assert "F5" in text and "换一张验证码图片" in text
        await pilot.press("escape")
        await wait_for_screen(pilot, "LoginScreen")
        await login_by_keyboard(pilot)
        await pilot.press("f1")
        await wait_for_text(pilot, "退出服务大厅（需确认）")
        assert screen_name(app) == "HelpScreen"
        text = screen_text(app)
        assert "F10" in text and "退出服务大厅（需确认）" in text
        assert "换一张验证码图片" not in text


async def test_expired_session_returns_to_login_with_a_reason(mock_app) -> None:
    app = make_app(mock_app)
    runtime = mock_app.state.runtime
    async with app.run_test(size=(80, 24)) as pilot:
        await login_by_keyboard(pilot)
        runtime.clock.advance(9 * 3600)
        app.screen.load_tasks()
        await wait_until(pilot, lambda: "输入登录密码和验证码即可继续" in screen_text(app), what="the re-login dialog")
        assert "登录已超时，请重新登录" in screen_text(app) and screen_name(app) == "ReloginDialog"
        await pilot.press("escape")  # the member leaves instead of signing in again
        await wait_until(pilot, lambda: screen_name(app) == "LoginScreen", what="the login screen")
        await wait_until(pilot, lambda: "登录已超时，请重新登录" in screen_text(app), what="back to login")
        assert screen_name(app) == "LoginScreen" and len(app.screen_stack) == 1


async def test_the_home_page_asks_once_per_panel_and_again_on_return(mock_app) -> None:
    """After a login each panel's request starts before the page is drawn (its answer drawn with the page),
    and is made once: none again when the page shows; one each on coming back from a function."""
    app = make_app(mock_app)
    runtime = mock_app.state.runtime
    panels = ["/api/v1/me/account", "/api/v1/me/loans", "/api/v1/me/tasks"]
    async with app.run_test(size=(100, 30)) as pilot:
        await captcha_ready(pilot)
        runtime.journal.clear()
        await login_by_keyboard(pilot)
        text = screen_text(app)
        assert "账户余额" in text and "合同编号" in text and "条未读" in text
        asked = sorted(entry.path for entry in runtime.journal if entry.path in panels)
        assert asked == sorted(panels)
        await app.open_function("account")
        await wait_for_text(pilot, "个人账号")
        runtime.journal.clear()
        await pilot.press("escape")
        await wait_for_text(pilot, "我的公积金")
        await settle(pilot)
        await wait_until(pilot, lambda: "条未读" in screen_text(app), what="the counters again")
        asked = sorted(entry.path for entry in runtime.journal if entry.path in panels)
        assert asked == sorted(panels)


async def test_a_logout_notice_stays_while_a_login_is_on_its_way_and_goes_on_a_refusal(mock_app, admin) -> None:
    """The notice of the last logout stays while a login is on its way (clearing it would lay the form out
    and draw it again while the password is checked); a refusal or a missing field replaces it."""
    from textual.widgets import Button, Static

    app = make_app(mock_app)
    async with app.run_test(size=(80, 24)) as pilot:
        await login_by_keyboard(pilot)
        await logout_by_keyboard(pilot)
        slow = {"path": "/api/v1/auth/login", "method": "POST", "count": 1, "kind": "latency", "delay_ms": 300}
        assert (await admin.post("/faults", json=slow)).status_code == 200
        button = app.screen.query_one("#login", Button)
        banner = app.screen.query_one("#login-banner", Static)
        while_busy: list[str] = []

        def looked(label: object) -> None:
            if button.disabled:
                while_busy.append(str(banner.content) if banner.display else "")

        app.screen.watch(button, "label", looked, init=False)
        await fill_login(pilot, DEMO_PHONE, "wrongpass1")
        await wait_until(pilot, lambda: field_error(app, "password"), what="password error")
        assert while_busy and all("您已安全退出" in text for text in while_busy), while_busy
        assert "您已安全退出" not in screen_text(app)

        await login_by_keyboard(pilot)
        await logout_by_keyboard(pilot)
        await pilot.click("#login")  # nothing typed: the form was wiped
        await wait_until(pilot, lambda: field_error(app, "password"), what="the missing fields")
        assert "您已安全退出" not in screen_text(app)
