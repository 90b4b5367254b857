"""Label–value lists for panels and detail pages: labels left, values aligned, wide characters measured."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from rich.table import Table
from rich.text import Text
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

    def on_resize(self) -> None:
        if self._rows and self.wide_from:
            self.show(self._rows)

    def show(self, rows: Sequence[Row]) -> None:
        self._rows = rows
        pairs = self.pairs_per_line
        if self.wide_from and self.size.width and self.size.width < self.wide_from:
            pairs = 1
        table = Table.grid(padding=(0, 1), expand=self.right_align)
        for _pair in range(pairs):
            table.add_column(style="bold", no_wrap=True)
            table.add_column(
                justify="right" if self.right_align else "left", overflow="fold", ratio=1 if self.right_align else None
            )
        line: list[str | Text] = []
        for label, value in rows:
            line += [_(label), value]
            if len(line) == 2 * pairs:
                table.add_row(*line)
                line = []
        if line:
            table.add_row(*line, *([""] * (2 * pairs - len(line))))
        self.update(table)
