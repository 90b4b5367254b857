"""我发起的: the businesses a member started (withdrawals, loans) and their approval flow."""

from __future__ import annotations

import json
import sqlite3
from typing import Any

from api_client.domain.masking import mask_bank_account
from api_client.domain.phrase import Phrase
from api_client.models import APPLICATION_KIND_LABELS, APPLICATION_STATUS_LABELS, REPAYMENT_METHOD_LABELS

from ..params import MAX_PAGE
from ..problems import not_found, validation
from ..store import money
from . import workflow

MAX_PAGE_SIZE = 50


def check_page(page: int, page_size: int) -> None:
    if page < 1:
        raise validation("页码从 1 开始", field="page")
    if page > MAX_PAGE:
        raise validation(Phrase("页码不能超过 {max_page}", max_page=MAX_PAGE), field="page")
    if not 1 <= page_size <= MAX_PAGE_SIZE:
        raise validation(Phrase("每页条数应在 1 到 {max_size} 之间", max_size=MAX_PAGE_SIZE), field="page_size")


def _status(row: sqlite3.Row, payload: dict[str, Any]) -> str:
    if row["finished_at"] is None:
        return "processing"
    return "rejected" if "rejected_at" in payload else "finished"


def summary(row: sqlite3.Row) -> dict[str, Any]:
    payload = json.loads(row["payload"] or "{}")
    status = _status(row, payload)
    return {
        "id": row["id"],
        "number": row["number"],
        "kind": row["kind"],
        "kind_label": APPLICATION_KIND_LABELS[row["kind"]],
        "title": row["title"],
        "amount": money(row["amount"]),
        "created_at": row["created_at"],
        "finished_at": row["finished_at"],
        "state": row["state"],
        "status": status,
        "status_label": APPLICATION_STATUS_LABELS[status],
        "contract_no": payload.get("contract_no"),
    }


def list_applications(db: sqlite3.Connection, member_id: int, page: int, page_size: int) -> dict[str, Any]:
    """Newest first."""
    check_page(page, page_size)
    total = db.execute("SELECT COUNT(*) FROM applications WHERE member_id = ?", (member_id,)).fetchone()[0]
    rows = db.execute(
        "SELECT * FROM applications WHERE member_id = ? ORDER BY created_at DESC, id DESC LIMIT ? OFFSET ?",
        (member_id, page_size, (page - 1) * page_size),
    ).fetchall()
    return {"items": [summary(row) for row in rows], "total": total, "page": page, "page_size": page_size}


def application_row(db: sqlite3.Connection, member_id: int, application_id: int) -> sqlite3.Row:
    row: sqlite3.Row | None = db.execute(
        "SELECT * FROM applications WHERE id = ? AND member_id = ?", (application_id, member_id)
    ).fetchone()
    if row is None:
        raise not_found("未找到该业务")
    return row


def detail(db: sqlite3.Connection, member_id: int, application_id: int) -> dict[str, Any]:
    row = application_row(db, member_id, application_id)
    payload = json.loads(row["payload"] or "{}")
    data = summary(row)
    rejected_at = payload.get("rejected_at")
    nodes = []
    current_found = False
    for node in db.execute("SELECT * FROM application_nodes WHERE application_id = ? ORDER BY idx", (application_id,)):
        if node["idx"] == rejected_at:
            state = "rejected"
        elif node["done_at"]:
            state = "done"
        elif not current_found and data["status"] == "processing":
            state, current_found = "current", True
        else:
            state = "pending"
        nodes.append(
            {
                "idx": node["idx"],
                "name": node["node"],
                "state": state,
                "handler": node["handler"] if state != "pending" else None,
                "opinion": node["opinion"],
                "at": node["done_at"],
            }
        )
    data["nodes"] = nodes
    member = db.execute("SELECT bank_name, bank_account FROM members WHERE id = ?", (member_id,)).fetchone()
    if row["kind"] in ("resignation", "retirement"):
        data["bank_name"] = payload.get("bank_name") or member["bank_name"]
        data["bank_account_masked"] = mask_bank_account(payload.get("bank_account") or member["bank_account"])
    if row["kind"] == "loan" and data["contract_no"]:
        loan = db.execute(
            "SELECT periods, method, bank_name FROM loans WHERE contract_no = ?", (data["contract_no"],)
        ).fetchone()
        if loan is not None:
            data["periods"] = loan["periods"]
            data["method_label"] = REPAYMENT_METHOD_LABELS[loan["method"]]
            data["bank_name"] = loan["bank_name"]
    data["schedule_note"] = _schedule_note(db, row, data["status"])
    return data


def _schedule_note(db: sqlite3.Connection, row: sqlite3.Row, status: str) -> str:
    if status != "processing":
        return ""
    finish = workflow.finish_estimate(row["id"], db)
    if finish is None:
        return "由中心经办人办理中，办结后将通过消息通知您"
    return f"中心每个工作日办理一个环节，预计 {finish.date().isoformat()} 办结，办结后将通过消息通知您"
