"""The footer of keys: one widget that draws its keys itself, redrawn only when the keys it shows change.

Textual's ``Footer`` composes a widget per key (and the command palette's key, docked right), each styled,
laid out and rendered on its own, and recomposes them all after every ``refresh_bindings()`` and focus
change, even when it would draw the very same keys. That cost ~9 ms of CPU on the login screen's first
frame, and again on every new screen. This footer draws the same line, cell for cell and colour for
colour (the key in ``footer-key--key``, its description in ``footer-key--description``, the same padding
and order, the palette's key at the right edge behind its thin rule, a disabled key dimmed), as one
``Text``: no child widgets, no layout of its own. It repaints only when what it shows changes, and reads
the screen's keys as it paints, so a new screen's keys are drawn with that screen's first frame.

Keys stay clickable (kiosks have touch screens): a press on a key does what pressing it does, as Textual's
footer does (``App.simulate_key``); a disabled key rings the bell. The key under the pointer is
highlighted and its tooltip shown. Where the footer is too narrow, the keys are cut at the palette's key,
as Textual's footer cuts them.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import groupby
from typing import TYPE_CHECKING, ClassVar

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from textual.reactive import reactive
from textual.strip import Strip
from textual.widget import Widget

if TYPE_CHECKING:
    from textual import events
    from textual.binding import Binding
    from textual.screen import Screen


@dataclass(frozen=True)
class _Key:
    """One key as the footer shows it."""

    key: str
    display: str
    description: str
    enabled: bool
    tooltip: str


@dataclass(frozen=True)
class _Group:
    """Keys of one binding group shown together, followed by the group's description."""

    keys: tuple[_Key, ...]
    description: str
    compact: bool


# What the footer shows: (compact, the keys and groups left to right, the palette's key or None)
_Shown = tuple[bool, tuple[_Key | _Group, ...], _Key | None]


