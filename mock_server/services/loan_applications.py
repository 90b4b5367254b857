"""贷款申请: what a member may borrow under the published rule (``api_client.domain.loan_rules``), and the
application that creates a contract in ``processing`` and moves on with the mock clock (``workflow``).
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from decimal import Decimal, InvalidOperation
from typing import Any

from api_client.domain.amortization import add_months, estimate
from api_client.domain.amounts import AmountError, parse_amount
from api_client.domain.formatting import Month, fmt_money
from api_client.domain.idcard import looks_like_phone
from api_client.domain.loan_rules import DEFAULT_RULE, LoanRule, loan_limit, max_periods, term_problem, too_old_reason
from api_client.domain.phrase import Listing, Phrase
from api_client.domain.retirement import retirement_month
from api_client.models import ACCOUNT_STATUS_LABELS

from ..back_office import LOAN_STEPS
from ..problems import ApiProblem, validation
from ..runtime import Runtime
from ..seed import contract_number, month_text
from ..store import money
from . import workflow
from .account import balance_of, member_row
from .withdrawals import check_idempotency_key, open_loans, replay

BANKS = (
    "演示市建设银行城南支行",
    "演示市工商银行营业部",
    "演示市农业银行城东支行",
    "演示市中国银行城南支行",
    "演示市交通银行高新支行",
)
HOUSE_TYPES = ("商品房", "二手房")


def rule_info(rule: LoanRule = DEFAULT_RULE) -> dict[str, Any]:
    """The published rule, as the API shows it."""
    return {
        "balance_multiple": rule.balance_multiple,
        "max_amount": rule.max_amount,
        "min_amount": rule.min_amount,
        "house_price_percent": rule.house_price_percent,
        "round_to": rule.round_to,
        "min_consecutive_months": rule.min_consecutive_months,
        "min_periods": rule.min_periods,
        "max_periods": rule.max_periods,
        "years_after_retirement": rule.years_after_retirement,
        "rates": [
            {"max_periods": rule.short_term_periods, "annual_rate": rule.short_term_rate},
            {"max_periods": rule.max_periods, "annual_rate": rule.long_term_rate},
        ],
        "description": rule.describe(),
    }


def consecutive_months(db: sqlite3.Connection, member_id: int, today: dt.date) -> int:
    """Months of deposits in a row, ending with this month's or last month's (0 when deposits stopped)."""
    months = sorted(
        {
            row[0]
            for row in db.execute(
                "SELECT DISTINCT contribution_month FROM ledger WHERE member_id = ? AND type IN ('remit', 'back_pay') "
                "AND contribution_month IS NOT NULL",
                (member_id,),
            )
        },
        reverse=True,
    )
    if not months or months[0] < month_text(add_months(today.replace(day=1), -1)):
        return 0
    count = 0
    expected = dt.date.fromisoformat(months[0] + "-01")
    for month in months:
        if month != month_text(expected):
            break
        count += 1
        expected = add_months(expected, -1)
    return count


def quota(db: sqlite3.Connection, member_id: int, today: dt.date, rule: LoanRule = DEFAULT_RULE) -> dict[str, Any]:
    member = member_row(db, member_id)
    balance = balance_of(db, member_id)
    birth = dt.date.fromisoformat(member["birth_date"])
    retire = retirement_month(birth, male=member["gender"] == "male", female_cadre=bool(member["female_cadre"]))
    longest = max_periods(today, retire, rule)
    limit = loan_limit(balance, None, rule)
    months = consecutive_months(db, member_id, today)
    reasons: list[str] = []
    if member["status"] != "normal":
        reasons.append(
            Phrase(
                "账户状态为{status}，只有状态正常的账户可以申请公积金贷款",
                status=ACCOUNT_STATUS_LABELS[member["status"]],
            )
        )
    elif months < rule.min_consecutive_months:
        reasons.append(
            Phrase(
                "须连续缴存 {required} 个月以上才能申请（目前连续缴存 {months} 个月）",
                required=rule.min_consecutive_months,
                months=months,
            )
        )
    for loan in open_loans(db, member_id):
        if loan["status"] == "repaying":
            reasons.append(
                Phrase(
                    "有未结清的公积金贷款（合同 {contract_no}），结清后才能再次申请", contract_no=loan["contract_no"]
                )
            )
        else:
            reasons.append(
                Phrase("有正在办理的公积金贷款（合同 {contract_no}），不能重复申请", contract_no=loan["contract_no"])
            )
    if longest < rule.min_periods:
        last = add_months(retire, rule.years_after_retirement * 12)
        reasons.append(too_old_reason(Month(month_text(last)), rule))
    if limit.amount < rule.min_amount:
        reasons.append(
            Phrase(
                "按账户余额计算的可贷额度 {limit} 元，低于最低贷款金额 {minimum} 元",
                limit=fmt_money(limit.amount),
                minimum=fmt_money(rule.min_amount),
            )
        )
    return {
        "eligible": not reasons,
        "reasons": reasons,
        "balance": balance,
        "consecutive_months": months,
        "max_amount": limit.amount,
        "max_amount_basis": limit.basis,
        "max_periods": longest,
        "retirement_month": retire,
        "banks": list(BANKS),
        "house_types": list(HOUSE_TYPES),
        "rule": rule_info(rule),
    }


def _text(body: dict[str, Any], name: str, label: str, low: int, high: int) -> str:
    value = " ".join(str(body.get(name) or "").split())
    if not value:
        raise validation(Phrase("请填写{label}", label=label), field=name)
    if not low <= len(value) <= high:
        raise validation(Phrase("{label}应为 {low}–{high} 个字", label=label, low=low, high=high), field=name)
    return value


def validate(body: dict[str, Any], limits: dict[str, Any], rule: LoanRule = DEFAULT_RULE) -> dict[str, Any]:
    """Every field of a loan application, in form order; the first problem is raised at its field."""
    try:
        amount = parse_amount(body["amount"], what="贷款金额")
    except AmountError as exc:
        raise validation(exc.message, field="amount") from None
    periods = body["periods"]
    term = term_problem(periods, limits["max_periods"], rule)
    if term:
        raise validation(term, field="periods")
    address = _text(body, "house_address", "房屋坐落", 5, 80)
    house_type = body["house_type"]
    if house_type not in HOUSE_TYPES:
        raise validation(Phrase("房屋性质应为{choices}", choices=Listing(HOUSE_TYPES, "或")), field="house_type")
    try:
        area = Decimal(str(body["house_area"]).strip())
    except InvalidOperation:
        raise validation("建筑面积应为数字，如 89.5", field="house_area") from None
    if not area.is_finite() or not Decimal("10") <= area <= Decimal("1000"):
        raise validation("建筑面积应在 10–1000 平方米之间", field="house_area")
    try:
        price = parse_amount(body["house_price"], what="房屋总价")
    except AmountError as exc:
        raise validation(exc.message, field="house_price") from None
    seller = _text(body, "seller_name", "售房人", 2, 60)
    phone = "".join(str(body.get("seller_phone") or "").split())
    landline = phone.replace("-", "").isdigit() and 7 <= len(phone.replace("-", "")) <= 12 and not phone.startswith("1")
    if not (looks_like_phone(phone) or landline):
        raise validation("售房人联系电话应为 11 位手机号或带区号的固定电话", field="seller_phone")
    if body["bank_name"] not in BANKS:
        raise validation("请选择受委托银行", field="bank_name")
    if amount < rule.min_amount:
        raise validation(Phrase("贷款金额不能低于 {amount} 元", amount=fmt_money(rule.min_amount)), field="amount")
    limit = loan_limit(limits["balance"], price, rule)
    if amount > limit.amount:
        raise validation(
            Phrase("贷款金额超过可贷额度 {amount} 元（{basis}）", amount=fmt_money(limit.amount), basis=limit.basis),
            field="amount",
            max_amount=str(limit.amount),
        )
    return {
        "amount": amount,
        "periods": periods,
        "method": body["method"],
        "house_address": address,
        "house_type": house_type,
        "house_area": str(area.quantize(Decimal("0.01"))),
        "house_price": price,
        "seller_name": seller,
        "seller_phone": phone,
        "bank_name": body["bank_name"],
    }


def result(db: sqlite3.Connection, app_id: int) -> dict[str, Any]:
    from .applications import summary

    app = db.execute("SELECT * FROM applications WHERE id = ?", (app_id,)).fetchone()
    contract_no = json.loads(app["payload"])["contract_no"]
    loan = db.execute("SELECT * FROM loans WHERE contract_no = ?", (contract_no,)).fetchone()
    figures = estimate(
        money(loan["amount"]),
        loan["periods"],
        loan["method"],
        Decimal(loan["annual_rate"]),
        dt.date.fromisoformat(loan["applied_on"]),
    )
    return {
        "application": summary(app),
        "contract_no": contract_no,
        "annual_rate": Decimal(loan["annual_rate"]),
        "first_payment": figures.first_payment,
        "last_payment": figures.last_payment,
        "total_interest": figures.total_interest,
    }


def submit(
    runtime: Runtime, member_id: int, body: dict[str, Any], key: str | None, rule: LoanRule = DEFAULT_RULE
) -> tuple[dict[str, Any], bool]:
    """Create the application and its contract in ``processing``; returns (result, created now)."""
    key = check_idempotency_key(key)
    now = runtime.clock.now()
    today = now.date()
    fingerprint = {name: str(value).strip() for name, value in sorted(body.items())}
    with runtime.store.transaction() as db:
        earlier = replay(db, member_id, key, fingerprint)
        if earlier is not None:
            return result(db, earlier), False
        limits = quota(db, member_id, today, rule)
        if not limits["eligible"]:
            raise ApiProblem(
                409,
                "NOT_ELIGIBLE",
                Phrase("暂不能申请公积金贷款：{reasons}", reasons=Listing(limits["reasons"])),
                reasons=limits["reasons"],
            )
        form = validate(body, limits, rule)
        rate = rule.annual_rate(form["periods"])
        next_id = db.execute("SELECT COALESCE(MAX(id), 0) + 1 FROM applications").fetchone()[0]
        contract_no = contract_number(today, 5000 + next_id)
        payload = {
            "request": fingerprint,
            "contract_no": contract_no,
            "house_area": form["house_area"],
            "house_price": str(form["house_price"]),
            "seller_phone": form["seller_phone"],
        }
        db.execute(
            """INSERT INTO loans (contract_no, member_id, status, amount, periods, method, annual_rate, applied_on,
               bank_name, loan_type, house_type, house_address, seller) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)""",
            (
                contract_no,
                member_id,
                "processing",
                str(form["amount"]),
                form["periods"],
                form["method"],
                str(rate),
                today.isoformat(),
                form["bank_name"],
                "公积金贷款",
                form["house_type"],
                form["house_address"],
                form["seller_name"],
            ),
        )
        app_id = workflow.create_application(
            db,
            member_id=member_id,
            kind="loan",
            title="住房公积金贷款申请",
            amount=form["amount"],
            created=now,
            nodes=LOAN_STEPS,
            payload=payload,
            idempotency_key=key,
        )
        db.execute("UPDATE loans SET application_id = ? WHERE contract_no = ?", (app_id, contract_no))
        db.executemany(
            "INSERT INTO loan_steps (contract_no, idx, name, done_at, handler) VALUES (?,?,?,?,?)",
            [
                (contract_no, idx, name, None, workflow.handler_for(app_id, 0) if idx == 0 else None)
                for idx, name in enumerate(LOAN_STEPS)
            ],
        )
        answer = result(db, app_id)
    workflow.schedule_changed(runtime)
    return answer, True
