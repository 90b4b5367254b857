"""贷款申请: the application form with a live estimate.

Opening the page asks the centre what this member may borrow (one request: the published rule, the
balance, the longest term the member's age allows, and every reason why not). As the member types,
the estimate beside the form shows the monthly payment (first and last for 等额本金), the total
interest and the largest amount allowed — computed with ``api_client.domain.amortization`` and
``api_client.domain.loan_rules``, the very functions the centre and the repayment plan use, so the figures
cannot disagree. Submitting (after a confirmation) creates the contract in ``processing``; it then
appears in 我发起的 and 个人贷款进度查询.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Input, Select, Static

from api_client.domain.amortization import EQUAL_INSTALLMENT, EQUAL_PRINCIPAL, METHOD_LABELS, estimate
from api_client.domain.amounts import AmountError, parse_amount
from api_client.domain.formatting import fmt_money, fmt_month, fmt_rate
from api_client.domain.idcard import looks_like_phone
from api_client.domain.loan_rules import LoanRule, last_payment_month_limit, loan_limit, plain_number, term_problem
from api_client.domain.phrase import localize
from api_client.errors import GjjError, NotEligible, SessionExpired
from api_client.i18n import N_, _, ngettext
from tui.confirm import FactsConfirmDialog
from tui.forms import field_of
from tui.widgets.fields import Field
from tui.widgets.info import KeyValues
from tui.widgets.reading import ReadingScroll

if TYPE_CHECKING:
    from api_client.domain.amortization import LoanEstimate
    from api_client.models import LoanApplicationResult, LoanQuota, LoanRuleInfo

from .business_forms import Banner, BusinessFormScreen, error_field, reasons_text

LABEL_WIDTH = 14
AMOUNT_KEYS = r"[0-9.,，]*"  # i18n: data — what may be typed, a Chinese keyboard's comma included
HOUSE_TYPE = "商品房"  # i18n: data — the one choice until the centre's own list arrives
SERVER_FIELDS = {
    "amount": "loan-amount",
    "periods": "loan-periods",
    "method": "loan-method",
    "house_address": "house-address",
    "house_type": "house-type",
    "house_area": "house-area",
    "house_price": "house-price",
    "seller_name": "seller-name",
    "seller_phone": "seller-phone",
    "bank_name": "loan-bank",
}
INPUTS = ("loan-amount", "loan-periods", "house-address", "house-area", "house-price", "seller-name", "seller-phone")


def rule_from(info: LoanRuleInfo) -> LoanRule:
    """The centre's published rule (``LoanRuleInfo``) as the pure helpers take it."""
    short, long = info.rates[0], info.rates[-1]
    return LoanRule(
        balance_multiple=info.balance_multiple,
        max_amount=info.max_amount,
        min_amount=info.min_amount,
        house_price_percent=info.house_price_percent,
        round_to=info.round_to,
        min_consecutive_months=info.min_consecutive_months,
        min_periods=info.min_periods,
        max_periods=info.max_periods,
        years_after_retirement=info.years_after_retirement,
        short_term_periods=short.max_periods,
        short_term_rate=short.annual_rate,
        long_term_rate=long.annual_rate,
    )


def yuan(amount: Decimal) -> str:
    """500,000.00 元 (in English, 500,000.00 CNY)."""
    return _("{amount} 元").format(amount=fmt_money(amount))


def months(n: int) -> str:
    return ngettext("{n} 个月", "{n} 个月", n).format(n=n)


def term_and_method(periods: int, method: str) -> str:
    """240 个月（等额本金）."""
    return ngettext("{n} 个月（{method}）", "{n} 个月（{method}）", periods).format(
        n=periods, method=_(METHOD_LABELS[method])
    )


def over_limit(limit: Decimal) -> str:
    return _("超过可贷额度 {amount} 元").format(amount=fmt_money(limit))


def first_and_last(first: Decimal, last: Decimal) -> str:
    """The monthly payment of 等额本金: 首月 3,166.66 元，末月 2,088.65 元."""
    return _("首月 {first} 元，末月 {last} 元").format(first=fmt_money(first), last=fmt_money(last))


