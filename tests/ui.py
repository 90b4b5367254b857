"""Helpers for Pilot tests: wait for things, read what is on the screen, log in like a person."""

from __future__ import annotations

import asyncio
import time
import unicodedata
from collections.abc import Callable

from textual import events
from textual.pilot import Pilot
from textual.widgets import Input

from tests.conftest import CAPTCHA, DEMO_PHONE, PASSWORD
from tui.textual_internals import render_lines

# Generous: a passing wait returns as soon as the screen shows it; the bound only ends a real failure, and a
# loaded two-core machine (CI with another process busy) can take many seconds over a login's scrypt.
WAIT_SECONDS = 30.0


async def wait_until(
    pilot: Pilot, predicate: Callable[[], object], timeout: float = WAIT_SECONDS, what: str = ""
) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what or predicate}\n--- screen ---\n{screen_text(pilot.app)}")
        await pilot.pause(0.02)


async def wait_for_text(pilot: Pilot, *texts: str, timeout: float = WAIT_SECONDS) -> str:
    """Wait until every one of ``texts`` is on the terminal (what a person would read), and return the screen.

    Bounded: after ``timeout`` seconds it fails, showing what IS on the screen. Use it instead of waiting
    for a screen's class name: a screen is pushed before it is drawn, and more so under load.
    """
    deadline = time.monotonic() + timeout
    while True:
        shown = screen_text(pilot.app)
        if all(text in shown for text in texts):
            return shown
        if time.monotonic() > deadline:
            missing = [text for text in texts if text not in shown]
            raise AssertionError(
                f"timed out after {timeout:g} s waiting for {missing} on the screen\n--- screen ---\n{shown}"
            )
        await pilot.pause(0.02)


async def wait_for_screen(pilot: Pilot, name: str, *texts: str, timeout: float = WAIT_SECONDS) -> str:
    """Wait until the screen ``name`` is on top, mounted (its on_mount has run) and shows ``texts``.

    Its name alone is not enough: a pushed screen is on top before it is mounted and drawn, and a test
    that reads it, or ends, right then races with it (and loses on a loaded machine)."""
    await wait_until(
        pilot,
        lambda: screen_name(pilot.app) == name and pilot.app.screen.is_mounted,
        timeout=timeout,
        what=f"{name} mounted",
    )
    return await wait_for_text(pilot, *texts, timeout=timeout)


def screen_text(app) -> str:
    """The characters on the terminal right now, line by line (what a person would read)."""
    strips = render_lines(app.screen)
    return "\n".join(strip.text.rstrip() for strip in strips)


def screen_name(app) -> str:
    return type(app.screen).__name__


async def settle(pilot: Pilot) -> None:
    """Let every running worker finish and the screen redraw."""
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def captcha_ready(pilot: Pilot) -> None:
    await wait_until(pilot, lambda: getattr(pilot.app.screen, "captcha_id", None), what="captcha")


def key_of(character: str) -> str:
    """The key Textual names a typed character by: a letter or digit itself, anything else its Unicode
    name (``.`` is ``full_stop``), as bindings see it."""
    if character.isalnum():
        return character
    return unicodedata.name(character).lower().replace("-", "_").replace(" ", "_")


async def type_into(pilot: Pilot, selector: str, text: str) -> None:
    """Focus an input and type ``text``: one key event per character, in order, through the app (its
    bindings, then the focused input) as a terminal delivers them, then wait until they are handled.
    ``Pilot.press`` waits for the app to go idle after every key (twice, 20 ms at the least each time);
    typed text needs that once, at its end."""
    widget = pilot.app.screen.query_one(selector, Input)
    widget.focus()
    await pilot.pause()
    for character in text:
        pilot.app.post_message(events.Key(key_of(character), character))
    await pilot.pause()  # the app has handed every key on,
    await pilot.pause()  # and the input has handled them


async def click_button(pilot: Pilot, selector: str) -> None:
    """Click a button as a person would click it again: once it no longer shows the last click (Textual's
    0.2 s ``-active`` look, during which a click is not a press)."""
    button = pilot.app.screen.query_one(selector)
    await wait_until(pilot, lambda: not button.has_class("-active"), what=f"{selector} ready again")
    await pilot.click(selector)


async def fill_login(pilot: Pilot, username: str, password: str, captcha: str = CAPTCHA) -> None:
    await captcha_ready(pilot)
    screen = pilot.app.screen
    for selector, value in (("#username", username), ("#password", password), ("#captcha", captcha)):
        field = screen.query_one(selector, Input)
        field.value = ""
        await type_into(pilot, selector, value)
    await pilot.press("enter")


async def login_by_keyboard(pilot: Pilot, username: str = DEMO_PHONE, password: str = PASSWORD) -> None:
    """Log in as a person does: type on the login screen, press Enter, wait for the home page. For tests
    about logging in and what a session's end leaves on the login screen."""
    await fill_login(pilot, username, password)
    await wait_for_text(pilot, "我的公积金", "功能菜单")  # the home page is drawn
    await settle(pilot)


async def logout_by_keyboard(pilot: Pilot) -> None:
    """退出 as a person does it from the hall: F10, Y to the question, then the login screen with its notice
    and a fresh captcha."""
    await pilot.press("f10")
    await wait_for_text(pilot, "确定要退出服务大厅吗？")
    await pilot.press("y")
    await wait_for_text(pilot, "您已安全退出")
    await captcha_ready(pilot)


async def login(pilot: Pilot, username: str = DEMO_PHONE, password: str = PASSWORD) -> None:
    """Signed in for a test about what comes after: the login screen's own captcha and the same login
    request as it makes (the mock's seeded draws stay in step), then the home page as a login opens it
    (``start_session``), without typing some 25 keys (each one a wait for the screen to go idle). The
    login screen itself is tested with ``login_by_keyboard``."""
    await captcha_ready(pilot)  # the login screen is up and has its captcha: the backend is warm
    app, screen = pilot.app, pilot.app.screen
    captcha_id, screen.captcha_id = screen.captcha_id, None  # spent, as a login from the screen spends it
    await app.client.login(username, password, captcha_id, CAPTCHA)
    await app.start_session(username)
    await wait_for_text(pilot, "我的公积金", "功能菜单")  # the home page is drawn
    await settle(pilot)


async def open_function(pilot: Pilot, function_id: str) -> None:
    """Open a hall function as the home menu does, and wait until it has loaded."""
    await pilot.app.open_function(function_id)
    await wait_for_text(pilot, pilot.app.screen.SUBTITLE)
    await settle(pilot)


async def open_screen(pilot: Pilot, key: str, name: str) -> None:
    """Press a function key and wait until the screen ``name`` is drawn and has loaded."""
    await pilot.press(key)
    await wait_for_screen(pilot, name)
    await wait_for_text(pilot, pilot.app.screen.SUBTITLE)
    await settle(pilot)


def field_error(app, input_id: str) -> str:
    from tui.widgets.fields import Field

    field = next(a for a in app.screen.query_one(f"#{input_id}", Input).ancestors if isinstance(a, Field))
    error = field.query_one(".field-error")
    return str(error.render()) if error.has_class("-shown") else ""


async def gather(*coros):
    return await asyncio.gather(*coros)
