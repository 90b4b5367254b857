"""【导出】 and 【打印】 on the result screens: a file-name dialog, then a progress dialog that can be
cancelled, then a notice saying where the file went (or that it was printed).

A screen offers them by listing ``EXPORT_BINDINGS`` and implementing ``build_document()``.
"""

from __future__ import annotations

import threading
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen, Screen
from textual.widgets import Button, Input, ProgressBar, Static

from api_client.errors import GjjError
from api_client.i18n import N_, _, ngettext

from ..frame import FramedScreen
from ..language import SpeaksBindings
from .document import Cancelled, Document, Written, default_file_name
from .output import ExportError, export_folder, resolve_target, send_to_printer, write

EXPORT_BINDINGS = [
    Binding("e", "export", N_("导出"), id="export", tooltip=N_("导出为 Excel（.xlsx）或 PDF")),
    Binding(
        "p",
        "print",
        N_("打印"),
        id="print",
        tooltip=N_("生成打印版 PDF 并发送到打印机（未配置打印机时保存文件）"),
    ),
]

DocumentBuilder = Callable[[], Awaitable[Document]]


class ExportDialog(SpeaksBindings, ModalScreen[Path | None]):
    """Where to save: a file name (relative names go into the export folder); asks before overwriting.

    In kiosk mode only a name inside the export folder is accepted.
    """

    BINDINGS = [Binding("escape", "cancel", N_("取消"), id="export.cancel")]

    def __init__(self, title: str, folder: Path, name: str, *, kiosk: bool = False) -> None:
        super().__init__()
        self.title_text = title
        self.folder = folder
        self.file_name = name
        self.kiosk = kiosk

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog export-dialog") as box:
            box.border_title = _("导出{title}").format(title=self.title_text)
            # The folder on a line of its own, wrapped, never scrolled out of sight (its leading "/" too);
            # the field holds only the file name, which is what a person changes.
            where = (
                _("保存到 {folder}（.xlsx 为 Excel 表格，.pdf 为打印版）：")
                if self.kiosk
                else _("保存到 {folder}（.xlsx 为 Excel 表格，.pdf 为打印版；也可填写完整路径保存到别处）：")
            )
            yield Static(where.format(folder=self.folder), id="export-folder", markup=False)
            yield Input(self.file_name, id="export-path")
            yield Static("", id="export-error", classes="field-error")
            with Horizontal(classes="dialog-buttons"):
                yield Button(_("导出"), id="export-go", variant="primary", compact=True)
                yield Button(_("取消"), id="export-cancel", compact=True)

    def on_mount(self) -> None:
        field = self.query_one("#export-path", Input)
        field.focus()
        field.cursor_position = len(field.value)

    @on(Input.Submitted)
    @on(Button.Pressed, "#export-go")
    def _go(self) -> None:
        error = self.query_one("#export-error", Static)
        path, problem = resolve_target(self.query_one("#export-path", Input).value, self.folder, kiosk=self.kiosk)
        if problem or path is None:
            error.update(problem or "")
            error.add_class("-shown")
            self.app.bell()
            return
        error.remove_class("-shown")
        if not path.exists():
            self.dismiss(path)
            return
        from tui.dialogs import ConfirmDialog

        def decided(yes: bool | None) -> None:
            if yes:
                self.dismiss(path)

        self.app.push_screen(
            ConfirmDialog(_("文件 {name} 已存在，要覆盖它吗？").format(name=path.name), title=_("覆盖文件")), decided
        )

    @on(Button.Pressed, "#export-cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)


@dataclass(frozen=True)
class Outcome:
    message: str  # what to tell the person
    written: Written | None = None  # the file, when one was made
    failed: bool = False


class ExportProgress(SpeaksBindings, ModalScreen[Outcome]):
    """Builds and writes the document, with a progress bar; Esc or 【取消】 stops it and removes the file."""

    BINDINGS = [Binding("escape", "cancel", N_("取消"), id="progress.cancel")]

    def __init__(self, title: str, build: DocumentBuilder, path: Path, folder: Path, *, printing: bool = False) -> None:
        super().__init__()
        self.title_text = title
        self.build = build
        self.path = path
        self.folder = folder
        self.printing = printing
        self.cancel_event = threading.Event()

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog export-dialog") as box:
            box.border_title = _("打印") if self.printing else _("导出")
            yield Static(_("正在生成{title}…").format(title=self.title_text), id="progress-text")
            yield ProgressBar(id="progress-bar", show_eta=False)
            with Horizontal(classes="dialog-buttons"):
                yield Button(_("取消"), id="progress-cancel", compact=True)

    def on_mount(self) -> None:
        self.run_export()

    def _progress(self, done: int, total: int | None) -> None:
        bar = self.query_one(ProgressBar)
        bar.update(total=total, progress=done)
        said = (
            ngettext("已写入 {done} 条，共 {total} 条", "已写入 {done} 条，共 {total} 条", total)
            if total
            else ngettext("已写入 {done} 条", "已写入 {done} 条", done)
        )
        self.query_one("#progress-text", Static).update(said.format(done=f"{done:,}", total=f"{total or 0:,}"))

    def _stage(self, text: str) -> None:
        self.query_one("#progress-text", Static).update(text)
        self.query_one(ProgressBar).update(total=None)  # an indeterminate bar while the pages are laid out

    @work(exclusive=True, exit_on_error=False)
    async def run_export(self) -> None:
        try:
            document = await self.build()
            self.query_one(ProgressBar).update(total=document.total_rows or None, progress=0)
            written = await write(
                document,
                self.path,
                progress=self._progress,
                cancel=self.cancel_event,
                stage=self._stage,
                export_folder=self.folder,
            )
        except Cancelled:
            self.dismiss(Outcome(_("已取消，没有生成文件")))
            return
        except (ExportError, GjjError) as exc:
            self.app.bell()
            self.dismiss(Outcome(_("未能完成：{reason}").format(reason=exc), failed=True))
            return
        self.dismiss(Outcome(_("已导出到 {path}").format(path=written.path), written))

    @on(Button.Pressed, "#progress-cancel")
    def action_cancel(self) -> None:
        self.cancel_event.set()
        self.query_one("#progress-text", Static).update(_("正在取消…"))


class PrintProgress(SpeaksBindings, ModalScreen[Outcome]):
    """Sends the print version to the printer in the background: the screen stays live, the bar runs,
    and 【取消】 (Esc) gives up on a printer that does not answer; a hung printer times out by itself.
    Dismissed with what to tell the person."""

    BINDINGS = [Binding("escape", "cancel", N_("取消"), id="print.cancel")]

    def __init__(self, path: Path, printer: str) -> None:
        super().__init__()
        self.path = path
        self.printer = printer

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog export-dialog") as box:
            box.border_title = _("打印")
            yield Static(_("正在发送到打印机 {printer}…").format(printer=self.printer), id="progress-text")
            yield ProgressBar(id="progress-bar", show_eta=False, total=None)
            with Horizontal(classes="dialog-buttons"):
                yield Button(_("取消"), id="print-cancel", compact=True)

    def on_mount(self) -> None:
        self.run_print()

    @work(exclusive=True, exit_on_error=False, group="print")
    async def run_print(self) -> None:
        result = await send_to_printer(self.path, self.printer)
        self.dismiss(Outcome(result.message, failed=not result.printed))

    @on(Button.Pressed, "#print-cancel")
    def action_cancel(self) -> None:
        self.workers.cancel_group(self, "print")  # lp is killed as the worker stops
        self.dismiss(Outcome(_("已取消打印，打印版已保存到 {path}").format(path=self.path)))


def _announce(screen: Screen[None], message: str, *, failed: bool = False, title: str = N_("导出")) -> None:
    screen.notify(message, title=_(title), timeout=8, severity="error" if failed else "information")
    if not failed:
        screen.app.bell()  # a finished submission rings (unless muted)


def start_export(screen: FramedScreen, title: str, build: DocumentBuilder, contract: str | None = None) -> None:
    """Ask for a file name, then export the document ``build`` makes."""
    config = screen.app.config
    folder = export_folder(config.export_dir)

    def chosen(path: Path | None) -> None:
        if path is not None:
            screen.app.push_screen(
                ExportProgress(title, build, path, folder),
                exported,
            )

    def exported(outcome: Outcome | None) -> None:
        if outcome is not None:
            _announce(screen, outcome.message, failed=outcome.failed)

    screen.app.push_screen(
        ExportDialog(title, folder, default_file_name(title, ".xlsx", contract), kiosk=config.kiosk), chosen
    )


def start_print(screen: FramedScreen, title: str, build: DocumentBuilder, contract: str | None = None) -> None:
    """Make the print version (PDF) in the export folder; with a printer configured, say how many pages
    and send it only when the person agrees."""
    config = screen.app.config
    folder = export_folder(config.export_dir)
    path = folder / default_file_name(title, ".pdf", contract)

    def made(outcome: Outcome | None) -> None:
        if outcome is None or outcome.written is None:
            if outcome is not None:
                _announce(screen, outcome.message, failed=outcome.failed, title=N_("打印"))
            return
        saved = outcome.written
        printer = config.printer
        if not printer:
            _announce(screen, _("未配置打印机，打印版已保存到 {path}").format(path=saved.path), title=N_("打印"))
            return
        from tui.dialogs import ConfirmDialog

        def printed(outcome: Outcome | None) -> None:
            if outcome is not None:
                if outcome.failed:
                    screen.app.bell()
                _announce(screen, outcome.message, failed=outcome.failed, title=N_("打印"))

        def decided(yes: bool | None) -> None:
            if yes:
                screen.app.push_screen(PrintProgress(saved.path, printer), printed)
            else:
                _announce(screen, _("未打印，打印版已保存到 {path}").format(path=saved.path), title=N_("打印"))

        question = (
            ngettext(
                "打印版共 {pages} 页，发送到打印机 {printer}？",
                "打印版共 {pages} 页，发送到打印机 {printer}？",
                saved.pages,
            ).format(pages=saved.pages, printer=printer)
            if saved.pages
            else _("打印版共 若干 页，发送到打印机 {printer}？").format(printer=printer)
        )
        screen.app.push_screen(
            ConfirmDialog(question, title=_("打印"), yes=_("打印"), no=_("不打印")),
            decided,
        )

    screen.app.push_screen(ExportProgress(title, build, path, folder, printing=True), made)
