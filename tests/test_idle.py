"""Kiosk idle logout: a warning with a countdown, then the session ends and the screen is wiped."""

from __future__ import annotations

from tests.conftest import ManualClock, make_app
from tests.ui import login_by_keyboard, open_screen, screen_name, screen_text, wait_for_text
from tui.config import Config
from tui.textual_internals import notifications

SHORT = Config(idle_logout_minutes=0.1)  # 6 seconds of the app's clock: a check every 1.5 s, a 2-second warning


async def test_idle_session_ends_and_the_screen_is_wiped(mock_app) -> None:
    clock = ManualClock()
    app = make_app(mock_app, config=SHORT, monotonic=clock)
    runtime = mock_app.state.runtime
    async with app.run_test(size=(80, 24)) as pilot:
        await login_by_keyboard(pilot)
        await open_screen(pilot, "f3", "LedgerScreen")
        app.notify("发往 138****0001 的验证码：123456")
        clock.advance(5.9)
        app.check_idle_logout()  # what the timer does every 1.5 s
        await pilot.pause()
        assert "秒后自动退出登录" not in screen_text(app)  # not yet
        clock.advance(0.1)
        app.check_idle_logout()
        await wait_for_text(pilot, "将在2秒后自动退出登录")
        clock.advance(1)
        await wait_for_text(pilot, "将在1秒后自动退出登录")
        clock.advance(1)
        await wait_for_text(pilot, "由于长时间未操作，已自动退出登录。")
        assert screen_name(app) == "LoginScreen" and len(app.screen_stack) == 1
        assert not app.client.signed_in and notifications(app) == []
        assert runtime.store.conn.execute("SELECT revoked FROM sessions").fetchone()[0] == 1
        assert "139,703" not in screen_text(app)


async def test_a_key_keeps_the_session(mock_app) -> None:
    clock = ManualClock()
    app = make_app(mock_app, config=SHORT, monotonic=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await login_by_keyboard(pilot)
        clock.advance(6)
        app.check_idle_logout()
        await wait_for_text(pilot, "秒后自动退出登录")
        await pilot.press("space")
        await wait_for_text(pilot, "我的公积金")
        clock.advance(5.9)  # the key started the six seconds again
        app.check_idle_logout()
        await pilot.pause()
        assert app.client.signed_in and "秒后自动退出登录" not in screen_text(app)


async def test_no_idle_logout_unless_configured(mock_app) -> None:
    app = make_app(mock_app)
    assert app.idle_limit == 0
    assert make_app(mock_app, config=Config(kiosk=True)).idle_limit == 180


async def test_kiosk_offers_no_way_out_to_a_shell(mock_app) -> None:
    from textual.app import SystemCommand  # noqa: F401

    app = make_app(mock_app, config=Config(kiosk=True))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert app.is_running
        titles = [command.title for command in app.get_system_commands(app.screen)]
        assert "退出程序" not in titles and "帮助：本页按键" in titles
        assert app.check_action("suspend_process", ()) is False
    plain = make_app(mock_app)
    async with plain.run_test(size=(80, 24)):
        assert "退出程序" in [command.title for command in plain.get_system_commands(plain.screen)]
