"""The query screens, opened like a person would (function keys, menu, palette), with their figures."""

from __future__ import annotations

from textual.widgets import Input, Select

from api_client.domain.formatting import fmt_money
from tests.conftest import make_app
from tests.ui import (
    click_button,
    login,
    open_screen,
    screen_name,
    screen_text,
    settle,
    wait_for_screen,
    wait_for_text,
    wait_until,
)
from tui.widgets.table import VirtualTable

DEMO, NO_LOAN, THREE, BENCH = "13800000001", "13800000002", "13800000003", "13800000010"


async def test_account_info_shows_every_field_masked(mock_app) -> None:
    app = make_app(mock_app)
    async with app.run_test(size=(120, 40)) as pilot:
        await login(pilot)
        await open_screen(pilot, "f2", "AccountInfoScreen")
        account = await app.client.account()
        text = screen_text(app)
        for label in (
            "姓名",
            "证件号码",
            "手机号码",
            "个人账号",
            "账户状态",
            "开户日期",
            "单位名称",
            "单位账号",
            "缴存基数",
            "缴存比例",
            "月缴存额",
            "账户余额",
            "缴至年月",
            "当年缴存金额",
            "上年结转金额",
            "冻结金额",
            "开户银行",
        ):
            assert label in text, label
        assert "110105********0039" in text and "138****0001" in text and "110105198503120039" not in text
        for amount in (
            account.balance,
            account.base,
            account.monthly_deposit,
            account.year_deposit,
            account.carried_over,
        ):
            assert f"{fmt_money(amount)} 元" in text
        assert account.employer_name in text and account.account_no in text


async def test_ledger_shows_newest_first_with_totals_and_filters(mock_app) -> None:
    app = make_app(mock_app)
    async with app.run_test(size=(120, 40)) as pilot:
        await login(pilot)
        await open_screen(pilot, "f3", "LedgerScreen")
        page = await app.client.ledger(page_size=1, newest_first=True)
        newest = page.items[0]
        text = screen_text(app)
        assert "缴存比例 12.00%+12.00%" in text and "账户余额" in text and "缴存基数 14,196.00 元" in text
        assert f"共{page.totals.count:,}条" in text
        assert f"收入：{fmt_money(page.totals.income)}" in text and f"利息：{fmt_money(page.totals.interest)}" in text
        first_row = next(line for line in text.splitlines() if line.strip().startswith(str(newest.seq)))
        assert newest.posted_on.isoformat() in first_row and fmt_money(newest.balance) in first_row
        # Only 结息 in 2020–2022.
        screen = app.screen
        screen.query_one("#qb-start", Input).value = "2020-01-01"
        screen.query_one("#qb-end", Input).value = "2022-12-31"
        screen.query_one("#qb-choice", Select).value = "interest"
        await pilot.click("#qb-submit")
        await wait_until(pilot, lambda: "共3条" in screen_text(app), what="filtered totals")
        text = screen_text(app)
        assert text.count("结息") >= 3 and "汇缴     2" not in text


async def test_bad_dates_are_named_and_nothing_is_sent(mock_app) -> None:
    app = make_app(mock_app)
    runtime = mock_app.state.runtime
    async with app.run_test(size=(100, 30)) as pilot:
        await login(pilot)
        await open_screen(pilot, "f3", "LedgerScreen")
        runtime.journal.clear()
        app.screen.query_one("#qb-start", Input).value = "2026-02-30"
        await pilot.click("#qb-submit")
        await wait_for_text(pilot, "起始日期：日期无效，请检查年月日")
        assert app.screen.query_one("#qb-start", Input).value == "2026-02-30"
        app.screen.query_one("#qb-start", Input).value = "2026-05-01"
        app.screen.query_one("#qb-end", Input).value = "2026-01-01"
        await click_button(pilot, "#qb-submit")
        await wait_for_text(pilot, "起始日期不能晚于截止日期")
        assert list(runtime.journal) == []


