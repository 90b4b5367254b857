"""Business refusals, raised by services and turned into the uniform error body by the app."""

from __future__ import annotations

import datetime as dt
from typing import Any


class ApiProblem(Exception):
    """``{"error": {"code", "message", "details"}}`` with an HTTP status."""

    def __init__(self, status: int, code: str, message: str, **details: Any) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.details = details

    def body(self) -> dict[str, Any]:
        return {"error": {"code": self.code, "message": self.message, "details": self.details}}


def validation(message: str, field: str | None = None, **details: Any) -> ApiProblem:
    if field is not None:
        details["field"] = field
    return ApiProblem(422, "VALIDATION_FAILED", message, **details)


def not_found(message: str = "未找到请求的数据") -> ApiProblem:
    return ApiProblem(404, "NOT_FOUND", message)


def check_range(start: dt.date | None, end: dt.date | None) -> None:
    """A query's date range must not run backwards."""
    if start is not None and end is not None and start > end:
        raise validation("起始日期不能晚于截止日期", field="start")
