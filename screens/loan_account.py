"""公积金贷款账户信息: the loan's account fields, and 【查看详细信息】 for the full detail.

An undisbursed contract answers 此合同【…】的贷款未发放 (the server's LOAN_NOT_DISBURSED).
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Button

from api_client.domain.formatting import fmt_date, fmt_rate
from api_client.domain.masking import mask_name
from api_client.i18n import N_, _
from api_client.models import Loan, LoanDetail
from screens.loan_base import LoanScreen
from tui.export.document import Document
from tui.export.ui import EXPORT_BINDINGS
from tui.widgets.info import KeyValues, periods, yuan


def period_rows(loan: Loan) -> list[tuple[str, str]]:
    """月还款额 and 贷款利率, from the same period, and which one: the current period while repaying,
    the last one paid once settled."""
    payment = yuan(loan.monthly_payment)
    rate = fmt_rate(loan.annual_rate).rstrip("%")
    if loan.status == "settled":
        which = _("（末期，第 {period} 期）").format(period=loan.paid_periods) if loan.paid_periods else _("（末期）")
        return [(_("月还款额"), payment + which), (_("贷款利率(%)"), rate + which)]
    return [(_("月还款额"), payment), (_("贷款利率(%)"), rate)]


def account_rows(loan: LoanDetail) -> list[tuple[str, str]]:
    return [
        (_("贷款合同编号"), loan.contract_no),
        (_("银行名称"), loan.bank_name),
        (_("贷款金额"), yuan(loan.amount)),
        (_("放款日期"), fmt_date(loan.disbursed_on)),
        (_("贷款期数"), periods(loan.periods)),
        (_("约定还款日"), _("每月 {day} 日").format(day=loan.repayment_day) if loan.repayment_day else "—"),
        *period_rows(loan),
        (_("还款方式"), _(loan.method_label)),
        (_("合同状态"), _(loan.status_label)),
        (_("贷款余额"), yuan(loan.balance)),
        (_("到期日期"), fmt_date(loan.maturity_on)),
    ]


def detail_rows(loan: LoanDetail) -> list[tuple[str, str]]:
    who = _("{name}（{id_number}）")
    return [
        (_("借款人"), who.format(name=mask_name(loan.borrower_name), id_number=loan.borrower_id_masked)),
        (
            _("共同借款人"),
            who.format(name=mask_name(loan.co_borrower_name), id_number=loan.co_borrower_id_masked)
            if loan.co_borrower_name
            else _("无"),
        ),
        (_("还款账号"), loan.repayment_account_masked or "—"),
        (_("房屋坐落"), loan.house_address),
        (_("贷款类型"), loan.loan_type),
        (_("房屋性质"), loan.house_type),
        (_("贷款金额"), yuan(loan.amount)),
        (_("已还期数"), f"{loan.paid_periods} / {loan.periods}"),
        (_("贷款余额"), yuan(loan.balance)),
        (_("逾期期数"), periods(loan.overdue_periods)),
        (_("逾期金额"), yuan(loan.overdue_amount)),
        (_("结清日期"), fmt_date(loan.settled_on)),
    ]


class LoanAccountScreen(LoanScreen):
    SUBTITLE = N_("公积金贷款账户信息")
    BINDINGS = [
        Binding("d", "detail", N_("查看详细信息"), id="loan.detail", tooltip=N_("借款人、共同借款人、还款账号等")),
        *EXPORT_BINDINGS,
    ]

    def __init__(self) -> None:
        super().__init__()
        self.detail: LoanDetail | None = None

    def compose_contract_body(self) -> ComposeResult:
        fields = KeyValues(id="loan-fields", pairs_per_line=2, wide_from=90, figures=True)
        fields.border_title = _("贷款账户信息")
        yield fields
        yield Button(_("查看详细信息(D)"), id="loan-detail", compact=True)

    async def load_contract(self, contract_no: str) -> None:
        self.detail = None
        self.detail = await self.client.loan(contract_no)
        self.query_one("#loan-fields", KeyValues).show(account_rows(self.detail))

    async def build_document(self) -> Document:
        from tui.export.sources import loan_document

        assert self.contract_no is not None
        return await loan_document(self.client, self.contract_no)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "detail":
            return self.detail is not None  # no key shown that would do nothing (no loan, not disbursed)
        return super().check_action(action, parameters)

    @on(Button.Pressed, "#loan-detail")
    def _detail_pressed(self) -> None:
        self.action_detail()

    def action_detail(self) -> None:
        from tui.dialogs import DetailDialog

        if self.detail is not None:
            title = _("贷款详细信息 {contract_no}").format(contract_no=self.detail.contract_no)
            self.app.push_screen(DetailDialog(title, detail_rows(self.detail)))
