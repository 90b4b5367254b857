"""Captchas, login, lockout, tokens and logout (DESIGN.md: login rules)."""

from __future__ import annotations

import datetime as dt
import functools
import sqlite3
import uuid
from typing import Any, NamedTuple

from api_client.domain.masking import mask_id_number, mask_phone
from api_client.domain.phrase import Phrase

from .. import captcha as captcha_images
from ..problems import ApiProblem
from ..runtime import Runtime
from ..security import hash_password, new_token, token_hash, verify_password

CAPTCHA_TTL = dt.timedelta(minutes=2)
ACCESS_TTL = dt.timedelta(minutes=15)
REFRESH_TTL = dt.timedelta(hours=8)
MAX_FAILURES = 5
LOCK_TIME = dt.timedelta(minutes=15)


def issue_captcha(runtime: Runtime) -> dict[str, str]:
    now = runtime.clock.now()
    with runtime.lock:  # the rng is shared: keep its sequence deterministic
        code = runtime.fixed_captcha or captcha_images.random_code(runtime.rng)
        captcha_id = uuid.UUID(int=runtime.rng.getrandbits(128), version=4).hex
        image = captcha_images.render_base64(code, runtime.rng)
    expires = now + CAPTCHA_TTL
    with runtime.store.transaction() as db:
        db.execute("DELETE FROM captchas WHERE expires_at < ?", ((now - dt.timedelta(hours=1)).isoformat(),))
        db.execute(
            "INSERT INTO captchas (id, code, expires_at) VALUES (?,?,?)",
            (captcha_id, code.upper(), expires.isoformat()),
        )
    return {"captcha_id": captcha_id, "image_png_base64": image, "expires_at": expires.isoformat()}


def use_captcha(db: sqlite3.Connection, runtime: Runtime, captcha_id: str, code: str) -> None:
    """Check a captcha answer; the captcha is spent whatever the answer (single use)."""
    row = db.execute("SELECT code, expires_at, used FROM captchas WHERE id = ?", (captcha_id,)).fetchone()
    if row is None or row["used"]:
        raise ApiProblem(400, "CAPTCHA_INVALID", "验证码已失效，请刷新后重新输入", field="captcha_code")
    db.execute("UPDATE captchas SET used = 1 WHERE id = ?", (captcha_id,))
    if dt.datetime.fromisoformat(row["expires_at"]) < runtime.clock.now():
        raise ApiProblem(400, "CAPTCHA_INVALID", "验证码已过期，请刷新后重新输入", field="captcha_code")
    if code.strip().upper() != row["code"]:
        raise ApiProblem(400, "CAPTCHA_INVALID", "验证码错误，请重新输入", field="captcha_code")


def find_member(db: sqlite3.Connection, username: str) -> sqlite3.Row | None:
    name = username.strip().upper()
    column = "phone" if len(name) == 11 and name.isdigit() else "id_number"
    member: sqlite3.Row | None = db.execute(f"SELECT * FROM members WHERE {column} = ?", (name,)).fetchone()
    return member


