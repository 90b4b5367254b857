"""C copies what is focused, through the terminal (Textual's copy_to_clipboard: OSC 52, so over SSH too),
with a notice of what was copied: a table's row as shown, or the contract number."""

from __future__ import annotations

from textual.widgets import Select

from api_client.domain.formatting import fmt_money
from tests.conftest import make_app, signed_in
from tests.ui import login, screen_name, screen_text, settle, wait_until
from tui.textual_internals import notifications


def notices(app) -> list[str]:  # type: ignore[no-untyped-def]
    return [str(notification.message) for notification in notifications(app)]


async def test_c_copies_the_table_row_as_shown(mock_app) -> None:  # type: ignore[no-untyped-def]
    app = make_app(mock_app)
    async with app.run_test(size=(100, 30)) as pilot:
        await login(pilot)
        await pilot.press("f3")
        await wait_until(pilot, lambda: screen_name(app) == "LedgerScreen")
        await settle(pilot)
        await wait_until(pilot, lambda: "136,296.01" in screen_text(app), what="the ledger's rows")
        app.screen.query_one("VirtualTable").focus()
        await pilot.press("down")  # the second row: 2026-10-12 汇缴 3,407.04 → 136,296.01
        await settle(pilot)
        await pilot.press("c")
        await wait_until(pilot, lambda: any(n.startswith("已复制当前行：251  2026-10-12  汇缴") for n in notices(app)))
        cells = app.clipboard.split("\t")
        assert cells[1:4] == ["2026-10-12", "汇缴", "2026-10"] and "3,407.04" in cells and "136,296.01" in cells
        shown = next(line for line in screen_text(app).splitlines() if "2026-10-12" in line and "136,296.01" in line)
        assert all(cell in shown for cell in cells[:7])  # what the row shows (at 100 columns, its first 7 cells)


async def test_c_copies_the_contract_number_and_nothing_where_nothing_is_chosen(mock_app) -> None:  # type: ignore[no-untyped-def]
    app = make_app(mock_app)
    async with app.run_test(size=(100, 30)) as pilot:
        await login(pilot)
        await pilot.press("c")  # the home menu: nothing to copy, no notice, nothing sent
        await pilot.pause()
        assert app.clipboard == "" and notices(app) == []
        await pilot.press("f5")
        await wait_until(pilot, lambda: screen_name(app) == "LoanAccountScreen")
        await settle(pilot)
        contract = (await app.client.loans())[0].contract_no
        app.screen.query_one("#contract", Select).focus()  # the dropdown does not take C as a search
        await pilot.pause()
        await pilot.press("c")
        await wait_until(pilot, lambda: notices(app) == [f"已复制合同编号：{contract}"], what="the notice")
        assert app.clipboard == contract


# --- single figures: 个人账户基本信息, the home page's 我的公积金, the loan account -------------------------


def copied(app) -> list[str]:  # type: ignore[no-untyped-def]
    return [notice for notice in notices(app) if notice.startswith("已复制")]


def cursor_line(app, panel_id: str) -> str:  # type: ignore[no-untyped-def]
    """The line of the screen that shows the figure under ``panel_id``'s cursor."""
    label, value = app.screen.query_one(f"#{panel_id}").copy_selection()
    return next(line for line in screen_text(app).splitlines() if label in line and value in line)


