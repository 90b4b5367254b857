"""The seeded personas: synthetic people, each standing for an edge case (DESIGN.md).

Only the facts that make a persona what it is live here; ``seed.py`` turns them into a deterministic
history (deposits, interest, withdrawals, loans and their repayments, messages, applications) up to
the mock's "today". Dates given as negative month counts are relative to "today".
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

D = Decimal


@dataclass(frozen=True)
class LoanSpec:
    amount: Decimal
    periods: int
    method: str
    annual_rate: Decimal
    status: str
    disbursed_on: dt.date | None = None  # None for a loan not yet disbursed
    repayment_day: int | None = None
    applied_months_ago: int | None = None  # for loans still in progress: relative to today
    applied_days_ago: int | None = None
    rate_changes: tuple[tuple[dt.date, Decimal], ...] = ()
    late_periods: tuple[tuple[int, int], ...] = ()  # (period, days late): repaid late, with 罚息
    loan_type: str = "公积金贷款"
    house_type: str = "商品房"
    house_address: str = ""
    bank_name: str = "演示市建设银行城南支行"
    co_borrower: tuple[str, str] | None = None  # (name, id number)
    current_step: int | None = None  # index of the step in progress, for undisbursed loans


@dataclass(frozen=True)
class Persona:
    key: str
    name: str
    id_number: str
    phone: str
    password: str | None
    situation: str
    status: str
    opened_on: dt.date
    employer_name: str
    employer_account_no: str
    org: str
    base_start: Decimal
    base_growth: Decimal  # yearly rise of the deposit base, every July
    employer_ratio: Decimal
    personal_ratio: Decimal
    bank_name: str = "演示市工商银行营业部"
    sealed_months_ago: int | None = None
    sealed_on: dt.date | None = None
    closed_on: dt.date | None = None
    frozen_amount: Decimal = D("0.00")
    female_cadre: bool = False
    transfer_in: tuple[dt.date, Decimal, str] | None = None
    purchase_withdrawal: tuple[dt.date, Decimal] | None = None
    back_pay: tuple[dt.date, str] | None = None  # (posted on, for month)
    loans: tuple[LoanSpec, ...] = ()
    ledger_target: int | None = None  # exact number of ledger entries (benchmark persona)
    payment_password: str | None = "135790"
    extra: dict[str, str] = field(default_factory=dict)


PAYMENT_PASSWORD = "135790"

PERSONAS: tuple[Persona, ...] = (
    Persona(
        key="demo",
        name="张伟",
        id_number="110105198503120039",
        phone="13800000001",
        password="demo1234",
        situation="演示账户：账户正常，一笔等额本息贷款还款中，多年明细、消息和申请",
        status="normal",
        opened_on=dt.date(2008, 7, 1),
        employer_name="演示市智联信息技术有限公司",
        employer_account_no="801000102301",
        org="市直管理部",
        base_start=D("4200"),
        base_growth=D("0.07"),
        employer_ratio=D("12"),
        personal_ratio=D("12"),
        purchase_withdrawal=(dt.date(2015, 6, 18), D("60000.00")),
        back_pay=(dt.date(2012, 3, 14), "2011-12"),
        loans=(
            LoanSpec(
                amount=D("430000.00"),
                periods=360,
                method="equal_installment",
                annual_rate=D("3.25"),
                status="repaying",
                disbursed_on=dt.date(2015, 7, 15),
                repayment_day=15,
                house_address="演示市高新区云杉路 88 号 3 栋 1202 室",
                co_borrower=("刘芳", "110105198709150022"),
            ),
        ),
    ),
    Persona(
        key="no_loan",
        name="李娜",
        id_number="110105199007010046",
        phone="13800000002",
        password="demo1234",
        situation="账户正常，没有贷款",
        status="normal",
        opened_on=dt.date(2013, 9, 1),
        employer_name="演示市第一人民医院",
        employer_account_no="801000204518",
        org="城东管理部",
        base_start=D("6000"),
        base_growth=D("0.06"),
        employer_ratio=D("10"),
        personal_ratio=D("10"),
        transfer_in=(dt.date(2013, 10, 21), D("12345.67"), "异地转入（原缴存地：北方市）"),
    ),
    Persona(
        key="three_loans",
        name="王强",
        id_number="320102197802150014",
        phone="13800000003",
        password="demo1234",
        situation="三笔贷款：一笔已结清，一笔已审批未发放，一笔等额本金还款中（有过一次逾期）",
        status="normal",
        opened_on=dt.date(2003, 4, 1),
        employer_name="华北精密机械制造有限公司",
        employer_account_no="801000300077",
        org="高新区管理部",
        base_start=D("2500"),
        base_growth=D("0.08"),
        employer_ratio=D("12"),
        personal_ratio=D("12"),
        loans=(
            LoanSpec(
                amount=D("200000.00"),
                periods=120,
                method="equal_installment",
                annual_rate=D("4.41"),
                status="settled",
                disbursed_on=dt.date(2006, 9, 20),
                repayment_day=20,
                rate_changes=((dt.date(2009, 1, 1), D("3.33")), (dt.date(2012, 1, 1), D("4.50"))),
                house_address="演示市城东区梧桐街 12 号 2 单元 501 室",
                bank_name="演示市农业银行城东支行",
            ),
            LoanSpec(
                amount=D("300000.00"),
                periods=240,
                method="equal_principal",
                annual_rate=D("3.25"),
                status="repaying",
                disbursed_on=dt.date(2019, 4, 8),
                repayment_day=8,
                rate_changes=(
                    (dt.date(2023, 1, 1), D("3.10")),
                    (dt.date(2025, 1, 1), D("2.85")),
                    (dt.date(2026, 1, 1), D("2.60")),
                ),
                late_periods=((23, 20),),
                loan_type="组合贷款（公积金部分）",
                house_address="演示市高新区银杏大道 166 号 9 栋 2301 室",
            ),
            LoanSpec(
                amount=D("150000.00"),
                periods=120,
                method="equal_installment",
                annual_rate=D("2.60"),
                status="approved",
                applied_days_ago=27,
                current_step=4,
                house_type="二手房",
                house_address="演示市城南区香樟路 7 号 1 栋 302 室",
                bank_name="演示市中国银行城南支行",
            ),
        ),
    ),
    Persona(
        key="sealed_eligible",
        name="陈静",
        id_number="440305198811200062",
        phone="13800000004",
        password="demo1234",
        situation="账户封存 7 个月，没有贷款：可以离职提取",
        status="sealed",
        opened_on=dt.date(2012, 5, 1),
        employer_name="演示市优品贸易有限公司",
        employer_account_no="801000405233",
        org="城南管理部",
        base_start=D("5000"),
        base_growth=D("0.05"),
        employer_ratio=D("8"),
        personal_ratio=D("8"),
        sealed_months_ago=7,
    ),
    Persona(
        key="sealed_recent",
        name="刘洋",
        id_number="110108199205050072",
        phone="13800000005",
        password="demo1234",
        situation="账户封存 3 个月：还不能离职提取",
        status="sealed",
        opened_on=dt.date(2016, 7, 1),
        employer_name="演示市星辰网络科技有限公司",
        employer_account_no="801000509901",
        org="高新区管理部",
        base_start=D("7000"),
        base_growth=D("0.06"),
        employer_ratio=D("12"),
        personal_ratio=D("12"),
        sealed_months_ago=3,
    ),
    Persona(
        key="retired",
        name="黄勇",
        id_number="360802195706030051",
        phone="13800000006",
        password="demo1234",
        situation="已到法定退休年龄：可以离退休提取",
        status="sealed",
        opened_on=dt.date(1999, 1, 1),
        employer_name="演示市第三建筑工程公司",
        employer_account_no="801000600312",
        org="城西管理部",
        base_start=D("1500"),
        base_growth=D("0.08"),
        employer_ratio=D("10"),
        personal_ratio=D("10"),
        sealed_on=dt.date(2017, 7, 1),
    ),
    Persona(
        key="closed",
        name="周芳",
        id_number="510107199510300080",
        phone="13800000007",
        password=None,
        situation="已销户：不能注册",
        status="closed",
        opened_on=dt.date(2017, 8, 1),
        employer_name="演示市悦来餐饮管理有限公司",
        employer_account_no="801000700845",
        org="城东管理部",
        base_start=D("3500"),
        base_growth=D("0.05"),
        employer_ratio=D("5"),
        personal_ratio=D("5"),
        sealed_on=dt.date(2023, 6, 1),
        closed_on=dt.date(2024, 3, 15),
        payment_password=None,
    ),
    Persona(
        key="unregistered",
        name="吴磊",
        id_number="110101198001010096",
        phone="13800000008",
        password=None,
        situation="中心有记录，尚未注册网厅",
        status="normal",
        opened_on=dt.date(2004, 2, 1),
        employer_name="演示市交通运输集团有限公司",
        employer_account_no="801000801266",
        org="市直管理部",
        base_start=D("2800"),
        base_growth=D("0.07"),
        employer_ratio=D("12"),
        personal_ratio=D("12"),
        payment_password=None,
    ),
    Persona(
        key="frozen",
        name="孙丽",
        id_number="370402196509180020",
        phone="13800000009",
        password="demo1234",
        situation="账户冻结",
        status="frozen",
        opened_on=dt.date(2001, 10, 1),
        employer_name="演示市纺织集团有限公司",
        employer_account_no="801000903390",
        org="城西管理部",
        base_start=D("1800"),
        base_growth=D("0.07"),
        employer_ratio=D("10"),
        personal_ratio=D("10"),
        frozen_amount=D("50000.00"),
        female_cadre=True,
    ),
    Persona(
        key="benchmark",
        name="郑军",
        id_number="440305197504200017",
        phone="13800000010",
        password="demo1234",
        situation="基准测试用：12,000 条明细，一笔 360 期贷款",
        status="normal",
        opened_on=dt.date(1996, 1, 1),
        employer_name="演示市电力设计院",
        employer_account_no="801001000058",
        org="市直管理部",
        base_start=D("1200"),
        base_growth=D("0.08"),
        employer_ratio=D("12"),
        personal_ratio=D("12"),
        ledger_target=12000,
        loans=(
            LoanSpec(
                amount=D("600000.00"),
                periods=360,
                method="equal_installment",
                annual_rate=D("4.50"),
                status="repaying",
                disbursed_on=dt.date(2011, 6, 18),
                repayment_day=18,
                rate_changes=(
                    (dt.date(2013, 1, 1), D("4.00")),
                    (dt.date(2016, 1, 1), D("3.25")),
                    (dt.date(2023, 1, 1), D("3.10")),
                    (dt.date(2025, 1, 1), D("2.85")),
                    (dt.date(2026, 1, 1), D("2.60")),
                ),
                house_address="演示市滨江区临江路 1 号 18 栋 2601 室",
            ),
        ),
    ),
)

PERSONAS_BY_KEY = {persona.key: persona for persona in PERSONAS}