def _minutes_left(until: dt.datetime, now: dt.datetime) -> int:
    return max(1, int((until - now).total_seconds() + 59) // 60)


def _refusal(remaining: int) -> ApiProblem:
    # The same words for an unknown username, a wrong password, a closed or an unregistered account.
    return ApiProblem(
        401,
        "CREDENTIALS_INVALID",
        Phrase("证件号码/手机号或密码错误，还可以再试 {remaining} 次", remaining=remaining),
        field="password",
        remaining_attempts=remaining,
    )


def _locked(until: dt.datetime, now: dt.datetime) -> ApiProblem:
    return ApiProblem(
        423,
        "ACCOUNT_LOCKED",
        # the advice: a password reset lifts the lock (reset_complete)
        Phrase(
            "密码连续输错 {failures} 次，账户已锁定，请 {minutes} 分钟后再试，或通过【忘记密码】重设密码",
            failures=MAX_FAILURES,
            minutes=_minutes_left(until, now),
        ),
        field="password",
        locked_until=until.isoformat(),
        retry_after_seconds=int((until - now).total_seconds()),
    )


@functools.cache
def _decoy_hash(cost: int) -> str:
    """A fixed hash to check a password against when there is no member (or no password) to check it
    against: every refused login costs the same scrypt, so its time does not tell members apart either."""
    return hash_password("decoy-password-0", salt=b"gjj-mock-decoy!!", cost=cost)


def login(runtime: Runtime, username: str, password: str, captcha_id: str, captcha_code: str) -> dict[str, Any]:
    """Tokens and profile, or one answer for every kind of refusal.

    Failures count per member (an ID number and a phone number of the same member share the count);
    for a username that names no member, they count per username in ``login_failures``, so it locks
    after 5 tries like a member would."""
    now = runtime.clock.now()
    with runtime.store.transaction(keep_on_refusal=True) as db:
        use_captcha(db, runtime, captcha_id, captcha_code)  # spent whatever follows
        _, stored = _attempt_state(db, username, now)
    # The slow hash runs outside the store's lock: other requests go on meanwhile.
    correct = verify_password(password, stored or _decoy_hash(runtime.settings.password_cost)) and stored is not None
    with runtime.store.transaction(keep_on_refusal=True) as db:
        member, now_stored = _attempt_state(db, username, now)  # again: another attempt may have counted
        failures = member["failed_logins"] if member is not None else _unknown_failures(db, username)
        if not correct or now_stored != stored:
            failures += 1
            until = now + LOCK_TIME if failures >= MAX_FAILURES else None
            _count_failure(db, member, username, 0 if until else failures, until)
            if until is not None:
                raise _locked(until, now)
            raise _refusal(MAX_FAILURES - failures)
        assert member is not None
        db.execute("UPDATE members SET failed_logins = 0, locked_until = NULL WHERE id = ?", (member["id"],))
        tokens = open_session(db, member["id"], now)
    return {**tokens, "profile": profile(member)}


def _attempt_state(db: sqlite3.Connection, username: str, now: dt.datetime) -> tuple[sqlite3.Row | None, str | None]:
    """The member (if any) and the password hash a login may match (None: nothing can match); refuses a
    locked username with the one lock answer."""
    member = find_member(db, username)
    if member is not None:
        locked_text = member["locked_until"]
    else:
        row = db.execute("SELECT locked_until FROM login_failures WHERE username = ?", (_key(username),)).fetchone()
        locked_text = row["locked_until"] if row else None
    locked_until = dt.datetime.fromisoformat(locked_text) if locked_text else None
    if locked_until and locked_until > now:
        raise _locked(locked_until, now)
    may_log_in = member is not None and member["status"] != "closed" and bool(member["registered"])
    return member, (member["password_hash"] if may_log_in and member is not None else None)


def _unknown_failures(db: sqlite3.Connection, username: str) -> int:
    row = db.execute("SELECT failures FROM login_failures WHERE username = ?", (_key(username),)).fetchone()
    return int(row["failures"]) if row else 0


def _key(username: str) -> str:
    return username.strip().upper()


def _count_failure(
    db: sqlite3.Connection, member: sqlite3.Row | None, username: str, failures: int, until: dt.datetime | None
) -> None:
    locked = until.isoformat() if until else None
    if member is not None:
        db.execute(
            "UPDATE members SET failed_logins = ?, locked_until = ? WHERE id = ?", (failures, locked, member["id"])
        )
    else:
        db.execute(
            """INSERT INTO login_failures (username, failures, locked_until) VALUES (?,?,?)
               ON CONFLICT (username) DO UPDATE SET failures = excluded.failures, locked_until = excluded.locked_until""",
            (_key(username), failures, locked),
        )


def profile(member: sqlite3.Row) -> dict[str, str]:
    return {
        "name": member["name"],
        "id_number_masked": mask_id_number(member["id_number"]),
        "phone_masked": mask_phone(member["phone"]),
        "account_no": member["account_no"],
    }


def open_session(db: sqlite3.Connection, member_id: int, now: dt.datetime) -> dict[str, Any]:
    access, refresh = new_token(), new_token()
    db.execute(
        """INSERT INTO sessions (member_id, access_hash, access_expires, refresh_hash, refresh_expires, created_at)
           VALUES (?,?,?,?,?,?)""",
        (
            member_id,
            token_hash(access),
            (now + ACCESS_TTL).isoformat(),
            token_hash(refresh),
            (now + REFRESH_TTL).isoformat(),
            now.isoformat(),
        ),
    )
    return {
        "access_token": access,
        "refresh_token": refresh,
        "expires_in": int(ACCESS_TTL.total_seconds()),
        "token_type": "Bearer",
    }


def refresh(runtime: Runtime, refresh_token: str) -> dict[str, Any]:
    now = runtime.clock.now()
    with runtime.store.transaction() as db:
        row = db.execute("SELECT * FROM sessions WHERE refresh_hash = ?", (token_hash(refresh_token),)).fetchone()
        if row is None or row["revoked"]:
            raise ApiProblem(401, "UNAUTHORIZED", "登录已失效，请重新登录")
        if dt.datetime.fromisoformat(row["refresh_expires"]) <= now:
            raise ApiProblem(401, "UNAUTHORIZED", "登录已超时，请重新登录")
        access, new_refresh = new_token(), new_token()
        db.execute(
            "UPDATE sessions SET access_hash = ?, access_expires = ?, refresh_hash = ? WHERE id = ?",
            (token_hash(access), (now + ACCESS_TTL).isoformat(), token_hash(new_refresh), row["id"]),
        )
    return {
        "access_token": access,
        "refresh_token": new_refresh,
        "expires_in": int(ACCESS_TTL.total_seconds()),
        "token_type": "Bearer",
    }


class Session(NamedTuple):
    """A valid access token's session: whose it is, and until when the token is good."""

    member_id: int
    id: int
    access_expires: dt.datetime


def session_for(runtime: Runtime, access_token: str | None) -> Session:
    """The session of a valid access token, or the 401 to answer."""
    if not access_token:
        raise ApiProblem(401, "UNAUTHORIZED", "请先登录")
    with runtime.store.reading() as db:
        row = db.execute(
            "SELECT id, member_id, access_expires, revoked FROM sessions WHERE access_hash = ?",
            (token_hash(access_token),),
        ).fetchone()
    if row is None or row["revoked"]:
        raise ApiProblem(401, "UNAUTHORIZED", "登录已失效，请重新登录")
    expires = dt.datetime.fromisoformat(row["access_expires"])
    if expires <= runtime.clock.now():
        raise ApiProblem(401, "TOKEN_EXPIRED", "访问令牌已过期")
    return Session(row["member_id"], row["id"], expires)


def logout(runtime: Runtime, access_token: str | None) -> None:
    """Revoke the session of this access token (even an expired one): both tokens stop working."""
    if not access_token:
        raise ApiProblem(401, "UNAUTHORIZED", "请先登录")
    with runtime.store.transaction() as db:
        row = db.execute(
            "SELECT id, revoked FROM sessions WHERE access_hash = ?", (token_hash(access_token),)
        ).fetchone()
        if row is None or row["revoked"]:
            raise ApiProblem(401, "UNAUTHORIZED", "登录已失效，请重新登录")
        db.execute("UPDATE sessions SET revoked = 1 WHERE id = ?", (row["id"],))


def revoke_other_sessions(db: sqlite3.Connection, member_id: int, keep_session: int | None) -> int:
    cursor = db.execute(
        "UPDATE sessions SET revoked = 1 WHERE member_id = ? AND id != ? AND revoked = 0",
        (member_id, keep_session if keep_session is not None else -1),
    )
    return cursor.rowcount
