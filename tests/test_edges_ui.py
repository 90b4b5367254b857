"""Rough edges a new user stumbled on (issue 12), each driven with Pilot through the embedded mock."""

from __future__ import annotations

import os
import time

from textual.widgets import Input

from tests.conftest import make_app
from tests.test_export_ui import notices, open_ledger
from tests.ui import field_error, login, screen_name, screen_text, settle, type_into, wait_until
from tui.config import Config
from tui.frame import shown
from tui.textual_internals import notifications

# --- keys ---------------------------------------------------------------------------------------------


async def test_ctrl_c_says_how_to_quit_in_chinese(mock_app) -> None:
    app = make_app(mock_app)
    async with app.run_test(size=(80, 24)) as pilot:
        await login(pilot)
        await pilot.press("ctrl+c")
        await wait_until(pilot, lambda: "按 Ctrl+Q 退出程序。" in notices(app), what="the Chinese hint")
        assert [n.title for n in notifications(app)] == ["要退出吗？"]


async def test_ctrl_c_in_a_kiosk_offers_no_way_out(mock_app) -> None:
    app = make_app(mock_app, config=Config(kiosk=True))
    async with app.run_test(size=(80, 24)) as pilot:
        await login(pilot)
        await pilot.press("ctrl+c")
        await settle(pilot)
        assert notices(app) == [] and screen_name(app) == "HomeScreen"


async def test_letter_keys_work_in_capitals_too(mock_app, tmp_path) -> None:
    app = make_app(mock_app, config=Config(export_dir=str(tmp_path)))
    async with app.run_test(size=(80, 24)) as pilot:
        await open_ledger(pilot)
        await pilot.press("E")  # Caps Lock on: "E 导出" as shown
        await wait_until(pilot, lambda: screen_name(app) == "ExportDialog", what="the export dialog")
        await pilot.press("E")  # typed into the file name, not taken as the key
        assert app.screen.query_one("#export-path").value.endswith(".xlsxE")  # type: ignore[attr-defined]
        await pilot.press("escape")
        await wait_until(pilot, lambda: screen_name(app) == "LedgerScreen")
        await app.open_function("messages")
        await settle(pilot)
        await wait_until(pilot, lambda: "标为已阅" in screen_text(app))
        before = screen_text(app)
        await pilot.press("R")
        await wait_until(pilot, lambda: screen_text(app) != before, what="R marks the message read")
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("f2")
        await settle(pilot)
        await pilot.press("f10")  # 退出: asks 是/否; "Y" answers it
        await wait_until(pilot, lambda: screen_name(app) == "ConfirmDialog")
        await pilot.press("Y")
        await wait_until(pilot, lambda: screen_name(app) == "LoginScreen", what="logged out by Y")


# --- printing -----------------------------------------------------------------------------------------


def fake_lp(tmp_path, monkeypatch, body: str) -> None:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    lp = bin_dir / "lp"
    lp.write_text("#!/bin/sh\n" + body)
    lp.chmod(0o755)
    monkeypatch.setenv("PATH", f"{bin_dir}:{os.environ['PATH']}")


async def test_a_hung_printer_leaves_the_screen_live_and_can_be_cancelled(mock_app, tmp_path, monkeypatch) -> None:
    started = tmp_path / "started"
    fake_lp(tmp_path, monkeypatch, f"echo $$ > {started}\nexec sleep 60\n")
    app = make_app(mock_app, config=Config(export_dir=str(tmp_path / "out"), printer="hall"))
    async with app.run_test(size=(80, 24)) as pilot:
        await open_ledger(pilot)
        await pilot.press("p")
        await wait_until(pilot, lambda: screen_name(app) == "ConfirmDialog", timeout=60)
        await pilot.press("y")
        await wait_until(pilot, lambda: "正在发送到打印机 hall…" in screen_text(app), what="the print progress")
        await wait_until(pilot, lambda: started.exists(), what="lp started")
        clock = time.monotonic()
        await pilot.pause(0.3)
        assert time.monotonic() - clock < 2  # the UI answers while lp hangs
        await pilot.press("escape")
        await wait_until(pilot, lambda: any(n.startswith("已取消打印，打印版已保存到") for n in notices(app)))
        pid = int(started.read_text())
        await wait_until(pilot, lambda: not _alive(pid), what="lp killed")
        assert screen_name(app) == "LedgerScreen"


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


