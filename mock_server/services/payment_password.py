"""The payment password (支付密码), checked the same way wherever it is asked for.

Five wrong answers in a day, whatever asked for it (a withdrawal, 支付密码变更), lock it until the next
day; a right answer or 支付密码找回 clears the count. Without this a session could try all 10⁶ codes.
Run inside ``store.transaction(keep_on_refusal=True)`` so a wrong answer is counted.
"""

from __future__ import annotations

import datetime as dt
import sqlite3

from api_client.domain.phrase import Phrase

from ..problems import ApiProblem
from ..security import verify_password

TRIES_PER_DAY = 5


def check(
    db: sqlite3.Connection,
    member: sqlite3.Row,
    password: str,
    today: dt.date,
    *,
    field: str,
    wrong_message: str = "支付密码错误",
) -> None:
    """Accept the member's payment password or raise PASSWORD_WRONG / ACCOUNT_LOCKED at ``field``."""
    row = db.execute(
        "SELECT count FROM pay_password_failures WHERE member_id = ? AND day = ?", (member["id"], today.isoformat())
    ).fetchone()
    failures = row["count"] if row else 0
    if failures >= TRIES_PER_DAY:
        raise ApiProblem(
            423,
            "ACCOUNT_LOCKED",
            Phrase(
                "支付密码今日已连续输错 {tries} 次，请明日再试，或通过【支付密码找回】重新设置", tries=TRIES_PER_DAY
            ),
            field=field,
        )
    if verify_password(password, member["pay_password_hash"]):
        clear(db, member["id"])
        return
    failures += 1
    db.execute(
        "INSERT INTO pay_password_failures (member_id, day, count) VALUES (?,?,?) "
        "ON CONFLICT (member_id, day) DO UPDATE SET count = excluded.count",
        (member["id"], today.isoformat(), failures),
    )
    if failures >= TRIES_PER_DAY:
        raise ApiProblem(
            423,
            "ACCOUNT_LOCKED",
            Phrase(
                "支付密码已连续输错 {tries} 次，今日不能再使用支付密码，请明日再试或通过【支付密码找回】重新设置",
                tries=TRIES_PER_DAY,
            ),
            field=field,
        )
    raise ApiProblem(
        400,
        "PASSWORD_WRONG",
        Phrase("{wrong}，还可以再试 {remaining} 次", wrong=wrong_message, remaining=TRIES_PER_DAY - failures),
        field=field,
        remaining_attempts=TRIES_PER_DAY - failures,
    )


def clear(db: sqlite3.Connection, member_id: int) -> None:
    db.execute("DELETE FROM pay_password_failures WHERE member_id = ?", (member_id,))
