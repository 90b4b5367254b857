"""个人业务首页: tasks (消息, 我发起的, 已阅), 我的公积金, 我的贷款 and the menu of functions.

Each panel makes exactly one request when the page opens, in its own worker, so a slow panel never
holds up the others.
"""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Static

from api_client.formatting import fmt_money, fmt_month, fmt_rate
from tui.hall import HallScreen
from tui.widgets.home_menu import HomeMenu
from tui.widgets.info import KeyValues


class HomeScreen(HallScreen):
    SUBTITLE = "首页"

    def compose_body(self) -> ComposeResult:
        with Vertical(id="home"):
            yield Static("正在加载待办…", id="tasks")
            with Horizontal(id="panels"):
                fund = KeyValues(id="fund", right_align=True)
                fund.border_title = "我的公积金"
                yield fund
                loan = KeyValues(id="loan", right_align=True)
                loan.border_title = "我的贷款"
                yield loan
            home_menu = HomeMenu(id="menu")
            home_menu.border_title = "功能菜单"
            yield home_menu

    def on_mount(self) -> None:
        self.query_one(HomeMenu).focus_first()
        for panel_id in ("fund", "loan"):
            self.query_one(f"#{panel_id}").loading = True
        self.load_account()
        self.load_loans()
        self.load_tasks()

    @on(HomeMenu.Chosen)
    async def _chosen(self, event: HomeMenu.Chosen) -> None:
        await self.app.open_function(event.function_id)  # type: ignore[attr-defined]

    @work(group="home.account", exit_on_error=False)
    async def load_account(self) -> None:
        panel = self.query_one("#fund", KeyValues)
        try:
            account = await self.client.account()
        finally:
            panel.loading = False
        panel.show([
            ("账户余额", f"{fmt_money(account.balance)} 元"),
            ("账户状态", account.status_label),
            ("月缴存额", f"{fmt_money(account.monthly_deposit)} 元"),
            ("缴存比例", f"{fmt_rate(account.employer_ratio)} + {fmt_rate(account.personal_ratio)}"),
            ("缴至年月", fmt_month(account.paid_up_to)),
            ("单位", account.employer_name),
        ])

    @work(group="home.loans", exit_on_error=False)
    async def load_loans(self) -> None:
        panel = self.query_one("#loan", KeyValues)
        try:
            loans = await self.client.loans()
        finally:
            panel.loading = False
        if not loans:
            panel.show([("", "您目前没有公积金贷款")])
            return
        active = [loan for loan in loans if loan.status == "repaying"]
        main = active[0] if active else loans[-1]
        rows = [
            ("合同编号", main.contract_no),
            ("合同状态", main.status_label),
            ("贷款余额", f"{fmt_money(main.balance)} 元"),
            ("月还款额", f"{fmt_money(main.monthly_payment)} 元"),
            ("已还期数", f"{main.paid_periods} / {main.periods}"),
        ]
        others = [loan for loan in loans if loan is not main]
        if others:
            rows.append(("其他合同", "、".join(f"{loan.status_label}" for loan in others)))
        panel.show(rows)

    @work(group="home.tasks", exit_on_error=False)
    async def load_tasks(self) -> None:
        tasks = await self.client.tasks()
        self.query_one("#tasks", Static).update(
            f"消息 [b]{tasks.unread_messages}[/b] 条未读    我发起的 [b]{tasks.applications}[/b] 项"
            f"（办理中 {tasks.applications_in_progress}）    已阅 [b]{tasks.read_messages}[/b] 条"
        )
