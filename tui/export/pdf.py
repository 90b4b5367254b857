"""Print layout: a document as an A4 PDF (reportlab).

Chinese is set in the system's TrueType CJK font (``tui.fonts``: WenQuanYi Zen Hei on Debian), and the
subset of it the document uses is embedded, so any viewer or print server shows it without a Chinese
font of its own (an English document embeds it too: its data, names and banks, may be Chinese). Every
page carries the document's title and whose it is at the top and "第 n 页 / 共 m 页" ("Page n of m")
at the bottom; the table header repeats on every page. Wide tables turn the page to
landscape. The deposit certificate gets a one-page layout of its own.
"""

from __future__ import annotations

import datetime as dt
import os
import threading
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from api_client.i18n import _, ngettext

from .. import fonts
from .document import HEADER_LABELS, Cancelled, Cell, Document, ExportError, Progress, Row, Written

FONT = "gjj-cjk"  # the name the styles use; registered (from the system's font) before the first PDF
_font_lock = threading.Lock()


def load_cjk_font(candidates: list[fonts.CjkFont]) -> Any:
    """The first of ``candidates`` that reportlab can embed, as a TTFont named ``FONT``; ExportError with a
    clear message when none can be."""
    from reportlab.pdfbase.ttfonts import TTFError, TTFont

    for font in candidates:
        try:
            return TTFont(FONT, str(font.path), subfontIndex=font.index)
        except (TTFError, OSError):  # CFF outlines, a broken file: the next one
            continue
    raise ExportError(fonts.MISSING)


def register_cjk_font() -> None:
    """Register the system's CJK font under ``FONT``, once per process."""
    with _font_lock:
        if FONT not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(load_cjk_font(fonts.candidates()))


BODY = ParagraphStyle("body", fontName=FONT, fontSize=9, leading=13)
SMALL = ParagraphStyle("small", parent=BODY, fontSize=8, leading=11, textColor=colors.HexColor("#555555"))
TITLE = ParagraphStyle("title", parent=BODY, fontSize=16, leading=22, alignment=TA_CENTER, spaceAfter=4 * mm)
CERT_TITLE = ParagraphStyle("cert-title", parent=BODY, fontSize=20, leading=28, alignment=TA_CENTER)
CERT_BODY = ParagraphStyle("cert-body", parent=BODY, fontSize=11, leading=20, alignment=TA_LEFT, firstLineIndent=22)
CHUNK = 400  # rows per Table flowable: reportlab splits long tables slowly
LAST_ROWS = 3  # rows kept on the same page as the totals


def text(value: Cell) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return f"{value:,.2f}"
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


class _PagedCanvas(Canvas):
    """Holds every finished page until the end, so each footer can say how many pages there are."""

    def __init__(self, *args: Any, header: tuple[str, str], pages: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._finished: list[dict[str, Any]] = []
        self._header = header
        self._pages = pages  # where the page count is reported once known

    def showPage(self) -> None:  # noqa: N802 (reportlab's name)
        self._finished.append(dict(self.__dict__))
        self._startPage()  # type: ignore[attr-defined]  # reportlab's own page reset; not in types-reportlab

    def save(self) -> None:
        count = len(self._finished)
        self._pages.append(count)
        for number, state in enumerate(self._finished, start=1):
            self.__dict__.update(state)
            self._decorate(number, count)
            super().showPage()
        super().save()

    def _decorate(self, number: int, count: int) -> None:
        width, height = self._pagesize  # type: ignore[attr-defined]  # set by Canvas; not in types-reportlab
        title, whose = self._header
        self.setFont(FONT, 9)
        self.setFillColor(colors.HexColor("#333333"))
        self.drawString(15 * mm, height - 10 * mm, title)
        self.drawRightString(width - 15 * mm, height - 10 * mm, whose)
        self.setStrokeColor(colors.HexColor("#999999"))
        self.line(15 * mm, height - 11.5 * mm, width - 15 * mm, height - 11.5 * mm)
        self.drawCentredString(
            width / 2, 8 * mm, _("第 {number} 页 / 共 {count} 页").format(number=number, count=count)
        )


def _table_style(header: bool = True) -> TableStyle:
    commands: list[tuple[Any, ...]] = [
        ("FONT", (0, 0), (-1, -1), FONT, 8),
        ("GRID", (0, 0), (-1, -1), 0.3, colors.HexColor("#888888")),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), 1.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
    ]
    if header:
        commands += [("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#DDE5F0")), ("ALIGN", (0, 0), (-1, 0), "CENTER")]
    return TableStyle(commands)