async def test_twelve_thousand_entries_page_in_as_they_scroll(mock_app) -> None:
    app = make_app(mock_app)
    runtime = mock_app.state.runtime
    async with app.run_test(size=(100, 30)) as pilot:
        await login(pilot, username=BENCH)
        await open_screen(pilot, "f3", "LedgerScreen")
        table = app.screen.query_one(VirtualTable)
        assert table.row_count == 12000
        assert "共12,000条" in screen_text(app)
        runtime.journal.clear()
        await pilot.press("end")  # the oldest entry, on the last page
        await wait_until(pilot, lambda: table.row_at(11999) is not None, what="last page")
        await settle(pilot)
        assert [entry.path for entry in runtime.journal] == ["/api/v1/me/ledger"]
        last_line = [line for line in screen_text(app).splitlines() if line.strip().startswith("1 ")]
        assert last_line and "1996-01-" in last_line[0]
        await pilot.press("enter")
        await wait_for_text(pilot, "明细详情", "记账日期")
        assert screen_name(app) == "DetailDialog"
        assert "明细详情" in screen_text(app) and "记账日期" in screen_text(app)


async def test_progress_timeline_and_no_loan_message(mock_app) -> None:
    app = make_app(mock_app)
    async with app.run_test(size=(100, 30)) as pilot:
        await login(pilot, username=THREE)
        await open_screen(pilot, "f4", "LoanProgressScreen")
        loans = await app.client.loans()
        select = app.screen.query_one("#contract", Select)
        select.value = loans[2].contract_no  # the approved one
        await wait_until(pilot, lambda: "▶ 抵押登记" in screen_text(app), what="current step")
        text = screen_text(app)
        assert "✔ 签合同" in text and "○ 放款" in text and "办理中" in text and "待办理" in text
        assert "150,000.00 元" in text and "二手房" in text
    app = make_app(mock_app)
    async with app.run_test(size=(100, 30)) as pilot:
        await login(pilot, username=NO_LOAN)
        await open_screen(pilot, "f4", "LoanProgressScreen")
        assert "您未办理贷款业务，如需办理贷款业务，请回到主页面进行贷款申请" in screen_text(app)


async def test_loan_account_detail_and_undisbursed_answer(mock_app) -> None:
    app = make_app(mock_app)
    async with app.run_test(size=(100, 32)) as pilot:
        await login(pilot)
        await open_screen(pilot, "f5", "LoanAccountScreen")
        loan = (await app.client.loans())[0]
        text = screen_text(app)
        assert loan.contract_no in text and "1,871.39 元" in text and "3.25" in text and "等额本息" in text
        assert f"{fmt_money(loan.balance)} 元" in text and "2045-07-15" in text and "每月 15 日" in text
        await pilot.press("d")
        await wait_for_text(pilot, "共同借款人")
        assert screen_name(app) == "DetailDialog"
        text = screen_text(app)
        assert "共同借款人" in text and "刘*（110105********" in text and "刘芳" not in text and "**** **** " in text
    app = make_app(mock_app)
    async with app.run_test(size=(100, 30)) as pilot:
        await login(pilot, username=THREE)
        await open_screen(pilot, "f5", "LoanAccountScreen")
        approved = (await app.client.loans())[2].contract_no
        app.screen.query_one("#contract", Select).value = approved
        await wait_until(pilot, lambda: f"此合同【{approved}】的贷款未发放" in screen_text(app), what="answer")


async def test_repayments_with_penalty_and_totals(mock_app) -> None:
    app = make_app(mock_app)
    async with app.run_test(size=(100, 30)) as pilot:
        await login(pilot, username=THREE)
        await open_screen(pilot, "f6", "RepaymentsScreen")
        number = app.screen.contract_no
        result = await app.client.repayments(number)
        text = screen_text(app)
        totals = result.totals
        assert f"共{totals.count}期" in text and f"罚息：{fmt_money(totals.penalty)}" in text
        assert f"还款：{fmt_money(totals.amount)}" in text and f"本金：{fmt_money(totals.principal)}" in text
        app.screen.query_one("#qb-start", Input).value = "2021-03-01"
        app.screen.query_one("#qb-end", Input).value = "2021-03-31"
        await pilot.click("#qb-submit")
        await wait_until(pilot, lambda: "共1期" in screen_text(app), what="range")
        row = next(line for line in screen_text(app).splitlines() if line.strip().startswith("2021-03-28"))
        assert "5.38" in row and "1,993.40" in row


