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

from api_client.i18n import N_, _

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
    title: str  # 个人账户明细 (every text of a document is in the language in use when it was built)
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
    """A file could not be written (or no font to write it with); the message says which and why, in the
    language in use."""


class Cancelled(Exception):
    """The person cancelled the export; nothing is left behind."""


# The labels of the title block that also head every printed page (whose document it is).
HEADER_LABELS = (N_("姓名"), N_("证件号码"), N_("借款合同编号"))


def columns(titled: list[Column]) -> list[Column]:
    """``titled`` (titles marked with ``N_()``) in the language in use; a column is widened only when
    its translated title would not fit (Chinese titles all fit the widths they were given)."""
    from rich.cells import cell_len

    return [Column(_(column.title), max(column.width, cell_len(_(column.title))), column.align) for column in titled]


def masked_note() -> str:
    from api_client.domain.masking import MASKING_RULE

    return _("为保护个人信息，{rule}").format(rule=_(MASKING_RULE))


def exported_at(now: dt.datetime | None = None) -> tuple[str, str]:
    moment = now or dt.datetime.now()
    return (_("导出时间"), moment.strftime("%Y-%m-%d %H:%M:%S"))


def date_range_text(start: dt.date | None, end: dt.date | None) -> str:
    if not start and not end:
        return _("全部")
    if end is None:
        return _("{start} 至今").format(start=start.isoformat()) if start else _("全部")
    return _("{start} 至 {end}").format(start=start.isoformat() if start else _("最早"), end=end.isoformat())


def default_file_name(title: str, suffix: str, contract: str | None = None, now: dt.datetime | None = None) -> str:
    """个人账户明细-20261122-090102.xlsx, 公积金贷款还款计划-2015071536010038-20261122-090102.pdf
    (English: Account-statement-20261122-090102.xlsx: no spaces in a name a person may have to type)."""
    moment = now or dt.datetime.now()
    parts = ["-".join(title.split()), contract or "", moment.strftime("%Y%m%d-%H%M%S")]
    return "-".join(part for part in parts if part) + suffix
