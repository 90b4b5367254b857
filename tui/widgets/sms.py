"""The SMS-code field: the code's input and 【获取短信验证码】 with its resend countdown.

The screen decides what asking for a code means (which endpoint, which ticket) and passes it to
``request_code``; the field shows the outcome: the countdown and where the code went, or the refusal.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.message import Message
from textual.timer import Timer
from textual.widgets import Button, Input, Static

from api_client.errors import GjjError, SessionExpired, SmsRateLimited, TicketInvalid
from api_client.i18n import N_, _, ngettext

from ..clock import monotonic
from ..loads import outcome_unknown
from .fields import Field

if TYPE_CHECKING:
    from api_client.models import SmsSent

SEND_LABEL = N_("获取短信验证码")
RESEND_LABEL = N_("重新获取验证码")
MAYBE_SENT_TO = N_("预留手机号码")  # where a code went when the answer to sending it was lost


class SmsCodeField(Field):
    """The input inside has id ``sms_code`` (or ``input_id``)."""

    DEFAULT_CSS = """
    SmsCodeField Input { width: 12; max-width: 12; }
    SmsCodeField .sms-send { margin-left: 2; width: 20; min-width: 20; }
    """

    class SendRequested(Message):
        """The member pressed 【获取短信验证码】 (and may: no countdown is running)."""

        def __init__(self, field: SmsCodeField) -> None:
            super().__init__()
            self.field = field

        @property
        def control(self) -> SmsCodeField:
            return self.field

    def __init__(
        self,
        label: str = N_("短信验证码"),
        *,
        label_width: int | None = None,
        input_id: str = "sms_code",
        button_id: str | None = None,
    ) -> None:
        control = Input(placeholder=_("6 位数字"), id=input_id, max_length=6, restrict=r"[0-9]*", compact=True)
        super().__init__(label, control, label_width=label_width)
        self.button_id = button_id
        self._deadline: float | None = None
        self._timer: Timer | None = None
        self.sent_to: str | None = None

    def compose(self) -> ComposeResult:
        with Horizontal():
            yield Static(_(self.label_text), classes="field-label")
            yield self.control
            yield Button(_(SEND_LABEL), id=self.button_id, classes="sms-send", compact=True)
        yield Static("", classes="field-error")
        yield Static("", classes="field-hint")

    def on_mount(self) -> None:
        super().on_mount()
        if self.label_width:
            self.query_one(".field-hint").styles.padding = (0, 0, 0, self.label_width)

    @property
    def button(self) -> Button:
        return self.query_one(".sms-send", Button)

    @property
    def counting_down(self) -> bool:
        return self._deadline is not None

    @on(Button.Pressed, ".sms-send")
    def _pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if not self.counting_down and not self.button.disabled:
            self.post_message(self.SendRequested(self))

    # --- what the screen reports --------------------------------------------------------------

    def focus_next_step(self) -> None:
        """【获取短信验证码】 while no code has been sent and it may be asked for; the code's input otherwise."""
        if self.sent_to is None and not self.button.disabled:
            self.button.focus()
        else:
            self.control.focus()

    def sending(self) -> None:
        self.set_error(None)
        self.button.disabled = True  # which takes the focus from it: the code is what comes next
        self.button.label = _("正在发送…")
        self.control.focus()

    def sent(self, phone_masked: str, resend_after: int, expires_in: int) -> None:
        self.sent_to = phone_masked
        minutes = max(1, expires_in // 60)
        said = ngettext(
            "验证码已发送至 {phone}，{minutes} 分钟内有效", "验证码已发送至 {phone}，{minutes} 分钟内有效", minutes
        )
        self.set_hint(said.format(phone=phone_masked, minutes=minutes))
        self.start_countdown(resend_after)
        self.control.focus()

    def refused(self, message: str, *, retry_after: int | None = None) -> None:
        self.set_error(message)
        self.app.bell()
        if retry_after and retry_after <= 120:
            self.start_countdown(retry_after)
        else:
            self._ready()
        self.focus_next_step()

    def maybe_sent(self, message: str) -> None:
        """The request went out and no answer came back that says what happened: the code may be on its
        way. The member may type it when it comes (it is no longer asked for first), or ask again."""
        self.sent_to = self.sent_to or MAYBE_SENT_TO
        self.set_error(message)
        self.set_hint(_("验证码可能已经发出：收到后请直接输入；没有收到，可重新获取"))
        self.app.bell()
        self._ready()
        self.control.focus()

    def set_hint(self, text: str) -> None:
        self.query_one(".field-hint", Static).update(text)

    # --- the countdown --------------------------------------------------------------------------

    def start_countdown(self, seconds: int) -> None:
        self._deadline = monotonic(self) + seconds
        if self._timer is None:
            self._timer = self.set_interval(0.25, self._tick)
        self._tick()

    def _tick(self) -> None:
        if self._deadline is None:
            return
        left = int(self._deadline - monotonic(self) + 0.999)
        if left <= 0:
            self._deadline = None
            self._ready()
            return
        self.button.disabled = True
        self.button.label = ngettext("重新获取（{seconds} 秒）", "重新获取（{seconds} 秒）", left).format(seconds=left)

    def _ready(self) -> None:
        self._deadline = None
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        self.button.disabled = False
        self.button.label = _(RESEND_LABEL if self.sent_to else SEND_LABEL)

    def end_countdown(self) -> None:
        """Stop waiting now (the flow started over, or the wait is known to be over)."""
        self._ready()


async def request_code(
    field: SmsCodeField, call: Callable[[], Awaitable[SmsSent]], *, passthrough: tuple[type[GjjError], ...] = ()
) -> bool:
    """Ask for a code through ``call`` and show the outcome at ``field``; False when refused.

    An invalid ticket, an ended session and the errors in ``passthrough`` are the screen's business: the
    field resets and they propagate.
    """
    stop: tuple[type[GjjError], ...] = (TicketInvalid, SessionExpired, *passthrough)
    field.sending()
    try:
        sent = await call()
    except SmsRateLimited as exc:
        retry = exc.details.get("retry_after_seconds")
        field.refused(exc.message, retry_after=retry if isinstance(retry, int) else None)
        return False
    except stop:
        field.end_countdown()
        raise
    except GjjError as exc:
        if outcome_unknown(exc) is not None:
            field.maybe_sent(exc.message)
        else:
            field.refused(exc.message)
        return False
    field.sent(sent.phone_masked, sent.resend_after, sent.expires_in)
    return True
