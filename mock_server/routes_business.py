"""Business endpoints: 我要提取, 贷款申请, 消息, 我发起的, 缴存证明 (and the public checks that go with them)."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Header, Path, Query, Response

from api_client import models as m

from .deps import MemberDep, RuntimeDep
from .params import Page, RecordId, bounded
from .problems import links, responses
from .services import applications, certificates, loan_applications, messages, withdrawals

router = APIRouter()

IdempotencyKey = Annotated[
    str,
    Header(
        alias="Idempotency-Key",
        min_length=8,
        max_length=64,
        pattern=r"^[A-Za-z0-9_-]+$",
        description="one key per intended submission (8–64 ASCII letters, digits, - or _); a retry sends the same key",
    ),
]
PageSize = Annotated[int, bounded(1, applications.MAX_PAGE_SIZE, f"1–{applications.MAX_PAGE_SIZE}")]
CertificateCode = Annotated[
    str, Path(min_length=1, max_length=32, pattern=r"^[0-9A-Za-z-]+$", description="验证码，如 ABCD-EFGH-JKMN")
]


def _replayed(model: type) -> dict[int | str, dict[str, Any]]:
    return {200: {"model": model, "description": "同一 Idempotency-Key 的重复提交：返回第一次的结果，不再新建"}}


# --- 我要提取 ---------------------------------------------------------------------------------------


@router.post(
    "/me/withdrawals/check",
    response_model=m.WithdrawalCheck,
    summary="提取条件检查",
    operation_id="checkWithdrawal",
    tags=["withdrawals"],
    responses=responses(401, 413, 422),
)
def check_withdrawal(body: m.WithdrawalCheckRequest, member: MemberDep) -> dict[str, Any]:
    """Whether the member may take 离职提取 (resignation) or 离退休提取 (retirement) now, with every reason why not."""
    runtime = member.runtime
    with runtime.store.reading() as db:
        return withdrawals.check(db, member.id, body.kind, runtime.clock.today())


@router.post(
    "/me/withdrawals/sms",
    response_model=m.SmsSent,
    summary="获取提取短信验证码",
    operation_id="sendWithdrawalSms",
    tags=["withdrawals"],
    responses=responses(401, 409, 413, 422, 429),
)
def withdrawal_sms(member: MemberDep, body: m.SmsRequest | None = None) -> dict[str, Any]:
    """Send an SMS code to the member's phone (6 digits, 5 minutes; another after 60 s)."""
    runtime = member.runtime
    return withdrawals.send_sms(runtime, member.id, body.kind if body else None)


@router.post(
    "/me/withdrawals",
    response_model=m.ApplicationDetail,
    status_code=201,
    summary="提交提取申请",
    operation_id="submitWithdrawal",
    tags=["withdrawals"],
    responses=responses(400, 401, 409, 413, 422, 423, 429)
    | _replayed(m.ApplicationDetail)
    | links(201, application=("getApplication", "application_id", "$response.body#/id")),
)
def submit_withdrawal(
    body: m.WithdrawalRequest,
    member: MemberDep,
    response: Response,
    idempotency_key: IdempotencyKey,
) -> dict[str, Any]:
    """Create the application. The same ``Idempotency-Key`` returns the first application (HTTP 200)."""
    runtime = member.runtime
    app_id, created = withdrawals.submit(runtime, member.id, body.model_dump(), idempotency_key)
    if not created:
        response.status_code = 200
    with runtime.store.reading() as db:
        return applications.detail(db, member.id, app_id)


# --- 贷款申请 ---------------------------------------------------------------------------------------


@router.get(
    "/loan-rules",
    response_model=m.LoanRuleInfo,
    summary="贷款额度与期限规则",
    operation_id="getLoanRules",
    tags=["loan-applications"],
    responses=responses(),
)
def loan_rules() -> dict[str, Any]:
    """The published rule for new provident-fund loans."""
    return loan_applications.rule_info()


@router.get(
    "/me/loan-quota",
    response_model=m.LoanQuota,
    summary="可贷额度",
    operation_id="getLoanQuota",
    tags=["loan-applications"],
    responses=responses(401),
)
def loan_quota(member: MemberDep) -> dict[str, Any]:
    """What this member may borrow today under the published rule, with every reason why not."""
    runtime = member.runtime
    with runtime.store.reading() as db:
        return loan_applications.quota(db, member.id, runtime.clock.today())


