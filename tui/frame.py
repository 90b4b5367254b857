"""``FramedScreen``: the header on top, the footer of keys at the bottom, the page in between.

``AppHeader``: the one-line header: the hall's name, who is signed in (masked), which server, and the date.

The login screen, the pre-login flows (``GuestScreen``) and the hall (``HallScreen``) all build on it.
Kept light: the login screen imports it before the first frame.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from rich.text import Text
from textual import getters
from textual.app import ComposeResult
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Input, Static

from api_client.domain.masking import mask_name

from .app import GjjApp
from .widgets.footer import KeysFooter

if TYPE_CHECKING:
    from api_client.client import GjjClient


SHORT_TITLE = "公积金网厅"


class AppHeader(Static):
    DEFAULT_CSS = """
    AppHeader {
        dock: top;
        height: 1;
        background: $primary;
        color: $text;
        text-style: bold;
        padding: 0 1;
    }
    """
    app = getters.app(GjjApp)

    def __init__(self, subtitle: str = "") -> None:
        super().__init__(id="app-header")
        self.subtitle = subtitle

    def render(self) -> Text:
        app = self.app
        profile = app.profile
        who = f"{mask_name(profile.name)} {profile.id_number_masked}" if profile is not None else ""
        server, today = app.server_label, app.today().isoformat()
        width = self.content_region.width or 78
        title, page = f"{app.title} · {self.subtitle}", self.subtitle or app.title
        # The page's name matters most: on a narrow terminal the date, then the server's label (演示模式,
        # a URL) give way before it does; only when even the page name and who is signed in do not fit, the
        # short title.
        choices = [
            (title, (who, server, today)),
            (page, (who, server, today)),
            (page, (who, server)),
            (page, (who,)),
            (SHORT_TITLE, (who,)),
        ]
        for left, parts in choices:
            tail = Text("  ".join(part for part in parts if part))
            if Text(left).cell_len + 2 + tail.cell_len <= width:
                break
        text = Text(left)
        text.append(" " * max(2, width - text.cell_len - tail.cell_len))
        text.append_text(tail)
        return text


class FramedScreen(Screen[None]):
    SUBTITLE = ""
    app = getters.app(GjjApp)

    def compose(self) -> ComposeResult:
        yield AppHeader(self.SUBTITLE)
        yield from self.compose_body()
        yield KeysFooter()

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
