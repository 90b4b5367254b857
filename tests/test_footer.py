"""The footer of keys (tui.widgets.footer): one widget that draws what Textual's Footer draws, cell for cell
and colour for colour, and whose keys do what pressing them does when clicked or touched."""

from __future__ import annotations

import pytest
from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.widgets import Footer

from tests.conftest import make_app
from tests.ui import captcha_ready, screen_text, settle, wait_for_screen, wait_for_text
from tui.textual_internals import render_lines
from tui.widgets.footer import KeysFooter

GROUP = Binding.Group("翻页")
TIGHT = Binding.Group("缩放", compact=True)


class Keys(App[None]):
    """Keys of every kind a footer shows: plain, disabled, grouped, not shown, and the palette's."""

    BINDINGS = [
        Binding("f5", "captcha", "换验证码", tooltip="换一张验证码图片"),
        Binding("f2", "register", "注册"),
        Binding("f3", "forgot", "忘记密码"),  # disabled (check_action)
        Binding("x", "hidden", "不显示", show=False),
        Binding("pageup", "previous", "上一页", group=GROUP),
        Binding("pagedown", "next", "下一页", group=GROUP),
        Binding("f4", "register", "注册（同一动作的第二个键）"),
        Binding("f1", "help", "帮助"),
        Binding("plus", "bigger", "放大", group=TIGHT),
        Binding("minus", "smaller", "缩小", group=TIGHT),
        Binding("f6", "blank", ""),
    ]

    def __init__(self, footer: type[Footer] | type[KeysFooter], **options: bool) -> None:
        super().__init__()
        self.footer, self.options = footer, options
        self.pressed: list[str] = []

    def compose(self) -> ComposeResult:
        yield self.footer(**self.options)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return None if action == "forgot" else True

    async def run_action(self, action, default_namespace=None) -> bool:  # type: ignore[no-untyped-def]
        self.pressed.append(str(action))
        return await super().run_action(action, default_namespace)


async def footer_line(footer: type[Footer] | type[KeysFooter], width: int, hover: int | None, **options: bool):
    app = Keys(footer, **options)
    async with app.run_test(size=(width, 4)) as pilot:
        await pilot.pause()
        await pilot.pause()
        if hover is not None:
            await pilot.hover(footer, offset=(hover, 0))
            await pilot.pause()
        # what a person sees: characters, colours and attributes; a blank cell by its background alone
        # (Textual gives one blank cell the footer's foreground when its keys overflow, not otherwise) and
        # without Textual's own mouse meta
        cells = [
            Segment(segment.text, Style(bgcolor=segment.style.bgcolor) if not segment.text.strip() else segment.style)
            for segment in render_lines(app.screen)[-1]
            if segment.style is not None
        ]
        return [(segment.text, str(segment.style)) for segment in Segment.simplify(cells)]


@pytest.mark.parametrize("width", [120, 60, 33])
@pytest.mark.parametrize(
    "options", [{}, {"compact": True}, {"show_command_palette": False}], ids=["plain", "compact", "no-palette"]
)
@pytest.mark.parametrize("hover", [None, 1, 20], ids=["still", "hover-first", "hover-third"])
async def test_the_footer_draws_what_textuals_footer_draws(width: int, options: dict[str, bool], hover) -> None:
    ours = await footer_line(KeysFooter, width, hover, **options)
    textuals = await footer_line(Footer, width, hover, **options)
    assert ours == textuals


async def test_the_footer_has_no_widget_per_key(mock_app) -> None:
    app = make_app(mock_app)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_text(pilot, "换验证码")
        footer = app.screen.query_one(KeysFooter)
        assert list(footer.children) == []
        assert "F5 换验证码  F2 注册  F3 忘记密码  F1 帮助" in screen_text(app).splitlines()[-1]


async def test_a_click_on_a_footer_key_does_what_the_key_does(mock_app) -> None:
    """Kiosks have touch screens: F1 帮助 touched in the login screen's footer opens the help."""
    app = make_app(mock_app)
    async with app.run_test(size=(80, 24)) as pilot:
        await captcha_ready(pilot)
        footer = screen_text(app).splitlines()[-1]
        await pilot.click(KeysFooter, offset=(cell_len(footer[: footer.index("F1 帮助")]) + 1, 0))
        await wait_for_screen(pilot, "HelpScreen")
        await settle(pilot)
        assert "login.submit" in screen_text(app)


async def test_a_click_between_keys_or_on_a_disabled_key_does_nothing() -> None:
    app = Keys(KeysFooter)
    async with app.run_test(size=(120, 4)) as pilot:
        await pilot.pause()
        footer = app.screen.query_one(KeysFooter)
        await pilot.hover(KeysFooter, offset=(3, 0))
        assert footer.tooltip == "换一张验证码图片"  # the key's own, as Textual's footer shows it
        await pilot.hover(KeysFooter, offset=(100, 0))
        assert footer.tooltip is None
        await pilot.click(KeysFooter, offset=(1, 0))  # F5 换验证码
        await pilot.click(KeysFooter, offset=(26, 0))  # F3 忘记密码: disabled, a bell
        await pilot.click(KeysFooter, offset=(100, 0))  # blank footer
        await pilot.click(KeysFooter, offset=(119 - 3, 0))  # the palette's key
        await pilot.pause()
        assert app.pressed[:1] == ["captcha"]
        assert "forgot" not in app.pressed
        assert app.pressed[-1] == "command_palette"
