"""``ReadingScroll``: a panel of text that scrolls when it must, beside a form."""

from __future__ import annotations

from textual.containers import VerticalScroll


class ReadingScroll(VerticalScroll):
    """A Tab stop only while it has more than it shows (so that ↑/↓ can scroll it); otherwise Tab passes
    it by, instead of resting on a panel where nothing can be typed and nothing shows the focus."""

    DEFAULT_CSS = """
    ReadingScroll:focus { background-tint: $foreground 4%; }
    """

    def allow_focus(self) -> bool:
        return self.max_scroll_y > 0
