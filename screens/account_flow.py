"""The four steps shared by 注册 and 忘记密码: 信息校验 → 短信校验 → 设置密码 → 完成.

``IdentityFlowScreen`` holds the steps, the checks made before any request, and what each refusal
looks like; ``RegistrationScreen`` and ``PasswordResetScreen`` say which endpoints, words and extra
fields their flow has. A refusal is shown at the field that caused it, or, for what concerns the
person rather than one field (not in the records, 销户, already registered), in the form's message line
with the fields marked; nothing typed is cleared except the spent captcha. A ticket that has expired
sends the member back to 信息校验 with what they typed still there.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, ContentSwitcher, Input, Static

from api_client import errors
from api_client.domain.idcard import IdNumberError, looks_like_phone, parse_id_number
from api_client.domain.masking import mask_id_number, mask_name
from api_client.domain.passwords import Rule, login_password_error, login_password_rules
from api_client.i18n import _
from tui.forms import StepFlow, captcha_problem, next_empty
from tui.frame import shown
from tui.guest import GuestScreen
from tui.widgets.captcha import CaptchaView
from tui.widgets.fields import Field
from tui.widgets.info import KeyValues
from tui.widgets.rules import RuleChecklist
from tui.widgets.sms import SmsCodeField, request_code
from tui.widgets.steps import StepBar

if TYPE_CHECKING:
    from api_client.models import FlowCompleted, IdentityVerified, Ok, SmsSent

LABEL_WIDTH = 12
STEP_IDS = ("step-identity", "step-sms", "step-password", "step-done")
# Server field names → the inputs of this screen.
FIELD_INPUTS = {
    "name": "name",
    "id_number": "id_number",
    "phone": "phone",
    "captcha_code": "captcha",
    "sms_code": "sms_code",
    "password": "password",
    "new_password": "password",
}
# Refusals about the person, not about one field: shown in the message line, both identity fields marked.
PERSON_ERRORS = (errors.IdentityMismatch, errors.AccountClosed, errors.AlreadyRegistered, errors.NotRegistered)


class IdentityFlowScreen(StepFlow, GuestScreen):
    STEPS: ClassVar[tuple[str, str, str, str]] = ("信息校验", "短信校验", "设置密码", "完成")
    STEP_IDS = STEP_IDS
    BUTTONS: ClassVar[tuple[str, str, str, str]] = ("信息验证", "下一步", "提交", "登录")
    IDENTITY_LEAD = "请填写在公积金中心登记的姓名和证件号码。"
    IDENTITY_NOTE = ""
    PASSWORD_LEAD = "验证通过！请设置登录密码。"
    PASSWORD_LABEL = "登录密码"
    DONE_NOTE = "按 Enter 返回登录页，证件号码已为您填好。"
    DONE_NOTICE = ""
    FLOW_NAME = ""  # 注册 / 找回密码

    def __init__(self) -> None:
        super().__init__()
        self.ticket: str | None = None
        self.phone_masked = ""  # the phone on record, as the identity step answered
        self.asks_phone = False

    # --- layout ---------------------------------------------------------------------------------

    def compose_body(self) -> ComposeResult:
        # The form scrolls when it must (a focused field is scrolled into view), but is no Tab stop itself.
        with VerticalScroll(classes="flow-body", can_focus=False):
            yield StepBar(self.STEPS, id="steps")
            with Vertical(id="flow-box", classes="flow-box") as box:
                box.border_title = self.STEPS[0]
                with ContentSwitcher(initial=STEP_IDS[0], id="flow-steps"):
                    with Vertical(id="step-identity", classes="flow-step"):
                        yield Static(self.IDENTITY_LEAD, classes="flow-lead")
                        with Horizontal(id="identity-columns"):
                            with Vertical(id="identity-fields"):
                                yield from self.identity_fields()
                            yield CaptchaView(id="flow-captcha")
                        if self.IDENTITY_NOTE:
                            yield Static(self.IDENTITY_NOTE, classes="flow-note")
                    with Vertical(id="step-sms", classes="flow-step"):
                        yield Static("", id="sms-lead", classes="flow-lead")
                        yield SmsCodeField(label_width=LABEL_WIDTH)
                    with Vertical(id="step-password", classes="flow-step"):
                        yield Static(self.PASSWORD_LEAD, classes="flow-lead -ok")
                        yield Field(
                            self.PASSWORD_LABEL,
                            Input(
                                placeholder="8–20 位字母和数字",
                                password=True,
                                id="password",
                                max_length=20,
                                compact=True,
                            ),
                            label_width=LABEL_WIDTH,
                        )
                        yield Field(
                            "确认密码",
                            Input(placeholder="再输入一次", password=True, id="confirm", max_length=20, compact=True),
                            label_width=LABEL_WIDTH,
                        )
                        yield RuleChecklist(id="rules")
                    with Vertical(id="step-done", classes="flow-step"):
                        yield Static("", id="done-title", classes="flow-lead -ok")
                        yield KeyValues(id="done-who")
                        yield Static(self.DONE_NOTE, id="done-note")
                yield Static("", id="flow-banner", classes="banner")
                with Horizontal(classes="flow-buttons"):
                    yield Button(self.BUTTONS[0], id="next", variant="primary", compact=True)
                    yield Button("", id="side", compact=True)

    def identity_fields(self) -> ComposeResult:
        yield Field(
            "姓名", Input(placeholder="与证件上的一致", id="name", max_length=30, compact=True), label_width=LABEL_WIDTH
        )
        yield Field(
            "证件号码",
            Input(placeholder="18 位居民身份证号码", id="id_number", max_length=18, restrict=r"[0-9Xx]*", compact=True),
            label_width=LABEL_WIDTH,
        )
        phone = Field(
            "手机号码",
            Input(placeholder="在中心预留的手机号码", id="phone", max_length=11, restrict=r"[0-9]*", compact=True),
            label_width=LABEL_WIDTH,
        )
        phone.display = False
        yield phone
        yield Field(
            "验证码",
            Input(placeholder="见右图，4 位", id="captcha", max_length=4, restrict=r"[0-9A-Za-z]*", compact=True),
            label_width=LABEL_WIDTH,
        )

    def on_mount(self) -> None:
        self.query_one("#side", Button).display = False
        self.update_rules()
        self.query_one("#name", Input).focus()
        self.prepare()

    def prepare(self) -> None:
        """What the identity step needs from the server before it can be submitted."""
        self.load_captcha()

    # --- small helpers --------------------------------------------------------------------------

    @property
    def sms_field(self) -> SmsCodeField:
        return self.query_one(SmsCodeField)

    def step_inputs(self) -> list[Input]:
        step = self.query_one(f"#{STEP_IDS[self.step]}")
        return [field for field in step.query(Input) if shown(field)]

    def entered(self, step: int) -> None:
        self.show_side(None)
        inputs = self.step_inputs()
        if step == 1 and not self.sms_field.sent_to and not self.sms_field.counting_down:
            self.sms_field.button.focus()  # Enter sends the code; the input is focused once it is sent
        elif inputs:
            inputs[0].focus()
        else:
            self.query_one("#next", Button).focus()
        self.refresh_bindings()

    def focus_after_refusal(self, input_id: str | None = None) -> None:
        """Where the member goes on after a refusal: the way out offered (【直接登录】, 【去注册】), else the
        field at fault, else the first field of the step."""
        side = self.query_one("#side", Button)
        if side.display:
            side.focus()
            return
        if input_id and shown(self.query_one(f"#{input_id}")):
            self.query_one(f"#{input_id}", Input).focus()
            return
        inputs = self.step_inputs()
        (inputs[0] if inputs else self.query_one("#next", Button)).focus()

    def mark_identity(self, invalid: bool) -> None:
        for input_id in ("name", "id_number", "phone"):
            self.query_one(f"#{input_id}", Input).set_class(invalid, "-invalid")

    # --- typing ---------------------------------------------------------------------------------

    @on(Input.Changed)
    def _edited(self, event: Input.Changed) -> None:
        input_id = event.input.id or ""
        if input_id in ("name", "id_number", "phone"):
            self.mark_identity(False)
            self.show_banner(None)
            self.show_side(None)
        if input_id in ("password", "confirm"):
            self.update_rules()
        if input_id in FIELD_INPUTS.values() or input_id == "confirm":
            self.field(input_id).set_error(None)

    def update_rules(self) -> None:
        password, confirm = self.value("password"), self.value("confirm")
        rules = [*login_password_rules(password), Rule("两次输入一致", bool(password) and password == confirm)]
        self.query_one("#rules", RuleChecklist).show(rules, typed=bool(password))

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        following = next_empty(self.step_inputs(), event.input)
        if following is not None:
            following.focus()
            return
        self.submit()

    @on(Button.Pressed, "#next")
    def _next_pressed(self) -> None:
        self.submit()

    @on(Button.Pressed, "#side")
    def _side_pressed(self) -> None:
        self.side_action()

    def side_action(self) -> None:
        """The second button, shown after some refusals (去登录, 去注册)."""

    def submit(self) -> None:
        if self.query_one("#next", Button).disabled:
            return  # already on its way: a second Enter must not send it twice
        self.show_banner(None)
        [self.submit_identity, self.submit_sms, self.submit_password, self.submit_done][self.step]()

    # --- step 1: 信息校验 -------------------------------------------------------------------------

    def submit_identity(self) -> None:
        name, number, phone, code = (self.value(i).strip() for i in ("name", "id_number", "phone", "captcha"))
        try:
            parse_id_number(number)
            id_problem = None if number else "请输入证件号码"
        except IdNumberError as exc:
            id_problem = exc.message if number else "请输入证件号码"
        problems: dict[str, str | None] = {"name": None if name else "请输入姓名", "id_number": id_problem}
        if self.asks_phone:
            problems["phone"] = (
                None
                if looks_like_phone(phone)
                else "请输入手机号码"
                if not phone
                else "手机号码应为以 1 开头的 11 位数字"
            )
        problems["captcha"] = captcha_problem(code, self.captcha_id)
        if self.refuse(problems):
            self.check_identity(name, number, phone if self.asks_phone else None, code)

    async def call_identity(
        self, name: str, number: str, phone: str | None, captcha_id: str, code: str
    ) -> IdentityVerified:
        raise NotImplementedError

    @work(exclusive=True, group="flow", exit_on_error=False)
    async def check_identity(self, name: str, number: str, phone: str | None, code: str) -> None:
        captcha_id, self.captcha_id = self.captcha_id or "", None
        with self.busy("正在验证…"):
            try:
                verified = await self.call_identity(name, number, phone, captcha_id, code)
            except errors.GjjError as exc:
                self.identity_refused(exc)
                return
            finally:
                # Every attempt spends the captcha: the one field cleared, with a new picture.
                with self.prevent(Input.Changed):
                    self.query_one("#captcha", Input).value = ""
        self.ticket = verified.ticket
        self.phone_masked = verified.phone_masked
        self.query_one("#sms-lead", Static).update(
            f"短信验证码将发送至您在中心预留的手机号码 {verified.phone_masked}。\n"
            "请按【获取短信验证码】，收到后输入验证码。"
        )
        self.step = 1

    def identity_refused(self, exc: errors.GjjError) -> None:
        self.app.bell()
        target = FIELD_INPUTS.get(getattr(exc, "field", None) or "")
        if isinstance(exc, PERSON_ERRORS):
            self.show_banner(exc.message)
            self.mark_identity(True)
            self.person_refused(exc)
            # The server names the ID number for any mismatch, yet the name is as likely wrong: start
            # from the top, unless it is the phone number that does not match.
            self.focus_after_refusal("phone" if target == "phone" else None)
        elif target and target in ("name", "id_number", "phone", "captcha") and shown(self.query_one(f"#{target}")):
            self.field(target).set_error(exc.message)
            self.query_one(f"#{target}", Input).focus()
        else:
            self.show_banner(exc.message)
            self.query_one("#captcha", Input).focus()
        self.load_captcha()

    def person_refused(self, exc: errors.GjjError) -> None:
        """A refusal about the person: a flow may offer the way on (去登录, 去注册)."""

    # --- step 2: 短信校验 -------------------------------------------------------------------------

    async def call_send_sms(self, ticket: str) -> SmsSent:
        raise NotImplementedError

    async def call_verify_sms(self, ticket: str, code: str) -> Ok:
        raise NotImplementedError

    @on(SmsCodeField.SendRequested)
    def _send_requested(self) -> None:
        self.send_sms()

    @work(exclusive=True, group="sms", exit_on_error=False)
    async def send_sms(self) -> None:
        ticket = self.ticket or ""
        try:
            await request_code(self.sms_field, lambda: self.call_send_sms(ticket))
        except errors.TicketInvalid as exc:
            self.start_over(exc.message)

    def submit_sms(self) -> None:
        code = self.value("sms_code").strip()
        if not self.sms_field.sent_to:
            self.sms_field.set_error("请先按【获取短信验证码】")
            self.sms_field.focus_next_step()
            self.app.bell()
            return
        problem = None if len(code) == 6 else ("请输入短信验证码" if not code else "短信验证码为 6 位数字")
        if self.refuse({"sms_code": problem}):
            self.verify_sms(code)

    @work(exclusive=True, group="flow", exit_on_error=False)
    async def verify_sms(self, code: str) -> None:
        with self.busy("正在校验…"):
            try:
                await self.call_verify_sms(self.ticket or "", code)
            except errors.TicketInvalid as exc:
                self.start_over(exc.message)
                return
            except errors.GjjError as exc:
                self.app.bell()
                self.sms_field.set_error(exc.message)
                self.query_one("#sms_code", Input).focus()
                return
        self.app.clear_notifications()  # the demo's SMS code has done its work
        self.step = 2

    # --- step 3: 设置密码 -------------------------------------------------------------------------

    async def call_complete(self, ticket: str, password: str) -> FlowCompleted:
        raise NotImplementedError

    def submit_password(self) -> None:
        password, confirm = self.value("password"), self.value("confirm")
        problems: dict[str, str | None] = {
            "password": login_password_error(password) if password else f"请输入{self.PASSWORD_LABEL}",
            "confirm": None,
        }
        if problems["password"] is None:
            problems["confirm"] = (
                "请再输入一次密码" if not confirm else None if confirm == password else "两次输入的密码不一致"
            )
        if self.refuse(problems):
            self.complete(password)

    @work(exclusive=True, group="flow", exit_on_error=False)
    async def complete(self, password: str) -> None:
        done: FlowCompleted | None = None
        with self.busy("正在提交…"):
            try:
                done = await self.call_complete(self.ticket or "", password)
            except errors.TicketInvalid as exc:
                if exc.details.get("reason") != "used":
                    self.start_over(exc.message)
                    return
                # Spent by this very flow: the last 【提交】 was done although its answer was lost.
            except (errors.PasswordRules, errors.PasswordSameAsOld) as exc:
                self.app.bell()
                self.field("password").set_error(exc.message)
                self.query_one("#password", Input).focus()
                return
            except errors.GjjError as exc:
                self.app.bell()
                self.show_banner(exc.message)
                self.person_refused(exc)
                self.focus_after_refusal()
                return
        if done is None:
            self.show_done(_("本次{flow}已经完成").format(flow=self.FLOW_NAME), self.who_typed())
        else:
            self.show_done(done.message, (done.name, done.id_number_masked, done.phone_masked))

    def who_typed(self) -> tuple[str, str, str]:
        """Who the flow is for, from what was typed and what the identity step answered (masked)."""
        number = self.value("id_number").strip().upper()
        return self.value("name").strip(), mask_id_number(number), self.phone_masked

    def show_done(self, message: str, who: tuple[str, str, str]) -> None:
        name, id_number_masked, phone_masked = who
        self.finished = True
        with self.prevent(Input.Changed):
            for input_id in ("password", "confirm", "sms_code", "captcha"):
                self.query_one(f"#{input_id}", Input).value = ""  # no secret stays in a widget
        self.query_one("#done-who", KeyValues).show(
            [("姓名", mask_name(name)), ("证件号码", id_number_masked), ("手机号码", phone_masked)]
        )
        self.query_one("#done-title", Static).update(f"✓ {message}")
        self.step = 3

    # --- step 4: 完成 ------------------------------------------------------------------------------

    def submit_done(self) -> None:
        number = self.value("id_number").strip().upper()
        self.leave(username=number, notice=self.DONE_NOTICE)

    # --- common -----------------------------------------------------------------------------------

    def start_over(self, message: str) -> None:
        """The ticket is gone (expired, replaced): back to 信息校验, keeping what was typed."""
        self.app.bell()
        self.ticket = None
        with self.prevent(Input.Changed):
            self.query_one("#sms_code", Input).value = ""
        self.sms_field.sent_to = None
        self.sms_field.set_hint("")
        self.step = 0
        self.show_banner(message)
        self.load_captcha()
