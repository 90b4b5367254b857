"""个人账户明细: the member's ledger, filtered and paged, with the range's totals."""

from __future__ import annotations

import datetime as dt
import sqlite3
from decimal import Decimal
from typing import Any

from api_client.models import LEDGER_TYPE_LABELS

from ..problems import check_range, validation
from ..store import money

MAX_PAGE_SIZE = 1000


def ledger_page(
    db: sqlite3.Connection,
    member_id: int,
    start: dt.date | None,
    end: dt.date | None,
    type_: str | None,
    page: int,
    page_size: int,
    order: str = "asc",
) -> dict[str, Any]:
    check_range(start, end)
    if type_ and type_ != "all" and type_ not in LEDGER_TYPE_LABELS:
        raise validation(f"不支持的业务类型：{type_}", field="type")
    if page < 1:
        raise validation("页码从 1 开始", field="page")
    if not 1 <= page_size <= MAX_PAGE_SIZE:
        raise validation(f"每页条数应在 1 到 {MAX_PAGE_SIZE} 之间", field="page_size")
    if order not in ("asc", "desc"):
        raise validation("排序只能是 asc（从早到晚）或 desc（从晚到早）", field="order")
    clauses: list[str] = ["member_id = ?"]
    params: list[object] = [member_id]
    if start:
        clauses.append("posted_on >= ?")
        params.append(start.isoformat())
    if end:
        clauses.append("posted_on <= ?")
        params.append(end.isoformat())
    if type_ and type_ != "all":
        clauses.append("type = ?")
        params.append(type_)
    where = " AND ".join(clauses)
    rows = db.execute(
        f"SELECT * FROM ledger WHERE {where} ORDER BY posted_on {order}, seq {order} LIMIT ? OFFSET ?",
        [*params, page_size, (page - 1) * page_size],
    ).fetchall()
    income = outgo = interest = Decimal("0.00")
    count = 0
    # Totals in Decimal over the whole range (SQLite's SUM would go through floats).
    for type_name, amount, interest_amount in db.execute(
        f"SELECT type, amount, interest FROM ledger WHERE {where}", params
    ):
        count += 1
        value = Decimal(amount)
        if type_name == "interest":
            interest += Decimal(interest_amount)
        elif value >= 0:
            income += value
        else:
            outgo -= value
    items = [
        {
            "seq": r["seq"],
            "posted_on": r["posted_on"],
            "type": r["type"],
            "type_label": LEDGER_TYPE_LABELS[r["type"]],
            "contribution_month": r["contribution_month"],
            "amount": money(r["amount"]),
            "interest": money(r["interest"]),
            "balance": money(r["balance"]),
            "summary": r["summary"],
            "org": r["org"],
            "channel": r["channel"],
        }
        for r in rows
    ]
    return {
        "items": items,
        "total": count,
        "page": page,
        "page_size": page_size,
        "totals": {"income": income, "outgo": outgo, "interest": interest, "count": count},
    }


def balance_series(
    db: sqlite3.Connection, member_id: int, start: dt.date | None, end: dt.date | None
) -> dict[str, Any]:
    """The balance at the end of every month of the range (months without entries carry the last one)."""
    check_range(start, end)
    rows = db.execute(
        "SELECT posted_on, balance FROM ledger WHERE member_id = ? ORDER BY posted_on, seq", (member_id,)
    ).fetchall()
    if not rows:
        return {"points": []}
    first = dt.date.fromisoformat(rows[0]["posted_on"])
    last = dt.date.fromisoformat(rows[-1]["posted_on"])
    begin = max(start or first, first).replace(day=1)
    finish = end or last
    points: list[dict[str, Any]] = []
    balance = Decimal("0.00")
    index = 0
    month = begin
    while month <= finish:
        following = (month.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
        month_end = min(following - dt.timedelta(days=1), finish)
        while index < len(rows) and rows[index]["posted_on"] <= month_end.isoformat():
            balance = Decimal(rows[index]["balance"])
            index += 1
        points.append({"month": f"{month:%Y-%m}", "balance": balance})
        month = following
    return {"points": points}
