"""Typed wire models: what the API sends and receives.

The mock server declares these same classes as its response models, so the OpenAPI document it
produces (the contract a real backend implements) and the client can never drift apart.

Amounts travel as decimal strings with two places ("1872.11"), dates as ``YYYY-MM-DD`` and months as
``YYYY-MM``. Unknown fields are ignored so a backend may add fields freely.
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, PlainSerializer, WithJsonSchema

from .amortization import METHOD_LABELS


def _money_text(value: Decimal) -> str:
    return str(value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


Money = Annotated[
    Decimal,
    PlainSerializer(_money_text, return_type=str, when_used="json"),
    WithJsonSchema({"type": "string", "pattern": r"^-?\d+\.\d{2}$", "examples": ["1872.11"]}),
]
"""An amount in yuan, two decimal places on the wire."""

Rate = Annotated[
    Decimal,
    PlainSerializer(_money_text, return_type=str, when_used="json"),
    WithJsonSchema({"type": "string", "pattern": r"^\d+\.\d{2}$", "examples": ["3.25"]}),
]
"""A percentage with two places: ``"3.25"`` means 3.25 % a year; ``"12.00"`` a 12 % ratio."""

Month = Annotated[str, Field(pattern=r"^\d{4}-(0[1-9]|1[0-2])$", examples=["2026-10"])]

AccountStatus = Literal["normal", "sealed", "frozen", "closed"]
ACCOUNT_STATUS_LABELS: dict[str, str] = {"normal": "正常", "sealed": "封存", "frozen": "冻结", "closed": "销户"}

LoanStatus = Literal["processing", "approved", "repaying", "settled", "rejected"]
LOAN_STATUS_LABELS: dict[str, str] = {
    "processing": "审批中",
    "approved": "已审批未发放",
    "repaying": "还款中",
    "settled": "已结清",
    "rejected": "未通过",
}
RepaymentMethod = Literal["equal_installment", "equal_principal"]
REPAYMENT_METHOD_LABELS: dict[str, str] = dict(METHOD_LABELS)

LedgerType = Literal["remit", "back_pay", "withdraw", "interest", "transfer_in", "transfer_out", "adjust"]
LEDGER_TYPE_LABELS: dict[str, str] = {
    "remit": "汇缴",
    "back_pay": "补缴",
    "withdraw": "提取",
    "interest": "结息",
    "transfer_in": "转入",
    "transfer_out": "转出",
    "adjust": "调账",
}


class WireModel(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)


# --- errors -----------------------------------------------------------------------------------


class ErrorInfo(WireModel):
    code: str = Field(examples=["CAPTCHA_INVALID"])
    message: str = Field(examples=["验证码错误，请重新输入"])
    details: dict[str, object] = Field(default_factory=dict)


class ErrorBody(WireModel):
    error: ErrorInfo


# --- public: captcha and auth ----------------------------------------------------------------


class Captcha(WireModel):
    captcha_id: str
    image_png_base64: str
    expires_at: dt.datetime


class LoginRequest(WireModel):
    username: str = Field(min_length=1, max_length=32, description="证件号码或手机号")
    password: str = Field(min_length=1, max_length=64)
    captcha_id: str = Field(min_length=1, max_length=64)
    captcha_code: str = Field(min_length=1, max_length=8)


class Profile(WireModel):
    name: str
    id_number_masked: str
    phone_masked: str
    account_no: str


class TokenPair(WireModel):
    access_token: str
    refresh_token: str
    expires_in: int = Field(description="seconds until the access token expires")
    token_type: str = "Bearer"


class LoginResult(TokenPair):
    profile: Profile


class RefreshRequest(WireModel):
    refresh_token: str = Field(min_length=1, max_length=128)


class Ok(WireModel):
    ok: bool = True
    message: str = ""


# --- accounts: registration, forgotten password, password change and recovery -----------------


class ServiceInfo(WireModel):
    """What a client needs to know about the centre before anyone logs in (``GET /meta``)."""

    centre_name: str
    reset_requires_phone: bool = Field(
        description="忘记密码时是否还须输入在中心预留的手机号码（各中心做法不同）")


class RegistrationIdentity(WireModel):
    name: str = Field(min_length=1, max_length=40, description="姓名")
    id_number: str = Field(min_length=1, max_length=32, description="证件号码（18 位居民身份证号码）")
    captcha_id: str = Field(min_length=1, max_length=64)
    captcha_code: str = Field(min_length=1, max_length=8)


class PasswordResetIdentity(RegistrationIdentity):
    phone: str | None = Field(None, max_length=20,
                              description="中心预留的手机号码；服务信息 reset_requires_phone 为真时必填")


class IdentityVerified(WireModel):
    """Identity checked: the ticket carries the member through the next steps of one flow."""

    ticket: str = Field(description="本次办理的凭证：一次有效，过期作废")
    phone_masked: str = Field(description="中心预留的手机号码（脱敏），短信验证码发往此号码")
    expires_at: dt.datetime


class TicketRequest(WireModel):
    ticket: str = Field(min_length=1, max_length=128)


class SmsSent(WireModel):
    phone_masked: str
    resend_after: int = Field(description="seconds before another code may be requested")
    expires_in: int = Field(description="seconds the code stays valid")


class TicketSmsCode(TicketRequest):
    sms_code: str = Field(min_length=1, max_length=8)


class RegistrationComplete(TicketRequest):
    sms_code: str | None = Field(None, max_length=8,
                                 description="短信验证码；已通过 /registration/sms/verify 校验的凭证可不填")
    password: str = Field(min_length=1, max_length=64)


class PasswordResetComplete(TicketRequest):
    sms_code: str | None = Field(None, max_length=8,
                                 description="短信验证码；已通过 /password-reset/sms/verify 校验的凭证可不填")
    new_password: str = Field(min_length=1, max_length=64)


class FlowCompleted(WireModel):
    """注册完成 / 登录密码找回完成: whose, masked, so the screen can say it."""

    message: str
    name: str
    id_number_masked: str
    phone_masked: str


class PasswordChange(WireModel):
    old_password: str = Field(min_length=1, max_length=64)
    new_password: str = Field(min_length=1, max_length=64)


class PasswordChanged(WireModel):
    message: str
    other_sessions_revoked: int = Field(description="因修改登录密码而退出的其他登录会话数")


class SmsCode(WireModel):
    sms_code: str = Field(min_length=1, max_length=8)


class SmsVerified(WireModel):
    """支付密码找回 的 下一步: the code is spent; the ticket stands for it until it expires."""

    ticket: str
    expires_at: dt.datetime


class PaymentPasswordReset(WireModel):
    new_password: str = Field(min_length=1, max_length=64)
    sms_code: str | None = Field(None, max_length=8, description="短信验证码（或填 ticket）")
    ticket: str | None = Field(None, max_length=128,
                               description="/me/payment-password/sms/verify 给出的凭证（或填 sms_code）")


# --- account and ledger ------------------------------------------------------------------------


class Account(WireModel):
    name: str
    id_number_masked: str
    phone_masked: str
    account_no: str
    status: AccountStatus
    status_label: str
    opened_on: dt.date
    sealed_on: dt.date | None = None
    employer_name: str
    employer_account_no: str
    base: Money
    employer_ratio: Rate
    personal_ratio: Rate
    monthly_deposit: Money
    balance: Money
    paid_up_to: Month | None = None
    year_deposit: Money = Field(description="当年缴存金额")
    carried_over: Money = Field(description="上年结转金额")
    frozen_amount: Money = Field(description="冻结金额")
    bank_name: str = Field(description="开户银行")
    gender: Literal["male", "female"]
    birth_date: dt.date


class LedgerItem(WireModel):
    seq: int
    posted_on: dt.date
    type: LedgerType
    type_label: str
    contribution_month: Month | None = None
    amount: Money = Field(description="发生额: income positive, outgo negative")
    interest: Money = Field(description="发生利息额")
    balance: Money
    summary: str
    org: str
    channel: str


class LedgerTotals(WireModel):
    income: Money
    outgo: Money
    interest: Money
    count: int


class LedgerPage(WireModel):
    items: list[LedgerItem]
    total: int
    page: int
    page_size: int
    totals: LedgerTotals


class BalancePoint(WireModel):
    month: Month
    balance: Money


class BalanceSeries(WireModel):
    """Month-end balances, for the ledger's chart."""

    points: list[BalancePoint]


