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

from pydantic import BaseModel, ConfigDict, Field, JsonValue, PlainSerializer, WithJsonSchema

from .domain.amortization import METHOD_LABELS
from .domain.ledger_types import LEDGER_TYPE_LABELS as _LEDGER_TYPE_LABELS
from .domain.loan_rules import DEFAULT_RULE
from .i18n import N_

_CENT = Decimal("0.01")


def _money_text(value: Decimal) -> str:
    # Called for every amount an answer carries (a 360-period plan has 2,000): keep it to one C call.
    return str(value.quantize(_CENT, ROUND_HALF_UP))


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

CENTRE_TZ = dt.timezone(dt.timedelta(hours=8), "CST")
"""The centre's clock (China Standard Time): the mock keeps naive local times; the wire carries the offset."""


def _with_offset(value: dt.datetime) -> str:
    return (value if value.tzinfo else value.replace(tzinfo=CENTRE_TZ)).isoformat()


Timestamp = Annotated[
    dt.datetime,
    PlainSerializer(_with_offset, return_type=str, when_used="json"),
    WithJsonSchema({"type": "string", "format": "date-time", "examples": ["2026-11-22T09:30:00+08:00"]}),
]
"""A moment, RFC 3339 with the centre's offset (+08:00)."""

AccountStatus = Literal["normal", "sealed", "frozen", "closed"]
ACCOUNT_STATUS_LABELS: dict[str, str] = {
    "normal": N_("正常"),
    "sealed": N_("封存"),
    "frozen": N_("冻结"),
    "closed": N_("销户"),
}

LoanStatus = Literal["processing", "approved", "repaying", "settled", "rejected"]
LOAN_STATUS_LABELS: dict[str, str] = {
    "processing": N_("审批中"),
    "approved": N_("已审批未发放"),
    "repaying": N_("还款中"),
    "settled": N_("已结清"),
    "rejected": N_("未通过"),
}
RepaymentMethod = Literal["equal_installment", "equal_principal"]
REPAYMENT_METHOD_LABELS: dict[str, str] = dict(METHOD_LABELS)

LedgerType = Literal["remit", "back_pay", "withdraw", "interest", "transfer_in", "transfer_out", "adjust"]
LEDGER_TYPE_LABELS: dict[str, str] = dict(_LEDGER_TYPE_LABELS)  # also ``domain.ledger_types``


class WireModel(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)


class RequestModel(WireModel):
    """What a client sends: strict types (a string is not an integer, a number is not a string)."""

    model_config = ConfigDict(extra="ignore", frozen=True, strict=True)


LOGIN_PASSWORD_SCHEMA: dict[str, JsonValue] = {"minLength": 8, "maxLength": 20, "pattern": "^[A-Za-z0-9]+$"}
"""The login password rule as the contract states it (the server words a refusal: PASSWORD_RULES)."""

PAYMENT_PASSWORD_SCHEMA: dict[str, JsonValue] = {"minLength": 6, "maxLength": 6, "pattern": "^[0-9]{6}$"}


# --- errors -----------------------------------------------------------------------------------


class ErrorInfo(WireModel):
    code: str = Field(examples=["CAPTCHA_INVALID"])
    message: str = Field(
        description="Fit to show: Chinese, or English when the request's Accept-Language prefers English",
        examples=["验证码错误，请重新输入", "Wrong captcha. Please try again"],  # i18n: data
    )
    details: dict[str, object] = Field(default_factory=dict)


class ErrorBody(WireModel):
    error: ErrorInfo


# --- public: captcha and auth ----------------------------------------------------------------


class Captcha(WireModel):
    captcha_id: str
    image_png_base64: str
    expires_at: Timestamp


class BusinessTime(WireModel):
    """The centre's business date and time: what "today" is for its rules, shown in the client's header."""

    today: dt.date
    now: Timestamp


class LoginRequest(RequestModel):
    username: str = Field(min_length=1, max_length=32, description="证件号码或手机号")  # i18n: data
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


class RefreshRequest(RequestModel):
    refresh_token: str = Field(min_length=1, max_length=128)


class Ok(WireModel):
    ok: bool = True
    message: str = ""


# --- accounts: registration, forgotten password, password change and recovery -----------------


