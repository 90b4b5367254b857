"""C copies what is focused, through the terminal (Textual's copy_to_clipboard: OSC 52, so over SSH too),
with a notice of what was copied: a table's row as shown, or the contract number."""

from __future__ import annotations

from textual.widgets import Select

from tests.conftest import make_app
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
