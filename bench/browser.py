"""`gjj serve` in Debian's chromium: page load → the login screen's first frame in the terminal.

Each round opens a fresh page (so a fresh gjj process behind the websocket, embedded demo) and times from
the navigation until xterm's buffer holds the login form; then until the captcha picture is drawn.
"""

from __future__ import annotations

import time

from .stats import median, ms


def measure(rounds: int = 5) -> dict:
    from playwright.sync_api import sync_playwright

    from tests.support.browser import KEEP_TERMINAL, TERMINAL_TEXT, chromium_path, gjj_serve

    path = chromium_path()
    if path is None:
        return {"skipped": "chromium not installed (make tools)"}
    first_paint: list[float] = []
    captcha: list[float] = []
    with gjj_serve() as url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=path, headless=True)
        try:
            for _ in range(rounds):
                page = browser.new_page(viewport={"width": 1280, "height": 800})
                page.add_init_script(KEEP_TERMINAL)
                started = time.perf_counter()
                page.goto(url)
                painted = drawn = None
                deadline = started + 60
                while drawn is None and time.perf_counter() < deadline:
                    shown = str(page.evaluate(TERMINAL_TEXT))
                    now = time.perf_counter()
                    if painted is None and "个人用户登录" in shown:
                        painted = now - started
                    if "F5 换一张" in shown and "█" in shown:
                        drawn = now - started
                    page.wait_for_timeout(10)
                if painted is None or drawn is None:
                    raise RuntimeError("the login screen did not appear in the browser within 60 s")
                first_paint.append(painted)
                captcha.append(drawn)
                page.close()
        finally:
            browser.close()
    return {"rounds": rounds, "first_paint_s": first_paint, "captcha_s": captcha}


def report(result: dict) -> str:
    if "skipped" in result:
        return f"gjj serve in chromium: skipped ({result['skipped']})"
    return (
        f"gjj serve in chromium ({result['rounds']} fresh pages): first paint of the login screen median "
        f"{ms(median(result['first_paint_s']))} (each: {', '.join(ms(t) for t in result['first_paint_s'])}); "
        f"captcha drawn median {ms(median(result['captcha_s']))}"
    )
