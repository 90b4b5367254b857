"""Bank card numbers: the early check of a receiving account typed by a member."""

from __future__ import annotations

from ..i18n import N_


def luhn_ok(digits: str) -> bool:
    """The Luhn (mod 10) check that UnionPay card numbers carry in their last digit."""
    total = 0
    for index, char in enumerate(reversed(digits)):
        value = int(char)
        if index % 2 == 1:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return total % 10 == 0


def bank_card_error(text: str) -> str | None:
    """A Chinese message saying what is wrong with a bank card number, or None when it is acceptable."""
    digits = "".join(text.split())
    if not digits:
        return N_("请输入银行卡号")
    if not digits.isdigit():
        return N_("银行卡号只能包含数字")
    if not 16 <= len(digits) <= 19:
        return N_("银行卡号应为 16–19 位数字")
    if not luhn_ok(digits):
        return N_("银行卡号校验不正确，请核对")
    return None
