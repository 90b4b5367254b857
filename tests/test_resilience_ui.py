"""Faults on every query screen: the failure stands in place of the panel, nothing is asked in a loop,
R loads just what failed once the fault is gone; a session that ends mid-use is resumed in place.

Faults come from the mock's ``/_mock/faults`` (nothing of ours is mocked); requests are counted in its
journal.
"""

from __future__ import annotations

import pytest

from tests.conftest import CAPTCHA, PASSWORD, make_app
from tests.ui import login, screen_text, settle, type_into, wait_until
from tui.textual_internals import notifications

# (function, the path whose answers fail, what the recovered screen shows that the failed one does not)
QUERY_SCREENS = [
    ("account", "/api/v1/me/account", "个人账号"),
    ("ledger", "/api/v1/me/ledger", "合计（元）"),
    ("loan_progress", "/api/v1/me/loans/", "贷款流程"),
    ("loan_progress", "/api/v1/me/loans", "贷款流程"),  # the contract list itself
    ("loan_account", "/api/v1/me/loans/", "贷款余额"),
    ("repayments", "/api/v1/me/loans/", "还款日期"),
    ("plan", "/api/v1/me/loans/", "计划还款日期"),
    ("messages", "/api/v1/me/messages", "发送时间"),
    ("read_messages", "/api/v1/me/messages", "发送时间"),
    ("applications", "/api/v1/me/applications", "业务编号"),
    ("certificate", "/api/v1/me/deposit-certificate", "验证码："),
]
# Every fault of the lab that makes a read fail (latency and dribble only slow it down: their own test).
FAULTS = {
    "error": {"kind": "error", "status": 503},
    "html_502": {"kind": "malformed", "status": 502},
    "empty_response": {"kind": "empty_response"},
    "connection_reset": {"kind": "connection_reset"},
    "random_data_then_close": {"kind": "random_data_then_close"},
    "malformed_chunk": {"kind": "malformed_chunk"},
    "lost_response": {"kind": "lost_response"},
}
# Every screen under a 503; every fault kind on one screen of each kind (panels, the paged table, a list,
# a loan screen). The client retries each read a few times first; what is counted is what follows.
CASES = [(*screen, "error") for screen in QUERY_SCREENS] + [
    (*screen, fault)
    for fault in sorted(FAULTS)
    if fault != "error"
    for screen in QUERY_SCREENS
    if screen[0] in ("account", "ledger", "messages", "loan_account")
]
TICKS = 40  # refresh ticks a screen is left alone after a failure (about a second)


async def requests_to(admin, prefix: str) -> int:  # type: ignore[no-untyped-def]
    items = (await admin.get("/journal", params={"limit": 2000})).json()["items"]
    return sum(1 for item in items if item["path"].startswith(prefix))


async def left_alone(pilot) -> None:  # type: ignore[no-untyped-def]
    for _ in range(TICKS):
        await pilot.pause(0.02)


def retry_offered(app) -> bool:  # type: ignore[no-untyped-def]
    binding = app.screen.active_bindings.get("r")
    return binding is not None and binding.enabled and binding.binding.action == "retry"


@pytest.mark.parametrize(("function_id", "path", "recovered", "fault"), CASES)
async def test_a_query_screen_says_its_load_failed_in_place_and_r_recovers(  # type: ignore[no-untyped-def]
    mock_app, admin, function_id, path, recovered, fault
) -> None:
    app = make_app(mock_app)
    async with app.run_test(size=(100, 30)) as pilot:
        await login(pilot)
        await admin.post("/faults", json={"path_prefix": path, "count": 1000, **FAULTS[fault]})
        await app.open_function(function_id)
        await wait_until(pilot, lambda: "加载失败：" in screen_text(app), what="the failure in place")
        await settle(pilot)
        text = screen_text(app)
        assert "按 R 重试" in text
        assert recovered not in text
        assert "没有符合条件的记录" not in text and "正在加载" not in text
        assert retry_offered(app)
        asked = await requests_to(admin, path)
        await left_alone(pilot)
        assert await requests_to(admin, path) == asked  # nothing asked again on its own

        await admin.delete("/faults")
        await pilot.press("r")
        await wait_until(pilot, lambda: recovered in screen_text(app), what="the recovered screen")
        await settle(pilot)
        assert "加载失败" not in screen_text(app)
        assert not retry_offered(app)  # nothing left to retry: R is not offered