class LoanApplicationScreen(BusinessFormScreen):
    SUBTITLE = N_("贷款申请")

    BINDINGS = [Binding("ctrl+s", "submit", N_("提交申请"), id="loan.submit", tooltip=N_("检查填写的内容并确认提交"))]

    def __init__(self) -> None:
        super().__init__()
        self.quota: LoanQuota | None = None
        self.rule: LoanRule | None = None

    # --- layout --------------------------------------------------------------------------------

    def compose_body(self) -> ComposeResult:
        with Vertical(classes="page", id="loan-page"):
            yield Static(_("正在查询可贷额度…"), id="checking", classes="page-note")
            refused = Static("", id="reasons", classes="reasons", markup=False)
            refused.display = False
            yield refused
            with Horizontal(id="loan-columns") as columns:
                columns.display = False
                # The form scrolls to the focused field; the containers themselves are no Tab stop.
                with VerticalScroll(id="loan-form", can_focus=False):
                    yield Banner(id="banner")
                    yield self.labelled(
                        _("贷款金额(元)"),
                        Input(
                            id="loan-amount",
                            max_length=14,
                            compact=True,
                            restrict=AMOUNT_KEYS,
                            placeholder=_("如 500000"),
                        ),
                    )
                    yield self.labelled(
                        _("贷款期限(月)"),
                        Input(id="loan-periods", max_length=3, compact=True, restrict=r"[0-9]*", placeholder="12–360"),
                    )
                    yield self.labelled(
                        _("还款方式"),
                        Select(
                            [(_(label), key) for key, label in METHOD_LABELS.items()],
                            id="loan-method",
                            allow_blank=False,
                            compact=True,
                        ),
                    )
                    yield self.labelled(
                        _("房屋坐落"),
                        Input(id="house-address", max_length=80, compact=True, placeholder=_("区、路、门牌及房号")),
                    )
                    yield self.labelled(
                        _("房屋性质"),
                        Select([(HOUSE_TYPE, HOUSE_TYPE)], id="house-type", allow_blank=False, compact=True),
                    )
                    yield self.labelled(
                        _("建筑面积(㎡)"),
                        Input(
                            id="house-area", max_length=8, compact=True, restrict=r"[0-9.]*", placeholder=_("如 89.5")
                        ),
                    )
                    yield self.labelled(
                        _("房屋总价(元)"),
                        Input(
                            id="house-price",
                            max_length=14,
                            compact=True,
                            restrict=AMOUNT_KEYS,
                            placeholder=_("购房合同总价"),
                        ),
                    )
                    yield self.labelled(
                        _("售房人"),
                        Input(id="seller-name", max_length=60, compact=True, placeholder=_("开发商或卖方姓名")),
                    )
                    yield self.labelled(
                        _("售房人电话"),
                        Input(
                            id="seller-phone",
                            max_length=16,
                            compact=True,
                            restrict=r"[0-9-]*",
                            placeholder=_("手机或带区号的电话"),
                        ),
                    )
                    yield self.labelled(
                        _("受委托银行"), Select([("—", "")], id="loan-bank", allow_blank=False, compact=True)
                    )
                    with Horizontal(classes="actions"):
                        yield Button(_("提交申请"), id="submit", variant="primary", compact=True)
                        yield Button(_("返回"), id="cancel", compact=True)
                with ReadingScroll(id="loan-side"):
                    figures = KeyValues(id="estimate", classes="panel", right_align=True)
                    figures.border_title = _("还款试算")
                    yield figures
                    limits = KeyValues(id="limits", classes="panel", right_align=True)
                    limits.border_title = _("可贷额度")
                    yield limits
                    yield Static("", id="rule", classes="page-note", markup=False)
            yield from self.compose_outcome("loan-done")

    @staticmethod
    def labelled(label: str, control: Input | Select[Any]) -> Field:
        return Field(label, control, label_width=LABEL_WIDTH)

    def on_mount(self) -> None:
        self.load_quota()

    def has_unsaved_input(self) -> bool:
        return self.typed(
            "loan-amount", "loan-periods", "house-address", "house-area", "house-price", "seller-name", "seller-phone"
        )

    # --- the quota -----------------------------------------------------------------------------

    @work(exclusive=True, group="loan.quota", exit_on_error=False)
    async def load_quota(self) -> None:
        checking = self.query_one("#checking", Static)
        try:
            quota = await self.client.loan_quota()
        except GjjError as exc:
            checking.update(_("无法查询可贷额度：{message}").format(message=exc.message))
            checking.add_class("reasons")
            raise
        checking.display = False
        self.quota = quota
        self.rule = rule_from(quota.rule)
        if not quota.eligible:
            reasons = self.query_one("#reasons", Static)
            reasons.update(
                reasons_text(_("您暂不能申请公积金贷款："), quota.reasons)
                + "\n\n"
                + _("贷款条件：")
                + "\n"
                + "\n".join(f"· {line}" for line in quota.rule.description)
            )
            reasons.display = True
            self.query_one("#refused-actions").display = True
            self.query_one("#refused-home", Button).focus()
            self.app.bell()
            return
        self.query_one("#house-type", Select).set_options([(kind, kind) for kind in quota.house_types])
        self.query_one("#loan-bank", Select).set_options([(bank, bank) for bank in quota.banks])
        self.query_one("#loan-periods", Input).placeholder = f"{self.rule.min_periods}–{quota.max_periods}"
        self.show_rule()
        self.query_one("#loan-columns").display = True
        self.refresh_bindings()  # Ctrl+S is offered only with the form shown
        self.query_one("#loan-amount", Input).focus()
        self.refresh_estimate()

    def show_rule(self) -> None:
        assert self.quota is not None and self.rule is not None
        rule, quota = self.rule, self.quota
        last = last_payment_month_limit(quota.retirement_month, rule)
        self.query_one("#rule", Static).update(
            "\n".join(
                [
                    _("额度规则"),
                    _("· 账户余额 × {multiple}").format(multiple=plain_number(rule.balance_multiple)),
                    _("· 最高 {amount} 元").format(amount=fmt_money(rule.max_amount)),
                    _("· 不超过房屋总价的 {percent}%").format(percent=plain_number(rule.house_price_percent)),
                    _("· 按千元取整，最低 {amount} 元").format(amount=fmt_money(rule.min_amount)),
                    _("· 期限 {shortest}–{longest} 个月").format(shortest=rule.min_periods, longest=quota.max_periods),
                    _("· 须在 {month}前还清").format(month=fmt_month(last.strftime("%Y-%m"))),
                    _("· {months} 个月及以下年利率 {rate}").format(
                        months=rule.short_term_periods, rate=fmt_rate(rule.short_term_rate)
                    ),
                    _("· {months} 个月以上年利率 {rate}").format(
                        months=rule.short_term_periods, rate=fmt_rate(rule.long_term_rate)
                    ),
                ]
            )
        )

    # --- the live estimate ---------------------------------------------------------------------

    def typed_amount(self, control_id: str) -> Decimal | None:
        try:
            return parse_amount(self.query_one(f"#{control_id}", Input).value)
        except AmountError:
            return None

    def typed_periods(self) -> int | None:
        text = self.query_one("#loan-periods", Input).value.strip()
        return int(text) if text.isdigit() and int(text) > 0 else None

    def refresh_estimate(self) -> None:
        if self.quota is None or self.rule is None:
            return
        rule, quota = self.rule, self.quota
        amount = self.typed_amount("loan-amount")
        periods = self.typed_periods()
        price = self.typed_amount("house-price")
        method = str(self.query_one("#loan-method", Select).value)
        limit = loan_limit(quota.balance, price, rule)
        over = amount is not None and amount > limit.amount
        self.query_one("#limits", KeyValues).show(
            [
                (_("可贷额度"), Text(yuan(limit.amount), style="bold")),
                (_("依据"), localize(limit.basis)),
                (_("最长期限"), months(quota.max_periods)),
                (_("账户余额"), yuan(quota.balance)),
            ]
        )
        rows: list[tuple[str, str | Text]]
        if amount is None or periods is None or not 1 <= periods <= rule.max_periods:
            rows = [("", _("输入贷款金额和期限后显示"))]
        else:
            rate = rule.annual_rate(periods)
            figures = estimate(amount, periods, method, rate, self.app.today())
            rows = [(_("年利率"), fmt_rate(rate))]
            if method == EQUAL_PRINCIPAL:
                rows += [
                    (_("首月还款"), yuan(figures.first_payment)),
                    (_("末月还款"), yuan(figures.last_payment)),
                ]
            else:
                rows.append((_("月还款额"), yuan(figures.first_payment)))
            rows += [
                (_("利息总额"), yuan(figures.total_interest)),
                (_("还款总额"), yuan(figures.total_payment)),
            ]
        self.query_one("#estimate", KeyValues).show(rows)
        # Over the limit: said at the amount at once, not only when submitting.
        self.field("loan-amount").set_error(over_limit(limit.amount) if over else None)

    @on(Input.Changed)
    def _typed(self, event: Input.Changed) -> None:
        if event.input.id in INPUTS:
            if event.input.id != "loan-amount":
                field_of(event.input).set_error(None)
            self.form_changed()
            if event.input.id in ("loan-amount", "loan-periods", "house-price"):
                self.refresh_estimate()

    @on(Select.Changed)
    def _chosen(self, event: Select.Changed) -> None:
        self.form_changed()
        if event.select.id == "loan-method":
            self.refresh_estimate()

    @on(Input.Submitted)
    def _enter(self, event: Input.Submitted) -> None:
        event.stop()
        self.focus_next()

    # --- submit --------------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "submit" and not self.query_one("#loan-columns").display:
            return False
        return super().check_action(action, parameters)

    @on(Button.Pressed, "#submit")
    def _submit_pressed(self) -> None:
        self.action_submit()

    def read_form(self) -> dict[str, Any] | None:
        """The application's fields (wire names), or None after showing every problem at its field."""
        if self.quota is None or self.rule is None:
            return None
        rule, quota = self.rule, self.quota
        problems: dict[str, str | None] = {}
        try:
            amount = parse_amount(self.query_one("#loan-amount", Input).value, what=N_("贷款金额"))
        except AmountError as exc:
            amount = None
            problems["loan-amount"] = exc.message
        periods = self.typed_periods()
        if periods is None:
            problems["loan-periods"] = _("请输入贷款期限（月数）")
        elif term := term_problem(periods, quota.max_periods, rule):
            problems["loan-periods"] = term
        address = " ".join(self.query_one("#house-address", Input).value.split())
        problems["house-address"] = (
            None if len(address) >= 5 else (_("请填写房屋坐落") if not address else _("房屋坐落应为 5–80 个字"))
        )
        area_text = self.query_one("#house-area", Input).value.strip()
        try:
            area_ok = Decimal("10") <= Decimal(area_text) <= Decimal("1000")
        except ArithmeticError:
            area_ok = False
        problems["house-area"] = (
            None if area_ok else (_("请填写建筑面积") if not area_text else _("建筑面积应在 10–1000 平方米之间"))
        )
        try:
            price: Decimal | None = parse_amount(self.query_one("#house-price", Input).value, what=N_("房屋总价"))
        except AmountError as exc:
            price = None
            problems["house-price"] = exc.message
        seller = " ".join(self.query_one("#seller-name", Input).value.split())
        problems["seller-name"] = (
            None if len(seller) >= 2 else (_("请填写售房人") if not seller else _("售房人应为 2–60 个字"))
        )
        phone = self.query_one("#seller-phone", Input).value.strip()
        digits = phone.replace("-", "")
        landline = digits.isdigit() and 7 <= len(digits) <= 12 and not phone.startswith("1")
        problems["seller-phone"] = (
            None
            if looks_like_phone(phone) or landline
            else (_("请填写售房人联系电话") if not phone else _("售房人联系电话应为 11 位手机号或带区号的固定电话"))
        )
        if amount is not None and "loan-amount" not in problems:
            limit = loan_limit(quota.balance, price, rule)
            if amount < rule.min_amount:
                problems["loan-amount"] = _("贷款金额不能低于 {amount} 元").format(amount=fmt_money(rule.min_amount))
            elif amount > limit.amount:
                problems["loan-amount"] = over_limit(limit.amount)
        if not self.refuse({control_id: problems.get(control_id) for control_id in INPUTS}):
            return None
        assert amount is not None and periods is not None and price is not None
        return {
            "amount": f"{amount:.2f}",
            "periods": periods,
            "method": str(self.query_one("#loan-method", Select).value),
            "house_address": address,
            "house_type": str(self.query_one("#house-type", Select).value),
            "house_area": area_text,
            "house_price": f"{price:.2f}",
            "seller_name": seller,
            "seller_phone": phone,
            "bank_name": str(self.query_one("#loan-bank", Select).value),
        }

    def action_submit(self) -> None:
        self.query_one("#banner", Banner).show(None)
        form = self.read_form()
        if form is None or self.rule is None:
            return
        amount = Decimal(str(form["amount"]))
        periods = int(str(form["periods"]))
        rate = self.rule.annual_rate(periods)
        figures = estimate(amount, periods, str(form["method"]), rate, self.app.today())

        def decided(submit: bool | None) -> None:
            if submit:
                self.submit(form, self.submission_key())

        self.app.push_screen(LoanConfirmDialog(form, rate, figures), decided)

    @work(exclusive=True, group="loan.submit", exit_on_error=False)
    async def submit(self, form: dict[str, Any], key: str) -> None:
        with self.busy(_("正在提交…"), "submit") as button:
            try:
                result = await self.client.apply_for_loan(form, idempotency_key=key)
            except SessionExpired:
                raise
            except NotEligible as exc:
                self.query_one("#banner", Banner).show(exc.message)
                self.app.bell()
                self.query_one("#loan-amount", Input).focus()  # the form's first field: what may be changed
                return
            except GjjError as exc:
                target = error_field(exc, SERVER_FIELDS)
                if target:
                    control = self.query_one(f"#{target}")
                    field_of(control).set_error(exc.message)
                    control.focus()
                else:
                    self.submission_failed(exc, button)
                    return
                self.app.bell()
                return
        self.show_done(result, form)

    def show_done(self, result: LoanApplicationResult, form: dict[str, Any]) -> None:
        self.submission_done()
        self.query_one("#loan-columns").display = False
        self.refresh_bindings()  # Ctrl+S is offered only with the form shown
        application = result.application
        payment = (
            first_and_last(result.first_payment, result.last_payment)
            if form["method"] == EQUAL_PRINCIPAL
            else yuan(result.first_payment)
        )
        self.query_one("#done-title", Static).update(_("✔ 贷款申请已提交"))
        self.query_one("#done-facts", KeyValues).show(
            [
                (_("业务编号"), application.number),
                (_("借款合同编号"), result.contract_no),
                (_("贷款金额"), yuan(application.amount)),
                (_("贷款期限"), term_and_method(int(form["periods"]), form["method"])),
                (_("年利率"), fmt_rate(result.annual_rate)),
                (_("月还款额"), payment),
                (_("利息总额"), yuan(result.total_interest)),
                (
                    _("当前环节"),
                    _("{state}（{status}）").format(state=application.state, status=_(application.status_label)),
                ),
            ]
        )
        self.query_one("#done-note", Static).update(
            _(
                "中心每个工作日办理一个环节：受理 → 审核 → 审批 → 签合同 → 抵押登记 → 放款。\n"
                "可在【我发起的】（F9）或【个人贷款进度查询】查看进度，审批和放款时会收到消息。"
            )
        )
        self.query_one("#loan-done").display = True
        self.query_one("#open-applications", Button).focus()
        self.app.bell()


