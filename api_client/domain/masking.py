"""Masking of personal numbers for display: what a bystander may see."""

from __future__ import annotations

from ..i18n import N_

# The one rule every screen and every export follows, in the words the documents print.
MASKING_RULE = N_(
    "姓名只显示第一个字，证件号码只显示前 6 位和后 4 位，手机号码只显示前 3 位和后 4 位，银行账号只显示后 4 位。"
)


def mask_id_number(number: str) -> str:
    """``110105198503120039`` → ``110105********0039`` (6 + 8 + 4)."""
    number = number.strip()
    if len(number) < 10:
        return "*" * len(number)
    return number[:6] + "*" * (len(number) - 10) + number[-4:]


def mask_phone(phone: str) -> str:
    """``13800000001`` → ``138****0001``."""
    phone = phone.strip()
    if len(phone) < 8:
        return "*" * len(phone)
    return phone[:3] + "*" * (len(phone) - 7) + phone[-4:]


def mask_bank_account(account: str) -> str:
    """Only the last four digits stay: ``6222021234567890123`` → ``**** **** 0123``."""
    digits = "".join(ch for ch in account if not ch.isspace())
    if len(digits) <= 4:
        return digits
    return "**** **** " + digits[-4:]


def mask_name(name: str) -> str:
    """Keep the first character only: ``张伟`` → ``张*``."""
    if len(name) <= 1:
        return name
    return name[0] + "*" * (len(name) - 1)


def mask_login_name(text: str) -> str:
    """Mask whatever a user logs in with: an ID number or a phone number."""
    text = text.strip()
    if len(text) == 11 and text.isdigit():
        return mask_phone(text)
    return mask_id_number(text)
