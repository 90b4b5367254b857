"""Label–value lists for panels and detail pages: labels left, values aligned, wide characters measured.

A list made with ``figures=True`` is a Tab stop with a cursor on one figure (↑/↓, and ←/→ where two
pairs share a line): C copies that figure as shown (masked numbers stay masked, amounts with their
unit), through ``copy_selection()``, which the App's copy action asks of the focused widget.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any, ClassVar

from rich.style import Style
from rich.table import Table
from rich.text import Text
from textual.binding import Binding, BindingType
from textual.events import Blur, Focus
from textual.geometry import Region, Size, Spacing
from textual.widget import Widget
from textual.widgets import Static

from api_client.domain.formatting import fmt_money
from api_client.i18n import N_, _, ngettext

Row = tuple[str, str | Text]
# Marks the cells of the figure under the cursor in a measuring render (meta draws nothing).
_CURSOR_META = "key-values-cursor"


def yuan(value: Decimal | None) -> str:
    """An amount with its unit, as figures show it: ``1,234.56 元`` (English ``1,234.56 CNY``)."""
    return _("{amount} 元").format(amount=fmt_money(value))


def periods(count: int) -> str:
    """A loan's term in periods (months): ``360 期`` (English ``360 months``)."""
    return ngettext("{count} 期", "{count} 期", count).format(count=count)


