"""等额本息 and 等额本金 to the fen: properties over amounts, terms 1–360 and rates, plus known figures."""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from api_client.domain.amortization import (
    EQUAL_INSTALLMENT,
    EQUAL_PRINCIPAL,
    add_months,
    amortize,
    estimate,
    installment,
    late_penalty,
    monthly_rate,
    rate_change_effective_on,
)

CENT = Decimal("0.01")
amounts = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("5000000"), places=2)
terms = st.integers(min_value=1, max_value=360)
rates = st.decimals(min_value=Decimal("0.00"), max_value=Decimal("12.00"), places=2)
methods = st.sampled_from([EQUAL_INSTALLMENT, EQUAL_PRINCIPAL])
START = dt.date(2020, 3, 31)


def fen(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def check_recurrence(rows, amount: Decimal) -> None:
    opening = amount
    for row in rows:
        assert row.opening_balance == opening
        assert row.interest == fen(row.opening_balance * monthly_rate(row.annual_rate))
        assert row.payment == row.principal + row.interest
        assert row.closing_balance == row.opening_balance - row.principal
        assert row.principal >= 0 and row.closing_balance >= 0
        for value in (row.principal, row.interest, row.payment, row.closing_balance):
            assert value == value.quantize(CENT)
        opening = row.closing_balance
    assert rows[-1].closing_balance == Decimal("0.00")
    assert sum(row.principal for row in rows) == amount


@settings(max_examples=150, deadline=None)
@given(amounts, terms, rates, methods)
def test_every_plan_obeys_the_rules(amount: Decimal, periods: int, rate: Decimal, method: str) -> None:
    rows = amortize(amount, periods, method, rate, START)
    assert len(rows) == periods
    check_recurrence(rows, amount)
    if method == EQUAL_INSTALLMENT:
        expected = installment(amount, periods, rate)
        # Every period but the last pays the installment, unless the balance ran out first.
        assert all(row.payment == expected for row in rows[:-1] if row.closing_balance > 0)
    else:
        share = fen(amount / periods)
        assert all(row.principal == share for row in rows[:-1] if row.closing_balance > 0)


@settings(max_examples=100, deadline=None)
@given(amounts, st.integers(min_value=13, max_value=360), rates, rates, methods, st.integers(min_value=1, max_value=11))
def test_a_rate_change_re_amortizes_from_the_first_of_january(amount, periods, old, new, method, month) -> None:
    announced = add_months(START, month)
    effective = rate_change_effective_on(announced)
    rows = amortize(amount, periods, method, old, START, rate_changes=[(effective, new)])
    check_recurrence(rows, amount)
    before = [row for row in rows if row.due_on < effective]
    after = [row for row in rows if row.due_on >= effective]
    assert all(row.annual_rate == old for row in before)
    assert all(row.annual_rate == new for row in after)
    if after and new != old and method == EQUAL_INSTALLMENT and len(after) > 1 and after[0].opening_balance > 0:
        # The first new-rate period pays the installment of what is left over what is left.
        assert (
            after[0].payment == installment(after[0].opening_balance, len(after), new) or after[0].closing_balance == 0
        )


def test_known_figures() -> None:
    # 430,000.00 over 360 months at 3.25 %: P·r·(1+r)^n/((1+r)^n − 1) = 1,871.385… → 1,871.39.
    assert installment(Decimal("430000"), 360, Decimal("3.25")) == Decimal("1871.39")
    rows = amortize(Decimal("430000"), 360, EQUAL_INSTALLMENT, Decimal("3.25"), dt.date(2015, 7, 15), 15)
    assert rows[0].interest == Decimal("1164.58")  # 430,000 × 0.0325 / 12 = 1,164.583…
    assert rows[0].principal == Decimal("706.81")
    assert rows[0].due_on == dt.date(2015, 8, 15) and rows[-1].due_on == dt.date(2045, 7, 15)
    equal_principal = amortize(Decimal("300000"), 240, EQUAL_PRINCIPAL, Decimal("3.25"), dt.date(2019, 4, 8), 8)
    assert equal_principal[0].principal == Decimal("1250.00") and equal_principal[0].interest == Decimal("812.50")


def test_due_dates_clamp_to_the_end_of_short_months() -> None:
    rows = amortize(Decimal("1000"), 3, EQUAL_PRINCIPAL, Decimal("3"), dt.date(2024, 1, 31))
    assert [row.due_on for row in rows] == [dt.date(2024, 2, 29), dt.date(2024, 3, 31), dt.date(2024, 4, 30)]


def test_late_penalty_formula() -> None:
    # 罚息 = 逾期本息 × 年利率/360 × 1.5 × 逾期天数: 1,988.02 overdue for 20 days at 3.25 %.
    assert late_penalty(Decimal("1988.02"), Decimal("3.25"), 20) == fen(
        Decimal("1988.02") * Decimal("0.0325") / 360 * Decimal("1.5") * 20
    )
    assert late_penalty(Decimal("1000"), Decimal("3.25"), 0) == Decimal("0.00")


def test_estimate_uses_the_same_plan() -> None:
    result = estimate(Decimal("200000"), 120, EQUAL_PRINCIPAL, Decimal("2.60"), dt.date(2026, 11, 22))
    rows = amortize(Decimal("200000"), 120, EQUAL_PRINCIPAL, Decimal("2.60"), dt.date(2026, 11, 22))
    assert result.first_payment == rows[0].payment and result.last_payment == rows[-1].payment
    assert result.total_interest == sum(row.interest for row in rows)
    assert result.total_payment == Decimal("200000.00") + result.total_interest
