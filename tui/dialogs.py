"""Small modal screens: the 是/否 confirmation and the F1 key help."""

from __future__ import annotations

import math

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from api_client.i18n import N_, _, ngettext

from .clock import monotonic
from .language import SpeaksBindings


class ConfirmDialog(SpeaksBindings, ModalScreen[bool]):
    """A question answered 是 or 否 (keys Y / N, Esc is 否)."""

    BINDINGS = [
        Binding("y", "answer(True)", N_("是"), id="confirm.yes"),
        Binding("n,escape", "answer(False)", N_("否"), id="confirm.no"),
        Binding("left,right", "app.focus_next", show=False),
    ]

    def __init__(
        self, question: str, *, title: str | None = None, yes: str | None = None, no: str | None = None
    ) -> None:
        """``title``, ``yes``, ``no``: as shown (translated by the caller); by default 请确认, 是, 否."""
        super().__init__()
        self.question = question
        self.title_text = title or _("请确认")
        self.yes_label = yes or _("是")
        self.no_label = no or _("否")

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog") as box:
            box.border_title = self.title_text
            yield Static(self.question, classes="dialog-question")
            with Horizontal(classes="dialog-buttons"):
                yield Button(f"{self.yes_label}(Y)", id="yes", variant="primary", compact=True)
                yield Button(f"{self.no_label}(N)", id="no", compact=True)

    def on_mount(self) -> None:
        self.query_one("#no", Button).focus()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)


class HelpScreen(SpeaksBindings, ModalScreen[None]):
    """F1: the keys of the screen underneath, what they do (wrapped, never cut) and their ids for
    ``[keymap]``. Long lists scroll up and down with the keys; nothing scrolls sideways."""

    BINDINGS = [Binding("escape,f1,q", "dismiss", N_("关闭"), id="help.close")]

    def __init__(self, keys: list[tuple[str, str, str]]) -> None:
        super().__init__()
        self.keys = keys  # (keys, what they do, binding ids)

    def compose(self) -> ComposeResult:
        from rich.table import Table

        table = Table(expand=True, box=None, pad_edge=False, header_style="bold")
        table.add_column(_("按键"), no_wrap=True)
        table.add_column(_("功能"), ratio=1, overflow="fold")
        table.add_column(_("编号"), no_wrap=True, style="dim")
        for keys, description, ids in self.keys:
            table.add_row(keys, description, ids)
        with Vertical(classes="dialog help-dialog") as box:
            box.border_title = _("帮助：本页按键")
            with VerticalScroll(id="help-keys"):
                yield Static(table, id="help-table")
            yield Static(
                _(
                    "↑/↓、PgUp/PgDn 翻看，Esc 关闭。编号用于配置文件的 [keymap]（按编号改键）。"
                    "Ctrl+P 打开命令面板，按名称查找任何功能。"
                ),
                classes="dialog-note",
                markup=False,
            )

    def on_mount(self) -> None:
        self.query_one("#help-keys").focus()

    async def action_dismiss(self, result: None = None) -> None:
        self.dismiss(result)


class DetailDialog(SpeaksBindings, ModalScreen[None]):
    """Every field of one record, label by label (Enter on a table row); Esc closes."""

    BINDINGS = [Binding("escape,enter,q", "close", N_("关闭"), id="detail.close")]

    def __init__(self, title: str, rows: list[tuple[str, str]]) -> None:
        super().__init__()
        self.title_text = title
        self.rows = rows

    def compose(self) -> ComposeResult:
        from tui.widgets.info import KeyValues

        with Vertical(classes="dialog detail-dialog") as box:
            box.border_title = self.title_text
            yield KeyValues(self.rows)
            yield Static(_("按 Esc 或 Enter 关闭"), classes="dialog-note")

    def action_close(self) -> None:
        self.dismiss(None)


class IdleWarning(SpeaksBindings, ModalScreen[bool]):
    """The session is about to end for want of activity: any key or click keeps it."""

    def __init__(self, seconds: int) -> None:
        super().__init__()
        self.remaining = max(1, seconds)
        self._deadline: float | None = None  # on the app's clock (tui/clock.py), set when shown

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog") as box:
            box.border_title = _("长时间未操作")
            yield Static(self._text(), id="idle-text", classes="dialog-question")
            yield Static(_("按任意键继续使用"), classes="dialog-note")

    def _text(self) -> str:
        said = ngettext(
            "将在{seconds}秒后自动退出登录，并清除屏幕。", "将在{seconds}秒后自动退出登录，并清除屏幕。", self.remaining
        )
        return said.format(seconds=self.remaining)

    def on_mount(self) -> None:
        self._deadline = monotonic(self) + self.remaining
        self.set_interval(0.25, self._tick)

    def _tick(self) -> None:
        if self._deadline is None:
            return
        left = math.ceil(self._deadline - monotonic(self))
        if left <= 0:
            self._deadline = None
            self.dismiss(True)
            return
        if left != self.remaining:
            self.remaining = left
            self.query_one("#idle-text", Static).update(self._text())

    def on_key(self, event: events.Key) -> None:
        event.stop()
        self.dismiss(False)

    def on_click(self) -> None:
        self.dismiss(False)
