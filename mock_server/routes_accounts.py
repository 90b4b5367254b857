"""Accounts: service info, 注册, 忘记密码 (public), and password change and recovery (``/me``).

Thin routes; the rules are in ``services/accounts.py``.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from api_client import models as m

from .deps import MemberDep, RuntimeDep
from .problems import responses
from .services import accounts

router = APIRouter()


@router.get(
    "/meta",
    response_model=m.ServiceInfo,
    summary="服务信息",
    operation_id="getServiceInfo",
    tags=["service"],
    responses=responses(),
)
def meta(runtime: RuntimeDep) -> dict[str, Any]:
    """What a client needs before anyone logs in: the centre's name, and whether 忘记密码 asks for the
    phone number on record."""
    return accounts.service_info(runtime)


@router.get(
    "/business-time",
    response_model=m.BusinessTime,
    summary="业务日期与时间",
    operation_id="getBusinessTime",
    tags=["service"],
    responses=responses(),
)
def business_time(runtime: RuntimeDep) -> dict[str, Any]:
    """The centre's business date and time (the mock's clock): clients show this date, not their own."""
    now = runtime.clock.now()
    return {"today": now.date(), "now": now}


# --- 注册 -------------------------------------------------------------------------------------------


@router.post(
    "/registration/identity",
    response_model=m.IdentityVerified,
    summary="注册：信息校验",
    operation_id="verifyRegistrationIdentity",
    tags=["registration"],
    responses=responses(400, 403, 409, 413, 422),
)
def registration_identity(body: m.RegistrationIdentity, runtime: RuntimeDep) -> dict[str, Any]:
    """Name and ID number must match the centre's records; a closed (销户) account may not register and a
    registered member is sent to log in (IDENTITY_MISMATCH, ACCOUNT_CLOSED, ALREADY_REGISTERED).
    The ticket is valid for 10 minutes."""
    return accounts.registration_identity(runtime, body.name, body.id_number, body.captcha_id, body.captcha_code)


@router.post(
    "/registration/sms",
    response_model=m.SmsSent,
    summary="注册：获取短信验证码",
    operation_id="sendRegistrationSms",
    tags=["registration"],
    responses=responses(400, 409, 413, 422, 429),
)
def registration_sms(body: m.TicketRequest, runtime: RuntimeDep) -> dict[str, Any]:
    """Sends a 6-digit code to the phone on record: valid 5 minutes, again after 60 s, 5 an hour."""
    return accounts.registration_sms(runtime, body.ticket)


@router.post(
    "/registration/sms/verify",
    response_model=m.Ok,
    summary="注册：短信校验",
    operation_id="verifyRegistrationSms",
    tags=["registration"],
    responses=responses(400, 409, 413, 422),
)
def registration_verify_sms(body: m.TicketSmsCode, runtime: RuntimeDep) -> dict[str, Any]:
    """Checks (and spends) the code; the ticket may then complete without it. 5 wrong tries kill the code."""
    return accounts.registration_verify_sms(runtime, body.ticket, body.sms_code)


@router.post(
    "/registration/complete",
    response_model=m.FlowCompleted,
    summary="注册：设置登录密码",
    operation_id="completeRegistration",
    tags=["registration"],
    responses=responses(400, 403, 409, 413, 422),
)
def registration_complete(body: m.RegistrationComplete, runtime: RuntimeDep) -> dict[str, Any]:
    """Registers the member with the login password (8–20 letters and digits); the ticket is spent."""
    return accounts.registration_complete(runtime, body.ticket, body.sms_code, body.password)


# --- 忘记密码 -----------------------------------------------------------------------------------------


@router.post(
    "/password-reset/identity",
    response_model=m.IdentityVerified,
    summary="忘记密码：信息校验",
    operation_id="verifyPasswordResetIdentity",
    tags=["password-reset"],
    responses=responses(400, 403, 409, 413, 422),
)
def reset_identity(body: m.PasswordResetIdentity, runtime: RuntimeDep) -> dict[str, Any]:
    """Name and ID number (and the phone on record where ``GET /meta`` says ``reset_requires_phone``)."""
    return accounts.reset_identity(runtime, body.name, body.id_number, body.phone, body.captcha_id, body.captcha_code)


@router.post(
    "/password-reset/sms",
    response_model=m.SmsSent,
    summary="忘记密码：发送短信验证码",
    operation_id="sendPasswordResetSms",
    tags=["password-reset"],
    responses=responses(400, 409, 413, 422, 429),
)
def reset_sms(body: m.TicketRequest, runtime: RuntimeDep) -> dict[str, Any]:
    return accounts.reset_sms(runtime, body.ticket)


@router.post(
    "/password-reset/sms/verify",
    response_model=m.Ok,
    summary="忘记密码：短信校验",
    operation_id="verifyPasswordResetSms",
    tags=["password-reset"],
    responses=responses(400, 409, 413, 422),
)
def reset_verify_sms(body: m.TicketSmsCode, runtime: RuntimeDep) -> dict[str, Any]:
    return accounts.reset_verify_sms(runtime, body.ticket, body.sms_code)


@router.post(
    "/password-reset/complete",
    response_model=m.FlowCompleted,
    summary="忘记密码：设置新登录密码",
    operation_id="completePasswordReset",
    tags=["password-reset"],
    responses=responses(400, 409, 413, 422),
)
def reset_complete(body: m.PasswordResetComplete, runtime: RuntimeDep) -> dict[str, Any]:
    """Sets the new login password, ends every session of the member and lifts a lockout."""
    return accounts.reset_complete(runtime, body.ticket, body.sms_code, body.new_password)


# --- signed in ------------------------------------------------------------------------------------


@router.put(
    "/me/password",
    response_model=m.PasswordChanged,
    summary="登录密码变更",
    operation_id="changePassword",
    tags=["passwords"],
    responses=responses(400, 401, 413, 422, 423),
)
def change_password(body: m.LoginPasswordChange, member: MemberDep) -> dict[str, Any]:
    """Old password, new password (8–20 letters and digits, not the old one); other sessions end."""
    runtime = member.runtime
    return accounts.change_password(runtime, member.id, member.session_id, body.old_password, body.new_password)


@router.put(
    "/me/payment-password",
    response_model=m.Ok,
    summary="支付密码变更",
    operation_id="changePaymentPassword",
    tags=["passwords"],
    responses=responses(400, 401, 409, 413, 422, 423),
)
def change_payment_password(body: m.PaymentPasswordChange, member: MemberDep) -> dict[str, Any]:
    """6 digits, not all the same, not sequential, not the old one."""
    runtime = member.runtime
    return accounts.change_payment_password(runtime, member.id, body.old_password, body.new_password)


@router.post(
    "/me/payment-password/sms",
    response_model=m.SmsSent,
    summary="支付密码找回：获取短信验证码",
    operation_id="sendPaymentPasswordSms",
    tags=["passwords"],
    responses=responses(401, 413, 429),
)
def payment_password_sms(member: MemberDep) -> dict[str, Any]:
    runtime = member.runtime
    return accounts.payment_password_sms(runtime, member.id)


@router.post(
    "/me/payment-password/sms/verify",
    response_model=m.SmsVerified,
    summary="支付密码找回：短信校验",
    operation_id="verifyPaymentPasswordSms",
    tags=["passwords"],
    responses=responses(400, 401, 413, 422),
)
def payment_password_verify_sms(body: m.SmsCode, member: MemberDep) -> dict[str, Any]:
    """下一步: spends the code for a ticket, valid 10 minutes, that ``/me/payment-password/reset`` accepts."""
    runtime = member.runtime
    return accounts.payment_password_verify_sms(runtime, member.id, body.sms_code)


@router.post(
    "/me/payment-password/reset",
    response_model=m.Ok,
    summary="支付密码找回：设置新支付密码",
    operation_id="resetPaymentPassword",
    tags=["passwords"],
    responses=responses(400, 401, 409, 413, 422),
)
def reset_payment_password(body: m.PaymentPasswordReset, member: MemberDep) -> dict[str, Any]:
    """With ``sms_code`` (the code from ``/me/payment-password/sms``) or ``ticket`` (from its verify step)."""
    runtime = member.runtime
    return accounts.reset_payment_password(runtime, member.id, body.new_password, body.sms_code, body.ticket)