# --- a filled-in form asks before it is left ----------------------------------------------------------


async def test_a_filled_in_loan_application_asks_before_esc_or_a_function_key(mock_app) -> None:
    app = make_app(mock_app)
    async with app.run_test(size=(120, 40)) as pilot:
        await login(pilot, username="13800000002")
        await app.open_function("loan_application")
        await wait_until(
            pilot, lambda: app.screen.query("#loan-amount") and app.screen.query_one("#loan-amount").display
        )
        await settle(pilot)
        await pilot.press("escape")  # nothing typed: leaves at once
        await wait_until(pilot, lambda: screen_name(app) == "HomeScreen")
        await app.open_function("loan_application")
        await settle(pilot)
        await type_into(pilot, "#loan-amount", "500000")
        await pilot.press("escape")
        await wait_until(pilot, lambda: "已填写的内容尚未提交，离开后不会保存。" in screen_text(app))
        await pilot.press("n")  # 留下: the form and what was typed stay
        await wait_until(pilot, lambda: screen_name(app) == "LoanApplicationScreen")
        assert app.screen.query_one("#loan-amount", Input).value == "500000"
        await pilot.press("f3")
        await wait_until(pilot, lambda: screen_name(app) == "ConfirmDialog")
        await pilot.press("y")
        await wait_until(pilot, lambda: screen_name(app) == "LedgerScreen", what="the ledger after 离开")


async def test_a_filled_in_withdrawal_and_password_change_ask_too(mock_app) -> None:
    app = make_app(mock_app)
    async with app.run_test(size=(80, 24)) as pilot:
        await login(pilot, username="13800000004")
        await app.open_function("withdraw_resignation")
        await wait_until(pilot, lambda: shown(app.screen.query_one("#amount")), what="the withdrawal form")
        await type_into(pilot, "#amount", "100")
        await pilot.press("f2")
        await wait_until(pilot, lambda: screen_name(app) == "ConfirmDialog")
        await pilot.press("escape")  # Esc on the question is 留下
        await wait_until(pilot, lambda: screen_name(app) == "ResignationWithdrawalScreen")
        assert app.screen.query_one("#amount", Input).value == "100"
        await app.open_function("change_password")  # the palette and the menu go the same way
        await wait_until(pilot, lambda: screen_name(app) == "ConfirmDialog")
        await pilot.press("y")
        await wait_until(pilot, lambda: screen_name(app) == "LoginPasswordChangeScreen")
        await settle(pilot)
        await type_into(pilot, "#old", "abc")
        await pilot.press("escape")
        await wait_until(pilot, lambda: screen_name(app) == "ConfirmDialog")
        await pilot.press("y")
        await wait_until(pilot, lambda: screen_name(app) == "HomeScreen")


# --- screens ------------------------------------------------------------------------------------------


async def test_another_card_replaces_the_registered_one_without_a_gap(mock_app) -> None:
    from textual.widgets import Select

    app = make_app(mock_app)
    async with app.run_test(size=(80, 24)) as pilot:
        await login(pilot, username="13800000004")
        await app.open_function("withdraw_resignation")
        await wait_until(pilot, lambda: shown(app.screen.query_one("#amount")), what="the withdrawal form")
        await wait_until(pilot, lambda: "**** **** 2871" in screen_text(app))
        choice = app.screen.query_one("#account-choice", Select)
        choice.focus()
        await pilot.press("enter", "down", "enter")  # 其他本人银行卡
        await wait_until(pilot, lambda: "请填写本人名下的其他银行卡" in screen_text(app))
        lines = screen_text(app).splitlines()
        assert not any("2871" in line for line in lines)
        bank = next(i for i, line in enumerate(lines) if "开户银行" in line)
        assert "支付密码" in lines[bank + 1]  # no empty lines under the card's fields