async def test_home_panels_fail_each_in_place(mock_app, admin) -> None:  # type: ignore[no-untyped-def]
    app = make_app(mock_app)
    async with app.run_test(size=(100, 30)) as pilot:
        await admin.post("/faults", json={"path_prefix": "/api/v1/me/account", "count": 1000})
        await login(pilot)
        await wait_until(pilot, lambda: "加载失败：" in screen_text(app), what="the failure in place")
        text = screen_text(app)
        assert "我的公积金" in text  # the panel keeps its frame and says why inside it
        assert "服务暂时不可用" in text
        assert "合同编号" in text  # the loan panel loaded on its own
        asked = await requests_to(admin, "/api/v1/me/account")
        await left_alone(pilot)
        assert await requests_to(admin, "/api/v1/me/account") == asked
        await admin.delete("/faults")
        loans_before = await requests_to(admin, "/api/v1/me/loans")
        await pilot.press("r")
        await wait_until(pilot, lambda: "账户余额" in screen_text(app), what="the fund panel")
        await settle(pilot)
        assert await requests_to(admin, "/api/v1/me/loans") == loans_before  # R reloads just what failed


async def test_a_failed_ledger_page_is_asked_again_only_when_it_scrolls_back(mock_app, admin) -> None:  # type: ignore[no-untyped-def]
    app = make_app(mock_app)
    async with app.run_test(size=(100, 30)) as pilot:
        await login(pilot)
        await app.open_function("ledger")
        await wait_until(pilot, lambda: "合计（元）" in screen_text(app), what="the ledger")
        await settle(pilot)
        await admin.post("/faults", json={"path_prefix": "/api/v1/me/ledger", "count": 1000})
        before = await requests_to(admin, "/api/v1/me/ledger")
        await pilot.press("end")  # the oldest rows: a page not loaded yet
        await wait_until(pilot, lambda: "加载失败：" in screen_text(app), what="the failed page")
        await settle(pilot)
        asked = await requests_to(admin, "/api/v1/me/ledger")
        one_ask = asked - before  # the client's own tries of one page
        await left_alone(pilot)
        assert await requests_to(admin, "/api/v1/me/ledger") == asked  # not while it stays on screen
        assert retry_offered(app)

        await pilot.press("home")  # out of view…
        await settle(pilot)
        await pilot.press("end")  # …and back: asked once more
        await wait_until(pilot, lambda: "加载失败：" in screen_text(app), what="the failed page again")
        await settle(pilot)
        assert await requests_to(admin, "/api/v1/me/ledger") == asked + one_ask
        await left_alone(pilot)
        assert await requests_to(admin, "/api/v1/me/ledger") == asked + one_ask

        await admin.delete("/faults")
        await pilot.press("r")
        await wait_until(pilot, lambda: "加载失败" not in screen_text(app), what="the page")
        await settle(pilot)
        assert "正在加载" not in screen_text(app)
        assert not retry_offered(app)


async def test_a_failed_ledger_requery_keeps_the_criteria_and_shows_no_old_rows(mock_app, admin) -> None:  # type: ignore[no-untyped-def]
    app = make_app(mock_app)
    async with app.run_test(size=(100, 30)) as pilot:
        await login(pilot)
        await app.open_function("ledger")
        await wait_until(pilot, lambda: "合计（元）" in screen_text(app), what="the ledger")
        await settle(pilot)
        await admin.post("/faults", json={"path_prefix": "/api/v1/me/ledger", "count": 1000})
        await type_into(pilot, "#qb-start", "2020-01-01")
        await type_into(pilot, "#qb-end", "2020-12-31")
        await pilot.press("enter")
        await wait_until(pilot, lambda: "加载失败：" in screen_text(app), what="the failed query")
        await settle(pilot)
        text = screen_text(app)
        assert "合计（元）" not in text  # neither the old totals…
        assert "2026-" not in text.split("加载失败")[1]  # …nor the old rows under the new dates
        assert app.screen.query_one("#qb-start").value == "2020-01-01"
        assert app.screen.query_one("#qb-end").value == "2020-12-31"
        asked = await requests_to(admin, "/api/v1/me/ledger")
        await left_alone(pilot)
        assert await requests_to(admin, "/api/v1/me/ledger") == asked

        await admin.delete("/faults")
        await pilot.press("r")
        await wait_until(pilot, lambda: "合计（元）" in screen_text(app), what="the new query's rows")
        await settle(pilot)
        rows = screen_text(app).split("余额走势")[1]  # below the header (with today's date) and the tabs
        assert "2020-" in rows and "2026-" not in rows


