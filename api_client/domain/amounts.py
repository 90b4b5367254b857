"""Amounts typed by a person: ``12345``, ``12,345.6``, ``12345.67`` → ``Decimal('12345.67')``."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

CENT = Decimal("0.01")


class AmountError(ValueError):
    """Raised with a Chinese message fit to show at the field."""


def parse_amount(text: str, *, what: str = "金额") -> Decimal:
    """A positive amount in yuan with at most two decimal places; thousands separators are allowed."""
    cleaned = text.strip().replace(",", "").replace("，", "")
    if not cleaned:
        raise AmountError(f"请输入{what}")
    if cleaned.startswith(("+", "-")) or not all(ch.isdigit() or ch == "." for ch in cleaned):
        raise AmountError(f"{what}只能是数字，如 12345.67")
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        raise AmountError(f"{what}格式不正确，如 12345.67") from None
    if not value.is_finite():
        raise AmountError(f"{what}格式不正确，如 12345.67")
    if value != value.quantize(CENT):
        raise AmountError(f"{what}最多保留两位小数")
    if value <= 0:
        raise AmountError(f"{what}应大于 0")
    if value >= Decimal("100000000"):
        raise AmountError(f"{what}过大")
    return value.quantize(CENT)
