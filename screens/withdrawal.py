"""我要提取: 离职提取 and 离退休提取.

Opening the page checks eligibility (one request). A member who may not withdraw sees every reason
before typing anything. Otherwise: the amount (for 离退休提取 the whole balance, fixed), the receiving
account (the registered one, or another card of the member's), the payment password and an SMS code
(【获取短信验证码】, then a 60-second wait) → a confirmation that repeats what will happen → 【提交】 →
the application's number and where to follow it (我发起的).

One ``Idempotency-Key`` per intended submission: retrying after a lost answer can never create a second
application; changing anything in the form makes it a new submission.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Input, Select, Static

from api_client.domain.amounts import AmountError, parse_amount
from api_client.domain.bankcard import bank_card_error
from api_client.domain.formatting import fmt_date, fmt_money, fmt_month
from api_client.domain.masking import mask_bank_account
from api_client.errors import GjjError, NotEligible, SessionExpired
from api_client.i18n import N_, _
from tui.confirm import FactsConfirmDialog
from tui.forms import field_of
from tui.widgets.fields import Field
from tui.widgets.info import KeyValues
from tui.widgets.sms import SmsCodeField, request_code

if TYPE_CHECKING:
    from api_client.models import ApplicationDetail, WithdrawalCheck

from .business_forms import Banner, BusinessFormScreen, error_field, reasons_text

LABEL_WIDTH = 16
AMOUNT_KEYS = r"[0-9.,，]*"  # i18n: data — what may be typed, a Chinese keyboard's comma included


def yuan(amount: Decimal) -> str:
    """12,345.67 元 (in English, 12,345.67 CNY)."""
    return _("{amount} 元").format(amount=fmt_money(amount))


REGISTERED, OTHER = "registered", "other"
SERVER_FIELDS = {
    "amount": "amount",
    "bank_account": "card",
    "bank_name": "bank",
    "payment_password": "pay-password",
    "sms_code": "sms-code",
}


class WithdrawalScreen(BusinessFormScreen):
    KIND = "resignation"
    SUBTITLE = N_("离职提取")

    BINDINGS = [Binding("ctrl+s", "next", N_("下一步"), id="withdrawal.next", tooltip=N_("检查填写的内容并确认提交"))]

    def __init__(self) -> None:
        super().__init__()
        self.check: WithdrawalCheck | None = None

    # --- layout --------------------------------------------------------------------------------

    def compose_body(self) -> ComposeResult:
        # The page scrolls to the focused field; it is no Tab stop itself.
        kind = _(self.SUBTITLE)
        with VerticalScroll(classes="page", id="withdrawal", can_focus=False):
            yield Static(_("正在检查{kind}条件…").format(kind=kind), id="checking", classes="page-note")
            summary = KeyValues(id="summary", pairs_per_line=2, classes="panel")
            summary.border_title = _("{kind} · 账户情况").format(kind=kind)
            summary.display = False
            yield summary
            reasons = Static("", id="reasons", classes="reasons", markup=False)
            reasons.display = False
            yield reasons
            with Vertical(id="form") as form:
                form.display = False
                yield Banner(id="banner")
                yield Field(
                    _("提取金额（元）"),
                    Input(id="amount", max_length=16, compact=True, restrict=AMOUNT_KEYS, placeholder=_("如 12000.00")),
                    label_width=LABEL_WIDTH,
                    hint=" ",
                )
                yield Field(
                    _("收款账户"),
                    Select(
                        [(_("本人登记账户"), REGISTERED), (_("其他本人银行卡"), OTHER)],
                        id="account-choice",
                        allow_blank=False,
                        compact=True,
                    ),
                    label_width=LABEL_WIDTH,
                    hint=" ",
                )
                with Vertical(id="other-card", classes="field-group") as other:
                    other.display = False
                    yield Field(
                        _("银行卡号"),
                        Input(
                            id="card",
                            max_length=23,
                            compact=True,
                            restrict=r"[0-9 ]*",
                            placeholder=_("本人名下的银行卡，16–19 位"),
                        ),
                        label_width=LABEL_WIDTH,
                    )
                    yield Field(
                        _("开户银行"),
                        Input(id="bank", max_length=40, compact=True, placeholder=_("如 演示市招商银行")),
                        label_width=LABEL_WIDTH,
                    )
                yield Field(
                    _("支付密码"),
                    Input(
                        id="pay-password",
                        password=True,
                        max_length=6,
                        compact=True,
                        restrict=r"[0-9]*",
                        placeholder=_("6 位数字"),
                    ),
                    label_width=LABEL_WIDTH,
                )
                yield SmsCodeField(label_width=LABEL_WIDTH, input_id="sms-code", button_id="send-sms")
                yield Static("", id="flow-note", classes="page-note", markup=False)
                with Horizontal(classes="actions"):
                    yield Button(_("下一步"), id="next", variant="primary", compact=True)
                    yield Button(_("返回"), id="cancel", compact=True)
            yield from self.compose_outcome("done")

    def on_mount(self) -> None:
        self.load_check()

    def has_unsaved_input(self) -> bool:
        return self.typed("amount", "card", "bank", "pay-password", "sms-code")

    # --- eligibility ---------------------------------------------------------------------------

    @work(exclusive=True, group="withdrawal.check", exit_on_error=False)
    async def load_check(self) -> None:
        checking = self.query_one("#checking", Static)
        try:
            check = await self.client.withdrawal_check(self.KIND)
        except GjjError as exc:
            checking.update(_("无法检查{kind}条件：{message}").format(kind=_(self.SUBTITLE), message=exc.message))
            checking.add_class("reasons")
            raise
        checking.display = False
        self.check = check
        self.show_summary(check)
        if not check.eligible:
            self.show_refusal(check.reasons)
            return
        self.fill_form(check)

    def show_summary(self, check: WithdrawalCheck) -> None:
        status = _(check.account_status_label)
        if check.sealed_on:
            status += _("（{date} 封存）").format(date=fmt_date(check.sealed_on))
        rows = [(_("账户余额"), yuan(check.balance)), (_("账户状态"), status)]
        if check.eligible:
            rows += [(_("可提取金额"), yuan(check.max_amount)), (_("短信发送至"), check.phone_masked)]
        if check.retirement_age and check.retirement_month:
            rows.append((_("法定退休年龄"), check.retirement_age))
            rows.append((_("退休年月"), fmt_month(check.retirement_month.strftime("%Y-%m"))))
        summary = self.query_one("#summary", KeyValues)
        summary.show(rows)
        summary.display = True

    def show_refusal(self, reasons: list[str]) -> None:
        reasons_view = self.query_one("#reasons", Static)
        reasons_view.update(reasons_text(_("您暂不符合{kind}条件：").format(kind=_(self.SUBTITLE)), reasons))
        reasons_view.display = True
        self.query_one("#form").display = False
        self.refresh_bindings()  # Ctrl+S is offered only with the form shown
        self.query_one("#refused-actions").display = True
        self.query_one("#refused-home", Button).focus()
        self.app.bell()

    def fill_form(self, check: WithdrawalCheck) -> None:
        amount = self.query_one("#amount", Input)
        if check.whole_balance:
            amount.value = fmt_money(check.balance)
            amount.disabled = True
            self.hint("amount", _("离退休提取须一次提取全部余额，办结后账户销户"))
        else:
            self.hint("amount", _("最多可提取 {amount} 元").format(amount=fmt_money(check.max_amount)))
        self.hint("account-choice", f"{check.registered_bank_name} {check.registered_account_masked}")
        self.query_one("#flow-note", Static).update(
            _("办理流程：{steps}（每个工作日一个环节）").format(steps=" → ".join(check.steps))
        )
        self.query_one("#form").display = True
        self.refresh_bindings()  # Ctrl+S is offered only with the form shown
        (self.query_one("#pay-password", Input) if check.whole_balance else amount).focus()

    def hint(self, control_id: str, text: str) -> None:
        self.field(control_id).query_one(".field-hint", Static).update(text)

    # --- editing -------------------------------------------------------------------------------

    @on(Input.Changed)
    def _edited(self, event: Input.Changed) -> None:
        if event.input.id in ("amount", "card", "bank", "pay-password", "sms-code"):
            field_of(event.input).set_error(None)
            self.form_changed()

    @on(Select.Changed, "#account-choice")
    def _account_chosen(self, event: Select.Changed) -> None:
        other = event.value == OTHER
        self.query_one("#other-card").display = other
        check = self.check
        if check is not None:  # the hint names the card the money goes to: the registered one only when chosen
            registered = f"{check.registered_bank_name} {check.registered_account_masked}"
            self.hint("account-choice", _("请填写本人名下的其他银行卡") if other else registered)
        self.form_changed()

    @on(Input.Submitted)
    def _enter(self, event: Input.Submitted) -> None:
        event.stop()
        if event.input.id == "sms-code":
            self.action_next()
        else:
            self.focus_next()

    # --- SMS -----------------------------------------------------------------------------------

    @property
    def sms_field(self) -> SmsCodeField:
        return self.query_one(SmsCodeField)

    @on(SmsCodeField.SendRequested)
    def _send_sms(self) -> None:
        self.send_sms()

    @work(exclusive=True, group="withdrawal.sms", exit_on_error=False)
    async def send_sms(self) -> None:
        try:
            await request_code(
                self.sms_field, lambda: self.client.withdrawal_sms(self.KIND), passthrough=(NotEligible,)
            )
        except NotEligible as exc:  # something changed since the page opened: every reason, as on opening
            self.show_refusal(list(exc.details.get("reasons") or [exc.message]))

    # --- submit --------------------------------------------------------------------------------

    @on(Button.Pressed, "#next")
    def _next_pressed(self) -> None:
        self.action_next()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "next" and not self.query_one("#form").display:
            return False
        return super().check_action(action, parameters)

    def read_form(self) -> dict[str, Any] | None:
        """The form's values, or None after showing every problem at its field."""
        check = self.check
        if check is None:
            return None
        problems: dict[str, str | None] = {}
        amount: Decimal | None = None
        if check.whole_balance:
            amount = check.balance
        else:
            try:
                amount = parse_amount(self.query_one("#amount", Input).value, what=N_("提取金额"))
            except AmountError as exc:
                problems["amount"] = exc.message
            else:
                if amount > check.max_amount:
                    problems["amount"] = _("提取金额不能超过可提取金额 {amount} 元").format(
                        amount=fmt_money(check.max_amount)
                    )
        other = self.query_one("#account-choice", Select).value == OTHER
        card = "".join(self.query_one("#card", Input).value.split())
        bank = self.query_one("#bank", Input).value.strip()
        if other:
            problems["card"] = bank_card_error(card)
            problems["bank"] = None if len(bank) >= 2 else _("请填写收款银行卡的开户银行")
        password = self.query_one("#pay-password", Input).value
        problems["pay-password"] = (
            None if len(password) == 6 else (_("请输入支付密码") if not password else _("支付密码为 6 位数字"))
        )
        code = self.query_one("#sms-code", Input).value.strip()
        problems["sms-code"] = (
            None if len(code) == 6 else (_("请输入短信验证码") if not code else _("短信验证码为 6 位数字"))
        )
        if not self.refuse(problems):
            return None
        return {
            "amount": amount,
            "bank_account": card if other else None,
            "bank_name": bank if other else None,
            "payment_password": password,
            "sms_code": code,
        }

    def action_next(self) -> None:
        self.query_one("#banner", Banner).show(None)
        form = self.read_form()
        if form is None or self.check is None:
            return
        check = self.check
        if form["bank_account"]:
            account = f"{form['bank_name']} {mask_bank_account(form['bank_account'])}"
        else:
            account = f"{check.registered_bank_name} {check.registered_account_masked}"

        def decided(submit: bool | None) -> None:
            if submit:
                self.submit(form, self.submission_key())

        self.app.push_screen(WithdrawalConfirmDialog(_(self.SUBTITLE), form["amount"], account, check), decided)

    @work(exclusive=True, group="withdrawal.submit", exit_on_error=False)
    async def submit(self, form: dict[str, Any], key: str) -> None:
        with self.busy(_("正在提交…")) as button:
            try:
                application = await self.client.submit_withdrawal(
                    self.KIND,
                    form["amount"],
                    sms_code=form["sms_code"],
                    payment_password=form["payment_password"],
                    idempotency_key=key,
                    bank_account=form["bank_account"],
                    bank_name=form["bank_name"],
                )
            except NotEligible as exc:
                if exc.field == "amount":
                    self.blame("amount", exc.message)
                else:  # something changed since the page opened: say so, with every reason
                    self.show_refusal(list(exc.details.get("reasons") or [exc.message]))
                return
            except SessionExpired:
                raise
            except GjjError as exc:
                target = error_field(exc, SERVER_FIELDS)
                if target:
                    self.blame(target, exc.message)
                else:
                    self.submission_failed(exc, button)
                return
        self.show_done(application)

    def blame(self, control_id: str, message: str) -> None:
        control = self.query_one(f"#{control_id}")
        field_of(control).set_error(message)
        control.focus()
        self.app.bell()

    def show_done(self, application: ApplicationDetail) -> None:
        self.submission_done()
        self.sms_field.end_countdown()
        self.query_one("#form").display = False
        self.refresh_bindings()  # Ctrl+S is offered only with the form shown
        self.query_one("#summary").display = False
        self.query_one("#done-title", Static).update(_("✔ {kind}申请已提交").format(kind=_(application.kind_label)))
        self.query_one("#done-facts", KeyValues).show(
            [
                (_("业务编号"), application.number),
                (_("业务类型"), _(application.kind_label)),
                (_("提取金额"), yuan(application.amount)),
                (_("收款账户"), f"{application.bank_name or ''} {application.bank_account_masked or ''}".strip()),
                (
                    _("当前环节"),
                    _("{state}（{status}）").format(state=application.state, status=_(application.status_label)),
                ),
            ]
        )
        self.query_one("#done-note", Static).update(
            _("{schedule}。\n可在【我发起的】（F9）查看办理进度，办结通知见【消息】（F8）。").format(
                schedule=application.schedule_note
            )
        )
        self.query_one("#done").display = True
        self.query_one("#open-applications", Button).focus()
        self.app.bell()


class ResignationWithdrawalScreen(WithdrawalScreen):
    KIND = "resignation"
    SUBTITLE = N_("离职提取")


class RetirementWithdrawalScreen(WithdrawalScreen):
    KIND = "retirement"
    SUBTITLE = N_("离退休提取")


class WithdrawalConfirmDialog(FactsConfirmDialog):
    """What will be withdrawn, to where, and what is left, before 【提交】."""

    def __init__(self, title: str, amount: Decimal, account: str, check: WithdrawalCheck) -> None:
        rows = [
            (_("业务类型"), title),
            (_("提取金额"), yuan(amount)),
            (_("收款账户"), account),
            (_("提取后余额"), yuan(check.balance - amount)),
            (_("办理流程"), " → ".join(check.steps)),
        ]
        if check.whole_balance:
            rows.append((_("账户"), _("办结后销户")))
        super().__init__(
            _("确认提交{kind}").format(kind=title),
            rows,
            lead=_("请核对以下内容，提交后不能撤回："),
            note=_("中心每个工作日办理一个环节，约 4 个工作日办结。\n办结后资金划入上述账户，并通过消息通知您。"),
        )
