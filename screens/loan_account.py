"""公积金贷款账户信息: the loan's account fields, and 【查看详细信息】 for the full detail.

An undisbursed contract answers 此合同【…】的贷款未发放 (the server's LOAN_NOT_DISBURSED).
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Button

from api_client.domain.formatting import fmt_date, fmt_money, fmt_rate
from api_client.domain.masking import mask_name
from api_client.models import Loan, LoanDetail
from screens.loan_base import LoanScreen
from tui.export.document import Document
from tui.export.ui import EXPORT_BINDINGS
from tui.widgets.info import KeyValues


def period_rows(loan: Loan) -> list[tuple[str, str]]:
    """月还款额 and 贷款利率, from the same period, and which one: the current period while repaying,
    the last one paid once settled."""
    payment = f"{fmt_money(loan.monthly_payment)} 元"
    rate = fmt_rate(loan.annual_rate).rstrip("%")
    if loan.status == "settled":
        which = f"（末期，第 {loan.paid_periods} 期）" if loan.paid_periods else "（末期）"
        return [("月还款额", payment + which), ("贷款利率(%)", rate + which)]
    return [("月还款额", payment), ("贷款利率(%)", rate)]


def account_rows(loan: LoanDetail) -> list[tuple[str, str]]:
    return [
        ("贷款合同编号", loan.contract_no),
        ("银行名称", loan.bank_name),
        ("贷款金额", f"{fmt_money(loan.amount)} 元"),
        ("放款日期", fmt_date(loan.disbursed_on)),
        ("贷款期数", f"{loan.periods} 期"),
        ("约定还款日", f"每月 {loan.repayment_day} 日" if loan.repayment_day else "—"),
        *period_rows(loan),
        ("还款方式", loan.method_label),
        ("合同状态", loan.status_label),
        ("贷款余额", f"{fmt_money(loan.balance)} 元"),
        ("到期日期", fmt_date(loan.maturity_on)),
    ]


def detail_rows(loan: LoanDetail) -> list[tuple[str, str]]:
    rows = [
        ("借款人", f"{mask_name(loan.borrower_name)}（{loan.borrower_id_masked}）"),
        (
            "共同借款人",
            f"{mask_name(loan.co_borrower_name)}（{loan.co_borrower_id_masked}）" if loan.co_borrower_name else "无",
        ),
        ("还款账号", loan.repayment_account_masked or "—"),
        ("房屋坐落", loan.house_address),
        ("贷款类型", loan.loan_type),
        ("房屋性质", loan.house_type),
        ("贷款金额", f"{fmt_money(loan.amount)} 元"),
        ("已还期数", f"{loan.paid_periods} / {loan.periods}"),
        ("贷款余额", f"{fmt_money(loan.balance)} 元"),
        ("逾期期数", f"{loan.overdue_periods} 期"),
        ("逾期金额", f"{fmt_money(loan.overdue_amount)} 元"),
        ("结清日期", fmt_date(loan.settled_on)),
    ]
    return rows


class LoanAccountScreen(LoanScreen):
    SUBTITLE = "公积金贷款账户信息"
    BINDINGS = [
        Binding("d", "detail", "查看详细信息", id="loan.detail", tooltip="借款人、共同借款人、还款账号等"),
        *EXPORT_BINDINGS,
    ]

    def __init__(self) -> None:
        super().__init__()
        self.detail: LoanDetail | None = None

    def compose_contract_body(self) -> ComposeResult:
        fields = KeyValues(id="loan-fields", pairs_per_line=2, wide_from=90)
        fields.border_title = "贷款账户信息"
        yield fields
        yield Button("查看详细信息(D)", id="loan-detail", compact=True)

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
            self.app.push_screen(DetailDialog(f"贷款详细信息 {self.detail.contract_no}", detail_rows(self.detail)))
