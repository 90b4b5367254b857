"""``FramedScreen``: the header on top, the footer of keys at the bottom, the page in between.

``AppHeader``: the one-line header: the hall's name, who is signed in (masked), which server, and the date.

The login screen, the pre-login flows (``GuestScreen``) and the hall (``HallScreen``) all build on it.
Kept light: the login screen imports it before the first frame.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import events, getters, on
from textual.app import ComposeResult
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Static
from textual.worker import Worker, WorkerState

from api_client.domain.masking import mask_name
from api_client.errors import SessionExpired
from api_client.i18n import N_, _

from .app import GjjApp
from .language import SpeaksBindings
from .textual_internals import laid_out_at
from .widgets.footer import KeysFooter

if TYPE_CHECKING:
    from textual.geometry import Size

    from api_client.client import GjjClient

    from .loads import Load


SHORT_TITLE = N_("公积金网厅")


class AppHeader(Static):
    DEFAULT_CSS = """
    AppHeader {
        dock: top;
        height: 1;
        background: $primary;
        color: $text;
        text-style: bold;
        padding: 0 1;
    }
    """
    app = getters.app(GjjApp)

    def __init__(self, subtitle: str = "") -> None:
        """``subtitle``: the page's name as written in the code (a screen's ``SUBTITLE``), translated here."""
        super().__init__(id="app-header")
        self.subtitle = subtitle

    def render(self) -> Text:
        app = self.app
        profile = app.profile
        who = f"{mask_name(profile.name)} {profile.id_number_masked}" if profile is not None else ""
        server, today = app.server_label, app.today().isoformat()
        width = self.content_region.width or 78
        subtitle = _(self.subtitle)
        title, page = f"{app.title} · {subtitle}", subtitle or app.title
        # The page's name matters most: on a narrow terminal the date, then the server's label (演示模式,
        # a URL) give way before it does; only when even the page name and who is signed in do not fit, the
        # short title.
        choices = [
            (title, (who, server, today)),
            (page, (who, server, today)),
            (page, (who, server)),
            (page, (who,)),
            (_(SHORT_TITLE), (who,)),
        ]
        for left, parts in choices:
            tail = Text("  ".join(part for part in parts if part))
            if Text(left).cell_len + 2 + tail.cell_len <= width:
                break
        text = Text(left)
        text.append(" " * max(2, width - text.cell_len - tail.cell_len))
        text.append_text(tail)
        return text


class FramedScreen(SpeaksBindings, Screen[None]):
    SUBTITLE = ""
    app = getters.app(GjjApp)
    _shown_before = False  # has been the active screen (see _on_screen_resume)

    def __init__(self) -> None:
        super().__init__()
        self.failed_loads: dict[str, Load] = {}  # by worker group: what R loads again
        self._load_of: dict[Worker[Any], tuple[str, Load]] = {}

    def _on_screen_resume(self, event: events.ScreenResume) -> None:
        # Runs before Textual's own handler (handlers run from the subclass up): on a resume Textual styles
        # every node of the screen again, in case the theme changed while it was hidden. A screen shown
        # for the first time was styled as it mounted, a moment ago: styling it twice cost ~20 ms of CPU
        # of the ~100 ms the UI spent from 登录 to the drawn home page.
        if not self._shown_before:
            self._shown_before = True
            event.refresh_styles = False

    def _screen_resized(self, size: Size) -> None:
        # Textual lays a screen out again whenever it gets a Resize, and a pushed screen gets one from its
        # own first layout, at the size it was just laid out at: that second layout (and one of the screen
        # under it) were two of the six layouts from 登录 to the drawn home page. A real new size still counts.
        if laid_out_at(self) == size:
            return
        super()._screen_resized(size)

    def compose(self) -> ComposeResult:
        yield AppHeader(self.SUBTITLE)
        yield from self.compose_body()
        yield KeysFooter()

    def compose_body(self) -> ComposeResult:
        yield from ()

    def on_mount(self) -> None:
        # Any screen but the first is drawn with the hall's stylesheet (loaded after the first frame;
        # this only makes sure of it).
        if self.app.screen_stack and self.app.screen_stack[0] is not self:
            self.app.load_hall_css()

    @property
    def client(self) -> GjjClient:
        return self.app.client

    # --- loading panels, and the one place failures end up ---------------------------------------

    def load_panel(
        self,
        panels: Widget | Sequence[Widget],
        fill: Callable[[], Awaitable[object]],
        *,
        group: str,
        said: Callable[[str], None] | None = None,
    ) -> Worker[None]:
        """Fill ``panels`` with ``fill()`` in a worker of ``group`` (a new load of a group replaces the old).

        While it runs the panels show the loading indicator; if it fails they are replaced in place by
        加载失败：… 按 R 重试 (or ``said`` is told what happened), and R (``action_retry``) runs the
        same load again.
        """

        from .loads import Load, as_panels  # not before the first frame: the login screen loads no panel

        def again() -> None:
            if self.is_attached:
                self.load_panel(panels, fill, group=group, said=said)

        load = Load(as_panels(panels), again, said)
        previous = self.failed_loads.pop(group, None)
        if previous is not None:
            previous.clear()
            self.refresh_bindings()
        load.set_loading(True)

        async def run() -> None:
            try:
                await fill()
            finally:
                load.set_loading(False)

        worker: Worker[None] = self.run_worker(run(), group=group, exclusive=True, exit_on_error=False)
        self._load_of[worker] = (group, load)
        return worker

    def action_retry(self) -> None:
        """R: load again every panel whose load failed (and nothing else)."""
        for load in list(self.failed_loads.values()):
            load.start()

    @on(Worker.StateChanged)
    def _worker_changed(self, event: Worker.StateChanged) -> None:
        if event.state not in (WorkerState.SUCCESS, WorkerState.ERROR, WorkerState.CANCELLED):
            return
        group_load = self._load_of.pop(event.worker, None)
        if event.state == WorkerState.ERROR and event.worker.error is not None:
            self.failed(event.worker.error, group_load)

    def failed(self, error: BaseException, group_load: tuple[str, Load] | None = None) -> None:
        """Where every failure nobody handled ends up: a panel's load says it in place; an ended session
        opens the re-login dialog (the load runs again after it); anything else is told in a notice.
        A bug (not a failure of the service or the network) is not hidden."""
        from .loads import describe, is_failure

        if not is_failure(error):
            raise error
        if group_load is not None:
            group, load = group_load
            self.failed_loads[group] = load
            load.fail(describe(error))
            self.refresh_bindings()
        if isinstance(error, SessionExpired):
            self.app.session_expired(error.message, retry=group_load[1].start if group_load else None)
        elif group_load is None:
            self.app.bell()
            self.notify(describe(error), title=_("操作未完成"), severity="error", timeout=8)


def shown(widget: Widget) -> bool:
    """Whether ``widget`` is displayed: it and every container around it."""
    return widget.display and all(node.display for node in widget.ancestors if isinstance(node, Widget))
