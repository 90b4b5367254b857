"""支付密码找回: 【获取短信验证码】 → the code → 【下一步】 → 新支付密码 twice → 【提交】 → done.

【下一步】 checks the code with the server at once (it is spent for a ticket good for 10 minutes), so a
wrong code is told before anything else is typed; a ticket that has run out sends the member back to
the code.
"""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, ContentSwitcher, Input, Static

from api_client import errors
from api_client.domain.passwords import Rule, payment_password_error, payment_password_rules
from api_client.i18n import N_, _
from tui.forms import StepFlow
from tui.hall import HallScreen
from tui.widgets.fields import Field
from tui.widgets.rules import RuleChecklist
from tui.widgets.sms import SmsCodeField, request_code
from tui.widgets.steps import StepBar

LABEL_WIDTH = 14
# Written when the module is imported, translated where they are shown.
STEPS = (N_("短信验证"), N_("设置支付密码"), N_("完成"))
STEP_IDS = ("step-sms", "step-password", "step-done")
BUTTONS = (N_("下一步"), N_("提交"), N_("确定"))


class PaymentPasswordResetScreen(StepFlow, HallScreen):
    SUBTITLE = N_("支付密码找回")
    STEPS = STEPS
    STEP_IDS = STEP_IDS
    BUTTONS = BUTTONS

    def __init__(self) -> None:
        super().__init__()
        self.ticket: str | None = None

    def compose_body(self) -> ComposeResult:
        profile = self.app.profile
        phone = profile.phone_masked if profile is not None else _("在中心预留的手机号码")
        # The form scrolls when it must (a focused field is scrolled into view), but is no Tab stop itself.
        with VerticalScroll(classes="flow-body", can_focus=False):
            yield StepBar([_(step) for step in STEPS], id="steps")
            with Vertical(id="flow-box", classes="flow-box") as box:
                box.border_title = _(STEPS[0])
                with ContentSwitcher(initial=STEP_IDS[0], id="flow-steps"):
                    with Vertical(id="step-sms", classes="flow-step"):
                        yield Static(
                            _(
                                "短信验证码将发送至您在中心预留的手机号码 {phone}。\n"
                                "请按【获取短信验证码】，输入收到的验证码后按【下一步】。"
                            ).format(phone=phone),
                            classes="flow-lead",
                        )
                        yield SmsCodeField(label_width=LABEL_WIDTH)
                    with Vertical(id="step-password", classes="flow-step"):
                        yield Static(_("验证通过！请设置新的支付密码。"), classes="flow-lead -ok")
                        yield Field(
                            _("新支付密码"),
                            Input(
                                placeholder=_("6 位数字"),
                                password=True,
                                id="new",
                                max_length=6,
                                restrict=r"[0-9]*",
                                compact=True,
                            ),
                            label_width=LABEL_WIDTH,
                        )
                        yield Field(
                            _("确认支付密码"),
                            Input(
                                placeholder=_("再输入一次"),
                                password=True,
                                id="confirm",
                                max_length=6,
                                restrict=r"[0-9]*",
                                compact=True,
                            ),
                            label_width=LABEL_WIDTH,
                        )
                        yield RuleChecklist(id="rules")
                    with Vertical(id="step-done", classes="flow-step"):
                        yield Static(_("✓ 支付密码设置成功"), classes="flow-lead -ok")
                        yield Static(_("办理提取等业务时，请使用新的支付密码。"), id="done-note")
                yield Static("", id="flow-banner", classes="banner")
                with Horizontal(classes="flow-buttons"):
                    yield Button(_(BUTTONS[0]), id="next", variant="primary", compact=True)

    def on_mount(self) -> None:
        self.update_rules()
        self.sms_field.button.focus()

    @property
    def sms_field(self) -> SmsCodeField:
        return self.query_one(SmsCodeField)

    def has_unsaved_input(self) -> bool:
        # Past the SMS step the verification itself would be lost; before it, only what was typed.
        return self.step == 1 or (self.step == 0 and self.typed("sms_code"))

    def entered(self, step: int) -> None:
        if step == 1:
            self.query_one("#new", Input).focus()
        elif step == 0:
            self.sms_field.focus_next_step()
        else:
            self.query_one("#next", Button).focus()

    # --- typing ---------------------------------------------------------------------------------

    @on(Input.Changed)
    def _edited(self, event: Input.Changed) -> None:
        if event.input.id in ("sms_code", "new", "confirm"):
            self.field(event.input.id).set_error(None)
            self.show_banner(None)
        if event.input.id in ("new", "confirm"):
            self.update_rules()

    def update_rules(self) -> None:
        new, confirm = self.value("new"), self.value("confirm")
        rules = [*payment_password_rules(new), Rule(_("两次输入一致"), bool(new) and new == confirm)]
        self.query_one("#rules", RuleChecklist).show(rules, typed=bool(new))

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if event.input.id == "new" and not self.value("confirm"):
            self.query_one("#confirm", Input).focus()
            return
        self.submit()

    @on(Button.Pressed, "#next")
    def _next_pressed(self) -> None:
        self.submit()

    def submit(self) -> None:
        if self.query_one("#next", Button).disabled:
            return
        [self.submit_code, self.submit_password, self.finish][self.step]()

    # --- step 1: 短信验证 -------------------------------------------------------------------------

    @on(SmsCodeField.SendRequested)
    def _send_requested(self) -> None:
        self.send_sms()

    @work(exclusive=True, group="sms", exit_on_error=False)
    async def send_sms(self) -> None:
        await request_code(self.sms_field, self.client.payment_password_sms)

    def submit_code(self) -> None:
        code = self.value("sms_code").strip()
        if not self.sms_field.sent_to:
            self.sms_field.set_error(_("请先按【获取短信验证码】"))
            self.sms_field.focus_next_step()
            self.app.bell()
            return
        problem = None if len(code) == 6 else (_("请输入短信验证码") if not code else _("短信验证码为 6 位数字"))
        if problem:
            self.sms_field.set_error(problem)
            self.query_one("#sms_code", Input).focus()
            self.app.bell()
            return
        self.verify(code)

    @work(exclusive=True, group="flow", exit_on_error=False)
    async def verify(self, code: str) -> None:
        with self.busy(_("正在校验…")):
            try:
                verified = await self.client.payment_password_verify_sms(code)
            except errors.SessionExpired:
                raise
            except errors.GjjError as exc:
                self.app.bell()
                self.sms_field.set_error(exc.message)
                self.query_one("#sms_code", Input).focus()
                return
        self.ticket = verified.ticket
        self.app.clear_notifications()  # the demo's SMS code has done its work
        with self.prevent(Input.Changed):
            self.query_one("#sms_code", Input).value = ""
        self.step = 1

    # --- step 2: 新支付密码 -------------------------------------------------------------------------

    def submit_password(self) -> None:
        new, confirm = self.value("new"), self.value("confirm")
        broken = payment_password_error(new) if new else N_("请输入新支付密码")
        problems = {"new": _(broken) if broken else None, "confirm": None}
        if broken is None:
            problems["confirm"] = (
                _("请再输入一次新支付密码")
                if not confirm
                else None
                if confirm == new
                else _("两次输入的新支付密码不一致")
            )
        if not self.refuse(problems):
            return
        self.reset(new)

    @work(exclusive=True, group="flow", exit_on_error=False)
    async def reset(self, new: str) -> None:
        with self.busy(_("正在提交…")):
            try:
                await self.client.reset_payment_password(new, ticket=self.ticket)
            except errors.SessionExpired:
                raise
            except errors.TicketInvalid as exc:
                if exc.details.get("reason") == "used":
                    # Spent by this very flow: the last 【提交】 was done although its answer was lost.
                    self.password_set()
                    return
                self.app.bell()
                self.ticket = None
                self.sms_field.sent_to = None  # the code was spent: a new one must be asked for
                self.sms_field.set_hint("")
                self.step = 0  # back to the first step, whose label busy() then leaves on the button
                self.show_banner(exc.message)
                return
            except errors.GjjError as exc:
                self.app.bell()
                if exc.field == "new_password":
                    self.field("new").set_error(exc.message)
                else:
                    self.show_banner(exc.message)
                self.query_one("#new", Input).focus()
                return
        self.password_set()

    def password_set(self) -> None:
        with self.prevent(Input.Changed):
            for input_id in ("new", "confirm"):
                self.query_one(f"#{input_id}", Input).value = ""  # no secret stays in a widget
        self.step = 2

    def finish(self) -> None:
        self.app.pop_screen()
