"""What a screen does when a call fails: the one place that turns any failure into words, and shows a
panel's load failure in place of the panel (加载失败：… 按 R 重试) until R loads it again.

Kept light (no httpx, no pydantic): a screen's first panel load or failure imports it, and the hall's
screens at once (not the login screen's first frame). httpx errors are recognised by their module, so
nothing heavy is imported to name them.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from rich.text import Text
from textual.widget import Widget
from textual.widgets import Input, Static

from api_client.errors import GjjError
from api_client.i18n import N_, _

# What a submission whose answer never came says: the server may have done it (a message: shown with _()).
MAYBE_SUBMITTED = N_("可能已提交，请在【我发起的】查看")


def is_httpx_error(error: BaseException) -> bool:
    return type(error).__module__.split(".")[0] in ("httpx", "httpcore", "h11")


def is_failure(error: BaseException) -> bool:
    """A failure of the service or the network (shown to the member), as opposed to a bug in gjj."""
    return isinstance(error, (GjjError, OSError, TimeoutError)) or is_httpx_error(error)


def answer_lost(error: BaseException) -> bool:
    """The request was sent and its answer never came (the client's ``ConnectionLost``): the server may
    have done what was asked. Any other failure was raised before the server acted, or by the server."""
    return getattr(error, "code", None) == "CONNECTION_LOST"


# Why the outcome of a request that went out is not known, by the client's error code: the server may
# have done what was asked (a submission, an SMS sent) although no answer that says so came back.
UNKNOWN_OUTCOMES = {
    "CONNECTION_LOST": N_("提交后连接中断，未收到结果"),
    "ANSWER_UNREADABLE": N_("提交后服务器的应答不完整，无法确认结果"),
    "TIMED_OUT": N_("提交后服务器未在规定时间内应答"),
}


def outcome_unknown(error: BaseException) -> str | None:
    """Why the server may have done what was asked although the call failed (in Chinese), or None when
    it certainly did not (no connection; the server refused or failed and said so)."""
    why = UNKNOWN_OUTCOMES.get(str(getattr(error, "code", "")))
    return None if why is None else _(why)


def describe(error: BaseException) -> str:
    """What happened, in the language in use (the server's own words for its refusals), fit for a panel or
    a banner: no closing full stop, the panel's sentence adds its own."""
    if isinstance(error, GjjError):
        return error.message.rstrip("。.")  # i18n: data (the server's closing full stop, either language)
    if isinstance(error, TimeoutError):
        return _("服务器响应超时")
    if is_httpx_error(error) or isinstance(error, OSError):
        return _("与服务器的连接中断")
    return _("发生了意外错误")


class LoadFailure(Static, can_focus=True):
    """加载失败：<what happened> 按 R 重试, standing where the panel that failed to load would be.

    It takes the focus the hidden panel had (or that went to a field that would type the R)."""

    DEFAULT_CSS = """
    LoadFailure { height: auto; color: $error; padding: 1 2; }
    LoadFailure:focus { text-style: bold; }
    """

    def __init__(self, message: str) -> None:
        super().__init__(self.text(message), markup=False, classes="load-failure")

    @staticmethod
    def text(message: str) -> str:
        return _("加载失败：{reason}。按 R 重试").format(reason=message)

    def say(self, message: str) -> None:
        self.update(self.text(message))


@dataclass
class Load:
    """A panel's load: the widgets it fills and how to start it again."""

    panels: tuple[Widget, ...]
    start: Callable[[], object]
    said: Callable[[str], None] | None = None  # where the failure is said instead (a table's rows)
    notes: list[LoadFailure] = field(default_factory=list)
    shown_before: list[bool] = field(default_factory=list)
    had_focus: bool = False  # a panel had the focus when its load began (loading moves it away)

    def holds_focus(self) -> bool:
        attached = [panel for panel in self.panels if panel.is_attached]
        if not attached:
            return False
        focused = attached[0].screen.focused
        return focused is None or any(focused is panel or panel in focused.ancestors for panel in attached)

    def set_loading(self, loading: bool) -> None:
        if loading:
            self.had_focus = self.holds_focus()
        for panel in self.panels:
            if panel.is_attached:
                panel.loading = loading

    def fail(self, message: str) -> None:
        """Say why in place of the panels: a text panel says it inside its own frame, anything else
        (a table, a group of widgets) is hidden behind a note. No empty box, no stale rows."""
        if self.said is not None:
            self.said(message)
        if not self.shown_before:
            self.shown_before = [panel.display for panel in self.panels]
        attached = [panel for panel in self.panels if panel.is_attached and panel.parent is not None]
        if not attached:
            return
        first = attached[0]
        # The note takes the focus from the panel, and from a field where R would be typed, not obeyed.
        take_focus = self.had_focus or self.holds_focus() or isinstance(first.screen.focused, Input)
        if isinstance(first, Static):
            first.update(Text(LoadFailure.text(message)))
            first.add_class("-load-failed")
            first.display = True
        elif self.notes and self.notes[0].is_attached:
            self.notes[0].say(message)
        elif isinstance(first.parent, Widget):
            self.notes = [LoadFailure(message)]
            first.parent.mount(self.notes[0], before=first)
        if take_focus and self.notes:
            self.notes[0].focus()
        for panel in attached:
            if panel is not first or not isinstance(first, Static):
                panel.display = False

    def clear(self) -> None:
        for note in self.notes:
            if note.is_attached:
                note.remove()
        self.notes = []
        for panel, shown in zip(self.panels, self.shown_before):
            if panel.is_attached:
                panel.display = shown
                panel.remove_class("-load-failed")
        self.shown_before = []


def as_panels(panels: Widget | Sequence[Widget]) -> tuple[Widget, ...]:
    return (panels,) if isinstance(panels, Widget) else tuple(panels)
