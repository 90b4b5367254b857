"""个人住房公积金缴存证明: issued with a verification code that anyone holding the paper can check.

A certificate is a snapshot of the account on the day it is issued, stored in ``certificates``.
Asking again the same day, with nothing changed, gives the same certificate (and code); a changed
account gets a new one. ``GET /certificates/{code}`` says whether a code is genuine and for whom
(masked) with the figures printed on it, so a bank can compare them with the paper.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from typing import Any

from api_client.domain.masking import mask_name
from api_client.domain.phrase import Phrase
from api_client.models import ACCOUNT_STATUS_LABELS

from ..problems import validation
from ..runtime import Runtime
from ..store import money
from .account import account
from .loans import loan_rows, summary

CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I/L: read aloud and typed back
CODE_LENGTH = 12


def format_code(code: str) -> str:
    """``ABCDEFGHJKMN`` → ``ABCD-EFGH-JKMN``."""
    return "-".join(code[i : i + 4] for i in range(0, len(code), 4))


def normalize_code(text: str) -> str:
    return "".join(ch for ch in text.upper() if ch not in "- ")


def _loans(db: sqlite3.Connection, member_id: int, today: dt.date) -> list[dict[str, Any]]:
    out = []
    for row in loan_rows(db, member_id):
        data = summary(db, row, today)
        out.append(
            {
                "contract_no": data["contract_no"],
                "amount": str(data["amount"]),
                "disbursed_on": data["disbursed_on"].isoformat() if data["disbursed_on"] else None,
                "status_label": data["status_label"],
                "balance": str(data["balance"]),
            }
        )
    return out


def loan_record(loans: list[dict[str, Any]]) -> str:
    if not loans:
        return "无公积金贷款记录"
    counts: dict[str, int] = {}
    for loan in loans:
        counts[loan["status_label"]] = counts.get(loan["status_label"], 0) + 1
    return f"共 {len(loans)} 笔：" + "，".join(f"{label} {n} 笔" for label, n in counts.items())


def snapshot(db: sqlite3.Connection, runtime: Runtime, member_id: int, today: dt.date) -> dict[str, Any]:
    """Every field the certificate shows (amounts as strings, so it can be stored and compared)."""
    info = account(db, member_id, today)
    months = db.execute(
        "SELECT MIN(contribution_month), MAX(contribution_month), COUNT(DISTINCT contribution_month) FROM ledger "
        "WHERE member_id = ? AND type IN ('remit', 'back_pay') AND contribution_month IS NOT NULL",
        (member_id,),
    ).fetchone()
    loans = _loans(db, member_id, today)
    return {
        "centre_name": runtime.settings.centre_name,
        "name": info["name"],
        "id_number_masked": info["id_number_masked"],
        "account_no": info["account_no"],
        "employer_name": info["employer_name"],
        "opened_on": info["opened_on"],
        "status": info["status"],
        "status_label": ACCOUNT_STATUS_LABELS[info["status"]],
        "base": str(info["base"]),
        "monthly_deposit": str(info["monthly_deposit"]),
        "employer_ratio": str(info["employer_ratio"]),
        "personal_ratio": str(info["personal_ratio"]),
        "balance": str(info["balance"]),
        "first_month": months[0],
        "last_month": months[1],
        "deposit_months": months[2],
        "loans": loans,
        "loan_record": loan_record(loans),
    }


def _new_code(runtime: Runtime) -> str:
    with runtime.lock:  # the rng is shared with the captchas: keep its sequence deterministic
        return "".join(runtime.rng.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def issue(runtime: Runtime, member_id: int) -> dict[str, Any]:
    now = runtime.clock.now()
    today = now.date()
    with runtime.store.transaction() as db:
        data = snapshot(db, runtime, member_id, today)
        text = json.dumps(data, ensure_ascii=False, sort_keys=True)
        row = db.execute(
            "SELECT code FROM certificates WHERE member_id = ? AND substr(issued_at, 1, 10) = ? AND snapshot = ? "
            "ORDER BY issued_at DESC LIMIT 1",
            (member_id, today.isoformat(), text),
        ).fetchone()
        if row is not None:
            code = row["code"]
        else:
            code = _new_code(runtime)
            while db.execute("SELECT 1 FROM certificates WHERE code = ?", (code,)).fetchone():
                code = _new_code(runtime)
            db.execute(
                "INSERT INTO certificates (code, member_id, issued_at, snapshot) VALUES (?,?,?,?)",
                (code, member_id, now.replace(microsecond=0).isoformat(), text),
            )
    return {**data, "code": format_code(code), "issued_on": today}


def verify(runtime: Runtime, text: str) -> dict[str, Any]:
    code = normalize_code(text)
    if len(code) != CODE_LENGTH or any(ch not in CODE_ALPHABET for ch in code):
        raise validation(
            Phrase("验证码应为 {length} 位字母和数字（如 ABCD-EFGH-JKMN）", length=CODE_LENGTH), field="code"
        )
    with runtime.store.reading() as db:
        row = db.execute("SELECT issued_at, snapshot FROM certificates WHERE code = ?", (code,)).fetchone()
    if row is None:
        return {
            "genuine": False,
            "code": format_code(code),
            "message": "未找到该验证码对应的缴存证明：请核对验证码，证明可能不是本中心出具的",
        }
    data = json.loads(row["snapshot"])
    issued_on = dt.date.fromisoformat(row["issued_at"][:10])
    return {
        "genuine": True,
        "code": format_code(code),
        "message": f"该缴存证明由{data['centre_name']}于 {issued_on.isoformat()} 出具，内容如下",
        "issued_on": issued_on,
        "centre_name": data["centre_name"],
        "name_masked": mask_name(data["name"]),
        "id_number_masked": data["id_number_masked"],
        "employer_name": data["employer_name"],
        "status_label": data["status_label"],
        "balance": money(data["balance"]),
        "first_month": data["first_month"],
        "last_month": data["last_month"],
    }
