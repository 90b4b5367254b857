"""【导出】 and 【打印】 on the result screens: a file-name dialog, then a progress dialog that can be
cancelled, then a notice saying where the file went (or that it was printed).

A screen offers them by listing ``EXPORT_BINDINGS`` and implementing ``build_document()``.
"""

from __future__ import annotations

import threading
from collections.abc import Awaitable, Callable
from pathlib import Path

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen, Screen
from textual.widgets import Button, Input, ProgressBar, Static

from api_client.errors import GjjError

from .document import Cancelled, Document, default_file_name
from .output import ExportError, check_target, export_folder, send_to_printer, write

EXPORT_BINDINGS = [
    Binding("e", "export", "导出", id="export", tooltip="导出为 Excel（.xlsx）或 PDF"),
    Binding("p", "print", "打印", id="print", tooltip="生成打印版 PDF 并发送到打印机（未配置打印机时保存文件）"),
]

DocumentBuilder = Callable[[], Awaitable[Document]]


class ExportDialog(ModalScreen[Path | None]):
    """Where to save: a file name with a sensible default in the export folder."""

    BINDINGS = [Binding("escape", "cancel", "取消", id="export.cancel")]

    def __init__(self, title: str, default: Path) -> None:
        super().__init__()
        self.title_text = title
        self.default = default

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog export-dialog") as box:
            box.border_title = f"导出{self.title_text}"
            yield Static("保存为（.xlsx 为 Excel 表格，.pdf 为打印版）：")
            yield Input(str(self.default), id="export-path")
            yield Static("", id="export-error", classes="field-error")
            with Horizontal(classes="dialog-buttons"):
                yield Button("导出", id="export-go", variant="primary", compact=True)
                yield Button("取消", id="export-cancel", compact=True)

    def on_mount(self) -> None:
        field = self.query_one("#export-path", Input)
        field.focus()
        field.cursor_position = len(field.value)

    @on(Input.Submitted)
    @on(Button.Pressed, "#export-go")
    def _go(self) -> None:
        text = self.query_one("#export-path", Input).value.strip()
        error = self.query_one("#export-error", Static)
        path = Path(text).expanduser() if text else None
        problem = "请输入文件名" if path is None else check_target(path)
        if problem:
            error.update(problem)
            error.add_class("-shown")
            self.app.bell()
            return
        self.dismiss(path)

    @on(Button.Pressed, "#export-cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)


class ExportProgress(ModalScreen[str | None]):
    """Builds and writes the document, with a progress bar; Esc or 【取消】 stops it and removes the file."""

    BINDINGS = [Binding("escape", "cancel", "取消", id="progress.cancel")]

    def __init__(self, title: str, build: DocumentBuilder, path: Path, printer: str | None = None,
                 send: bool = False) -> None:
        super().__init__()
        self.title_text = title
        self.build = build
        self.path = path
        self.printer = printer
        self.send = send
        self.cancel_event = threading.Event()

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog export-dialog") as box:
            box.border_title = "打印" if self.send else "导出"
            yield Static(f"正在生成{self.title_text}…", id="progress-text")
            yield ProgressBar(id="progress-bar", show_eta=False)
            with Horizontal(classes="dialog-buttons"):
                yield Button("取消", id="progress-cancel", compact=True)

    def on_mount(self) -> None:
        self.run_export()

    def _progress(self, done: int, total: int | None) -> None:
        bar = self.query_one(ProgressBar)
        bar.update(total=total, progress=done)
        self.query_one("#progress-text", Static).update(
            f"已写入 {done:,} 条" + (f"，共 {total:,} 条" if total else ""))

    @work(exclusive=True, exit_on_error=False)
    async def run_export(self) -> None:
        try:
            document = await self.build()
            self.query_one(ProgressBar).update(total=document.total_rows or None, progress=0)
            path = await write(document, self.path, progress=self._progress, cancel=self.cancel_event)
        except Cancelled:
            self.dismiss("已取消，没有生成文件")
            return
        except (ExportError, GjjError) as exc:
            self.app.bell()
            self.dismiss(f"未能完成：{exc}")
            return
        if self.send:
            result = send_to_printer(path, self.printer)
            self.dismiss(result.message)
        else:
            self.dismiss(f"已导出到 {path}")

    @on(Button.Pressed, "#progress-cancel")
    def action_cancel(self) -> None:
        self.cancel_event.set()
        self.query_one("#progress-text", Static).update("正在取消…")


def _announce(screen: Screen[None], message: str | None) -> None:
    if message:
        failed = message.startswith("未能")
        screen.notify(message, title="打印" if "打印" in message else "导出", timeout=12,
                      severity="error" if failed else "information")
        if not failed:
            screen.app.bell()  # a finished submission rings (unless muted)


def start_export(screen: Screen[None], title: str, build: DocumentBuilder, contract: str | None = None) -> None:
    """Ask for a file name, then export the document ``build`` makes."""
    config = screen.app.config  # type: ignore[attr-defined]
    folder = export_folder(config.export_dir)
    name = default_file_name(title, ".xlsx", contract)

    def chosen(path: Path | None) -> None:
        if path is not None:
            screen.app.push_screen(ExportProgress(title, build, path), lambda message: _announce(screen, message))

    screen.app.push_screen(ExportDialog(title, folder / name), chosen)


def start_print(screen: Screen[None], title: str, build: DocumentBuilder, contract: str | None = None) -> None:
    """Make the print version (PDF) in the export folder and send it to the configured printer."""
    config = screen.app.config  # type: ignore[attr-defined]
    path = export_folder(config.export_dir) / default_file_name(title, ".pdf", contract)
    problem = check_target(path)
    if problem:
        _announce(screen, f"未能完成：{problem}")
        return
    screen.app.push_screen(ExportProgress(title, build, path, printer=config.printer, send=True),
                           lambda message: _announce(screen, message))
