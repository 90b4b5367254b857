"""The one-line header: the hall's name, who is signed in (masked), which server, and the date."""

from __future__ import annotations

from rich.text import Text
from textual import getters
from textual.widgets import Static

from api_client.domain.masking import mask_name

from ..app import GjjApp

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
        right = []
        if profile is not None:
            right.append(f"{mask_name(profile.name)} {profile.id_number_masked}")
        right.append(app.server_label)
        right.append(app.today().isoformat())
        tail = Text("  ".join(part for part in right if part))
        width = self.content_region.width or 78
        # The long title and the page name when there is room; shorter forms on narrow terminals.
        for left in (f"{app.title} · {self.subtitle}", self.subtitle or app.title, SHORT_TITLE):
            if Text(left).cell_len + 2 + tail.cell_len <= width:
                break
        text = Text(left)
        text.append(" " * max(2, width - text.cell_len - tail.cell_len))
        text.append_text(tail)
        return text