class ServiceInfo(WireModel):
    """What a client needs to know about the centre before anyone logs in (``GET /meta``)."""

    centre_name: str
    reset_requires_phone: bool = Field(
        description="忘记密码时是否还须输入在中心预留的手机号码（各中心做法不同）"  # i18n: data
    )


class RegistrationIdentity(RequestModel):
    name: str = Field(min_length=1, max_length=40, description="姓名")  # i18n: data
    id_number: str = Field(min_length=1, max_length=32, description="证件号码（18 位居民身份证号码）")  # i18n: data
    captcha_id: str = Field(min_length=1, max_length=64)
    captcha_code: str = Field(min_length=1, max_length=8)


class PasswordResetIdentity(RegistrationIdentity):
    phone: str | None = Field(
        None,
        max_length=20,
        description="中心预留的手机号码；服务信息 reset_requires_phone 为真时必填",  # i18n: data
    )


class IdentityVerified(WireModel):
    """Identity checked: the ticket carries the member through the next steps of one flow."""

    ticket: str = Field(description="本次办理的凭证：一次有效，过期作废")  # i18n: data
    phone_masked: str = Field(description="中心预留的手机号码（脱敏），短信验证码发往此号码")  # i18n: data
    expires_at: Timestamp


class TicketRequest(RequestModel):
    ticket: str = Field(min_length=1, max_length=128)


class SmsSent(WireModel):
    phone_masked: str
    resend_after: int = Field(description="seconds before another code may be requested")
    expires_in: int = Field(description="seconds the code stays valid")


class TicketSmsCode(TicketRequest):
    sms_code: str = Field(min_length=1, max_length=8)


class RegistrationComplete(TicketRequest):
    sms_code: str | None = Field(
        None,
        max_length=8,
        description="短信验证码；已通过 /registration/sms/verify 校验的凭证可不填",  # i18n: data
    )
    password: str = Field(
        min_length=1,
        max_length=64,
        description="8–20 位字母和数字",  # i18n: data
        json_schema_extra=LOGIN_PASSWORD_SCHEMA,
    )


class PasswordResetComplete(TicketRequest):
    sms_code: str | None = Field(
        None,
        max_length=8,
        description="短信验证码；已通过 /password-reset/sms/verify 校验的凭证可不填",  # i18n: data
    )
    new_password: str = Field(
        min_length=1,
        max_length=64,
        description="8–20 位字母和数字",  # i18n: data
        json_schema_extra=LOGIN_PASSWORD_SCHEMA,
    )


class FlowCompleted(WireModel):
    """注册完成 / 登录密码找回完成: whose, masked, so the screen can say it."""

    message: str
    name: str
    id_number_masked: str
    phone_masked: str


class PasswordChange(RequestModel):
    old_password: str = Field(min_length=1, max_length=64)
    new_password: str = Field(min_length=1, max_length=64)


class LoginPasswordChange(PasswordChange):
    new_password: str = Field(
        min_length=1,
        max_length=64,
        description="8–20 位字母和数字",  # i18n: data
        json_schema_extra=LOGIN_PASSWORD_SCHEMA,
    )


class PaymentPasswordChange(PasswordChange):
    new_password: str = Field(
        min_length=1,
        max_length=64,
        description="6 位数字，不能全相同或连续",  # i18n: data
        json_schema_extra=PAYMENT_PASSWORD_SCHEMA,
    )


class PasswordChanged(WireModel):
    message: str
    other_sessions_revoked: int = Field(description="因修改登录密码而退出的其他登录会话数")  # i18n: data


class SmsCode(RequestModel):
    sms_code: str = Field(min_length=1, max_length=8)


class SmsVerified(WireModel):
    """支付密码找回 的 下一步: the code is spent; the ticket stands for it until it expires."""

    ticket: str
    expires_at: Timestamp


class PaymentPasswordReset(RequestModel):
    new_password: str = Field(
        min_length=1,
        max_length=64,
        description="6 位数字，不能全相同或连续",  # i18n: data
        json_schema_extra=PAYMENT_PASSWORD_SCHEMA,
    )
    sms_code: str | None = Field(None, max_length=8, description="短信验证码（或填 ticket）")  # i18n: data
    ticket: str | None = Field(
        None,
        max_length=128,
        description="/me/payment-password/sms/verify 给出的凭证（或填 sms_code）",  # i18n: data
    )


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
    year_deposit: Money = Field(description="当年缴存金额")  # i18n: data
    carried_over: Money = Field(description="上年结转金额")  # i18n: data
    frozen_amount: Money = Field(description="冻结金额")  # i18n: data
    bank_name: str = Field(description="开户银行")  # i18n: data
    # No birth date: it is exactly the eight digits the masked ID number hides.
    gender: Literal["male", "female"]