class KeysFooter(Widget):
    ALLOW_SELECT = False
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "footer-key--key",
        "footer-key--description",
        "footer-key--item",
        "footer-key--hover",
        "footer-key--rule",
    }
    # Textual's Footer and FooterKey, in one widget: the same theme variables, so any theme looks the same
    DEFAULT_CSS = """
    KeysFooter {
        color: $footer-foreground;
        background: $footer-background;
        dock: bottom;
        height: 1;
        text-wrap: nowrap;
        .footer-key--key {
            color: $footer-key-foreground;
            background: $footer-key-background;
            text-style: bold;
        }
        .footer-key--description {
            color: $footer-description-foreground;
            background: $footer-description-background;
        }
        .footer-key--item {
            background: $footer-item-background;
        }
        .footer-key--hover {
            color: $footer-key-foreground;
            background: $block-hover-background;
        }
        .footer-key--rule {
            color: $foreground 20%;
        }
    }
    """

    compact = reactive(False)
    """Display in compact style (less whitespace), as Textual's ``Footer(compact=True)``."""
    show_command_palette = reactive(True)
    """Show the key of the command palette, at the right edge."""

    _drawn: _Shown | None = None
    _hover: int | None = None  # the index (in _spans) of the key under the pointer

    def __init__(
        self,
        *,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
        show_command_palette: bool = True,
        compact: bool = False,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.set_reactive(KeysFooter.show_command_palette, show_command_palette)
        self.set_reactive(KeysFooter.compact, compact)
        # (first cell, past the last cell, the key) of every key drawn, for the mouse
        self._spans: list[tuple[int, int, _Key]] = []

    # --- what is shown ----------------------------------------------------------------------------

    def _shown(self) -> _Shown:
        """What ``Footer.compose`` would show: the first shown binding of each action, in order, grouped
        as Textual groups them, and the palette's key (described in the language in use: the screen's
        ``active_bindings`` translates them, see tui.language)."""
        app = self.app
        active_bindings = self.screen.active_bindings
        by_action: dict[str, tuple[Binding, bool, str]] = {}
        for _node, binding, enabled, tooltip in active_bindings.values():
            if binding.show:
                by_action.setdefault(binding.action, (binding, enabled, tooltip))
        items: list[_Key | _Group] = []
        for group, members in groupby(by_action.values(), lambda member: member[0].group):
            bindings = list(members)
            if group is not None and len(bindings) > 1:
                keys = tuple(
                    _Key(binding.key, app.get_key_display(binding), "", enabled, tooltip or binding.description)
                    for binding, enabled, tooltip in bindings
                )
                items.append(_Group(keys, group.description, group.compact))
            else:
                items.extend(
                    _Key(binding.key, app.get_key_display(binding), binding.description, enabled, tooltip)
                    for binding, enabled, tooltip in bindings
                )
        palette = None
        if self.show_command_palette and app.ENABLE_COMMAND_PALETTE:
            active = active_bindings.get(app.COMMAND_PALETTE_BINDING)
            if active is not None:
                _node, binding, enabled, _tooltip = active
                palette = _Key(
                    binding.key,
                    app.get_key_display(binding),
                    binding.description,
                    enabled,
                    binding.tooltip or binding.description,
                )
        return (self.compact, tuple(items), palette)

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self.bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def bindings_changed(self, screen: Screen[object]) -> None:
        # As Textual's footer: not while the app is in the background (a dialog of another program).
        if not screen.app.app_focus or not self.is_attached or screen is not self.screen:
            return
        # Keys that are not shown (a focused list's arrows) come and go with the focus without changing a
        # thing on screen: a repaint only when what is shown changes.
        if self._drawn is not None and self._shown() != self._drawn:
            # the key that was under the pointer may be gone or moved: highlighted again when it moves
            self._hover = None
            self.refresh()

    # --- drawing ----------------------------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        """The footer's line: every key, then blank footer up to the palette's key at the right edge.

        Drawn as Textual's widgets draw it: a key and its description in their styles, and the cells that
        are padding or blank footer in the background alone (no foreground of their own: under a dialog's
        veil they are the same cells as Textual's)."""
        shown = self._drawn = self._shown()
        compact, items, palette = shown
        key_style = self.get_component_rich_style("footer-key--key")
        description_style = self.get_component_rich_style("footer-key--description")
        item_style = self.get_component_rich_style("footer-key--item")
        hover = self.get_component_rich_style("footer-key--hover")
        blank = Style(bgcolor=self.rich_style.bgcolor)
        # Textual's key is a widget: under the pointer its own background shows through the key's and the
        # description's (transparent by default) backgrounds.
        key_bg = self.get_component_styles("footer-key--key").background.a == 0
        description_bg = self.get_component_styles("footer-key--description").background.a == 0
        dim = Style(dim=True)
        spans: list[tuple[int, int, _Key]] = []
        segments: list[Segment] = []
        at = 0  # cells so far

        def add(text: str, style: Style) -> None:
            nonlocal at
            segments.append(Segment(text, style))
            at += cell_len(text)

        def key(key: _Key, *, in_palette: bool = False, margin: bool = False) -> None:
            """One key, as a FooterKey renders it (``in_palette``: compact, as the palette's key is)."""
            hovered = self._hover == len(spans)
            base = hover if hovered else item_style
            ks, ds = base + key_style, base + description_style
            if hovered:
                ks += Style(bgcolor=hover.bgcolor) if key_bg else Style()
                ds += Style(bgcolor=hover.bgcolor) if description_bg else Style()
            if not key.enabled:
                ks, ds = ks + dim, ds + dim
            start = at
            tight = compact or in_palette
            if key.description:
                add(key.display if tight else f" {key.display} ", ks)
                add(f" {key.description}" if tight else f"{key.description} ", ds)
            else:
                add(key.display, ks)
            if in_palette:
                # the palette's key's padding on the right, or in a compact footer its margin
                add(" ", blank if compact else Style(bgcolor=base.bgcolor))
            spans.append((start, at, key))
            if margin:
                add(" ", blank)

        for item in items:
            if isinstance(item, _Key):
                key(item, margin=compact)
            else:
                # Textual's KeyGroup: its keys, a cell either side of each (their margins collapse to one
                # between two keys), or a compact group's keys side by side after a cell and before one;
                # then the group's description, and a cell after it where the footer is not compact
                add(" ", blank)
                for member in item.keys:
                    key(member)
                    if not item.compact:
                        add(" ", blank)
                if item.compact:
                    add(" ", blank)
                add(item.description, description_style)
                if not compact:
                    add(" ", blank)
        width = self.size.width
        if palette is None:
            strip = Strip(segments, at).adjust_cell_length(width, blank)
        else:
            left, keys = len(spans), segments
            segments, at = [], 0
            add("▏", self.get_component_rich_style("footer-key--rule"))
            key(palette, in_palette=True)
            room = max(0, width - at)
            # keys that do not fit are cut at the palette's key, as the docked key covers them in Textual's
            strip = Strip.join([Strip(keys).adjust_cell_length(room, blank), Strip(segments, at)])
            start, end, palette_key = spans[left]
            spans[left] = (room + start, room + end, palette_key)
            # (a key cut off entirely keeps its place, empty: the indexes stay those it was drawn with)
            spans[:left] = [(min(a, room), min(b, room), k) for a, b, k in spans[:left]]
        self._spans = spans
        return strip

    # --- the mouse --------------------------------------------------------------------------------

    def _key_at(self, x: int) -> int | None:
        for index, (start, end, _key) in enumerate(self._spans):
            if start <= x < end:
                return index
        return None

    def on_mouse_down(self, event: events.MouseDown) -> None:
        index = self._key_at(event.x)
        if index is None:
            return
        key = self._spans[index][2]
        if key.enabled:
            self.app.simulate_key(key.key)
        else:
            self.app.bell()

    def on_mouse_move(self, event: events.MouseMove) -> None:
        index = self._key_at(event.x)
        if index != self._hover:
            self._hover = index
            self.tooltip = (self._spans[index][2].tooltip or None) if index is not None else None
            self.refresh()

    def on_leave(self, event: events.Leave) -> None:
        if self._hover is not None:
            self._hover = None
            self.tooltip = None
            self.refresh()
