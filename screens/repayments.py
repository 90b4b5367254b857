"""公积金贷款还款明细: what the member has repaid in a date range, 罚息 included, with totals."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from rich.cells import cell_len
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Static

from api_client.domain.formatting import fmt_date, fmt_money, fmt_month
from api_client.i18n import N_, _, ngettext
from api_client.models import Repayment
from screens.loan_base import LoanScreen
from tui.columns import Align
from tui.export.document import Document
from tui.export.ui import EXPORT_BINDINGS
from tui.widgets.query import QueryBar
from tui.widgets.table import Column, ColumnsHint, VirtualTable, money_width


def titled(title: str, width: int, align: Align = "left") -> Column:
    """A column named ``title`` (in the language in use), at least as wide as its title."""
    return Column(title, max(width, cell_len(title)), align)


def repayment_columns(amount: Decimal | None = None, payments: list[Decimal] | None = None) -> list[Column]:
    """Money columns as wide as the contract's largest figures need."""
    payment = money_width(_("还款金额"), payments or [])
    return [
        titled(_("还款日期"), 10),
        titled(_("月份"), 7),
        titled(_("期数"), 4, "right"),
        titled(_("还款金额"), payment, "right"),
        titled(_("本金金额"), payment, "right"),
        titled(_("利息金额"), payment, "right"),
        titled(_("罚息金额"), 8, "right"),
        titled(_("贷款余额"), money_width(_("贷款余额"), [amount] if amount is not None else []), "right"),
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


def yuan(amount: Decimal) -> str:
    """1,872.11 元 (in English, 1,872.11 CNY)."""
    return _("{amount} 元").format(amount=fmt_money(amount))


def repayment_detail(item: Repayment) -> list[tuple[str, str]]:
    return [
        (_("还款日期"), fmt_date(item.paid_on)),
        (_("月份"), fmt_month(item.month)),
        (_("期数"), _("第 {period} 期").format(period=item.period)),
        (_("还款金额"), yuan(item.amount)),
        (_("本金金额"), yuan(item.principal)),
        (_("利息金额"), yuan(item.interest)),
        (_("罚息金额"), yuan(item.penalty)),
        (_("贷款余额"), yuan(item.balance)),
    ]


class RepaymentsScreen(LoanScreen):
    SUBTITLE = N_("公积金贷款还款明细")
    BINDINGS = [
        Binding(
            "enter",
            "detail",
            N_("详情"),
            id="repayments.detail",
            tooltip=N_("详情：所选还款的全部字段（含表格放不下的列）"),
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
            repayment_columns(), repayment_cells, empty_text=_("该时间段内没有还款记录"), id="repayments-table"
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
        head = _("最新在前")  # by repayment date
        if loan is not None:
            head = ngettext(
                "放款金额 [b]{amount}[/b] 元  放款日期 {disbursed_on}  贷款期数 {periods} 期  {order}",
                "放款金额 [b]{amount}[/b] 元  放款日期 {disbursed_on}  贷款期数 {periods} 期  {order}",
                loan.periods,
            ).format(
                amount=fmt_money(loan.amount),
                disbursed_on=fmt_date(loan.disbursed_on),
                periods=loan.periods,
                order=head,
            )
        self.query_one("#repayments-head", Static).update(head)
        table.focus()
        totals = result.totals
        self.query_one("#repayments-totals", Static).update(
            ngettext(
                "合计（元）  共[b]{count}[/b]期  还款：{amount}  本金：{principal}  利息：{interest}  罚息：{penalty}",
                "合计（元）  共[b]{count}[/b]期  还款：{amount}  本金：{principal}  利息：{interest}  罚息：{penalty}",
                totals.count,
            ).format(
                count=totals.count,
                amount=fmt_money(totals.amount),
                principal=fmt_money(totals.principal),
                interest=fmt_money(totals.interest),
                penalty=fmt_money(totals.penalty),
            )
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
            self.app.push_screen(DetailDialog(_("还款详情"), repayment_detail(item)))