def _whose(document: Document) -> str:
    shown = {_(label) for label in HEADER_LABELS}
    parts = [f"{label} {value}" for label, value in document.about if label in shown]
    return "  ".join(parts)


def _about_table(document: Document, width: float) -> Table:
    pairs = [(label, text(value)) for label, value in document.about]
    rows = []
    for index in range(0, len(pairs), 2):
        line: list[str] = []
        for label, value in pairs[index : index + 2]:
            line += [label, value]
        rows.append(line + [""] * (4 - len(line)))
    table = Table(rows, colWidths=[width * 0.14, width * 0.36, width * 0.14, width * 0.36])
    table.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), FONT, 9),
                ("TEXTCOLOR", (0, 0), (0, -1), colors.HexColor("#444444")),
                ("TEXTCOLOR", (2, 0), (2, -1), colors.HexColor("#444444")),
            ]
        )
    )
    return table


async def _rows(document: Document, progress: Progress | None, cancel: threading.Event | None) -> list[Row]:
    rows: list[Row] = []
    async for page in document.pages():
        if cancel is not None and cancel.is_set():
            raise Cancelled
        rows += page
        if progress is not None:
            progress(len(rows), document.total_rows)
    return rows


def _story_for_table(document: Document, rows: list[Row], width: float) -> list[Any]:
    total_chars = sum(column.width for column in document.columns)
    widths = [width * column.width / total_chars for column in document.columns]
    story: list[Any] = [Paragraph(document.title, TITLE), _about_table(document, width), Spacer(1, 4 * mm)]
    header = [column.title for column in document.columns]
    aligns = [
        ("ALIGN", (index, 1), (index, -1), "RIGHT")
        for index, column in enumerate(document.columns)
        if column.align == "right"
    ]
    if not rows:
        story.append(Paragraph(_("该范围内没有记录。"), BODY))

    def table_of(chunk: list[Row], with_header: bool) -> Table:
        body = [[text(value) for value in row] for row in chunk]
        table = Table([header, *body] if with_header else body, colWidths=widths, repeatRows=1 if with_header else 0)
        style = _table_style(header=with_header)
        for _command, (column, _row), end, how in aligns:
            style.add("ALIGN", (column, 1 if with_header else 0), end, how)
        table.setStyle(style)
        return table

    # The last rows, the totals and the small print stay together: never a page of their own.
    last = rows[-LAST_ROWS:] if len(rows) > LAST_ROWS else []
    leading = rows[: len(rows) - len(last)]
    for start in range(0, len(leading), CHUNK):
        story.append(table_of(leading[start : start + CHUNK], True))
    tail: list[Any] = [table_of(last, not leading)] if last else []
    if document.totals:
        tail.append(Spacer(1, 3 * mm))
        totals = Table(
            [[label, text(value)] for label, value in document.totals], colWidths=[width * 0.2, width * 0.25]
        )
        totals.setStyle(
            TableStyle(
                [
                    ("FONT", (0, 0), (-1, -1), FONT, 9),
                    ("ALIGN", (1, 0), (1, -1), "RIGHT"),
                    ("LINEABOVE", (0, 0), (-1, 0), 0.5, colors.black),
                ]
            )
        )
        tail.append(totals)
    for note in document.notes:
        tail += [Spacer(1, 2 * mm), Paragraph(note, SMALL)]
    if tail:
        story.append(KeepTogether(tail))
    return story


