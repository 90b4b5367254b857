"""The clerk's way out of kiosk mode: the admin passphrase, checked against the scrypt hash in the config."""

from __future__ import annotations

import asyncio

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Static

from api_client.i18n import N_, _

from ..kiosk import verify_passphrase
from ..language import SpeaksBindings
from .fields import Field


class KioskExitDialog(SpeaksBindings, ModalScreen[bool]):
    """Dismissed with True once the passphrase matches; Esc (or 取消) leaves kiosk mode on."""

    BINDINGS = [Binding("escape", "dismiss(False)", N_("取消"), id="kiosk-exit.cancel")]

    def __init__(self, stored_hash: str) -> None:
        super().__init__()
        self.stored_hash = stored_hash

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog") as box:
            box.border_title = _("退出自助终端模式")
            yield Static(_("仅限工作人员：输入管理口令后退出程序。"), classes="dialog-question")
            yield Field(_("管理口令"), Input(password=True, id="passphrase", max_length=128, compact=True))
            with Horizontal(classes="dialog-buttons"):
                yield Button(_("退出程序"), id="leave", variant="error", compact=True)
                yield Button(_("取消(Esc)"), id="stay", compact=True)

    def on_mount(self) -> None:
        self.query_one("#passphrase", Input).focus()

    @on(Button.Pressed, "#stay")
    def _stay(self) -> None:
        self.dismiss(False)

    @on(Input.Submitted)
    @on(Button.Pressed, "#leave")
    async def _leave(self) -> None:
        field = self.query_one(Field)
        entry = self.query_one("#passphrase", Input)
        if not entry.value:
            field.set_error(_("请输入管理口令"))
            return
        # scrypt takes ~50 ms on purpose: off the UI thread
        if await asyncio.to_thread(verify_passphrase, entry.value, self.stored_hash):
            self.dismiss(True)
            return
        entry.value = ""  # a wrong passphrase is not kept on screen, even as dots
        field.set_error(_("管理口令不正确"))
        self.app.bell()
