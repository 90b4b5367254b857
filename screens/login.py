"""个人用户登录: ID number or phone, password, captcha.

Drawn before anything heavy is imported; the client and the captcha load right after the first frame.
Errors appear at the field that caused them and nothing typed is lost (the captcha, spent by every
attempt, is the one field that is cleared, with a fresh picture).
"""

from __future__ import annotations

import asyncio

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Checkbox, Input, Static

from api_client.errors import AccountLocked, GjjError
from api_client.i18n import N_, _
from tui.forms import Form, captcha_problem, next_empty
from tui.frame import FramedScreen
from tui.widgets.captcha import CaptchaView
from tui.widgets.fields import Field


class LoginScreen(Form, FramedScreen):
    SUBTITLE = N_("个人用户登录")
    BANNER_ID = "login-banner"
    BINDINGS = [
        Binding("f5", "new_captcha", N_("换验证码"), id="login.captcha", tooltip=N_("换一张验证码图片")),
        Binding("f2", "register", N_("注册"), id="login.register", tooltip=N_("首次使用：注册网上服务大厅")),
        Binding(
            "f3",
            "forgot_password",
            N_("忘记密码"),
            id="login.forgot",
            tooltip=N_("忘记登录密码：验证身份后设置新密码"),
        ),
        Binding(
            "enter",
            "submit",
            N_("登录"),
            id="login.submit",
            show=False,
            tooltip=N_("到下一个未填的输入框；都填好后登录"),
        ),
    ]

    def __init__(self, notice: str | None = None) -> None:
        super().__init__()
        self.notice = notice  # shown once, calmly: "您已安全退出", "登录已超时…"
        self.captcha_id: str | None = None

    def compose_body(self) -> ComposeResult:
        with Vertical(id="login-box") as box:
            box.border_title = _(self.SUBTITLE)
            banner = Static(self.notice or "", id="login-banner", classes="banner -notice")
            banner.display = bool(self.notice)
            yield banner
            with Horizontal(id="login-columns"):
                with Vertical(id="login-fields"):
                    yield Field(
                        _("证件号码/手机号"),
                        Input(placeholder=_("18 位证件号码或 11 位手机号"), id="username", max_length=18, compact=True),
                        stacked=True,
                    )
                    yield Field(
                        _("登录密码"),
                        Input(
                            placeholder=_("8–20 位字母和数字"),
                            password=True,
                            id="password",
                            max_length=20,
                            compact=True,
                        ),
                        stacked=True,
                    )
                    yield Field(
                        _("验证码（见右图，不区分大小写）"),
                        Input(
                            placeholder=_("4 位"), id="captcha", max_length=4, restrict=r"[0-9A-Za-z]*", compact=True
                        ),
                        stacked=True,
                    )
                    with Horizontal(id="login-remember"):
                        # enabled once the keyring has been looked for (after the first frame)
                        yield Checkbox(_("记住登录"), id="remember", compact=True, disabled=True)
                        yield Static("", id="remember-why")
                    with Horizontal(id="login-buttons"):
                        yield Button(_("登录"), id="login", variant="primary", compact=True)
                        yield Button(_("注册"), id="register", compact=True)
                        yield Button(_("忘记密码"), id="forgot", compact=True)
                yield CaptchaView(id="captcha-view")
            if self.app.demo:
                yield Static(
                    _("演示账号：{phone} 或 {id_number}，密码 {password}").format(
                        phone="13800000001", id_number="110105198503120039", password="demo1234"
                    ),
                    id="demo-hint",
                )

    def on_mount(self) -> None:
        self.query_one("#username", Input).focus()
        self.call_after_refresh(self._after_first_frame)

    def reset(self, notice: str | None = None) -> None:
        """Wipe the form after a session ends: nothing the last user typed stays on the screen."""
        with self.prevent(Input.Changed):
            for input_id in ("username", "password", "captcha"):
                self.query_one(f"#{input_id}", Input).value = ""
                self.field(input_id).set_error(None)
        banner = self.query_one("#login-banner", Static)
        banner.set_class(True, "-notice")
        banner.update(notice or "")
        banner.display = bool(notice)
        self.query_one("#username", Input).focus()
        self.load_captcha()

    def returned(self, *, username: str | None = None, notice: str | None = None) -> None:
        """Back from 注册 or 忘记密码: with the username they used and the password still to type, or, when
        they gave up, with what was typed before; a fresh captcha either way."""
        with self.prevent(Input.Changed):
            if username:
                self.query_one("#username", Input).value = username
                self.query_one("#password", Input).value = ""
            self.query_one("#captcha", Input).value = ""
            for input_id in ("username", "password", "captcha"):
                self.field(input_id).set_error(None)
        banner = self.query_one("#login-banner", Static)
        banner.set_class(True, "-notice")
        banner.update(notice or "")
        banner.display = bool(notice)
        self.query_one("#password" if username else "#username", Input).focus()
        self.load_captcha()  # the old picture has most likely expired meanwhile

    # --- 注册 and 忘记密码: their screens load only when asked for ----------------------------------

    def action_register(self) -> None:
        from screens.agreement import RegistrationAgreementScreen

        self.app.push_screen(RegistrationAgreementScreen())

    def action_forgot_password(self) -> None:
        from screens.password_reset import PasswordResetScreen

        self.app.push_screen(PasswordResetScreen())

    @on(Button.Pressed, "#register")
    def _register_pressed(self) -> None:
        self.action_register()

    @on(Button.Pressed, "#forgot")
    def _forgot_pressed(self) -> None:
        self.action_forgot_password()

    def _after_first_frame(self) -> None:
        self.app.first_frame()
        if self.app.is_running and not self.app.startup_probe:
            self.load_captcha()
            self.offer_remember()

    def offer_remember(self) -> None:
        """记住登录: offered where the keyring can keep it, greyed out with the reason where not, absent in
        kiosk mode."""
        row = self.query_one("#login-remember")
        if self.app.config.kiosk:
            row.display = False
            return
        why = self.app.remembered_login().unavailable
        remember = self.query_one("#remember", Checkbox)
        remember.disabled = why is not None
        remember.tooltip = (
            _("无法记住登录：{why}").format(why=why)
            if why
            else _("在系统钥匙串中保存登录状态，下次启动直接进入首页；退出登录即删除")
        )
        self.query_one("#remember-why", Static).update(_("（{why}）").format(why=why) if why else "")

    # --- captcha -------------------------------------------------------------------------------

    # --- submit --------------------------------------------------------------------------------

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        fields = [self.query_one(f"#{name}", Input) for name in ("username", "password", "captcha")]
        following = next_empty(fields, event.input)
        if following is not None:
            following.focus()
        else:
            self.action_submit()

    @on(Button.Pressed, "#login")
    def _login_pressed(self) -> None:
        self.action_submit()

    @on(Input.Changed)
    def _edited(self, event: Input.Changed) -> None:
        if event.input.id in ("username", "password", "captcha"):
            self.field(event.input.id).set_error(None)

    def validate(self) -> bool:
        from api_client.domain.idcard import validate_login_name  # not needed to draw the form

        username = self.query_one("#username", Input).value
        password = self.query_one("#password", Input).value
        code = self.query_one("#captcha", Input).value.strip()
        problems = {
            "username": validate_login_name(username),
            "password": None if password else _("请输入登录密码"),
            "captcha": captcha_problem(code, self.captcha_id),
        }
        return self.refuse(problems)

    def action_submit(self) -> None:
        notice = self.query_one("#login-banner", Static).has_class("-notice")
        if not notice:
            self.show_banner(None)  # the last attempt's error goes at once
        if not self.validate():
            self.show_banner(None)
        else:
            # A notice (已退出登录, 注册成功…) stays while the login is on its way: clearing it now would lay the
            # form out and draw it again while the password is being checked. The home page covers it; a
            # refusal replaces it (login_failed).
            self.submit_login(
                self.query_one("#username", Input).value,
                self.query_one("#password", Input).value,
                self.query_one("#captcha", Input).value,
            )

    @work(exclusive=True, group="login", exit_on_error=False)
    async def submit_login(self, username: str, password: str, code: str) -> None:
        captcha_id, self.captcha_id = self.captcha_id, None
        with self.busy(_("正在登录…"), "login"):  # busy until the home page is on: 登录 cannot be pressed twice
            login = asyncio.ensure_future(self.app.client.login(username, password, captcha_id or "", code))
            self.app.prepare_home()  # while the server checks the password: the page is ready when it answers
            try:
                await login
            except GjjError as exc:
                self.login_failed(exc)
                return
            remember = self.query_one("#remember", Checkbox)
            if remember.value and not remember.disabled:
                self.app.remembered_login().remember()
            await self.app.start_session(username)

    def login_failed(self, exc: GjjError) -> None:
        field = getattr(exc, "field", None)
        target = {"username": "username", "password": "password", "captcha_code": "captcha"}.get(field or "")
        # Every attempt spends the captcha: it is the one field cleared, with a new picture.
        with self.prevent(Input.Changed):
            self.query_one("#captcha", Input).value = ""
        if target:
            self.show_banner(None)  # a notice left from before the attempt
            self.field(target).set_error(exc.message)
        else:
            self.show_banner(exc.message)
        # Where to go on: the way out the message names (【忘记密码】 lifts a lock), else the field at
        # fault, else the captcha (spent, to be typed again). The server never says whether someone is
        # registered (the same answer as a wrong password), so there is no 【注册】 hint to give here.
        if isinstance(exc, AccountLocked):
            self.query_one("#forgot", Button).focus()
        else:
            self.query_one(f"#{target or 'captcha'}", Input).focus()
        self.app.bell()
        self.load_captcha()
