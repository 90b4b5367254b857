"""The loan queries, the messages and the forms in English, state by state, at 80×24.

``tests/test_i18n.py`` reads each hall screen as it opens. Here a member goes further, as at a kiosk:
the other contracts, the detail and confirm dialogs, every step of a form, its refusals and its
outcome. Each state must show its English, and none of these screens' own messages may still be in
Chinese (what the server sent — names, banks, its own answers — is data and stays as received).
"""

from __future__ import annotations

import ast
from functools import cache
from pathlib import Path

import pytest
from textual.widgets import Input, Select

from api_client import i18n
from tests.conftest import CAPTCHA, DEMO_PHONE, PASSWORD, latest_code
from tests.test_i18n import CJK, FIELD, ROOT, SOURCES, en, english_app, extracted
from tests.ui import captcha_ready, screen_text, settle, type_into, wait_for_text, wait_until

WANG_QIANG = "13800000003"  # three contracts: settled, approved but not disbursed, repaying with 罚息

# The screens this file walks through: their messages must all reach the screen in English.
SCREENS = (
    "screens/loan_base.py",
    "screens/loan_progress.py",
    "screens/repayments.py",
    "screens/repayment_plan.py",
    "screens/messages.py",
    "screens/paged_list.py",
    "screens/payment_password_reset.py",
    "screens/login.py",
    "screens/password_change.py",
    "screens/withdrawal.py",
    "screens/loan_application.py",
)


@pytest.fixture(autouse=True)
def _chinese_afterwards():
    yield
    i18n.use("zh")


