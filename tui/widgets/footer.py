"""The footer of keys, rebuilt only when the keys it shows change.

Textual's ``Footer`` recomposes itself (a dozen widgets, each styled and laid out again) after every
``refresh_bindings()`` and every focus change, even when it would draw the very same keys: 14 times
in one login → home page → logout round, about a third of that round's time. This one remembers what
it drew and skips a rebuild that would draw it again; it draws a new screen's keys before the
screen's first frame rather than after it; and each key is styled once, not three times.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.widgets import Footer

from ..textual_internals import footer_key

if TYPE_CHECKING:
    from textual.app import ComposeResult
    from textual.screen import Screen


class KeysFooter(Footer):
    _drawn: tuple[object, ...] | None = None
    _redraw_pending = False

    def _shown(self) -> tuple[object, ...]:
        """Everything ``Footer.compose`` reads: the shown bindings (and the palette's), how they look, and
        whether they are live."""
        app = self.app
        return (
            self.compact,
            self.show_command_palette,
            tuple(
                (
                    binding.key,
                    app.get_key_display(binding),
                    binding.description,
                    binding.action,
                    binding.show,
                    binding.group,
                    enabled,
                    tooltip,
                    binding.tooltip,
                )
                for key, (_, binding, enabled, tooltip) in self.screen.active_bindings.items()
                # only what the footer shows: keys that are not shown (a focused list's arrows) come and
                # go with the focus without changing a thing on screen
                if binding.show or key == app.COMMAND_PALETTE_BINDING
            ),
        )

    def compose(self) -> ComposeResult:
        self._drawn = self._shown() if self._bindings_ready else None
        key_class = footer_key()
        for widget in super().compose():
            if isinstance(widget, key_class):
                # A key is compact by default (its reactive's default) and, mounted, made so (a class,
                # a styling) and then bound to the footer's compactness (made not: another styling).
                # Started where it ends up, it is styled once. The palette's key is not bound: compact.
                compact = True if widget.has_class("-command-palette") else self.compact
                widget.set_reactive(key_class.compact, compact)  # type: ignore[attr-defined]
                widget.set_class(compact, "-compact", update=False)
            yield widget

    def bindings_changed(self, screen: Screen[object]) -> None:
        if self._drawn is not None and self.is_attached and screen is self.screen and self._shown() == self._drawn:
            return
        self._bindings_ready = True
        if not screen.app.app_focus:
            return
        if self.is_attached and screen is self.screen and not self._redraw_pending:
            # Before the screen's next refresh, not after it (as Footer does): a new screen's keys are
            # drawn with its first frame, not in a layout and paint of their own right after it.
            self._redraw_pending = True
            self.call_next(self._redraw)

    async def _redraw(self) -> None:
        self._redraw_pending = False
        if self.is_attached and self._shown() != self._drawn:
            await self.recompose()
