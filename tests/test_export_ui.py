"""【导出】 and 【打印】 from the screens: the file-name dialog, the progress dialog, cancel, the notice."""

from __future__ import annotations

from openpyxl import load_workbook
from textual.widgets import Input

from mock_server.runtime import Fault
from tests.conftest import make_app
from tests.ui import login, open_screen, screen_name, screen_text, settle, wait_for_screen, wait_for_text, wait_until
from tui.config import Config
from tui.textual_internals import notifications


def notices(app) -> list[str]:
    return [str(notification.message) for notification in notifications(app)]


async def open_ledger(pilot, user: str = "13800000001") -> None:
    await login(pilot, username=user)
    await open_screen(pilot, "f3", "LedgerScreen")


async def test_export_from_the_ledger_with_the_default_name(mock_app, tmp_path) -> None:
    app = make_app(mock_app, config=Config(export_dir=str(tmp_path / "导出")))
    async with app.run_test(size=(80, 24)) as pilot:
        await open_ledger(pilot)
        await pilot.press("e")
        await wait_for_screen(pilot, "ExportDialog")
        default = app.screen.query_one("#export-path", Input).value
        assert default.startswith("个人账户明细-") and default.endswith(".xlsx")  # the folder is named above it
        await pilot.press("enter")
        await wait_until(pilot, lambda: any(n.startswith("已导出到") for n in notices(app)), timeout=30)
        path = tmp_path / "导出" / default
        assert notices(app)[-1] == f"已导出到 {path}"
        rows = list(load_workbook(path).active.iter_rows(values_only=True))
        assert rows[0][0] == "个人账户明细" and any(row and row[0] == 252 for row in rows)


async def test_bad_name_is_refused_at_the_field_and_kept(mock_app, tmp_path) -> None:
    app = make_app(mock_app, config=Config(export_dir=str(tmp_path)))
    async with app.run_test(size=(80, 24)) as pilot:
        await open_ledger(pilot)
        await pilot.press("e")
        await wait_for_screen(pilot, "ExportDialog")
        field = app.screen.query_one("#export-path", Input)
        field.value = str(tmp_path / "明细.txt")
        await pilot.press("enter")
        await pilot.pause()
        assert screen_name(app) == "ExportDialog"
        assert "文件名应以 .xlsx（Excel）或 .pdf（打印版）结尾" in str(app.screen.query_one("#export-error").render())
        assert field.value == str(tmp_path / "明细.txt")
        field.value = str(tmp_path / "明细.pdf")
        await pilot.press("enter")
        await wait_until(pilot, lambda: (tmp_path / "明细.pdf").exists(), timeout=30)


async def test_cancelling_a_long_export_leaves_nothing(mock_app, tmp_path) -> None:
    app = make_app(mock_app, config=Config(export_dir=str(tmp_path)))
    async with app.run_test(size=(80, 24)) as pilot:
        await open_ledger(pilot, "13800000010")  # 12,000 rows: twelve pages to fetch and write
        # The second page of the export answers slowly: time for a person to change their mind.
        mock_app.state.runtime.add_fault(Fault(path_prefix="/api/v1/me/ledger", kind="delay", delay_ms=1500, count=2))
        await pilot.press("e")
        await wait_for_screen(pilot, "ExportDialog")
        app.screen.query_one("#export-path", Input).post_message(
            Input.Submitted(app.screen.query_one("#export-path", Input), "")
        )
        await wait_for_screen(pilot, "ExportProgress")
        await pilot.press("escape")
        await wait_until(pilot, lambda: "已取消，没有生成文件" in notices(app), timeout=30)
        assert [path.name for path in tmp_path.iterdir()] == []


