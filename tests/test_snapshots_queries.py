"""Snapshots of the query screens at 80×24 and 120×40 (pinned date, seed and captcha)."""

from __future__ import annotations

import pytest
from textual.widgets import Select

from tests.conftest import make_app
from tests.ui import login, settle, wait_for_screen

SIZES = [(80, 24), (120, 40)]
SCREENS = [
    ("f2", "AccountInfoScreen", "13800000001"),
    ("f3", "LedgerScreen", "13800000001"),
    ("f4", "LoanProgressScreen", "13800000003"),
    ("f5", "LoanAccountScreen", "13800000001"),
    ("f6", "RepaymentsScreen", "13800000003"),
    ("f7", "RepaymentPlanScreen", "13800000001"),
]


# What each screen shows (for the demo persona and 王强) once its data is in: a screen that loads in two steps (the contracts, then the
# chosen one) is not done when the first worker is, and a loaded machine took the picture in between.
SETTLED = {
    "AccountInfoScreen": "冻结金额",
    "LedgerScreen": "合计（元）",
    "LoanProgressScreen": "经办人：褚云",
    "LoanAccountScreen": "到期日期",
    "RepaymentsScreen": "合计（元）",
    "RepaymentPlanScreen": "已还",
}


def opened(key: str, name: str, user: str, *then: str, settled: str = ""):
    async def run(pilot) -> None:
        await login(pilot, username=user)
        await pilot.press(key)
        await wait_for_screen(pilot, name, settled)
        await settle(pilot)
        for step in then:
            await pilot.press(step)
            await settle(pilot)
        await pilot.pause(0.2)
        await settle(pilot)

    return run


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize(("key", "name", "user"), SCREENS, ids=[s[1] for s in SCREENS])
def test_query_screen(snap_compare, mock_app, key, name, user, size) -> None:
    assert snap_compare(
        make_app(mock_app), terminal_size=size, run_before=opened(key, name, user, settled=SETTLED[name])
    )


@pytest.mark.parametrize(("key", "name"), [("f3", "LedgerScreen"), ("f7", "RepaymentPlanScreen")])
def test_balance_charts(snap_compare, mock_app, key, name) -> None:
    assert snap_compare(
        make_app(mock_app), terminal_size=(80, 24), run_before=opened(key, name, "13800000001", "ctrl+t")
    )


def test_principal_and_interest_by_year(snap_compare, mock_app) -> None:
    assert snap_compare(
        make_app(mock_app),
        terminal_size=(80, 24),
        run_before=opened("f7", "RepaymentPlanScreen", "13800000003", "ctrl+t", "ctrl+t"),
    )


def test_no_loan_message(snap_compare, mock_app) -> None:
    assert snap_compare(
        make_app(mock_app), terminal_size=(80, 24), run_before=opened("f4", "LoanProgressScreen", "13800000002")
    )


def test_undisbursed_contract(snap_compare, mock_app) -> None:
    async def run(pilot) -> None:
        await opened("f5", "LoanAccountScreen", "13800000003")(pilot)
        select = pilot.app.screen.query_one("#contract", Select)
        select.value = (await pilot.app.client.loans())[2].contract_no
        await settle(pilot)
        await pilot.pause(0.2)
        await settle(pilot)

    assert snap_compare(make_app(mock_app), terminal_size=(80, 24), run_before=run)
