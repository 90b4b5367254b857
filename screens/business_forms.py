"""Small pieces the business forms share: finding a control's field, reporting a server error at the
field it names, the list of reasons a member may not do something, and the buttons that leave a form."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widget import Widget
from textual.widgets import Button, Static

from api_client.errors import ApiError, GjjError
from api_client.i18n import _
from tui.forms import Form
from tui.hall import HallScreen
from tui.loads import MAYBE_SUBMITTED, outcome_unknown


def error_field(exc: GjjError, fields: Mapping[str, str]) -> str | None:
    """The id of the control to blame for ``exc``: the server's ``details.field`` mapped to our ids."""
    if isinstance(exc, ApiError) and exc.field:
        return fields.get(exc.field)
    return None


def reasons_text(title: str, reasons: Sequence[str]) -> str:
    """``title`` and one numbered line per reason, as plain text (no markup: reasons quote 【…】)."""
    lines = [title]
    lines += [f"{index}. {reason}" for index, reason in enumerate(reasons, start=1)]
    return "\n".join(lines)


class Banner(Static):
    """A message that belongs to no single field: shown above the form until the next attempt."""

    DEFAULT_CSS = """
    Banner { height: auto; color: $error; text-style: bold; display: none; }
    Banner.-shown { display: block; }
    """

    def show(self, message: str | None) -> None:
        self.update(message or "")
        self.set_class(bool(message), "-shown")


class BusinessFormScreen(Form, HallScreen):
    """A business form (提取, 贷款申请): the submission's ``Idempotency-Key``, what a failed submission
    says, the outcome panels and the ways out of it, the same on every one."""

    def __init__(self) -> None:
        super().__init__()
        self.idempotency_key: str | None = None
        self.outcome_unknown = False  # the last submission was sent and its answer lost

    def submission_key(self) -> str:
        """The key of this submission: the same for every retry until the form changes."""
        if self.idempotency_key is None:
            from api_client.client import new_idempotency_key

            self.idempotency_key = new_idempotency_key()
        return self.idempotency_key

    def form_changed(self) -> None:
        """A changed form is a new submission, unless the last one's answer was lost: then the same key
        lets the server tell (the same application again, or a refusal naming the one it made)."""
        if not self.outcome_unknown:
            self.idempotency_key = None

    def submission_failed(self, exc: GjjError, retry: Widget) -> None:
        """A submission failed as a whole (no field to blame): say what happened and that a retry is safe;
        everything typed stays, and ``retry`` (the submit button) has the focus."""
        why = outcome_unknown(exc)
        if why is not None:
            # Lost, cut off or late: the server may have made it. The key stays, even if the form is
            # changed, so the server can tell instead of making a second one.
            self.outcome_unknown = True
            text = _("{maybe}（{why}）。如没有，可直接再次提交，不会重复办理。").format(maybe=MAYBE_SUBMITTED, why=why)
        else:
            text = f"提交未完成：{exc.message.rstrip('。')}。可直接再次提交，不会重复办理。"
        self.query_one("#banner", Banner).show(text)
        self.app.bell()
        retry.focus()  # Enter submits again (once the call's finally has enabled it)

    def submission_done(self) -> None:
        self.idempotency_key = None
        self.outcome_unknown = False

    def compose_outcome(self, done_id: str) -> ComposeResult:
        """The submitted page (title, facts, note, 查看我发起的 / 返回首页) and the refusal's 返回首页, hidden."""
        from tui.widgets.info import KeyValues

        with Vertical(id=done_id) as done:
            done.display = False
            yield Static("", id="done-title", classes="result-ok")
            yield KeyValues(id="done-facts", classes="panel")
            yield Static("", id="done-note", classes="page-note", markup=False)
            with Horizontal(classes="actions"):
                yield Button("查看我发起的（F9）", id="open-applications", variant="primary", compact=True)
                yield Button("返回首页", id="back-home", compact=True)
        with Horizontal(classes="actions", id="refused-actions") as refused:
            refused.display = False
            yield Button("返回首页", id="refused-home", compact=True)

    @on(Button.Pressed, "#cancel")
    @on(Button.Pressed, "#back-home")
    @on(Button.Pressed, "#refused-home")
    def _home(self) -> None:
        self.action_back()

    @on(Button.Pressed, "#open-applications")
    def _open_applications(self) -> None:
        # Opening another function removes this screen: leave it to the app, not this screen's handler.
        self.app.call_later(self.app.open_function, "applications")
