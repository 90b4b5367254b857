"""How figures are written for people: amounts with thousands separators, rates, dates, months."""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

from ..i18n import N_, _
from .phrase import Translate

# How a month is written: YYYY the year, MM the month with a leading zero, M without one.
MONTH_PATTERN = N_("YYYY年M月")


def fmt_money(value: Decimal | None, *, blank: str = "—") -> str:
    """``Decimal('430000')`` → ``'430,000.00'``; None → ``'—'``."""
    if value is None:
        return blank
    return f"{value.quantize(Decimal('0.01'), rounding=ROUND_HALF_UP):,.2f}"


def fmt_rate(value: Decimal | None, *, blank: str = "—") -> str:
    """A percentage: ``Decimal('3.25')`` → ``'3.25%'``."""
    if value is None:
        return blank
    return f"{value.quantize(Decimal('0.01'), rounding=ROUND_HALF_UP)}%"


def fmt_date(value: dt.date | None, *, blank: str = "—") -> str:
    return value.isoformat() if value else blank


def fmt_datetime(value: dt.datetime | None, *, blank: str = "—") -> str:
    return value.strftime("%Y-%m-%d %H:%M") if value else blank


def month_in(pattern: str, value: str) -> str:
    """``value`` (``'2026-01'``) written by ``pattern``: ``'YYYY年M月'`` → ``'2026年1月'``, ``'YYYY-MM'`` → ``'2026-01'``."""
    year, month = value.split("-")[:2]
    number = int(month)
    return pattern.replace("YYYY", year).replace("MM", f"{number:02d}").replace("M", str(number))


def fmt_month(value: str | None, *, blank: str = "—") -> str:
    """A month for the screens, in the interface's language: ``'2026-10'`` → ``'2026年10月'`` (English
    ``'2026-10'``). The mock, which answers in each request's language, writes ``Month`` instead."""
    if not value:
        return blank
    return month_in(_(MONTH_PATTERN), value)


class Month(str):
    """A month in a shared message: the Chinese ``'2050年7月'`` that says itself in another language."""

    value: str

    def __new__(cls, value: str) -> Month:
        self = super().__new__(cls, month_in(MONTH_PATTERN, value))
        self.value = value
        return self

    def __getnewargs_ex__(self) -> tuple[tuple[str], dict[str, str]]:
        return (self.value,), {}

    def say(self, translate: Translate) -> str:
        return month_in(translate(MONTH_PATTERN), self.value)


def parse_date(text: str) -> dt.date:
    """A date typed by a person: ``2026-11-22``, ``2026/11/22``, ``20261122`` or ``2026.11.22``."""
    cleaned = text.strip().replace("/", "-").replace(".", "-")
    if len(cleaned) == 8 and cleaned.isdigit():
        cleaned = f"{cleaned[:4]}-{cleaned[4:6]}-{cleaned[6:]}"
    parts = cleaned.split("-")
    if len(parts) != 3 or not all(part.isdigit() for part in parts):
        raise ValueError(N_("日期格式应为 YYYY-MM-DD"))
    try:
        return dt.date(int(parts[0]), int(parts[1]), int(parts[2]))
    except ValueError:
        raise ValueError(N_("日期无效，请检查年月日")) from None