async def test_ledger_columns_fit_at_120_and_say_what_is_off_screen_at_80(mock_app) -> None:
    app = make_app(mock_app)
    async with app.run_test(size=(120, 40)) as pilot:
        await login(pilot)
        await pilot.press("f3")
        await wait_until(pilot, lambda: "单位网厅" in screen_text(app), what="渠道 whole at 120 columns")
        assert "右侧还有" not in screen_text(app)
    app = make_app(mock_app)
    async with app.run_test(size=(80, 24)) as pilot:
        await login(pilot)
        await pilot.press("f3")
        await wait_until(
            pilot, lambda: "→ 右侧还有 摘要、机构、渠道（按 ←/→ 左右滚动，Enter 查看详情）" in screen_text(app)
        )
        for _ in range(6):
            await pilot.press("right")
        await wait_until(pilot, lambda: "单位网厅" in screen_text(app), what="scrolled to 渠道")
        assert "← 左侧还有" in screen_text(app) and "右侧还有" not in screen_text(app)
        await pilot.press("enter")
        await wait_until(pilot, lambda: "明细详情" in screen_text(app))
        assert "渠道" in screen_text(app) and "单位网厅" in screen_text(app)
        await pilot.press("escape")
        await wait_until(pilot, lambda: screen_name(app) == "LedgerScreen")
        assert ("Enter", "详情：所选记录的全部字段（含表格放不下的列）", "ledger.detail") in app.key_help(app.screen)


async def test_repayments_show_the_loan_amount_and_list_newest_first_like_the_ledger(mock_app) -> None:
    app = make_app(mock_app)
    async with app.run_test(size=(80, 24)) as pilot:
        await login(pilot)
        await pilot.press("f6")
        await wait_until(pilot, lambda: "放款金额 430,000.00 元" in screen_text(app), what="放款金额")
        assert "放款日期 2015-07-15" in screen_text(app) and "最新在前" in screen_text(app)
        rows = [line for line in screen_text(app).splitlines() if line.strip()[:4].isdigit()]
        assert rows[0].split()[:3] == ["2026-11-15", "2026-11", "136"]  # the latest repayment on top
        assert rows[1].split()[:3] == ["2026-10-15", "2026-10", "135"]


async def test_my_fund_panel_is_focusable_and_opens_the_ledger(mock_app) -> None:
    app = make_app(mock_app)
    async with app.run_test(size=(80, 24)) as pilot:
        await login(pilot)
        await wait_until(pilot, lambda: "查询更多 ›" in screen_text(app), what="【查询更多】 on 我的公积金")
        fund = app.screen.query_one("#fund")
        for _ in range(12):  # Tab reaches the panel
            if app.focused is fund:
                break
            await pilot.press("tab")
        assert app.focused is fund
        await pilot.press("enter")
        await wait_until(pilot, lambda: screen_name(app) == "LedgerScreen", what="the ledger")
        await wait_until(pilot, lambda: "2026-11-12 汇缴" in screen_text(app))
        await pilot.press("escape")
        await wait_until(pilot, lambda: screen_name(app) == "HomeScreen")
        await settle(pilot)
        await pilot.click("#fund")
        await wait_until(pilot, lambda: screen_name(app) == "LedgerScreen", what="the ledger by a click")


async def test_a_settled_contract_shows_payment_and_rate_of_one_period(mock_app, runtime) -> None:
    from mock_server.services.loans import plan_of

    db = runtime.store.conn
    loan = db.execute("SELECT * FROM loans WHERE contract_no = '2006092036010040'").fetchone()
    last = plan_of(db, loan)[-1]  # the period it was settled in: its payment and its rate belong together
    app = make_app(mock_app)
    async with app.run_test(size=(80, 24)) as pilot:
        await login(pilot, username="13800000003")
        await pilot.press("f5")
        await wait_until(pilot, lambda: "贷款账户信息" in screen_text(app))
        from textual.widgets import Select

        await settle(pilot)
        app.screen.query_one("#contract", Select).value = "2006092036010040"
        await wait_until(pilot, lambda: "2006092036010040" in screen_text(app) and "已结清" in screen_text(app))
        payment, rate = f"{last.payment:,.2f} 元（末期，第 120 期）", f"{last.annual_rate:.2f}（末期，第 120 期）"
        await wait_until(pilot, lambda: payment in screen_text(app) and rate in screen_text(app), what="one period")


