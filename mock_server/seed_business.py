"""Seeding for 我发起的: runs after ``seed.py`` has written every persona, with its own random numbers, so
the rest of the seeded data stays exactly what it was.

* A loan application's flow shows the same handler and time as the loan's progress steps, and the
  contract points back to its application.
* Withdrawals already in the ledger become finished applications of registered members: the 购房提取
  (张伟) and the latest yearly 偿还贷款提取 of each member with a loan.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import sqlite3
from decimal import Decimal

from .back_office import STAFF, WITHDRAWAL_STEPS

OPINIONS = ("材料齐全，予以受理", "审核通过", "同意", "已办结，资金已划转")
KINDS = {
    "购买自住住房提取": ("purchase", "购买自住住房提取"),
    "偿还住房公积金贷款提取": ("repayment", "偿还住房公积金贷款提取"),
}


def seed_business(conn: sqlite3.Connection, seed: int, today: dt.date) -> None:
    rng = random.Random(f"{seed}/business")
    _link_loan_applications(conn)
    _withdrawal_applications(conn, rng)


def _link_loan_applications(conn: sqlite3.Connection) -> None:
    for app_id, payload in conn.execute("SELECT id, payload FROM applications WHERE kind = 'loan'").fetchall():
        contract_no = json.loads(payload).get("contract_no")
        if not contract_no:
            continue
        conn.execute("UPDATE loans SET application_id = ? WHERE contract_no = ?", (app_id, contract_no))
        for idx, handler, done_at in conn.execute(
            "SELECT idx, handler, done_at FROM loan_steps WHERE contract_no = ?", (contract_no,)
        ).fetchall():
            conn.execute(
                "UPDATE application_nodes SET handler = ?, done_at = ? WHERE application_id = ? AND idx = ?",
                (handler, done_at, app_id, idx),
            )
        # The application was made no later than it was accepted, and finished when the loan was disbursed.
        conn.execute(
            """UPDATE applications SET
               created_at = MIN(created_at, COALESCE((SELECT done_at FROM application_nodes
                                                      WHERE application_id = ? AND idx = 0), created_at)),
               finished_at = CASE WHEN finished_at IS NULL THEN NULL ELSE
                   (SELECT MAX(done_at) FROM application_nodes WHERE application_id = ?) END
               WHERE id = ?""",
            (app_id, app_id, app_id),
        )


def _withdrawal_applications(conn: sqlite3.Connection, rng: random.Random) -> None:
    rows = []
    for (member_id,) in conn.execute("SELECT id FROM members WHERE registered = 1 ORDER BY id").fetchall():
        for summary, (kind, title) in KINDS.items():
            row = conn.execute(
                "SELECT posted_on, amount FROM ledger WHERE member_id = ? AND type = 'withdraw' AND summary = ? "
                "ORDER BY seq DESC LIMIT 1",
                (member_id, summary),
            ).fetchone()
            if row is not None:
                rows.append((member_id, kind, title, dt.date.fromisoformat(row[0]), -Decimal(row[1])))
    next_id = conn.execute("SELECT COALESCE(MAX(id), 0) + 1 FROM applications").fetchone()[0]
    for app_id, (member_id, kind, title, paid_on, amount) in enumerate(rows, start=next_id):
        # One node per working day, the last (办结) on the day the money left the account.
        days = [paid_on]
        while len(days) < len(WITHDRAWAL_STEPS):
            days.insert(0, _previous_working_day(days[0]))
        created = dt.datetime.combine(days[0], dt.time(9, rng.randrange(60), rng.randrange(60)))
        finished = dt.datetime.combine(paid_on, dt.time(16, 30))
        conn.execute(
            """INSERT INTO applications (id, member_id, number, kind, title, amount, created_at, finished_at, state,
               payload) VALUES (?,?,?,?,?,?,?,?,?,?)""",
            (
                app_id,
                member_id,
                f"SQ{created:%Y%m%d}{app_id:05d}",
                kind,
                title,
                str(amount),
                created.isoformat(),
                finished.isoformat(),
                WITHDRAWAL_STEPS[-1],
                "{}",
            ),
        )
        # The 提取到账 message of this withdrawal follows its 办结, never before it.
        conn.execute(
            "UPDATE messages SET sent_at = ? WHERE member_id = ? AND business = '提取到账' AND substr(sent_at, 1, 10) = ?",
            ((finished + dt.timedelta(minutes=10)).isoformat(), member_id, paid_on.isoformat()),
        )
        for idx, (node, day) in enumerate(zip(WITHDRAWAL_STEPS, days)):
            if idx == len(WITHDRAWAL_STEPS) - 1:
                done_at = finished
            else:
                done_at = dt.datetime.combine(day, dt.time(10 + rng.randrange(6), rng.randrange(60), rng.randrange(60)))
            conn.execute(
                "INSERT INTO application_nodes (application_id, idx, node, handler, opinion, done_at) VALUES (?,?,?,?,?,?)",
                (app_id, idx, node, rng.choice(STAFF), OPINIONS[idx], done_at.isoformat()),
            )


def _previous_working_day(day: dt.date) -> dt.date:
    day -= dt.timedelta(days=1)
    while day.weekday() >= 5:
        day -= dt.timedelta(days=1)
    return day
