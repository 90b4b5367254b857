"""消息 and 已阅 (Zaozhuang manual, chapter 2).

A list, newest first, ten at a time: 【查看】 shows the business name, content, channel and time;
【标为已阅】 moves a message to 已阅 ("已标记为已阅"); 【删除】 asks first, then says "消息已删除";
【更多】 adds the next ten older ones. One request when the page opens.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.cells import cell_len
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, DataTable, Static

from api_client.domain.formatting import fmt_datetime
from api_client.i18n import N_, _
from tui.hall import RETRY_BINDING
from tui.language import SpeaksBindings
from tui.widgets.info import KeyValues

from .paged_list import PAGE_SIZE, PagedListScreen

if TYPE_CHECKING:
    from api_client.models import Message, MessagePage

CONTENT_CELLS = 36


def clip(text: str, cells: int) -> str:
    """``text`` cut to ``cells`` terminal cells (wide characters count two), with … when cut."""
    shown = Text(text)
    if shown.cell_len <= cells:
        return text
    shown.truncate(cells - 1)
    return shown.plain + "…"


class MessagesScreen(PagedListScreen):
    STATUS = "unread"
    SUBTITLE = N_("消息")
    EMPTY = N_("暂无未读消息")
    OLDER = N_("更早的消息")

    BINDINGS = [
        Binding("enter", "view", N_("查看"), id="messages.view", show=False),
        RETRY_BINDING,
        Binding("r", "mark_read", N_("标为已阅"), id="messages.read", tooltip=N_("把选中的消息移入已阅")),
        Binding(
            "delete,d",
            "delete",
            N_("删除"),
            id="messages.delete",
            key_display="Del",
            tooltip=N_("删除选中的消息（需确认）"),
        ),
        Binding("m", "more", N_("更多"), id="messages.more", tooltip=N_("显示更早的消息")),
    ]

    def compose_body(self) -> ComposeResult:
        with Vertical(classes="page"):
            table: DataTable[str | Text] = DataTable(id="messages", cursor_type="row", zebra_stripes=True)
            channel = _("渠道")  # the channel itself is the server's, two characters (网厅)
            table.add_column(_("发送时间"), key="time", width=16)
            table.add_column(_("业务名称"), key="business", width=8)
            table.add_column(_("消息内容"), key="content", width=CONTENT_CELLS)
            table.add_column(channel, key="channel", width=max(4, cell_len(channel)))
            yield table
            yield Static("", id="count", classes="page-note")
            with Horizontal(classes="actions"):
                yield Button(_("查看"), id="view", variant="primary", compact=True)
                if self.STATUS == "unread":
                    yield Button(_("标为已阅(R)"), id="mark-read", compact=True)
                yield Button(_("删除(Del)"), id="delete", compact=True)
                yield Button(_("更多(M)"), id="more", compact=True)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "mark_read" and self.STATUS != "unread":
            return False
        return super().check_action(action, parameters)

    # --- the list ----------------------------------------------------------------------------

    async def fetch(self, page: int) -> MessagePage:
        return await self.client.messages(self.STATUS, page=page, page_size=PAGE_SIZE)

    def row(self, message: Message) -> tuple[str, ...]:
        return (
            fmt_datetime(message.sent_at),
            clip(message.business, 8),
            clip(message.content, CONTENT_CELLS),
            message.channel,
        )

    # --- actions -------------------------------------------------------------------------------

    @on(Button.Pressed, "#mark-read")
    def _read_pressed(self) -> None:
        self.action_mark_read()

    @on(Button.Pressed, "#delete")
    def _delete_pressed(self) -> None:
        self.action_delete()

    def action_view(self) -> None:
        message = self.selected()
        if message is None:
            return

        def closed(choice: str | None) -> None:
            if choice == "read":
                self.mark_read(message.id)

        self.app.push_screen(MessageDialog(message, can_mark_read=self.STATUS == "unread"), closed)

    def action_mark_read(self) -> None:
        message = self.selected()
        if message is not None and self.STATUS == "unread":
            self.mark_read(message.id)

    def action_delete(self) -> None:
        from tui.dialogs import ConfirmDialog

        message = self.selected()
        if message is None:
            return

        def decided(yes: bool | None) -> None:
            if yes:
                self.delete(message.id)

        self.app.push_screen(
            ConfirmDialog(
                _("确定要删除这条“{business}”消息吗？").format(business=message.business), title=_("删除消息")
            ),
            decided,
        )

    @work(exclusive=True, group="messages.change", exit_on_error=False)
    async def mark_read(self, message_id: int) -> None:
        await self.client.mark_message_read(message_id)
        self.drop_row(message_id)
        self.notify(_("已标记为已阅"))

    @work(exclusive=True, group="messages.change", exit_on_error=False)
    async def delete(self, message_id: int) -> None:
        await self.client.delete_message(message_id)
        self.drop_row(message_id)
        self.notify(_("消息已删除"))


class ReadMessagesScreen(MessagesScreen):
    STATUS = "read"
    SUBTITLE = N_("已阅")
    EMPTY = N_("暂无已阅消息")


class MessageDialog(SpeaksBindings, ModalScreen[str | None]):
    """查看: the whole message; 【标为已阅】 (for an unread one) or 【关闭】."""

    BINDINGS = [
        Binding("escape", "dismiss(None)", N_("关闭"), id="message.close"),
        Binding("left,right", "app.focus_next", show=False),
    ]

    def __init__(self, message: Message, *, can_mark_read: bool) -> None:
        super().__init__()
        self.message = message
        self.can_mark_read = can_mark_read

    def compose(self) -> ComposeResult:
        message = self.message
        with Vertical(classes="dialog message-dialog") as box:
            box.border_title = _("查看消息")
            yield KeyValues(
                [
                    (_("业务名称"), message.business),
                    (_("发送渠道"), message.channel),
                    (_("发送时间"), fmt_datetime(message.sent_at)),
                ]
            )
            with VerticalScroll(classes="message-body"):
                yield Static(message.content, id="message-content", markup=False)
            with Horizontal(classes="dialog-buttons"):
                if self.can_mark_read:
                    yield Button(_("标为已阅"), id="read", variant="primary", compact=True)
                yield Button(_("关闭"), id="close", compact=True)

    def on_mount(self) -> None:
        self.query_one("#read" if self.can_mark_read else "#close", Button).focus()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss("read" if event.button.id == "read" else None)
