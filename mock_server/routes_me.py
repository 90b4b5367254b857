"""Signed-in endpoints (``/me/...``): the member's own data only."""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query
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
def get_account(member: MemberDep, runtime: RuntimeDep) -> dict[str, Any]:
    with runtime.store.reading() as db:
        return account.account(db, member.id, runtime.clock.today())


@router.get("/tasks", response_model=m.Tasks, summary="首页任务计数")
def get_tasks(member: MemberDep, runtime: RuntimeDep) -> dict[str, Any]:
    with runtime.store.reading() as db:
        return account.tasks(db, member.id)


@router.get("/ledger", response_model=m.LedgerPage, summary="个人账户明细")
def get_ledger(
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
    with runtime.store.reading() as db:
        return ledger.ledger_page(db, member.id, start, end, type, page, page_size, order)


@router.get("/ledger/series", response_model=m.BalanceSeries, summary="账户余额走势（月末余额）")
def get_ledger_series(
    member: MemberDep, runtime: RuntimeDep, start: DateQuery = None, end: DateQuery = None
) -> dict[str, Any]:
    with runtime.store.reading() as db:
        return ledger.balance_series(db, member.id, start, end)


@router.get("/loans", response_model=m.LoanList, summary="贷款合同列表")
def get_loans(member: MemberDep, runtime: RuntimeDep) -> dict[str, Any]:
    with runtime.store.reading() as db:
        return loans.list_loans(db, member.id, runtime.clock.today())


@router.get("/loans/{contract_no}", response_model=m.LoanDetail, summary="公积金贷款账户信息")
def get_loan(contract_no: str, member: MemberDep, runtime: RuntimeDep) -> dict[str, Any]:
    with runtime.store.reading() as db:
        return loans.loan_detail(db, member.id, contract_no, runtime.clock.today())


@router.get("/loans/{contract_no}/progress", response_model=m.LoanProgress, summary="个人贷款进度")
def get_progress(contract_no: str, member: MemberDep, runtime: RuntimeDep) -> dict[str, Any]:
    with runtime.store.reading() as db:
        return loans.progress(db, member.id, contract_no)


@router.get("/loans/{contract_no}/repayments", response_model=m.RepaymentList, summary="公积金贷款还款明细")
def get_repayments(
    contract_no: str, member: MemberDep, runtime: RuntimeDep, start: DateQuery = None, end: DateQuery = None
) -> dict[str, Any]:
    check_range(start, end)
    with runtime.store.reading() as db:
        return loans.repayments(db, member.id, contract_no, start, end)


@router.get("/loans/{contract_no}/plan", response_model=m.RepaymentPlan, summary="公积金贷款还款计划")
def get_plan(
    contract_no: str, member: MemberDep, runtime: RuntimeDep, start: DateQuery = None, end: DateQuery = None
) -> dict[str, Any]:
    check_range(start, end)
    with runtime.store.reading() as db:
        return loans.plan(db, member.id, contract_no, start, end, runtime.clock.today())
