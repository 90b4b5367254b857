"""``HallScreen``: the base of every signed-in screen.

It brings the header and footer, the function keys of the hall (from ``tui.menu``), Esc to go back,
F10 to log out (with a 是/否 confirmation), and R to load again what failed to load (offered only then).
Failures end up in ``FramedScreen.failed``: a panel's in place, an ended session in the re-login dialog.
"""

from __future__ import annotations

from collections.abc import Callable

from textual.binding import Binding
from textual.widgets import TabbedContent, TabPane

from api_client.errors import GjjError
from api_client.i18n import N_, _

from . import menu
from .frame import FramedScreen, shown


def _function_bindings() -> list[Binding]:
    # titles and help are messages (tui/menu.py): translated where the keys are shown, like every binding's
    return [
        Binding(
            function.key,
            f"open('{function.id}')",
            function.title,
            id=f"open.{function.id}",
            show=False,
            tooltip=function.help or function.title,
        )
        for function in menu.FUNCTIONS
        if function.key
    ]


# R loads again what failed to load; a screen that binds R itself lists this first, so R retries while
# something failed and does the screen's own thing otherwise.
RETRY_BINDING = Binding("r", "retry", N_("重试"), id="retry", tooltip=N_("重新加载加载失败的部分"))


class HallScreen(FramedScreen):
    BINDINGS = [
        Binding("escape", "back", N_("返回"), id="back", tooltip=N_("返回上一页")),
        Binding("f10", "logout", N_("退出"), id="logout", tooltip=N_("退出服务大厅（需确认）")),
        RETRY_BINDING,
        Binding("ctrl+t", "next_tab", N_("切换视图"), id="next_tab", tooltip=N_("切换本页的视图（如明细/图表）")),
        *_function_bindings(),
    ]

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "back" and len(self.app.screen_stack) <= self.app.HOME_DEPTH:
            return False  # the home page has nowhere to go back to
        if action == "retry":
            return bool(self.failed_loads)  # shown only when something failed to load
        if action == "next_tab":
            return self.switchable_tabs() is not None  # no key shown that would do nothing
        return True

    _tabs: list[TabbedContent] | None = None  # the page's tabs, once it is mounted (see switchable_tabs)

    def switchable_tabs(self) -> TabbedContent | None:
        """What Ctrl+T switches: tabs on screen, with more than one to switch between.

        ``check_action`` asks it for every key on every refresh of the footer: a page composes its tabs
        with itself, so they are looked up once it is mounted, not in a walk of the page each time."""
        tabs = self._tabs
        if tabs is None:
            tabs = list(self.query(TabbedContent))
            if self.is_mounted:
                self._tabs = tabs
        return next((tab for tab in tabs if tab.is_attached and shown(tab) and tab.tab_count > 1), None)

    def action_next_tab(self) -> None:
        tabs = self.switchable_tabs()
        if tabs is None:
            return
        panes = [pane.id for pane in tabs.query(TabPane) if pane.id]
        if panes and tabs.active in panes:
            tabs.active = panes[(panes.index(tabs.active) + 1) % len(panes)]

    def action_back(self) -> None:
        if len(self.app.screen_stack) > self.app.HOME_DEPTH:
            self.leave_then(self.app.pop_screen)

    # --- a filled-in form asks before it is left -------------------------------------------------

    def has_unsaved_input(self) -> bool:
        """Whether leaving now would throw away something the person typed and has not submitted.
        Form screens answer it (see ``typed``); a screen that only shows things has nothing to lose."""
        return False

    def typed(self, *input_ids: str) -> bool:
        """Something is typed in one of these inputs that is on screen and editable (a prefilled, locked
        amount is not the person's typing)."""
        from textual.widgets import Input

        for input_id in input_ids:
            for control in self.query(f"#{input_id}").results(Input):
                if control.value.strip() and not control.disabled and shown(control):
                    return True
        return False

    def leave_then(self, go: Callable[[], object]) -> None:
        """Call ``go`` (which leaves this screen) now, or after a 是 when something typed would be lost."""
        if not self.has_unsaved_input():
            go()
            return
        from .dialogs import ConfirmDialog

        def decided(yes: bool | None) -> None:
            if yes:
                go()

        self.app.push_screen(
            ConfirmDialog(
                _("已填写的内容尚未提交，离开后不会保存。\n确定要离开吗？"),
                title=_("离开本页"),
                yes=_("离开"),
                no=_("留下"),
            ),
            decided,
        )

    def action_open(self, function_id: str) -> None:
        # Opening a function may close this very screen: let the app do it, not this screen's handler.
        self.app.call_later(self.app.open_function, function_id)

    def action_logout(self) -> None:
        from tui.dialogs import ConfirmDialog

        def decided(yes: bool | None) -> None:
            if yes:
                self.app.run_worker(self._logout(), exclusive=True, group="logout")

        self.app.push_screen(ConfirmDialog(_("确定要退出服务大厅吗？"), title=_("退出")), decided)

    async def _logout(self) -> None:
        self.app.remembered_login().forget()  # logging out forgets 记住登录
        notice = _("您已安全退出。")
        try:
            await self.client.logout()
        except GjjError as exc:  # the local session is gone anyway; say what the server said
            notice = _("已退出本机会话（服务器未确认：{reason}）").format(reason=exc.message)
        await self.app.end_session(notice)