async def relogin(pilot) -> None:  # type: ignore[no-untyped-def]
    app = pilot.app
    await wait_until(pilot, lambda: "输入登录密码和验证码即可继续" in screen_text(app), what="the re-login dialog")
    await settle(pilot)
    assert type(app.screen).__name__ == "ReloginDialog"
    await type_into(pilot, "#relogin-password", PASSWORD)
    await type_into(pilot, "#relogin-captcha", CAPTCHA)
    await pilot.press("enter")


async def test_a_session_ending_mid_read_is_resumed_on_the_same_screen(mock_app, admin) -> None:  # type: ignore[no-untyped-def]
    app = make_app(mock_app)
    async with app.run_test(size=(100, 30)) as pilot:
        await login(pilot)
        await admin.post("/clock", json={"advance_seconds": 9 * 3600})  # past the refresh token too
        await app.open_function("account")
        await relogin(pilot)
        await wait_until(pilot, lambda: "个人账号" in screen_text(app), what="the interrupted read, done again")
        await settle(pilot)
        assert "加载失败" not in screen_text(app)
        assert type(app.screen).__name__ == "AccountInfoScreen"


async def test_a_session_ending_mid_form_keeps_every_input(mock_app, admin) -> None:  # type: ignore[no-untyped-def]
    app = make_app(mock_app)
    async with app.run_test(size=(100, 30)) as pilot:
        await login(pilot)
        await app.open_function("change_password")
        await settle(pilot)
        typed = {"old": PASSWORD, "new": "newpass88", "confirm": "newpass88"}
        for input_id, text in typed.items():
            await type_into(pilot, f"#{input_id}", text)
        await admin.post("/clock", json={"advance_seconds": 9 * 3600})
        await pilot.click("#submit")
        await relogin(pilot)
        await wait_until(
            pilot, lambda: type(app.screen).__name__ == "LoginPasswordChangeScreen", what="back on the form"
        )
        await settle(pilot)
        assert {key: app.screen.query_one(f"#{key}").value for key in typed} == typed
        await pilot.click("#submit")  # and it goes through now
        await wait_until(pilot, lambda: "修改成功" in screen_text(app), what="the password changed")


async def test_a_slow_answer_shows_loading_then_the_data(mock_app, admin) -> None:  # type: ignore[no-untyped-def]
    app = make_app(mock_app)
    async with app.run_test(size=(100, 30)) as pilot:
        await login(pilot)
        for fault in (
            {"kind": "latency", "path": "/api/v1/me/account", "delay_ms": 300},
            {"kind": "dribble", "path": "/api/v1/me/ledger*", "chunk_bytes": 512, "interval_ms": 5},
        ):
            await admin.post("/faults", json=fault)
        await app.open_function("account")
        await wait_until(pilot, lambda: "个人账号" in screen_text(app), what="the slow account")
        await app.open_function("ledger")
        await wait_until(pilot, lambda: "合计（元）" in screen_text(app), what="the dribbled ledger")
        assert "加载失败" not in screen_text(app)


async def test_while_the_client_retries_the_screen_says_so(mock_app, admin) -> None:  # type: ignore[no-untyped-def]
    app = make_app(mock_app)
    async with app.run_test(size=(100, 30)) as pilot:
        await login(pilot)
        await admin.post("/faults", json={"kind": "error", "path": "/api/v1/me/account", "status": 503, "count": 1})
        await app.open_function("account")
        await wait_until(pilot, lambda: "个人账号" in screen_text(app), what="the account, on the second try")
        assert "加载失败" not in screen_text(app)
        said = [notice.message for notice in notifications(app)]
        assert "服务器暂时不可用（HTTP 503），正在重试（第 1 次）…" in said


