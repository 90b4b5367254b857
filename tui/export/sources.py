"""Build the exportable documents from the API: the whole range, page by page, not just what is on
screen. Each builder makes one request up front (for the count, the totals and the header) and the
rest as the writer asks for them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator, Callable, Sequence
from typing import TYPE_CHECKING

from api_client.client import GjjClient
from api_client.domain.formatting import fmt_month
from api_client.domain.labels import PLAN_ROW_STATE_LABELS
from api_client.domain.masking import mask_name
from api_client.i18n import _

from .document import Column, Document, Row, date_range_text, exported_at, masked_note

if TYPE_CHECKING:
    from api_client.models import DepositCertificate, LedgerItem

PAGE_SIZE = 1000


def _whose(client: GjjClient) -> list[tuple[str, str]]:
    profile = client.profile
    if profile is None:
        return []
    return [("姓名", mask_name(profile.name)), ("证件号码", profile.id_number_masked), ("个人账号", profile.account_no)]


LEDGER_COLUMNS = [
    Column("编号", 8, "right"),
    Column("记账日期", 12),
    Column("业务明细类型", 12),
    Column("汇补缴年月", 12),
    Column("发生额", 14, "right"),
    Column("发生利息额", 12, "right"),
    Column("余额", 14, "right"),
    Column("摘要", 26),
    Column("机构", 14),
    Column("渠道", 10),
]


def ledger_rows(items: Sequence[LedgerItem]) -> list[Row]:
    return [
        [
            item.seq,
            item.posted_on,
            item.type_label,
            item.contribution_month or "",
            item.amount,
            item.interest,
            item.balance,
            item.summary,
            item.org,
            item.channel,
        ]
        for item in items
    ]


async def ledger_document(
    client: GjjClient,
    *,
    start: dt.date | None = None,
    end: dt.date | None = None,
    type: str | None = None,
    now: dt.datetime | None = None,
) -> Document:
    from api_client.models import LEDGER_TYPE_LABELS

    first = await client.ledger(start=start, end=end, type=type, page=1, page_size=PAGE_SIZE)

    async def pages() -> AsyncIterator[list[Row]]:
        yield ledger_rows(first.items)
        fetched, page = len(first.items), 1
        while fetched < first.total:
            page += 1
            more = await client.ledger(start=start, end=end, type=type, page=page, page_size=PAGE_SIZE)
            if not more.items:
                return
            fetched += len(more.items)
            yield ledger_rows(more.items)

    totals = first.totals
    return Document(
        kind="ledger",
        title="个人账户明细",
        about=[
            *_whose(client),
            ("查询范围", date_range_text(start, end)),
            ("业务类型", _(LEDGER_TYPE_LABELS[type]) if type in LEDGER_TYPE_LABELS else "全部"),
            exported_at(now),
        ],
        columns=LEDGER_COLUMNS,
        pages=pages,
        total_rows=first.total,
        totals=[
            ("记录条数", totals.count),
            ("收入合计", totals.income),
            ("支出合计", totals.outgo),
            ("利息合计", totals.interest),
        ],
        notes=[masked_note()],
    )


def _single_page(rows: list[Row]) -> Callable[[], AsyncIterator[list[Row]]]:
    async def pages() -> AsyncIterator[list[Row]]:
        yield rows

    return pages


async def loan_document(client: GjjClient, contract_no: str, *, now: dt.datetime | None = None) -> Document:
    loan = await client.loan(contract_no)
    rows: list[Row] = [
        ["贷款合同编号", loan.contract_no],
        ["银行名称", loan.bank_name],
        ["贷款金额", loan.amount],
        ["放款日期", loan.disbursed_on],
        ["贷款期数", loan.periods],
        ["约定还款日", loan.repayment_day],
        ["月还款额", loan.monthly_payment],
        ["贷款利率(%)", loan.annual_rate],
        ["还款方式", loan.method_label],
        ["合同状态", loan.status_label],
        ["贷款余额", loan.balance],
        ["到期日期", loan.maturity_on],
        ["借款人", f"{mask_name(loan.borrower_name)}（{loan.borrower_id_masked}）"],
        [
            "共同借款人",
            f"{mask_name(loan.co_borrower_name)}（{loan.co_borrower_id_masked}）" if loan.co_borrower_name else "无",
        ],
        ["还款账号", loan.repayment_account_masked or ""],
        ["房屋坐落", loan.house_address],
        ["贷款类型", loan.loan_type],
        ["房屋性质", loan.house_type],
        ["已还期数", loan.paid_periods],
        ["逾期期数", loan.overdue_periods],
        ["逾期金额", loan.overdue_amount],
    ]
    return Document(
        kind="loan",
        title="公积金贷款账户信息",
        about=[*_whose(client), ("借款合同编号", contract_no), exported_at(now)],
        columns=[Column("项目", 16), Column("内容", 44)],
        pages=_single_page(rows),
        total_rows=len(rows),
        notes=[masked_note()],
    )


REPAYMENT_COLUMNS = [
    Column("还款日期", 12),
    Column("月份", 10),
    Column("期数", 6, "right"),
    Column("还款金额", 14, "right"),
    Column("本金金额", 14, "right"),
    Column("利息金额", 14, "right"),
    Column("罚息金额", 12, "right"),
    Column("贷款余额", 14, "right"),
]


async def repayments_document(
    client: GjjClient,
    contract_no: str,
    *,
    start: dt.date | None = None,
    end: dt.date | None = None,
    now: dt.datetime | None = None,
) -> Document:
    result = await client.repayments(contract_no, start=start, end=end)
    rows: list[Row] = [
        [
            item.paid_on,
            fmt_month(item.month),
            item.period,
            item.amount,
            item.principal,
            item.interest,
            item.penalty,
            item.balance,
        ]
        for item in result.items
    ]
    totals = result.totals
    return Document(
        kind="repayments",
        title="公积金贷款还款明细",
        about=[
            *_whose(client),
            ("借款合同编号", contract_no),
            ("查询范围", date_range_text(start, end)),
            exported_at(now),
        ],
        columns=REPAYMENT_COLUMNS,
        pages=_single_page(rows),
        total_rows=len(rows),
        totals=[
            ("期数", totals.count),
            ("还款金额合计", totals.amount),
            ("本金合计", totals.principal),
            ("利息合计", totals.interest),
            ("罚息合计", totals.penalty),
        ],
        notes=[masked_note()],
    )


PLAN_COLUMNS = [
    Column("期数", 6, "right"),
    Column("计划还款日期", 14),
    Column("期初余额", 14, "right"),
    Column("本期本金", 12, "right"),
    Column("本期利息", 12, "right"),
    Column("月还款额", 12, "right"),
    Column("期末余额", 14, "right"),
    Column("利率(%)", 8, "right"),
    Column("状态", 6),
]


async def plan_document(
    client: GjjClient,
    contract_no: str,
    *,
    start: dt.date | None = None,
    end: dt.date | None = None,
    now: dt.datetime | None = None,
) -> Document:
    from decimal import Decimal

    plan = await client.plan(contract_no, start=start, end=end)
    rows: list[Row] = [
        [
            row.period,
            row.due_on,
            row.opening_balance,
            row.principal,
            row.interest,
            row.payment,
            row.closing_balance,
            row.annual_rate,
            _(PLAN_ROW_STATE_LABELS[row.state]),
        ]
        for row in plan.rows
    ]
    zero = Decimal("0.00")
    return Document(
        kind="plan",
        title="公积金贷款还款计划",
        about=[
            *_whose(client),
            ("借款合同编号", contract_no),
            ("贷款发放额（元）", plan.amount),
            ("贷款期数", plan.periods),
            ("发放日期", plan.disbursed_on),
            ("到期日期", plan.maturity_on),
            ("约定还款日", f"每月 {plan.repayment_day} 日"),
            ("月还款额（元）", plan.monthly_payment),
            ("贷款利率(%)", plan.annual_rate),
            ("还款方式", plan.method_label),
            ("结清日期", plan.settled_on or "未结清"),
            ("查询范围", date_range_text(start, end)),
            exported_at(now),
        ],
        columns=PLAN_COLUMNS,
        pages=_single_page(rows),
        total_rows=len(rows),
        totals=[
            ("期数", len(rows)),
            ("本金合计", sum((r.principal for r in plan.rows), zero)),
            ("利息合计", sum((r.interest for r in plan.rows), zero)),
            ("还款合计", sum((r.payment for r in plan.rows), zero)),
        ],
        notes=[masked_note()],
    )


async def certificate_document(client: GjjClient, certificate: DepositCertificate | None = None) -> Document:
    """个人住房公积金缴存证明 as a document: the one on screen (same verification code), or a new one."""
    from api_client.domain.formatting import fmt_month, fmt_rate

    cert = certificate or await client.deposit_certificate()
    months = (
        f"{fmt_month(cert.first_month)} 至 {fmt_month(cert.last_month)}（{cert.deposit_months} 个月）"
        if cert.first_month and cert.last_month
        else "—"
    )
    loans = [cert.loan_record] + [
        f"{loan.contract_no}  {loan.amount:,.2f} 元  {loan.status_label}" for loan in cert.loans
    ]
    rows: list[Row] = [
        ["姓名", mask_name(cert.name)],
        ["证件号码", cert.id_number_masked],
        ["个人账号", cert.account_no],
        ["单位名称", cert.employer_name],
        ["开户日期", cert.opened_on],
        ["账户状态", cert.status_label],
        ["缴存基数", cert.base],
        ["月缴存额", cert.monthly_deposit],
        ["缴存比例", f"单位 {fmt_rate(cert.employer_ratio)}，个人 {fmt_rate(cert.personal_ratio)}"],
        ["账户余额", cert.balance],
        ["缴存起止年月", months],
        ["贷款记录", "；".join(loans)],
        ["出具日期", cert.issued_on],
    ]
    return Document(
        kind="certificate",
        title="个人住房公积金缴存证明",
        about=[
            ("姓名", mask_name(cert.name)),
            ("证件号码", cert.id_number_masked),
            ("出具日期", cert.issued_on.isoformat()),
            ("验证码", cert.code),
        ],
        columns=[Column("项目", 16), Column("内容", 56)],
        pages=_single_page(rows),
        total_rows=len(rows),
        notes=[f"本证明反映出具日的缴存情况。{masked_note()}可凭验证码 {cert.code} 向{cert.centre_name}核验真伪。"],
        verification_code=cert.code,
        issuer=cert.centre_name,
    )
