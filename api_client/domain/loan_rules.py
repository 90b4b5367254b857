"""The centre's published rule for a new provident-fund loan (贷款额度与期限).

Pure functions: the mock server enforces the rule with them and the loan-application screen shows the
same limits live as the member types, so the two cannot disagree.

The rule (``LoanRule``):

* the member's account is 正常 and deposits have been paid for at least 6 consecutive months;
* no other loan is repaying, approved or being processed;
* amount: at least 10,000.00, at most the smallest of account balance × 15, 800,000.00, and 80 % of
  the house price, rounded down to whole thousands of yuan;
* term: 12 to 360 months, and the last payment falls no later than 5 years after the member's
  statutory retirement month;
* annual rate: 2.10 % up to 60 months, 2.60 % above.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_FLOOR, Decimal

from ..i18n import N_
from .amortization import add_months
from .phrase import Phrase
from .retirement import full_months_between


@dataclass(frozen=True)
class LoanRule:
    balance_multiple: Decimal = Decimal("15")
    max_amount: Decimal = Decimal("800000.00")
    min_amount: Decimal = Decimal("10000.00")
    house_price_percent: Decimal = Decimal("80")
    round_to: Decimal = Decimal("1000")
    min_consecutive_months: int = 6
    min_periods: int = 12
    max_periods: int = 360
    years_after_retirement: int = 5
    short_term_periods: int = 60
    short_term_rate: Decimal = Decimal("2.10")
    long_term_rate: Decimal = Decimal("2.60")

    def annual_rate(self, periods: int) -> Decimal:
        """The yearly rate (percent) for a loan of ``periods`` months."""
        return self.short_term_rate if periods <= self.short_term_periods else self.long_term_rate

    def describe(self) -> list[str]:
        """The rule in plain Chinese, one line per condition (``Phrase``s: ``localize`` translates them)."""
        return [
            Phrase(N_("账户状态正常，且已连续缴存 {months} 个月以上"), months=self.min_consecutive_months),
            N_("名下没有未结清或正在办理的公积金贷款"),
            Phrase(
                N_(
                    "可贷额度 = 账户余额 × {multiple}、最高 {max_amount} 元、"
                    "房屋总价 × {percent}% 三者中的最小值，按千元向下取整"
                ),
                multiple=plain_number(self.balance_multiple),
                max_amount=f"{self.max_amount:,.2f}",
                percent=plain_number(self.house_price_percent),
            ),
            Phrase(N_("贷款金额不低于 {min_amount} 元"), min_amount=f"{self.min_amount:,.2f}"),
            Phrase(
                N_("贷款期限 {min_periods}–{max_periods} 个月，且不超过法定退休年龄后 {years} 年"),
                min_periods=self.min_periods,
                max_periods=self.max_periods,
                years=self.years_after_retirement,
            ),
            Phrase(
                N_("年利率：{short_periods} 个月及以下 {short_rate}%，以上 {long_rate}%"),
                short_periods=self.short_term_periods,
                short_rate=self.short_term_rate,
                long_rate=self.long_term_rate,
            ),
        ]


DEFAULT_RULE = LoanRule()


def plain_number(value: Decimal) -> str:
    """``Decimal('80.00')`` → ``80``, ``Decimal('2.50')`` → ``2.5``: a number as a person writes it."""
    if value == value.to_integral_value():
        return str(value.quantize(Decimal(1)))
    return format(value.normalize(), "f")


def _floor_to(value: Decimal, step: Decimal) -> Decimal:
    if value <= 0:
        return Decimal("0.00")
    return ((value / step).to_integral_value(rounding=ROUND_FLOOR) * step).quantize(Decimal("0.01"))


@dataclass(frozen=True)
class LoanLimit:
    amount: Decimal
    basis: str  # which bound decided it, a Phrase in Chinese: "账户余额 × 15", "最高额度", "房屋总价 × 80%"


def loan_limit(balance: Decimal, house_price: Decimal | None = None, rule: LoanRule = DEFAULT_RULE) -> LoanLimit:
    """The largest amount the member may borrow; ``house_price`` None leaves that bound out."""
    bounds = [
        (
            balance * rule.balance_multiple,
            Phrase(N_("账户余额 × {multiple}"), multiple=plain_number(rule.balance_multiple)),
        ),
        (rule.max_amount, N_("最高额度")),
    ]
    if house_price is not None:
        bounds.append(
            (
                house_price * rule.house_price_percent / 100,
                Phrase(N_("房屋总价 × {percent}%"), percent=plain_number(rule.house_price_percent)),
            )
        )
    value, basis = min(bounds, key=lambda bound: bound[0])
    return LoanLimit(_floor_to(value, rule.round_to), basis)


def last_payment_month_limit(retirement_month: dt.date, rule: LoanRule = DEFAULT_RULE) -> dt.date:
    """The last month a loan may run to: ``years_after_retirement`` years after the retirement month."""
    return add_months(retirement_month, rule.years_after_retirement * 12)


def max_periods(today: dt.date, retirement_month: dt.date, rule: LoanRule = DEFAULT_RULE) -> int:
    """The longest term (months) a member may choose today; below ``min_periods`` means none."""
    limit = last_payment_month_limit(retirement_month, rule)
    return max(0, min(rule.max_periods, full_months_between(today, limit)))


def term_problem(periods: int, longest: int, rule: LoanRule = DEFAULT_RULE) -> str | None:
    """What is wrong with a term of ``periods`` months for a member whose longest term is ``longest``
    (``max_periods``): the limit that applies to this member, not the general one when hers is lower."""
    if periods < rule.min_periods:
        return Phrase(N_("贷款期限最短 {periods} 个月"), periods=rule.min_periods)
    if longest < rule.max_periods and periods > longest:
        if longest < rule.min_periods:
            return N_("按您的年龄已不能申请公积金贷款")
        return Phrase(N_("按您的年龄，贷款期限最长 {periods} 个月"), periods=longest)
    if periods > rule.max_periods:
        return Phrase(
            N_("贷款期限应为 {min_periods}–{max_periods} 个月"),
            min_periods=rule.min_periods,
            max_periods=rule.max_periods,
        )
    return None


def too_old_reason(last_month: str, rule: LoanRule = DEFAULT_RULE) -> str:
    """Why a member past the age for even the shortest term may not borrow (``last_month``: a
    ``formatting.Month``, 2050年7月, or any text)."""
    return Phrase(
        N_(
            "贷款须在法定退休年龄后 {years} 年内（{month}前）还清，"
            "按您的年龄，即使最短的 {periods} 个月期限也无法在此前还清，因此不能申请公积金贷款"
        ),
        years=rule.years_after_retirement,
        month=last_month,
        periods=rule.min_periods,
    )
