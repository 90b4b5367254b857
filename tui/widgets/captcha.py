"""The captcha, drawn with half-block characters so it reads in any terminal, colour or not."""

from __future__ import annotations

from typing import Any

from textual.widgets import Static

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
        super().__init__("正在获取验证码…", **kwargs)
        self.border_title = "验证码"
        self.border_subtitle = "F5 换一张"

    def show_lines(self, lines: list[str]) -> None:
        self.remove_class("-failed")
        self.update("\n".join(lines))

    def show_loading(self) -> None:
        self.remove_class("-failed")
        self.update("正在获取验证码…")

    def show_failure(self, message: str) -> None:
        self.add_class("-failed")
        self.update(message)
