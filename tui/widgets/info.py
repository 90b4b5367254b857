"""Label–value lists for panels and detail pages: labels left, values aligned, wide characters measured."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from rich.table import Table
from rich.text import Text
from textual.app import RenderResult
from textual.geometry import Size
from textual.widgets import Static

from api_client.i18n import _

Row = tuple[str, str | Text]


class KeyValues(Static):
    """A two-column (or four-column, ``pairs_per_line=2``) list of label: value. Labels are shown in the
    language in use (one written as a constant, marked ``N_``, is translated here); values as given."""

    DEFAULT_CSS = """
    KeyValues { height: auto; }
    """

    def __init__(
        self,
        rows: Sequence[Row] = (),
        *,
        pairs_per_line: int = 1,
        right_align: bool = False,
        wide_from: int = 0,
        **kwargs: Any,
    ) -> None:
        """``wide_from``: with ``pairs_per_line=2``, use two pairs only when at least this many cells wide."""
        super().__init__(**kwargs)
        self.pairs_per_line = pairs_per_line
        self.right_align = right_align
        self.wide_from = wide_from
        self._rows: Sequence[Row] = ()
        if rows:
            self.show(rows)

    def show(self, rows: Sequence[Row]) -> None:
        self._rows = rows
        self.update(self._table(self.pairs_at(self.size.width)))

    def pairs_at(self, width: int) -> int:
        """Pairs a line at ``width`` cells: one below ``wide_from`` (0 cells: not laid out yet)."""
        return 1 if self.wide_from and 0 < width < self.wide_from else self.pairs_per_line

    # With ``wide_from``, how many pairs a line follows the width the layout gives, when it measures and
    # when it draws: decided once in show(), a panel filled before it was first laid out (0 cells wide,
    # so two pairs a line) could keep the height of half its lines once it was narrow (one pair a line).

    def render(self) -> RenderResult:
        return self._table(self.pairs_at(self.size.width)) if self.wide_from else super().render()

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        if not self.wide_from or not width:
            return super().get_content_height(container, viewport, width)
        console = self.app.console
        return len(console.render_lines(self._table(self.pairs_at(width)), console.options.update_width(width)))

    def _table(self, pairs: int) -> Table:
        table = Table.grid(padding=(0, 1), expand=self.right_align)
        for _pair in range(pairs):
            table.add_column(style="bold", no_wrap=True)
            table.add_column(
                justify="right" if self.right_align else "left", overflow="fold", ratio=1 if self.right_align else None
            )
        line: list[str | Text] = []
        for label, value in self._rows:
            line += [_(label), value]
            if len(line) == 2 * pairs:
                table.add_row(*line)
                line = []
        if line:
            table.add_row(*line, *([""] * (2 * pairs - len(line))))
        return table
