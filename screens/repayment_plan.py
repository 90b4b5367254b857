"""公积金贷款还款计划查询: the plan of a contract (chosen, or typed as 借款合同号) over a date range.

The header repeats the contract (贷款发放额, 期数, 发放日期, 到期日期, 约定还款日, 月还款额, 利率,
结清日期); the rows are the plan; two more tabs draw the balance over time and how each year's
payments split between principal and interest. Settled and undisbursed contracts answer as the
manual says.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import Decimal

from rich.cells import cell_len
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Input, Static, TabbedContent, TabPane

from api_client.domain.formatting import fmt_date, fmt_money, fmt_rate
from api_client.domain.labels import PLAN_ROW_STATE_LABELS
from api_client.errors import LoanNotDisbursed, LoanSettled, NotFound
from api_client.i18n import N_, _, ngettext
from api_client.models import PlanRow, RepaymentPlan
from screens.loan_base import LoanScreen
from screens.repayments import titled, yuan
from tui.export.document import Document
from tui.export.ui import EXPORT_BINDINGS
from tui.widgets.charts import BalanceChart, ShareBars
from tui.widgets.info import KeyValues
from tui.widgets.query import QueryBar
from tui.widgets.table import Column, ColumnsHint, VirtualTable, money_width


def plan_columns(plan: RepaymentPlan | None = None) -> list[Column]:
    """Money columns as wide as this plan's largest figure needs (never cut an amount)."""
    balance = money_width(_("期初余额"), [plan.amount] if plan else [])
    payment = money_width(_("月还款额"), [row.payment for row in plan.rows] if plan else [])
    states = max(cell_len(_(label)) for label in PLAN_ROW_STATE_LABELS.values())
    return [
        titled(_("期数"), 4, "right"),
        titled(_("计划还款日期"), 10),  # a date, or the title when it is wider
        titled(_("期初余额"), balance, "right"),
        titled(_("本期本金"), payment, "right"),
        titled(_("本期利息"), payment, "right"),
        titled(_("月还款额"), payment, "right"),
        titled(_("期末余额"), balance, "right"),
        titled(_("利率"), 4, "right"),
        titled(_("状态"), states),
    ]


def plan_cells(row: PlanRow) -> list[str | Text]:
    state = Text(
        _(PLAN_ROW_STATE_LABELS[row.state]),
        style="bold" if row.state == "overdue" else ("dim" if row.state == "paid" else ""),
    )
    return [
        str(row.period),
        fmt_date(row.due_on),
        fmt_money(row.opening_balance),
        fmt_money(row.principal),
        fmt_money(row.interest),
        fmt_money(row.payment),
        fmt_money(row.closing_balance),
        f"{row.annual_rate:.2f}",
        state,
    ]


def header_rows(plan: RepaymentPlan) -> list[tuple[str, str]]:
    return [
        (_("贷款发放额"), yuan(plan.amount)),
        (_("贷款期数"), ngettext("{n} 期", "{n} 期", plan.periods).format(n=plan.periods)),
        (_("发放日期"), fmt_date(plan.disbursed_on)),
        (_("到期日期"), fmt_date(plan.maturity_on)),
        (_("约定还款日"), _("每月 {day} 日").format(day=plan.repayment_day)),
        (_("月还款额"), yuan(plan.monthly_payment)),
        (_("贷款利率"), fmt_rate(plan.annual_rate)),
        (_("结清日期"), fmt_date(plan.settled_on, blank=_("未结清"))),
        (_("还款方式"), plan.method_label),
        (_("贷款余额"), yuan(plan.balance)),
    ]


def yearly_split(rows: list[PlanRow]) -> list[tuple[str, Decimal, Decimal]]:
    principal: dict[int, Decimal] = defaultdict(Decimal)
    interest: dict[int, Decimal] = defaultdict(Decimal)
    for row in rows:
        principal[row.due_on.year] += row.principal
        interest[row.due_on.year] += row.interest
    return [(str(year), principal[year], interest[year]) for year in sorted(principal)]


