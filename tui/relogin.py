"""``ReloginDialog``: the session ended mid-use (the server refused to refresh it); the member types the
password and a captcha over the screen they were on, and goes on where they were.

The username is the one signed in (not editable: this is not a way to change member). Esc or 【退出】
ends the session as before: back to the login screen, everything wiped.
"""

from __future__ import annotations

from typing import Any

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Static

from api_client.domain.masking import mask_login_name
from api_client.errors import CaptchaInvalid, GjjError
from api_client.i18n import N_, _

from .forms import Form, captcha_problem, next_empty
from .widgets.captcha import CaptchaView
from .widgets.fields import Field


class ReloginDialog(Form, ModalScreen[bool]):
    """Dismissed with True once signed in again, False when the member chose to leave."""

    BANNER_ID = "relogin-banner"

    BINDINGS = [
        Binding("escape", "leave", N_("退出"), id="relogin.leave", tooltip=N_("不再登录：回到登录页")),
        Binding("f5", "new_captcha", N_("换验证码"), id="relogin.captcha", tooltip=N_("换一张验证码图片")),
    ]

    def __init__(self, username: str, reason: str) -> None:
        super().__init__()
        self.username = username
        self.reason = reason
        self.captcha_id: str | None = None

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog relogin-dialog") as box:
            box.border_title = _("登录已失效")
            yield Static(
                _("{reason}。\n输入登录密码和验证码即可继续，本页和已填写的内容都会保留。").format(
                    reason=self.reason.rstrip("。.")  # i18n: data (the server's full stop)
                ),
                classes="dialog-question",
                markup=False,
            )
            yield Static(_("登录账号：{name}").format(name=mask_login_name(self.username)), id="relogin-user")
            yield Static("", id="relogin-banner", classes="banner")
            with Horizontal(id="relogin-columns"):
                with Vertical(id="relogin-fields"):
                    yield Field(_("登录密码"), Input(password=True, id="relogin-password", max_length=20, compact=True))
                    yield Field(
                        _("验证码"),
                        Input(id="relogin-captcha", max_length=4, restrict=r"[0-9A-Za-z]*", compact=True),
                    )
                yield CaptchaView(id="relogin-captcha-view")
            with Horizontal(classes="dialog-buttons"):
                yield Button(_("登录"), id="relogin-submit", variant="primary", compact=True)
                yield Button(_("退出"), id="relogin-leave", compact=True)

    def on_mount(self) -> None:
        self.query_one("#relogin-banner").display = False
        self.query_one("#relogin-password", Input).focus()
        self.load_captcha()

    def action_leave(self) -> None:
        self.dismiss(False)

    @on(Button.Pressed, "#relogin-leave")
    def _leave_pressed(self) -> None:
        self.dismiss(False)

    @on(Button.Pressed, "#relogin-submit")
    def _submit_pressed(self) -> None:
        self.submit()

    @on(Input.Submitted)
    def _entered(self, event: Input.Submitted) -> None:
        event.stop()
        inputs = [self.query_one("#relogin-password", Input), self.query_one("#relogin-captcha", Input)]
        following = next_empty(inputs, event.input)
        if following is not None:
            following.focus()
        else:
            self.submit()

    @on(Input.Changed)
    def _edited(self, event: Input.Changed) -> None:
        if event.input.id:
            self.field(event.input.id).set_error(None)

    def submit(self) -> None:
        password = self.query_one("#relogin-password", Input).value
        code = self.query_one("#relogin-captcha", Input).value.strip()
        problems = {
            "relogin-password": None if password else _("请输入登录密码"),
            "relogin-captcha": captcha_problem(code, self.captcha_id),
        }
        if self.refuse(problems):
            self.show_banner(None)
            self.sign_in(password, code)

    @work(exclusive=True, group="relogin", exit_on_error=False)
    async def sign_in(self, password: str, code: str) -> None:
        client: Any = self.app.client  # type: ignore[attr-defined]
        captcha_id, self.captcha_id = self.captcha_id, None
        with self.busy(None, "relogin-submit"):
            try:
                await client.login(self.username, password, captcha_id or "", code)
            except GjjError as exc:
                with self.prevent(Input.Changed):
                    self.query_one("#relogin-captcha", Input).value = ""  # every attempt spends the captcha
                target = "relogin-captcha" if isinstance(exc, CaptchaInvalid) else "relogin-password"
                if getattr(exc, "field", None) in ("password", "captcha_code") or isinstance(exc, CaptchaInvalid):
                    self.field(target).set_error(exc.message)
                else:
                    self.show_banner(exc.message)
                self.query_one(f"#{target}", Input).focus()
                self.app.bell()
                self.load_captcha()
                return
        self.dismiss(True)
