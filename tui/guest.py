"""``GuestScreen``: the base of the screens reached from the login screen before anyone is signed in
(用户注册协议, 注册, 忘记密码).

There is no session here, so this is not a ``HallScreen``: it brings the header and footer, Esc back to
the login screen (asking 是/否 first when something has been typed, because going back drops it),
F5 for a new captcha on a step that shows one (the form toolkit's loader).
"""

from __future__ import annotations

from typing import Any

from textual.binding import Binding
from textual.widgets import Input

from api_client.i18n import N_, _

from .forms import Form
from .frame import FramedScreen, shown
from .widgets.captcha import CaptchaView


class GuestScreen(Form, FramedScreen):
    FLOW_NAME = ""  # what is given up by going back: 注册, 找回密码 (a message: N_, translated here)
    BINDINGS = [
        Binding("escape", "back", N_("返回登录"), id="guest.back", tooltip=N_("返回登录页（已填写内容时先确认）")),
        Binding("f5", "new_captcha", N_("换验证码"), id="guest.captcha", tooltip=N_("换一张验证码图片")),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.captcha_id: str | None = None
        self.finished = False  # the flow is done: going back loses nothing

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "new_captcha":
            return any(shown(view) for view in self.query(CaptchaView))
        return True

    # --- going back -----------------------------------------------------------------------------

    def has_typed(self) -> bool:
        return any(field.value.strip() for field in self.query(Input))

    def action_back(self) -> None:
        if self.finished or not self.has_typed():
            self.leave()
            return
        from tui.dialogs import ConfirmDialog

        def decided(yes: bool | None) -> None:
            if yes:
                self.leave()

        if self.FLOW_NAME:
            question = _("确定要放弃{flow}吗？已填写的内容不会保存。").format(flow=_(self.FLOW_NAME))
        else:
            question = _("确定要返回登录页吗？")
        self.app.push_screen(ConfirmDialog(question, title=_("返回登录")), decided)

    def leave(self, *, username: str | None = None, notice: str | None = None) -> None:
        """Back to the login screen underneath, optionally with the username filled in and a notice."""
        stack = self.app.screen_stack
        below: Any = stack[stack.index(self) - 1] if self in stack and stack.index(self) > 0 else None
        self.app.pop_screen()
        self.app.clear_notifications()  # the demo's SMS code has done its work
        if below is not None and hasattr(below, "returned"):
            below.returned(username=username, notice=notice)
