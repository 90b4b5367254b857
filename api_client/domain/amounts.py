"""Amounts typed by a person: ``12345``, ``12,345.6``, ``12345.67`` → ``Decimal('12345.67')``."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from ..i18n import N_
from .phrase import Phrase, PhrasedError

CENT = Decimal("0.01")


class AmountError(PhrasedError):
    """Raised with a Chinese message fit to show at the field (``localize(exc)`` says it in the UI's language)."""


def parse_amount(text: str, *, what: str = N_("金额")) -> Decimal:
    """A positive amount in yuan with at most two decimal places; thousands separators are allowed.

    ``what`` names the amount in the message (a msgid, ``N_("提取金额")``: it is translated with the message)."""
    cleaned = text.strip().replace(",", "").replace("，", "")  # i18n: data
    if not cleaned:
        raise AmountError(Phrase(N_("请输入{what}"), what=what))
    if cleaned.startswith(("+", "-")) or not all(ch.isdigit() or ch == "." for ch in cleaned):
        raise AmountError(Phrase(N_("{what}只能是数字，如 12345.67"), what=what))
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        raise AmountError(Phrase(N_("{what}格式不正确，如 12345.67"), what=what)) from None
    if not value.is_finite():
        raise AmountError(Phrase(N_("{what}格式不正确，如 12345.67"), what=what))
    if value != value.quantize(CENT):
        raise AmountError(Phrase(N_("{what}最多保留两位小数"), what=what))
    if value <= 0:
        raise AmountError(Phrase(N_("{what}应大于 0"), what=what))
    if value >= Decimal("100000000"):
        raise AmountError(Phrase(N_("{what}过大"), what=what))
    return value.quantize(CENT)
