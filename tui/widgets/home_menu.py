"""The home page's menu: the hall's functions by group, in two columns so that all of them fit at 80×24.

↑/↓ move within a column, ←/→ between columns (stopping at the edges), Enter opens; each entry shows its
function key. The keys have ids, so F1 lists them and ``[keymap]`` can move them.
"""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from api_client.i18n import N_, _

from .. import menu

# The groups of each column, by their names in the registry (tui/menu.py GROUPS).
COLUMNS: tuple[tuple[str, ...], ...] = (("个人事务", "公积金查询", "我要提取"), ("我要贷款", "其他业务"))  # i18n: data


class MenuColumn(OptionList):
    """One column of the menu: OptionList's ↑/↓ and Enter, named."""

    BINDINGS = [
        Binding("up", "cursor_up", N_("上下移动"), id="home.up", show=False, tooltip=N_("在本列中上下移动")),
        Binding("down", "cursor_down", N_("上下移动"), id="home.down", show=False, tooltip=N_("在本列中上下移动")),
        Binding("enter", "select", N_("打开"), id="home.open", show=False, tooltip=N_("打开所选功能")),
    ]


class HomeMenu(Horizontal):
    DEFAULT_CSS = """
    HomeMenu { height: auto; max-height: 1fr; }
    HomeMenu OptionList { width: 1fr; height: auto; max-height: 100%; border: none; padding: 0 1; }
    HomeMenu OptionList:focus { border: none; background-tint: $foreground 4%; }
    HomeMenu OptionList > .option-list--option-disabled { color: $accent; text-style: bold; }
    """
    BINDINGS = [
        Binding("left", "column(-1)", N_("切换列"), id="home.left", show=False, tooltip=N_("切换到左列/右列")),
        Binding("right", "column(1)", N_("切换列"), id="home.right", show=False, tooltip=N_("切换到左列/右列")),
    ]

    class Chosen(Message):
        def __init__(self, function_id: str) -> None:
            super().__init__()
            self.function_id = function_id

    def __init__(self, *, key_label: Callable[[menu.Function], str] | None = None, id: str | None = None) -> None:
        """``key_label``: the keys that open a function as the menu shows them (the screen passes the keys as
        ``[keymap]`` remapped them); by default its function key (F2)."""
        super().__init__(id=id)
        self.key_label = key_label or (lambda function: (function.key or "").upper())

    def compose(self) -> ComposeResult:
        groups = dict(menu.grouped())
        for index, column in enumerate(COLUMNS):
            options: list[Option] = []
            for group in column:
                if group not in groups:
                    continue
                options.append(Option(Text(_("【{group}】").format(group=_(group))), disabled=True))
                for function in groups[group]:
                    label = Text(f" {_(function.title)}")
                    keys = self.key_label(function)
                    if keys:
                        label.append(f"  {keys}", style="dim")
                    options.append(Option(label, id=function.id))
            if options:
                yield MenuColumn(*options, id=f"menu-{index}")

    @property
    def columns(self) -> list[OptionList]:
        return list(self.query(OptionList))

    def on_mount(self) -> None:
        for column in self.columns:
            column.highlighted = self._first_enabled(column)

    @staticmethod
    def _first_enabled(column: OptionList) -> int | None:
        return next((i for i in range(column.option_count) if not column.get_option_at_index(i).disabled), None)

    def focus_first(self) -> None:
        if self.columns:
            self.columns[0].focus()

    def highlight(self, function_id: str) -> None:
        """Put the cursor on a function (and focus its column)."""
        for column in self.columns:
            for index in range(column.option_count):
                if column.get_option_at_index(index).id == function_id:
                    column.focus()
                    column.highlighted = index
                    return
        raise KeyError(function_id)

    def action_column(self, step: int) -> None:
        columns = self.columns
        current = next((i for i, column in enumerate(columns) if column.has_focus), 0)
        if not 0 <= current + step < len(columns):
            return  # at the edge: → in the right column stays there
        target = columns[current + step]
        row = columns[current].highlighted or 0
        if row >= target.option_count or target.get_option_at_index(row).disabled:
            row = self._first_enabled(target) or 0
        target.highlighted = row
        target.focus()

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id:
            self.post_message(self.Chosen(event.option.id))
