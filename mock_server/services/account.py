"""个人账户基本信息 and the home page counters."""

from __future__ import annotations

import datetime as dt
import sqlite3
from decimal import Decimal
from typing import Any

from api_client import models as m
from api_client.domain.amortization import to_fen
from api_client.domain.masking import mask_id_number, mask_phone
from api_client.models import ACCOUNT_STATUS_LABELS

from ..problems import not_found
from ..store import money

ZERO = Decimal("0.00")


def member_row(db: sqlite3.Connection, member_id: int) -> sqlite3.Row:
    row: sqlite3.Row | None = db.execute("SELECT * FROM members WHERE id = ?", (member_id,)).fetchone()
    if row is None:
        raise not_found("未找到该缴存人")
    return row


def balance_of(db: sqlite3.Connection, member_id: int) -> Decimal:
    row = db.execute(
        "SELECT balance FROM ledger WHERE member_id = ? ORDER BY seq DESC LIMIT 1", (member_id,)
    ).fetchone()
    return money(row["balance"]) if row else ZERO


def balance_on(db: sqlite3.Connection, member_id: int, day: dt.date) -> Decimal:
    row = db.execute(
        "SELECT balance FROM ledger WHERE member_id = ? AND posted_on <= ? ORDER BY posted_on DESC, seq DESC LIMIT 1",
        (member_id, day.isoformat()),
    ).fetchone()
    return money(row["balance"]) if row else ZERO


def account(db: sqlite3.Connection, member_id: int, today: dt.date) -> dict[str, Any]:
    member = member_row(db, member_id)
    base = money(member["base"])
    employer_ratio, personal_ratio = Decimal(member["employer_ratio"]), Decimal(member["personal_ratio"])
    monthly = to_fen(base * employer_ratio / 100) + to_fen(base * personal_ratio / 100)
    # A sealed or closed account receives nothing: its monthly deposit is zero.
    monthly_shown = ZERO if member["status"] in ("sealed", "closed") else monthly
    # The provident-fund year runs from 1 July to 30 June (interest is settled on 30 June): 上年结转 is the
    # balance carried into the current one, 当年缴存 what was deposited since, so the two reconcile with
    # the balance through this year's withdrawals.
    last_june30 = dt.date(today.year if today >= dt.date(today.year, 6, 30) else today.year - 1, 6, 30)
    year_deposit = db.execute(
        "SELECT amount FROM ledger WHERE member_id = ? AND type IN ('remit', 'back_pay') AND posted_on > ?",
        (member_id, last_june30.isoformat()),
    ).fetchall()
    return {
        "name": member["name"],
        "id_number_masked": mask_id_number(member["id_number"]),
        "phone_masked": mask_phone(member["phone"]),
        "account_no": member["account_no"],
        "status": member["status"],
        "status_label": ACCOUNT_STATUS_LABELS[member["status"]],
        "opened_on": member["opened_on"],
        "sealed_on": member["sealed_on"],
        "employer_name": member["employer_name"],
        "employer_account_no": member["employer_account_no"],
        "base": base,
        "employer_ratio": employer_ratio,
        "personal_ratio": personal_ratio,
        "monthly_deposit": monthly_shown,
        "balance": balance_of(db, member_id),
        "paid_up_to": member["paid_up_to"],
        "year_deposit": sum((money(r["amount"]) for r in year_deposit), ZERO),
        "carried_over": balance_on(db, member_id, last_june30),
        "frozen_amount": money(member["frozen_amount"]),
        "bank_name": member["bank_name"],
        "gender": member["gender"],
    }


MAX_CACHED_ACCOUNTS = 1024


def account_json(
    db: sqlite3.Connection, member_id: int, today: dt.date, cache: dict[object, object] | None = None
) -> bytes:
    """:func:`account` as the JSON the API answers, kept in ``cache`` (the store's ``memo``) while nothing
    it is made of changes: the member's row, their ledger (which only ever grows at the end, so its last
    ``seq`` tells) and the day. The most asked-for answer (the home page, every account screen): a kept
    one costs two indexed queries instead of five, the arithmetic, validation and encoding."""
    member = member_row(db, member_id)
    last_seq = db.execute("SELECT MAX(seq) FROM ledger WHERE member_id = ?", (member_id,)).fetchone()[0]
    key = ("account", member_id, tuple(member), last_seq, today)
    kept = cache.get(key) if cache is not None else None
    answer = kept if isinstance(kept, bytes) else None
    if answer is None:
        answer = m.Account.model_validate(account(db, member_id, today)).model_dump_json(by_alias=True).encode()
        if cache is not None:
            if len(cache) >= MAX_CACHED_ACCOUNTS:  # bounded however many members ask
                cache.clear()
            cache[key] = answer
    return answer


def tasks(db: sqlite3.Connection, member_id: int) -> dict[str, Any]:
    counts = dict(
        db.execute("SELECT status, COUNT(*) FROM messages WHERE member_id = ? GROUP BY status", (member_id,)).fetchall()
    )
    apps = db.execute(
        "SELECT COUNT(*), SUM(CASE WHEN finished_at IS NULL THEN 1 ELSE 0 END) FROM applications WHERE member_id = ?",
        (member_id,),
    ).fetchone()
    return {
        "unread_messages": counts.get("unread", 0),
        "read_messages": counts.get("read", 0),
        "applications": apps[0] or 0,
        "applications_in_progress": apps[1] or 0,
    }