def _certificate_story(document: Document, rows: list[Row], width: float) -> list[Any]:
    fields = {str(row[0]): row[1] for row in rows}
    issuer = document.issuer or ""
    story: list[Any] = [
        Spacer(1, 10 * mm),
        Paragraph(document.title, CERT_TITLE),
        Spacer(1, 8 * mm),
        Paragraph(
            _(
                "兹证明 {name}（证件号码 {id_number}）在本中心缴存住房公积金，个人账号 {account_no}，缴存情况如下："
            ).format(
                name=text(fields.get(_("姓名"))),
                id_number=text(fields.get(_("证件号码"))),
                account_no=text(fields.get(_("个人账号"))),
            ),
            CERT_BODY,
        ),
        Spacer(1, 5 * mm),
    ]
    table = Table([[label, text(value)] for label, value in fields.items()], colWidths=[width * 0.28, width * 0.62])
    table.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), FONT, 11),
                ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                ("BACKGROUND", (0, 0), (0, -1), colors.HexColor("#F2F2F2")),
                ("TOPPADDING", (0, 0), (-1, -1), 4),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
            ]
        )
    )
    story += [
        table,
        Spacer(1, 8 * mm),
        Paragraph(_("特此证明。本证明仅证明出具之日的缴存情况，可凭验证码向本中心核验真伪。"), CERT_BODY),
        Spacer(1, 12 * mm),
    ]
    sign = Table(
        [
            [_("出具单位"), issuer],
            [_("出具日期"), text(fields.get(_("出具日期")))],
            [_("验证码"), document.verification_code or ""],
        ],
        colWidths=[width * 0.2, width * 0.4],
        hAlign="RIGHT",
    )
    sign.setStyle(TableStyle([("FONT", (0, 0), (-1, -1), FONT, 11), ("FONT", (1, 2), (1, 2), FONT, 13)]))
    story.append(sign)
    for note in document.notes:
        story += [Spacer(1, 6 * mm), Paragraph(note, SMALL)]
    return story


async def write_pdf(
    document: Document,
    path: Path,
    *,
    progress: Progress | None = None,
    cancel: threading.Event | None = None,
    stage: Callable[[str], None] | None = None,
) -> Written:
    """Lay ``document`` out on A4 and write it to ``path`` (through a temporary file)."""
    import asyncio

    await asyncio.to_thread(register_cjk_font)  # before fetching anything: no font, no PDF (~0.2 s once)
    rows = await _rows(document, progress, cancel)
    if stage is not None:
        stage(
            ngettext("正在排版打印版（{count} 条）…", "正在排版打印版（{count} 条）…", len(rows)).format(
                count=f"{len(rows):,}"
            )
        )
    pages: list[int] = []
    total_chars = sum(column.width for column in document.columns)
    page = landscape(A4) if document.kind != "certificate" and total_chars > 100 else A4
    temporary = path.with_name(f".{path.name}.part")

    def build() -> None:
        template = SimpleDocTemplate(
            str(temporary),
            pagesize=page,
            leftMargin=15 * mm,
            rightMargin=15 * mm,
            topMargin=16 * mm,
            bottomMargin=15 * mm,
            title=document.title,
            author="gjj",
            subject=document.title,
            initialFontName=FONT,  # not Helvetica, which every page would then name without embedding it
        )
        width = page[0] - 30 * mm
        if document.kind == "certificate":
            story = _certificate_story(document, rows, width)
        else:
            story = _story_for_table(document, rows, width)
        header = (document.title, _whose(document))
        template.build(story, canvasmaker=lambda *a, **k: _PagedCanvas(*a, header=header, pages=pages, **k))

    try:
        await asyncio.to_thread(build)
        if cancel is not None and cancel.is_set():
            raise Cancelled
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)
    return Written(path, pages[0] if pages else None)
