"""Request parameters shared by the routes, with the bounds the server enforces declared in the contract."""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any

from fastapi import Path, Query
from pydantic import BeforeValidator

ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
# Far enough for any page of any list (and OFFSET stays well inside SQLite's 64-bit integers).
MAX_PAGE = 100_000


def _iso_date(value: object) -> object:
    """Only YYYY-MM-DD: pydantic alone would also take 0 (a Unix timestamp) or 2026-11-22T00:00 as a date."""
    if isinstance(value, str) and not ISO_DATE.fullmatch(value):
        raise ValueError("date must be YYYY-MM-DD")
    return value


DateQuery = Annotated[
    dt.date | None,
    BeforeValidator(_iso_date),
    Query(
        description="YYYY-MM-DD",
        json_schema_extra={"format": "date", "pattern": r"^\d{4}-\d{2}-\d{2}$"},
    ),
]


def bounded(low: int, high: int, description: str) -> Any:  # what Query() is typed to return
    """An integer query parameter whose bounds are declared in the contract and enforced by the service
    (which words the refusal for the field: 页码从 1 开始, 每页条数应在 1 到 50 之间)."""
    return Query(description=description, json_schema_extra={"minimum": low, "maximum": high})


Page = Annotated[int, bounded(1, MAX_PAGE, f"1, 2, … (at most {MAX_PAGE})")]
# Ids are SQLite integers: anything outside that range cannot name a record (and must not reach SQLite).
RecordId = Annotated[int, Path(ge=1, le=2**63 - 1)]
ContractNo = Annotated[str, Path(min_length=1, max_length=32, pattern=r"^[0-9A-Za-z-]+$", description="借款合同编号")]
