"""Signed-in endpoints (``/me/...``): the member's own data only."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Response

from api_client import models as m

from .deps import MemberDep
from .params import ContractNo, DateQuery, Page, bounded
from .problems import check_range, links, responses
from .services import account, ledger, loans

router = APIRouter(prefix="/me")

LedgerPageSize = Annotated[int, bounded(1, ledger.MAX_PAGE_SIZE, f"1–{ledger.MAX_PAGE_SIZE}")]


@router.get(
    "/account",
    response_model=m.Account,
    summary="个人账户基本信息",
    operation_id="getAccount",
    tags=["account"],
    responses=responses(401),
)
async def get_account(member: MemberDep) -> Response:
    runtime = member.runtime
    body = await runtime.store.read(account.account_json, member.id, runtime.clock.today(), cache=runtime.store.memo)
    return Response(body, media_type="application/json")  # what FastAPI makes of the model, kept


@router.get(
    "/tasks",
    response_model=m.Tasks,
    summary="首页任务计数",
    operation_id="getTasks",
    tags=["account"],
    responses=responses(401),
)
async def get_tasks(member: MemberDep) -> dict[str, Any]:
    runtime = member.runtime
    return await runtime.store.read(account.tasks, member.id)


@router.get(
    "/ledger",
    response_model=m.LedgerPage,
    summary="个人账户明细",
    operation_id="listLedger",
    tags=["ledger"],
    responses=responses(401, 422),
)
async def get_ledger(
    member: MemberDep,
    start: DateQuery = None,
    end: DateQuery = None,
    type: Annotated[
        m.LedgerType | Literal["all"] | None, Query(description="业务类型; all or omitted: every type")
    ] = None,
    page: Page = 1,
    page_size: LedgerPageSize = 100,
    order: Annotated[
        Literal["asc", "desc"], Query(description="asc: oldest first (default); desc: newest first")
    ] = "asc",
) -> dict[str, Any]:
    runtime = member.runtime
    return await runtime.store.read(
        ledger.ledger_page, member.id, start, end, type, page, page_size, order, totals_cache=runtime.store.memo
    )


@router.get(
    "/ledger/series",
    response_model=m.BalanceSeries,
    summary="账户余额走势（月末余额）",
    operation_id="getBalanceSeries",
    tags=["ledger"],
    responses=responses(401, 422),
)
async def get_ledger_series(member: MemberDep, start: DateQuery = None, end: DateQuery = None) -> dict[str, Any]:
    runtime = member.runtime
    return await runtime.store.read(ledger.balance_series, member.id, start, end, runtime.clock.today())


@router.get(
    "/loans",
    response_model=m.LoanList,
    summary="贷款合同列表",
    operation_id="listLoans",
    tags=["loans"],
    responses=responses(401)
    | links(
        plan=("getRepaymentPlan", "contract_no", "$response.body#/items/0/contract_no"),
        loan=("getLoan", "contract_no", "$response.body#/items/0/contract_no"),
        progress=("getLoanProgress", "contract_no", "$response.body#/items/0/contract_no"),
        repayments=("listRepayments", "contract_no", "$response.body#/items/0/contract_no"),
    ),
)
async def get_loans(member: MemberDep) -> dict[str, Any]:
    runtime = member.runtime
    return await runtime.store.read(loans.list_loans, member.id, runtime.clock.today())


@router.get(
    "/loans/{contract_no}",
    response_model=m.LoanDetail,
    summary="公积金贷款账户信息",
    operation_id="getLoan",
    tags=["loans"],
    responses=responses(401, 404, 409, 422),
)
async def get_loan(contract_no: ContractNo, member: MemberDep) -> dict[str, Any]:
    runtime = member.runtime
    return await runtime.store.read(loans.loan_detail, member.id, contract_no, runtime.clock.today())


@router.get(
    "/loans/{contract_no}/progress",
    response_model=m.LoanProgress,
    summary="个人贷款进度",
    operation_id="getLoanProgress",
    tags=["loans"],
    responses=responses(401, 404, 422),
)
async def get_progress(contract_no: ContractNo, member: MemberDep) -> dict[str, Any]:
    runtime = member.runtime
    return await runtime.store.read(loans.progress, member.id, contract_no)


@router.get(
    "/loans/{contract_no}/repayments",
    response_model=m.RepaymentList,
    summary="公积金贷款还款明细",
    operation_id="listRepayments",
    tags=["loans"],
    responses=responses(401, 404, 409, 422),
)
async def get_repayments(
    contract_no: ContractNo, member: MemberDep, start: DateQuery = None, end: DateQuery = None
) -> dict[str, Any]:
    runtime = member.runtime
    check_range(start, end)
    return await runtime.store.read(loans.repayments, member.id, contract_no, start, end)


@router.get(
    "/loans/{contract_no}/plan",
    response_model=m.RepaymentPlan,
    summary="公积金贷款还款计划",
    operation_id="getRepaymentPlan",
    tags=["loans"],
    responses=responses(401, 404, 409, 422),
)
async def get_plan(
    contract_no: ContractNo, member: MemberDep, start: DateQuery = None, end: DateQuery = None
) -> Response:
    runtime = member.runtime
    check_range(start, end)
    body = await runtime.store.read(
        loans.plan_json, member.id, contract_no, start, end, runtime.clock.today(), cache=runtime.store.memo
    )
    return Response(body, media_type="application/json")  # what FastAPI makes of the model, kept
