"""Business refusals, raised by services and turned into the uniform error body by the app.

A message is Chinese text, or a ``Phrase`` (``api_client.domain.phrase``) when it carries figures; the
body says it in the request's language (``english``)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from .english import ZH, in_language


class ApiProblem(Exception):
    """``{"error": {"code", "message", "details"}}`` with an HTTP status."""

    def __init__(
        self, status: int, code: str, message: str, *, headers: dict[str, str] | None = None, **details: Any
    ) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.details = details
        self.headers = headers or {}

    def body(self, language: str = ZH) -> dict[str, Any]:
        """The uniform error body, its message in ``language`` (``english.ZH`` or ``english.EN``)."""
        message = in_language(self.message, language)
        return {"error": {"code": self.code, "message": message, "details": self.details}}


def validation(message: str, field: str | None = None, **details: Any) -> ApiProblem:
    if field is not None:
        details["field"] = field
    return ApiProblem(422, "VALIDATION_FAILED", message, **details)


def not_found(message: str = "未找到请求的数据") -> ApiProblem:  # the default: see english.ENGLISH
    return ApiProblem(404, "NOT_FOUND", message)


def check_range(start: dt.date | None, end: dt.date | None) -> None:
    """A query's date range must not run backwards."""
    if start is not None and end is not None and start > end:
        raise validation("起始日期不能晚于截止日期", field="start")


_STATUS_MEANING = {
    400: "业务规则拒绝（验证码、短信验证码、办理凭证等）",
    401: "未登录、登录失效或凭据错误",
    403: "账户状态不允许此操作",
    404: "数据不存在或不属于当前用户",
    409: "与当前状态冲突（贷款未发放或已结清、不符合条件、幂等键冲突等）",
    413: "请求内容过大",
    422: "请求参数不符合要求（VALIDATION_FAILED）或不符合业务规则（PASSWORD_RULES 等）",
    423: "账户已锁定",
    429: "操作过于频繁（短信发送频率等）",
}


# Every error answer says the language of its message (english.negotiate, from Accept-Language).
_CONTENT_LANGUAGE = {
    "Content-Language": {
        "description": "The language of the message: en when the request's Accept-Language prefers English",
        "schema": {"type": "string", "enum": ["zh-CN", "en"]},
    }
}


def responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """The error answers an operation can give, for its OpenAPI ``responses`` (every one the uniform body)."""
    from api_client.models import ErrorBody

    return {
        status: {"model": ErrorBody, "description": _STATUS_MEANING[status], "headers": _CONTENT_LANGUAGE}
        for status in sorted(statuses)
    }


def links(status: int = 200, **targets: tuple[str, str, str]) -> dict[int | str, dict[str, Any]]:
    """OpenAPI links from an operation's answer: name=(operationId, parameter, runtime expression).

    They tell a generated client and a stateful fuzzer which value of one answer feeds the next call
    (a message id from the list to 查看消息, a contract number to its plan)."""
    return {
        status: {
            "links": {
                name: {"operationId": operation, "parameters": {parameter: expression}}
                for name, (operation, parameter, expression) in targets.items()
            }
        }
    }
