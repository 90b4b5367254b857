"""A list the server pages, newest first: one request for the first page when the screen opens,
【更多】 or M adds the next older page, Enter or 【查看】 opens the chosen row.

消息, 已阅 and 我发起的 are such lists; each says how to fetch a page and how a row looks.
"""

from __future__ import annotations

from typing import Any

from textual import on
from textual.widgets import Button, DataTable, Static

from api_client.i18n import N_, _, ngettext
from tui.hall import HallScreen

PAGE_SIZE = 10
ITEMS = N_("项")  # the unit a list of applications counts in (共 3 项)


class PagedListScreen(HallScreen):
    # Written when the module is imported, translated where they are shown.
    EMPTY = N_("暂无记录")
    UNIT = N_("条")  # 共 12 条; a list of applications counts 项
    OLDER = N_("更早的记录")  # 按 M 或【更多】显示更早的记录
    ALL_SHOWN_TIP = ""  # said after 已全部显示

    def __init__(self) -> None:
        super().__init__()
        self.items: dict[int, Any] = {}
        self.total = 0
        self.page = 0

    # --- what a list says ----------------------------------------------------------------------

    async def fetch(self, page: int) -> Any:
        """One page from the server: an object with ``items`` (each with an ``id``) and ``total``."""
        raise NotImplementedError

    def row(self, item: Any) -> tuple[Any, ...]:
        """The table cells of one item."""
        raise NotImplementedError

    # --- loading -------------------------------------------------------------------------------

    def on_mount(self) -> None:
        self.load_page(1)

    def load_page(self, page: int) -> None:
        """The first page fills the table (a failure stands in its place); an older page is added below,
        and its failure is said in the count line, where 【更多】 was asked for."""
        panel = self.query_one(DataTable) if page == 1 else self.query_one("#count", Static)
        self.load_panel(panel, lambda: self.add_page(page), group="list.load")

    async def add_page(self, page: int) -> None:
        table = self.query_one(DataTable)
        result = await self.fetch(page)
        self.page = page
        self.total = result.total
        for item in result.items:
            if item.id in self.items:
                continue  # shifted onto this page by a deletion since the last one
            self.items[item.id] = item
            table.add_row(*self.row(item), key=str(item.id))
        self.show_count()
        table.focus()

    def counted(self, n: int) -> str:
        """``n`` rows in this list's unit: 12 条 (in English, 12 records)."""
        if self.UNIT == ITEMS:
            return ngettext("{n} 项", "{n} 项", n).format(n=n)
        return ngettext("{n} 条", "{n} 条", n).format(n=n)

    def show_count(self) -> None:
        shown = len(self.items)
        if not self.total:
            text = _(self.EMPTY)
        elif shown >= self.total:
            text = _("共 {total}，已全部显示").format(total=self.counted(self.total))
            text += _(self.ALL_SHOWN_TIP)
        else:
            text = _("共 {total}，已显示 {shown}，按 M 或【更多】显示{older}").format(
                total=self.counted(self.total), shown=self.counted(shown), older=_(self.OLDER)
            )
        self.query_one("#count", Static).update(text)
        self.query_one("#more", Button).disabled = shown >= self.total

    def selected(self) -> Any:
        """The item under the cursor, or None (saying the list is empty)."""
        table = self.query_one(DataTable)
        if not table.row_count:
            self.notify(_(self.EMPTY), severity="warning")
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return self.items.get(int(key or 0))

    def drop_row(self, item_id: int) -> None:
        self.query_one(DataTable).remove_row(str(item_id))
        self.items.pop(item_id, None)
        self.total -= 1
        self.show_count()

    # --- actions -------------------------------------------------------------------------------

    @on(DataTable.RowSelected)
    def _row_chosen(self) -> None:
        self.action_view()

    @on(Button.Pressed, "#view")
    def _view_pressed(self) -> None:
        self.action_view()

    @on(Button.Pressed, "#more")
    def _more_pressed(self) -> None:
        self.action_more()

    def action_view(self) -> None:
        raise NotImplementedError

    def action_more(self) -> None:
        if len(self.items) < self.total:
            self.load_page(self.page + 1)
