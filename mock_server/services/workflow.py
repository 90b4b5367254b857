"""The centre's back office, simulated: applications move on node by node as the mock clock advances.

The schedule is fixed when an application is created, so the outcome never depends on when (or how
often) anyone looks: node *i* (counting from 0) is done at 10:00 on the (*i*+1)-th working day after
the day of submission. Working days are Monday to Friday (public holidays are not modelled). A
withdrawal (受理 → 审核 → 审批 → 办结) is therefore paid out at 10:00 on the fourth working day; a loan
(受理 → 审核 → 审批 → 签合同 → 抵押登记 → 放款) is disbursed on the sixth.

``catch_up`` completes every node that is due by the clock's "now", oldest first, together with its
effects, in one transaction:

* a withdrawal's 办结: the 提取 entry in the ledger (running balance), a message, and after 离退休提取
  the account is closed (销户);
* a loan's 审批: the contract becomes ``approved`` and a message arrives; its 放款: the contract is
  disbursed that day and starts ``repaying``, with a message giving the first payment.

A node is completed once: running ``catch_up`` again changes nothing. Seeded applications carry no
schedule and stay where the seed put them (王强's approved loan stays undisbursed).
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from decimal import Decimal
from typing import Any

from api_client.domain.amortization import amortize
from api_client.domain.masking import mask_bank_account
from api_client.models import WITHDRAWAL_KIND_LABELS

from ..back_office import LOAN_STEPS, STAFF, WITHDRAWAL_STEPS
from ..runtime import Runtime
from ..seed import fmt_amount
from ..store import money
from .account import balance_of

STEP_TIME = dt.time(10, 0)
WITHDRAWAL_KINDS = ("resignation", "retirement")

OPINIONS = {
    "受理": "材料齐全，予以受理",
    "审核": "审核通过",
    "审批": "同意",
    "办结": "已办结，资金已划转",
    "签合同": "借款合同已签订",
    "抵押登记": "抵押登记已办妥",
    "放款": "贷款已发放",
}


def working_day_after(day: dt.date, count: int) -> dt.date:
    """The ``count``-th working day (Monday–Friday) after ``day``."""
    current = day
    remaining = count
    while remaining > 0:
        current += dt.timedelta(days=1)
        if current.weekday() < 5:
            remaining -= 1
    return current


def due_times(created: dt.datetime, steps: int) -> list[dt.datetime]:
    """When each node of an application submitted at ``created`` is done."""
    return [dt.datetime.combine(working_day_after(created.date(), index + 1), STEP_TIME) for index in range(steps)]


def handler_for(application_id: int, idx: int) -> str:
    """The clerk who handles a node: fixed by the application and node, so the mock stays deterministic."""
    return STAFF[(application_id * 7 + idx * 3) % len(STAFF)]


def stamp(moment: dt.datetime) -> str:
    return moment.replace(microsecond=0).isoformat()


def create_application(
    db: sqlite3.Connection,
    *,
    member_id: int,
    kind: str,
    title: str,
    amount: Decimal,
    created: dt.datetime,
    nodes: tuple[str, ...],
    payload: dict[str, Any],
    idempotency_key: str | None,
) -> int:
    """Insert an application with its nodes and its schedule; the first node is in progress."""
    app_id = db.execute("SELECT COALESCE(MAX(id), 0) + 1 FROM applications").fetchone()[0]
    db.execute(
        """INSERT INTO applications (id, member_id, number, kind, title, amount, created_at, finished_at, state,
           payload, idempotency_key) VALUES (?,?,?,?,?,?,?,?,?,?,?)""",
        (
            app_id,
            member_id,
            f"SQ{created:%Y%m%d}{app_id:05d}",
            kind,
            title,
            str(amount),
            stamp(created),
            None,
            nodes[0],
            json.dumps(payload, ensure_ascii=False, sort_keys=True),
            idempotency_key,
        ),
    )
    for idx, node in enumerate(nodes):
        db.execute(
            "INSERT INTO application_nodes (application_id, idx, node, handler, opinion, done_at) VALUES (?,?,?,?,?,?)",
            (app_id, idx, node, handler_for(app_id, idx) if idx == 0 else None, None, None),
        )
    db.executemany(
        "INSERT INTO application_schedule (application_id, idx, due_at) VALUES (?,?,?)",
        [(app_id, idx, stamp(due)) for idx, due in enumerate(due_times(created, len(nodes)))],
    )
    return int(app_id)


def finish_estimate(application_id: int, db: sqlite3.Connection) -> dt.datetime | None:
    """When the application's last node is due, for applications the mock moves on."""
    row = db.execute(
        "SELECT MAX(due_at) FROM application_schedule WHERE application_id = ?", (application_id,)
    ).fetchone()
    return dt.datetime.fromisoformat(row[0]) if row and row[0] else None


