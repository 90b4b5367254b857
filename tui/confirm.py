"""``FactsConfirmDialog``: the page before a submission that cannot be taken back — the facts to check,
a note on what happens next, then 【提交】 (focused) or 【返回修改】 (also Esc). Dismissed with True to submit."""

from __future__ import annotations

from collections.abc import Sequence

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from api_client.i18n import N_, _

from .language import SpeaksBindings
from .widgets.info import KeyValues, Row


class FactsConfirmDialog(SpeaksBindings, ModalScreen[bool]):
    BINDINGS = [
        Binding("escape", "dismiss(False)", N_("返回修改"), id="confirm.back"),
        Binding("left,right", "app.focus_next", show=False),
    ]

    def __init__(self, title: str, facts: Sequence[Row], *, note: str, lead: str | None = None) -> None:
        super().__init__()
        self.title_text = title
        self.facts = facts
        self.note = note
        self.lead = lead

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog confirm-dialog") as box:
            box.border_title = self.title_text
            if self.lead:
                yield Static(self.lead, classes="dialog-note")
            yield KeyValues(self.facts)
            yield Static(self.note, classes="dialog-note")
            with Horizontal(classes="dialog-buttons"):
                yield Button(_("提交"), id="submit", variant="primary", compact=True)
                yield Button(_("返回修改"), id="back", compact=True)

    def on_mount(self) -> None:
        self.query_one("#submit", Button).focus()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "submit")