async def test_names_are_masked_on_every_screen_as_in_the_exports(mock_app) -> None:
    app = make_app(mock_app)
    async with app.run_test(size=(120, 40)) as pilot:
        await login(pilot)
        await pilot.press("f2")
        await wait_until(pilot, lambda: "110105********0039" in screen_text(app) and "姓名" in screen_text(app))
        assert "张伟" not in screen_text(app) and "张*" in screen_text(app)
        await pilot.press("f5")
        await wait_until(pilot, lambda: "贷款账户信息" in screen_text(app))
        await settle(pilot)
        await pilot.press("d")
        await wait_until(pilot, lambda: "借款人" in screen_text(app), what="the borrowers")
        assert "张伟" not in screen_text(app) and "张*（110105********0039）" in screen_text(app)


async def test_a_term_beyond_her_limit_names_her_limit(mock_app) -> None:
    app = make_app(mock_app)
    async with app.run_test(size=(120, 40)) as pilot:
        await login(pilot, username="13800000002")  # 李娜: her age allows at most 283 months
        await app.open_function("loan_application")
        await wait_until(pilot, lambda: "期限 12–283 个月" in screen_text(app), what="her limit")
        await type_into(pilot, "#loan-periods", "400")
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: field_error(app, "loan-periods"), what="the term's error")
        assert field_error(app, "loan-periods") == "按您的年龄，贷款期限最长 283 个月"
        app.screen.query_one("#loan-periods", Input).value = "6"
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: field_error(app, "loan-periods") == "贷款期限最短 12 个月")


async def test_a_finished_applications_detail_names_its_node_as_the_list_does(mock_app) -> None:
    app = make_app(mock_app)
    async with app.run_test(size=(120, 40)) as pilot:
        await login(pilot)
        await app.open_function("applications")
        await wait_until(pilot, lambda: "办结" in screen_text(app), what="a finished application in the list")
        table = app.screen.query_one("DataTable")
        keys = list(table.rows)  # type: ignore[attr-defined]
        row = next(i for i, key in enumerate(keys) if "办结" in str(table.get_row(key)))  # type: ignore[attr-defined]
        table.move_cursor(row=row)  # type: ignore[attr-defined]
        await pilot.press("enter")
        await wait_until(pilot, lambda: "当前环节" in screen_text(app) and "业务编号" in screen_text(app))
        line = next(line for line in screen_text(app).splitlines() if "当前环节" in line)
        assert "办结" in line and "—" not in line


async def test_with_a_server_url_the_header_keeps_the_function_name_at_80_columns(mock_app) -> None:
    from tests.conftest import TODAY, client_for
    from tui.app import GjjApp

    url = "https://gjj.example-centre.cn:8443"
    app = GjjApp(client_for(mock_app, url), today=lambda: TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await login(pilot)
        await pilot.press("f7")
        await wait_until(pilot, lambda: screen_text(app).splitlines()[0].strip().startswith("公积金贷款还款计划查询"))
        header = screen_text(app).splitlines()[0]
        assert "公积金网厅" not in header and "张* 110105********0039" in header
    app = GjjApp(client_for(mock_app, url), today=lambda: TODAY)
    async with app.run_test(size=(120, 40)) as pilot:  # room for everything: the server is named too
        await login(pilot)
        await pilot.press("f7")
        await wait_until(pilot, lambda: "公积金贷款还款计划查询" in screen_text(app).splitlines()[0])
        assert url in screen_text(app).splitlines()[0]


async def test_the_export_dialog_shows_the_whole_folder_at_80_columns(mock_app, tmp_path) -> None:
    folder = tmp_path / "公积金导出"
    app = make_app(mock_app, config=Config(export_dir=str(folder)))
    async with app.run_test(size=(80, 24)) as pilot:
        await open_ledger(pilot)
        await pilot.press("e")
        await wait_until(pilot, lambda: "保存到" in screen_text(app), what="the export dialog")
        assert str(folder)[:16] in screen_text(app)  # /tmp/pytest-of-…: the leading "/" on screen
        inside = "".join(line.split("█")[1].strip() for line in screen_text(app).splitlines() if line.count("█") >= 2)
        assert str(folder) in inside  # and the rest of it, wrapped
