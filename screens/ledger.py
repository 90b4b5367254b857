"""个人账户明细 / 缴存支取信息: the ledger of a date range and business type, newest first.

Panels and their requests when the page opens: the header (缴存比例, 账户余额, 缴存基数: one
``/me/account``) and the table (one ``/me/ledger`` page, which also brings the range's totals). Older
pages load as they scroll into view; the balance chart asks for its series when its tab is opened.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import sys
from decimal import Decimal
from typing import Any, NamedTuple

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Static, TabbedContent, TabPane

from api_client.domain.formatting import fmt_date, fmt_money, fmt_month, fmt_rate
from api_client.i18n import N_, _, ngettext
from api_client.models import LEDGER_TYPE_LABELS, LedgerItem
from tui.export.document import Document
from tui.export.ui import EXPORT_BINDINGS, start_export, start_print
from tui.hall import HallScreen
from tui.widgets.charts import BalanceChart
from tui.widgets.info import yuan
from tui.widgets.query import QueryBar
from tui.widgets.table import Column, ColumnsHint, PagedRows, VirtualTable

PAGE_SIZE = 200

# Titles are messages (N_): ``columns()`` gives them in the interface's language.
COLUMNS = [
    Column(N_("编号"), 6, "right"),
    Column(N_("记账日期"), 10),
    Column(N_("业务类型"), 8),
    Column(N_("汇补缴年月"), 10),
    Column(N_("发生额"), 12, "right"),
    Column(N_("发生利息额"), 10, "right"),
    Column(N_("余额"), 13, "right"),
    Column(N_("摘要"), 20),
    Column(N_("机构"), 10),
    Column(N_("渠道"), 8),
]


def columns() -> list[Column]:
    """The ledger's columns, titled in the interface's language."""
    return [dataclasses.replace(column, title=_(column.title)) for column in COLUMNS]


def type_choices() -> list[tuple[str, str]]:
    """The business types to query by, in the interface's language: 全部, 汇缴, 补缴, …"""
    return [("all", _("全部")), *((kind, _(label)) for kind, label in LEDGER_TYPE_LABELS.items())]


class LedgerRow(NamedTuple):
    """One ledger entry as the table keeps it: a twelfth of a pydantic model's memory (12,000 rows ≈ 6 MiB)."""

    seq: int
    posted_on: dt.date
    type_label: str
    contribution_month: str | None
    amount: Decimal
    interest: Decimal
    balance: Decimal
    summary: str
    org: str
    channel: str


def compact(item: LedgerItem) -> LedgerRow:
    intern = sys.intern  # summaries, organisations and channels repeat thousands of times
    return LedgerRow(
        item.seq,
        item.posted_on,
        intern(item.type_label),
        intern(item.contribution_month) if item.contribution_month else None,
        item.amount,
        item.interest,
        item.balance,
        intern(item.summary),
        intern(item.org),
        intern(item.channel),
    )


def ledger_cells(item: LedgerRow) -> list[str | Text]:
    amount = Text(fmt_money(item.amount), style="bold" if item.amount < 0 else "")
    return [
        str(item.seq),
        fmt_date(item.posted_on),
        item.type_label,
        item.contribution_month or "",
        amount,
        fmt_money(item.interest),
        fmt_money(item.balance),
        item.summary,
        item.org,
        item.channel,
    ]


def ledger_detail(item: LedgerRow) -> list[tuple[str, str]]:
    return [
        (_("编号"), str(item.seq)),
        (_("记账日期"), fmt_date(item.posted_on)),
        (_("业务明细类型"), item.type_label),
        (_("汇补缴年月"), fmt_month(item.contribution_month)),
        (_("发生额"), yuan(item.amount)),
        (_("发生利息额"), yuan(item.interest)),
        (_("余额"), yuan(item.balance)),
        (_("摘要"), item.summary),
        (_("机构"), item.org),
        (_("渠道"), item.channel),
    ]