async def test_print_without_a_printer_saves_and_says_where(mock_app, tmp_path) -> None:
    app = make_app(mock_app, config=Config(export_dir=str(tmp_path)))
    async with app.run_test(size=(80, 24)) as pilot:
        await login(pilot)
        await pilot.press("f7")
        await wait_for_screen(pilot, "RepaymentPlanScreen")
        await settle(pilot)
        await pilot.press("p")
        await wait_until(pilot, lambda: any("打印版已保存到" in n for n in notices(app)), timeout=60)
        saved = [path for path in tmp_path.iterdir() if path.suffix == ".pdf"]
        assert len(saved) == 1 and saved[0].name.startswith("公积金贷款还款计划查询-2015071536010038-")
        assert notices(app)[-1] == f"未配置打印机，打印版已保存到 {saved[0]}"


async def test_a_bare_name_goes_to_the_export_folder_and_overwriting_asks_first(mock_app, tmp_path) -> None:
    folder = tmp_path / "导出"
    app = make_app(mock_app, config=Config(export_dir=str(folder)))
    async with app.run_test(size=(80, 24)) as pilot:
        await open_ledger(pilot)
        for attempt in range(2):
            await pilot.press("e")
            await wait_for_screen(pilot, "ExportDialog")
            app.screen.query_one("#export-path", Input).value = "我的明细.xlsx"
            await pilot.press("enter")
            if attempt == 0:
                await wait_until(pilot, lambda: (folder / "我的明细.xlsx").exists(), timeout=30)
                await wait_for_screen(pilot, "LedgerScreen")
                await settle(pilot)
        await wait_for_text(pilot, "文件 我的明细.xlsx 已存在，要覆盖它吗？")
        assert screen_name(app) == "ConfirmDialog"
        assert "文件 我的明细.xlsx 已存在，要覆盖它吗？" in screen_text(app)
        before = (folder / "我的明细.xlsx").stat().st_mtime_ns
        await pilot.press("n")
        await wait_for_screen(pilot, "ExportDialog")
        assert (folder / "我的明细.xlsx").stat().st_mtime_ns == before


async def test_a_kiosk_saves_only_into_its_export_folder(mock_app, tmp_path) -> None:
    app = make_app(mock_app, config=Config(export_dir=str(tmp_path / "kiosk"), kiosk=True))
    async with app.run_test(size=(80, 24)) as pilot:
        await open_ledger(pilot)
        await pilot.press("e")
        await wait_for_screen(pilot, "ExportDialog")
        field = app.screen.query_one("#export-path", Input)
        assert "/" not in field.value and field.value.endswith(".xlsx")
        field.value = str(tmp_path / "escape.xlsx")
        await pilot.press("enter")
        await pilot.pause()
        assert "自助终端只能保存到导出文件夹，请只填写文件名" in str(app.screen.query_one("#export-error").render())
        assert not (tmp_path / "escape.xlsx").exists()


async def test_printing_says_how_many_pages_and_asks_before_sending(mock_app, tmp_path, monkeypatch) -> None:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    jobs = tmp_path / "jobs.txt"
    lp = bin_dir / "lp"
    lp.write_text(f"#!/bin/sh\necho \"$@\" >> {jobs}\necho 'request id is hall-7 (1 file(s))'\n")
    lp.chmod(0o755)
    monkeypatch.setenv("PATH", f"{bin_dir}:{__import__('os').environ['PATH']}")
    app = make_app(mock_app, config=Config(export_dir=str(tmp_path / "out"), printer="hall"))
    async with app.run_test(size=(80, 24)) as pilot:
        await open_ledger(pilot)
        await pilot.press("p")
        await wait_for_text(pilot, "发送到打印机 hall？", "打印版共 ", timeout=60)
        assert screen_name(app) == "ConfirmDialog"
        text = screen_text(app)
        assert "发送到打印机 hall？" in text and "打印版共 " in text
        pages = int(text.split("打印版共 ")[1].split(" 页")[0])
        assert pages >= 5
        assert not jobs.exists()  # nothing sent before the answer
        await pilot.press("y")
        await wait_until(pilot, lambda: any(n.startswith("已发送到打印机 hall") for n in notices(app)), timeout=30)
        assert "-d hall" in jobs.read_text()
