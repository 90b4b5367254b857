"""``FramedScreen``: the header on top, the footer of keys at the bottom, the page in between.

The login screen, the pre-login flows (``GuestScreen``) and the hall (``HallScreen``) all build on it.
Kept light: the login screen imports it before the first frame.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from textual import getters
from textual.app import ComposeResult
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Footer, Input

from .app import GjjApp
from .widgets.header import AppHeader

if TYPE_CHECKING:
    from api_client.client import GjjClient


class FramedScreen(Screen[None]):
    SUBTITLE = ""
    app = getters.app(GjjApp)

    def compose(self) -> ComposeResult:
        yield AppHeader(self.SUBTITLE)
        yield from self.compose_body()
        yield Footer()

    def compose_body(self) -> ComposeResult:
        yield from ()

    def on_mount(self) -> None:
        # Any screen but the first is drawn with the hall's stylesheet (loaded after the first frame;
        # this only makes sure of it).
        if self.app.screen_stack and self.app.screen_stack[0] is not self:
            self.app.load_hall_css()

    @property
    def client(self) -> GjjClient:
        return self.app.client


def shown(widget: Widget) -> bool:
    """Whether ``widget`` is displayed: it and every container around it."""
    return widget.display and all(node.display for node in widget.ancestors if isinstance(node, Widget))


def next_empty(inputs: Sequence[Input], current: Input) -> Input | None:
    """Enter in a form moves to the next field still empty; None means the form is ready to submit."""
    if current not in inputs:
        return None
    return next((field for field in inputs[inputs.index(current) + 1 :] if not field.value), None)
