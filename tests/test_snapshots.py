"""Snapshots of the screens at 80×24 and 120×40, with a pinned date, seed and captcha.

Update after an intended change with ``make snapshot-update`` and look at the SVGs before committing.
"""

from __future__ import annotations

import pytest

from tests.conftest import make_app
from tests.ui import captcha_ready, login, settle

SIZES = [(80, 24), (120, 40)]


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_login_screen(snap_compare, mock_app, size) -> None:
    async def ready(pilot) -> None:
        await captcha_ready(pilot)
        await settle(pilot)

    assert snap_compare(make_app(mock_app), terminal_size=size, run_before=ready)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_home_screen(snap_compare, mock_app, size) -> None:
    async def ready(pilot) -> None:
        await login(pilot)

    assert snap_compare(make_app(mock_app), terminal_size=size, run_before=ready)


def test_login_errors(snap_compare, mock_app) -> None:
    from tests.ui import field_error, fill_login, wait_until

    async def ready(pilot) -> None:
        await fill_login(pilot, "13800000001", "wrongpass1")
        await wait_until(pilot, lambda: field_error(pilot.app, "password"))
        await captcha_ready(pilot)
        await settle(pilot)

    assert snap_compare(make_app(mock_app), terminal_size=(80, 24), run_before=ready)


def test_logout_confirmation(snap_compare, mock_app) -> None:
    async def ready(pilot) -> None:
        await login(pilot)
        await pilot.press("f10")
        await settle(pilot)

    assert snap_compare(make_app(mock_app), terminal_size=(80, 24), run_before=ready)
