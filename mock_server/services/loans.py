"""Loan contracts: list, detail, progress, repayments and the repayment plan.

Plans are computed on demand with ``api_client.domain.amortization`` from the contract and its rate changes;
repayments are what the member actually paid. For an on-time loan the two agree row for row.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from decimal import Decimal
from functools import lru_cache
from typing import Any

from api_client import models as m
from api_client.domain.amortization import METHOD_LABELS, ZERO, PlanRow, amortize
from api_client.domain.masking import mask_bank_account, mask_id_number
from api_client.domain.phrase import Phrase
from api_client.models import LOAN_STATUS_LABELS

from ..problems import ApiProblem, not_found
from ..store import money
from .account import member_row


def loan_rows(db: sqlite3.Connection, member_id: int) -> list[sqlite3.Row]:
    return db.execute("SELECT * FROM loans WHERE member_id = ? ORDER BY applied_on", (member_id,)).fetchall()


def loan_row(db: sqlite3.Connection, member_id: int, contract_no: str) -> sqlite3.Row:
    row: sqlite3.Row | None = db.execute(
        "SELECT * FROM loans WHERE contract_no = ? AND member_id = ?", (contract_no, member_id)
    ).fetchone()
    if row is None:
        raise not_found(Phrase("未找到借款合同【{contract_no}】", contract_no=contract_no))
    return row


def rate_changes(db: sqlite3.Connection, contract_no: str) -> list[tuple[dt.date, Decimal]]:
    return [
        (dt.date.fromisoformat(r["effective_on"]), Decimal(r["annual_rate"]))
        for r in db.execute(
            "SELECT effective_on, annual_rate FROM loan_rate_changes WHERE contract_no = ?", (contract_no,)
        )
    ]


def plan_of(db: sqlite3.Connection, loan: sqlite3.Row) -> list[PlanRow]:
    if not loan["disbursed_on"]:
        return []
    return list(
        _amortized(
            money(loan["amount"]),
            loan["periods"],
            loan["method"],
            Decimal(loan["annual_rate"]),
            dt.date.fromisoformat(loan["disbursed_on"]),
            loan["repayment_day"],
            tuple(rate_changes(db, loan["contract_no"])),
        )
    )


@lru_cache(maxsize=256)
def _amortized(
    principal: Decimal,
    periods: int,
    method: str,
    annual_rate: Decimal,
    disbursed_on: dt.date,
    repayment_day: int | None,
    changes: tuple[tuple[dt.date, Decimal], ...],
) -> tuple[PlanRow, ...]:
    """A plan depends on these terms alone, so each is computed once: the loan list, the home page and
    the plan all need it (360 periods of Decimal arithmetic, ~3 ms each time)."""
    return tuple(amortize(principal, periods, method, annual_rate, disbursed_on, repayment_day, changes))


def paid_periods(db: sqlite3.Connection, contract_no: str) -> int:
    count: int = db.execute("SELECT COUNT(*) FROM repayments WHERE contract_no = ?", (contract_no,)).fetchone()[0]
    return count


def summary(db: sqlite3.Connection, loan: sqlite3.Row, today: dt.date) -> dict[str, Any]:
    """The fields of a loan shared by the list and the detail."""
    plan = plan_of(db, loan)
    paid = paid_periods(db, loan["contract_no"])
    if loan["status"] == "settled":
        balance = ZERO
    elif plan:
        balance = plan[paid - 1].closing_balance if paid else plan[0].opening_balance
    else:
        balance = ZERO
    # The period the figures shown together (月还款额, 贷款利率) come from: the one being repaid now, or for
    # a settled contract the last one it paid (its rate and payment, never the first payment beside the
    # last rate).
    if not plan:
        current = None
    elif loan["status"] == "settled":
        current = plan[max(paid, 1) - 1]
    else:
        current = plan[min(paid, len(plan) - 1)]
    disbursed = dt.date.fromisoformat(loan["disbursed_on"]) if loan["disbursed_on"] else None
    return {
        "contract_no": loan["contract_no"],
        "status": loan["status"],
        "status_label": LOAN_STATUS_LABELS[loan["status"]],
        "amount": money(loan["amount"]),
        "periods": loan["periods"],
        "method": loan["method"],
        "method_label": METHOD_LABELS[loan["method"]],
        "annual_rate": current.annual_rate if current else Decimal(loan["annual_rate"]),
        "disbursed_on": disbursed,
        "maturity_on": plan[-1].due_on if plan else None,
        "repayment_day": loan["repayment_day"],
        "monthly_payment": current.payment
        if current and loan["status"] in ("repaying", "settled")
        else (plan[0].payment if plan else None),
        "balance": balance,
        "bank_name": loan["bank_name"],
        "loan_type": loan["loan_type"],
        "house_type": loan["house_type"],
        "applied_on": loan["applied_on"],
        "settled_on": loan["settled_on"],
        "paid_periods": paid,
    }


def list_loans(db: sqlite3.Connection, member_id: int, today: dt.date) -> dict[str, Any]:
    return {"items": [summary(db, loan, today) for loan in loan_rows(db, member_id)]}


def not_disbursed(contract_no: str) -> ApiProblem:
    message = Phrase("此合同【{contract_no}】的贷款未发放", contract_no=contract_no)
    return ApiProblem(409, "LOAN_NOT_DISBURSED", message, contract_no=contract_no)


def settled(contract_no: str) -> ApiProblem:
    message = Phrase("此合同【{contract_no}】的贷款已结清", contract_no=contract_no)
    return ApiProblem(409, "LOAN_SETTLED", message, contract_no=contract_no)


def overdue(plan: list[PlanRow], paid: int, today: dt.date) -> list[PlanRow]:
    return [row for row in plan[paid:] if row.due_on < today]


def loan_detail(db: sqlite3.Connection, member_id: int, contract_no: str, today: dt.date) -> dict[str, Any]:
    loan = loan_row(db, member_id, contract_no)
    if not loan["disbursed_on"]:
        raise not_disbursed(contract_no)
    member = member_row(db, member_id)
    data = summary(db, loan, today)
    late = overdue(plan_of(db, loan), data["paid_periods"], today) if loan["status"] == "repaying" else []
    data.update(
        borrower_name=member["name"],
        borrower_id_masked=mask_id_number(member["id_number"]),
        co_borrower_name=loan["co_borrower_name"],
        co_borrower_id_masked=mask_id_number(loan["co_borrower_id"]) if loan["co_borrower_id"] else None,
        repayment_account_masked=mask_bank_account(loan["repayment_account"]) if loan["repayment_account"] else None,
        house_address=loan["house_address"],
        overdue_periods=len(late),
        overdue_amount=sum((row.payment for row in late), ZERO),
    )
    return data


def progress(db: sqlite3.Connection, member_id: int, contract_no: str) -> dict[str, Any]:
    loan = loan_row(db, member_id, contract_no)
    steps = db.execute("SELECT * FROM loan_steps WHERE contract_no = ? ORDER BY idx", (contract_no,)).fetchall()
    current_found = False
    out = []
    for step in steps:
        if step["done_at"]:
            state = "done"
        elif not current_found and loan["status"] not in ("rejected",):
            state, current_found = "current", True
        else:
            state = "pending"
        out.append({"name": step["name"], "state": state, "at": step["done_at"], "handler": step["handler"]})
    return {
        "contract_no": contract_no,
        "amount": money(loan["amount"]),
        "periods": loan["periods"],
        "loan_type": loan["loan_type"],
        "house_type": loan["house_type"],
        "bank_name": loan["bank_name"],
        "status": loan["status"],
        "status_label": LOAN_STATUS_LABELS[loan["status"]],
        "steps": out,
    }


def _in_range(day: dt.date, start: dt.date | None, end: dt.date | None) -> bool:
    return (start is None or day >= start) and (end is None or day <= end)


def repayments(
    db: sqlite3.Connection, member_id: int, contract_no: str, start: dt.date | None, end: dt.date | None
) -> dict[str, Any]:
    loan = loan_row(db, member_id, contract_no)
    if not loan["disbursed_on"]:
        raise not_disbursed(contract_no)
    clauses, params = ["contract_no = ?"], [contract_no]
    if start:
        clauses.append("paid_on >= ?")
        params.append(start.isoformat())
    if end:
        clauses.append("paid_on <= ?")
        params.append(end.isoformat())
    rows = db.execute(f"SELECT * FROM repayments WHERE {' AND '.join(clauses)} ORDER BY period", params).fetchall()
    items = [
        {
            "period": r["period"],
            "paid_on": r["paid_on"],
            "month": r["month"],
            "amount": money(r["amount"]),
            "principal": money(r["principal"]),
            "interest": money(r["interest"]),
            "penalty": money(r["penalty"]),
            "balance": money(r["balance"]),
        }
        for r in rows
    ]
    totals = {key: sum((item[key] for item in items), ZERO) for key in ("amount", "principal", "interest", "penalty")}
    return {"contract_no": contract_no, "items": items, "totals": {**totals, "count": len(items)}}


MAX_CACHED_PLANS = 512


def plan_json(
    db: sqlite3.Connection,
    member_id: int,
    contract_no: str,
    start: dt.date | None,
    end: dt.date | None,
    today: dt.date,
    cache: dict[object, object] | None = None,
) -> bytes:
    """:func:`plan` as the JSON the API answers, kept in ``cache`` (the store's ``memo``) while nothing
    it is made of changes: the contract's row, its repayments count, its rate changes, the range and
    the day. Building, validating and serializing 360 rows takes ~4 ms; a kept answer is sent as is."""
    loan = loan_row(db, member_id, contract_no)
    key = (
        "plan",
        member_id,
        tuple(loan),
        paid_periods(db, contract_no),
        tuple(rate_changes(db, contract_no)),
        start,
        end,
        today,
    )
    kept = cache.get(key) if cache is not None else None
    answer = kept if isinstance(kept, bytes) else None
    if answer is None:
        model = m.RepaymentPlan.model_validate(plan(db, member_id, contract_no, start, end, today))
        answer = model.model_dump_json(by_alias=True).encode()
        if cache is not None:
            if len(cache) >= MAX_CACHED_PLANS:  # bounded whatever is asked for
                cache.clear()
            cache[key] = answer
    return answer


def plan(
    db: sqlite3.Connection, member_id: int, contract_no: str, start: dt.date | None, end: dt.date | None, today: dt.date
) -> dict[str, Any]:
    loan = loan_row(db, member_id, contract_no)
    if not loan["disbursed_on"]:
        raise not_disbursed(contract_no)
    if loan["status"] == "settled":
        raise settled(contract_no)
    head = summary(db, loan, today)
    rows = plan_of(db, loan)
    paid = head["paid_periods"]
    items = []
    for row in rows:
        if not _in_range(row.due_on, start, end):
            continue
        state = "paid" if row.period <= paid else ("overdue" if row.due_on < today else "due")
        items.append(
            {
                "period": row.period,
                "due_on": row.due_on,
                "opening_balance": row.opening_balance,
                "principal": row.principal,
                "interest": row.interest,
                "payment": row.payment,
                "closing_balance": row.closing_balance,
                "annual_rate": row.annual_rate,
                "state": state,
            }
        )
    return {
        "contract_no": contract_no,
        "status": loan["status"],
        "amount": head["amount"],
        "periods": head["periods"],
        "method": head["method"],
        "method_label": head["method_label"],
        "disbursed_on": head["disbursed_on"],
        "maturity_on": head["maturity_on"],
        "repayment_day": head["repayment_day"],
        "monthly_payment": head["monthly_payment"],
        "annual_rate": head["annual_rate"],
        "settled_on": head["settled_on"],
        "balance": head["balance"],
        "rows": items,
    }
