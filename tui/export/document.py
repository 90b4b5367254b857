"""A document to export: a title block, columns, rows arriving page by page, totals.

Cells keep their types (``Decimal`` amounts, ``date`` dates, ``int`` counts, ``str`` text); each writer
turns a type into its format, so an amount is a number formatted ``#,##0.00`` in Excel and
``430,000.00`` in a PDF, never text.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from api_client.i18n import _

from ..columns import Column as Column

Cell = str | int | Decimal | dt.date | None
Row = list[Cell]


@dataclass(frozen=True)
class Written:
    """A file an export wrote."""

    path: Path
    pages: int | None  # a PDF's page count


@dataclass
class Document:
    kind: str  # ledger | loan | repayments | plan | certificate
    title: str  # 个人账户明细
    about: list[tuple[str, Cell]]  # the title block: whose (masked), which contract, which range, when
    columns: list[Column]
    pages: Callable[[], AsyncIterator[list[Row]]]  # rows, a page at a time, streamed from the server
    total_rows: int | None = None  # for the progress bar
    totals: list[tuple[str, Cell]] = field(default_factory=list)  # what the screen sums up, below the rows
    notes: list[str] = field(default_factory=list)  # small print
    verification_code: str | None = None  # the certificate's
    issuer: str | None = None  # the certificate's centre

    @property
    def slug(self) -> str:
        return self.kind


Progress = Callable[[int, int | None], None]  # rows written so far, rows in all (if known)


class ExportError(Exception):
    """A file could not be written (or no font to write it with); the message says which and why, in Chinese."""


class Cancelled(Exception):
    """The person cancelled the export; nothing is left behind."""


def masked_note() -> str:
    from api_client.domain.masking import MASKING_RULE

    return f"为保护个人信息，{_(MASKING_RULE)}"


def exported_at(now: dt.datetime | None = None) -> tuple[str, str]:
    moment = now or dt.datetime.now()
    return ("导出时间", moment.strftime("%Y-%m-%d %H:%M:%S"))


def date_range_text(start: dt.date | None, end: dt.date | None) -> str:
    if not start and not end:
        return "全部"
    if end is None:
        return f"{start.isoformat()} 至今" if start else "全部"
    return f"{start.isoformat() if start else '最早'} 至 {end.isoformat()}"


def default_file_name(title: str, suffix: str, contract: str | None = None, now: dt.datetime | None = None) -> str:
    """个人账户明细-20261122-090102.xlsx, 公积金贷款还款计划-2015071536010038-20261122-090102.pdf"""
    moment = now or dt.datetime.now()
    parts = [title, contract or "", moment.strftime("%Y%m%d-%H%M%S")]
    return "-".join(part for part in parts if part) + suffix