class Tasks(WireModel):
    """The home page's task counters (消息, 我发起的, 已阅)."""

    unread_messages: int
    read_messages: int
    applications: int
    applications_in_progress: int


# --- loans --------------------------------------------------------------------------------------


class Loan(WireModel):
    contract_no: str
    status: LoanStatus
    status_label: str
    amount: Money
    periods: int
    method: RepaymentMethod
    method_label: str
    annual_rate: Rate
    disbursed_on: dt.date | None = None
    maturity_on: dt.date | None = None
    repayment_day: int | None = None
    monthly_payment: Money | None = None
    balance: Money
    bank_name: str
    loan_type: str = Field(description="贷款类型")
    house_type: str = Field(description="房屋性质")
    applied_on: dt.date
    settled_on: dt.date | None = None
    paid_periods: int = 0


class LoanDetail(Loan):
    borrower_name: str
    borrower_id_masked: str
    co_borrower_name: str | None = None
    co_borrower_id_masked: str | None = None
    repayment_account_masked: str | None = None
    house_address: str
    overdue_periods: int = 0
    overdue_amount: Money = Decimal("0.00")


class LoanList(WireModel):
    items: list[Loan]


class ProgressStep(WireModel):
    name: str
    state: Literal["done", "current", "pending"]
    at: dt.datetime | None = None
    handler: str | None = None


class LoanProgress(WireModel):
    contract_no: str
    amount: Money
    periods: int
    loan_type: str
    house_type: str
    bank_name: str
    status: LoanStatus
    status_label: str
    steps: list[ProgressStep]


class Repayment(WireModel):
    period: int
    paid_on: dt.date
    month: Month
    amount: Money
    principal: Money
    interest: Money
    penalty: Money
    balance: Money


class RepaymentTotals(WireModel):
    amount: Money
    principal: Money
    interest: Money
    penalty: Money
    count: int


class RepaymentList(WireModel):
    contract_no: str
    items: list[Repayment]
    totals: RepaymentTotals


class PlanRow(WireModel):
    period: int
    due_on: dt.date
    opening_balance: Money
    principal: Money
    interest: Money
    payment: Money
    closing_balance: Money
    annual_rate: Rate
    state: Literal["paid", "overdue", "due"] = "due"


class RepaymentPlan(WireModel):
    contract_no: str
    status: LoanStatus
    amount: Money
    periods: int
    method: RepaymentMethod
    method_label: str
    disbursed_on: dt.date
    maturity_on: dt.date
    repayment_day: int
    monthly_payment: Money
    annual_rate: Rate
    settled_on: dt.date | None = None
    balance: Money
    rows: list[PlanRow]
