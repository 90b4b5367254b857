"""Write a document to .xlsx with openpyxl's write-only mode: memory stays flat however many rows.

Layout: the title, the title block (label, value), a blank row, the header row (frozen, repeated on
every printed page), the rows, a blank row and the totals. Amounts are numbers formatted
``#,##0.00``, dates are dates formatted ``yyyy-mm-dd``; column widths follow the document's columns.
Rows are written in a worker thread a page at a time, so a screen's event loop is never held up.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import os
import threading
from decimal import Decimal
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from api_client.i18n import _

from .document import Cancelled, Cell, Document, Progress

MONEY_FORMAT = "#,##0.00"
DATE_FORMAT = "yyyy-mm-dd"
COUNT_FORMAT = "0"

_TITLE_FONT = Font(bold=True, size=14)
_LABEL_FONT = Font(bold=True)
_HEADER_FONT = Font(bold=True)
_HEADER_FILL = PatternFill("solid", fgColor="DDE5F0")
_CENTER = Alignment(horizontal="center")


SHEET_TITLE_LIMIT = 31  # Excel's longest sheet name


def sheet_title(title: str) -> str:
    """``title`` as a sheet name: whole when it fits, else cut at a word (English titles run long)."""
    if len(title) <= SHEET_TITLE_LIMIT:
        return title
    head = title[: SHEET_TITLE_LIMIT + 1]
    return head.rsplit(" ", 1)[0] if " " in head else title[:SHEET_TITLE_LIMIT]


class SheetWriter:
    """One worksheet being written. Cells get their format from their Python type."""

    def __init__(self, document: Document) -> None:
        self.document = document
        self.book = Workbook(write_only=True)
        self.sheet: Any = self.book.create_sheet(title=sheet_title(document.title))
        for index, column in enumerate(document.columns, start=1):
            self.sheet.column_dimensions[get_column_letter(index)].width = column.width + 2
        self.header_row = 1 + len(document.about) + 2
        self.sheet.freeze_panes = f"A{self.header_row + 1}"
        self.sheet.print_title_rows = f"{self.header_row}:{self.header_row}"
        self.rows_written = 0

    def cell(self, value: Cell, *, font: Font | None = None) -> Any:
        # types-openpyxl leaves out what openpyxl writes natively: Decimal, int and date
        cell = WriteOnlyCell(self.sheet, value=value)  # type: ignore[arg-type]
        if isinstance(value, Decimal):
            cell.number_format = MONEY_FORMAT
        elif isinstance(value, dt.date):
            cell.number_format = DATE_FORMAT
        elif isinstance(value, int):
            cell.number_format = COUNT_FORMAT
        if font is not None:
            cell.font = font
        return cell

    def write_head(self) -> None:
        self.sheet.append([self.cell(self.document.title, font=_TITLE_FONT)])
        for label, value in self.document.about:
            self.sheet.append([self.cell(label, font=_LABEL_FONT), self.cell(value)])
        self.sheet.append([])
        header = []
        for column in self.document.columns:
            cell = self.cell(column.title, font=_HEADER_FONT)
            cell.fill = _HEADER_FILL
            cell.alignment = _CENTER
            header.append(cell)
        self.sheet.append(header)

    def write_rows(self, rows: list[list[Cell]]) -> None:
        append = self.sheet.append
        make = self.cell
        for row in rows:
            append([make(value) if isinstance(value, (Decimal, dt.date, int)) else value for value in row])
        self.rows_written += len(rows)

    def write_tail(self) -> None:
        if self.document.totals:
            self.sheet.append([])
            self.sheet.append([self.cell(_("合计"), font=_LABEL_FONT)])
            for label, value in self.document.totals:
                self.sheet.append([self.cell(label, font=_LABEL_FONT), self.cell(value)])
        for note in self.document.notes:
            self.sheet.append([note])
        if self.document.verification_code:
            self.sheet.append([self.cell(_("验证码"), font=_LABEL_FONT), self.document.verification_code])

    def save(self, path: Path) -> None:
        self.book.save(path)
        self.saved = True

    def abort(self) -> None:
        """Finish the half-written sheet so openpyxl's streams close now, and drop its temporary file."""
        if getattr(self, "saved", False):
            return
        try:
            self.sheet.close()
        finally:
            stream = getattr(self.sheet, "_writer", None)
            if stream is not None and isinstance(stream.out, str):
                Path(stream.out).unlink(missing_ok=True)


async def write_xlsx(
    document: Document, path: Path, *, progress: Progress | None = None, cancel: threading.Event | None = None
) -> Path:
    """Write ``document`` to ``path`` (via a temporary file, so a cancelled or failed export leaves nothing)."""
    writer = SheetWriter(document)
    temporary = path.with_name(f".{path.name}.part")
    try:
        await asyncio.to_thread(writer.write_head)
        async for rows in document.pages():
            if cancel is not None and cancel.is_set():
                raise Cancelled
            await asyncio.to_thread(writer.write_rows, rows)
            if progress is not None:
                progress(writer.rows_written, document.total_rows)
        if cancel is not None and cancel.is_set():
            raise Cancelled
        await asyncio.to_thread(writer.write_tail)
        await asyncio.to_thread(writer.save, temporary)
        os.replace(temporary, path)
    finally:
        writer.abort()
        temporary.unlink(missing_ok=True)
    return path
