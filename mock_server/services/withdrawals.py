"""我要提取: 离职提取 and 离退休提取 (DESIGN.md: domain rules).

离职提取: the account sealed (封存) for at least 6 full months, no loan outstanding or being processed,
no other withdrawal in progress; any amount up to the balance not frozen.
离退休提取: the statutory retirement age reached (``api_client.domain.retirement``), no loan, no other
withdrawal in progress; the whole balance, and the account is closed when it is paid out.

A submission needs the payment password and an SMS code. Every check that can refuse runs before
anything is written; the wrong-password count and a wrong SMS try are the only traces a refusal leaves.
The same ``Idempotency-Key`` returns the first application instead of creating another, and since
all of this runs in one store transaction, two submissions racing for the same balance are taken one
after the other: the second finds the first in progress and is refused.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
import string
from decimal import Decimal
from typing import Any

from api_client.domain.amortization import add_months
from api_client.domain.amounts import AmountError, parse_amount
from api_client.domain.bankcard import bank_card_error
from api_client.domain.formatting import Month, fmt_money
from api_client.domain.masking import mask_bank_account, mask_phone
from api_client.domain.phrase import Listing, Phrase
from api_client.domain.retirement import full_months_between, retirement_month, statutory_retirement_age
from api_client.models import ACCOUNT_STATUS_LABELS, APPLICATION_KIND_LABELS, WITHDRAWAL_KIND_LABELS

from ..back_office import WITHDRAWAL_STEPS
from ..problems import ApiProblem, validation
from ..runtime import Runtime
from ..store import money
from . import payment_password, sms, workflow
from .account import balance_of, member_row

SEALED_MONTHS_REQUIRED = 6
IN_PROGRESS_KINDS = ("resignation", "retirement", "purchase", "repayment")
ZERO = Decimal("0.00")


def _date(text: str | None) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


def open_loans(db: sqlite3.Connection, member_id: int) -> list[sqlite3.Row]:
    return db.execute(
        "SELECT contract_no, status FROM loans WHERE member_id = ? AND status IN ('processing', 'approved', 'repaying') "
        "ORDER BY applied_on",
        (member_id,),
    ).fetchall()


def withdrawals_in_progress(db: sqlite3.Connection, member_id: int) -> list[sqlite3.Row]:
    marks = ",".join("?" * len(IN_PROGRESS_KINDS))
    return db.execute(
        f"SELECT number, kind FROM applications WHERE member_id = ? AND finished_at IS NULL AND kind IN ({marks}) "
        "ORDER BY id",
        (member_id, *IN_PROGRESS_KINDS),
    ).fetchall()


def check(db: sqlite3.Connection, member_id: int, kind: str, today: dt.date) -> dict[str, Any]:
    """Whether the member may take ``kind`` today, with every reason why not (``WithdrawalCheck``)."""
    member = member_row(db, member_id)
    status = member["status"]
    balance = balance_of(db, member_id)
    frozen = money(member["frozen_amount"])
    sealed_on = _date(member["sealed_on"])
    birth = dt.date.fromisoformat(member["birth_date"])
    male = member["gender"] == "male"
    cadre = bool(member["female_cadre"])
    reasons: list[str] = []

    if status == "frozen":
        reasons.append(Phrase("账户已冻结（冻结金额 {amount} 元），冻结期间不能办理提取", amount=fmt_money(frozen)))
    elif status == "closed":
        reasons.append("账户已销户，不能办理提取")
    retire_month = None
    age_label = None
    if kind == "resignation":
        if status == "normal":
            reasons.append("账户状态为正常（单位仍在为您缴存），离职提取须在账户封存后办理")
        elif status == "sealed" and sealed_on is not None:
            months = full_months_between(sealed_on, today)
            if months < SEALED_MONTHS_REQUIRED:
                ready = add_months(sealed_on, SEALED_MONTHS_REQUIRED)
                reasons.append(
                    Phrase(
                        "账户封存未满 {months} 个月（封存日期 {sealed_on}，已封存 {sealed} 个月），{ready} 起可以申请",
                        months=SEALED_MONTHS_REQUIRED,
                        sealed_on=sealed_on.isoformat(),
                        sealed=months,
                        ready=ready.isoformat(),
                    )
                )
    else:
        retire_month = retirement_month(birth, male=male, female_cadre=cadre)
        age_label = statutory_retirement_age(birth, male=male, female_cadre=cadre).label
        if today < retire_month:
            reasons.append(
                Phrase(
                    "尚未达到法定退休年龄（您的法定退休年龄为 {age}），{month}起可以申请",
                    age=age_label,
                    month=Month(retire_month.strftime("%Y-%m")),
                )
            )
    for loan in open_loans(db, member_id):
        if loan["status"] == "repaying":
            reasons.append(
                Phrase("有未结清的公积金贷款（合同 {contract_no}），须结清后才能办理", contract_no=loan["contract_no"])
            )
        else:
            reasons.append(
                Phrase(
                    "有正在办理的公积金贷款（合同 {contract_no}），须办结并结清后才能办理",
                    contract_no=loan["contract_no"],
                )
            )
    for app in withdrawals_in_progress(db, member_id):
        reasons.append(
            Phrase(
                "已有{kind}申请（业务编号 {number}）正在办理中，办结后才能再次申请",
                kind=APPLICATION_KIND_LABELS[app["kind"]],
                number=app["number"],
            )
        )
    available = max(ZERO, balance - frozen)
    if available <= 0 and status not in ("frozen", "closed"):
        reasons.append("账户余额为 0，没有可提取的金额")
    return {
        "kind": kind,
        "kind_label": WITHDRAWAL_KIND_LABELS[kind],
        "eligible": not reasons,
        "reasons": reasons,
        "max_amount": available,
        "whole_balance": kind == "retirement",
        "balance": balance,
        "frozen_amount": frozen,
        "account_status": status,
        "account_status_label": ACCOUNT_STATUS_LABELS[status],
        "sealed_on": sealed_on,
        "retirement_month": retire_month,
        "retirement_age": age_label,
        "phone_masked": mask_phone(member["phone"]),
        "registered_bank_name": member["bank_name"],
        "registered_account_masked": mask_bank_account(member["bank_account"]),
        "steps": list(WITHDRAWAL_STEPS),
    }


def not_eligible(result: dict[str, Any]) -> ApiProblem:
    return ApiProblem(
        409,
        "NOT_ELIGIBLE",
        Phrase(
            "不符合{kind}条件：{reasons}",
            kind=WITHDRAWAL_KIND_LABELS[result["kind"]],
            reasons=Listing(result["reasons"]),
        ),
        reasons=result["reasons"],
    )


def send_sms(runtime: Runtime, member_id: int, kind: str | None) -> dict[str, Any]:
    """An SMS code for a withdrawal; refused before sending when the member may not withdraw."""
    today = runtime.clock.today()
    with runtime.store.transaction() as db:
        if kind is not None:
            result = check(db, member_id, kind, today)
            if not result["eligible"]:
                raise not_eligible(result)
        phone = member_row(db, member_id)["phone"]
        sent = sms.send_code(db, runtime, phone, "withdrawal")
    return {"phone_masked": mask_phone(phone), **sent}


_KEY_CHARACTERS = frozenset(string.ascii_letters + string.digits + "-_")


def check_idempotency_key(key: str | None) -> str:
    if not key:
        raise validation("缺少 Idempotency-Key 请求头：每次提交须带一个唯一的键，重试时沿用", field="Idempotency-Key")
    if not 8 <= len(key) <= 64 or not all(ch in _KEY_CHARACTERS for ch in key):
        raise validation("Idempotency-Key 应为 8–64 位英文字母、数字、- 或 _", field="Idempotency-Key")
    return key


def replay(db: sqlite3.Connection, member_id: int, key: str, fingerprint: dict[str, Any]) -> int | None:
    """The application an earlier request with this key created, if any (a different request is a conflict)."""
    row = db.execute(
        "SELECT id, payload FROM applications WHERE member_id = ? AND idempotency_key = ?", (member_id, key)
    ).fetchone()
    if row is None:
        return None
    if json.loads(row["payload"]).get("request") != fingerprint:
        raise ApiProblem(409, "CONFLICT", "该 Idempotency-Key 已用于另一笔不同的申请，请使用新的键")
    return int(row["id"])


def _fields(body: dict[str, Any]) -> tuple[Decimal, str | None, str | None]:
    try:
        amount = parse_amount(body["amount"], what="提取金额")
    except AmountError as exc:
        raise validation(exc.message, field="amount") from None
    account = "".join((body.get("bank_account") or "").split()) or None
    bank_name = (body.get("bank_name") or "").strip() or None
    if account is not None:
        problem = bank_card_error(account)
        if problem:
            raise validation(problem, field="bank_account")
        if bank_name is None or not 2 <= len(bank_name) <= 40:
            raise validation("请填写收款银行卡的开户银行", field="bank_name")
    else:
        bank_name = None
    if not body["payment_password"]:
        raise validation("请输入支付密码", field="payment_password")
    code = body["sms_code"].strip()
    if not code:
        raise validation("请输入短信验证码", field="sms_code")
    if not (len(code) == 6 and code.isdigit()):
        raise validation("短信验证码为 6 位数字", field="sms_code")
    return amount, account, bank_name


def submit(runtime: Runtime, member_id: int, body: dict[str, Any], key: str | None) -> tuple[int, bool]:
    """Create the withdrawal application; returns (application id, created now)."""
    key = check_idempotency_key(key)
    now = runtime.clock.now()
    today = now.date()
    kind = body["kind"]
    fingerprint = {
        "kind": kind,
        "amount": body["amount"].strip(),
        "bank_account": "".join((body.get("bank_account") or "").split()) or None,
    }
    with runtime.store.transaction(keep_on_refusal=True) as db:
        earlier = replay(db, member_id, key, fingerprint)
        if earlier is not None:
            return earlier, False
        amount, account, bank_name = _fields(body)
        result = check(db, member_id, kind, today)
        if not result["eligible"]:
            raise not_eligible(result)
        if kind == "retirement" and amount != result["balance"]:
            raise validation(
                Phrase("离退休提取须一次提取账户全部余额 {amount} 元", amount=fmt_money(result["balance"])),
                field="amount",
                balance=str(result["balance"]),
            )
        if amount > result["max_amount"]:
            raise ApiProblem(
                409,
                "NOT_ELIGIBLE",
                Phrase("提取金额不能超过可提取金额 {amount} 元", amount=fmt_money(result["max_amount"])),
                field="amount",
                max_amount=str(result["max_amount"]),
            )
        member = member_row(db, member_id)
        payment_password.check(db, member, body["payment_password"], today, field="payment_password")
        sms.check_code(db, runtime, member["phone"], "withdrawal", body["sms_code"])
        payload = {"request": fingerprint, "bank_account": account, "bank_name": bank_name}
        app_id = workflow.create_application(
            db,
            member_id=member_id,
            kind=kind,
            title=f"住房公积金{WITHDRAWAL_KIND_LABELS[kind]}",
            amount=amount,
            created=now,
            nodes=WITHDRAWAL_STEPS,
            payload=payload,
            idempotency_key=key,
        )
    workflow.schedule_changed(runtime)
    return app_id, True
