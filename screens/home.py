"""个人业务首页: tasks (消息, 我发起的, 已阅), 我的公积金, 我的贷款 and the menu of functions.

Each panel makes exactly one request when the page opens, so a slow panel never holds up the others;
coming back to the page (from a function, a dialog) reloads them, so counters and the balance are never
stale. The page is built while the login is on its way (``GjjApp.prepare_home``) and its three requests
start the moment the login succeeds (``HomeScreen.opened``): what answers within a moment is on the
page's first frame, what does not fills in on the page. Top right, as in the manual: 关闭音效 / 开启音效
and 退出.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from textual import getters, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button

from api_client.domain.formatting import fmt_date, fmt_month, fmt_rate
from api_client.i18n import N_, _, ngettext
from tui import menu
from tui.app import GjjApp
from tui.hall import HallScreen
from tui.widgets.home_menu import HomeMenu
from tui.widgets.info import KeyValues, periods, yuan

if TYPE_CHECKING:
    from api_client.client import GjjClient
    from api_client.models import Account, Loan, Tasks

T = TypeVar("T")


class FundPanel(KeyValues, can_focus=True):
    """我的公积金: a Tab stop; Enter or a click is the manual's 【查询更多】 (the ledger, 个人账户明细), and
    its figures take the cursor (C copies the one under it)."""

    BINDINGS = [
        Binding("enter", "more", N_("查询更多"), id="home.fund_more", tooltip=N_("【查询更多】：打开个人账户明细"))
    ]

    app = getters.app(GjjApp)

    def action_more(self) -> None:
        self.app.call_later(self.app.open_function, "ledger")

    def on_click(self) -> None:
        self.action_more()


class HomeScreen(HallScreen):
    SUBTITLE = N_("首页")
    _stale = True  # the panels need loading when the page is next shown
    # How long a login waits for the panels' answers before the page is drawn (``opened``).
    FIRST_DRAW_WAIT = 0.3

    def __init__(self, first_answers: Mapping[str, asyncio.Task[Any]] | None = None) -> None:
        super().__init__()
        # The panels' requests started at login (``opened``), by panel: each is used once, then the
        # panel asks anew (coming back to the page, R after a failure).
        self._first_answers: dict[str, asyncio.Task[Any]] = dict(first_answers or {})
        self._filled_first: set[str] = set()  # panels filled from those answers, before the page was shown
        self._panels_mounted = False

    @classmethod
    async def opened(cls, client: GjjClient, page: HomeScreen | None = None) -> HomeScreen:
        """The home page of a member who has just signed in (``page``, when it was built while the login was
        on its way), its three requests already under way.

        The answers that come within ``FIRST_DRAW_WAIT`` (against the embedded demo: all three, in a few
        ms) are on the page's first frame: one layout and one paint, instead of loading indicators and then
        a layout and a paint per panel. An answer still on its way fills its panel on the page, and a
        failure is shown there as any panel's is."""
        first = {
            "account": asyncio.ensure_future(client.account()),
            "loans": asyncio.ensure_future(client.loans()),
            "tasks": asyncio.ensure_future(client.tasks()),
        }
        await asyncio.wait(first.values(), timeout=cls.FIRST_DRAW_WAIT)
        if page is None:
            return cls(first)
        page.first_answers(first)
        return page

    def first_answers(self, first: Mapping[str, asyncio.Task[Any]]) -> None:
        """The panels' requests the login started, for a page built before it succeeded: what has answered
        fills its panel now (or as the page mounts), before the page is shown."""
        self._first_answers = dict(first)
        if self._panels_mounted:
            self._fill_first()

    def _answered(self, panel: str) -> Any | None:
        """The answer the login already brought for ``panel`` (used up), or None."""
        task = self._first_answers.get(panel)
        if task is None or not task.done() or task.cancelled() or task.exception() is not None:
            return None
        del self._first_answers[panel]
        return task.result()

    async def _answer(self, panel: str, ask: Callable[[], Awaitable[T]]) -> T:
        """``panel``'s answer: the request the login started, the first time; a new request after."""
        first = self._first_answers.pop(panel, None)
        result: T = await (first if first is not None else ask())
        return result

    def compose_body(self) -> ComposeResult:
        keys_for = self.app.keys_for  # F8, F9, F10 as [keymap] has them
        with Vertical(id="home"):
            with Horizontal(id="home-top"):
                with Horizontal(id="tasks"):
                    yield Button(
                        _("消息"),
                        id="task-messages",
                        compact=True,
                        tooltip=_("未读消息（{keys}）").format(keys=keys_for("open.messages", "f8")),
                    )
                    yield Button(
                        _("我发起的"),
                        id="task-applications",
                        compact=True,
                        tooltip=_("我发起的业务（{keys}）").format(keys=keys_for("open.applications", "f9")),
                    )
                    yield Button(_("已阅"), id="task-read", compact=True, tooltip=_("已阅读过的消息"))
                with Horizontal(id="top-actions"):
                    # The manual's three buttons, top right of the home page: 修改密码, 关闭音效, 退出.
                    yield Button(_("修改密码"), id="change-password", compact=True, tooltip=_("登录密码变更"))
                    sound = Button(self.sound_label(), id="toggle-sound", compact=True)
                    sound.display = not self.app.config.kiosk  # a kiosk's setting is not each member's to change
                    yield sound
                    yield Button(
                        _("退出"),
                        id="top-logout",
                        compact=True,
                        tooltip=_("退出服务大厅（{keys}）").format(keys=keys_for("logout", "f10")),
                    )
            with Horizontal(id="panels"):
                fund = FundPanel(id="fund", right_align=True, figures=True)
                fund.border_title = _("我的公积金")
                fund.border_subtitle = _("查询更多 ›")
                yield fund
                with Vertical(id="loan-box") as loan_box:
                    loan_box.border_title = _("我的贷款")
                    yield KeyValues(id="loan", right_align=True, figures=True)
                    apply = Button(_("申请公积金贷款 ›"), id="apply-loan", compact=True)
                    apply.display = False
                    yield apply
            home_menu = HomeMenu(id="menu", key_label=self.function_keys)
            home_menu.border_title = _("功能菜单")
            yield home_menu

    def function_keys(self, function: menu.Function) -> str:
        """The keys that open ``function`` as remapped by ``[keymap]``, named as on the keyboard (F12, Ctrl+L)."""
        return "/".join(self.app.key_name(key) for key in menu.keys_of(function, self.app.config.keymap))

    _drawn_ahead = False  # laid out and drawn off screen (a page built before the login): see on_screen_resume

    def on_mount(self) -> None:
        self.query_one(HomeMenu).focus_first()
        self._panels_mounted = True
        self._fill_first()
        if not self.is_current:
            self.call_later(self._draw_ahead)

    def _draw_ahead(self) -> None:
        """A page built before the login is laid out and drawn off screen while the member types: what does
        not change with the member (the menu, the buttons, the footer) is then drawn already when it is
        shown, and only the panels, the counters and the header are drawn anew."""
        from tui.textual_internals import draw_offscreen

        if not self.is_current and self.is_attached:
            draw_offscreen(self, self.app.size)
            self._drawn_ahead = True

    def _fill_first(self) -> None:
        """The answers the login brought are drawn with the page; the other panels load (and show their
        loading indicator) as it is shown (``on_screen_resume``, before its first layout)."""
        for panel, show in (("account", self.show_account), ("loans", self.show_loans), ("tasks", self.show_tasks)):
            answer = self._answered(panel)
            if answer is not None:
                show(answer)
                self._filled_first.add(panel)

    def on_screen_suspend(self) -> None:
        # Back from a function the figures may have changed; back from a dialog (help, 是/否) they have not.
        self._stale = not isinstance(self.app.screen, ModalScreen)

    def on_screen_resume(self) -> None:
        self._resume_loads()
        if self._drawn_ahead:
            # Shown for the first time: laid out with its panels and drawn whole, now. Textual would lay out
            # only a page whose size changed, and draw this one a frame later (~17 ms) and only where it
            # changed since it was drawn ahead (the terminal still shows the login screen).
            from tui.frame import AppHeader
            from tui.textual_internals import draw_whole

            self._drawn_ahead = False
            self.query_one(AppHeader).refresh()  # drawn ahead with nobody signed in
            draw_whole(self, self.app.size)

    def _resume_loads(self) -> None:
        # The first time the page is shown, and again on every return from a function: one request per
        # panel (none for a panel already filled from the login's answer on this first showing). Not while
        # the session is being closed, nor while the app closes (it may have taken the panels away).
        panels = {panel.id: panel for panel in self.query("#fund, #loan")}
        if self._stale and self.client.signed_in and len(panels) == 2:
            self._stale = False
            filled, self._filled_first = self._filled_first, set()
            if "account" not in filled:
                self.load_panel(panels["fund"], self.load_account, group="home.account")
            if "loans" not in filled:
                self.load_panel(panels["loan"], self.load_loans, group="home.loans")
            if "tasks" not in filled:
                self.load_tasks()

    # --- top bar: tasks, sound, logout ---------------------------------------------------------

    def sound_label(self) -> str:
        from tui.sound import sound_for

        return _("关闭音效") if sound_for(self.app).enabled else _("开启音效")

    @on(Button.Pressed, "#tasks Button")
    async def _task_chosen(self, event: Button.Pressed) -> None:
        function_id = {"task-messages": "messages", "task-applications": "applications", "task-read": "read_messages"}[
            event.button.id or ""
        ]
        await self.app.open_function(function_id)

    @on(Button.Pressed, "#toggle-sound")
    def _toggle_sound(self) -> None:
        from tui.sound import sound_for

        switch = sound_for(self.app)
        saved = switch.set_enabled(not switch.enabled)
        relabel(self.query_one("#toggle-sound", Button), self.sound_label())
        if not saved:
            unsaved = (
                _("已开启音效，但无法保存该设置（{error}），下次启动时将恢复原设置")
                if switch.enabled
                else _("已关闭音效，但无法保存该设置（{error}），下次启动时将恢复原设置")
            )
            self.notify(unsaved.format(error=switch.save_error), severity="warning", timeout=8)
        elif switch.enabled:
            self.notify(_("已开启音效：出错和提交完成时将发出提示音"))
        else:
            self.notify(_("已关闭音效"))

    @on(Button.Pressed, "#change-password")
    async def _change_password(self) -> None:
        await self.app.open_function("change_password")

    @on(Button.Pressed, "#top-logout")
    def _top_logout(self) -> None:
        self.action_logout()

    @on(Button.Pressed, "#apply-loan")
    async def _apply_loan(self) -> None:
        await self.app.open_function("loan_application")

    @on(HomeMenu.Chosen)
    def _chosen(self, event: HomeMenu.Chosen) -> None:
        self.app.call_later(self.app.open_function, event.function_id)

    async def load_account(self) -> None:
        self.show_account(await self._answer("account", self.client.account))

    def show_account(self, account: Account) -> None:
        self.query_one("#fund", KeyValues).show(
            [
                (_("账户余额"), yuan(account.balance)),
                (_("账户状态"), _(account.status_label)),
                (_("月缴存额"), yuan(account.monthly_deposit)),
                (_("缴存比例"), f"{fmt_rate(account.employer_ratio)} + {fmt_rate(account.personal_ratio)}"),
                (_("缴至年月"), fmt_month(account.paid_up_to)),
                (_("单位"), account.employer_name),
            ]
        )

    async def load_loans(self) -> None:
        self.show_loans(await self._answer("loans", self.client.loans))

    def show_loans(self, loans: list[Loan]) -> None:
        panel = self.query_one("#loan", KeyValues)
        open_loans = [loan for loan in loans if loan.status in ("processing", "approved", "repaying")]
        self.query_one("#apply-loan", Button).display = not open_loans
        if not loans:
            panel.update(_("您目前没有公积金贷款。"))
            return
        active = [loan for loan in loans if loan.status == "repaying"]
        main = active[0] if active else loans[-1]
        if main.status in ("processing", "approved"):  # applied for, not disbursed yet
            rows = [
                (_("合同编号"), main.contract_no),
                (_("合同状态"), _(main.status_label)),
                (_("贷款金额"), yuan(main.amount)),
                (_("贷款期数"), periods(main.periods)),
                (_("申请日期"), fmt_date(main.applied_on)),
            ]
        else:
            rows = [
                (_("合同编号"), main.contract_no),
                (_("合同状态"), _(main.status_label)),
                (_("贷款余额"), yuan(main.balance)),
                (_("月还款额"), yuan(main.monthly_payment)),
                (_("已还期数"), f"{main.paid_periods} / {main.periods}"),
            ]
        others = [loan for loan in loans if loan is not main]
        if others:
            rows.append((_("其他合同"), _("、").join(loan.status_label for loan in others)))
        panel.show(rows)

    def load_tasks(self) -> None:
        self.load_panel((), self.fill_tasks, group="home.tasks")  # if it fails the buttons keep plain names

    async def fill_tasks(self) -> None:
        self.show_tasks(await self._answer("tasks", self.client.tasks))

    def show_tasks(self, tasks: Tasks) -> None:
        unread, started, read = tasks.unread_messages, tasks.applications, tasks.read_messages
        relabel(
            self.query_one("#task-messages", Button),
            ngettext("消息 {count} 条未读", "消息 {count} 条未读", unread).format(count=unread),
        )
        applications = self.query_one("#task-applications", Button)
        relabel(applications, ngettext("我发起的 {count} 项", "我发起的 {count} 项", started).format(count=started))
        in_progress = tasks.applications_in_progress
        applications.tooltip = ngettext(
            "我发起的业务（{keys}），办理中 {count} 项", "我发起的业务（{keys}），办理中 {count} 项", in_progress
        ).format(keys=self.app.keys_for("open.applications", "f9"), count=in_progress)
        relabel(
            self.query_one("#task-read", Button),
            ngettext("已阅 {count} 条", "已阅 {count} 条", read).format(count=read),
        )


def relabel(button: Button, label: str) -> None:
    """A button's new label, and room for it (a label change alone keeps the old width)."""
    button.label = label
    button.refresh(layout=True)
