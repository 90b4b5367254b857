"""How figures are written for people: amounts with thousands separators, rates, dates, months."""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal


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


def fmt_month(value: str | None, *, blank: str = "—") -> str:
    """``'2026-10'`` → ``'2026年10月'``."""
    if not value:
        return blank
    year, month = value.split("-")
    return f"{year}年{int(month)}月"


def parse_date(text: str) -> dt.date:
    """A date typed by a person: ``2026-11-22``, ``2026/11/22``, ``20261122`` or ``2026.11.22``."""
    cleaned = text.strip().replace("/", "-").replace(".", "-")
    if len(cleaned) == 8 and cleaned.isdigit():
        cleaned = f"{cleaned[:4]}-{cleaned[4:6]}-{cleaned[6:]}"
    parts = cleaned.split("-")
    if len(parts) != 3 or not all(part.isdigit() for part in parts):
        raise ValueError("日期格式应为 YYYY-MM-DD")
    try:
        return dt.date(int(parts[0]), int(parts[1]), int(parts[2]))
    except ValueError:
        raise ValueError("日期无效，请检查年月日") from None