class LedgerScreen(HallScreen):
    SUBTITLE = N_("个人账户明细")
    BINDINGS = [
        Binding(
            "enter",
            "detail",
            N_("详情"),
            id="ledger.detail",
            tooltip=N_("详情：所选记录的全部字段（含表格放不下的列）"),
            show=False,
        ),
        Binding("ctrl+r", "query", N_("查询"), id="ledger.query", tooltip=N_("按当前条件重新查询"), show=False),
        *EXPORT_BINDINGS,
    ]

    def __init__(self) -> None:
        super().__init__()
        self.generation = 0  # a new query makes pages of the old one worthless
        self.query_args: dict[str, Any] = {}
        self.series_loaded = False

    def compose_body(self) -> ComposeResult:
        with Vertical(classes="page"):
            yield QueryBar(choices=type_choices(), choice_label=_("业务类型"), id="ledger-query")
            yield Static("", id="ledger-head", classes="summary-line")
            with TabbedContent(id="ledger-tabs"):
                with TabPane(_("明细"), id="tab-rows"):
                    yield VirtualTable(columns(), ledger_cells, id="ledger-table", fixed_columns=2)
                    yield ColumnsHint("ledger-table")
                    yield Static("", id="ledger-totals", classes="summary-line")
                with TabPane(_("余额走势"), id="tab-chart"):
                    yield BalanceChart(id="ledger-chart")

    def on_mount(self) -> None:
        self.query_one(VirtualTable).focus()
        self.load_panel(self.query_one("#ledger-head"), self.load_head, group="ledger.head")
        self.run_query(None, None, None)

    # --- header --------------------------------------------------------------------------------

    async def load_head(self) -> None:
        account = await self.client.account()
        self.query_one("#ledger-head", Static).update(
            _("缴存比例 {employer}+{personal}   账户余额 [b]{balance}[/b] 元   缴存基数 {base} 元").format(
                employer=fmt_rate(account.employer_ratio),
                personal=fmt_rate(account.personal_ratio),
                balance=fmt_money(account.balance),
                base=fmt_money(account.base),
            )
        )

    # --- query and pages -----------------------------------------------------------------------

    @on(QueryBar.Submitted)
    def _submitted(self, event: QueryBar.Submitted) -> None:
        self.run_query(event.start, event.end, event.choice)

    def action_query(self) -> None:
        self.query_one(QueryBar).submit()

    def run_query(self, start: dt.date | None, end: dt.date | None, kind: str | None) -> None:
        self.generation += 1
        self.query_args = {"start": start, "end": end, "type": None if kind in (None, "all") else kind}
        self.series_loaded = False
        # The rows and totals of the last query go at once: they never stand under the new criteria.
        self.query_one(VirtualTable).set_rows(())
        self.query_one("#ledger-totals", Static).update("")
        for group in [group for group in self.failed_loads if group.startswith("ledger.page")]:
            del self.failed_loads[group]  # pages of the last query: nothing to retry any more
        generation = self.generation
        panels = [self.query_one(VirtualTable), self.query_one("#ledger-totals")]
        self.load_panel(panels, lambda: self.load_first_page(generation), group="ledger.first")
        if self.query_one(TabbedContent).active == "tab-chart":
            self.load_series()

    async def load_first_page(self, generation: int) -> None:
        table = self.query_one(VirtualTable)
        page = await self.client.ledger(**self.query_args, page=1, page_size=PAGE_SIZE, newest_first=True)
        if generation != self.generation:
            return
        rows = PagedRows(page.total, PAGE_SIZE)
        rows.put_page(0, [compact(item) for item in page.items])
        table.set_rows(rows)
        table.focus()  # results arrived: browse them
        totals = page.totals
        self.query_one("#ledger-totals", Static).update(
            # No spaces inside an item: a narrow terminal wraps between items, never inside one.
            ngettext(
                "合计（元）  共[b]{count}[/b]条  收入：{income}  支出：{outgo}  利息：{interest}",
                "合计（元）  共[b]{count}[/b]条  收入：{income}  支出：{outgo}  利息：{interest}",
                totals.count,
            ).format(
                count=f"{totals.count:,}",
                income=fmt_money(totals.income),
                outgo=fmt_money(totals.outgo),
                interest=fmt_money(totals.interest),
            )
        )

    @on(VirtualTable.PagesWanted)
    def _pages_wanted(self, event: VirtualTable.PagesWanted) -> None:
        for page in event.pages:
            self.ask_page(self.generation, page)

    def ask_page(self, generation: int, page: int) -> None:
        """One older page; if it fails its rows say so, and it is asked again on R or when it next
        scrolls into view (never again while it stays on screen)."""
        table = self.query_one(VirtualTable)

        def failed(message: str) -> None:
            if generation == self.generation:
                table.page_failed(page, message)

        async def fill() -> None:
            if generation == self.generation:
                table.page_asked(page)
                await self.load_page(generation, page)

        self.load_panel((), fill, group=f"ledger.page{page}", said=failed)

    async def load_page(self, generation: int, page: int) -> None:
        result = await self.client.ledger(**self.query_args, page=page + 1, page_size=PAGE_SIZE, newest_first=True)
        if generation != self.generation:
            return
        table = self.query_one(VirtualTable)
        rows = table.rows
        if isinstance(rows, PagedRows):
            rows.put_page(page, [compact(item) for item in result.items])
            table.page_arrived(page)

    # --- chart ---------------------------------------------------------------------------------

    @on(TabbedContent.TabActivated)
    def _tab(self, event: TabbedContent.TabActivated) -> None:
        if event.pane.id == "tab-chart" and not self.series_loaded:
            self.load_series()

    def load_series(self) -> None:
        self.series_loaded = True
        self.load_panel(self.query_one(BalanceChart), self.fill_series, group="ledger.series")

    async def fill_series(self) -> None:
        chart = self.query_one(BalanceChart)
        series = await self.client.balance_series(start=self.query_args.get("start"), end=self.query_args.get("end"))
        chart.border_title = _("账户余额走势（月末余额）")
        chart.show([point.month for point in series.points], [point.balance for point in series.points])

    # --- export and print ----------------------------------------------------------------------

    async def build_document(self) -> Document:
        from tui.export.sources import ledger_document

        return await ledger_document(self.client, **self.query_args)

    def action_export(self) -> None:
        start_export(self, _("个人账户明细"), self.build_document)

    def action_print(self) -> None:
        start_print(self, _("个人账户明细"), self.build_document)

    # --- detail --------------------------------------------------------------------------------

    def action_detail(self) -> None:
        from tui.dialogs import DetailDialog

        table = self.query_one(VirtualTable)
        item = table.row_at(table.cursor_row)
        if item is not None:
            self.app.push_screen(DetailDialog(_("明细详情"), ledger_detail(item)))
