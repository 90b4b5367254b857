"""记住登录: only the refresh token goes to the keyring (the tests' own file backend); the next start goes
straight to the home page while it is valid; logging out forgets it; with no keyring backend the option is
disabled and says why; never offered in kiosk mode."""

from __future__ import annotations

import json

import keyring
import pytest
from keyring.backends import fail
from textual.widgets import Checkbox

from tests.conftest import CAPTCHA, DEMO_PHONE, PASSWORD, SERVER, client_for
from tests.support.file_keyring import FileKeyring
from tests.ui import captcha_ready, fill_login, screen_name, screen_text, settle, wait_until
from tui.app import GjjApp
from tui.config import Config


@pytest.fixture
def file_keyring(tmp_path, monkeypatch):  # type: ignore[no-untyped-def]
    monkeypatch.setenv("GJJ_TEST_KEYRING_FILE", str(tmp_path / "keyring.json"))
    before = keyring.get_keyring()
    keyring.set_keyring(FileKeyring())
    yield tmp_path / "keyring.json"
    keyring.set_keyring(before)


@pytest.fixture
def no_keyring():  # type: ignore[no-untyped-def]
    before = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    yield
    keyring.set_keyring(before)


def a_real_backend(mock_app, **kwargs) -> GjjApp:  # type: ignore[no-untyped-def]
    """gjj against a backend (not the demo: the demo's data ends with the process, so nothing is kept)."""
    return GjjApp(client_for(mock_app), **kwargs)


def kept(path) -> dict[str, str]:  # type: ignore[no-untyped-def]
    return json.loads(path.read_text()) if path.exists() else {}


async def test_remembered_login_goes_straight_home_and_logout_forgets_it(mock_app, file_keyring) -> None:  # type: ignore[no-untyped-def]
    app = a_real_backend(mock_app)
    async with app.run_test(size=(100, 30)) as pilot:
        await captcha_ready(pilot)
        remember = app.screen.query_one("#remember", Checkbox)
        await wait_until(pilot, lambda: not remember.disabled, what="记住登录 offered")
        remember.value = True
        await fill_login(pilot, DEMO_PHONE, PASSWORD, CAPTCHA)
        await wait_until(pilot, lambda: screen_name(app) == "HomeScreen", what="home")
        stored = kept(file_keyring)
        assert list(stored) == [f"gjj|{SERVER}"]  # one entry, under the server's address
        assert stored[f"gjj|{SERVER}"] == app.client.refresh_token  # the refresh token only
        assert PASSWORD not in json.dumps(stored) and app.client.access_token not in json.dumps(stored)

    again = a_real_backend(mock_app)  # the next start: a fresh client, nothing but the keyring
    async with again.run_test(size=(100, 30)) as pilot:
        await wait_until(pilot, lambda: screen_name(again) == "HomeScreen", what="straight to the home page")
        await settle(pilot)
        assert "张* 110105********0039" in screen_text(again).splitlines()[0]
        assert kept(file_keyring)[f"gjj|{SERVER}"] == again.client.refresh_token  # rotated, and followed
        await pilot.press("f10")
        await wait_until(pilot, lambda: "确定要退出服务大厅吗" in screen_text(again))
        await pilot.press("y")
        await wait_until(pilot, lambda: screen_name(again) == "LoginScreen", what="logged out")
        assert kept(file_keyring) == {}

    third = a_real_backend(mock_app)
    async with third.run_test(size=(100, 30)) as pilot:
        await captcha_ready(pilot)
        await settle(pilot)
        assert screen_name(third) == "LoginScreen"


async def test_a_token_the_server_refuses_is_forgotten(mock_app, file_keyring) -> None:  # type: ignore[no-untyped-def]
    file_keyring.write_text(json.dumps({f"gjj|{SERVER}": "not-a-token"}))
    app = a_real_backend(mock_app)
    async with app.run_test(size=(100, 30)) as pilot:
        await captcha_ready(pilot)
        await wait_until(pilot, lambda: kept(file_keyring) == {}, what="the refused token forgotten")
        assert screen_name(app) == "LoginScreen"


async def test_without_a_keyring_the_option_is_disabled_and_says_why(mock_app, no_keyring) -> None:  # type: ignore[no-untyped-def]
    app = a_real_backend(mock_app)
    async with app.run_test(size=(100, 30)) as pilot:
        await captcha_ready(pilot)
        await wait_until(pilot, lambda: "记住登录 （本机没有系统钥匙串）" in screen_text(app), what="why")
        assert app.screen.query_one("#remember", Checkbox).disabled


async def test_kiosks_never_remember(mock_app, file_keyring) -> None:  # type: ignore[no-untyped-def]
    file_keyring.write_text(json.dumps({f"gjj|{SERVER}": "left-by-someone"}))
    app = a_real_backend(mock_app, config=Config(kiosk=True))
    async with app.run_test(size=(100, 30)) as pilot:
        await captcha_ready(pilot)
        await settle(pilot)
        assert "记住登录" not in screen_text(app) and screen_name(app) == "LoginScreen"
        assert kept(file_keyring) == {f"gjj|{SERVER}": "left-by-someone"}  # not used, not touched