async def test_plan_header_rows_charts_and_answers(mock_app) -> None:
    app = make_app(mock_app)
    async with app.run_test(size=(120, 40)) as pilot:
        await login(pilot)
        await open_screen(pilot, "f7", "RepaymentPlanScreen")
        text = screen_text(app)
        for label in (
            "贷款发放额",
            "贷款期数",
            "发放日期",
            "到期日期",
            "约定还款日",
            "月还款额",
            "贷款利率",
            "结清日期",
        ):
            assert label in text
        assert "430,000.00 元" in text and "2045-07-15" in text and "未结清" in text
        next_due = next(line for line in text.splitlines() if line.strip().startswith("137 "))
        assert "2026-12-15" in next_due and "313,969.50" in next_due and "待还" in next_due
        await pilot.press("ctrl+t")
        await wait_until(pilot, lambda: "2045" in screen_text(app) and "┤" in screen_text(app), what="chart")
        await pilot.press("ctrl+t")
        await wait_until(pilot, lambda: "本金占比" in screen_text(app), what="split")
        assert "█" in screen_text(app)
    app = make_app(mock_app)
    async with app.run_test(size=(100, 30)) as pilot:
        await login(pilot, username=THREE)
        await open_screen(pilot, "f7", "RepaymentPlanScreen")
        settled = (await app.client.loans())[0].contract_no
        app.screen.query_one("#contract", Select).value = settled
        await wait_until(pilot, lambda: f"此合同【{settled}】的贷款已结清" in screen_text(app), what="settled")
        typed = app.screen.query_one("#plan-contract", Input)
        typed.value = "2015071536010038"  # the demo persona's contract: not this member's
        typed.focus()
        await pilot.press("enter")
        await wait_until(pilot, lambda: "未找到借款合同【2015071536010038】" in screen_text(app), what="not found")


async def test_each_screen_makes_one_request_per_panel(mock_app) -> None:
    runtime = mock_app.state.runtime
    expected = {
        "f2": ["/api/v1/me/account"],
        "f3": sorted(["/api/v1/me/account", "/api/v1/me/ledger"]),
        "f4": ["/api/v1/me/loans", "/api/v1/me/loans/{no}/progress"],
        "f5": ["/api/v1/me/loans", "/api/v1/me/loans/{no}"],
        "f6": ["/api/v1/me/loans", "/api/v1/me/loans/{no}/repayments"],
        "f7": ["/api/v1/me/loans", "/api/v1/me/loans/{no}/plan"],
    }
    app = make_app(mock_app)
    async with app.run_test(size=(100, 30)) as pilot:
        await login(pilot)
        number = (await app.client.loans())[0].contract_no
        for key, paths in expected.items():
            await pilot.press("escape")
            await settle(pilot)
            runtime.journal.clear()
            await pilot.press(key)
            await wait_until(pilot, lambda: screen_name(app) != "HomeScreen")
            await settle(pilot)
            await pilot.pause(0.2)
            await settle(pilot)
            seen = sorted(entry.path.replace(number, "{no}") for entry in runtime.journal)
            assert seen == sorted(paths), key


async def test_home_menu_and_command_palette_open_functions(mock_app) -> None:
    app = make_app(mock_app)
    async with app.run_test(size=(100, 30)) as pilot:
        await login(pilot)
        text = screen_text(app)
        for title in (
            "个人账户基本信息",
            "个人账户明细",
            "个人贷款进度查询",
            "公积金贷款账户信息",
            "公积金贷款还款明细",
            "公积金贷款还款计划查询",
        ):
            assert title in text
        from tui.widgets.home_menu import HomeMenu

        app.screen.query_one(HomeMenu).highlight("account")
        await pilot.press("enter")
        await wait_for_screen(pilot, "AccountInfoScreen")
        await pilot.press("escape")
        await wait_for_screen(pilot, "HomeScreen")
        await pilot.press("ctrl+p")
        await wait_for_screen(pilot, "CommandPalette")
        await pilot.press(*"还款计划")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await wait_for_screen(pilot, "RepaymentPlanScreen")
        # Function keys from one function go straight to another, and Esc returns home.
        await settle(pilot)
        await pilot.press("f3")
        await wait_for_screen(pilot, "LedgerScreen")
        await settle(pilot)
        assert len(app.screen_stack) == 3
        await pilot.press("escape")
        await wait_for_screen(pilot, "HomeScreen")


async def test_the_chosen_contract_is_remembered_across_loan_screens(mock_app) -> None:
    app = make_app(mock_app)
    async with app.run_test(size=(100, 30)) as pilot:
        await login(pilot, username=THREE)
        await open_screen(pilot, "f6", "RepaymentsScreen")
        settled = (await app.client.loans())[0].contract_no
        app.screen.query_one("#contract", Select).value = settled
        await wait_until(pilot, lambda: "共120期" in screen_text(app), what="settled repayments")
        await open_screen(pilot, "f4", "LoanProgressScreen")
        assert app.screen.query_one("#contract", Select).value == settled