async def test_a_token_refused_after_its_refresh_opens_the_re_login_dialog(mock_app, admin) -> None:  # type: ignore[no-untyped-def]
    app = make_app(mock_app)
    async with app.run_test(size=(100, 30)) as pilot:
        await login(pilot)
        await admin.post("/faults", json={"kind": "expired_token", "path": "/api/v1/me/account", "count": 1000})
        await app.open_function("account")
        await wait_until(pilot, lambda: "输入登录密码和验证码即可继续" in screen_text(app), what="the dialog")
        await admin.delete("/faults")
        await relogin(pilot)
        await wait_until(pilot, lambda: "个人账号" in screen_text(app), what="the interrupted read, done again")


# --- submissions whose answer is lost ------------------------------------------------------------------


async def test_a_withdrawal_whose_answer_is_lost_makes_one_application_when_retried(mock_app, admin) -> None:  # type: ignore[no-untyped-def]
    from tests.test_accounts_ui import latest_code

    runtime = mock_app.state.runtime
    app = make_app(mock_app)
    async with app.run_test(size=(100, 30)) as pilot:
        await login(pilot, username="13800000004")  # 陈静: may take 离职提取
        await app.open_function("withdraw_resignation")
        await settle(pilot)
        await type_into(pilot, "#amount", "1000")
        await type_into(pilot, "#pay-password", "135790")
        await pilot.click("#send-sms")
        await wait_until(pilot, lambda: app.screen.focused is app.screen.query_one("#sms-code"), what="code sent")
        await type_into(pilot, "#sms-code", latest_code(runtime, "13800000004"))
        before = runtime.store.conn.execute("SELECT COUNT(*) FROM applications WHERE member_id = 4").fetchone()[0]
        # Lost more often than the client retries: the member is told, and asked to look or retry.
        lost = {"kind": "lost_response", "path": "/api/v1/me/withdrawals", "method": "POST", "count": 20}
        await admin.post("/faults", json=lost)
        await pilot.press("enter")
        await wait_until(pilot, lambda: type(app.screen).__name__ == "WithdrawalConfirmDialog", what="confirmation")
        await pilot.click("#submit")
        await wait_until(pilot, lambda: "可能已提交，请在【我发起的】查看" in screen_text(app), what="the lost answer")
        await settle(pilot)
        typed = {"amount": "1000", "pay-password": "135790"}
        assert {key: app.screen.query_one(f"#{key}").value for key in typed} == typed
        committed = runtime.store.conn.execute("SELECT COUNT(*) FROM applications WHERE member_id = 4").fetchone()[0]
        assert committed == before + 1  # the server did it; only the answer was lost

        await admin.delete("/faults")
        await pilot.press("ctrl+s")  # the same submission again, with the same key
        await wait_until(pilot, lambda: type(app.screen).__name__ == "WithdrawalConfirmDialog", what="confirmation")
        await pilot.click("#submit")
        await wait_until(pilot, lambda: "离职提取申请已提交" in screen_text(app), what="the application")
        after = runtime.store.conn.execute("SELECT COUNT(*) FROM applications WHERE member_id = 4").fetchone()[0]
        assert after == before + 1  # exactly one application


async def test_a_session_ending_while_going_from_one_function_to_another_asks_to_log_in_again(mock_app, admin) -> None:  # type: ignore[no-untyped-def]
    """From one function straight to the next (F3 on 个人账户基本信息) the home page is not shown in between: it
    would reload its panels, find the session ended and open the re-login dialog while the new screen went
    on top of it (a dialog half-built under a screen, and a crash)."""
    app = make_app(mock_app)
    async with app.run_test(size=(100, 30)) as pilot:
        await login(pilot)
        await app.open_function("account")
        await wait_until(pilot, lambda: "个人账号" in screen_text(app), what="the account")
        await settle(pilot)
        home_reads = await requests_to(admin, "/api/v1/me/loans")
        await admin.post("/clock", json={"advance_seconds": 9 * 3600})  # past the refresh token too
        await pilot.press("f3")
        await relogin(pilot)
        await wait_until(
            pilot, lambda: "合计（元）" in screen_text(app), what="the ledger, read after logging in again"
        )
        await settle(pilot)
        assert type(app.screen).__name__ == "LedgerScreen" and len(app.screen_stack) == app.HOME_DEPTH + 1
        assert await requests_to(admin, "/api/v1/me/loans") == home_reads  # the home page stayed underneath
