"""The palette finds every function by its full pinyin initials and its full pinyin (issue 12).

pypinyin is a dev dependency only: ``tui/pinyin.py`` is a table generated from it, and this test checks the
table is what pypinyin gives today and that the palette finds each function by each form. Run
``python -m tests.test_palette_pinyin`` to print the table after adding a function.
"""

from __future__ import annotations

import pytest
from pypinyin import Style, lazy_pinyin
from textual.command import CommandList
from textual.widgets import Input

from tests.conftest import make_app
from tests.ui import login, screen_name, wait_until
from tui import menu
from tui.app import GjjApp
from tui.pinyin import PINYIN, pinyin_keywords


def titles() -> list[str]:
    return [function.title for function in menu.FUNCTIONS] + list(GjjApp.PALETTE_KEYWORDS)


def generated(title: str) -> tuple[str, str]:
    han = "".join(ch for ch in title if "\u4e00" <= ch <= "\u9fff")
    return "".join(lazy_pinyin(han, style=Style.FIRST_LETTER)), "".join(lazy_pinyin(han))


def test_the_table_is_what_pypinyin_gives_for_every_entry() -> None:
    assert {title: generated(title) for title in titles()} == PINYIN


def test_a_reading_pypinyin_does_not_pick_is_there_too() -> None:
    assert "gongjijindaikuanhuankuanjihuachaxun" in pinyin_keywords("公积金贷款还款计划查询").split()


async def first_hit(pilot, query: str) -> str:  # type: ignore[no-untyped-def]
    app = pilot.app
    field = app.screen.query_one(Input)
    field.value = query
    commands = app.screen.query_one(CommandList)

    def top() -> str:
        if not commands.option_count:
            return ""
        return str(commands.get_option_at_index(0).prompt)

    await wait_until(pilot, lambda: field.value == query and top() and query not in top(), what=f"hits for {query}")
    await pilot.pause(0.3)  # the palette gathers hits in batches: let the last batch land
    return str(commands.get_option_at_index(0).prompt)


@pytest.mark.parametrize("function", menu.FUNCTIONS, ids=lambda function: function.id)
async def test_the_palette_finds_each_function_by_initials_and_full_pinyin(mock_app, function) -> None:
    initials, full = PINYIN[function.title]
    app = make_app(mock_app)
    async with app.run_test(size=(100, 30)) as pilot:
        await login(pilot)
        await pilot.press("ctrl+p")
        await wait_until(pilot, lambda: screen_name(app) == "CommandPalette")
        for query in (initials, full, *pinyin_keywords(function.title).split()[2:]):
            hit = await first_hit(pilot, query)
            assert function.title in hit, (query, hit)


if __name__ == "__main__":
    for title in titles():
        print(f'    "{title}": {generated(title)!r},'.replace("'", '"'))