def send_message(
    db: sqlite3.Connection, member_id: int, business: str, content: str, at: dt.datetime, channel: str = "网厅"
) -> None:
    db.execute(
        "INSERT INTO messages (member_id, business, content, channel, sent_at, status) VALUES (?,?,?,?,?, 'unread')",
        (member_id, business, content, channel, stamp(at)),
    )


_DUE = """
SELECT s.application_id, s.idx, s.due_at FROM application_schedule s
JOIN application_nodes n ON n.application_id = s.application_id AND n.idx = s.idx
JOIN applications a ON a.id = s.application_id
WHERE n.done_at IS NULL AND a.finished_at IS NULL AND s.due_at <= ? {member}
ORDER BY s.due_at, s.application_id, s.idx
"""


def _due(db: sqlite3.Connection, now: dt.datetime, member_id: int | None) -> list[sqlite3.Row]:
    if member_id is None:
        return db.execute(_DUE.format(member=""), (stamp(now),)).fetchall()
    return db.execute(_DUE.format(member="AND a.member_id = ?"), (stamp(now), member_id)).fetchall()


_UNKNOWN = "unknown"


def _state(runtime: Runtime) -> dict[str, Any]:
    # When the next node falls due, kept beside the runtime so most requests need not look.
    state: dict[str, Any] = runtime.__dict__.setdefault("_workflow", {"next_due": _UNKNOWN})
    return state


def may_be_due(runtime: Runtime) -> bool:
    """Cheap (no database): whether ``catch_up`` could find anything to do now."""
    next_due = _state(runtime)["next_due"]
    return next_due == _UNKNOWN or (next_due is not None and runtime.clock.now() >= next_due)


def schedule_changed(runtime: Runtime) -> None:
    """Call after creating an application: the next due time must be looked up again."""
    _state(runtime)["next_due"] = _UNKNOWN


def catch_up(runtime: Runtime, member_id: int | None = None) -> int:
    """Complete every node due by now (one member's, or everyone's); returns how many were completed."""
    now = runtime.clock.now()
    with runtime.store.reading() as db:
        due = _due(db, now, member_id)
        if not due and member_id is None:
            _remember_next_due(db, runtime)
        if not due:
            return 0
    done = 0
    with runtime.store.transaction() as db:
        for row in _due(db, now, member_id):
            complete_node(db, row["application_id"], row["idx"], dt.datetime.fromisoformat(row["due_at"]))
            done += 1
        if member_id is None:
            _remember_next_due(db, runtime)
    return done


def _remember_next_due(db: sqlite3.Connection, runtime: Runtime) -> None:
    row = db.execute(
        """SELECT MIN(s.due_at) FROM application_schedule s
           JOIN application_nodes n ON n.application_id = s.application_id AND n.idx = s.idx
           JOIN applications a ON a.id = s.application_id
           WHERE n.done_at IS NULL AND a.finished_at IS NULL"""
    ).fetchone()
    _state(runtime)["next_due"] = dt.datetime.fromisoformat(row[0]) if row and row[0] else None


def complete_node(db: sqlite3.Connection, application_id: int, idx: int, at: dt.datetime) -> None:
    app = db.execute("SELECT * FROM applications WHERE id = ?", (application_id,)).fetchone()
    nodes = [
        r["node"]
        for r in db.execute(
            "SELECT node FROM application_nodes WHERE application_id = ? ORDER BY idx", (application_id,)
        )
    ]
    name = nodes[idx]
    last = idx == len(nodes) - 1
    if app["kind"] in WITHDRAWAL_KINDS and last and not _pay_out(db, app, at):
        return
    db.execute(
        "UPDATE application_nodes SET done_at = ?, handler = ?, opinion = ? WHERE application_id = ? AND idx = ?",
        (stamp(at), handler_for(application_id, idx), OPINIONS.get(name, "同意"), application_id, idx),
    )
    if last:
        db.execute("UPDATE applications SET state = ?, finished_at = ? WHERE id = ?", (name, stamp(at), application_id))
    else:
        db.execute("UPDATE applications SET state = ? WHERE id = ?", (nodes[idx + 1], application_id))
        db.execute(
            "UPDATE application_nodes SET handler = ? WHERE application_id = ? AND idx = ?",
            (handler_for(application_id, idx + 1), application_id, idx + 1),
        )
    if app["kind"] == "loan":
        _loan_step(db, app, idx, at)


def _payload(app: sqlite3.Row) -> dict[str, Any]:
    payload: dict[str, Any] = json.loads(app["payload"] or "{}")
    return payload


