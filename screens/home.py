"""个人业务首页: tasks (消息, 我发起的, 已阅), 我的公积金, 我的贷款 and the menu of functions.

Each panel makes exactly one request when the page opens, in its own worker, so a slow panel never
holds up the others.
"""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from api_client.formatting import fmt_money, fmt_month, fmt_rate
from tui import menu
from tui.hall import HallScreen
from tui.widgets.info import KeyValues

ACTIONS = [("logout", "退出服务大厅", "F10")]


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
            yield OptionList(*self.menu_options(), id="menu")

    def menu_options(self) -> list[Option | None]:
        options: list[Option | None] = []
        for group, functions in menu.grouped():
            options.append(Option(f"【{group}】", disabled=True))
            for function in functions:
                key = f"  {function.key.upper()}" if function.key else ""
                options.append(Option(f"  {function.title}{key}", id=f"fn:{function.id}"))
        options.append(Option("【系统】", disabled=True))
        for action_id, title, key in ACTIONS:
            options.append(Option(f"  {title}  {key}", id=f"act:{action_id}"))
        return options

    def on_mount(self) -> None:
        menu_list = self.query_one("#menu", OptionList)
        menu_list.focus()
        menu_list.highlighted = next(
            (index for index in range(menu_list.option_count) if not menu_list.get_option_at_index(index).disabled), None)
        for panel_id in ("fund", "loan"):
            self.query_one(f"#{panel_id}").loading = True
        self.load_account()
        self.load_loans()
        self.load_tasks()

    @on(OptionList.OptionSelected, "#menu")
    async def _chosen(self, event: OptionList.OptionSelected) -> None:
        option_id = event.option.id or ""
        kind, _, name = option_id.partition(":")
        if kind == "fn":
            await self.app.open_function(name)  # type: ignore[attr-defined]
        elif kind == "act":
            await self.run_action(name)

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