class RepaymentPlanScreen(LoanScreen):
    SUBTITLE = N_("公积金贷款还款计划查询")
    BINDINGS = [
        Binding("ctrl+r", "query", N_("查询"), id="plan.query", tooltip=N_("按合同号和日期重新查询"), show=False),
        *EXPORT_BINDINGS,
    ]

    def __init__(self) -> None:
        super().__init__()
        self.start: dt.date | None = None
        self.end: dt.date | None = None
        self.plan: RepaymentPlan | None = None

    def compose_contract_row(self) -> ComposeResult:
        yield Static(_("或输入"), classes="contract-label contract-or")
        yield Input(id="plan-contract", max_length=32, compact=True, placeholder=_("合同号"))

    def compose_contract_body(self) -> ComposeResult:
        yield Static("", id="plan-contract-error")
        yield QueryBar(id="plan-query")
        yield KeyValues(id="plan-head", pairs_per_line=2)
        with TabbedContent(id="plan-tabs"):
            with TabPane(_("还款计划"), id="tab-plan"):
                yield VirtualTable(plan_columns(), plan_cells, empty_text=_("该时间段内没有计划还款"), id="plan-table")
                yield ColumnsHint("plan-table", detail=False)
            with TabPane(_("余额走势"), id="tab-balance"):
                yield BalanceChart(id="plan-chart")
            with TabPane(_("本息构成"), id="tab-split"), VerticalScroll():
                yield ShareBars(id="plan-split")

    def choose(self, contract_no: str) -> None:
        self.query_one("#plan-contract", Input).value = contract_no
        super().choose(contract_no)

    async def load_contract(self, contract_no: str) -> None:
        error = self.query_one("#plan-contract-error", Static)
        error.display = False
        try:
            plan = await self.client.plan(contract_no, start=self.start, end=self.end)
        except NotFound as missing:
            error.update(missing.message)
            error.display = True
            self.app.bell()
            return
        except (LoanNotDisbursed, LoanSettled):
            self.plan = None
            raise
        self.plan = plan
        self.query_one("#plan-head", KeyValues).show(header_rows(plan))
        table = self.query_one(VirtualTable)
        table.set_columns(plan_columns(plan))
        table.set_rows(plan.rows)
        table.focus()
        paid = next((index for index, row in enumerate(plan.rows) if row.state != "paid"), 0)
        table.cursor_row = paid  # open on the next payment due
        chart = self.query_one(BalanceChart)
        chart.border_title = _("贷款余额走势（期末余额）")
        chart.show([row.due_on.isoformat() for row in plan.rows], [row.closing_balance for row in plan.rows])
        self.query_one(ShareBars).show(yearly_split(plan.rows), _("本金"), _("利息"))

    def show_message(self, message: str | None) -> None:
        # The typed contract number stays usable even when the chosen contract has no plan to show.
        super().show_message(message)
        if message and self.loans:
            self.query_one("#contract-body").display = True
            for widget_id in ("#plan-head", "#plan-tabs"):
                self.query_one(widget_id).display = False
        else:
            for widget_id in ("#plan-head", "#plan-tabs"):
                self.query_one(widget_id).display = True

    async def build_document(self) -> Document:
        from tui.export.sources import plan_document

        assert self.contract_no is not None
        return await plan_document(self.client, self.contract_no, start=self.start, end=self.end)

    @on(QueryBar.Submitted)
    def _query(self, event: QueryBar.Submitted) -> None:
        self.start, self.end = event.start, event.end
        self.action_query()

    @on(Input.Submitted, "#plan-contract")
    def _typed(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_query()

    def action_query(self) -> None:
        typed = self.query_one("#plan-contract", Input).value.strip()
        if not typed:
            error = self.query_one("#plan-contract-error", Static)
            error.update(_("请输入借款合同号"))
            error.display = True
            self.app.bell()
            return
        self.contract_no = typed
        self.show_message(None)
        self.run_contract(typed)
