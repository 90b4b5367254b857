"""Resident identity card numbers (GB 11643-1999).

Pure functions, shared by the client (early validation at the field) and the mock server.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..i18n import N_
from .phrase import PhrasedError

_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK_CHARS = "10X98765432"


def check_digit(first17: str) -> str:
    """Return the check character for the first 17 digits of an ID number."""
    if len(first17) != 17 or not first17.isdigit():
        raise ValueError(N_("需要 17 位数字"))
    total = sum(int(digit) * weight for digit, weight in zip(first17, _WEIGHTS))
    return _CHECK_CHARS[total % 11]


@dataclass(frozen=True)
class IdNumberInfo:
    number: str
    birth_date: dt.date
    male: bool


class IdNumberError(PhrasedError):
    """Raised with a Chinese message saying what is wrong with an ID number."""


def parse_id_number(text: str) -> IdNumberInfo:
    """Validate an 18-character ID number and return what it encodes.

    Raises ``IdNumberError`` with a message fit to show at the field.
    """
    number = text.strip().upper()
    if len(number) != 18:
        raise IdNumberError(N_("证件号码应为 18 位"))
    if not number[:17].isdigit() or not (number[17].isdigit() or number[17] == "X"):
        raise IdNumberError(N_("证件号码只能包含数字，最后一位可以是 X"))
    try:
        birth = dt.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        raise IdNumberError(N_("证件号码中的出生日期无效")) from None
    if birth.year < 1900:
        raise IdNumberError(N_("证件号码中的出生日期无效"))
    if check_digit(number[:17]) != number[17]:
        raise IdNumberError(N_("证件号码校验位不正确，请核对"))
    return IdNumberInfo(number=number, birth_date=birth, male=int(number[16]) % 2 == 1)


def is_valid_id_number(text: str) -> bool:
    try:
        parse_id_number(text)
    except IdNumberError:
        return False
    return True


def looks_like_phone(text: str) -> bool:
    """A mainland mobile number: 11 digits starting with 1."""
    text = text.strip()
    return len(text) == 11 and text.isdigit() and text[0] == "1"


def validate_login_name(text: str) -> str | None:
    """Check what a user typed as 证件号码/手机号; return a Chinese error or None."""
    text = text.strip()
    if not text:
        return N_("请输入证件号码或手机号")
    if text.isdigit() and len(text) == 11:
        return None if looks_like_phone(text) else N_("手机号应以 1 开头")
    if len(text) != 18:
        return N_("请输入 18 位证件号码或 11 位手机号")
    try:
        parse_id_number(text)
    except IdNumberError as exc:
        return exc.message
    return None
