"""Properties of the password rules (``api_client/passwords.py``) that the screens show and the mock enforces."""

from __future__ import annotations

import string

from hypothesis import given, settings
from hypothesis import strategies as st

from api_client.domain.passwords import (
    login_password_error,
    login_password_rules,
    payment_password_error,
    payment_password_rules,
)

LETTERS = string.ascii_letters
DIGITS = string.digits
ASCII_VISIBLE = "".join(chr(c) for c in range(33, 127))

any_text = st.text(max_size=30)


@st.composite
def good_login_passwords(draw: st.DrawFn) -> str:
    """8–20 visible ASCII characters with at least one letter and one digit, in any order."""
    letter = draw(st.sampled_from(LETTERS))
    digit = draw(st.sampled_from(DIGITS))
    rest = draw(st.text(alphabet=ASCII_VISIBLE, min_size=6, max_size=18))
    chars = [letter, digit, *rest]
    return "".join(draw(st.permutations(chars)))


# --- login password -----------------------------------------------------------------------------


@given(any_text)
def test_login_error_exactly_when_a_rule_is_broken(password: str) -> None:
    rules = login_password_rules(password)
    assert [rule.label for rule in rules] == ["长度 8–20 位", "包含字母", "包含数字", "不含空格和中文"]
    error = login_password_error(password)
    assert (error is None) == all(rule.ok for rule in rules)
    if error is not None:
        first_broken = next(rule for rule in rules if not rule.ok)
        assert first_broken.label in error  # the message names the rule the checklist shows as ✗


@given(good_login_passwords())
def test_letters_and_digits_of_the_right_length_are_accepted(password: str) -> None:
    assert login_password_error(password) is None


@given(st.text(alphabet=LETTERS + DIGITS, max_size=7) | st.text(alphabet=LETTERS + DIGITS, min_size=21, max_size=40))
def test_too_short_or_too_long_is_refused(password: str) -> None:
    assert login_password_error(password) is not None
    assert not login_password_rules(password)[0].ok


@given(st.text(alphabet=LETTERS + "!@#$%", min_size=8, max_size=20))
def test_without_a_digit_is_refused(password: str) -> None:
    assert login_password_error(password) is not None
    assert [rule.ok for rule in login_password_rules(password)][2] is False


@given(st.text(alphabet=DIGITS + "!@#$%", min_size=8, max_size=20))
def test_without_a_letter_is_refused(password: str) -> None:
    assert login_password_error(password) == "登录密码须为 8–20 位字母和数字组合（包含字母）"
    assert [rule.ok for rule in login_password_rules(password)][1] is False


@given(good_login_passwords(), st.sampled_from([" ", "\t", "中", "密", "é", "１"]), st.data())
def test_spaces_chinese_and_other_non_ascii_are_refused(password: str, odd: str, data: st.DataObject) -> None:
    at = data.draw(st.integers(min_value=0, max_value=len(password)))
    spoiled = (password[:at] + odd + password[at:])[:20]
    if odd not in spoiled:  # cut off by the length limit: put it at the front instead
        spoiled = odd + password[:19]
    assert login_password_error(spoiled) is not None


# --- payment password --------------------------------------------------------------------------


six_digits = st.text(alphabet=DIGITS, min_size=6, max_size=6)


@given(any_text)
def test_payment_error_exactly_when_a_rule_is_broken(password: str) -> None:
    rules = payment_password_rules(password)
    assert (payment_password_error(password) is None) == all(rule.ok for rule in rules)


@given(any_text.filter(lambda text: not (len(text) == 6 and text.isascii() and text.isdigit())))
def test_anything_but_six_digits_is_refused(password: str) -> None:
    assert payment_password_error(password) == "支付密码须为 6 位数字"


@given(st.text(alphabet=st.characters(categories=["Nd", "No"]), max_size=8))
def test_digits_of_other_scripts_are_not_digits_here(password: str) -> None:
    """Full-width ０–９, Arabic-Indic or superscript digits pass str.isdigit(); a keypad types none of them."""
    rules = payment_password_rules(password)  # never raises
    if not password.isascii():
        assert payment_password_error(password) == "支付密码须为 6 位数字" and not rules[0].ok


@given(st.text(alphabet=DIGITS, max_size=6))
def test_the_checklist_judges_what_is_typed_so_far(prefix: str) -> None:
    """While typing, each ✓/✗ is true of the digits typed: "1234" is already sequential, "1357" is not."""
    rules = payment_password_rules(prefix)
    assert rules[1].ok == (len(set(prefix)) > 1)
    steps = {int(b) - int(a) for a, b in zip(prefix, prefix[1:])}
    assert rules[2].ok == (steps not in ({1}, {-1}))
    assert rules[0].ok == (len(prefix) == 6)


@given(six_digits)
def test_a_six_digit_password_is_refused_only_for_a_reason(password: str) -> None:
    steps = {int(b) - int(a) for a, b in zip(password, password[1:])}
    boring = len(set(password)) == 1 or steps in ({1}, {-1})
    assert (payment_password_error(password) is not None) == boring


@settings(max_examples=40, deadline=None)
@given(st.one_of(any_text, good_login_passwords(), six_digits))
def test_the_mock_refuses_exactly_what_the_screens_refuse(password: str) -> None:
    """The same rules on both sides: the server never refuses a password the checklist showed as ✓."""
    from mock_server.problems import ApiProblem
    from mock_server.services import accounts

    runtime = _runtime()
    # Wrong old passwords are counted (and would lock after five): every example starts afresh.
    runtime.store.conn.executescript(
        "UPDATE members SET failed_logins = 0, locked_until = NULL;"
        "DELETE FROM pay_password_failures; UPDATE sessions SET revoked = 0;"
    )
    for change, checker in (
        (accounts.change_password, login_password_error),
        (accounts.change_payment_password, payment_password_error),
    ):
        try:
            # The old password is wrong on purpose: nothing is ever changed, only the rules are compared.
            if change is accounts.change_password:
                accounts.change_password(runtime, 1, 0, "not-the-old-one", password)
            else:
                accounts.change_payment_password(runtime, 1, "not-the-old-one", password)
        except ApiProblem as problem:
            if checker(password) is None:
                assert problem.code == "PASSWORD_WRONG"
            else:
                assert (problem.code, problem.message) == ("PASSWORD_RULES", checker(password))
        else:
            raise AssertionError("a wrong old password was accepted")


_RUNTIME = None


def _runtime():
    global _RUNTIME
    if _RUNTIME is None:
        from mock_server.app import create_app
        from tests.conftest import make_settings

        _RUNTIME = create_app(make_settings()).state.runtime
    return _RUNTIME
