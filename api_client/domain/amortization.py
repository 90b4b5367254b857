"""Loan amortization: 等额本息 (equal installment) and 等额本金 (equal principal).

Decimal arithmetic only. The rules (DESIGN.md):

* monthly rate r = annual rate / 12;
* each period's interest is the opening balance × r, rounded half-up to the fen;
* 等额本息: payment P·r·(1+r)^n / ((1+r)^n − 1) rounded half-up, principal = payment − interest;
* 等额本金: principal P/n rounded half-up, the remainder in the last period;
* the last period clears the balance to 0.00;
* a rate change takes effect on 1 January of the next year and re-amortizes the remaining
  balance over the remaining periods.

The mock server computes plans and repayments with these functions; the screens reuse them for the
loan estimate, so the two can never disagree.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, localcontext

from ..i18n import N_

CENT = Decimal("0.01")
ZERO = Decimal("0.00")

EQUAL_INSTALLMENT = "equal_installment"
EQUAL_PRINCIPAL = "equal_principal"
# The centre's names (msgids: the screens translate them where shown; the mock sends them as they are).
METHOD_LABELS = {EQUAL_INSTALLMENT: N_("等额本息"), EQUAL_PRINCIPAL: N_("等额本金")}


def to_fen(value: Decimal) -> Decimal:
    """Round half-up to two places."""
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def monthly_rate(annual_rate_percent: Decimal) -> Decimal:
    """3.25 (percent a year) → 0.0027083… a month, at 40 significant digits."""
    with localcontext() as ctx:
        ctx.prec = 40
        return annual_rate_percent / Decimal(1200)


def installment(principal: Decimal, periods: int, annual_rate_percent: Decimal) -> Decimal:
    """The 等额本息 monthly payment, rounded half-up to the fen."""
    if periods <= 0:
        raise ValueError("periods must be positive")
    if principal <= 0:
        return ZERO
    r = monthly_rate(annual_rate_percent)
    if r == 0:
        return to_fen(principal / periods)
    with localcontext() as ctx:
        ctx.prec = 40
        growth = (1 + r) ** periods
        payment = principal * r * growth / (growth - 1)
    return to_fen(payment)


def add_months(day: dt.date, months: int, day_of_month: int | None = None) -> dt.date:
    """``day`` moved by ``months``, on ``day_of_month`` (default: the same day), clamped to the month's end."""
    index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(index, 12)
    month += 1
    wanted = day_of_month if day_of_month is not None else day.day
    return dt.date(year, month, min(wanted, calendar.monthrange(year, month)[1]))


def rate_change_effective_on(announced_on: dt.date) -> dt.date:
    """For loans already disbursed, a new rate applies from 1 January of the following year."""
    return dt.date(announced_on.year + 1, 1, 1)


@dataclass(frozen=True)
class PlanRow:
    period: int
    due_on: dt.date
    opening_balance: Decimal
    principal: Decimal
    interest: Decimal
    payment: Decimal
    closing_balance: Decimal
    annual_rate: Decimal


def amortize(
    principal: Decimal,
    periods: int,
    method: str,
    annual_rate: Decimal,
    disbursed_on: dt.date,
    repayment_day: int | None = None,
    rate_changes: Sequence[tuple[dt.date, Decimal]] = (),
) -> list[PlanRow]:
    """The full repayment plan of a loan.

    ``rate_changes`` holds ``(effective_on, annual_rate)`` pairs (already moved to 1 January, see
    ``rate_change_effective_on``). The first payment falls one month after disbursement, on
    ``repayment_day`` (default: the day of disbursement).
    """
    if method not in METHOD_LABELS:
        raise ValueError(f"unknown repayment method {method!r}")
    if periods <= 0:
        raise ValueError("periods must be positive")
    principal = to_fen(principal)
    changes = sorted(rate_changes)
    rate = annual_rate
    balance = principal
    payment = installment(principal, periods, rate) if method == EQUAL_INSTALLMENT else ZERO
    fixed_principal = to_fen(principal / periods) if method == EQUAL_PRINCIPAL else ZERO
    day = repayment_day or disbursed_on.day
    rows: list[PlanRow] = []
    for period in range(1, periods + 1):
        due_on = add_months(disbursed_on, period, day)
        new_rate = rate
        while changes and changes[0][0] <= due_on:
            new_rate = changes.pop(0)[1]
        remaining = periods - period + 1
        if new_rate != rate:
            rate = new_rate
            if method == EQUAL_INSTALLMENT:
                payment = installment(balance, remaining, rate)
            else:
                fixed_principal = to_fen(balance / remaining)
        interest = to_fen(balance * monthly_rate(rate))
        if period == periods:
            part = balance
        elif method == EQUAL_INSTALLMENT:
            part = min(max(payment - interest, ZERO), balance)
        else:
            part = min(fixed_principal, balance)
        closing = balance - part
        rows.append(
            PlanRow(
                period=period,
                due_on=due_on,
                opening_balance=balance,
                principal=part,
                interest=interest,
                payment=part + interest,
                closing_balance=closing,
                annual_rate=rate,
            )
        )
        balance = closing
    return rows


def late_penalty(overdue_amount: Decimal, annual_rate: Decimal, days_late: int) -> Decimal:
    """罚息 = 逾期本息 × 年利率 / 360 × 1.5 × 逾期天数, rounded half-up to the fen."""
    if days_late <= 0:
        return ZERO
    with localcontext() as ctx:
        ctx.prec = 40
        value = overdue_amount * annual_rate / Decimal(100) / Decimal(360) * Decimal("1.5") * days_late
    return to_fen(value)


@dataclass(frozen=True)
class LoanEstimate:
    first_payment: Decimal
    last_payment: Decimal
    total_interest: Decimal
    total_payment: Decimal


def estimate(principal: Decimal, periods: int, method: str, annual_rate: Decimal, start: dt.date) -> LoanEstimate:
    """Monthly payments and totals of a prospective loan, from the same plan a contract would get."""
    rows = amortize(principal, periods, method, annual_rate, start)
    interest = sum((row.interest for row in rows), ZERO)
    return LoanEstimate(
        first_payment=rows[0].payment,
        last_payment=rows[-1].payment,
        total_interest=interest,
        total_payment=to_fen(principal) + interest,
    )
