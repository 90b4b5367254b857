"""Colour systems: in 16 colours (TEXTUAL_COLOR_SYSTEM=standard) 贷款进度 keeps the manual's colours, done
steps yellow and the current one green; with NO_COLOR the table's cursor row is drawn in reverse.

What is read is the screen's segments as the app sends them (after its line filters), and each colour as
a 16-colour terminal receives it (rich's downgrade, as the console does on output)."""

from __future__ import annotations

from rich.color import ColorSystem
from rich.segment import Segment
from textual.widgets import Select

from tests.conftest import make_app
from tests.ui import login, screen_name, screen_text, settle, wait_until
from tui.textual_internals import render_lines

YELLOW, GREEN = 3, 2  # the ANSI colour numbers


def segments_with(app, text: str) -> list[Segment]:  # type: ignore[no-untyped-def]
    return [segment for line in render_lines(app.screen) for segment in line if text in segment.text]


def sixteen_colour_number(segment: Segment) -> int | None:
    color = segment.style.color if segment.style else None
    return None if color is None else color.downgrade(ColorSystem.STANDARD).number


async def test_progress_keeps_the_manuals_colours_in_16_colours(mock_app, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("TEXTUAL_COLOR_SYSTEM", "standard")
    app = make_app(mock_app)
    async with app.run_test(size=(120, 40)) as pilot:
        await login(pilot, username="13800000003")  # 王强: his approved contract is at 抵押登记
        await pilot.press("f4")
        await wait_until(pilot, lambda: screen_name(app) == "LoanProgressScreen")
        await settle(pilot)
        app.screen.query_one("#contract", Select).value = (await app.client.loans())[2].contract_no
        await wait_until(pilot, lambda: "▶ 抵押登记" in screen_text(app), what="the current step")
        await settle(pilot)
        done = segments_with(app, "✔")
        current = segments_with(app, "▶")
        assert done and current
        assert {sixteen_colour_number(segment) for segment in done} == {YELLOW}
        assert {sixteen_colour_number(segment) for segment in current} == {GREEN}


async def test_without_colour_the_cursor_row_is_reversed(mock_app, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("NO_COLOR", "1")
    app = make_app(mock_app)
    async with app.run_test(size=(80, 24)) as pilot:
        await login(pilot)
        await pilot.press("f3")
        await wait_until(pilot, lambda: screen_name(app) == "LedgerScreen")
        await settle(pilot)
        await wait_until(pilot, lambda: "139,703.05" in screen_text(app), what="the ledger's rows")
        table = app.screen.query_one("VirtualTable")
        table.focus()
        await pilot.press("down")
        await settle(pilot)
        top = table.region.y
        rows = render_lines(app.screen)[top : top + table.region.height]
        # the rows' own cells (a date in each), not the scroll bar beside them
        reversed_rows = [line.text for line in rows if any(s.style and s.style.reverse and "-" in s.text for s in line)]
        assert len(reversed_rows) == 1, reversed_rows  # the cursor's row, and only it
        assert "136,296.01" in reversed_rows[0]  # the second row: the cursor moved down one
