"""Kiosk mode: a clerk leaves only with the admin passphrase (kept as an scrypt hash); members find no way
out and no setting to change (no theme picker, no sound switch), from keys or the palette."""

from __future__ import annotations

from tests.conftest import make_app
from tests.test_keyboard_ui import palette_search
from tests.ui import captcha_ready, login, screen_name, screen_text, wait_until
from tui.config import Config
from tui.kiosk import hash_passphrase

PASSPHRASE = "柜台管理口令2026"


def palette_titles(app) -> list[str]:  # type: ignore[no-untyped-def]
    return [command.title for command in app.get_system_commands(app.screen)]


async def test_without_a_passphrase_there_is_no_way_out_and_nothing_to_set(mock_app) -> None:  # type: ignore[no-untyped-def]
    app = make_app(mock_app, config=Config(kiosk=True))
    async with app.run_test(size=(100, 30)) as pilot:
        await captcha_ready(pilot)
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert app.is_running and screen_name(app) == "LoginScreen"
        titles = palette_titles(app)
        assert "切换配色主题" not in titles and "退出程序" not in titles and "退出自助终端模式" not in titles
        assert "没有找到“pszt”" in await palette_search(pilot, "pszt")  # the theme picker by its initials
        await pilot.press("escape")
        await wait_until(pilot, lambda: screen_name(app) == "LoginScreen")
        assert app.check_action("change_theme", ()) is False
        await login(pilot)
        text = screen_text(app)
        assert "修改密码" in text and "关闭音效" not in text and "开启音效" not in text


async def test_the_clerk_leaves_with_the_passphrase_only(mock_app) -> None:  # type: ignore[no-untyped-def]
    app = make_app(mock_app, config=Config(kiosk=True, kiosk_passphrase=hash_passphrase(PASSPHRASE)))
    async with app.run_test(size=(100, 30)) as pilot:
        await captcha_ready(pilot)
        assert "退出自助终端模式" in palette_titles(app) and "切换配色主题" not in palette_titles(app)
        await pilot.press("ctrl+q")
        await wait_until(pilot, lambda: "仅限工作人员：输入管理口令后退出程序" in screen_text(app), what="the dialog")
        await pilot.press(*"猜一猜12345678")
        await pilot.press("enter")
        await wait_until(pilot, lambda: "管理口令不正确" in screen_text(app), what="the refusal")
        assert app.is_running
        await pilot.press("escape")  # 取消: still a kiosk
        await wait_until(pilot, lambda: screen_name(app) == "LoginScreen")
        await pilot.press("ctrl+q")
        await wait_until(pilot, lambda: "仅限工作人员" in screen_text(app), what="the dialog again")
        await pilot.press(*PASSPHRASE)
        await pilot.press("enter")
        await wait_until(pilot, lambda: not app.is_running, what="gjj to quit")


async def test_outside_kiosk_mode_quit_and_the_theme_picker_stay(mock_app) -> None:  # type: ignore[no-untyped-def]
    app = make_app(mock_app)
    async with app.run_test(size=(100, 30)) as pilot:
        await captcha_ready(pilot)
        assert {"切换配色主题", "退出程序"} <= set(palette_titles(app))
        await pilot.press("ctrl+q")
        await wait_until(pilot, lambda: not app.is_running, what="gjj to quit")
