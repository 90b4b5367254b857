"""``VirtualTable``: a read-only table that draws only the rows on screen.

Textual's DataTable lays out every row up front (about 1.5 s for 10,000 rows here); a ledger can have
any length. This table keeps the rows as the caller gives them (a list, or ``PagedRows`` that fills in
page by page), formats a row only when it scrolls into view, and caches the few it has drawn. Opening
a 12,000-row ledger costs the same as opening a 12-row one.

Keys: ↑/↓, PgUp/PgDn, Home/End, ←/→ to scroll wide tables sideways. The header stays on top.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import Any, ClassVar

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.widgets import Static

from api_client.domain.formatting import fmt_money
from api_client.i18n import N_, _

from ..columns import Column as Column  # screens import it with the table

Cell = str | Text


def money_width(title: str, amounts: Sequence[Decimal], minimum: int = 8) -> int:
    """Cells a money column needs: its title, and its widest amount as written (430,000.00)."""
    widest = max((len(fmt_money(amount)) for amount in amounts), default=minimum)
    return max(minimum, cell_len(title), widest)


class PagedRows:
    """A row list filled in page by page: ``rows[i]`` is None until its page has arrived."""

    def __init__(self, total: int, page_size: int) -> None:
        self.total = total
        self.page_size = page_size
        self._pages: dict[int, Sequence[Any]] = {}

    def __len__(self) -> int:
        return self.total

    def __getitem__(self, index: int) -> Any:
        page, offset = divmod(index, self.page_size)
        rows = self._pages.get(page)
        if rows is None or offset >= len(rows):
            return None
        return rows[offset]

    def page_of(self, index: int) -> int:
        return index // self.page_size

    def has_page(self, page: int) -> bool:
        return page in self._pages

    def put_page(self, page: int, rows: Sequence[Any]) -> None:
        self._pages[page] = rows

    @property
    def loaded_pages(self) -> int:
        return len(self._pages)


class VirtualTable(ScrollView, can_focus=True):
    DEFAULT_CSS = """
    VirtualTable {
        height: 1fr;
        background: $surface;
        scrollbar-size-vertical: 1;
    }
    VirtualTable > .vtable--header { text-style: bold; background: $primary 30%; }
    VirtualTable > .vtable--cursor { background: $accent 40%; text-style: bold; }
    VirtualTable:focus > .vtable--cursor { background: $accent; color: $text; }
    VirtualTable > .vtable--odd { background: $surface-lighten-1; }
    VirtualTable > .vtable--pending { color: $text-muted; }
    VirtualTable > .vtable--failed { color: $error; }
    """
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "vtable--header",
        "vtable--cursor",
        "vtable--odd",
        "vtable--pending",
        "vtable--failed",
    }
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up", "cursor(-1)", N_("上一行"), show=False, id="table.up"),
        Binding("down", "cursor(1)", N_("下一行"), show=False, id="table.down"),
        Binding("pageup", "page(-1)", N_("上一页"), show=False, id="table.pageup"),
        Binding("pagedown", "page(1)", N_("下一页"), show=False, id="table.pagedown"),
        Binding("home", "first", N_("第一行"), show=False, id="table.first"),
        Binding("end", "last", N_("最后一行"), show=False, id="table.last"),
        Binding(
            "left", "sideways(-8)", N_("向左滚动"), show=False, id="table.left", tooltip=N_("表格向左滚动（列多时）")
        ),
        Binding(
            "right", "sideways(8)", N_("向右滚动"), show=False, id="table.right", tooltip=N_("表格向右滚动（列多时）")
        ),
    ]

    cursor_row: reactive[int] = reactive(0, always_update=True)

    class PagesWanted(Message):
        """Rows on screen belong to pages not loaded yet."""

        def __init__(self, table: VirtualTable, pages: list[int]) -> None:
            super().__init__()
            self.table = table
            self.pages = pages

        @property
        def control(self) -> VirtualTable:
            return self.table

    class RowHighlighted(Message):
        def __init__(self, table: VirtualTable, index: int) -> None:
            super().__init__()
            self.table = table
            self.index = index

        @property
        def control(self) -> VirtualTable:
            return self.table

    def __init__(
        self,
        columns: Sequence[Column],
        formatter: Callable[[Any], Sequence[Cell]],
        *,
        empty_text: str = N_("没有符合条件的记录"),
        cache_size: int = 256,
        fixed_columns: int = 0,
        **kwargs: Any,
    ) -> None:
        """``fixed_columns``: how many leading columns stay in place when a wide table scrolls sideways.

        Column titles and ``empty_text`` are shown in the language in use: those written where no language
        is chosen yet (a module's columns, marked ``N_``) are translated here too."""
        super().__init__(**kwargs)
        self.fixed_columns = fixed_columns
        self.columns = list(columns)
        self.formatter = formatter
        self.empty_text = empty_text
        self._rows: Sequence[Any] | PagedRows = ()
        self._cache: OrderedDict[int, Strip] = OrderedDict()
        self._cache_size = cache_size
        self._asked: set[int] = set()  # pages asked for since they last scrolled into view
        self._failed: dict[int, str] = {}  # pages whose load failed: what their rows say instead
        self._total_width = 0
        self._fixed_width = 0
        self.set_columns(columns)

    def set_columns(self, columns: Sequence[Column]) -> None:
        self.columns = list(columns)
        self._total_width = sum(column.width for column in self.columns) + len(self.columns) - 1
        fixed = self.columns[: self.fixed_columns]
        self._fixed_width = sum(column.width + 1 for column in fixed)
        self._cache.clear()
        self.virtual_size = Size(self._total_width, len(self._rows) + 1)
        self.refresh()
        if self.is_attached:
            self.call_after_refresh(self._show_cut_columns)

    # --- data ----------------------------------------------------------------------------------

    @property
    def row_count(self) -> int:
        return len(self._rows)

    @property
    def rows(self) -> Sequence[Any] | PagedRows:
        return self._rows

    def set_rows(self, rows: Sequence[Any] | PagedRows) -> None:
        """Show ``rows`` (a list, or ``PagedRows``); nothing is formatted until it is on screen."""
        self._rows = rows
        self._cache.clear()
        self._asked.clear()
        self._failed.clear()
        self.virtual_size = Size(self._total_width, len(rows) + 1)
        self.cursor_row = 0
        self.scroll_to(0, 0, animate=False)
        self.refresh()

    def page_arrived(self, page: int) -> None:
        """A page of ``PagedRows`` was filled in: redraw its rows."""
        self._asked.discard(page)
        self._failed.pop(page, None)
        if isinstance(self._rows, PagedRows):
            first = page * self._rows.page_size
            for index in range(first, first + self._rows.page_size):
                self._cache.pop(index, None)
        self.refresh()

    def page_failed(self, page: int, message: str) -> None:
        """A page could not be loaded: its rows say so (and how to retry) until it is asked again, which
        happens on R or the next time it scrolls into view; never while it stays on screen."""
        self._failed[page] = message
        self.refresh()

    def page_asked(self, page: int) -> None:
        """A failed page is being asked for again (R): 正在加载… until it comes."""
        self._asked.add(page)
        self._failed.pop(page, None)
        self.refresh()

    def _pages_in_view(self) -> range:
        if not isinstance(self._rows, PagedRows):
            return range(0)
        top = round(self.scroll_y)
        return range(self._rows.page_of(top), self._rows.page_of(top + self._visible_rows) + 1)

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        super().watch_scroll_y(old_value, new_value)
        in_view = self._pages_in_view()
        for page in self._failed:
            if page not in in_view:
                self._asked.discard(page)  # out of view: asked again when it scrolls back in

    def row_at(self, index: int) -> Any:
        return self._rows[index] if 0 <= index < len(self._rows) else None

    def copy_selection(self) -> tuple[str, str] | None:
        """C: the cursor's row as shown (masked numbers stay masked), cells separated by tabs so that it
        pastes into a spreadsheet as a row; with what to call it in the notice."""
        row = self.row_at(self.cursor_row)
        if row is None:
            return None
        cells = [cell.plain if isinstance(cell, Text) else str(cell) for cell in self.formatter(row)]
        return _("当前行"), "\t".join(cell.strip() for cell in cells)

    # --- drawing -------------------------------------------------------------------------------

    def _cells_to_strip(self, cells: Sequence[Cell], style: Style) -> Strip:
        segments: list[Segment] = []
        for position, (column, cell) in enumerate(zip(self.columns, cells)):
            text = cell.copy() if isinstance(cell, Text) else Text(str(cell))
            text.truncate(column.width, overflow="ellipsis")
            gap = column.width - text.cell_len
            if column.align == "right":
                text.pad_left(gap)
            elif column.align == "center":
                text.pad_left(gap // 2)
                text.pad_right(gap - gap // 2)
            else:
                text.pad_right(gap)
            if position:
                segments.append(Segment(" ", style))
            segments.extend(text.render(self.app.console))
        strip = Strip(segments, self._total_width)
        return strip.apply_style(style)

    def _row_strip(self, index: int) -> Strip | None:
        cached = self._cache.get(index)
        if cached is not None:
            self._cache.move_to_end(index)
            return cached
        row = self._rows[index]
        if row is None:
            return None
        style = self.get_component_rich_style("vtable--odd") if index % 2 else self.rich_style
        strip = self._cells_to_strip(self.formatter(row), style)
        self._cache[index] = strip
        if len(self._cache) > self._cache_size:
            self._cache.popitem(last=False)
        return strip

    def render_line(self, y: int) -> Strip:
        # Every segment gets a real Style (never None): the monochrome filter of NO_COLOR reads them all.
        base = self.rich_style
        width = self.scrollable_content_region.width
        scroll_x, scroll_y = self.scroll_offset
        if y == 0:
            header_style = self.get_component_rich_style("vtable--header")
            header = self._cells_to_strip([_(column.title) for column in self.columns], header_style)
            return self._window(header, scroll_x, width, header_style)
        index = scroll_y + y - 1
        if not self._rows:
            if y == 2:
                pending = self.get_component_rich_style("vtable--pending")
                return Strip([Segment(_(self.empty_text), pending)]).extend_cell_length(width, base)
            return Strip.blank(width, base)
        if index >= len(self._rows):
            return Strip.blank(width, base)
        strip = self._row_strip(index)
        if strip is None:
            self._want(index)
            page = self._rows.page_of(index) if isinstance(self._rows, PagedRows) else -1
            failed = self._failed.get(page)
            if failed is not None:
                said = _("加载失败：{reason}。按 R 重试").format(reason=failed)
                text, style = f"  {said}", self.get_component_rich_style("vtable--failed")
            else:
                text, style = "  " + _("正在加载…"), self.get_component_rich_style("vtable--pending")
            return Strip([Segment(text, style)]).extend_cell_length(width, style)
        if index == self.cursor_row:
            cursor = self.get_component_rich_style("vtable--cursor")
            if self.app.no_color:  # no background to see it by: the row drawn in reverse
                cursor += Style(reverse=True)
            strip = strip.apply_style(cursor)
        return self._window(strip, scroll_x, width, base)

    def _window(self, strip: Strip, scroll_x: int, width: int, style: Style) -> Strip:
        """The part of a row on screen: the fixed columns, then the rest scrolled by ``scroll_x``."""
        fixed = min(self._fixed_width, width)
        if not fixed:
            return strip.crop_extend(scroll_x, scroll_x + width, style)
        start = fixed + scroll_x
        return Strip.join([strip.crop_extend(0, fixed, style), strip.crop_extend(start, start + width - fixed, style)])

    def _want(self, index: int) -> None:
        if not isinstance(self._rows, PagedRows):
            return
        page = self._rows.page_of(index)
        if page in self._asked or self._rows.has_page(page):
            return  # asked already, or arrived shorter than the total said: never asked in a loop
        self._asked.add(page)
        self._failed.pop(page, None)
        self.post_message(self.PagesWanted(self, [page]))

    # --- moving --------------------------------------------------------------------------------

    @property
    def _visible_rows(self) -> int:
        return max(1, self.scrollable_content_region.height - 1)

    def watch_cursor_row(self, old: int, new: int) -> None:
        for index in (old, new):
            line = index - round(self.scroll_y) + 1
            if 1 <= line < self.size.height:
                self.refresh_line(line)
        self._scroll_to_cursor()
        if self._rows:
            self.post_message(self.RowHighlighted(self, new))

    def _scroll_to_cursor(self) -> None:
        if not self.size.height:  # not laid out yet: once it is
            self.call_after_refresh(self._scroll_to_cursor)
            return
        top = round(self.scroll_y)
        if self.cursor_row < top:
            self.scroll_to(y=self.cursor_row, animate=False)
        elif self.cursor_row >= top + self._visible_rows:
            self.scroll_to(y=self.cursor_row - self._visible_rows + 1, animate=False)

    def _move_to(self, index: int) -> None:
        if self._rows:
            self.cursor_row = max(0, min(len(self._rows) - 1, index))

    def action_cursor(self, step: int) -> None:
        self._move_to(self.cursor_row + step)

    def action_page(self, direction: int) -> None:
        self._move_to(self.cursor_row + direction * self._visible_rows)

    def action_first(self) -> None:
        self._move_to(0)

    def action_last(self) -> None:
        self._move_to(len(self._rows) - 1)

    def action_sideways(self, cells: int) -> None:
        self.scroll_to(x=max(0, self.scroll_x + cells), animate=False)

    # --- columns off the screen ----------------------------------------------------------------

    def cut_columns(self) -> tuple[list[str], list[str]]:
        """(titles of the columns not wholly shown on the left, the same on the right) at this width and
        sideways scroll; the fixed leading columns are always shown."""
        width = self.scrollable_content_region.width
        if not width:
            return [], []
        fixed = min(self._fixed_width, width)
        left_edge = fixed + round(self.scroll_x)  # the first cell of the scrolled part that is on screen
        right_edge = left_edge + width - fixed
        left: list[str] = []
        right: list[str] = []
        start = 0
        for position, column in enumerate(self.columns):
            end = start + column.width
            if position >= self.fixed_columns:
                if start < left_edge:
                    left.append(_(column.title))
                elif end > right_edge:
                    right.append(_(column.title))
            start = end + 1
        return left, right

    def _show_cut_columns(self) -> None:
        hints = [hint for hint in self.screen.query(ColumnsHint) if hint.table_id == self.id]
        if hints:
            left, right = self.cut_columns()
            for hint in hints:
                hint.show(left, right)

    def watch_scroll_x(self, old_value: float, new_value: float) -> None:
        super().watch_scroll_x(old_value, new_value)
        if round(old_value) != round(new_value):
            self._show_cut_columns()

    def on_resize(self) -> None:
        self._show_cut_columns()

    def on_click(self, event: events.Click) -> None:
        if event.y >= 1:
            self._move_to(round(self.scroll_y) + event.y - 1)


class ColumnsHint(Static):
    """The line under a ``VirtualTable`` that says which columns are off the screen and how to see them
    (←/→, and Enter 详情 where the screen has it); empty and hidden when every column fits."""

    DEFAULT_CSS = """
    ColumnsHint { height: auto; color: $text-muted; display: none; }
    ColumnsHint.-shown { display: block; }
    """

    def __init__(self, table_id: str, *, detail: bool = True, **kwargs: Any) -> None:
        super().__init__("", markup=False, **kwargs)
        self.table_id = table_id
        self.detail = detail

    def show(self, left: Sequence[str], right: Sequence[str]) -> None:
        parts = []
        comma = _("、")
        if left:
            parts.append(_("← 左侧还有 {columns}").format(columns=comma.join(left)))
        if right:
            parts.append(_("→ 右侧还有 {columns}").format(columns=comma.join(right)))
        how = _("按 ←/→ 左右滚动，Enter 查看详情") if self.detail else _("按 ←/→ 左右滚动")
        said = _("{parts}（{how}）").format(parts=_("；").join(parts), how=how)
        self.update(said if parts else "")
        self.set_class(bool(parts), "-shown")
