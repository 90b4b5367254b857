"""Pure business helpers: the statutory retirement age (property tests), whole months, the loan rule,
card numbers and typed amounts."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from api_client.domain.amortization import add_months
from api_client.domain.amounts import AmountError, parse_amount
from api_client.domain.bankcard import bank_card_error, luhn_ok
from api_client.domain.loan_rules import DEFAULT_RULE, loan_limit, max_periods
from api_client.domain.retirement import (
    extra_months,
    full_months_between,
    has_reached_retirement_age,
    retirement_month,
    statutory_retirement_age,
)

births = st.dates(min_value=dt.date(1940, 1, 1), max_value=dt.date(2010, 12, 31))
kinds = st.sampled_from([(True, False), (False, False), (False, True)])  # (male, female_cadre)
ORIGINAL = {(True, False): 60, (False, False): 50, (False, True): 55}
SCHEDULE = {(True, False): (1965, 4, 36), (False, False): (1975, 2, 60), (False, True): (1970, 4, 36)}


@pytest.mark.parametrize(
    ("birth", "male", "cadre", "age", "retires"),
    [
        # men: +1 month per 4 months of birth from 1965-01, up to 63
        (dt.date(1964, 12, 31), True, False, (60, 0), dt.date(2024, 12, 1)),
        (dt.date(1965, 1, 1), True, False, (60, 1), dt.date(2025, 2, 1)),
        (dt.date(1965, 4, 30), True, False, (60, 1), dt.date(2025, 5, 1)),
        (dt.date(1965, 5, 1), True, False, (60, 2), dt.date(2025, 7, 1)),
        (dt.date(1976, 8, 31), True, False, (62, 11), dt.date(2039, 7, 1)),
        (dt.date(1976, 9, 1), True, False, (63, 0), dt.date(2039, 9, 1)),
        (dt.date(1990, 1, 1), True, False, (63, 0), dt.date(2053, 1, 1)),
        # women 50 → 55: +1 month per 2 months from 1975-01
        (dt.date(1974, 12, 1), False, False, (50, 0), dt.date(2024, 12, 1)),
        (dt.date(1975, 1, 15), False, False, (50, 1), dt.date(2025, 2, 1)),
        (dt.date(1975, 3, 15), False, False, (50, 2), dt.date(2025, 5, 1)),
        (dt.date(1984, 10, 1), False, False, (54, 11), dt.date(2039, 9, 1)),
        (dt.date(1984, 11, 1), False, False, (55, 0), dt.date(2039, 11, 1)),
        # women 55 → 58 (女干部): +1 month per 4 months from 1970-01
        (dt.date(1969, 12, 1), False, True, (55, 0), dt.date(2024, 12, 1)),
        (dt.date(1970, 1, 1), False, True, (55, 1), dt.date(2025, 2, 1)),
        (dt.date(1981, 8, 1), False, True, (57, 11), dt.date(2039, 7, 1)),
        (dt.date(1981, 9, 1), False, True, (58, 0), dt.date(2039, 9, 1)),
    ],
)
def test_published_table_points(birth, male, cadre, age, retires) -> None:
    result = statutory_retirement_age(birth, male=male, female_cadre=cadre)
    assert (result.years, result.months) == age
    assert retirement_month(birth, male=male, female_cadre=cadre) == retires


def test_personas() -> None:
    assert statutory_retirement_age(dt.date(1957, 6, 3), male=True).label == "60 岁"  # 黄勇
    assert statutory_retirement_age(dt.date(1985, 3, 12), male=True).label == "63 岁"  # 张伟
    assert statutory_retirement_age(dt.date(1965, 9, 18), male=False, female_cadre=True).label == "55 岁"  # 孙丽
    assert statutory_retirement_age(dt.date(1966, 1, 1), male=True).label == "60 岁 4 个月"


def reference_extra(birth: dt.date, kind: tuple[bool, bool]) -> int:
    """Walk month by month from the first raised birth month: the slow, obvious way."""
    first_year, every, cap = SCHEDULE[kind]
    month = dt.date(first_year, 1, 1)
    extra, step = 0, 0
    while month <= birth.replace(day=1):
        if step % every == 0:
            extra = min(extra + 1, cap)
        step += 1
        month = add_months(month, 1)
    return extra


@given(births, kinds)
def test_age_is_the_original_plus_the_walked_raise(birth: dt.date, kind: tuple[bool, bool]) -> None:
    male, cadre = kind
    age = statutory_retirement_age(birth, male=male, female_cadre=cadre)
    assert extra_months(birth, male=male, female_cadre=cadre) == reference_extra(birth, kind)
    assert age.total_months == ORIGINAL[kind] * 12 + reference_extra(birth, kind)
    assert ORIGINAL[kind] * 12 <= age.total_months <= ORIGINAL[kind] * 12 + SCHEDULE[kind][2]


@given(births, births, kinds)
def test_a_later_birth_month_never_retires_earlier_or_younger(a: dt.date, b: dt.date, kind: tuple[bool, bool]) -> None:
    male, cadre = kind
    early, late = sorted((a, b))
    age_early = statutory_retirement_age(early, male=male, female_cadre=cadre).total_months
    age_late = statutory_retirement_age(late, male=male, female_cadre=cadre).total_months
    assert age_early <= age_late
    month_early = retirement_month(early, male=male, female_cadre=cadre)
    month_late = retirement_month(late, male=male, female_cadre=cadre)
    if (early.year, early.month) == (late.year, late.month):
        assert month_early == month_late
    else:
        assert month_early < month_late


@given(births, kinds)
def test_reached_from_the_first_day_of_the_retirement_month(birth: dt.date, kind: tuple[bool, bool]) -> None:
    male, cadre = kind
    month = retirement_month(birth, male=male, female_cadre=cadre)
    assert month.day == 1
    assert not has_reached_retirement_age(birth, month - dt.timedelta(days=1), male=male, female_cadre=cadre)
    assert has_reached_retirement_age(birth, month, male=male, female_cadre=cadre)
    # Nobody affected by the reform retires before it began.
    if extra_months(birth, male=male, female_cadre=cadre):
        assert month >= dt.date(2025, 1, 1)


@given(
    st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2060, 1, 1)),
    st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2060, 1, 1)),
)
def test_full_months_between(start: dt.date, end: dt.date) -> None:
    months = full_months_between(start, end)
    if end <= start:
        assert months == 0
        return
    assert add_months(start, months) <= end < add_months(start, months + 1)


def test_full_months_examples() -> None:
    assert full_months_between(dt.date(2026, 4, 22), dt.date(2026, 10, 21)) == 5
    assert full_months_between(dt.date(2026, 4, 22), dt.date(2026, 10, 22)) == 6
    assert full_months_between(dt.date(2026, 1, 31), dt.date(2026, 2, 28)) == 1


# --- the loan rule -------------------------------------------------------------------------------------


def test_loan_limit_takes_the_smallest_bound_rounded_down_to_thousands() -> None:
    assert loan_limit(Decimal("20123.45")) == loan_limit(Decimal("20123.45"), None)
    small = loan_limit(Decimal("20123.45"))  # × 15 = 301,851.75
    assert (small.amount, small.basis) == (Decimal("301000.00"), "账户余额 × 15")
    capped = loan_limit(Decimal("321373.34"))
    assert (capped.amount, capped.basis) == (Decimal("800000.00"), "最高额度")
    by_price = loan_limit(Decimal("321373.34"), Decimal("638888.88"))  # × 80 % = 511,111.104
    assert (by_price.amount, by_price.basis) == (Decimal("511000.00"), "房屋总价 × 80%")
    assert loan_limit(Decimal("0.00")).amount == Decimal("0.00")


@given(st.decimals(min_value=0, max_value=10**7, places=2), st.decimals(min_value=1, max_value=10**8, places=2))
def test_loan_limit_never_exceeds_any_bound(balance: Decimal, price: Decimal) -> None:
    limit = loan_limit(balance, price).amount
    assert limit <= balance * 15 and limit <= DEFAULT_RULE.max_amount and limit <= price * Decimal("0.8")
    assert limit % 1000 == 0
    assert limit + 1000 > min(balance * 15, DEFAULT_RULE.max_amount, price * Decimal("0.8"))


def test_term_limit_by_age() -> None:
    # retires 2045-07; loans must end by 2050-07-01
    assert max_periods(dt.date(2026, 11, 22), dt.date(2045, 7, 1)) == 283
    assert max_periods(dt.date(2026, 11, 22), dt.date(2070, 1, 1)) == 360
    assert max_periods(dt.date(2026, 11, 22), dt.date(2020, 9, 1)) == 0
    assert DEFAULT_RULE.annual_rate(60) == Decimal("2.10") and DEFAULT_RULE.annual_rate(61) == Decimal("2.60")


# --- card numbers and amounts -------------------------------------------------------------------------


@given(st.text(alphabet="0123456789", min_size=15, max_size=18))
def test_luhn_check_digit(body: str) -> None:
    digit = next(d for d in "0123456789" if luhn_ok(body + d))
    assert bank_card_error(body + digit) is None
    for other in "0123456789":
        if other != digit:
            assert bank_card_error(body + other) == "银行卡号校验不正确，请核对"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "请输入银行卡号"),
        ("6222-0212", "银行卡号只能包含数字"),
        ("622202123", "银行卡号应为 16–19 位数字"),
    ],
)
def test_card_messages(text: str, message: str) -> None:
    assert bank_card_error(text) == message


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("12345", "12345.00"),
        ("12,345.6", "12345.60"),
        (" 0.01 ", "0.01"),
        ("214，325.34", "214325.34"),
    ],
)
def test_amounts_people_type(text: str, value: str) -> None:
    assert parse_amount(text) == Decimal(value)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "请输入金额"),
        ("-5", "金额只能是数字，如 12345.67"),
        ("1e5", "金额只能是数字，如 12345.67"),
        ("1.2.3", "金额格式不正确，如 12345.67"),
        ("0.00", "金额应大于 0"),
        ("1.234", "金额最多保留两位小数"),
        ("100000000", "金额过大"),
    ],
)
def test_amount_messages(text: str, message: str) -> None:
    with pytest.raises(AmountError) as caught:
        parse_amount(text)
    assert str(caught.value) == message


def test_the_term_problem_names_the_members_own_limit() -> None:
    from api_client.domain.loan_rules import term_problem

    assert term_problem(400, 283) == "按您的年龄，贷款期限最长 283 个月"
    assert term_problem(300, 283) == "按您的年龄，贷款期限最长 283 个月"
    assert term_problem(283, 283) is None
    assert term_problem(400, 360) == "贷款期限应为 12–360 个月"
    assert term_problem(6, 283) == "贷款期限最短 12 个月"
    assert term_problem(24, 5) == "按您的年龄已不能申请公积金贷款"
