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
from api_client.i18n import _
from tui.hall import HallScreen
from tui.widgets.info import KeyValues

from .paged_list import PAGE_SIZE, PagedListScreen

if TYPE_CHECKING:
    from api_client.models import Application, ApplicationPage

NODE_MARKS = {"done": "✔", "current": "▶", "pending": "○", "rejected": "✘"}
NODE_STYLES = {"done": "bold", "current": "bold reverse", "pending": "dim", "rejected": "bold"}


class ApplicationsScreen(PagedListScreen):
    SUBTITLE = "我发起的"
    EMPTY = "暂无由您发起的业务"
    UNIT = "项"
    OLDER = "更早的业务"
    ALL_SHOWN_TIP = "。选中一项按 Enter 查看办理流程"

    BINDINGS = [
        Binding("enter", "view", "查看", id="applications.view", show=False),
        Binding("m", "more", "更多", id="applications.more", tooltip="显示更早发起的业务"),
    ]

    def compose_body(self) -> ComposeResult:
        with Vertical(classes="page"):
            table: DataTable[str | Text] = DataTable(id="applications", cursor_type="row", zebra_stripes=True)
            table.add_column("业务编号", key="number", width=15)
            table.add_column("业务类型", key="kind", width=12)
            table.add_column(Text("金额（元）", justify="right"), key="amount", width=12)
            table.add_column("申请日期", key="date", width=10)
            table.add_column("当前环节", key="state", width=8)
            table.add_column("状态", key="status", width=6)
            yield table
            yield Static("", id="count", classes="page-note")
            with Horizontal(classes="actions"):
                yield Button("查看", id="view", variant="primary", compact=True)
                yield Button("更多(M)", id="more", compact=True)

    async def fetch(self, page: int) -> ApplicationPage:
        return await self.client.applications(page=page, page_size=PAGE_SIZE)

    def row(self, app: Application) -> tuple[str | Text, ...]:
        return (
            app.number,
            app.kind_label,
            Text(fmt_money(app.amount), justify="right"),
            fmt_date(app.created_at.date()),
            app.state,
            app.status_label,
        )

    def action_view(self) -> None:
        application = self.selected()
        if application is not None:
            self.app.push_screen(ApplicationDetailScreen(application.id))


class ApplicationDetailScreen(HallScreen):
    """业务办理情况: the flow of one application (one request)."""

    SUBTITLE = "业务办理情况"

    def __init__(self, application_id: int) -> None:
        super().__init__()
        self.application_id = application_id

    def compose_body(self) -> ComposeResult:
        with VerticalScroll(classes="page", id="application"):
            facts = KeyValues(id="facts", pairs_per_line=2, classes="panel")
            facts.border_title = "业务信息"
            yield facts
            yield Static("", id="flow", classes="flow")
            table: DataTable[str | Text] = DataTable(id="nodes", cursor_type="row", show_cursor=False)
            table.add_column("环节", key="node", width=8)
            table.add_column("状态", key="state", width=8)
            table.add_column("经办人", key="handler", width=6)
            table.add_column("审批意见", key="opinion", width=20)
            table.add_column("办理时间", key="time", width=16)
            yield table
            yield Static("", id="schedule", classes="page-note", markup=False)

    def on_mount(self) -> None:
        self.load_panel(self.query_one("#application"), self.load, group="application.load")

    async def load(self) -> None:
        app = await self.client.application(self.application_id)
        rows = [
            ("业务编号", app.number),
            ("业务类型", app.kind_label),
            ("金额", f"{fmt_money(app.amount)} 元"),
            ("申请时间", fmt_datetime(app.created_at)),
            ("状态", app.status_label),
            ("当前环节", app.state or "—"),  # as the list shows it: 办结 once finished
        ]
        if app.contract_no:
            rows.append(("合同编号", app.contract_no))
        if app.periods:
            rows.append(("贷款期数", f"{app.periods} 期（{app.method_label}）"))
        if app.bank_account_masked:
            rows.append(("收款账户", app.bank_account_masked))
        if app.bank_name:
            rows.append(("银行", app.bank_name))
        if app.finished_at:
            rows.append(("办结时间", fmt_datetime(app.finished_at)))
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
