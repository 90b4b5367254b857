"""NO_COLOR: every screen must work without colour (README), tables included."""

from __future__ import annotations

import pytest

from tests.conftest import make_app
from tests.ui import login, screen_name, screen_text, settle, wait_for_screen


@pytest.mark.parametrize(
    ("key", "name", "user", "expect"),
    [
        ("f3", "LedgerScreen", "13800000001", "139,703.05"),
        ("f6", "RepaymentsScreen", "13800000003", "5.38"),
        ("f7", "RepaymentPlanScreen", "13800000001", "313,969.50"),
    ],
)
async def test_table_screens_draw_without_colour(mock_app, monkeypatch, key, name, user, expect) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    app = make_app(mock_app)
    async with app.run_test(size=(80, 24)) as pilot:
        await login(pilot, username=user)
        await pilot.press(key)
        await wait_for_screen(pilot, name)
        await settle(pilot)
        await pilot.press("down", "end", "right")
        await settle(pilot)
        await pilot.pause(0.2)
        assert app.is_running and screen_name(app) == name
        await pilot.press("home", "left")
        await settle(pilot)
        assert expect in screen_text(app)
