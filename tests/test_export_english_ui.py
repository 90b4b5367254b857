"""【导出】 and 【打印】 in English (``lang = "en"``): the file-name dialog, its errors, the progress dialog,
cancel, the notices, and the files they write, at 80×24. The Chinese flow is tests/test_export_ui.py."""

from __future__ import annotations

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader
from textual.widgets import Button, Input, Static

from api_client import i18n
from mock_server.runtime import Fault
from tests.conftest import DEMO_PHONE, PASSWORD, make_app
from tests.test_export_ui import notices
from tests.ui import fill_login, screen_name, settle, wait_for_screen, wait_for_text, wait_until
from tui.config import Config


def en(message: str) -> str:
    return i18n.catalog("en").gettext(message)


@pytest.fixture(autouse=True)
def _chinese_afterwards():
    """An English app switches the process's language: the next test starts in Chinese again."""
    yield
    i18n.use("zh")


async def open_ledger_in_english(pilot, user: str = DEMO_PHONE) -> None:
    await fill_login(pilot, user, PASSWORD)
    await wait_for_text(pilot, en("功能菜单"))
    await settle(pilot)
    await pilot.press("f3")
    await wait_for_screen(pilot, "LedgerScreen", en("个人账户明细"))
    await settle(pilot)


def shown(widget: Static) -> str:
    return " ".join(str(widget.render()).split())


async def test_export_and_print_in_english(mock_app, tmp_path) -> None:
    app = make_app(mock_app, config=Config(lang="en", export_dir=str(tmp_path)))
    async with app.run_test(size=(80, 24)) as pilot:
        await open_ledger_in_english(pilot)
        await pilot.press("e")
        await wait_for_screen(pilot, "ExportDialog", "Export: ")
        dialog = app.screen
        assert str(dialog.query_one(".export-dialog").border_title).startswith("Export: ")
        assert shown(dialog.query_one("#export-folder", Static)) == (
            f"Save to {tmp_path} (.xlsx for Excel, .pdf for print; a full path saves elsewhere):"
        )
        assert [str(button.label) for button in dialog.query(Button)] == ["Export", "Cancel"]
        # on the terminal whole, at 80 columns: every word of it (where the lines wrap depends on the folder)
        drawn = await wait_for_text(pilot, "Save to", "elsewhere):")
        assert all(word in drawn for word in ("(.xlsx", "Excel,", ".pdf", "print;", "full", "path", "saves"))
        field = dialog.query_one("#export-path", Input)
        field.value = "statement.txt"
        await pilot.press("enter")
        await pilot.pause()
        assert screen_name(app) == "ExportDialog" and field.value == "statement.txt"
        error = shown(dialog.query_one("#export-error", Static))
        assert error == "The file name should end in .xlsx (Excel) or .pdf (print version)"
        field.value = "statement.xlsx"
        await pilot.press("enter")
        target = tmp_path / "statement.xlsx"
        await wait_until(pilot, lambda: f"Exported to {target}" in notices(app), timeout=30)
        rows = list(load_workbook(target).active.iter_rows(values_only=True))
        assert rows[0][0] == "Account statement" and rows[8][:3] == ("No.", "Posted on", "Type")
        await wait_for_screen(pilot, "LedgerScreen", en("个人账户明细"))
        await settle(pilot)

        await pilot.press("p")  # no printer set up: the print version is saved, and the notice says where
        await wait_until(pilot, lambda: any("the print version is saved to" in n for n in notices(app)), timeout=60)
        printed = [path for path in tmp_path.iterdir() if path.suffix == ".pdf"]
        assert len(printed) == 1
        assert notices(app)[-1] == f"No printer is set up; the print version is saved to {printed[0]}"
        first = PdfReader(printed[0]).pages[0].extract_text()
        assert "Account statement" in first and "Posted on" in first and "Page 1 of " in first


async def test_cancelling_an_english_export_says_so_and_leaves_nothing(mock_app, tmp_path) -> None:
    app = make_app(mock_app, config=Config(lang="en", export_dir=str(tmp_path)))
    async with app.run_test(size=(80, 24)) as pilot:
        await open_ledger_in_english(pilot, "13800000010")  # 12,000 rows: twelve pages to fetch and write
        mock_app.state.runtime.add_fault(Fault(path_prefix="/api/v1/me/ledger", kind="delay", delay_ms=1500, count=2))
        await pilot.press("e")
        await wait_for_screen(pilot, "ExportDialog", "Export: ")
        field = app.screen.query_one("#export-path", Input)
        field.post_message(Input.Submitted(field, ""))
        await wait_for_screen(pilot, "ExportProgress", "Cancel")
        assert str(app.screen.query_one(".export-dialog").border_title) == "Export"
        assert [str(button.label) for button in app.screen.query(Button)] == ["Cancel"]
        await pilot.press("escape")
        await wait_until(pilot, lambda: "Cancelled; no file was made" in notices(app), timeout=30)
        assert [path.name for path in tmp_path.iterdir()] == []