class LedgerItem(WireModel):
    seq: int
    posted_on: dt.date
    type: LedgerType
    type_label: str
    contribution_month: Month | None = None
    amount: Money = Field(description="发生额: income positive, outgo negative")  # i18n: data
    interest: Money = Field(description="发生利息额")  # i18n: data
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
    loan_type: str = Field(description="贷款类型")  # i18n: data
    house_type: str = Field(description="房屋性质")  # i18n: data
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
    at: Timestamp | None = None
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


# --- business -----------------------------------------------------------------------------------
# 我要提取, 贷款申请, 消息, 我发起的, 缴存证明.

WithdrawalKind = Literal["resignation", "retirement"]
WITHDRAWAL_KIND_LABELS: dict[str, str] = {"resignation": N_("离职提取"), "retirement": N_("离退休提取")}

ApplicationKind = Literal["resignation", "retirement", "purchase", "repayment", "loan"]
APPLICATION_KIND_LABELS: dict[str, str] = {
    **WITHDRAWAL_KIND_LABELS,
    "purchase": N_("购房提取"),
    "repayment": N_("偿还贷款提取"),
    "loan": N_("公积金贷款"),
}
ApplicationStatus = Literal["processing", "finished", "rejected"]
APPLICATION_STATUS_LABELS: dict[str, str] = {
    "processing": N_("办理中"),
    "finished": N_("已办结"),
    "rejected": N_("未通过"),
}

MessageStatus = Literal["unread", "read"]


class WithdrawalCheckRequest(RequestModel):
    kind: WithdrawalKind


class WithdrawalCheck(WireModel):
    """Whether the member may take this withdrawal now, and every reason why not."""

    kind: WithdrawalKind
    kind_label: str
    eligible: bool
    reasons: list[str] = Field(description="every unmet condition, in plain Chinese; empty when eligible")
    max_amount: Money = Field(description="可提取金额: the most that may be withdrawn")  # i18n: data
    whole_balance: bool = Field(description="true when the whole balance must be withdrawn (离退休提取)")  # i18n: data
    balance: Money
    frozen_amount: Money
    account_status: AccountStatus
    account_status_label: str
    sealed_on: dt.date | None = None
    retirement_month: dt.date | None = Field(None, description="first day of the statutory retirement month")
    retirement_age: str | None = Field(None, description="法定退休年龄, e.g. 60 岁 3 个月")  # i18n: data
    phone_masked: str = Field(description="where the SMS code goes")
    registered_bank_name: str
    registered_account_masked: str = Field(description="the member's registered bank account, last 4 digits")
    steps: list[str] = Field(description="the approval nodes the application will pass")


class SmsRequest(RequestModel):
    kind: WithdrawalKind | None = Field(None, description="checked for eligibility before a code is sent")


class WithdrawalRequest(RequestModel):
    kind: WithdrawalKind
    amount: str = Field(max_length=20, description="decimal string, two places at most", examples=["12000.00"])
    bank_account: str | None = Field(
        None, max_length=30, description="receiving card number; omitted: the member's registered account"
    )
    bank_name: str | None = Field(None, max_length=40, description="bank of bank_account (required with it)")
    sms_code: str = Field(max_length=10)
    payment_password: str = Field(max_length=20)


class ApplicationNode(WireModel):
    idx: int
    name: str
    state: Literal["done", "current", "pending", "rejected"]
    handler: str | None = None
    opinion: str | None = None
    at: Timestamp | None = None


class Application(WireModel):
    """One business the member started (我发起的)."""

    id: int
    number: str = Field(description="业务编号")  # i18n: data
    kind: ApplicationKind
    kind_label: str
    title: str
    amount: Money
    created_at: Timestamp
    finished_at: Timestamp | None = None
    state: str = Field(description="the node in progress, or where it ended (受理, 审核, 审批, 办结…)")  # i18n: data
    status: ApplicationStatus
    status_label: str
    contract_no: str | None = None


