"""A labelled form field: label, input and the line where its error is shown."""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Input, Select, Static

from api_client.domain.phrase import localize
from api_client.i18n import _


class Field(Vertical):
    """``Field(_("登录密码"), Input(password=True, id="password"))``: the input keeps its own id.

    The label and hint are shown in the language in use: one written where no language is chosen yet (a
    class's constant, marked ``N_``) is translated here too."""

    DEFAULT_CSS = """
    Field { height: auto; }
    Field > Horizontal { height: 1; }
    Field .field-label { width: 16; text-align: right; padding-right: 1; }
    Field Input { width: 1fr; max-width: 40; }
    Field .field-error { height: auto; padding-left: 16; color: $error; display: none; }
    Field .field-error.-shown { display: block; }
    Field .field-hint { height: auto; padding-left: 16; color: $text-muted; }
    Field.-stacked .field-label { width: auto; text-align: left; padding: 0; }
    Field.-stacked Input { max-width: 100%; }
    Field.-stacked .field-error, Field.-stacked .field-hint { padding-left: 0; }
    """

    def __init__(
        self,
        label: str,
        control: Input | Select[Any],
        *,
        hint: str = "",
        label_width: int | None = None,
        stacked: bool = False,
    ) -> None:
        super().__init__(classes="field -stacked" if stacked else "field")
        self.label_text = label
        self.control = control
        self.hint = hint
        self.label_width = label_width

    def compose(self) -> ComposeResult:
        if self.has_class("-stacked"):
            yield Static(_(self.label_text), classes="field-label")
            yield self.control
        else:
            with Horizontal():
                yield Static(_(self.label_text), classes="field-label")
                yield self.control
        yield Static("", classes="field-error")
        if self.hint:
            yield Static(_(self.hint), classes="field-hint")

    def on_mount(self) -> None:
        if self.label_width:
            self.query_one(".field-label").styles.width = self.label_width
            self.query_one(".field-error").styles.padding = (0, 0, 0, self.label_width)

    @property
    def value(self) -> str:
        value = self.control.value
        return value if isinstance(value, str) else ""  # a Select with nothing chosen

    def set_error(self, message: str | None) -> None:
        if not message and not self.has_error:
            return  # nothing to clear: no update, no layout pass
        error = self.query_one(".field-error", Static)
        error.update(localize(message) if message else "")  # a shared rule's message, in the UI's language
        error.set_class(bool(message), "-shown")
        self.control.set_class(bool(message), "-invalid")

    @property
    def has_error(self) -> bool:
        return self.query_one(".field-error", Static).has_class("-shown")
