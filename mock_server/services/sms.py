"""Simulated SMS verification codes (DESIGN.md: 6 digits, valid 5 minutes, resend after 60 s, at most
5 per phone per hour, 5 wrong tries kill the code).

Codes go to the ``sms_codes`` table (the outbox, ``GET /_mock/sms``) and to the settings' listener:
the server log for ``gjj-mock``, a notification in the embedded demo. They never appear in an API
response.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from typing import Any

from api_client.domain.phrase import Phrase

from ..problems import ApiProblem
from ..runtime import Runtime
from ..security import new_sms_code

VALIDITY = dt.timedelta(minutes=5)
RESEND_AFTER = dt.timedelta(seconds=60)
HOURLY_LIMIT = 5
MAX_WRONG_TRIES = 5

PURPOSES = {
    "register": "注册",
    "reset_password": "找回登录密码",
    "reset_payment_password": "找回支付密码",
    "withdrawal": "提取",
}


def send_code(db: sqlite3.Connection, runtime: Runtime, phone: str, purpose: str) -> dict[str, Any]:
    """Send a new code for ``purpose`` to ``phone``; returns ``{resend_after, expires_in}`` in seconds."""
    now = runtime.clock.now()
    last = db.execute(
        "SELECT sent_at FROM sms_codes WHERE phone = ? AND purpose = ? ORDER BY id DESC LIMIT 1", (phone, purpose)
    ).fetchone()
    if last is not None:
        wait = dt.datetime.fromisoformat(last["sent_at"]) + RESEND_AFTER - now
        if wait.total_seconds() > 0:
            seconds = int(wait.total_seconds()) + 1
            raise ApiProblem(
                429,
                "SMS_RATE_LIMITED",
                Phrase("短信验证码发送过于频繁，请 {seconds} 秒后再试", seconds=seconds),
                retry_after_seconds=seconds,
            )
    sent_last_hour = db.execute(
        "SELECT COUNT(*) FROM sms_codes WHERE phone = ? AND sent_at > ?",
        (phone, (now - dt.timedelta(hours=1)).isoformat()),
    ).fetchone()[0]
    if sent_last_hour >= HOURLY_LIMIT:
        raise ApiProblem(
            429, "SMS_RATE_LIMITED", "该手机号一小时内获取验证码已达 5 次上限，请稍后再试", retry_after_seconds=3600
        )
    code = new_sms_code()
    # A new code replaces any earlier one for the same purpose.
    db.execute("UPDATE sms_codes SET used = 1 WHERE phone = ? AND purpose = ? AND used = 0", (phone, purpose))
    db.execute(
        "INSERT INTO sms_codes (phone, purpose, code, sent_at, expires_at) VALUES (?,?,?,?,?)",
        (phone, purpose, code, now.isoformat(), (now + VALIDITY).isoformat()),
    )
    listener = runtime.settings.sms_listener
    if listener is not None:
        listener(phone, code, PURPOSES.get(purpose, purpose))
    return {"resend_after": int(RESEND_AFTER.total_seconds()), "expires_in": int(VALIDITY.total_seconds())}


def check_code(db: sqlite3.Connection, runtime: Runtime, phone: str, purpose: str, code: str) -> None:
    """Accept ``code`` once, or raise SMS_CODE_INVALID.

    Run it inside ``store.transaction(keep_on_refusal=True)`` so wrong tries are counted, and only after
    every other check of the request has passed: a right code is spent here.
    """
    row = db.execute(
        "SELECT id, code, expires_at, wrong_tries FROM sms_codes WHERE phone = ? AND purpose = ? AND used = 0 "
        "ORDER BY id DESC LIMIT 1",
        (phone, purpose),
    ).fetchone()
    if row is None:
        raise ApiProblem(400, "SMS_CODE_INVALID", "请先获取短信验证码", field="sms_code")
    if dt.datetime.fromisoformat(row["expires_at"]) <= runtime.clock.now():
        db.execute("UPDATE sms_codes SET used = 1 WHERE id = ?", (row["id"],))
        raise ApiProblem(400, "SMS_CODE_INVALID", "短信验证码已过期，请重新获取", field="sms_code")
    if code.strip() != row["code"]:
        tries = row["wrong_tries"] + 1
        if tries >= MAX_WRONG_TRIES:
            db.execute("UPDATE sms_codes SET wrong_tries = ?, used = 1 WHERE id = ?", (tries, row["id"]))
            raise ApiProblem(
                400,
                "SMS_CODE_INVALID",
                "短信验证码错误次数过多，已失效，请重新获取",
                field="sms_code",
                remaining_attempts=0,
            )
        db.execute("UPDATE sms_codes SET wrong_tries = ? WHERE id = ?", (tries, row["id"]))
        raise ApiProblem(
            400,
            "SMS_CODE_INVALID",
            Phrase("短信验证码错误，还可以再试 {remaining} 次", remaining=MAX_WRONG_TRIES - tries),
            field="sms_code",
            remaining_attempts=MAX_WRONG_TRIES - tries,
        )
    db.execute("UPDATE sms_codes SET used = 1 WHERE id = ?", (row["id"],))
