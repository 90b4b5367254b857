"""Each private Textual attribute gjj uses (tui/textual_internals.py) still exists and still does its job.

An upgrade of Textual that removes or reshapes one fails here, naming it, instead of somewhere deep in
a screen."""

from __future__ import annotations

import importlib
import threading

import pytest
import textual
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Input

from tests.conftest import make_app
from tests.ui import login, screen_text, wait_for_text
from tui import textual_internals as internals


def _owner(internal: internals.Internal) -> object:
    module_name, _, class_name = internal.owner.partition(":")
    module = importlib.import_module(module_name)
    return getattr(module, class_name) if class_name else module


def _instance_attributes() -> dict[str, object]:
    """Attributes Textual sets in __init__ (not on the class): looked for on fresh instances."""
    app: App[None] = App()
    app._thread_init()
    return {"textual.app:App": app, "textual.screen:Screen": Screen()}


@pytest.mark.parametrize("internal", internals.INTERNALS, ids=lambda internal: internal.attribute)
def test_every_private_textual_attribute_is_still_there(internal: internals.Internal) -> None:
    where = _instance_attributes().get(internal.owner, _owner(internal))
    assert hasattr(_owner(internal), internal.attribute) or hasattr(where, internal.attribute), (
        f"Textual {textual.__version__} has no {internal.owner}.{internal.attribute} any more; gjj uses it "
        f"(tui/textual_internals.py) because {internal.why}"
    )


async def test_set_class_bindings_reaches_new_instances() -> None:
    class Probe(Input):
        pass

    internals.set_class_bindings(Probe, [Binding("f9", "probe", "探针")])

    class ProbeApp(App[None]):
        def compose(self) -> ComposeResult:
            yield Probe()

    app = ProbeApp()
    async with app.run_test() as pilot:
        await pilot.pause()
        live = {key: active.binding.description for key, active in app.screen.active_bindings.items()}
        assert live.get("f9") == "探针", "_merged_bindings no longer decides the bindings a new instance copies"


def test_select_overlay_is_a_widget_class() -> None:
    from textual.widget import Widget

    overlay = internals.select_overlay()
    assert issubclass(overlay, Widget) and overlay.__name__ == "SelectOverlay"


async def test_binding_chain_action_state_thread_and_screen_lines(mock_app) -> None:
    app = make_app(mock_app)
    async with app.run_test(size=(80, 24)) as pilot:
        await login(pilot)
        await wait_for_text(pilot, "账户余额")
        chain = internals.modal_binding_chain(app.screen)
        assert chain and chain[-1][0] is app, "_modal_binding_chain no longer ends at the app"
        logout = next(b for _, bindings in chain for _, b in bindings if b.id == "logout")
        assert internals.action_state(app, logout.action, app.screen) is True
        assert internals.on_app_thread(app)
        outside: list[bool] = []
        worker = threading.Thread(target=lambda: outside.append(internals.on_app_thread(app)))
        worker.start()
        worker.join(5)
        assert outside == [False]
        lines = internals.render_lines(app.screen)
        assert len(lines) == 24 and "住房公积金" in screen_text(app)
        app.notify("探针通知")
        await pilot.pause()
        assert [str(n.message) for n in internals.notifications(app)][-1] == "探针通知"


async def test_a_page_drawn_off_screen_is_drawn_whole_when_shown() -> None:
    """draw_offscreen fills the widgets' line caches without showing the page; draw_whole then hands the
    terminal a full frame of it (a LayoutUpdate), not only the regions that changed since."""
    from textual._compositor import LayoutUpdate
    from textual.widgets import Static

    class Page(Screen[None]):
        def compose(self) -> ComposeResult:
            yield Static("第二页", id="second")

    frames: list[str] = []

    class Probe(App[None]):
        def compose(self) -> ComposeResult:
            yield Static("第一页")

    app = Probe()
    async with app.run_test(size=(40, 6)) as pilot:
        page = Page()
        internals.start_offscreen(app, page)
        await pilot.pause()
        assert page.is_mounted and app.screen is not page
        internals.draw_offscreen(page, app.size)
        assert internals.laid_out_at(page) == app.size
        display = app._display

        def seen(screen: Screen[None], renderable: object) -> None:
            frames.append(type(renderable).__name__)
            display(screen, renderable)

        app._display = seen  # type: ignore[method-assign]
        app.push_screen(page)
        internals.draw_whole(page, app.size)
        assert frames and frames[0] == LayoutUpdate.__name__
        assert "第二页" in screen_text(app) and "第一页" not in screen_text(app)
