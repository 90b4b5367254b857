"""Registration, the forgotten login password, and login and payment password change and recovery.

The two pre-login flows (注册, 忘记密码) run on a *ticket*: the identity step (name, ID number, captcha,
and for some centres the phone number) issues it, and each later step moves it on one stage:

    identity ──/sms──▶ sms_sent ──/sms/verify──▶ verified ──/complete──▶ used
                            └───────────────/complete (with the code)──────▶ used

A ticket is valid for ``TICKET_TTL`` from the identity step, belongs to one flow and one member, and
is spent by the step that completes the flow; a step asked for out of order is refused, so no step can
be skipped. Only its SHA-256 is stored, like the session tokens.

The SMS code is checked last, after everything else that can refuse, because a right code is spent by
the check (``services/sms.py``). Where a refusal could tell a stranger something about the member's
password (``PASSWORD_SAME_AS_OLD``), it comes only after the SMS code has been accepted.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from typing import Any

from api_client.domain.idcard import IdNumberError, looks_like_phone, parse_id_number
from api_client.domain.masking import mask_id_number, mask_phone
from api_client.domain.passwords import login_password_error, payment_password_error
from api_client.domain.phrase import Phrase

from ..problems import ApiProblem, validation
from ..runtime import Runtime
from ..security import hash_password, new_token, token_hash, verify_password
from . import payment_password, sms
from .auth import LOCK_TIME, MAX_FAILURES, revoke_other_sessions, use_captcha

TICKET_TTL = dt.timedelta(minutes=10)

REGISTER = "register"
RESET_PASSWORD = "reset_password"
RESET_PAYMENT_PASSWORD = "reset_payment_password"

# What each flow's ticket is called in messages, and the step the user must do before a given stage.
_FLOW_NAMES = {REGISTER: "注册", RESET_PASSWORD: "找回登录密码", RESET_PAYMENT_PASSWORD: "找回支付密码"}
_RESTART = {
    REGISTER: "请重新进行信息校验",
    RESET_PASSWORD: "请重新进行信息校验",
    RESET_PAYMENT_PASSWORD: "请重新获取短信验证码",
}
_STAGE_HINTS = {
    "identity": "请先获取短信验证码",
    "sms_sent": "请先完成短信校验",
}

IDENTITY_ADVICE = "请及时告知单位经办人，由单位经办人在网厅单位版上进行修改。"
NO_PHONE_ADVICE = "如果没有在中心登记手机号码，需要到中心所属任一服务大厅登记手机号码。"


# --- helpers ----------------------------------------------------------------------------------


def _normalized_name(name: str) -> str:
    # People type names with stray spaces; the centre's records have none.
    return "".join(name.split())


def _parsed_id_number(id_number: str) -> str:
    try:
        return parse_id_number(id_number).number
    except IdNumberError as exc:
        raise validation(exc.message, field="id_number") from None


def _member(db: sqlite3.Connection, member_id: int) -> sqlite3.Row:
    row: sqlite3.Row | None = db.execute("SELECT * FROM members WHERE id = ?", (member_id,)).fetchone()
    if row is None:  # tickets and sessions reference members: only a reset database gets here
        raise ApiProblem(400, "TICKET_INVALID", "办理信息已失效，请重新开始", field="ticket", reason="unknown")
    return row


def _password_rules(password: str, field: str) -> None:
    problem = login_password_error(password)
    if problem:
        raise ApiProblem(422, "PASSWORD_RULES", problem, field=field)


def _payment_password_rules(password: str, field: str) -> None:
    problem = payment_password_error(password)
    if problem:
        raise ApiProblem(422, "PASSWORD_RULES", problem, field=field)


def _issue_ticket(db: sqlite3.Connection, runtime: Runtime, purpose: str, member_id: int, stage: str) -> dict[str, Any]:
    now = runtime.clock.now()
    ticket = new_token()
    expires = now + TICKET_TTL
    # One flow of a kind per member at a time: starting again drops the unfinished one.
    db.execute("DELETE FROM tickets WHERE member_id = ? AND purpose = ? AND stage != 'used'", (member_id, purpose))
    db.execute("DELETE FROM tickets WHERE expires_at < ?", ((now - dt.timedelta(days=1)).isoformat(),))
    db.execute(
        "INSERT INTO tickets (ticket, purpose, member_id, stage, expires_at) VALUES (?,?,?,?,?)",
        (token_hash(ticket), purpose, member_id, stage, expires.isoformat()),
    )
    return {"ticket": ticket, "expires_at": expires.isoformat()}


def _ticket(
    db: sqlite3.Connection, runtime: Runtime, ticket: str, purpose: str, stages: tuple[str, ...]
) -> sqlite3.Row:
    """The ticket's row, if it is of ``purpose``, unspent, unexpired and at one of ``stages``."""
    row: sqlite3.Row | None = db.execute(
        "SELECT * FROM tickets WHERE ticket = ? AND purpose = ?", (token_hash(ticket), purpose)
    ).fetchone()
    flow = _FLOW_NAMES[purpose]
    if row is None:
        raise ApiProblem(
            400,
            "TICKET_INVALID",
            Phrase("{flow}信息已失效，{restart}", flow=flow, restart=_RESTART[purpose]),
            field="ticket",
            reason="unknown",
        )
    if row["stage"] == "used":
        message = Phrase("本次{flow}已经完成，请勿重复提交", flow=flow)
        raise ApiProblem(400, "TICKET_INVALID", message, field="ticket", reason="used")
    if dt.datetime.fromisoformat(row["expires_at"]) <= runtime.clock.now():
        minutes = int(TICKET_TTL.total_seconds() // 60)
        raise ApiProblem(
            400,
            "TICKET_INVALID",
            Phrase("操作超时（{minutes} 分钟内未完成），{restart}", minutes=minutes, restart=_RESTART[purpose]),
            field="ticket",
            reason="expired",
        )
    if row["stage"] not in stages:
        hint = _STAGE_HINTS.get(row["stage"], "请按步骤办理")
        raise ApiProblem(409, "TICKET_INVALID", hint, field="ticket", reason="stage", stage=row["stage"])
    return row


def _advance(db: sqlite3.Connection, ticket_row: sqlite3.Row, stage: str) -> None:
    db.execute("UPDATE tickets SET stage = ? WHERE ticket = ?", (stage, ticket_row["ticket"]))


def _find_by_identity(
    db: sqlite3.Connection, runtime: Runtime, name: str, id_number: str, captcha_id: str, captcha_code: str
) -> sqlite3.Row | None:
    """Spend the captcha, check the ID number's form; the member whose name and ID both match, or None."""
    use_captcha(db, runtime, captcha_id, captcha_code)
    clean_name = _normalized_name(name)
    if not clean_name:
        raise validation("请输入姓名", field="name")
    number = _parsed_id_number(id_number)
    member: sqlite3.Row | None = db.execute("SELECT * FROM members WHERE id_number = ?", (number,)).fetchone()
    if member is None or member["name"] != clean_name:
        return None
    return member


def _completed(member: sqlite3.Row, message: str) -> dict[str, Any]:
    return {
        "message": message,
        "name": member["name"],
        "id_number_masked": mask_id_number(member["id_number"]),
        "phone_masked": mask_phone(member["phone"]),
    }


def _send(db: sqlite3.Connection, runtime: Runtime, member: sqlite3.Row, purpose: str) -> dict[str, Any]:
    sent = sms.send_code(db, runtime, member["phone"], purpose)
    return {**sent, "phone_masked": mask_phone(member["phone"])}


def service_info(runtime: Runtime) -> dict[str, Any]:
    return {"centre_name": runtime.settings.centre_name, "reset_requires_phone": runtime.reset_requires_phone}


# --- 注册 -------------------------------------------------------------------------------------------


def registration_identity(
    runtime: Runtime, name: str, id_number: str, captcha_id: str, captcha_code: str
) -> dict[str, Any]:
    """信息校验: the person must be in the centre's records, not closed, not registered yet."""
    with runtime.store.transaction(keep_on_refusal=True) as db:  # the captcha is spent whatever happens
        member = _find_by_identity(db, runtime, name, id_number, captcha_id, captcha_code)
        if member is None:
            raise ApiProblem(
                400,
                "IDENTITY_MISMATCH",
                Phrase("个人信息有误，注册失败：姓名与证件号码不符，或未在中心登记。{advice}", advice=IDENTITY_ADVICE),
                field="id_number",
            )
        if member["status"] == "closed":
            raise ApiProblem(403, "ACCOUNT_CLOSED", "职工状态为销户状态，不允许注册。", field="id_number")
        if member["registered"]:
            raise ApiProblem(
                409,
                "ALREADY_REGISTERED",
                "您已注册过个人信息，请直接使用证件号码或手机号登录，不需要重复注册。",
                field="id_number",
            )
        issued = _issue_ticket(db, runtime, REGISTER, member["id"], "identity")
    return {**issued, "phone_masked": mask_phone(member["phone"])}


def registration_sms(runtime: Runtime, ticket: str) -> dict[str, Any]:
    """短信校验: a code to the phone the centre has on record (again after 60 s)."""
    with runtime.store.transaction() as db:
        row = _ticket(db, runtime, ticket, REGISTER, ("identity", "sms_sent"))
        _advance(db, row, "sms_sent")
        return _send(db, runtime, _member(db, row["member_id"]), REGISTER)


def registration_verify_sms(runtime: Runtime, ticket: str, sms_code: str) -> dict[str, Any]:
    with runtime.store.transaction(keep_on_refusal=True) as db:  # wrong tries count
        row = _ticket(db, runtime, ticket, REGISTER, ("sms_sent",))
        member = _member(db, row["member_id"])
        sms.check_code(db, runtime, member["phone"], REGISTER, sms_code)
        _advance(db, row, "verified")
    return {"ok": True, "message": "验证通过！请设置您的登录密码以完成注册。"}


def registration_complete(runtime: Runtime, ticket: str, sms_code: str | None, password: str) -> dict[str, Any]:
    """设置登录密码: the member is registered with it; the ticket is spent."""
    _password_rules(password, "password")
    password_hash = hash_password(
        password, cost=runtime.settings.password_cost
    )  # slow on purpose: outside the store's lock
    with runtime.store.transaction(keep_on_refusal=True) as db:
        row = _ticket(db, runtime, ticket, REGISTER, ("sms_sent", "verified"))
        member = _member(db, row["member_id"])
        if member["status"] == "closed":
            raise ApiProblem(403, "ACCOUNT_CLOSED", "职工状态为销户状态，不允许注册。")
        if member["registered"]:  # finished meanwhile through another ticket
            raise ApiProblem(
                409, "ALREADY_REGISTERED", "您已注册过个人信息，请直接使用证件号码或手机号登录，不需要重复注册。"
            )
        if row["stage"] == "sms_sent":
            if not (sms_code or "").strip():
                raise ApiProblem(400, "SMS_CODE_INVALID", "请输入短信验证码", field="sms_code")
            sms.check_code(db, runtime, member["phone"], REGISTER, sms_code or "")
        db.execute(
            "UPDATE members SET registered = 1, password_hash = ?, failed_logins = 0, locked_until = NULL WHERE id = ?",
            (password_hash, member["id"]),
        )
        _advance(db, row, "used")
    return _completed(member, "注册成功！请使用证件号码或手机号和刚设置的登录密码登录。")


# --- 忘记密码 -----------------------------------------------------------------------------------------


def reset_identity(
    runtime: Runtime, name: str, id_number: str, phone: str | None, captcha_id: str, captcha_code: str
) -> dict[str, Any]:
    """信息校验 of 忘记密码; with ``reset_requires_phone`` the phone on record must be given too."""
    wants_phone = runtime.reset_requires_phone
    with runtime.store.transaction(keep_on_refusal=True) as db:
        member = _find_by_identity(db, runtime, name, id_number, captcha_id, captcha_code)
        if wants_phone:
            typed = (phone or "").strip()
            if not typed:
                raise validation("请输入手机号码", field="phone")
            if not looks_like_phone(typed):
                raise validation("手机号码应为以 1 开头的 11 位数字", field="phone")
        if member is None:
            raise ApiProblem(400, "IDENTITY_MISMATCH", "姓名与证件号码不符，请核对后重新验证。", field="id_number")
        if member["status"] == "closed":
            raise ApiProblem(
                403, "ACCOUNT_CLOSED", "该公积金账户已销户，不能找回网上服务大厅的登录密码。", field="id_number"
            )
        if not member["registered"]:
            raise ApiProblem(403, "NOT_REGISTERED", "您尚未注册网上服务大厅，请先注册。", field="id_number")
        if wants_phone and (phone or "").strip() != member["phone"]:
            raise ApiProblem(
                400,
                "IDENTITY_MISMATCH",
                Phrase("手机号码与在中心预留的手机号码不一致。{advice}", advice=NO_PHONE_ADVICE),
                field="phone",
            )
        issued = _issue_ticket(db, runtime, RESET_PASSWORD, member["id"], "identity")
    return {**issued, "phone_masked": mask_phone(member["phone"])}


def reset_sms(runtime: Runtime, ticket: str) -> dict[str, Any]:
    with runtime.store.transaction() as db:
        row = _ticket(db, runtime, ticket, RESET_PASSWORD, ("identity", "sms_sent"))
        _advance(db, row, "sms_sent")
        return _send(db, runtime, _member(db, row["member_id"]), RESET_PASSWORD)


def reset_verify_sms(runtime: Runtime, ticket: str, sms_code: str) -> dict[str, Any]:
    with runtime.store.transaction(keep_on_refusal=True) as db:
        row = _ticket(db, runtime, ticket, RESET_PASSWORD, ("sms_sent",))
        member = _member(db, row["member_id"])
        sms.check_code(db, runtime, member["phone"], RESET_PASSWORD, sms_code)
        _advance(db, row, "verified")
    return {"ok": True, "message": "验证通过！请设置新的登录密码。"}


def reset_complete(runtime: Runtime, ticket: str, sms_code: str | None, new_password: str) -> dict[str, Any]:
    """The new login password: every session of the member ends, a lockout is lifted."""
    _password_rules(new_password, "new_password")
    password_hash = hash_password(new_password, cost=runtime.settings.password_cost)
    with runtime.store.transaction(keep_on_refusal=True) as db:
        row = _ticket(db, runtime, ticket, RESET_PASSWORD, ("sms_sent", "verified"))
        member = _member(db, row["member_id"])
        if row["stage"] == "sms_sent":
            if not (sms_code or "").strip():
                raise ApiProblem(400, "SMS_CODE_INVALID", "请输入短信验证码", field="sms_code")
            sms.check_code(db, runtime, member["phone"], RESET_PASSWORD, sms_code or "")
            # The code is right and spent: should the password be refused below, the ticket carries on.
            _advance(db, row, "verified")
        if verify_password(new_password, member["password_hash"]):
            raise ApiProblem(422, "PASSWORD_SAME_AS_OLD", "新密码不能与原密码相同", field="new_password")
        db.execute(
            "UPDATE members SET password_hash = ?, failed_logins = 0, locked_until = NULL WHERE id = ?",
            (password_hash, member["id"]),
        )
        revoke_other_sessions(db, member["id"], None)
        _advance(db, row, "used")
    return _completed(member, "修改成功！请使用新密码登录。")


# --- signed in: 登录密码变更, 支付密码变更, 支付密码找回 -------------------------------------------------


def change_password(
    runtime: Runtime, member_id: int, session_id: int, old_password: str, new_password: str
) -> dict[str, Any]:
    """登录密码变更: the member's other sessions end; this one carries on."""
    _password_rules(new_password, "new_password")
    password_hash = hash_password(new_password, cost=runtime.settings.password_cost)
    with runtime.store.transaction(keep_on_refusal=True) as db:
        member = _member(db, member_id)
        if not verify_password(old_password, member["password_hash"]):
            # Wrong old passwords count like wrong logins: a session must not be a way to guess it.
            failures = member["failed_logins"] + 1
            if failures >= MAX_FAILURES:
                until = runtime.clock.now() + LOCK_TIME
                db.execute(
                    "UPDATE members SET failed_logins = 0, locked_until = ? WHERE id = ?",
                    (until.isoformat(), member_id),
                )
                db.execute("UPDATE sessions SET revoked = 1 WHERE member_id = ?", (member_id,))
                raise ApiProblem(
                    423,
                    "ACCOUNT_LOCKED",
                    Phrase("原密码连续输错 {failures} 次，账户已锁定 15 分钟并退出登录", failures=MAX_FAILURES),
                    field="old_password",
                )
            db.execute("UPDATE members SET failed_logins = ? WHERE id = ?", (failures, member_id))
            raise ApiProblem(
                400,
                "PASSWORD_WRONG",
                Phrase("原密码错误，还可以再试 {remaining} 次", remaining=MAX_FAILURES - failures),
                field="old_password",
                remaining_attempts=MAX_FAILURES - failures,
            )
        if new_password == old_password:
            raise ApiProblem(422, "PASSWORD_SAME_AS_OLD", "新密码不能与原密码相同", field="new_password")
        db.execute("UPDATE members SET password_hash = ? WHERE id = ?", (password_hash, member_id))
        revoked = revoke_other_sessions(db, member_id, session_id)
    return {"message": "登录密码修改成功", "other_sessions_revoked": revoked}


def change_payment_password(runtime: Runtime, member_id: int, old_password: str, new_password: str) -> dict[str, Any]:
    """支付密码变更: 6 digits, not all the same, not sequential, not the old one."""
    _payment_password_rules(new_password, "new_password")
    password_hash = hash_password(new_password, cost=runtime.settings.password_cost)
    with runtime.store.transaction(keep_on_refusal=True) as db:
        member = _member(db, member_id)
        if not member["pay_password_hash"]:
            raise ApiProblem(
                409,
                "PAYMENT_PASSWORD_NOT_SET",
                "您尚未设置支付密码，请通过【支付密码找回】设置。",
                field="old_password",
            )
        payment_password.check(
            db, member, old_password, runtime.clock.today(), field="old_password", wrong_message="原支付密码错误"
        )
        if new_password == old_password:
            raise ApiProblem(422, "PASSWORD_SAME_AS_OLD", "新密码不能与原密码相同", field="new_password")
        db.execute("UPDATE members SET pay_password_hash = ? WHERE id = ?", (password_hash, member_id))
    return {"ok": True, "message": "支付密码修改成功"}


def payment_password_sms(runtime: Runtime, member_id: int) -> dict[str, Any]:
    with runtime.store.transaction() as db:
        return _send(db, runtime, _member(db, member_id), RESET_PAYMENT_PASSWORD)


def payment_password_verify_sms(runtime: Runtime, member_id: int, sms_code: str) -> dict[str, Any]:
    """下一步 of 支付密码找回: spends the code for a ticket that stands for it."""
    with runtime.store.transaction(keep_on_refusal=True) as db:
        member = _member(db, member_id)
        sms.check_code(db, runtime, member["phone"], RESET_PAYMENT_PASSWORD, sms_code)
        return _issue_ticket(db, runtime, RESET_PAYMENT_PASSWORD, member_id, "verified")


def reset_payment_password(
    runtime: Runtime, member_id: int, new_password: str, sms_code: str | None, ticket: str | None
) -> dict[str, Any]:
    """支付密码找回: with the SMS code itself, or with the ticket of the verified code."""
    _payment_password_rules(new_password, "new_password")
    code = (sms_code or "").strip()
    if not code and not ticket:
        raise ApiProblem(400, "SMS_CODE_INVALID", "请输入短信验证码", field="sms_code")
    password_hash = hash_password(new_password, cost=runtime.settings.password_cost)
    with runtime.store.transaction(keep_on_refusal=True) as db:
        member = _member(db, member_id)
        row = None
        if ticket:
            row = _ticket(db, runtime, ticket, RESET_PAYMENT_PASSWORD, ("verified",))
            if row["member_id"] != member_id:
                raise ApiProblem(
                    400,
                    "TICKET_INVALID",
                    Phrase("找回支付密码信息已失效，{restart}", restart=_RESTART[RESET_PAYMENT_PASSWORD]),
                    field="ticket",
                    reason="unknown",
                )
        else:
            sms.check_code(db, runtime, member["phone"], RESET_PAYMENT_PASSWORD, code)
        if verify_password(new_password, member["pay_password_hash"]):
            raise ApiProblem(422, "PASSWORD_SAME_AS_OLD", "新密码不能与原密码相同", field="new_password")
        db.execute("UPDATE members SET pay_password_hash = ? WHERE id = ?", (password_hash, member_id))
        payment_password.clear(db, member_id)  # a new payment password starts a fresh count
        if row is not None:
            _advance(db, row, "used")
    return {"ok": True, "message": "支付密码设置成功"}