def runs_in(path: Path) -> set[str]:
    """The runs of Chinese in a source file's string literals."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return {
        run
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str)
        for run in CJK.findall(node.value)
    }


@cache
def own_phrases() -> frozenset[str]:
    """Runs of four or more Chinese characters that only these screens' messages say: a run another
    module says too (a shared widget's 返回修改) may reach the screen from there."""
    ours = set()
    for msgid, files in extracted().items():
        if files & set(SCREENS):
            for piece in FIELD.split(msgid):
                ours.update(run for run in CJK.findall(piece) if len(run) >= 4)
    others = set()
    for directory in SOURCES:
        for path in (ROOT / directory).rglob("*.py"):
            if path.relative_to(ROOT).as_posix() not in SCREENS:
                others |= runs_in(path)
    return frozenset(ours - others)


def untranslated(app, data: set[str]) -> list[str]:
    """Chinese below the header (which the frame draws) that is one of these screens' own phrases, and
    no data. A whole run must match: 短信验证码 on the SMS widget is not 短信验证 of a step name."""
    body = "\n".join(screen_text(app).splitlines()[1:])
    phrases = own_phrases()
    return sorted({run for run in CJK.findall(body) if run in phrases and not any(run in value for value in data)})


def line_with(text: str, part: str) -> str:
    return next(line for line in text.splitlines() if part in line)


async def english_login(pilot, username: str = DEMO_PHONE) -> None:
    await captcha_ready(pilot)
    for selector, value in (("#username", username), ("#password", PASSWORD), ("#captcha", CAPTCHA)):
        await type_into(pilot, selector, value)
    await pilot.press("enter")
    await wait_for_text(pilot, en("功能菜单"))
    await settle(pilot)


async def open_english(pilot, function_id: str, *texts: str) -> str:
    await pilot.app.open_function(function_id)
    text = await wait_for_text(pilot, *texts)
    await settle(pilot)
    return screen_text(pilot.app) if texts else text


async def test_the_loan_queries_read_in_english_for_every_contract(mock_app) -> None:
    app, recorder = english_app(mock_app)
    async with app.run_test(size=(80, 24)) as pilot:
        await english_login(pilot, WANG_QIANG)

        text = await open_english(pilot, "plan", "2019040836010077 (Repaying)", " of each month")
        for label in ("Disbursed", "Term", "Repayment day", "Interest rate", "Settled on", "Loan balance"):
            assert label in text, label
        assert "Not settled" in text and " months" in text
        assert "Opening balance" in text and "Closing balance" in text and "or type" in text
        assert "Repayment plan" in text and "Principal and interest" in text
        assert untranslated(app, recorder.data) == []
        app.screen.query_one("#plan-contract", Input).value = ""
        await pilot.press("ctrl+r")
        await wait_for_text(pilot, "Enter the loan contract no.")
        select = app.screen.query_one("#contract", Select)
        select.value = "2026102636010114"
        await wait_for_text(pilot, "2026102636010114 (Not disbursed)")
        await settle(pilot)
        assert untranslated(app, recorder.data) == []
        app.pop_screen()

        await open_english(pilot, "repayments", "2026102636010114 (Not disbursed)")  # the contract last chosen
        assert untranslated(app, recorder.data) == []
        app.screen.query_one("#contract", Select).value = "2019040836010077"
        text = await wait_for_text(pilot, "Total (CNY)")
        assert "Paid on" in text and "Penalty" in text and "Loan balance" in text
        assert " payments  Repaid " in text and "newest first" in text
        await pilot.press("enter")
        text = await wait_for_text(pilot, "Repayment", "Instalment ")
        assert " CNY" in text
        assert untranslated(app, recorder.data) == []
        await pilot.press("escape")
        select = app.screen.query_one("#contract", Select)
        select.value = "2006092036010040"
        await wait_for_text(pilot, "2006092036010040 (Settled)")
        await settle(pilot)
        assert untranslated(app, recorder.data) == []
        app.pop_screen()

        text = await open_english(pilot, "loan_progress", "Loan process", "Handled by ")
        for label in (
            "Loan contract no.",
            "Loan amount",
            "Loan type",
            "Property type",
            "Lending bank",
            "Contract status",
        ):
            assert label in text, label
        app.screen.query_one("#contract", Select).value = "2026102636010114"
        await wait_for_text(pilot, "2026102636010114 (Not disbursed)")
        await settle(pilot)
        assert untranslated(app, recorder.data) == []


async def test_a_member_without_a_loan_reads_why_in_english(mock_app) -> None:
    app, recorder = english_app(mock_app)
    async with app.run_test(size=(80, 24)) as pilot:
        await english_login(pilot, "13800000002")
        await open_english(pilot, "repayments", "You have no loan. To apply for one, go back to the home page.")
        assert untranslated(app, recorder.data) == []


async def test_messages_are_viewed_marked_and_deleted_in_english(mock_app) -> None:
    app, recorder = english_app(mock_app)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await english_login(pilot)
        text = await open_english(pilot, "messages", "3 records in all, all shown")
        assert "Sent" in text and "Business" in text and "Channel" in text
        assert "View    Mark read(R)    Delete(Del)    More(M)" in text
        await pilot.press("enter")
        text = await wait_for_text(pilot, "Business 贷款还款", "Channel  短信")
        assert untranslated(app, recorder.data) == []
        await pilot.press("enter")  # 标为已阅 has the focus
        await wait_for_text(pilot, "2 records in all, all shown", "Marked as read")
        await pilot.press("delete")
        text = await wait_for_text(pilot, 'Delete this "缴存到账" message?', "Delete message")
        assert untranslated(app, recorder.data) == []
        await pilot.press("y")
        await wait_for_text(pilot, "1 record in all, all shown", "Message deleted")
        app.pop_screen()

        await open_english(
            pilot, "read_messages", "12 records in all, 10 records shown. Press M or More for older messages"
        )
        await pilot.press("m")
        await wait_for_text(pilot, "12 records in all, all shown")
        assert untranslated(app, recorder.data) == []


async def test_the_payment_password_is_recovered_in_english(mock_app) -> None:
    app, recorder = english_app(mock_app)
    runtime = mock_app.state.runtime
    async with app.run_test(size=(80, 24)) as pilot:
        await english_login(pilot)
        await open_english(
            pilot, "reset_pay_password", "The SMS code goes to your mobile number on record: 138****0001."
        )
        await pilot.click("#next")
        await wait_for_text(pilot, "Press Get SMS code first")
        assert untranslated(app, recorder.data) == []
        await pilot.press("enter")  # the SMS button has the focus
        await wait_until(pilot, lambda: app.screen.sms_field.sent_to, what="code sent")
        await type_into(pilot, "#sms_code", "123")
        await pilot.press("enter")
        await wait_for_text(pilot, "The SMS code has 6 digits")
        app.screen.query_one("#sms_code", Input).value = ""
        await type_into(pilot, "#sms_code", latest_code(runtime, DEMO_PHONE))
        await pilot.press("enter")
        await wait_for_text(pilot, "Verified! Now set a new payment password.", "New password", "Confirm")
        assert untranslated(app, recorder.data) == []
        await pilot.click("#next")
        await wait_for_text(pilot, "Enter the new payment password")
        await type_into(pilot, "#new", "802461")
        await type_into(pilot, "#confirm", "802462")
        await pilot.press("enter")
        await wait_for_text(pilot, "The two entries differ")
        assert untranslated(app, recorder.data) == []
        app.screen.query_one("#confirm", Input).value = "802461"
        await pilot.press("enter")
        await wait_for_text(pilot, "✓ Payment password set", "Use the new payment password for withdrawals")
        assert untranslated(app, recorder.data) == []


async def test_the_login_screen_and_its_refusals_read_in_english(mock_app) -> None:
    app, recorder = english_app(mock_app)
    async with app.run_test(size=(80, 24)) as pilot:
        await captcha_ready(pilot)
        text = await wait_for_text(pilot, "ID number or mobile number", "Captcha (see the picture; any case)")
        assert "Log in    Register    Reset login" in text  # the three buttons fit beside the captcha at 80 columns
        assert "Demo account: 13800000001 or 110105198503120039, password demo1234" in text
        assert untranslated(app, recorder.data) == []
        app.screen.action_submit()
        await wait_for_text(pilot, "Type your login password")
        assert untranslated(app, recorder.data) == []


async def test_the_password_changes_read_in_english(mock_app) -> None:
    app, recorder = english_app(mock_app)
    async with app.run_test(size=(80, 24)) as pilot:
        await english_login(pilot)
        text = await open_english(pilot, "change_password", "Enter the old password, then the new one twice.")
        assert "Old password" in text and "New password" in text and "Confirm" in text
        await pilot.click("#submit")
        await wait_for_text(pilot, "Enter the old login password", "Enter the new login password")
        assert untranslated(app, recorder.data) == []
        await type_into(pilot, "#old", PASSWORD)
        await type_into(pilot, "#new", "abc12345x")
        await type_into(pilot, "#confirm", "abc12345y")
        await pilot.press("enter")
        await wait_for_text(pilot, "The two entries differ")
        app.screen.query_one("#confirm", Input).value = "abc12345x"
        await pilot.press("enter")
        await wait_for_text(pilot, "✓ Login password changed", "Log in with the new password from now on.")
        assert untranslated(app, recorder.data) == []
        app.pop_screen()

        text = await open_english(pilot, "change_pay_password", "Enter the old payment password, then the new one")
        await pilot.click("#submit")
        await wait_for_text(pilot, "Enter the old payment password", "Enter the new payment password")
        assert untranslated(app, recorder.data) == []


async def test_a_withdrawal_reads_in_english_from_the_form_to_the_outcome(mock_app) -> None:
    app, recorder = english_app(mock_app)
    runtime = mock_app.state.runtime
    async with app.run_test(size=(80, 24)) as pilot:
        await english_login(pilot, "13800000004")  # 陈静: sealed seven months, may take 离职提取
        text = await open_english(pilot, "withdraw_resignation", "Resignation withdrawal · Account")
        assert "Available" in text and "Up to 214,325.34 CNY" in text and "Up to 214,325.34 CNY" in text
        assert "Pay password" in text and "Steps: 受理 → 审核 → 审批 → 办结 (one each working day)" in text
        assert untranslated(app, recorder.data) == []
        await pilot.press("ctrl+s")
        await wait_for_text(pilot, "Enter the payment password", "Enter the SMS code")
        assert untranslated(app, recorder.data) == []
        app.screen.query_one("#account-choice", Select).value = "other"
        await wait_for_text(pilot, "Enter another card in your name", "Card number")
        app.screen.query_one("#account-choice", Select).value = "registered"
        await type_into(pilot, "#amount", "12345.67")
        await type_into(pilot, "#pay-password", "135790")
        await pilot.click("#send-sms")
        await wait_until(pilot, lambda: app.screen.sms_field.sent_to, what="code sent")
        await type_into(pilot, "#sms-code", latest_code(runtime, "13800000004"))
        await pilot.press("enter")
        text = await wait_for_text(pilot, "Submit this Resignation withdrawal?", "Balance after 201,979.67 CNY")
        assert "Check the details. Once submitted, it cannot be undone:" in text
        assert untranslated(app, recorder.data) == []
        await pilot.click("#submit")
        text = await wait_for_text(pilot, "application submitted", "12,345.67 CNY")
        assert "Follow it in My applications (F9)." in text
        assert untranslated(app, recorder.data) == []


async def test_a_member_who_may_not_withdraw_reads_why_in_english(mock_app) -> None:
    app, recorder = english_app(mock_app)
    async with app.run_test(size=(80, 24)) as pilot:
        await english_login(pilot, "13800000005")  # 刘洋: sealed three months, not yet
        await open_english(
            pilot, "withdraw_resignation", "You do not meet the conditions for Resignation withdrawal yet:"
        )
        assert untranslated(app, recorder.data) == []


async def test_the_loan_application_reads_in_english_with_its_estimate(mock_app) -> None:
    app, recorder = english_app(mock_app)
    async with app.run_test(size=(80, 24)) as pilot:
        await english_login(pilot, "13800000002")  # 李娜: no loan, may apply
        text = await open_english(pilot, "loan_application", "How the limit is set", "Type the amount and term")
        assert "Loan limit" in line_with(text, "800,000.00 CNY") and "Longest term" in line_with(text, "283 months")
        assert "· In thousands, min 10,000.00 CNY" in text
        assert untranslated(app, recorder.data) == []
        await pilot.press("ctrl+s")
        await wait_for_text(pilot, "Enter the address", "Enter the seller", "Enter the seller's phone")
        assert untranslated(app, recorder.data) == []
        await type_into(pilot, "#loan-amount", "500000")
        await type_into(pilot, "#loan-periods", "240")
        text = await wait_for_text(pilot, "2,673.94 CNY", "141,745.64 CNY")
        assert "Payment" in line_with(text, "2,673.94 CNY") and "Total interest" in line_with(text, "141,745.64 CNY")
        app.screen.query_one("#loan-method", Select).value = "equal_principal"
        text = await wait_for_text(pilot, "3,166.66 CNY", "2,088.65 CNY")
        assert "First month" in line_with(text, "3,166.66 CNY") and "Last month" in line_with(text, "2,088.65 CNY")
        await type_into(pilot, "#house-price", "550000")
        await wait_for_text(pilot, "Over the 440,000.00 CNY limit")
        app.screen.query_one("#house-price", Input).value = "700000"
        await type_into(pilot, "#house-address", "演示市高新区梧桐路 18 号 2 栋 801 室")
        await type_into(pilot, "#house-area", "96.5")
        await type_into(pilot, "#seller-name", "演示市安居置业有限公司")
        await type_into(pilot, "#seller-phone", "0571-88886666")
        await pilot.press("ctrl+s")
        text = await wait_for_text(
            pilot, "Submit this loan application?", "first month 3,166.66 CNY, last 2,088.65 CNY"
        )
        assert "Term           240 months (" in text
        assert untranslated(app, recorder.data) == []
        await pilot.click("#submit")
        text = await wait_for_text(pilot, "✔ Loan application submitted", "130,541.88 CNY")
        assert untranslated(app, recorder.data) == []
