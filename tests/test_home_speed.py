"""Login → home page: the page is built before the login succeeds, makes its three requests once, and
what it shows is the same as a page built after; full garbage collections wait for a quiet moment."""

from __future__ import annotations

import gc

from tests.conftest import ManualClock, make_app
from tests.ui import captcha_ready, field_error, fill_login, logout_by_keyboard, settle, wait_for_text, wait_until
from tui.quiet_gc import DUE, QUIET_S, SAFETY_NET, QuietCollector

PANELS = ("/api/v1/me/account", "/api/v1/me/loans", "/api/v1/me/tasks")


def home_requests(runtime) -> list[str]:
    return sorted(entry.path for entry in runtime.journal if entry.path in PANELS)


async def test_the_login_shows_the_page_built_while_the_member_typed(mock_app) -> None:
    app = make_app(mock_app)
    runtime = mock_app.state.runtime
    async with app.run_test(size=(80, 24)) as pilot:
        await captcha_ready(pilot)
        await wait_until(pilot, lambda: app.prepared_home is not None and app.prepared_home.is_mounted, what="page")
        prepared = app.prepared_home
        assert len(app.screen_stack) == 1  # built, not shown
        runtime.journal.clear()
        await fill_login(pilot, "13800000001", "demo1234")
        shown = await wait_for_text(pilot, "139,703", "合同编号", "消息 3 条未读")
        await settle(pilot)
        assert app.screen is prepared and app.prepared_home is None
        assert "账户余额" in shown and "我的公积金" in shown and "功能菜单" in shown
        assert "110105********0039" in shown  # the header drawn ahead (nobody signed in) is drawn again
        # one request per panel, none before the login succeeded
        assert home_requests(runtime) == sorted(PANELS)


async def test_a_failed_login_keeps_the_page_for_the_next_attempt(mock_app) -> None:
    app = make_app(mock_app)
    runtime = mock_app.state.runtime
    async with app.run_test(size=(80, 24)) as pilot:
        await captcha_ready(pilot)
        await fill_login(pilot, "13800000001", "wrong1234")
        await wait_until(pilot, lambda: field_error(app, "password"), what="the password's error")
        prepared = app.prepared_home
        assert prepared is not None and prepared.is_running and len(app.screen_stack) == 1
        assert home_requests(runtime) == []
        await fill_login(pilot, "13800000001", "demo1234")
        await wait_for_text(pilot, "139,703", "合同编号", "消息 3 条未读")
        assert app.screen is prepared


async def test_after_a_logout_the_next_member_gets_a_new_page(mock_app) -> None:
    app = make_app(mock_app)
    async with app.run_test(size=(80, 24)) as pilot:
        await captcha_ready(pilot)
        await fill_login(pilot, "13800000001", "demo1234")
        await wait_for_text(pilot, "139,703", "合同编号")
        first = app.screen
        await settle(pilot)
        await logout_by_keyboard(pilot)
        await wait_until(pilot, lambda: app.prepared_home is not None, what="a new page")
        assert app.prepared_home is not first and not first.is_running
        await fill_login(pilot, "13800000002", "demo1234")
        shown = await wait_for_text(pilot, "您目前没有公积金贷款。", "条未读")
        assert "139,703" not in shown and "合同编号" not in shown  # nothing of the first member


def test_full_collections_wait_for_a_quiet_moment() -> None:
    saved = gc.get_threshold()
    clock = ManualClock()
    last_key = clock()
    collector = QuietCollector(lambda: clock() - last_key)
    collector.start()
    try:
        assert gc.get_threshold() == (saved[0], saved[1], SAFETY_NET)
        gc.collect()
        for _ in range(DUE):
            gc.collect(1)  # what ten middle-generation collections leave: a full one is due
        assert gc.get_count()[2] >= DUE
        clock.advance(QUIET_S - 0.1)
        assert not collector.tick() and gc.get_count()[2] >= DUE  # a key was pressed a moment ago
        clock.advance(0.1)
        assert collector.tick() and gc.get_count()[2] == 0 and collector.collections == 1
        clock.advance(5)
        assert not collector.tick()  # quiet, but nothing is due
    finally:
        collector.stop()
    assert gc.get_threshold() == saved


async def test_the_app_holds_full_collections_while_it_runs(mock_app) -> None:
    saved = gc.get_threshold()
    app = make_app(mock_app)
    async with app.run_test(size=(80, 24)) as pilot:
        await captcha_ready(pilot)
        assert gc.get_threshold()[2] == SAFETY_NET
    assert gc.get_threshold() == saved
