"""The business API over ASGI into the real mock: withdrawals and their rules, the back-office workflow with
the mock clock, loan quota and application, messages, 我发起的, and the deposit certificate.

Today is Sunday 2026-11-22, 09:00, clock frozen (conftest). A submission now is handled on Monday
23rd (受理), Tuesday (审核), Wednesday (审批) and paid out on Thursday 26th at 10:00 (办结).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

import pytest

from mock_server.services import workflow
from tests.conftest import CAPTCHA, PASSWORD, bearer

CHEN_JING = "13800000004"  # sealed 7 months, no loan
LIU_YANG = "13800000005"  # sealed 3 months
HUANG_YONG = "13800000006"  # past retirement age
SUN_LI = "13800000009"  # frozen
ZHANG_WEI = "13800000001"  # the demo: loan repaying
LI_NA = "13800000002"  # normal, no loan
WANG_QIANG = "13800000003"  # three contracts, one approved and not disbursed
PAY = "135790"


async def login(api, phone: str) -> dict[str, str]:
    captcha = (await api.post("/captcha")).json()
    response = await api.post(
        "/auth/login",
        json={"username": phone, "password": PASSWORD, "captcha_id": captcha["captcha_id"], "captcha_code": CAPTCHA},
    )
    assert response.status_code == 200, response.text
    return bearer(response.json()["access_token"])


async def latest_code(admin, phone: str) -> str:
    items = (await admin.get("/sms", params={"phone": phone, "limit": 1})).json()["items"]
    return str(items[0]["code"])


async def check(api, headers, kind: str = "resignation") -> dict:
    response = await api.post("/me/withdrawals/check", json={"kind": kind}, headers=headers)
    assert response.status_code == 200, response.text
    return response.json()


async def withdraw(
    api,
    admin,
    headers,
    phone: str,
    amount: str,
    *,
    kind: str = "resignation",
    key: str = "key-00000001",
    password: str = PAY,
    code: str | None = None,
    send: bool = True,
    **extra,
):
    if send:
        sent = await api.post("/me/withdrawals/sms", json={"kind": kind}, headers=headers)
        assert sent.status_code == 200, sent.text
    body = {
        "kind": kind,
        "amount": amount,
        "payment_password": password,
        "sms_code": code or await latest_code(admin, phone),
        **extra,
    }
    return await api.post("/me/withdrawals", json=body, headers={**headers, "Idempotency-Key": key})


def error(response) -> dict:
    body = response.json()
    assert set(body) == {"error"}, body
    return body["error"]


def count(runtime, table: str) -> int:
    return int(runtime.store.conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0])


async def set_clock(admin, when: str) -> None:
    response = await admin.post("/clock", json={"now": when})
    assert response.status_code == 200


# --- eligibility ---------------------------------------------------------------------------------


async def test_chen_jing_sealed_seven_months_may_withdraw_her_whole_balance(api) -> None:
    result = await check(api, await login(api, CHEN_JING))
    assert result["eligible"] is True and result["reasons"] == []
    assert result["max_amount"] == result["balance"] == "214325.34"
    assert result["whole_balance"] is False
    assert result["account_status_label"] == "封存" and result["sealed_on"] == "2026-04-22"
    assert result["phone_masked"] == "138****0004"
    assert result["registered_account_masked"] == "**** **** 2871"
    assert result["steps"] == ["受理", "审核", "审批", "办结"]


async def test_liu_yang_sealed_three_months_is_told_when_he_may(api) -> None:
    result = await check(api, await login(api, LIU_YANG))
    assert result["eligible"] is False
    assert result["reasons"] == ["账户封存未满 6 个月（封存日期 2026-08-22，已封存 3 个月），2027-02-22 起可以申请"]


async def test_huang_yong_past_retirement_age_may_take_retirement_withdrawal(api) -> None:
    result = await check(api, await login(api, HUANG_YONG), "retirement")
    assert result["eligible"] is True and result["reasons"] == []
    assert result["whole_balance"] is True and result["max_amount"] == "184135.80"
    assert result["retirement_age"] == "60 岁" and result["retirement_month"] == "2017-06-01"


async def test_sun_li_frozen_may_take_neither(api) -> None:
    headers = await login(api, SUN_LI)
    for kind in ("resignation", "retirement"):
        result = await check(api, headers, kind)
        assert result["eligible"] is False
        assert result["reasons"] == ["账户已冻结（冻结金额 50,000.00 元），冻结期间不能办理提取"]


async def test_the_demo_member_is_refused_for_his_outstanding_loan(api) -> None:
    headers = await login(api, ZHANG_WEI)
    resignation = await check(api, headers)
    assert resignation["reasons"] == [
        "账户状态为正常（单位仍在为您缴存），离职提取须在账户封存后办理",
        "有未结清的公积金贷款（合同 2015071536010038），须结清后才能办理",
    ]
    retirement = await check(api, headers, "retirement")
    assert retirement["reasons"] == [
        "尚未达到法定退休年龄（您的法定退休年龄为 63 岁），2048年3月起可以申请",
        "有未结清的公积金贷款（合同 2015071536010038），须结清后才能办理",
    ]


async def test_an_approved_but_undisbursed_loan_also_blocks(api) -> None:
    result = await check(api, await login(api, WANG_QIANG))
    assert "有正在办理的公积金贷款（合同 2026102636010114），须办结并结清后才能办理" in result["reasons"]


async def test_an_ineligible_member_gets_no_sms_code_and_no_application(api, admin, runtime) -> None:
    headers = await login(api, LIU_YANG)
    sent = await api.post("/me/withdrawals/sms", json={"kind": "resignation"}, headers=headers)
    assert sent.status_code == 409 and error(sent)["code"] == "NOT_ELIGIBLE"
    assert error(sent)["details"]["reasons"] == [
        "账户封存未满 6 个月（封存日期 2026-08-22，已封存 3 个月），2027-02-22 起可以申请"
    ]
    assert (await admin.get("/sms", params={"phone": LIU_YANG})).json()["items"] == []
    # Even with a code fetched without a kind, the submission is refused on eligibility, code untouched.
    assert (await api.post("/me/withdrawals/sms", json={}, headers=headers)).status_code == 200
    before = count(runtime, "applications")
    refused = await withdraw(api, admin, headers, LIU_YANG, "100.00", send=False)
    assert refused.status_code == 409 and error(refused)["message"].startswith(
        "不符合离职提取条件：账户封存未满 6 个月"
    )
    assert count(runtime, "applications") == before
    assert (await admin.get("/sms", params={"phone": LIU_YANG})).json()["items"][0]["used"] is False


# --- submitting -----------------------------------------------------------------------------------


async def test_chen_jing_submits_and_is_then_told_one_is_in_progress(api, admin, runtime) -> None:
    headers = await login(api, CHEN_JING)
    response = await withdraw(api, admin, headers, CHEN_JING, "12345.67")
    assert response.status_code == 201, response.text
    app = response.json()
    assert app["kind"] == "resignation" and app["kind_label"] == "离职提取" and app["state"] == "受理"
    assert app["status"] == "processing" and app["amount"] == "12345.67"
    assert app["number"] == f"SQ20261122{app['id']:05d}"
    assert [(n["name"], n["state"]) for n in app["nodes"]] == [
        ("受理", "current"),
        ("审核", "pending"),
        ("审批", "pending"),
        ("办结", "pending"),
    ]
    assert app["bank_account_masked"] == "**** **** 2871" and app["bank_name"] == "演示市工商银行营业部"
    assert app["schedule_note"] == "中心每个工作日办理一个环节，预计 2026-11-26 办结，办结后将通过消息通知您"
    again = await check(api, headers)
    assert again["eligible"] is False
    assert again["reasons"] == [f"已有离职提取申请（业务编号 {app['number']}）正在办理中，办结后才能再次申请"]
    # The SMS code was spent; the balance does not move until the centre pays out.
    assert (await admin.get("/sms", params={"phone": CHEN_JING})).json()["items"][0]["used"] is True
    assert (await api.get("/me/account", headers=headers)).json()["balance"] == "214325.34"


async def test_amount_rules(api, admin) -> None:
    headers = await login(api, CHEN_JING)
    too_much = await withdraw(api, admin, headers, CHEN_JING, "214325.35")
    assert too_much.status_code == 409
    assert error(too_much) == {
        "code": "NOT_ELIGIBLE",
        "message": "提取金额不能超过可提取金额 214,325.34 元",
        "details": {"field": "amount", "max_amount": "214325.34"},
    }
    for amount, message in (
        ("0", "提取金额应大于 0"),
        ("12.345", "提取金额最多保留两位小数"),
        ("abc", "提取金额只能是数字，如 12345.67"),
    ):
        bad = await withdraw(api, admin, headers, CHEN_JING, amount, send=False)
        assert (
            bad.status_code == 422 and error(bad)["message"] == message and error(bad)["details"]["field"] == "amount"
        )
    # The whole balance is allowed.
    assert (await withdraw(api, admin, headers, CHEN_JING, "214,325.34", send=False)).status_code == 201


async def test_retirement_takes_exactly_the_whole_balance(api, admin) -> None:
    headers = await login(api, HUANG_YONG)
    part = await withdraw(api, admin, headers, HUANG_YONG, "1000.00", kind="retirement")
    assert part.status_code == 422
    assert error(part)["message"] == "离退休提取须一次提取账户全部余额 184,135.80 元"
    whole = await withdraw(api, admin, headers, HUANG_YONG, "184135.80", kind="retirement", send=False)
    assert whole.status_code == 201 and whole.json()["kind_label"] == "离退休提取"


async def test_another_receiving_card_is_checked(api, admin) -> None:
    headers = await login(api, CHEN_JING)
    bad = await withdraw(
        api, admin, headers, CHEN_JING, "100.00", bank_account="6222021234567890124", bank_name="演示市招商银行"
    )
    assert error(bad)["message"] == "银行卡号校验不正确，请核对" and error(bad)["details"]["field"] == "bank_account"
    no_bank = await withdraw(
        api, admin, headers, CHEN_JING, "100.00", send=False, bank_account="6222 0212 3456 7890 128"
    )
    assert error(no_bank)["details"]["field"] == "bank_name"
    good = await withdraw(
        api,
        admin,
        headers,
        CHEN_JING,
        "100.00",
        send=False,
        bank_account="6222 0212 3456 7890 128",
        bank_name="演示市招商银行",
    )
    assert good.status_code == 201
    assert good.json()["bank_account_masked"] == "**** **** 0128" and good.json()["bank_name"] == "演示市招商银行"


async def test_wrong_payment_password_keeps_the_sms_code_and_five_lock_for_the_day(api, admin, runtime) -> None:
    headers = await login(api, CHEN_JING)
    first = await withdraw(api, admin, headers, CHEN_JING, "100.00", password="246810")
    assert first.status_code == 400
    assert error(first) == {
        "code": "PASSWORD_WRONG",
        "message": "支付密码错误，还可以再试 4 次",
        "details": {"field": "payment_password", "remaining_attempts": 4},
    }
    assert (await admin.get("/sms", params={"phone": CHEN_JING})).json()["items"][0]["used"] is False
    for _ in range(3):
        await withdraw(api, admin, headers, CHEN_JING, "100.00", password="246810", send=False)
    locked = await withdraw(api, admin, headers, CHEN_JING, "100.00", password="246810", send=False)
    assert locked.status_code == 423 and error(locked)["code"] == "ACCOUNT_LOCKED"
    right = await withdraw(api, admin, headers, CHEN_JING, "100.00", send=False)
    assert right.status_code == 423 and "今日已连续输错 5 次" in error(right)["message"]
    assert count(runtime, "applications WHERE member_id = 4") == 0
    await set_clock(admin, "2026-11-23T08:00:00")
    headers = await login(api, CHEN_JING)
    assert (await withdraw(api, admin, headers, CHEN_JING, "100.00")).status_code == 201


async def test_wrong_sms_code_creates_nothing(api, admin, runtime) -> None:
    headers = await login(api, CHEN_JING)
    await api.post("/me/withdrawals/sms", json={"kind": "resignation"}, headers=headers)
    real = await latest_code(admin, CHEN_JING)
    wrong = "000000" if real != "000000" else "111111"
    response = await withdraw(api, admin, headers, CHEN_JING, "100.00", code=wrong, send=False)
    assert error(response)["code"] == "SMS_CODE_INVALID" and error(response)["details"]["field"] == "sms_code"
    assert count(runtime, "applications WHERE member_id = 4") == 0
    malformed = await withdraw(api, admin, headers, CHEN_JING, "100.00", code="12ab", send=False)
    assert error(malformed)["message"] == "短信验证码为 6 位数字"


async def test_sms_resend_waits_a_minute(api) -> None:
    headers = await login(api, CHEN_JING)
    sent = await api.post("/me/withdrawals/sms", json={"kind": "resignation"}, headers=headers)
    assert sent.json() == {"phone_masked": "138****0004", "resend_after": 60, "expires_in": 300}
    again = await api.post("/me/withdrawals/sms", json={"kind": "resignation"}, headers=headers)
    assert again.status_code == 429 and error(again)["code"] == "SMS_RATE_LIMITED"


async def test_the_same_idempotency_key_never_creates_two_applications(api, admin, runtime) -> None:
    headers = await login(api, CHEN_JING)
    first = await withdraw(api, admin, headers, CHEN_JING, "500.00", key="retry-key-1")
    assert first.status_code == 201
    # A retry after a lost answer: the code is spent already, the key still finds the application.
    retry = await withdraw(api, admin, headers, CHEN_JING, "500.00", key="retry-key-1", send=False, code="999999")
    assert retry.status_code == 200 and retry.json()["id"] == first.json()["id"]
    assert count(runtime, "applications WHERE member_id = 4") == 1
    other = await withdraw(api, admin, headers, CHEN_JING, "600.00", key="retry-key-1", send=False)
    assert other.status_code == 409 and error(other)["code"] == "CONFLICT"
    missing = await api.post(
        "/me/withdrawals",
        headers=headers,
        json={"kind": "resignation", "amount": "1.00", "sms_code": "123456", "payment_password": PAY},
    )
    assert missing.status_code == 422 and error(missing)["details"]["field"] == "Idempotency-Key"


async def test_concurrent_retries_with_one_key_share_one_application(api, admin, runtime) -> None:
    headers = await login(api, CHEN_JING)
    await api.post("/me/withdrawals/sms", json={"kind": "resignation"}, headers=headers)
    code = await latest_code(admin, CHEN_JING)
    responses = await asyncio.gather(
        *(
            withdraw(api, admin, headers, CHEN_JING, "800.00", key="same-key-77", code=code, send=False)
            for _ in range(6)
        )
    )
    assert sorted(r.status_code for r in responses) == [200] * 5 + [201]
    assert len({r.json()["id"] for r in responses}) == 1
    assert count(runtime, "applications WHERE member_id = 4") == 1


# --- the back office with the clock ----------------------------------------------------------------


async def test_a_withdrawal_moves_one_node_per_working_day_and_pays_out(api, admin, runtime) -> None:
    headers = await login(api, CHEN_JING)
    app_id = (await withdraw(api, admin, headers, CHEN_JING, "12345.67")).json()["id"]
    unread_before = (await api.get("/me/tasks", headers=headers)).json()["unread_messages"]
    ledger_before = (await api.get("/me/ledger", params={"page_size": 1000}, headers=headers)).json()

    async def state_at(when: str) -> dict:
        await set_clock(admin, when)
        return (await api.get(f"/me/applications/{app_id}", headers=await login(api, CHEN_JING))).json()

    assert (await state_at("2026-11-23T09:59:59"))["state"] == "受理"
    monday = await state_at("2026-11-23T10:00:00")
    assert monday["state"] == "审核"
    assert monday["nodes"][0] == {
        "idx": 0,
        "name": "受理",
        "state": "done",
        "handler": workflow.handler_for(app_id, 0),
        "opinion": "材料齐全，予以受理",
        "at": "2026-11-23T10:00:00+08:00",
    }
    assert monday["nodes"][1]["state"] == "current" and monday["nodes"][1]["handler"] == workflow.handler_for(app_id, 1)
    assert (await state_at("2026-11-25T10:00:00"))["state"] == "办结"  # 审批 done on Wednesday
    assert (await api.get("/me/account", headers=await login(api, CHEN_JING))).json()["balance"] == "214325.34"
    done = await state_at("2026-11-26T10:00:00")
    assert (
        done["status"] == "finished"
        and done["status_label"] == "已办结"
        and done["finished_at"] == "2026-11-26T10:00:00+08:00"
    )
    assert [n["state"] for n in done["nodes"]] == ["done"] * 4 and done["schedule_note"] == ""

    headers = await login(api, CHEN_JING)
    account = (await api.get("/me/account", headers=headers)).json()
    assert account["balance"] == "201979.67"  # 214,325.34 − 12,345.67
    ledger = (await api.get("/me/ledger", params={"page_size": 1000}, headers=headers)).json()
    assert ledger["total"] == ledger_before["total"] + 1
    entry = ledger["items"][-1]
    assert {
        k: entry[k] for k in ("posted_on", "type", "type_label", "amount", "interest", "balance", "summary", "channel")
    } == {
        "posted_on": "2026-11-26",
        "type": "withdraw",
        "type_label": "提取",
        "amount": "-12345.67",
        "interest": "0.00",
        "balance": "201979.67",
        "summary": "离职提取",
        "channel": "个人网厅",
    }
    tasks = (await api.get("/me/tasks", headers=headers)).json()
    assert tasks["unread_messages"] == unread_before + 1 and tasks["applications_in_progress"] == 0
    message = (await api.get("/me/messages", headers=headers)).json()["items"][0]
    assert message["business"] == "提取到账" and message["sent_at"] == "2026-11-26T10:00:00+08:00"
    assert message["content"] == (
        f"您的离职提取申请（业务编号 SQ20261122{app_id:05d}）已办结，提取金额 12,345.67 元已划入"
        "您在演示市工商银行营业部的账户（**** **** 2871），公积金账户余额 201,979.67 元。"
    )
    # However often the back office is asked again, nothing happens twice.
    for _ in range(3):
        assert workflow.catch_up(runtime) == 0
        await set_clock(admin, "2026-12-01T12:00:00")
    assert count(runtime, "ledger WHERE member_id = 4") == ledger["total"]
    assert count(runtime, "messages WHERE member_id = 4 AND business = '提取到账'") == 1


async def test_submitted_on_friday_is_next_handled_on_monday(api, admin) -> None:
    await set_clock(admin, "2026-11-27T16:00:00")
    headers = await login(api, CHEN_JING)
    app = (await withdraw(api, admin, headers, CHEN_JING, "10.00")).json()
    assert app["schedule_note"].startswith("中心每个工作日办理一个环节，预计 2026-12-03 办结")
    await set_clock(admin, "2026-11-29T23:00:00")
    assert (await api.get(f"/me/applications/{app['id']}", headers=await login(api, CHEN_JING))).json()[
        "state"
    ] == "受理"
    await set_clock(admin, "2026-11-30T10:00:00")
    assert (await api.get(f"/me/applications/{app['id']}", headers=await login(api, CHEN_JING))).json()[
        "state"
    ] == "审核"


async def test_requests_look_for_due_work_only_when_some_may_be_due(api, admin, runtime) -> None:
    workflow.catch_up(runtime)
    assert workflow.may_be_due(runtime) is False  # the seed has nothing scheduled
    headers = await login(api, CHEN_JING)
    app_id = (await withdraw(api, admin, headers, CHEN_JING, "10.00")).json()["id"]
    assert workflow.may_be_due(runtime) is True  # a new schedule: look again
    await api.get("/me/tasks", headers=headers)
    assert workflow.may_be_due(runtime) is False  # next due Monday 10:00
    runtime.clock.set(dt.datetime(2026, 11, 23, 10, 0))  # no /_mock call: the next request notices
    assert workflow.may_be_due(runtime) is True
    flow = (await api.get(f"/me/applications/{app_id}", headers=await login(api, CHEN_JING))).json()
    assert flow["state"] == "审核"


def test_working_days_skip_weekends() -> None:
    friday = dt.date(2026, 11, 27)
    assert [workflow.working_day_after(friday, n) for n in (1, 2, 5)] == [
        dt.date(2026, 11, 30),
        dt.date(2026, 12, 1),
        dt.date(2026, 12, 4),
    ]
    assert workflow.due_times(dt.datetime(2026, 11, 22, 9), 4)[-1] == dt.datetime(2026, 11, 26, 10, 0)


async def test_retirement_withdrawal_closes_the_account(api, admin, runtime) -> None:
    headers = await login(api, HUANG_YONG)
    app = (await withdraw(api, admin, headers, HUANG_YONG, "184135.80", kind="retirement")).json()
    await set_clock(admin, "2026-11-26T09:55:00")
    headers = await login(api, HUANG_YONG)  # the last chance: from 10:00 the account is closed
    await set_clock(admin, "2026-11-26T10:00:00")
    member = runtime.store.conn.execute("SELECT status, closed_on FROM members WHERE id = 6").fetchone()
    assert tuple(member) == ("closed", "2026-11-26")
    last = runtime.store.conn.execute(
        "SELECT amount, balance, summary FROM ledger WHERE member_id = 6 ORDER BY seq DESC LIMIT 1"
    ).fetchone()
    assert tuple(last) == ("-184135.80", "0.00", "离退休提取（销户）")
    account = (await api.get("/me/account", headers=headers)).json()
    assert account["status"] == "closed" and account["status_label"] == "销户" and account["balance"] == "0.00"
    message = (await api.get("/me/messages", headers=headers)).json()["items"][0]
    assert message["content"].endswith("公积金账户余额 0.00 元。您的住房公积金账户已销户。")
    assert (await api.get(f"/me/applications/{app['id']}", headers=headers)).json()["status"] == "finished"
    captcha = (await api.post("/captcha")).json()
    closed = await api.post(
        "/auth/login",
        json={
            "username": HUANG_YONG,
            "password": PASSWORD,
            "captcha_id": captcha["captcha_id"],
            "captcha_code": CAPTCHA,
        },
    )
    # A closed account cannot log in, and the answer is the one a stranger gets.
    assert closed.status_code == 401 and error(closed)["code"] == "CREDENTIALS_INVALID"


async def test_seeded_applications_stay_where_the_seed_put_them(api, admin) -> None:
    await set_clock(admin, "2027-01-15T12:00:00")
    headers = await login(api, WANG_QIANG)
    loans = {loan["contract_no"]: loan for loan in (await api.get("/me/loans", headers=headers)).json()["items"]}
    assert loans["2026102636010114"]["status"] == "approved"


# --- loans -----------------------------------------------------------------------------------------


def fen(value: Fraction) -> Decimal:
    return (Decimal(value.numerator) / Decimal(value.denominator)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def equal_installment_payment(principal: int, periods: int, rate_percent: str) -> Decimal:
    """P·r·(1+r)^n / ((1+r)^n − 1), exactly, then to the fen (independent of api_client)."""
    r = Fraction(rate_percent) / 1200
    growth = (1 + r) ** periods
    return fen(principal * r * growth / (growth - 1))


async def test_loan_rule_is_published_and_quota_follows_it(api) -> None:
    rules = (await api.get("/loan-rules")).json()
    assert rules["balance_multiple"] == "15" and rules["max_amount"] == "800000.00"
    assert rules["rates"] == [{"max_periods": 60, "annual_rate": "2.10"}, {"max_periods": 360, "annual_rate": "2.60"}]
    quota = (await api.get("/me/loan-quota", headers=await login(api, LI_NA))).json()
    assert quota["rule"] == rules
    assert quota["eligible"] is True and quota["reasons"] == []
    assert quota["balance"] == "321373.34" and quota["consecutive_months"] == 159
    assert quota["max_amount"] == "800000.00" and quota["max_amount_basis"] == "最高额度"
    # 李娜, born 1990-07, retires at 55 in 2045-07; the loan must end by 2050-07-01: 283 months from today.
    assert quota["retirement_month"] == "2045-07-01" and quota["max_periods"] == 283


async def test_who_may_not_borrow_is_told_why(api) -> None:
    zhang = (await api.get("/me/loan-quota", headers=await login(api, ZHANG_WEI))).json()
    assert zhang["eligible"] is False
    assert zhang["reasons"] == ["有未结清的公积金贷款（合同 2015071536010038），结清后才能再次申请"]
    chen = (await api.get("/me/loan-quota", headers=await login(api, CHEN_JING))).json()
    assert chen["reasons"] == ["账户状态为封存，只有状态正常的账户可以申请公积金贷款"]
    sun = (await api.get("/me/loan-quota", headers=await login(api, SUN_LI))).json()
    assert sun["reasons"] == [
        "账户状态为冻结，只有状态正常的账户可以申请公积金贷款",
        "贷款须在法定退休年龄后 5 年内（2025年9月前）还清，按您的年龄，即使最短的 12 个月期限也无法在此前还清，"
        "因此不能申请公积金贷款",
    ]


LOAN_FORM = {
    "amount": "500000.00",
    "periods": 240,
    "method": "equal_installment",
    "house_address": "演示市高新区梧桐路 18 号 2 栋 801 室",
    "house_type": "商品房",
    "house_area": "96.5",
    "house_price": "1280000.00",
    "seller_name": "演示市安居置业有限公司",
    "seller_phone": "0571-88886666",
    "bank_name": "演示市建设银行城南支行",
}


async def apply(api, headers, key: str = "loan-key-0001", **changes):
    return await api.post(
        "/me/loan-applications", json={**LOAN_FORM, **changes}, headers={**headers, "Idempotency-Key": key}
    )


async def test_loan_application_figures_to_the_fen(api) -> None:
    headers = await login(api, LI_NA)
    response = await apply(api, headers)
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["annual_rate"] == "2.60"
    assert body["first_payment"] == str(equal_installment_payment(500000, 240, "2.60")) == "2673.94"
    assert body["last_payment"] == "2673.98" and body["total_interest"] == "141745.64"
    assert body["application"]["kind"] == "loan" and body["application"]["state"] == "受理"
    assert body["contract_no"] == body["application"]["contract_no"]


async def test_equal_principal_first_and_last_payment(api) -> None:
    body = (await apply(api, await login(api, LI_NA), amount="300000", periods=120, method="equal_principal")).json()
    # 300,000 / 120 = 2,500 a month; interest 300,000 × 2.6 % / 12 = 650.00 first, 2,500 × 2.6 % / 12 last.
    assert (body["first_payment"], body["last_payment"], body["total_interest"]) == ("3150.00", "2505.42", "39325.00")
    short = (await apply(api, await login(api, LI_NA), key="loan-key-0002", amount="200000", periods=60)).json()
    assert short["error"]["code"] == "NOT_ELIGIBLE"  # one loan at a time


async def test_short_loans_get_the_lower_rate(api) -> None:
    body = (await apply(api, await login(api, LI_NA), amount="200000", periods=60)).json()
    assert body["annual_rate"] == "2.10"
    assert body["first_payment"] == str(equal_installment_payment(200000, 60, "2.10")) == "3514.31"


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"amount": "1100000"}, "amount", "贷款金额超过可贷额度 800,000.00 元（最高额度）"),
        ({"house_price": "500000"}, "amount", "贷款金额超过可贷额度 400,000.00 元（房屋总价 × 80%）"),
        ({"amount": "9000"}, "amount", "贷款金额不能低于 10,000.00 元"),
        ({"periods": 300}, "periods", "按您的年龄，贷款期限最长 283 个月"),
        ({"periods": 400}, "periods", "按您的年龄，贷款期限最长 283 个月"),  # her limit, not the general 360
        ({"periods": 6}, "periods", "贷款期限最短 12 个月"),
        ({"house_address": "一号"}, "house_address", "房屋坐落应为 5–80 个字"),
        ({"house_area": "5"}, "house_area", "建筑面积应在 10–1000 平方米之间"),
        ({"seller_phone": "12345"}, "seller_phone", "售房人联系电话应为 11 位手机号或带区号的固定电话"),
        ({"bank_name": "别的银行"}, "bank_name", "请选择受委托银行"),
    ],
)
async def test_loan_fields_are_checked_at_the_field(api, runtime, changes, field, message) -> None:
    response = await apply(api, await login(api, LI_NA), **changes)
    assert response.status_code == 422, response.text
    assert error(response)["message"] == message and error(response)["details"]["field"] == field
    assert count(runtime, "loans WHERE member_id = 2") == 0


async def test_the_loan_is_processed_and_disbursed_with_the_clock(api, admin, runtime) -> None:
    headers = await login(api, LI_NA)
    body = (await apply(api, headers)).json()
    contract_no = body["contract_no"]
    assert contract_no.startswith("20261122")
    loans = (await api.get("/me/loans", headers=headers)).json()["items"]
    assert [(loan["contract_no"], loan["status"], loan["status_label"]) for loan in loans] == [
        (contract_no, "processing", "审批中")
    ]
    progress = (await api.get(f"/me/loans/{contract_no}/progress", headers=headers)).json()
    assert [(s["name"], s["state"]) for s in progress["steps"]] == [
        ("受理", "current"),
        ("审核", "pending"),
        ("审批", "pending"),
        ("签合同", "pending"),
        ("抵押登记", "pending"),
        ("放款", "pending"),
    ]
    assert progress["house_type"] == "商品房" and progress["bank_name"] == "演示市建设银行城南支行"
    apps = (await api.get("/me/applications", headers=headers)).json()["items"]
    assert apps[0]["kind_label"] == "公积金贷款" and apps[0]["contract_no"] == contract_no
    # A second application while this one runs is refused.
    again = await apply(api, headers, key="loan-key-0009")
    assert error(again)["code"] == "NOT_ELIGIBLE"

    await set_clock(admin, "2026-11-25T10:00:00")  # 审批 done on the third working day
    headers = await login(api, LI_NA)
    assert (await api.get("/me/loans", headers=headers)).json()["items"][0]["status"] == "approved"
    await set_clock(admin, "2026-11-30T10:00:00")  # 放款 on the sixth: Monday 30th
    headers = await login(api, LI_NA)
    loan = (await api.get(f"/me/loans/{contract_no}", headers=headers)).json()
    assert loan["status"] == "repaying" and loan["disbursed_on"] == "2026-11-30" and loan["repayment_day"] == 28
    assert loan["monthly_payment"] == str(equal_installment_payment(500000, 240, "2.60"))
    assert loan["balance"] == "500000.00" and loan["periods"] == 240
    progress = (await api.get(f"/me/loans/{contract_no}/progress", headers=headers)).json()
    assert [s["state"] for s in progress["steps"]] == ["done"] * 6
    flow = (await api.get(f"/me/applications/{body['application']['id']}", headers=headers)).json()
    assert [(n["name"], n["handler"], n["at"]) for n in flow["nodes"]] == [
        (s["name"], s["handler"], s["at"]) for s in progress["steps"]
    ]
    assert flow["status"] == "finished" and flow["periods"] == 240 and flow["method_label"] == "等额本息"
    businesses = [m["business"] for m in (await api.get("/me/messages", headers=headers)).json()["items"]]
    assert businesses[:2] == ["贷款发放", "贷款审批"]


async def test_a_retried_loan_application_returns_the_first(api, runtime) -> None:
    headers = await login(api, LI_NA)
    first = await apply(api, headers)
    again = await apply(api, headers)
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json() == again.json()
    assert count(runtime, "loans WHERE member_id = 2") == 1


# --- messages --------------------------------------------------------------------------------------


async def test_messages_and_read_messages_are_paged_newest_first(api) -> None:
    headers = await login(api, ZHANG_WEI)
    unread = (await api.get("/me/messages", headers=headers)).json()
    assert unread["total"] == 3 and [m["status"] for m in unread["items"]] == ["unread"] * 3
    times = [m["sent_at"] for m in unread["items"]]
    assert times == sorted(times, reverse=True)
    assert unread["items"][0]["business"] == "贷款还款" and unread["items"][0]["channel"] == "短信"
    read = (await api.get("/me/messages", params={"status": "read", "page_size": 5}, headers=headers)).json()
    assert read["total"] == 11 and len(read["items"]) == 5
    page3 = (
        await api.get("/me/messages", params={"status": "read", "page_size": 5, "page": 3}, headers=headers)
    ).json()
    assert len(page3["items"]) == 1 and page3["items"][0]["sent_at"] < read["items"][-1]["sent_at"]
    bad = await api.get("/me/messages", params={"status": "all"}, headers=headers)
    assert bad.status_code == 422 and error(bad)["details"]["field"] == "status"


async def test_view_mark_read_and_delete(api) -> None:
    headers = await login(api, ZHANG_WEI)
    newest = (await api.get("/me/messages", headers=headers)).json()["items"][0]
    viewed = (await api.get(f"/me/messages/{newest['id']}", headers=headers)).json()
    assert viewed == newest  # viewing alone does not mark it read
    marked = await api.post(f"/me/messages/{newest['id']}/read", headers=headers)
    assert marked.json()["status"] == "read"
    tasks = (await api.get("/me/tasks", headers=headers)).json()
    assert (tasks["unread_messages"], tasks["read_messages"]) == (2, 12)
    read_ids = [
        m["id"] for m in (await api.get("/me/messages", params={"status": "read"}, headers=headers)).json()["items"]
    ]
    assert read_ids[0] == newest["id"]
    deleted = await api.delete(f"/me/messages/{newest['id']}", headers=headers)
    assert deleted.json() == {"ok": True, "message": "消息已删除"}
    gone = await api.get(f"/me/messages/{newest['id']}", headers=headers)
    assert gone.status_code == 404 and error(gone)["message"] == "该消息不存在或已删除"
    tasks = (await api.get("/me/tasks", headers=headers)).json()
    assert (tasks["unread_messages"], tasks["read_messages"]) == (2, 11)
    # Someone else's message is not there for this member.
    other = (await api.get("/me/messages", headers=await login(api, LI_NA))).json()["items"][0]
    assert (await api.delete(f"/me/messages/{other['id']}", headers=headers)).status_code == 404


# --- 我发起的 --------------------------------------------------------------------------------------


async def test_the_demo_members_applications_and_their_flows(api) -> None:
    headers = await login(api, ZHANG_WEI)
    page = (await api.get("/me/applications", headers=headers)).json()
    assert page["total"] == 3
    assert [(a["kind_label"], a["amount"], a["status_label"]) for a in page["items"]] == [
        ("偿还贷款提取", "22456.68", "已办结"),
        ("购房提取", "60000.00", "已办结"),
        ("公积金贷款", "430000.00", "已办结"),
    ]
    loan_app = page["items"][2]
    flow = (await api.get(f"/me/applications/{loan_app['id']}", headers=headers)).json()
    progress = (await api.get(f"/me/loans/{loan_app['contract_no']}/progress", headers=headers)).json()
    assert [(n["name"], n["handler"], n["at"]) for n in flow["nodes"]] == [
        (s["name"], s["handler"], s["at"]) for s in progress["steps"]
    ]
    assert all(n["opinion"] for n in flow["nodes"])
    assert flow["created_at"] <= flow["nodes"][0]["at"] and flow["finished_at"] == flow["nodes"][-1]["at"]
    other = await api.get(f"/me/applications/{loan_app['id']}", headers=await login(api, LI_NA))
    assert other.status_code == 404


async def test_an_application_in_progress_marks_its_current_node(api) -> None:
    headers = await login(api, WANG_QIANG)
    items = (await api.get("/me/applications", headers=headers)).json()["items"]
    running = next(a for a in items if a["status"] == "processing")
    flow = (await api.get(f"/me/applications/{running['id']}", headers=headers)).json()
    assert [(n["name"], n["state"]) for n in flow["nodes"]] == [
        ("受理", "done"),
        ("审核", "done"),
        ("审批", "done"),
        ("签合同", "done"),
        ("抵押登记", "current"),
        ("放款", "pending"),
    ]
    assert flow["nodes"][4]["handler"] and flow["nodes"][4]["opinion"] is None and flow["nodes"][5]["handler"] is None
    assert flow["schedule_note"] == "由中心经办人办理中，办结后将通过消息通知您"


# --- the deposit certificate -----------------------------------------------------------------------


async def test_certificate_has_every_field_and_verifies(api) -> None:
    headers = await login(api, ZHANG_WEI)
    cert = (await api.get("/me/deposit-certificate", headers=headers)).json()
    account = (await api.get("/me/account", headers=headers)).json()
    assert {
        k: cert[k]
        for k in (
            "name",
            "id_number_masked",
            "account_no",
            "employer_name",
            "opened_on",
            "status_label",
            "base",
            "monthly_deposit",
            "employer_ratio",
            "personal_ratio",
            "balance",
        )
    } == {
        "name": "张伟",
        "id_number_masked": "110105********0039",
        "account_no": account["account_no"],
        "employer_name": "演示市智联信息技术有限公司",
        "opened_on": "2008-07-01",
        "status_label": "正常",
        "base": account["base"],
        "monthly_deposit": "3407.04",
        "employer_ratio": "12.00",
        "personal_ratio": "12.00",
        "balance": "139703.05",
    }
    assert (cert["first_month"], cert["last_month"], cert["deposit_months"]) == ("2008-07", "2026-11", 221)
    assert cert["issued_on"] == "2026-11-22" and cert["centre_name"] == "演示市住房公积金管理中心"
    assert cert["loan_record"] == "共 1 笔：还款中 1 笔"
    assert cert["loans"] == [
        {
            "contract_no": "2015071536010038",
            "amount": "430000.00",
            "disbursed_on": "2015-07-15",
            "status_label": "还款中",
            "balance": "313969.50",
        }
    ]
    code = cert["code"]
    assert len(code) == 14 and code[4] == code[9] == "-"
    assert "110105198503120039" not in json.dumps(cert)
    # Asked again the same day, nothing changed: the same certificate.
    assert (await api.get("/me/deposit-certificate", headers=headers)).json()["code"] == code
    checked = (await api.get(f"/certificates/{code.lower().replace('-', '')}")).json()
    assert checked == {
        "genuine": True,
        "code": code,
        "message": "该缴存证明由演示市住房公积金管理中心于 2026-11-22 出具，内容如下",
        "issued_on": "2026-11-22",
        "centre_name": "演示市住房公积金管理中心",
        "name_masked": "张*",
        "id_number_masked": "110105********0039",
        "employer_name": "演示市智联信息技术有限公司",
        "status_label": "正常",
        "balance": "139703.05",
        "first_month": "2008-07",
        "last_month": "2026-11",
    }


async def test_unknown_and_malformed_codes(api) -> None:
    unknown = (await api.get("/certificates/ABCD-EFGH-JKMN")).json()
    assert unknown["genuine"] is False and unknown["message"].startswith("未找到该验证码对应的缴存证明")
    bad = await api.get("/certificates/abc")
    assert bad.status_code == 422 and error(bad)["details"]["field"] == "code"


async def test_a_changed_account_gets_a_new_certificate_and_the_old_one_still_verifies(api, admin) -> None:
    headers = await login(api, CHEN_JING)
    old = (await api.get("/me/deposit-certificate", headers=headers)).json()
    await withdraw(api, admin, headers, CHEN_JING, "1000.00")
    await set_clock(admin, "2026-11-26T12:00:00")
    new = (await api.get("/me/deposit-certificate", headers=await login(api, CHEN_JING))).json()
    assert new["code"] != old["code"] and new["balance"] == "213325.34" and new["issued_on"] == "2026-11-26"
    assert (await api.get(f"/certificates/{old['code']}")).json()["balance"] == "214325.34"


# --- the race, against a real gjj-mock process -------------------------------------------------------


async def test_two_submissions_racing_for_one_balance_cannot_both_succeed(mock_process) -> None:
    import httpx

    async with (
        httpx.AsyncClient(base_url=f"{mock_process}/api/v1", timeout=30) as api,
        httpx.AsyncClient(base_url=f"{mock_process}/_mock", timeout=30) as admin,
    ):
        await admin.post("/reset")
        headers = await login(api, HUANG_YONG)
        await api.post("/me/withdrawals/sms", json={}, headers=headers)
        code = await latest_code(admin, HUANG_YONG)
        # Eight different submissions at once, each for the whole balance: resignation and retirement mixed.
        attempts = [
            withdraw(
                api, admin, headers, HUANG_YONG, "184135.80", kind=kind, key=f"race-key-{n:04d}", code=code, send=False
            )
            for n, kind in enumerate(["resignation", "retirement"] * 4)
        ]
        responses = await asyncio.gather(*attempts)
        statuses = sorted(r.status_code for r in responses)
        assert statuses == [201] + [409] * 7, [r.text for r in responses]
        assert all(
            error(r)["code"] == "NOT_ELIGIBLE" and "正在办理中" in error(r)["message"]
            for r in responses
            if r.status_code == 409
        )
        listed = (await api.get("/me/applications", headers=headers)).json()["items"]
        assert [a["status"] for a in listed if a["kind"] in ("resignation", "retirement")] == ["processing"]
        # The same key sent many times at once: one application, the same answer to all.
        await admin.post("/reset")
        headers = await login(api, CHEN_JING)
        await api.post("/me/withdrawals/sms", json={}, headers=headers)
        code = await latest_code(admin, CHEN_JING)
        same = await asyncio.gather(
            *(
                withdraw(api, admin, headers, CHEN_JING, "1000.00", key="one-key-for-all", code=code, send=False)
                for _ in range(8)
            )
        )
        assert sorted(r.status_code for r in same) == [200] * 7 + [201]
        assert len({r.json()["id"] for r in same}) == 1
        assert (await api.get("/me/applications", headers=headers)).json()["total"] == 1


async def test_seeded_histories_keep_their_own_order(api, runtime) -> None:
    """Every 提取到账 message comes after the 办结 of its withdrawal, for every seeded member."""
    db = runtime.store.conn
    finished = db.execute("SELECT member_id, finished_at FROM applications WHERE kind != 'loan'").fetchall()
    checked = 0
    for member_id, finished_at in finished:
        if not finished_at:
            continue
        for (sent_at,) in db.execute(
            "SELECT sent_at FROM messages WHERE member_id = ? AND business = '提取到账' AND substr(sent_at, 1, 10) = ?",
            (member_id, finished_at[:10]),
        ):
            assert sent_at > finished_at, (member_id, sent_at, finished_at)
            checked += 1
    assert checked >= 1
    headers = await login(api, ZHANG_WEI)
    messages = (await api.get("/me/messages", params={"status": "read"}, headers=headers)).json()["items"]
    applications = (await api.get("/me/applications", headers=headers)).json()["items"]
    arrived = next(m for m in messages if m["business"] == "提取到账")
    done = next(a for a in applications if a["kind"] != "loan" and a["finished_at"])
    assert arrived["sent_at"] > done["finished_at"]


async def test_ledger_totals_follow_a_payout_and_a_reset(api, admin) -> None:  # type: ignore[no-untyped-def]
    # The range's totals are kept between requests: a paid-out withdrawal must still show in them at once.
    headers = await login(api, CHEN_JING)
    before = (await api.get("/me/ledger", params={"page_size": 5}, headers=headers)).json()
    assert (await withdraw(api, admin, headers, CHEN_JING, "1234.56")).status_code == 201
    await set_clock(admin, "2026-11-26T10:00:00")  # paid out on the fourth working day
    headers = await login(api, CHEN_JING)
    after = (await api.get("/me/ledger", params={"page_size": 5}, headers=headers)).json()
    assert after["total"] == before["total"] + 1
    assert Decimal(after["totals"]["outgo"]) - Decimal(before["totals"]["outgo"]) == Decimal("1234.56")
    assert after["totals"]["income"] == before["totals"]["income"]
    assert (await admin.post("/reset")).status_code == 200
    await set_clock(admin, "2026-11-22T09:00:00")
    headers = await login(api, CHEN_JING)
    again = (await api.get("/me/ledger", params={"page_size": 5}, headers=headers)).json()
    assert again["total"] == before["total"] and again["totals"] == before["totals"]


async def test_a_kept_plan_follows_the_day(api, admin) -> None:  # type: ignore[no-untyped-def]
    # The plan's answer is kept between requests: a row falling due must still turn overdue the next day.
    headers = await login(api, ZHANG_WEI)
    path = "/me/loans/2015071536010038/plan"
    rows = (await api.get(path, headers=headers)).json()["rows"]
    assert (await api.get(path, headers=headers)).json()["rows"] == rows
    first_due = next(row for row in rows if row["state"] != "paid")
    assert first_due["state"] == "due" and first_due["due_on"] == "2026-12-15"
    await set_clock(admin, "2026-12-16T09:00:00")
    headers = await login(api, ZHANG_WEI)  # the first session has expired by then
    later = (await api.get(path, headers=headers)).json()["rows"]
    assert next(row for row in later if row["period"] == first_due["period"])["state"] == "overdue"