class LoanConfirmDialog(FactsConfirmDialog):
    """What will be applied for, with the repayment it means, before 【提交】."""

    BINDINGS = [
        Binding("escape", "dismiss(False)", N_("返回修改"), id="loan-confirm.back"),
        Binding("left,right", "app.focus_next", show=False),
    ]

    def __init__(self, form: dict[str, Any], rate: Decimal, figures: LoanEstimate) -> None:
        if form["method"] == EQUAL_INSTALLMENT:
            payment = yuan(figures.first_payment)
        else:
            payment = first_and_last(figures.first_payment, figures.last_payment)
        facts = [
            (_("贷款金额"), yuan(Decimal(form["amount"]))),
            (_("贷款期限"), term_and_method(int(form["periods"]), form["method"])),
            (_("年利率"), fmt_rate(rate)),
            (_("月还款额"), payment),
            (_("利息总额"), yuan(figures.total_interest)),
            (_("房屋"), f"{form['house_type']} {form['house_area']}㎡"),
            (_("房屋坐落"), form["house_address"]),
            (_("售房人"), form["seller_name"]),
            (_("受委托银行"), form["bank_name"]),
        ]
        super().__init__(_("确认提交贷款申请"), facts, note=_("提交后中心将审核您的申请，审批通过并办妥抵押后放款。"))
