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
from api_client.i18n import N_, _, ngettext

from .document import Column, Document, Row, columns, date_range_text, exported_at, masked_note

if TYPE_CHECKING:
    from api_client.models import DepositCertificate, LedgerItem

PAGE_SIZE = 1000


def _whose(client: GjjClient) -> list[tuple[str, str]]:
    profile = client.profile
    if profile is None:
        return []
    return [
        (_("姓名"), mask_name(profile.name)),
        (_("证件号码"), profile.id_number_masked),
        (_("个人账号"), profile.account_no),
    ]


LEDGER_COLUMNS = [
    Column(N_("编号"), 8, "right"),
    Column(N_("记账日期"), 12),
    Column(N_("业务明细类型"), 12),
    Column(N_("汇补缴年月"), 12),
    Column(N_("发生额"), 14, "right"),
    Column(N_("发生利息额"), 12, "right"),
    Column(N_("余额"), 14, "right"),
    Column(N_("摘要"), 26),
    Column(N_("机构"), 14),
    Column(N_("渠道"), 10),
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
        title=_("个人账户明细"),
        about=[
            *_whose(client),
            (_("查询范围"), date_range_text(start, end)),
            (_("业务类型"), _(LEDGER_TYPE_LABELS[type]) if type in LEDGER_TYPE_LABELS else _("全部")),
            exported_at(now),
        ],
        columns=columns(LEDGER_COLUMNS),
        pages=pages,
        total_rows=first.total,
        totals=[
            (_("记录条数"), totals.count),
            (_("收入合计"), totals.income),
            (_("支出合计"), totals.outgo),
            (_("利息合计"), totals.interest),
        ],
        notes=[masked_note()],
    )


def _single_page(rows: list[Row]) -> Callable[[], AsyncIterator[list[Row]]]:
    async def pages() -> AsyncIterator[list[Row]]:
        yield rows

    return pages


def _person(name: str, id_masked: str | None) -> str:
    """A borrower as the documents show one: the masked name and the masked ID number."""
    return _("{name}（{id_number}）").format(name=mask_name(name), id_number=id_masked)


# Two columns, a label and its value: the loan account and the certificate.
ITEM_COLUMNS = [Column(N_("项目"), 16), Column(N_("内容"), 44)]
CERTIFICATE_COLUMNS = [Column(N_("项目"), 16), Column(N_("内容"), 56)]


async def loan_document(client: GjjClient, contract_no: str, *, now: dt.datetime | None = None) -> Document:
    loan = await client.loan(contract_no)
    rows: list[Row] = [
        [_("贷款合同编号"), loan.contract_no],
        [_("银行名称"), loan.bank_name],
        [_("贷款金额"), loan.amount],
        [_("放款日期"), loan.disbursed_on],
        [_("贷款期数"), loan.periods],
        [_("约定还款日"), loan.repayment_day],
        [_("月还款额"), loan.monthly_payment],
        [_("贷款利率(%)"), loan.annual_rate],
        [_("还款方式"), _(loan.method_label)],
        [_("合同状态"), _(loan.status_label)],
        [_("贷款余额"), loan.balance],
        [_("到期日期"), loan.maturity_on],
        [_("借款人"), _person(loan.borrower_name, loan.borrower_id_masked)],
        [
            _("共同借款人"),
            _person(loan.co_borrower_name, loan.co_borrower_id_masked) if loan.co_borrower_name else _("无"),
        ],
        [_("还款账号"), loan.repayment_account_masked or ""],
        [_("房屋坐落"), loan.house_address],
        [_("贷款类型"), loan.loan_type],
        [_("房屋性质"), loan.house_type],
        [_("已还期数"), loan.paid_periods],
        [_("逾期期数"), loan.overdue_periods],
        [_("逾期金额"), loan.overdue_amount],
    ]
    return Document(
        kind="loan",
        title=_("公积金贷款账户信息"),
        about=[*_whose(client), (_("借款合同编号"), contract_no), exported_at(now)],
        columns=columns(ITEM_COLUMNS),
        pages=_single_page(rows),
        total_rows=len(rows),
        notes=[masked_note()],
    )


REPAYMENT_COLUMNS = [
    Column(N_("还款日期"), 12),
    Column(N_("月份"), 10),
    Column(N_("期数"), 6, "right"),
    Column(N_("还款金额"), 14, "right"),
    Column(N_("本金金额"), 14, "right"),
    Column(N_("利息金额"), 14, "right"),
    Column(N_("罚息金额"), 12, "right"),
    Column(N_("贷款余额"), 14, "right"),
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
        title=_("公积金贷款还款明细"),
        about=[
            *_whose(client),
            (_("借款合同编号"), contract_no),
            (_("查询范围"), date_range_text(start, end)),
            exported_at(now),
        ],
        columns=columns(REPAYMENT_COLUMNS),
        pages=_single_page(rows),
        total_rows=len(rows),
        totals=[
            (_("期数"), totals.count),
            (_("还款金额合计"), totals.amount),
            (_("本金合计"), totals.principal),
            (_("利息合计"), totals.interest),
            (_("罚息合计"), totals.penalty),
        ],
        notes=[masked_note()],
    )


