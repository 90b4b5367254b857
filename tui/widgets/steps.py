"""The step bar of a multi-step flow: ✓ done, ● current, ○ still to come (readable without colour)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from textual.content import Content
from textual.reactive import reactive
from textual.widgets import Static

from api_client.i18n import _


class StepBar(Static):
    DEFAULT_CSS = """
    StepBar { width: 100%; height: 1; text-align: center; }
    """

    current: reactive[int] = reactive(0)

    def __init__(self, steps: Sequence[str], **kwargs: Any) -> None:
        """``steps``: their names, shown in the language in use (written as ``N_`` constants is fine)."""
        super().__init__(**kwargs)
        self.steps = tuple(steps)

    def render(self) -> Content:
        parts = []
        for index, step in enumerate(self.steps):
            name = _(step)
            if index < self.current:
                parts.append(Content.from_markup("[$success]✓[/] $name", name=name))
            elif index == self.current:
                parts.append(Content.from_markup("[b $accent]● $name[/]", name=name))
            else:
                parts.append(Content.from_markup("[dim]○ $name[/]", name=name))
        return Content(" ── ").join(parts)

    @property
    def current_name(self) -> str:
        return self.steps[self.current]