class KeyValues(Static):
    """A two-column (or four-column, ``pairs_per_line=2``) list of label: value. Labels are shown in the
    language in use (one written as a constant, marked ``N_``, is translated here); values as given."""

    DEFAULT_CSS = """
    KeyValues { height: auto; }
    KeyValues > .key-values--cursor { background: $accent; color: $text; text-style: bold; }
    """
    COMPONENT_CLASSES: ClassVar[set[str]] = {"key-values--cursor"}
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up", "figure(-1, 'line')", N_("上一项"), show=False, id="figures.up"),
        Binding("down", "figure(1, 'line')", N_("下一项"), show=False, id="figures.down"),
        Binding("left", "figure(-1, 'pair')", N_("左边一项"), show=False, id="figures.left"),
        Binding("right", "figure(1, 'pair')", N_("右边一项"), show=False, id="figures.right"),
        Binding("home", "figure_at(0)", N_("第一项"), show=False, id="figures.first"),
        Binding("end", "figure_at(-1)", N_("最后一项"), show=False, id="figures.last"),
    ]

    def __init__(
        self,
        rows: Sequence[Row] = (),
        *,
        pairs_per_line: int = 1,
        right_align: bool = False,
        wide_from: int = 0,
        figures: bool = False,
        **kwargs: Any,
    ) -> None:
        """``wide_from``: with ``pairs_per_line=2``, use two pairs only when at least this many cells wide.
        ``figures``: a Tab stop whose cursor picks the figure C copies (while it has figures to show)."""
        super().__init__(**kwargs)
        self.pairs_per_line = pairs_per_line
        self.right_align = right_align
        self.wide_from = wide_from
        self.figures = figures
        self.cursor = 0
        self._rows: Sequence[Row] = ()
        self._painting = False
        self._painted_pairs = 0
        if figures:
            self.can_focus = False  # until there are figures to move to
        if rows:
            self.show(rows)

    # --- what it shows ---------------------------------------------------------------------------

    @property
    def rows(self) -> Sequence[Row]:
        """The label–value pairs on show (none while it shows a sentence or a failure instead)."""
        return self._rows

    def on_resize(self) -> None:
        if self._rows and self.pairs != self._painted_pairs:
            self._paint()

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        # The pairs on a line follow the width the layout offers now: a list filled while hidden (width 0)
        # is laid out one pair a line at 80 columns, never at the height of two pairs a line.
        if self._rows and self.pairs_at(width) != self._painted_pairs:
            self._paint(width, layout=False)
        return super().get_content_height(container, viewport, width)

    def show(self, rows: Sequence[Row]) -> None:
        self._rows = rows
        self.cursor = min(self.cursor, max(0, len(rows) - 1))
        self._paint()
        self._focusable()

    def update(self, content: Any = "", *, layout: bool = True) -> None:
        """Anything but the list (a sentence, a failed load's note): no figure to move to or copy."""
        if not self._painting:
            self._rows = ()
            self.cursor = 0
            self._focusable()
        super().update(content, layout=layout)

    def _focusable(self) -> None:
        if self.figures:
            had_focus = self.has_focus
            self.can_focus = bool(self._rows)
            if had_focus and not self.can_focus:
                self.screen.set_focus(None)

    @property
    def pairs(self) -> int:
        """Pairs on one line at the width it has now."""
        return self.pairs_at(self.size.width)

    def pairs_at(self, width: int) -> int:
        """Pairs on one line at ``width`` cells (0: not laid out yet)."""
        if self.wide_from and width and width < self.wide_from:
            return 1
        return self.pairs_per_line

    def _table(self, cursor_style: Style | None, pairs: int) -> Table:
        table = Table.grid(padding=(0, 1), expand=self.right_align)
        for _column in range(pairs):
            table.add_column(style="bold", no_wrap=True)
            table.add_column(
                justify="right" if self.right_align else "left", overflow="fold", ratio=1 if self.right_align else None
            )
        line: list[str | Text] = []
        line_style: Style | None = None
        for index, (label, value) in enumerate(self._rows):
            label = _(label)  # a label written as a constant is marked N_(); translated here
            if cursor_style is not None and index == self.cursor:
                if pairs == 1:
                    line_style = cursor_style  # the whole line, the gap between label and value too
                    line += [label, value]
                else:
                    line += [Text(label, style=cursor_style), _styled(value, cursor_style)]
            else:
                line += [label, value]
            if len(line) == 2 * pairs:
                table.add_row(*line, style=line_style)
                line, line_style = [], None
        if line:
            table.add_row(*line, *([""] * (2 * pairs - len(line))), style=line_style)
        return table

    def _paint(self, width: int | None = None, *, layout: bool = True) -> None:
        pairs = self.pairs_at(self.size.width if width is None else width)
        cursor_style = None
        # The screen's focus, not has_focus: this runs on Focus before Textual's own handler sets has_focus.
        if self.figures and self._rows and self.is_attached and self.screen.focused is self:
            cursor_style = self.get_component_rich_style("key-values--cursor")
            if self.app.no_color:  # no background to see it by: the figure drawn in reverse
                cursor_style += Style(reverse=True)
        self._painting = True
        try:
            self.update(self._table(cursor_style, pairs), layout=layout)
            self._painted_pairs = pairs
        finally:
            self._painting = False

    # --- the cursor ------------------------------------------------------------------------------

    def on_focus(self, event: Focus) -> None:
        self._paint()
        self.call_after_refresh(self._scroll_to_cursor)

    def on_blur(self, event: Blur) -> None:
        self._paint()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("figure", "figure_at"):
            return self.figures and bool(self._rows)
        return super().check_action(action, parameters)

    def action_figure(self, step: int, by: str) -> None:
        """The next or previous figure (``by`` line: the one below or above; pair: beside it). Past the
        first or the last, on to the neighbouring list of figures, if the next Tab stop is one."""
        pairs = self._painted_pairs
        if by == "pair" and pairs == 1:
            return
        target = self.cursor + step * (pairs if by == "line" else 1)
        if 0 <= target < len(self._rows):
            self.move_cursor(target)
            return
        neighbour = self._neighbour(step)
        if neighbour is not None:
            neighbour.move_cursor(0 if step > 0 else len(neighbour.rows) - 1)
            neighbour.focus()

    def action_figure_at(self, index: int) -> None:
        self.move_cursor(index % len(self._rows) if self._rows else 0)

    def move_cursor(self, index: int) -> None:
        self.cursor = max(0, min(len(self._rows) - 1, index))
        self._paint()
        self._scroll_to_cursor()

    def _neighbour(self, step: int) -> KeyValues | None:
        chain = self.screen.focus_chain
        if self not in chain:
            return None
        position = chain.index(self) + step
        if 0 <= position < len(chain):
            candidate = chain[position]
            if isinstance(candidate, KeyValues) and candidate.figures and candidate.rows:
                return candidate
        return None

    def _scroll_to_cursor(self) -> None:
        """Bring the figure under the cursor into view in the container that scrolls (a long list at 80×24)."""
        parent = self.parent
        if not isinstance(parent, Widget) or not self._rows or not self.content_size.width:
            return
        top, bottom = self._cursor_lines()
        gutter = self.styles.gutter
        region = self.virtual_region
        parent.scroll_to_region(
            Region(region.x, region.y + gutter.top + top, region.width, bottom - top + 1),
            animate=False,
            spacing=Spacing(1, 0, 1, 0) if top else None,
        )

    def _cursor_lines(self) -> tuple[int, int]:
        """The first and last line the figure under the cursor takes (a long value folds onto more)."""
        console = self.app.console
        options = console.options.update_width(self.content_size.width)
        table = self._table(Style(meta={_CURSOR_META: True}), self._painted_pairs)
        lines = console.render_lines(table, options, pad=False)
        marked = [n for n, line in enumerate(lines) if any(s.style and s.style.meta.get(_CURSOR_META) for s in line)]
        return (marked[0], marked[-1]) if marked else (0, 0)

    def copy_selection(self) -> tuple[str, str] | None:
        """C: the figure under the cursor as shown, named by its label."""
        if not self.figures or not self._rows:
            return None
        label, value = self._rows[self.cursor]
        text = value.plain if isinstance(value, Text) else str(value)
        return _(label).strip(), " ".join(text.split())


def _styled(value: str | Text, style: Style) -> Text:
    text = value.copy() if isinstance(value, Text) else Text(value)
    text.stylize(style)
    return text
