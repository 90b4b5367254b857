"""`gjj serve` in a real browser: Debian's chromium, headless, driven by Playwright (no browser download).

Logs in as the demo persona against a real gjj-mock, opens 个人账户基本信息 and reads the masked name from
xterm's buffer; every request the page makes stays on gjj's own host; the Chinese is drawn with a CJK face
of the page's own font (no empty boxes); a screenshot is kept under test-artifacts/.
"""

from __future__ import annotations

import os
from urllib.parse import urlsplit

import httpx
import pytest

from tests.conftest import CAPTCHA, DEMO_PHONE, PASSWORD
from tests.support.browser import artifact, chromium_path, cursor_below, gjj_serve, wait_for_text

FONT_FACES = """() => [...document.fonts].map((face) => ({
  family: face.family, range: face.unicodeRange, status: face.status,
}))"""


@pytest.fixture
def browser():  # type: ignore[no-untyped-def]
    path = chromium_path()
    if path is None:
        if os.environ.get("GJJ_REQUIRE_TOOLS") == "1":
            pytest.fail("chromium is required here (GJJ_REQUIRE_TOOLS=1): make tools installs it")
        pytest.skip("chromium not installed (make tools installs it)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=path, headless=True)
        try:
            yield browser
        finally:
            browser.close()


def test_the_browser_page_logs_in_and_shows_the_masked_name(browser, mock_process) -> None:  # type: ignore[no-untyped-def]
    from tests.support.browser import KEEP_TERMINAL

    httpx.post(f"{mock_process}/_mock/reset").raise_for_status()
    with gjj_serve(env={"GJJ_SERVER": mock_process}) as url:
        page = browser.new_page(viewport={"width": 1280, "height": 800})
        requested: list[str] = []
        page.on("request", lambda request: requested.append(request.url))
        page.add_init_script(KEEP_TERMINAL)
        page.goto(url)
        wait_for_text(page, lambda shown: "F5 换一张" in shown and "█" in shown)  # the login screen and its captcha
        page.locator("#terminal").click()
        # each field as a person fills it: where the cursor is, then what was typed
        wait_for_text(page, cursor_below("证件号码/手机号"))
        page.keyboard.type(DEMO_PHONE)
        wait_for_text(page, DEMO_PHONE)
        page.keyboard.press("Enter")
        wait_for_text(page, cursor_below("登录密码"))
        page.keyboard.type(PASSWORD)
        wait_for_text(page, "•" * len(PASSWORD))
        page.keyboard.press("Enter")
        wait_for_text(page, cursor_below("验证码（"))
        page.keyboard.type(CAPTCHA)
        wait_for_text(page, CAPTCHA)
        page.keyboard.press("Enter")
        wait_for_text(page, "个人账户基本信息")  # the home page's menu
        page.keyboard.press("F2")
        shown = wait_for_text(page, "上年结转金额 145,124.53")  # the account screen, with its data
        header = shown.splitlines()[0]
        assert "个人账户基本信息" in header and "张* 110105********0039" in header  # who is signed in, masked
        assert "证件号码 110105********0039" in shown and "138****0001" in shown
        assert "110105198503120039" not in shown
        page.screenshot(path=str(artifact("gjj-serve-account.png")))

        own = urlsplit(url).netloc
        elsewhere = [seen for seen in requested if urlsplit(seen).netloc != own]
        assert not elsewhere, f"the page fetched from other hosts: {elsewhere}"
        assert any(seen.endswith("/static/js/textual.js") for seen in requested)

        faces = page.evaluate(FONT_FACES)
        cjk = [face for face in faces if face["family"].strip('"') == "Roboto Mono" and "U+4E00" in face["range"]]
        assert cjk and cjk[0]["status"] == "loaded", faces  # the Chinese face was used, not a fallback
        assert page.evaluate("""() => document.fonts.check('16px "Roboto Mono"', '张伟')""")


def test_only_loopback_is_served_without_a_warning() -> None:
    from tui.cli import build_parser
    from tui.serve import exposure_warning

    assert build_parser().parse_args(["serve"]).host == "127.0.0.1"  # the default stays on this machine
    for host in ("127.0.0.1", "::1", "localhost", "127.0.0.2"):
        assert exposure_warning(host, 8000) is None
    for host in ("0.0.0.0", "192.168.1.20", "::", "kiosk.lan"):
        warning = exposure_warning(host, 8000)
        assert warning is not None and f"正在 {host} 上提供服务" in warning and "8000 端口" in warning


def test_each_session_runs_gjj_with_the_same_choices(tmp_path) -> None:  # type: ignore[no-untyped-def]
    import shlex
    import sys

    from tui.serve import app_command

    command = app_command(["--config", str(tmp_path / "我的 配置.toml"), "--kiosk"])
    assert shlex.split(command) == [
        sys.executable,
        "-m",
        "tui",
        "--config",
        str(tmp_path / "我的 配置.toml"),
        "--kiosk",
    ]
