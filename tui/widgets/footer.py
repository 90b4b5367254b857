"""The footer of keys, rebuilt only when the keys it shows change.

Textual's ``Footer`` recomposes itself (a dozen widgets, each styled and laid out again) after every
``refresh_bindings()`` and every focus change, even when it would draw the very same keys: 14 times
in one login → home page → logout round, about a third of that round's time. This one remembers what
it drew and skips a rebuild that would draw it again.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.widgets import Footer

if TYPE_CHECKING:
    from textual.app import ComposeResult
    from textual.screen import Screen


class KeysFooter(Footer):
    _drawn: tuple[object, ...] | None = None

    def _shown(self) -> tuple[object, ...]:
        """Everything ``Footer.compose`` reads: the shown bindings, how they look, and whether they are live."""
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
                for (_, binding, enabled, tooltip) in self.screen.active_bindings.values()
            ),
        )

    def compose(self) -> ComposeResult:
        self._drawn = self._shown() if self._bindings_ready else None
        yield from super().compose()

    def bindings_changed(self, screen: Screen[object]) -> None:
        if self._drawn is not None and self.is_attached and screen is self.screen and self._shown() == self._drawn:
            return
        super().bindings_changed(screen)
