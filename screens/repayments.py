"""公积金贷款还款明细: what the member has repaid in a date range, 罚息 included, with totals."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Static

from api_client.domain.formatting import fmt_date, fmt_money, fmt_month
from api_client.models import Repayment
from screens.loan_base import LoanScreen
from tui.export.document import Document
from tui.export.ui import EXPORT_BINDINGS
from tui.widgets.query import QueryBar
from tui.widgets.table import Column, ColumnsHint, VirtualTable, money_width


def repayment_columns(amount: Decimal | None = None, payments: list[Decimal] | None = None) -> list[Column]:
    """Money columns as wide as the contract's largest figures need."""
    payment = money_width("还款金额", payments or [])
    return [
        Column("还款日期", 10),
        Column("月份", 7),
        Column("期数", 4, "right"),
        Column("还款金额", payment, "right"),
        Column("本金金额", payment, "right"),
        Column("利息金额", payment, "right"),
        Column("罚息金额", 8, "right"),
        Column("贷款余额", money_width("贷款余额", [amount] if amount is not None else []), "right"),
    ]


def repayment_cells(item: Repayment) -> list[str | Text]:
    penalty = Text(fmt_money(item.penalty), style="bold" if item.penalty else "")
    return [
        fmt_date(item.paid_on),
        item.month,
        str(item.period),
        fmt_money(item.amount),
        fmt_money(item.principal),
        fmt_money(item.interest),
        penalty,
        fmt_money(item.balance),
    ]


def repayment_detail(item: Repayment) -> list[tuple[str, str]]:
    return [
        ("还款日期", fmt_date(item.paid_on)),
        ("月份", fmt_month(item.month)),
        ("期数", f"第 {item.period} 期"),
        ("还款金额", f"{fmt_money(item.amount)} 元"),
        ("本金金额", f"{fmt_money(item.principal)} 元"),
        ("利息金额", f"{fmt_money(item.interest)} 元"),
        ("罚息金额", f"{fmt_money(item.penalty)} 元"),
        ("贷款余额", f"{fmt_money(item.balance)} 元"),
    ]


class RepaymentsScreen(LoanScreen):
    SUBTITLE = "公积金贷款还款明细"
    BINDINGS = [
        Binding(
            "enter",
            "detail",
            "详情",
            id="repayments.detail",
            tooltip="详情：所选还款的全部字段（含表格放不下的列）",
            show=False,
        ),
        *EXPORT_BINDINGS,
    ]

    def __init__(self) -> None:
        super().__init__()
        self.start: dt.date | None = None
        self.end: dt.date | None = None

    def compose_contract_body(self) -> ComposeResult:
        yield QueryBar(id="repayments-query")
        yield Static("", id="repayments-head", classes="summary-line")
        yield VirtualTable(
            repayment_columns(), repayment_cells, empty_text="该时间段内没有还款记录", id="repayments-table"
        )
        yield ColumnsHint("repayments-table")
        yield Static("", id="repayments-totals", classes="summary-line")

    async def load_contract(self, contract_no: str) -> None:
        result = await self.client.repayments(contract_no, start=self.start, end=self.end)
        table = self.query_one(VirtualTable)
        loan = self.loan(contract_no)
        table.set_columns(repayment_columns(loan.amount if loan else None, [item.amount for item in result.items]))
        # Newest first, as 个人账户明细 lists (an export stays oldest first, as a statement does).
        table.set_rows(sorted(result.items, key=lambda item: (item.paid_on, item.period), reverse=True))
        head = "最新在前"  # by repayment date
        if loan is not None:
            head = (
                f"放款金额 [b]{fmt_money(loan.amount)}[/b] 元  放款日期 {fmt_date(loan.disbursed_on)}  "
                f"贷款期数 {loan.periods} 期  {head}"
            )
        self.query_one("#repayments-head", Static).update(head)
        table.focus()
        totals = result.totals
        self.query_one("#repayments-totals", Static).update(
            f"合计（元）  共[b]{totals.count}[/b]期  还款：{fmt_money(totals.amount)}  本金：{fmt_money(totals.principal)}  "
            f"利息：{fmt_money(totals.interest)}  罚息：{fmt_money(totals.penalty)}"
        )

    async def build_document(self) -> Document:
        from tui.export.sources import repayments_document

        assert self.contract_no is not None
        return await repayments_document(self.client, self.contract_no, start=self.start, end=self.end)

    @on(QueryBar.Submitted)
    def _query(self, event: QueryBar.Submitted) -> None:
        self.start, self.end = event.start, event.end
        if self.contract_no:
            self.run_contract(self.contract_no)

    def action_detail(self) -> None:
        from tui.dialogs import DetailDialog

        table = self.query_one(VirtualTable)
        item = table.row_at(table.cursor_row)
        if item is not None:
            self.app.push_screen(DetailDialog("还款详情", repayment_detail(item)))