def _pay_out(db: sqlite3.Connection, app: sqlite3.Row, at: dt.datetime) -> bool:
    """办结 of a withdrawal: the ledger entry, the message, and for 离退休提取 the closed account.

    Returns False (and ends the application as 未通过) when the balance no longer covers the amount.
    """
    member_id = app["member_id"]
    member = db.execute("SELECT * FROM members WHERE id = ?", (member_id,)).fetchone()
    payload = _payload(app)
    balance = balance_of(db, member_id)
    available = balance - money(member["frozen_amount"])
    amount = money(app["amount"])
    label = WITHDRAWAL_KIND_LABELS[app["kind"]]
    idx = len(WITHDRAWAL_STEPS) - 1
    if amount > available or member["status"] in ("frozen", "closed"):
        db.execute(
            "UPDATE application_nodes SET done_at = ?, handler = ?, opinion = ? WHERE application_id = ? AND idx = ?",
            (stamp(at), handler_for(app["id"], idx), "账户余额或状态已变化，不予办结", app["id"], idx),
        )
        payload["rejected_at"] = idx
        db.execute(
            "UPDATE applications SET finished_at = ?, payload = ? WHERE id = ?",
            (stamp(at), json.dumps(payload, ensure_ascii=False, sort_keys=True), app["id"]),
        )
        send_message(
            db,
            member_id,
            label,
            f"您的{label}申请（业务编号 {app['number']}）未能办结：账户余额或状态已变化。如有疑问请联系中心。",
            at,
        )
        return False
    seq = db.execute("SELECT COALESCE(MAX(seq), 0) + 1 FROM ledger WHERE member_id = ?", (member_id,)).fetchone()[0]
    closing = app["kind"] == "retirement"
    new_balance = balance - amount
    summary = "离退休提取（销户）" if closing else "离职提取"
    db.execute(
        """INSERT INTO ledger (member_id, seq, posted_on, type, contribution_month, amount, interest, balance,
           summary, org, channel) VALUES (?,?,?,?,?,?,?,?,?,?,?)""",
        (
            member_id,
            seq,
            at.date().isoformat(),
            "withdraw",
            None,
            str(-amount),
            "0.00",
            str(new_balance),
            summary,
            member["org"],
            "个人网厅",
        ),
    )
    account = mask_bank_account(payload.get("bank_account") or member["bank_account"])
    bank = payload.get("bank_name") or member["bank_name"]
    content = (
        f"您的{label}申请（业务编号 {app['number']}）已办结，提取金额 {fmt_amount(amount)} 元已划入您在"
        f"{bank}的账户（{account}），公积金账户余额 {fmt_amount(new_balance)} 元。"
    )
    if closing:
        db.execute(
            "UPDATE members SET status = 'closed', closed_on = ? WHERE id = ?", (at.date().isoformat(), member_id)
        )
        content += "您的住房公积金账户已销户。"
    send_message(db, member_id, "提取到账", content, at)
    return True


def _loan_step(db: sqlite3.Connection, app: sqlite3.Row, idx: int, at: dt.datetime) -> None:
    """Keep the contract and its progress steps in step with the application's nodes."""
    contract_no = _payload(app)["contract_no"]
    db.execute(
        "UPDATE loan_steps SET done_at = ?, handler = ? WHERE contract_no = ? AND idx = ?",
        (stamp(at), handler_for(app["id"], idx), contract_no, idx),
    )
    if idx + 1 < len(LOAN_STEPS):
        db.execute(
            "UPDATE loan_steps SET handler = ? WHERE contract_no = ? AND idx = ?",
            (handler_for(app["id"], idx + 1), contract_no, idx + 1),
        )
    name = LOAN_STEPS[idx]
    loan = db.execute("SELECT * FROM loans WHERE contract_no = ?", (contract_no,)).fetchone()
    if name == "审批":
        db.execute("UPDATE loans SET status = 'approved' WHERE contract_no = ?", (contract_no,))
        send_message(
            db,
            app["member_id"],
            "贷款审批",
            f"您的住房公积金贷款申请（合同 {contract_no}）已审批通过，贷款金额 {fmt_amount(money(loan['amount']))} 元，"
            "请按通知签订借款合同并办理抵押登记。",
            at,
        )
    elif name == "放款":
        member = db.execute("SELECT bank_account FROM members WHERE id = ?", (app["member_id"],)).fetchone()
        day = at.date()
        repayment_day = min(day.day, 28)
        db.execute(
            "UPDATE loans SET status = 'repaying', disbursed_on = ?, repayment_day = ?, repayment_account = ? "
            "WHERE contract_no = ?",
            (day.isoformat(), repayment_day, member["bank_account"], contract_no),
        )
        first = amortize(
            money(loan["amount"]), loan["periods"], loan["method"], Decimal(loan["annual_rate"]), day, repayment_day
        )[0]
        send_message(
            db,
            app["member_id"],
            "贷款发放",
            f"您的住房公积金贷款（合同 {contract_no}）{fmt_amount(money(loan['amount']))} 元已于 {day.isoformat()} "
            f"发放。首期还款日 {first.due_on.isoformat()}，应还 {fmt_amount(first.payment)} 元，"
            f"将从您尾号 {member['bank_account'][-4:]} 的账户扣款。",
            at,
        )
