"""Business endpoints: 我要提取, 贷款申请, 消息, 我发起的, 缴存证明 (and the public checks that go with them)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Header, Path, Query, Response

from api_client import models as m

from .deps import MemberDep, RuntimeDep
from .services import applications, certificates, loan_applications, messages, withdrawals

ERRORS: dict[int | str, dict[str, Any]] = {
    status: {"model": m.ErrorBody} for status in (400, 401, 404, 409, 422, 423, 429)
}

router = APIRouter(tags=["business"], responses=ERRORS)

# Ids are SQLite integers: anything outside that range cannot name a record (and must not reach SQLite).
RecordId = Annotated[int, Path(ge=1, le=2**63 - 1)]

IdempotencyKey = Annotated[
    str | None,
    Header(alias="Idempotency-Key", description="one key per intended submission; a retry sends the same key"),
]
Page = Annotated[int, Query(description="1, 2, …")]
PageSize = Annotated[int, Query(description="1–50")]


# --- 我要提取 ---------------------------------------------------------------------------------------


@router.post("/me/withdrawals/check", response_model=m.WithdrawalCheck, summary="提取条件检查")
def check_withdrawal(body: m.WithdrawalCheckRequest, member: MemberDep, runtime: RuntimeDep) -> dict[str, Any]:
    """Whether the member may take 离职提取 (resignation) or 离退休提取 (retirement) now, with every reason why not."""
    with runtime.store.reading() as db:
        return withdrawals.check(db, member.id, body.kind, runtime.clock.today())


@router.post("/me/withdrawals/sms", response_model=m.SmsSent, summary="获取提取短信验证码")
def withdrawal_sms(member: MemberDep, runtime: RuntimeDep, body: m.SmsRequest | None = None) -> dict[str, Any]:
    """Send an SMS code to the member's phone (6 digits, 5 minutes; another after 60 s)."""
    return withdrawals.send_sms(runtime, member.id, body.kind if body else None)


@router.post("/me/withdrawals", response_model=m.ApplicationDetail, status_code=201, summary="提交提取申请")
def submit_withdrawal(
    body: m.WithdrawalRequest,
    member: MemberDep,
    runtime: RuntimeDep,
    response: Response,
    idempotency_key: IdempotencyKey = None,
) -> dict[str, Any]:
    """Create the application. The same ``Idempotency-Key`` returns the first application (HTTP 200)."""
    app_id, created = withdrawals.submit(runtime, member.id, body.model_dump(), idempotency_key)
    if not created:
        response.status_code = 200
    with runtime.store.reading() as db:
        return applications.detail(db, member.id, app_id)


# --- 贷款申请 ---------------------------------------------------------------------------------------


@router.get("/loan-rules", response_model=m.LoanRuleInfo, summary="贷款额度与期限规则", tags=["public"])
def loan_rules() -> dict[str, Any]:
    """The published rule for new provident-fund loans."""
    return loan_applications.rule_info()


@router.get("/me/loan-quota", response_model=m.LoanQuota, summary="可贷额度")
def loan_quota(member: MemberDep, runtime: RuntimeDep) -> dict[str, Any]:
    """What this member may borrow today under the published rule, with every reason why not."""
    with runtime.store.reading() as db:
        return loan_applications.quota(db, member.id, runtime.clock.today())


@router.post("/me/loan-applications", response_model=m.LoanApplicationResult, status_code=201, summary="贷款申请")
def apply_for_loan(
    body: m.LoanApplicationRequest,
    member: MemberDep,
    runtime: RuntimeDep,
    response: Response,
    idempotency_key: IdempotencyKey = None,
) -> dict[str, Any]:
    """Create a contract in ``processing``; it moves on one step per working day. Same key: the first result."""
    result, created = loan_applications.submit(runtime, member.id, body.model_dump(), idempotency_key)
    if not created:
        response.status_code = 200
    return result


# --- 我发起的 ---------------------------------------------------------------------------------------


@router.get("/me/applications", response_model=m.ApplicationPage, summary="我发起的")
def list_applications(
    member: MemberDep, runtime: RuntimeDep, page: Page = 1, page_size: PageSize = 10
) -> dict[str, Any]:
    with runtime.store.reading() as db:
        return applications.list_applications(db, member.id, page, page_size)


@router.get("/me/applications/{application_id}", response_model=m.ApplicationDetail, summary="业务办理情况")
def get_application(application_id: RecordId, member: MemberDep, runtime: RuntimeDep) -> dict[str, Any]:
    """The approval flow: each node with its handler, opinion and time; the node in progress marked."""
    with runtime.store.reading() as db:
        return applications.detail(db, member.id, application_id)


# --- 消息 / 已阅 ------------------------------------------------------------------------------------


@router.get("/me/messages", response_model=m.MessagePage, summary="消息 / 已阅")
def list_messages(
    member: MemberDep,
    runtime: RuntimeDep,
    status: Annotated[str, Query(description="unread (消息) or read (已阅)")] = "unread",
    page: Page = 1,
    page_size: PageSize = 10,
) -> dict[str, Any]:
    with runtime.store.reading() as db:
        return messages.list_messages(db, member.id, status, page, page_size)


@router.get("/me/messages/{message_id}", response_model=m.Message, summary="查看消息")
def get_message(message_id: RecordId, member: MemberDep, runtime: RuntimeDep) -> dict[str, Any]:
    with runtime.store.reading() as db:
        return messages.get_message(db, member.id, message_id)


@router.post("/me/messages/{message_id}/read", response_model=m.Message, summary="标为已阅")
def mark_read(message_id: RecordId, member: MemberDep, runtime: RuntimeDep) -> dict[str, Any]:
    with runtime.store.transaction() as db:
        return messages.mark_read(db, member.id, message_id)


@router.delete("/me/messages/{message_id}", response_model=m.Ok, summary="删除消息")
def delete_message(message_id: RecordId, member: MemberDep, runtime: RuntimeDep) -> dict[str, Any]:
    with runtime.store.transaction() as db:
        messages.delete(db, member.id, message_id)
    return {"ok": True, "message": "消息已删除"}


# --- 缴存证明 ---------------------------------------------------------------------------------------


@router.get("/me/deposit-certificate", response_model=m.DepositCertificate, summary="个人住房公积金缴存证明")
def deposit_certificate(member: MemberDep, runtime: RuntimeDep) -> dict[str, Any]:
    """Issue the certificate (the same one again the same day while nothing changed) with its verification code."""
    return certificates.issue(runtime, member.id)


@router.get("/certificates/{code}", response_model=m.CertificateCheck, summary="缴存证明真伪核验", tags=["public"])
def verify_certificate(code: str, runtime: RuntimeDep) -> dict[str, Any]:
    """Whether a verification code belongs to a certificate the centre issued, and for whom (masked)."""
    return certificates.verify(runtime, code)
