"""Pure helpers: ID numbers, masking, password rules, formatting."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from api_client.domain.formatting import fmt_money, fmt_month, fmt_rate, parse_date
from api_client.domain.idcard import (
    IdNumberError,
    check_digit,
    is_valid_id_number,
    parse_id_number,
    validate_login_name,
)
from api_client.domain.masking import mask_bank_account, mask_id_number, mask_login_name, mask_name, mask_phone
from api_client.domain.passwords import login_password_error, payment_password_error
from mock_server.personas import PERSONAS


def test_every_persona_has_a_valid_id_number() -> None:
    for persona in PERSONAS:
        info = parse_id_number(persona.id_number)
        assert info.birth_date.year > 1900


def test_known_check_digits() -> None:
    assert check_digit("11010519850312003") == "9"
    assert check_digit("11010119800101009") == "6"
    # A number whose check character is X: sum mod 11 == 2.
    first17 = next(f"1101051990010100{d}" for d in range(10) if check_digit(f"1101051990010100{d}") == "X")
    assert is_valid_id_number(first17 + "X") and is_valid_id_number(first17 + "x")


@given(
    st.dates(min_value=dt.date(1920, 1, 1), max_value=dt.date(2020, 12, 31)),
    st.integers(min_value=0, max_value=999),
    st.integers(min_value=110000, max_value=659999),
)
def test_valid_numbers_pass_and_any_other_check_char_fails(birth: dt.date, serial: int, region: int) -> None:
    first17 = f"{region}{birth:%Y%m%d}{serial:03d}"
    good = first17 + check_digit(first17)
    info = parse_id_number(good)
    assert info.birth_date == birth
    assert info.male == (serial % 2 == 1)
    for other in "0123456789X":
        if other != good[-1]:
            assert not is_valid_id_number(first17 + other)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "请输入证件号码或手机号"),
        ("1101051985031200", "请输入 18 位证件号码或 11 位手机号"),
        ("110105198503120038", "证件号码校验位不正确，请核对"),
        ("110105198502300039", "证件号码中的出生日期无效"),
        ("11010519850312003A", "证件号码只能包含数字，最后一位可以是 X"),
        ("23800000001", "手机号应以 1 开头"),
    ],
)
def test_login_name_errors_are_chinese_and_specific(text: str, message: str) -> None:
    assert validate_login_name(text) == message


def test_login_name_accepts_phone_and_id() -> None:
    assert validate_login_name("13800000001") is None
    assert validate_login_name(" 110105198503120039 ") is None


def test_masking() -> None:
    assert mask_id_number("110105198503120039") == "110105********0039"
    assert mask_phone("13800000001") == "138****0001"
    assert mask_bank_account("6222 0212 3456 7890 123") == "**** **** 0123"
    assert mask_name("张伟") == "张*"
    assert mask_login_name("13800000001") == "138****0001"
    assert mask_login_name("110105198503120039") == "110105********0039"


@given(st.text(alphabet="0123456789", min_size=18, max_size=18))
def test_masked_id_never_shows_the_middle(number: str) -> None:
    masked = mask_id_number(number)
    assert masked[:6] == number[:6] and masked[-4:] == number[-4:] and masked[6:14] == "********"


def test_password_rules() -> None:
    assert login_password_error("demo1234") is None
    assert login_password_error("short1") is not None
    assert login_password_error("onlyletters") is not None
    assert login_password_error("12345678") is not None
    assert login_password_error("a1" * 11) is not None
    assert payment_password_error("135790") is None
    assert payment_password_error("111111") == "支付密码不能是 6 位相同的数字"
    assert payment_password_error("123456") == "支付密码不能是连续的数字"
    assert payment_password_error("654321") == "支付密码不能是连续的数字"
    assert payment_password_error("12345") == "支付密码须为 6 位数字"


def test_formatting() -> None:
    assert fmt_money(Decimal("430000")) == "430,000.00"
    assert fmt_money(Decimal("1871.385")) == "1,871.39"
    assert fmt_money(Decimal("-22456.68")) == "-22,456.68"
    assert fmt_money(None) == "—"
    assert fmt_rate(Decimal("3.25")) == "3.25%"
    assert fmt_month("2026-10") == "2026年10月"
    assert parse_date("2026/11/22") == dt.date(2026, 11, 22)
    assert parse_date("20261122") == dt.date(2026, 11, 22)
    with pytest.raises(ValueError, match="日期无效"):
        parse_date("2026-02-30")
    with pytest.raises(ValueError, match="YYYY-MM-DD"):
        parse_date("next week")


def test_id_error_type() -> None:
    with pytest.raises(IdNumberError):
        parse_id_number("110105198503120038")
