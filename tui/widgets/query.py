"""The query bar of the list screens: 起始日期, 截止日期, an optional choice (业务类型), 【查询】.

Dates are checked here (``api_client.domain.formatting.parse_date``); a bad one is named under the bar and
the query is not sent. Empty dates mean "no limit".
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import Button, Input, Select, Static

from api_client.domain.formatting import parse_date
from api_client.i18n import _


class QueryBar(Vertical):
    DEFAULT_CSS = """
    QueryBar { height: auto; }
    QueryBar > Horizontal { height: auto; }
    QueryBar .qb-label { width: auto; padding: 0 1 0 0; }
    QueryBar Input { width: 12; margin-right: 1; }
    QueryBar Select { width: 13; margin-right: 1; }
    QueryBar Button { min-width: 8; }
    QueryBar .qb-error { color: $error; display: none; height: auto; }
    QueryBar .qb-error.-shown { display: block; }
    """

    class Submitted(Message):
        def __init__(self, bar: QueryBar, start: dt.date | None, end: dt.date | None, choice: str | None) -> None:
            super().__init__()
            self.bar = bar
            self.start = start
            self.end = end
            self.choice = choice

        @property
        def control(self) -> QueryBar:
            return self.bar

    def __init__(
        self,
        *,
        start: dt.date | None = None,
        end: dt.date | None = None,
        choices: Sequence[tuple[str, str]] = (),
        choice_label: str = "",
        choice: str | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self._start = start
        self._end = end
        self._choices = list(choices)
        self._choice_label = choice_label
        self._choice = choice

    def compose(self) -> ComposeResult:
        with Horizontal():
            yield Static(_("起始日期"), classes="qb-label")
            yield Input(
                self._start.isoformat() if self._start else "",
                placeholder=_("不限"),
                id="qb-start",
                max_length=10,
                compact=True,
            )
            yield Static(_("截止日期"), classes="qb-label")
            yield Input(
                self._end.isoformat() if self._end else "",
                placeholder=_("不限"),
                id="qb-end",
                max_length=10,
                compact=True,
            )
            if self._choices:
                yield Static(_(self._choice_label), classes="qb-label")
                yield Select(
                    [(_(label), value) for value, label in self._choices],
                    value=self._choice or self._choices[0][0],
                    allow_blank=False,
                    id="qb-choice",
                    compact=True,
                )
            yield Button(_("查询"), id="qb-submit", variant="primary", compact=True)
        yield Static("", classes="qb-error")

    def show_error(self, message: str | None) -> None:
        error = self.query_one(".qb-error", Static)
        error.update(message or "")
        error.set_class(bool(message), "-shown")

    def read(self) -> tuple[dt.date | None, dt.date | None, str | None] | None:
        """The query as typed, or None (with the reason shown) when a date is wrong."""
        values: list[dt.date | None] = []
        for input_id, label in (("qb-start", _("起始日期")), ("qb-end", _("截止日期"))):
            field = self.query_one(f"#{input_id}", Input)
            text = field.value.strip()
            if not text:
                values.append(None)
                continue
            try:
                values.append(parse_date(text))
            except ValueError as exc:
                self.show_error(_("{field}：{problem}").format(field=label, problem=_(str(exc))))
                field.focus()
                self.app.bell()
                return None
        start, end = values
        if start and end and start > end:
            self.show_error(_("起始日期不能晚于截止日期"))
            self.query_one("#qb-start", Input).focus()
            self.app.bell()
            return None
        self.show_error(None)
        choice = None
        if self._choices:
            value = self.query_one("#qb-choice", Select).value
            choice = value if isinstance(value, str) else None
        return start, end, choice

    def submit(self) -> None:
        query = self.read()
        if query is not None:
            self.post_message(self.Submitted(self, *query))

    @on(Button.Pressed, "#qb-submit")
    def _pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.submit()

    @on(Input.Submitted)
    def _entered(self, event: Input.Submitted) -> None:
        event.stop()
        self.submit()
