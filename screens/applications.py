"""我发起的: the businesses the member started (withdrawals, loans) with their state; 【查看】 shows the
flow — every node with its handler, opinion and time, the node in progress marked; 【更多】 the older ones.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, DataTable, Static

from api_client.domain.formatting import fmt_date, fmt_datetime, fmt_money
from api_client.domain.labels import STEP_STATE_LABELS
from api_client.i18n import N_, _
from tui.hall import HallScreen
from tui.widgets.info import KeyValues, periods, yuan

from .paged_list import PAGE_SIZE, PagedListScreen

if TYPE_CHECKING:
    from api_client.models import Application, ApplicationPage

NODE_MARKS = {"done": "✔", "current": "▶", "pending": "○", "rejected": "✘"}
NODE_STYLES = {"done": "bold", "current": "bold reverse", "pending": "dim", "rejected": "bold"}


class ApplicationsScreen(PagedListScreen):
    SUBTITLE = N_("我发起的")
    EMPTY = N_("暂无由您发起的业务")
    UNIT = N_("项")
    OLDER = N_("更早的业务")
    ALL_SHOWN_TIP = N_("。选中一项按 Enter 查看办理流程")

    BINDINGS = [
        Binding("enter", "view", N_("查看"), id="applications.view", show=False),
        Binding("m", "more", N_("更多"), id="applications.more", tooltip=N_("显示更早发起的业务")),
    ]

    def compose_body(self) -> ComposeResult:
        with Vertical(classes="page"):
            table: DataTable[str | Text] = DataTable(id="applications", cursor_type="row", zebra_stripes=True)
            table.add_column(_("业务编号"), key="number", width=15)
            table.add_column(_("业务类型"), key="kind", width=12)
            table.add_column(Text(_("金额（元）"), justify="right"), key="amount", width=12)
            table.add_column(_("申请日期"), key="date", width=10)
            table.add_column(_("当前环节"), key="state", width=8)
            table.add_column(_("状态"), key="status", width=6)
            yield table
            yield Static("", id="count", classes="page-note")
            with Horizontal(classes="actions"):
                yield Button(_("查看"), id="view", variant="primary", compact=True)
                yield Button(_("更多(M)"), id="more", compact=True)

    async def fetch(self, page: int) -> ApplicationPage:
        return await self.client.applications(page=page, page_size=PAGE_SIZE)

    def row(self, app: Application) -> tuple[str | Text, ...]:
        return (
            app.number,
            _(app.kind_label),
            Text(fmt_money(app.amount), justify="right"),
            fmt_date(app.created_at.date()),
            app.state,
            _(app.status_label),
        )

    def action_view(self) -> None:
        application = self.selected()
        if application is not None:
            self.app.push_screen(ApplicationDetailScreen(application.id))


class ApplicationDetailScreen(HallScreen):
    """业务办理情况: the flow of one application (one request)."""

    SUBTITLE = N_("业务办理情况")

    def __init__(self, application_id: int) -> None:
        super().__init__()
        self.application_id = application_id

    def compose_body(self) -> ComposeResult:
        with VerticalScroll(classes="page", id="application"):
            facts = KeyValues(id="facts", pairs_per_line=2, classes="panel")
            facts.border_title = _("业务信息")
            yield facts
            yield Static("", id="flow", classes="flow")
            table: DataTable[str | Text] = DataTable(id="nodes", cursor_type="row", show_cursor=False)
            table.add_column(_("环节"), key="node", width=8)
            table.add_column(_("状态"), key="state", width=8)
            table.add_column(_("经办人"), key="handler", width=6)
            table.add_column(_("审批意见"), key="opinion", width=20)
            table.add_column(_("办理时间"), key="time", width=16)
            yield table
            yield Static("", id="schedule", classes="page-note", markup=False)

    def on_mount(self) -> None:
        self.load_panel(self.query_one("#application"), self.load, group="application.load")

    async def load(self) -> None:
        app = await self.client.application(self.application_id)
        rows = [
            (_("业务编号"), app.number),
            (_("业务类型"), _(app.kind_label)),
            (_("金额"), yuan(app.amount)),
            (_("申请时间"), fmt_datetime(app.created_at)),
            (_("状态"), _(app.status_label)),
            (_("当前环节"), app.state or "—"),  # as the list shows it: 办结 once finished
        ]
        if app.contract_no:
            rows.append((_("合同编号"), app.contract_no))
        if app.periods:
            rows.append(
                (
                    _("贷款期数"),
                    _("{periods}（{method}）").format(periods=periods(app.periods), method=_(app.method_label or "")),
                )
            )
        if app.bank_account_masked:
            rows.append((_("收款账户"), app.bank_account_masked))
        if app.bank_name:
            rows.append((_("银行"), app.bank_name))
        if app.finished_at:
            rows.append((_("办结时间"), fmt_datetime(app.finished_at)))
        self.query_one("#facts", KeyValues).show(rows)
        flow = Text()
        for index, node in enumerate(app.nodes):
            if index:
                flow.append(" ─ ", style="dim")
            mark = NODE_MARKS[node.state]
            flow.append(f"{mark} {node.name}", style=NODE_STYLES[node.state])
        self.query_one("#flow", Static).update(flow)
        table = self.query_one("#nodes", DataTable)
        for node in app.nodes:
            mark, label = NODE_MARKS[node.state], _(STEP_STATE_LABELS[node.state])
            table.add_row(
                node.name,
                Text(f"{mark} {label}", style=NODE_STYLES[node.state]),
                node.handler or "—",
                node.opinion or "—",
                fmt_datetime(node.at),
                key=str(node.idx),
            )
        self.query_one("#schedule", Static).update(app.schedule_note)
        table.focus()
