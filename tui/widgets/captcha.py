"""The captcha, drawn with half-block characters so it reads in any terminal, colour or not."""

from __future__ import annotations

from typing import Any

from textual.widgets import Static

from api_client.i18n import _

COLUMNS, ROWS = 32, 6


class CaptchaView(Static):
    DEFAULT_CSS = """
    CaptchaView {
        width: 34;
        height: 8;
        border: round $primary 50%;
        padding: 0;
        content-align: center middle;
        color: $text;
    }
    CaptchaView.-failed { color: $error; }
    """

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(_("正在获取验证码…"), **kwargs)
        self.border_title = _("验证码")
        self.border_subtitle = _("F5 换一张")
        self.failure: str | None = None

    def show_lines(self, lines: list[str]) -> None:
        self.remove_class("-failed")
        self.update("\n".join(lines))

    def show_loading(self) -> None:
        self.remove_class("-failed")
        self.update(_("正在获取验证码…"))

    def show_failure(self, message: str) -> None:
        self.add_class("-failed")
        self.update(message)

    async def fetch(self) -> str | None:
        """Ask for a new captcha and draw it: its id, or None after saying in the view what went wrong
        (``failure`` keeps the words for a banner). The one captcha loader of every screen with one."""
        from api_client.errors import GjjError

        app: Any = self.app
        self.show_loading()
        self.failure = None
        try:
            await app.backend_ready()
            captcha = await app.client.captcha()
        except GjjError as exc:
            self.failure = exc.message
            self.show_failure(_("{reason}\n按 F5 重试").format(reason=exc.message))
            return None
        import base64

        from tui.halfblocks import png_to_halfblocks

        self.show_lines(png_to_halfblocks(base64.b64decode(captcha.image_png_base64), COLUMNS, ROWS))
        return str(captcha.captcha_id)
