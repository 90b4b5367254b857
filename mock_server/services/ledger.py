"""个人账户明细: the member's ledger, filtered and paged, with the range's totals."""

from __future__ import annotations

import datetime as dt
import sqlite3
from decimal import Decimal
from typing import Any

from api_client.domain.phrase import Phrase
from api_client.models import LEDGER_TYPE_LABELS

from ..params import MAX_PAGE
from ..problems import check_range, validation
from ..store import money

MAX_PAGE_SIZE = 1000
MAX_CACHED_TOTALS = 2048


def ledger_page(
    db: sqlite3.Connection,
    member_id: int,
    start: dt.date | None,
    end: dt.date | None,
    type_: str | None,
    page: int,
    page_size: int,
    order: str = "asc",
    totals_cache: dict[object, object] | None = None,
) -> dict[str, Any]:
    """One page of the ledger and the totals of the whole range.

    ``totals_cache`` (the store's ``memo``) keeps each range's totals: they take a pass over every entry
    of the range (12,000 for 郑军, ~30 ms in Decimal), and the ledger only ever grows at the end, so
    the member's last ``seq`` tells whether they are still right.
    """
    check_range(start, end)
    if type_ and type_ != "all" and type_ not in LEDGER_TYPE_LABELS:
        raise validation(Phrase("不支持的业务类型：{value}", value=type_), field="type")
    if page < 1:
        raise validation("页码从 1 开始", field="page")
    if page > MAX_PAGE:
        raise validation(Phrase("页码不能超过 {max_page}", max_page=MAX_PAGE), field="page")
    if not 1 <= page_size <= MAX_PAGE_SIZE:
        raise validation(Phrase("每页条数应在 1 到 {max_size} 之间", max_size=MAX_PAGE_SIZE), field="page_size")
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
    last_seq = db.execute("SELECT MAX(seq) FROM ledger WHERE member_id = ?", (member_id,)).fetchone()[0]
    key = ("ledger_totals", member_id, start, end, type_, last_seq)
    kept = totals_cache.get(key) if totals_cache is not None else None
    totals = kept if isinstance(kept, tuple) else None
    if totals is None:
        totals = _totals(db, where, params)
        if totals_cache is not None:
            if len(totals_cache) >= MAX_CACHED_TOTALS:  # bounded whatever ranges are asked for
                totals_cache.clear()
            totals_cache[key] = totals
    income, outgo, interest, count = totals
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


def _totals(db: sqlite3.Connection, where: str, params: list[object]) -> tuple[Decimal, Decimal, Decimal, int]:
    """Income, outgo, interest and count over the whole range, in Decimal (SQLite's SUM would use floats)."""
    income = outgo = interest = Decimal("0.00")
    count = 0
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
    return income, outgo, interest, count


def balance_series(
    db: sqlite3.Connection, member_id: int, start: dt.date | None, end: dt.date | None, today: dt.date
) -> dict[str, Any]:
    """The balance at the end of every month of the range (months without entries carry the last one).

    The range is capped to what exists: from the first entry's month to ``today``'s, so the number of
    points is bounded by the member's history however far ``start`` and ``end`` reach.
    """
    check_range(start, end)
    # One row per month: the balance after its last entry (SQLite returns the bare column of MAX's row).
    rows = db.execute(
        """SELECT substr(posted_on, 1, 7) AS month, balance, MAX(posted_on || printf('%012d', seq)) AS last
           FROM ledger WHERE member_id = ? GROUP BY month ORDER BY month""",
        (member_id,),
    ).fetchall()
    if not rows:
        return {"points": []}
    first = dt.date.fromisoformat(rows[0]["month"] + "-01")
    finish = min(end or today, today)
    begin = max(start or first, first).replace(day=1)
    month_end_balance = {row["month"]: Decimal(row["balance"]) for row in rows}
    points: list[dict[str, Any]] = []
    balance = Decimal("0.00")
    for row in rows:  # the balance carried into the range
        if row["month"] < f"{begin:%Y-%m}":
            balance = Decimal(row["balance"])
    month = begin
    while month <= finish:
        balance = month_end_balance.get(f"{month:%Y-%m}", balance)
        points.append({"month": f"{month:%Y-%m}", "balance": balance})
        month = (month.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    if points:  # a range ending mid-month: the last point is the balance on that day
        last = db.execute(
            "SELECT balance FROM ledger WHERE member_id = ? AND posted_on <= ? ORDER BY posted_on DESC, seq DESC LIMIT 1",
            (member_id, finish.isoformat()),
        ).fetchone()
        points[-1]["balance"] = Decimal(last["balance"]) if last else Decimal("0.00")
    return {"points": points}