async def test_c_copies_a_figure_and_the_masked_id_number_as_shown(mock_app, client) -> None:  # type: ignore[no-untyped-def]
    account = await (await signed_in(client)).account()
    app = make_app(mock_app)
    async with app.run_test(size=(80, 24)) as pilot:
        await login(pilot)
        await pilot.press("f2")
        await wait_until(pilot, lambda: "冻结金额" in screen_text(app), what="the account's figures")
        await settle(pilot)
        # The first figure has the cursor: the page opens ready to copy.
        assert app.focused is app.screen.query_one("#customer")
        await pilot.press("right")  # beside 姓名: 证件号码, masked
        await pilot.press("c")
        await wait_until(pilot, lambda: copied(app) == ["已复制证件号码：110105********0039"], what="the notice")
        assert app.clipboard == account.id_number_masked == "110105********0039"  # masked, as on the screen
        # Down past 性别 into 账户信息 (one figure a line at 80 columns), to 账户余额, its tenth figure.
        await pilot.press("down", "down", *["down"] * 9)
        await settle(pilot)
        assert app.focused is app.screen.query_one("#account")
        await pilot.press("c")
        balance = f"{fmt_money(account.balance)} 元"
        await wait_until(pilot, lambda: f"已复制账户余额：{balance}" in copied(app), what="the balance's notice")
        assert app.clipboard == balance == "139,703.05 元"  # to the fen, with its unit, as shown
        assert cursor_line(app, "account").strip("│ ").split() == ["账户余额", "139,703.05", "元"]
        # End: the last figure, scrolled into view at 80×24; Home, then up: back into 客户信息, at its last.
        await pilot.press("end")
        await settle(pilot)
        assert app.screen.query_one("#account").copy_selection() == ("冻结金额", "0.00 元")
        assert "冻结金额" in cursor_line(app, "account")
        await pilot.press("home", "up")
        await settle(pilot)
        assert app.focused is app.screen.query_one("#customer")
        assert app.screen.query_one("#customer").copy_selection() == ("性别", "男")


async def test_c_copies_the_fund_summary_and_the_loans_contract_number(mock_app) -> None:  # type: ignore[no-untyped-def]
    app = make_app(mock_app)
    async with app.run_test(size=(80, 24)) as pilot:
        await login(pilot)
        contract = (await app.client.loans())[0].contract_no
        await pilot.press("shift+tab", "shift+tab")  # from the menu: 我的贷款, then 我的公积金
        await settle(pilot)
        assert app.focused is app.screen.query_one("#fund")
        await pilot.press("down", "c")  # 账户状态
        await wait_until(pilot, lambda: copied(app) == ["已复制账户状态：正常"], what="the notice")
        assert app.clipboard == "正常"
        await pilot.press("tab", "c")  # 我的贷款: its first figure, the contract number
        await wait_until(pilot, lambda: f"已复制合同编号：{contract}" in copied(app), what="the contract's notice")
        assert app.clipboard == contract

        await pilot.press("f5")
        await wait_until(pilot, lambda: "到期日期" in screen_text(app), what="the loan's figures")
        await settle(pilot)
        await pilot.press("shift+tab")  # from 【查看详细信息】 to the figures
        await settle(pilot)
        assert app.focused is app.screen.query_one("#loan-fields")
        await pilot.press("c")
        await wait_until(pilot, lambda: f"已复制贷款合同编号：{contract}" in copied(app), what="the notice")
        assert app.clipboard == contract
        await pilot.press("down", "down", "c")  # 贷款金额
        await wait_until(pilot, lambda: "已复制贷款金额：430,000.00 元" in copied(app), what="the amount's notice")
        assert app.clipboard == "430,000.00 元"


async def test_a_failed_panel_offers_no_figure_to_copy(mock_app, admin) -> None:  # type: ignore[no-untyped-def]
    app = make_app(mock_app)
    async with app.run_test(size=(80, 24)) as pilot:
        await login(pilot)
        await admin.post("/faults", json={"path_prefix": "/api/v1/me/account", "count": 1000})
        await pilot.press("f2")
        await wait_until(pilot, lambda: "加载失败：" in screen_text(app), what="the failure in place")
        await settle(pilot)
        await pilot.press("tab", "c")
        await pilot.pause()
        assert app.clipboard == "" and not copied(app)  # nothing stale to copy, nothing said
        await admin.delete("/faults")
        await pilot.press("r")
        await wait_until(pilot, lambda: "冻结金额" in screen_text(app), what="the figures")
        await settle(pilot)
        await pilot.press("c")
        await wait_until(pilot, lambda: copied(app), what="a notice")
        assert copied(app) == ["已复制姓名：张*"] and app.clipboard == "张*"
