"""A column of a table, the same on a screen (``tui.widgets.table``) and in an exported document
(``tui.export.document``): a title, a width in terminal cells (a Chinese character counts two), an
alignment. Pure standard library, so the exports need nothing of Textual for it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Align = Literal["left", "right", "center"]


@dataclass(frozen=True)
class Column:
    title: str
    width: int  # in cells
    align: Align = "left"