PLAN_COLUMNS = [
    Column(N_("期数"), 6, "right"),
    Column(N_("计划还款日期"), 14),
    Column(N_("期初余额"), 14, "right"),
    Column(N_("本期本金"), 12, "right"),
    Column(N_("本期利息"), 12, "right"),
    Column(N_("月还款额"), 12, "right"),
    Column(N_("期末余额"), 14, "right"),
    Column(N_("利率(%)"), 8, "right"),
    Column(N_("状态"), 6),
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
        title=_("公积金贷款还款计划"),
        about=[
            *_whose(client),
            (_("借款合同编号"), contract_no),
            (_("贷款发放额（元）"), plan.amount),
            (_("贷款期数"), plan.periods),
            (_("发放日期"), plan.disbursed_on),
            (_("到期日期"), plan.maturity_on),
            (_("约定还款日"), _("每月 {day} 日").format(day=plan.repayment_day)),
            (_("月还款额（元）"), plan.monthly_payment),
            (_("贷款利率(%)"), plan.annual_rate),
            (_("还款方式"), _(plan.method_label)),
            (_("结清日期"), plan.settled_on or _("未结清")),
            (_("查询范围"), date_range_text(start, end)),
            exported_at(now),
        ],
        columns=columns(PLAN_COLUMNS),
        pages=_single_page(rows),
        total_rows=len(rows),
        totals=[
            (_("期数"), len(rows)),
            (_("本金合计"), sum((r.principal for r in plan.rows), zero)),
            (_("利息合计"), sum((r.interest for r in plan.rows), zero)),
            (_("还款合计"), sum((r.payment for r in plan.rows), zero)),
        ],
        notes=[masked_note()],
    )


async def certificate_document(client: GjjClient, certificate: DepositCertificate | None = None) -> Document:
    """个人住房公积金缴存证明 as a document: the one on screen (same verification code), or a new one."""
    from api_client.domain.formatting import fmt_month, fmt_rate

    cert = certificate or await client.deposit_certificate()
    months = (
        ngettext("{first} 至 {last}（{count} 个月）", "{first} 至 {last}（{count} 个月）", cert.deposit_months).format(
            first=fmt_month(cert.first_month), last=fmt_month(cert.last_month), count=cert.deposit_months
        )
        if cert.first_month and cert.last_month
        else "—"
    )
    loans = [cert.loan_record] + [
        _("{contract}  {amount} 元  {status}").format(
            contract=loan.contract_no, amount=f"{loan.amount:,.2f}", status=_(loan.status_label)
        )
        for loan in cert.loans
    ]
    ratios = _("单位 {employer}，个人 {personal}").format(
        employer=fmt_rate(cert.employer_ratio), personal=fmt_rate(cert.personal_ratio)
    )
    rows: list[Row] = [
        [_("姓名"), mask_name(cert.name)],
        [_("证件号码"), cert.id_number_masked],
        [_("个人账号"), cert.account_no],
        [_("单位名称"), cert.employer_name],
        [_("开户日期"), cert.opened_on],
        [_("账户状态"), _(cert.status_label)],
        [_("缴存基数"), cert.base],
        [_("月缴存额"), cert.monthly_deposit],
        [_("缴存比例"), ratios],
        [_("账户余额"), cert.balance],
        [_("缴存起止年月"), months],
        [_("贷款记录"), _("；").join(loans)],
        [_("出具日期"), cert.issued_on],
    ]
    note = _("本证明反映出具日的缴存情况。{masked}可凭验证码 {code} 向{centre}核验真伪。").format(
        masked=masked_note(), code=cert.code, centre=cert.centre_name
    )
    return Document(
        kind="certificate",
        title=_("个人住房公积金缴存证明"),
        about=[
            (_("姓名"), mask_name(cert.name)),
            (_("证件号码"), cert.id_number_masked),
            (_("出具日期"), cert.issued_on.isoformat()),
            (_("验证码"), cert.code),
        ],
        columns=columns(CERTIFICATE_COLUMNS),
        pages=_single_page(rows),
        total_rows=len(rows),
        notes=[note],
        verification_code=cert.code,
        issuer=cert.centre_name,
    )