@router.post(
    "/me/loan-applications",
    response_model=m.LoanApplicationResult,
    status_code=201,
    summary="贷款申请",
    operation_id="applyForLoan",
    tags=["loan-applications"],
    responses=responses(401, 409, 413, 422)
    | _replayed(m.LoanApplicationResult)
    | links(
        201,
        application=("getApplication", "application_id", "$response.body#/application/id"),
        loan=("getLoan", "contract_no", "$response.body#/contract_no"),
    ),
)
def apply_for_loan(
    body: m.LoanApplicationRequest,
    member: MemberDep,
    response: Response,
    idempotency_key: IdempotencyKey,
) -> dict[str, Any]:
    """Create a contract in ``processing``; it moves on one step per working day. Same key: the first result."""
    runtime = member.runtime
    result, created = loan_applications.submit(runtime, member.id, body.model_dump(), idempotency_key)
    if not created:
        response.status_code = 200
    return result


# --- 我发起的 ---------------------------------------------------------------------------------------


@router.get(
    "/me/applications",
    response_model=m.ApplicationPage,
    summary="我发起的",
    operation_id="listApplications",
    tags=["applications"],
    responses=responses(401, 422)
    | links(application=("getApplication", "application_id", "$response.body#/items/0/id")),
)
async def list_applications(member: MemberDep, page: Page = 1, page_size: PageSize = 10) -> dict[str, Any]:
    runtime = member.runtime
    return await runtime.store.read(applications.list_applications, member.id, page, page_size)


@router.get(
    "/me/applications/{application_id}",
    response_model=m.ApplicationDetail,
    summary="业务办理情况",
    operation_id="getApplication",
    tags=["applications"],
    responses=responses(401, 404, 422),
)
async def get_application(application_id: RecordId, member: MemberDep) -> dict[str, Any]:
    """The approval flow: each node with its handler, opinion and time; the node in progress marked."""
    runtime = member.runtime
    return await runtime.store.read(applications.detail, member.id, application_id)


# --- 消息 / 已阅 ------------------------------------------------------------------------------------


@router.get(
    "/me/messages",
    response_model=m.MessagePage,
    summary="消息 / 已阅",
    operation_id="listMessages",
    tags=["messages"],
    responses=responses(401, 422)
    | links(
        message=("getMessage", "message_id", "$response.body#/items/0/id"),
        read=("markMessageRead", "message_id", "$response.body#/items/0/id"),
        delete=("deleteMessage", "message_id", "$response.body#/items/0/id"),
    ),
)
async def list_messages(
    member: MemberDep,
    status: Annotated[Literal["unread", "read"], Query(description="unread (消息) or read (已阅)")] = "unread",
    page: Page = 1,
    page_size: PageSize = 10,
) -> dict[str, Any]:
    runtime = member.runtime
    return await runtime.store.read(messages.list_messages, member.id, status, page, page_size)


@router.get(
    "/me/messages/{message_id}",
    response_model=m.Message,
    summary="查看消息",
    operation_id="getMessage",
    tags=["messages"],
    responses=responses(401, 404, 422),
)
async def get_message(message_id: RecordId, member: MemberDep) -> dict[str, Any]:
    runtime = member.runtime
    return await runtime.store.read(messages.get_message, member.id, message_id)


@router.post(
    "/me/messages/{message_id}/read",
    response_model=m.Message,
    summary="标为已阅",
    operation_id="markMessageRead",
    tags=["messages"],
    responses=responses(401, 404, 413, 422),
)
async def mark_read(message_id: RecordId, member: MemberDep) -> dict[str, Any]:
    runtime = member.runtime
    return await runtime.store.write(messages.mark_read, member.id, message_id)


@router.delete(
    "/me/messages/{message_id}",
    response_model=m.Ok,
    summary="删除消息",
    operation_id="deleteMessage",
    tags=["messages"],
    responses=responses(401, 404, 413, 422),
)
def delete_message(message_id: RecordId, member: MemberDep) -> dict[str, Any]:
    runtime = member.runtime
    with runtime.store.transaction() as db:
        messages.delete(db, member.id, message_id)
    return {"ok": True, "message": "消息已删除"}


# --- 缴存证明 ---------------------------------------------------------------------------------------


@router.get(
    "/me/deposit-certificate",
    response_model=m.DepositCertificate,
    summary="个人住房公积金缴存证明",
    operation_id="getDepositCertificate",
    tags=["certificates"],
    responses=responses(401) | links(verify=("verifyCertificate", "code", "$response.body#/code")),
)
def deposit_certificate(member: MemberDep) -> dict[str, Any]:
    """Issue the certificate (the same one again the same day while nothing changed) with its verification code."""
    runtime = member.runtime
    return certificates.issue(runtime, member.id)


@router.get(
    "/certificates/{code}",
    response_model=m.CertificateCheck,
    summary="缴存证明真伪核验",
    operation_id="verifyCertificate",
    tags=["certificates"],
    responses=responses(422),
)
def verify_certificate(code: CertificateCode, runtime: RuntimeDep) -> dict[str, Any]:
    """Whether a verification code belongs to a certificate the centre issued, and for whom (masked)."""
    return certificates.verify(runtime, code)
