"""Snapshots of the business screens at 80×24, with the pinned date, seed and captcha of conftest.

Update after an intended change with ``make snapshot-update`` (or pytest --snapshot-update on this file)
and look at the SVGs before committing.
"""

from __future__ import annotations

from textual.widgets import Input, Select

from tests.conftest import make_app
from tests.ui import login, open_function, settle, type_into

SIZE = (80, 24)


def snap(snap_compare, mock_app, phone: str, steps) -> bool:
    async def ready(pilot) -> None:
        await login(pilot, phone)
        await steps(pilot)
        await settle(pilot)

    return bool(snap_compare(make_app(mock_app), terminal_size=SIZE, run_before=ready))


def test_home_without_a_loan(snap_compare, mock_app) -> None:
    async def steps(pilot) -> None:
        pass

    assert snap(snap_compare, mock_app, "13800000002", steps)


def test_withdrawal_form(snap_compare, mock_app) -> None:
    async def steps(pilot) -> None:
        await open_function(pilot, "withdraw_resignation")
        await type_into(pilot, "#amount", "12345.67")

    assert snap(snap_compare, mock_app, "13800000004", steps)


def test_withdrawal_confirmation(snap_compare, mock_app) -> None:
    async def steps(pilot) -> None:
        await open_function(pilot, "withdraw_resignation")
        await type_into(pilot, "#amount", "12345.67")
        await type_into(pilot, "#pay-password", "135790")
        await type_into(pilot, "#sms-code", "123456")  # checked by the centre only on 【提交】
        await pilot.press("ctrl+s")

    assert snap(snap_compare, mock_app, "13800000004", steps)


def test_withdrawal_refused(snap_compare, mock_app) -> None:
    async def steps(pilot) -> None:
        await open_function(pilot, "withdraw_resignation")

    assert snap(snap_compare, mock_app, "13800000001", steps)


def test_retirement_withdrawal_form(snap_compare, mock_app) -> None:
    async def steps(pilot) -> None:
        await open_function(pilot, "withdraw_retirement")

    assert snap(snap_compare, mock_app, "13800000006", steps)


def test_loan_application_with_estimate(snap_compare, mock_app) -> None:
    async def steps(pilot) -> None:
        await open_function(pilot, "loan_application")
        await type_into(pilot, "#loan-amount", "500000")
        await type_into(pilot, "#loan-periods", "240")
        pilot.app.screen.query_one("#loan-method", Select).value = "equal_principal"
        await type_into(pilot, "#house-price", "550000")
        pilot.app.screen.query_one("#loan-amount", Input).focus()

    assert snap(snap_compare, mock_app, "13800000002", steps)


def test_messages(snap_compare, mock_app) -> None:
    async def steps(pilot) -> None:
        await pilot.press("f8")
        await settle(pilot)

    assert snap(snap_compare, mock_app, "13800000001", steps)


def test_message_view(snap_compare, mock_app) -> None:
    async def steps(pilot) -> None:
        await pilot.press("f8")
        await settle(pilot)
        await pilot.press("enter")

    assert snap(snap_compare, mock_app, "13800000001", steps)


def test_applications(snap_compare, mock_app) -> None:
    async def steps(pilot) -> None:
        await pilot.press("f9")
        await settle(pilot)

    assert snap(snap_compare, mock_app, "13800000003", steps)


def test_application_flow_in_progress(snap_compare, mock_app) -> None:
    async def steps(pilot) -> None:
        await pilot.press("f9")
        await settle(pilot)
        await pilot.press("enter")

    assert snap(snap_compare, mock_app, "13800000003", steps)


def test_certificate(snap_compare, mock_app) -> None:
    async def steps(pilot) -> None:
        await open_function(pilot, "certificate")

    assert snap(snap_compare, mock_app, "13800000001", steps)
