"""Password rules, shared by the mock server (enforcement) and the screens (shown as the user types)."""

from __future__ import annotations

from dataclasses import dataclass

from ..i18n import N_
from .phrase import Phrase


@dataclass(frozen=True)
class Rule:
    label: str  # a msgid: translate it where it is shown
    ok: bool


def login_password_rules(password: str) -> list[Rule]:
    """Each rule of a login password with whether ``password`` meets it, in display order."""
    return [
        Rule(N_("长度 8–20 位"), 8 <= len(password) <= 20),
        Rule(N_("包含字母"), any(ch.isascii() and ch.isalpha() for ch in password)),
        Rule(N_("包含数字"), any(ch.isdigit() for ch in password)),
        Rule(N_("不含空格和中文"), all(ch.isascii() and not ch.isspace() for ch in password)),
    ]


def login_password_error(password: str) -> str | None:
    """A Chinese message naming the first rule broken, or None when the password is acceptable."""
    for rule in login_password_rules(password):
        if not rule.ok:
            return Phrase(N_("登录密码须为 8–20 位字母和数字组合（{rule}）"), rule=rule.label)
    return None


def _ascii_digits(text: str) -> bool:
    return text.isascii() and text.isdigit()


def _is_sequential(digits: str) -> bool:
    steps = {int(b) - int(a) for a, b in zip(digits, digits[1:])}
    return steps == {1} or steps == {-1}


def payment_password_rules(password: str) -> list[Rule]:
    """Each rule of a payment password with whether ``password`` meets it, in display order.

    The last two are judged on what has been typed so far, so a checklist shown while typing is true
    at every keystroke ("1234" is already sequential; "1357" is not).
    """
    return [
        Rule(N_("6 位数字"), len(password) == 6 and _ascii_digits(password)),
        Rule(N_("不能全部相同"), len(set(password)) > 1),
        Rule(N_("不能是连续数字"), not (len(password) > 1 and _ascii_digits(password) and _is_sequential(password))),
    ]


def payment_password_error(password: str) -> str | None:
    """A Chinese message naming the first rule broken, or None when the password is acceptable."""
    if not (len(password) == 6 and _ascii_digits(password)):
        return N_("支付密码须为 6 位数字")
    if len(set(password)) == 1:
        return N_("支付密码不能是 6 位相同的数字")
    if _is_sequential(password):
        return N_("支付密码不能是连续的数字")
    return None
