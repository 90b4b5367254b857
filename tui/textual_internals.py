"""Every private Textual attribute gjj (and its tests) relies on, in one place.

Textual has no public way to do these few things, so we reach inside it, here and nowhere else. Textual
is pinned to 8.2.x (``pyproject.toml``); ``tests/test_textual_internals.py`` checks each attribute listed
in ``INTERNALS`` and fails naming it when an upgrade removes or changes one. Importing this module costs
nothing: the Textual modules it names are imported only when a function is called.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from textual.app import App
    from textual.binding import Binding, BindingsMap
    from textual.dom import DOMNode
    from textual.geometry import Size
    from textual.notifications import Notification
    from textual.screen import Screen
    from textual.strip import Strip
    from textual.widget import Widget
    from textual.widgets import Input


@dataclass(frozen=True)
class Internal:
    """One private attribute: where it lives and why gjj needs it."""

    owner: str  # "module:Class", or "module" for a module-level name
    attribute: str
    why: str


INTERNALS: tuple[Internal, ...] = (
    Internal(
        "textual.widgets._select",
        "SelectOverlay",
        "an open dropdown's Esc is described in the footer in Chinese (set_class_bindings)",
    ),
    Internal(
        "textual.dom:DOMNode",
        "_merged_bindings",
        "the class-level bindings new instances copy: replaced after changing a Textual class's BINDINGS",
    ),
    Internal("textual.dom:DOMNode", "_merge_bindings", "rebuilds _merged_bindings from the class's BINDINGS"),
    Internal(
        "textual.screen:Screen",
        "_modal_binding_chain",
        "F1 lists the bindings live on the screen, nearest the focus first (what Screen.active_bindings reads)",
    ),
    Internal(
        "textual.app:App",
        "_check_action_state",
        "F1 leaves out keys that check_action hides or disables here",
    ),
    Internal(
        "textual.app:App",
        "_thread_id",
        "the demo's SMS arrives from the mock's thread or the app's own: call_from_thread refuses the latter",
    ),
    Internal(
        "textual.app:App",
        "_check_bindings",
        "a capital letter no binding takes (Caps Lock, E shown in the footer) is tried again in lower case",
    ),
    Internal(
        "textual.widgets:Input",
        "_pause_blink",
        "snapshots hold a focused field's cursor on: it blinks every 0.5 s, and a busy machine caught it off",
    ),
    Internal("textual.screen:Screen", "_compositor", "tests read the characters on the terminal (render_lines)"),
    Internal(
        "textual.screen:Screen",
        "_on_screen_resume",
        "FramedScreen's own handler of the name runs before it and spares a screen shown for the first "
        "time a second styling of every node (ScreenResume.refresh_styles)",
    ),
    Internal(
        "textual.screen:Screen",
        "_screen_resized",
        "a screen laid out again at the size it was just laid out at is skipped (FramedScreen): a pushed "
        "screen's first layout resizes it, and that Resize re-laid it and the screen under it (laid_out_at)",
    ),
    Internal("textual.app:App", "_notifications", "tests read the notifications on screen (notifications)"),
    Internal(
        "textual.app:App",
        "_register",
        "the home page is composed, styled and mounted off screen while the login is on its way "
        "(start_offscreen): push_screen then only shows it",
    ),
    Internal(
        "textual.screen:Screen",
        "_refresh_layout",
        "the prepared home page is laid out and drawn off screen while the member types (draw_offscreen), "
        "and laid out and drawn whole the moment it is shown (draw_whole)",
    ),
    Internal(
        "textual.screen:Screen",
        "_dirty_widgets",
        "a page drawn off screen is drawn whole when shown: the screen itself marked dirty (draw_whole)",
    ),
)


def set_class_bindings(widget_class: type[DOMNode], bindings: Sequence[Binding]) -> None:
    """Replace a (Textual) class's own BINDINGS, for every instance made from now on."""
    widget_class.BINDINGS = list(bindings)
    widget_class._merged_bindings = widget_class._merge_bindings()


def select_overlay() -> type[Widget]:
    """The list a ``Select`` opens (Textual does not export it)."""
    from textual.widgets._select import SelectOverlay

    return SelectOverlay


def modal_binding_chain(screen: Screen[Any]) -> list[tuple[DOMNode, BindingsMap]]:
    """(node, its bindings) from the focused widget out to the screen (and the app), as keys are looked up."""
    return screen._modal_binding_chain


def action_state(app: App[Any], action: str, namespace: DOMNode) -> bool | None:
    """What ``check_action`` says of ``action`` on ``namespace``: True shown, False hidden, None disabled."""
    return app._check_action_state(action, namespace)


def on_app_thread(app: App[Any]) -> bool:
    """Whether the caller runs on the app's own thread (its event loop)."""
    return threading.get_ident() == app._thread_id


def hold_cursor(field: Input) -> None:
    """Stop ``field``'s cursor blinking, shown: the screen no longer depends on when it is looked at."""
    field._pause_blink(visible=True)


def render_lines(screen: Screen[Any]) -> list[Strip]:
    """The screen as it is on the terminal now, one strip per line."""
    return screen._compositor.render_strips()


def laid_out_at(screen: Screen[Any]) -> Size:
    """The size ``screen`` was last laid out at (0×0: never)."""
    return screen._compositor.size


def start_offscreen(app: App[Any], screen: Screen[Any]) -> None:
    """Start ``screen`` (compose, style and mount it in its own task) without showing it; a later
    ``push_screen(screen)`` shows it as it is (Textual does the same for a screen it was handed that is
    not running yet). One never shown is closed with the app."""
    app._register(app, screen)


def draw_offscreen(screen: Screen[Any], size: Size) -> None:
    """Lay ``screen`` out at ``size`` and render every widget's lines (kept in each widget's cache), without
    showing it."""
    screen._refresh_layout(size)
    screen._compositor.render_update(full=True)


def draw_whole(screen: Screen[Any], size: Size) -> None:
    """Lay the current ``screen`` out at ``size`` and draw all of it now (not only what changed since it was
    drawn off screen: the terminal still shows the screen before it)."""
    screen._dirty_widgets.add(screen)
    screen._refresh_layout(size)


def notifications(app: App[Any]) -> list[Notification]:
    """The notifications the app shows now, oldest first."""
    return list(app._notifications)
