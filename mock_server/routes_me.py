"""Signed-in endpoints (``/me/...``): the member's own data only."""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Response
from pydantic import BeforeValidator

from api_client import models as m

from .deps import MemberDep, RuntimeDep
from .problems import check_range
from .services import account, ledger, loans

ERRORS: dict[int | str, dict[str, Any]] = {status: {"model": m.ErrorBody} for status in (401, 404, 409, 422)}

router = APIRouter(prefix="/me", tags=["me"], responses=ERRORS)


def _iso_date(value: object) -> object:
    """Only YYYY-MM-DD: pydantic alone would also take 0 (a Unix timestamp) or 2026-11-22T00:00 as a date."""
    if isinstance(value, str) and not ISO_DATE.fullmatch(value):
        raise ValueError("date must be YYYY-MM-DD")
    return value


ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
DateQuery = Annotated[
    dt.date | None, BeforeValidator(_iso_date), Query(description="YYYY-MM-DD", json_schema_extra={"format": "date"})
]


@router.get("/account", response_model=m.Account, summary="个人账户基本信息")
async def get_account(member: MemberDep, runtime: RuntimeDep) -> dict[str, Any]:
    return await runtime.store.read(account.account, member.id, runtime.clock.today())


@router.get("/tasks", response_model=m.Tasks, summary="首页任务计数")
async def get_tasks(member: MemberDep, runtime: RuntimeDep) -> dict[str, Any]:
    return await runtime.store.read(account.tasks, member.id)


@router.get("/ledger", response_model=m.LedgerPage, summary="个人账户明细")
async def get_ledger(
    member: MemberDep,
    runtime: RuntimeDep,
    start: DateQuery = None,
    end: DateQuery = None,
    type: Annotated[
        m.LedgerType | Literal["all"] | None, Query(description="业务类型; all or omitted: every type")
    ] = None,
    page: Annotated[int, Query()] = 1,
    page_size: Annotated[int, Query()] = 100,
    order: Annotated[
        Literal["asc", "desc"], Query(description="asc: oldest first (default); desc: newest first")
    ] = "asc",
) -> dict[str, Any]:
    return await runtime.store.read(
        ledger.ledger_page, member.id, start, end, type, page, page_size, order, totals_cache=runtime.store.memo
    )


@router.get("/ledger/series", response_model=m.BalanceSeries, summary="账户余额走势（月末余额）")
async def get_ledger_series(
    member: MemberDep, runtime: RuntimeDep, start: DateQuery = None, end: DateQuery = None
) -> dict[str, Any]:
    return await runtime.store.read(ledger.balance_series, member.id, start, end)


@router.get("/loans", response_model=m.LoanList, summary="贷款合同列表")
async def get_loans(member: MemberDep, runtime: RuntimeDep) -> dict[str, Any]:
    return await runtime.store.read(loans.list_loans, member.id, runtime.clock.today())


@router.get("/loans/{contract_no}", response_model=m.LoanDetail, summary="公积金贷款账户信息")
async def get_loan(contract_no: str, member: MemberDep, runtime: RuntimeDep) -> dict[str, Any]:
    return await runtime.store.read(loans.loan_detail, member.id, contract_no, runtime.clock.today())


@router.get("/loans/{contract_no}/progress", response_model=m.LoanProgress, summary="个人贷款进度")
async def get_progress(contract_no: str, member: MemberDep, runtime: RuntimeDep) -> dict[str, Any]:
    return await runtime.store.read(loans.progress, member.id, contract_no)


@router.get("/loans/{contract_no}/repayments", response_model=m.RepaymentList, summary="公积金贷款还款明细")
async def get_repayments(
    contract_no: str, member: MemberDep, runtime: RuntimeDep, start: DateQuery = None, end: DateQuery = None
) -> dict[str, Any]:
    check_range(start, end)
    return await runtime.store.read(loans.repayments, member.id, contract_no, start, end)


@router.get("/loans/{contract_no}/plan", response_model=m.RepaymentPlan, summary="公积金贷款还款计划")
async def get_plan(
    contract_no: str, member: MemberDep, runtime: RuntimeDep, start: DateQuery = None, end: DateQuery = None
) -> Response:
    check_range(start, end)
    body = await runtime.store.read(
        loans.plan_json, member.id, contract_no, start, end, runtime.clock.today(), cache=runtime.store.memo
    )
    return Response(body, media_type="application/json")  # what FastAPI makes of the model, kept