class ApplicationDetail(Application):
    nodes: list[ApplicationNode]
    bank_name: str | None = None
    bank_account_masked: str | None = None
    periods: int | None = None
    method_label: str | None = None
    schedule_note: str = Field("", description="how the application moves on, in Chinese")


class ApplicationPage(WireModel):
    items: list[Application]
    total: int
    page: int
    page_size: int


class Message(WireModel):
    id: int
    business: str = Field(description="业务名称")  # i18n: data
    content: str
    channel: str = Field(description="发送渠道")  # i18n: data
    sent_at: Timestamp
    status: MessageStatus


class MessagePage(WireModel):
    items: list[Message]
    total: int
    page: int
    page_size: int


class LoanRate(WireModel):
    max_periods: int
    annual_rate: Rate


class LoanRuleInfo(WireModel):
    """The published rule for new loans (see api_client.domain.loan_rules)."""

    balance_multiple: Decimal
    max_amount: Money
    min_amount: Money
    house_price_percent: Rate
    round_to: Money
    min_consecutive_months: int
    min_periods: int
    max_periods: int
    years_after_retirement: int
    rates: list[LoanRate]
    description: list[str]


class LoanQuota(WireModel):
    """What this member may borrow today, and every reason why not."""

    eligible: bool
    reasons: list[str]
    balance: Money
    consecutive_months: int = Field(description="months of deposits in a row up to the latest")
    max_amount: Money = Field(description="the limit before the house price is known")
    max_amount_basis: str
    max_periods: int = Field(description="the longest term allowed by age; below min_periods means none")
    retirement_month: dt.date
    banks: list[str] = Field(description="受委托银行 to choose from")  # i18n: data
    house_types: list[str]
    rule: LoanRuleInfo


class LoanApplicationRequest(RequestModel):
    amount: str = Field(max_length=20, examples=["500000.00"])
    # Declared, and refused by the service in the rule's own words (贷款期限应为 12–360 个月).
    periods: int = Field(
        json_schema_extra={"minimum": DEFAULT_RULE.min_periods, "maximum": DEFAULT_RULE.max_periods},
        description="贷款期数（月）",  # i18n: data
    )
    method: RepaymentMethod
    house_address: str = Field(max_length=80)
    house_type: str = Field(max_length=20)
    house_area: str = Field(max_length=12, description="square metres, e.g. 89.50")
    house_price: str = Field(max_length=20)
    seller_name: str = Field(max_length=60)
    seller_phone: str = Field(max_length=20)
    bank_name: str = Field(max_length=40)


class LoanApplicationResult(WireModel):
    application: Application
    contract_no: str
    annual_rate: Rate
    first_payment: Money
    last_payment: Money
    total_interest: Money


class CertificateLoan(WireModel):
    contract_no: str
    amount: Money
    disbursed_on: dt.date | None = None
    status_label: str
    balance: Money


class DepositCertificate(WireModel):
    """个人住房公积金缴存证明."""

    code: str = Field(description="验证码: checks the certificate at GET /certificates/{code}")  # i18n: data
    issued_on: dt.date
    centre_name: str
    name: str
    id_number_masked: str
    account_no: str
    employer_name: str
    opened_on: dt.date
    status: AccountStatus
    status_label: str
    base: Money
    monthly_deposit: Money
    employer_ratio: Rate
    personal_ratio: Rate
    balance: Money
    first_month: Month | None = Field(None, description="缴存起始年月")  # i18n: data
    last_month: Month | None = Field(None, description="缴存截止年月")  # i18n: data
    deposit_months: int = Field(description="缴存月数")  # i18n: data
    loans: list[CertificateLoan]
    loan_record: str = Field(description="贷款记录 in one sentence")  # i18n: data


class CertificateCheck(WireModel):
    """The answer to a verification code: genuine or not, and for whom (masked)."""

    genuine: bool
    message: str
    code: str
    issued_on: dt.date | None = None
    centre_name: str | None = None
    name_masked: str | None = None
    id_number_masked: str | None = None
    employer_name: str | None = None
    status_label: str | None = None
    balance: Money | None = None
    first_month: Month | None = None
    last_month: Month | None = None
