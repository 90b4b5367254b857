"""Every error the client or httpx can raise is a failure the one handler shows (in words), never a
crash; anything else is a bug and is not hidden."""

from __future__ import annotations

import httpx
import pytest

from api_client import errors
from tui.loads import answer_lost, describe, is_failure, outcome_unknown


def all_subclasses(base: type[BaseException]) -> list[type[BaseException]]:
    found: list[type[BaseException]] = []
    pending = [base]
    while pending:
        cls = pending.pop()
        found.append(cls)
        pending.extend(cls.__subclasses__())
    return found


GJJ_ERRORS = sorted(all_subclasses(errors.GjjError), key=lambda cls: cls.__name__)
# Sorted: pytest-xdist's workers must collect the same tests in the same order.
HTTPX_ERRORS = sorted(
    (
        cls
        for cls in {*all_subclasses(httpx.HTTPError), *all_subclasses(httpx.StreamError), httpx.InvalidURL}
        if cls.__module__.startswith("httpx")
    ),
    key=lambda cls: cls.__name__,
)


def make(cls: type[BaseException]) -> BaseException:
    if issubclass(cls, errors.GjjError):
        return cls("服务暂时不可用，请稍后重试（模拟故障）")
    if issubclass(cls, httpx.HTTPStatusError):
        request = httpx.Request("GET", "http://mock.test/api/v1/me/account")
        return cls("boom", request=request, response=httpx.Response(502, request=request))
    try:
        return cls("boom")
    except TypeError:  # the stream errors take no message
        return cls()


@pytest.mark.parametrize("cls", GJJ_ERRORS, ids=lambda cls: cls.__name__)
def test_every_client_error_is_shown_with_its_own_words(cls: type[BaseException]) -> None:
    error = make(cls)
    assert is_failure(error)
    assert describe(error) == "服务暂时不可用，请稍后重试（模拟故障）"


@pytest.mark.parametrize("cls", HTTPX_ERRORS, ids=lambda cls: cls.__name__)
def test_every_httpx_error_is_a_failure_in_chinese(cls: type[BaseException]) -> None:
    error = make(cls)
    assert is_failure(error)
    assert describe(error) == "与服务器的连接中断"


def test_a_bug_is_not_taken_for_a_failure() -> None:
    assert not is_failure(AttributeError("'NetworkError' object has no attribute 'field'"))
    assert not is_failure(KeyError("amount"))


def test_only_an_answer_lost_after_sending_may_have_been_done() -> None:
    assert not answer_lost(errors.NetworkError("无法连接服务器"))
    assert not answer_lost(errors.ServiceUnavailable("服务暂时不可用", status=503))
    lost = errors.NetworkError("与服务器的连接在提交后中断")
    lost.code = "CONNECTION_LOST"  # type: ignore[misc]  # the client's ConnectionLost, by its code
    assert answer_lost(lost)


def test_a_call_whose_answer_was_lost_cut_off_or_late_may_have_been_done() -> None:
    lost = errors.ConnectionLost("与服务器的连接在请求发出后中断")
    cut = errors.AnswerUnreadable("服务器的应答不完整或无法识别")
    late = errors.TimedOut("服务器响应超时")
    assert [outcome_unknown(error) for error in (lost, cut, late)] == [
        "提交后连接中断，未收到结果",
        "提交后服务器的应答不完整，无法确认结果",
        "提交后服务器未在规定时间内应答",
    ]
    for sure in (
        errors.CannotConnect("无法连接服务器"),
        errors.ServiceUnavailable("服务暂时不可用", status=503),
        errors.ServerFailed("服务器出错（HTTP 502）", status=502),
        errors.PasswordWrong("原密码错误"),
    ):
        assert outcome_unknown(sure) is None
