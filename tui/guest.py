"""``GuestScreen``: the base of the screens reached from the login screen before anyone is signed in
(用户注册协议, 注册, 忘记密码).

There is no session here, so this is not a ``HallScreen``: it brings the header and footer, Esc back to
the login screen (asking 是/否 first when something has been typed, because going back drops it),
F5 for a new captcha on a step that shows one, and one place for failures the screen did not handle.
"""

from __future__ import annotations

from typing import Any

from textual import on, work
from textual.binding import Binding
from textual.widgets import Input
from textual.worker import Worker, WorkerState

from api_client.errors import GjjError

from .frame import FramedScreen, shown
from .widgets.captcha import COLUMNS, ROWS, CaptchaView


class GuestScreen(FramedScreen):
    FLOW_NAME = ""  # what is given up by going back: 注册, 找回密码
    BINDINGS = [
        Binding("escape", "back", "返回登录", id="guest.back", tooltip="返回登录页（已填写内容时先确认）"),
        Binding("f5", "new_captcha", "换验证码", id="guest.captcha", tooltip="换一张验证码图片"),
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

        question = f"确定要放弃{self.FLOW_NAME}吗？已填写的内容不会保存。" if self.FLOW_NAME else "确定要返回登录页吗？"
        self.app.push_screen(ConfirmDialog(question, title="返回登录"), decided)

    def leave(self, *, username: str | None = None, notice: str | None = None) -> None:
        """Back to the login screen underneath, optionally with the username filled in and a notice."""
        stack = self.app.screen_stack
        below: Any = stack[stack.index(self) - 1] if self in stack and stack.index(self) > 0 else None
        self.app.pop_screen()
        self.app.clear_notifications()  # the demo's SMS code has done its work
        if below is not None and hasattr(below, "returned"):
            below.returned(username=username, notice=notice)

    # --- captcha --------------------------------------------------------------------------------

    def action_new_captcha(self) -> None:
        self.load_captcha()

    @work(exclusive=True, group="captcha", exit_on_error=False)
    async def load_captcha(self) -> None:
        view = self.query_one(CaptchaView)
        view.show_loading()
        self.captcha_id = None
        try:
            await self.app.backend_ready()
            captcha = await self.client.captcha()
        except GjjError as exc:
            view.show_failure(f"{exc.message}\n按 F5 重试")
            return
        import base64

        from .halfblocks import png_to_halfblocks

        lines = png_to_halfblocks(base64.b64decode(captcha.image_png_base64), COLUMNS, ROWS)
        self.captcha_id = captcha.captcha_id
        view.show_lines(lines)

    # --- failures nobody handled ----------------------------------------------------------------

    @on(Worker.StateChanged)
    def _worker_failed(self, event: Worker.StateChanged) -> None:
        if event.state != WorkerState.ERROR:
            return
        error = event.worker.error
        if isinstance(error, GjjError):
            self.app.bell()
            self.notify(error.message, title="操作未完成", severity="error", timeout=8)
        elif error is not None:
            raise error  # a bug: let Textual show it rather than hide it
