"""Exports read back: the .xlsx cell by cell against the API, the PDF's text, and both opened by programs
nobody here wrote (LibreOffice converting the .xlsx to CSV, pdftotext reading the PDF)."""

from __future__ import annotations

import csv
import datetime as dt
import os
import shutil
import subprocess
import threading
import time
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from api_client.domain.masking import MASKING_RULE
from tests.conftest import signed_in
from tui.export import sources
from tui.export.document import Cancelled
from tui.export.output import ExportError, check_target, resolve_target, send_to_printer, write

NOW = dt.datetime(2026, 11, 22, 9, 30, 0)
NEEDS_TOOLS = os.environ.get("GJJ_REQUIRE_TOOLS") == "1"


def need(tool: str) -> str:
    path = shutil.which(tool)
    if path is None:
        if NEEDS_TOOLS:
            pytest.fail(f"{tool} is required here (GJJ_REQUIRE_TOOLS=1) but not installed")
        pytest.skip(f"{tool} not installed (run .ci/run's setup to install it)")
    return path


def sheet_rows(path: Path) -> list[tuple]:
    book = load_workbook(path)
    return [tuple(row) for row in book.active.iter_rows(values_only=True)]


def header_index(rows: list[tuple], first_title: str) -> int:
    return next(index for index, row in enumerate(rows) if row and row[0] == first_title)


async def test_ledger_xlsx_matches_the_api_cell_by_cell(client, tmp_path) -> None:
    await signed_in(client, "13800000010")  # 12,000 entries: several pages of 1,000
    document = await sources.ledger_document(client, now=NOW)
    seen: list[tuple[int, int | None]] = []
    path = (
        await write(document, tmp_path / "ledger.xlsx", progress=lambda done, total: seen.append((done, total)))
    ).path
    rows = sheet_rows(path)
    assert rows[0][0] == "个人账户明细"
    about = {row[0]: row[1] for row in rows[1 : header_index(rows, "编号")] if row and row[0]}
    assert about["姓名"] == "郑*" and about["证件号码"] == "440305********0017" and about["查询范围"] == "全部"
    assert about["导出时间"] == "2026-11-22 09:30:00"
    start = header_index(rows, "编号")
    assert rows[start] == (
        "编号",
        "记账日期",
        "业务明细类型",
        "汇补缴年月",
        "发生额",
        "发生利息额",
        "余额",
        "摘要",
        "机构",
        "渠道",
    )
    body = rows[start + 1 : start + 1 + 12000]
    api_items = []
    page = 1
    while len(api_items) < 12000:
        api_items += (await client.ledger(page=page, page_size=1000)).items
        page += 1
    for row, item in zip(body, api_items, strict=True):
        assert row == (
            item.seq,
            dt.datetime.combine(item.posted_on, dt.time()),
            item.type_label,
            item.contribution_month or None,
            float(item.amount),
            float(item.interest),
            float(item.balance),
            item.summary,
            item.org,
            item.channel,
        )
    assert seen[-1] == (12000, 12000) and len(seen) == 12
    totals = {row[0]: row[1] for row in rows[start + 12001 :] if row and row[0]}
    first = await client.ledger(page_size=1)
    assert totals["记录条数"] == 12000 and Decimal(str(totals["收入合计"])) == first.totals.income
    assert f"为保护个人信息，{MASKING_RULE}" in totals


async def test_amounts_are_numbers_with_formats_and_the_header_is_frozen(client, tmp_path) -> None:
    await signed_in(client)
    number = (await client.loans())[0].contract_no
    path = (await write(await sources.plan_document(client, number, now=NOW), tmp_path / "plan.xlsx")).path
    sheet = load_workbook(path).active
    start = next(cell.row for cell in sheet["A"] if cell.value == "期数")
    assert sheet.freeze_panes == f"A{start + 1}"
    first = sheet.cell(row=start + 1, column=3)
    assert first.value == 430000 and first.number_format == "#,##0.00" and first.data_type == "n"
    due = sheet.cell(row=start + 1, column=2)
    assert due.is_date and due.number_format == "yyyy-mm-dd" and due.value.date() == dt.date(2015, 8, 15)
    assert sheet.column_dimensions["B"].width >= 14
    plan = await client.plan(number)
    last = sheet.cell(row=start + 360, column=7)
    assert Decimal(str(last.value)) == plan.rows[-1].closing_balance == Decimal("0.00")
    principal_total = next(row for row in sheet.iter_rows(values_only=True) if row[0] == "本金合计")
    assert Decimal(str(principal_total[1])).quantize(Decimal("0.01")) == Decimal("430000.00")


async def test_repayments_and_loan_account_exports(client, tmp_path) -> None:
    await signed_in(client, "13800000003")
    number = (await client.loans())[1].contract_no
    rows = sheet_rows(
        (await write(await sources.repayments_document(client, number, now=NOW), tmp_path / "r.xlsx")).path
    )
    start = header_index(rows, "还款日期")
    api = await client.repayments(number)
    body = rows[start + 1 : start + 1 + len(api.items)]
    late = next(row for row in body if row[2] == 23)
    assert late[0].date() == dt.date(2021, 3, 28) and late[6] == pytest.approx(5.38)
    assert [row[2] for row in body] == [item.period for item in api.items]
    loan_rows = sheet_rows(
        (await write(await sources.loan_document(client, number, now=NOW), tmp_path / "l.xlsx")).path
    )
    fields = {row[0]: row[1] for row in loan_rows if row and row[0]}
    assert fields["贷款金额"] == 300000 and fields["还款方式"] == "等额本金"
    assert fields["还款账号"].startswith("**** **** ")


async def test_pdf_has_the_figures_page_numbers_and_header_on_every_page(client, tmp_path) -> None:
    await signed_in(client)
    number = (await client.loans())[0].contract_no
    written = await write(await sources.plan_document(client, number, now=NOW), tmp_path / "plan.pdf")
    path = written.path
    reader = PdfReader(path)
    pages = [page.extract_text() for page in reader.pages]
    assert len(pages) >= 5 and written.pages == len(pages)
    for index, text in enumerate(pages, start=1):
        assert f"第 {index} 页 / 共 {len(pages)} 页" in text
        assert "公积金贷款还款计划" in text and "110105********0039" in text
    everything = "\n".join(pages)
    assert "430,000.00" in everything and "1,871.39" in everything and "2045-07-15" in everything
    assert "110105198503120039" not in everything
    width, height = reader.pages[0].mediabox.width, reader.pages[0].mediabox.height
    assert (round(float(width)), round(float(height))) in ((595, 842), (842, 595))  # A4


async def test_libreoffice_and_pdftotext_read_what_we_wrote(client, tmp_path) -> None:
    soffice = need("soffice")
    pdftotext = need("pdftotext")
    await signed_in(client, "13800000003")
    number = (await client.loans())[1].contract_no
    document = await sources.repayments_document(client, number, now=NOW)
    xlsx = (await write(document, tmp_path / "还款明细.xlsx")).path
    subprocess.run(
        [
            soffice,
            "--headless",
            f"-env:UserInstallation=file://{tmp_path}/lo",
            "--convert-to",
            "csv:Text - txt - csv (StarCalc):44,34,76",
            "--outdir",
            str(tmp_path),
            str(xlsx),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    with open(tmp_path / "还款明细.csv", encoding="utf-8") as handle:
        table = list(csv.reader(handle))
    start = next(index for index, row in enumerate(table) if row and row[0] == "还款日期")
    late = next(row for row in table[start + 1 :] if len(row) > 2 and row[2] == "23")
    assert late[0] == "2021-03-28" and late[6] == "5.38" and late[3] == "1,993.40"
    pdf = (await write(await sources.repayments_document(client, number, now=NOW), tmp_path / "还款明细.pdf")).path
    text = subprocess.run([pdftotext, "-layout", str(pdf), "-"], check=True, capture_output=True, text=True).stdout
    assert "公积金贷款还款明细" in text and "2021-03-28" in text and "1,993.40" in text and "5.38" in text


async def test_cancelled_export_leaves_no_file(client, tmp_path) -> None:
    await signed_in(client, "13800000010")
    cancel = threading.Event()
    document = await sources.ledger_document(client, now=NOW)

    def stop_after_first_page(done: int, total: int | None) -> None:
        cancel.set()

    with pytest.raises(Cancelled):
        await write(document, tmp_path / "big.xlsx", progress=stop_after_first_page, cancel=cancel)
    assert list(tmp_path.iterdir()) == []


def test_bad_targets_are_named_in_chinese(tmp_path) -> None:
    assert check_target(tmp_path / "out.txt") == "文件名应以 .xlsx（Excel）或 .pdf（打印版）结尾"
    (tmp_path / "dir.xlsx").mkdir()
    assert check_target(tmp_path / "dir.xlsx") == "这是一个文件夹，请给出文件名"
    assert check_target(tmp_path / "typo" / "a.xlsx") == f"文件夹 {tmp_path / 'typo'} 不存在"
    assert not (tmp_path / "typo").exists()
    assert check_target(tmp_path / "exports" / "a.xlsx", tmp_path / "exports") is None  # the export folder is made
    assert (tmp_path / "exports").is_dir()


def test_typed_names_go_to_the_export_folder_and_kiosks_get_only_a_name(tmp_path) -> None:
    folder = tmp_path / "导出"
    assert resolve_target("明细.xlsx", folder) == (folder / "明细.xlsx", None)
    assert resolve_target(str(tmp_path / "别处.pdf"), folder) == (tmp_path / "别处.pdf", None)
    assert resolve_target("  ", folder) == (None, "请输入文件名")
    assert resolve_target("sub/明细.xlsx", folder, kiosk=True) == (None, "自助终端只能保存到导出文件夹，请只填写文件名")
    assert resolve_target(str(tmp_path / "x.xlsx"), folder, kiosk=True)[0] is None
    assert resolve_target("明细.xlsx", folder, kiosk=True) == (folder / "明细.xlsx", None)


async def test_write_refuses_a_bad_target(client, tmp_path) -> None:
    await signed_in(client)
    with pytest.raises(ExportError):
        await write(await sources.ledger_document(client), tmp_path / "a.docx")


async def test_printing_is_never_silent(tmp_path, monkeypatch) -> None:
    pdf = tmp_path / "x.pdf"
    pdf.write_bytes(b"%PDF-1.4\n")
    assert (await send_to_printer(pdf, None)).message == f"未配置打印机，打印版已保存到 {pdf}"
    sleep = shutil.which("sleep")
    monkeypatch.setenv("PATH", str(tmp_path))  # no lp on this PATH
    result = await send_to_printer(pdf, "kiosk")
    assert not result.printed and result.message == f"本机没有 lp 打印命令，打印版已保存到 {pdf}"
    fake_lp = tmp_path / "lp"
    fake_lp.write_text("#!/bin/sh\necho 'request id is kiosk-42 (1 file(s))'\n")
    fake_lp.chmod(0o755)
    result = await send_to_printer(pdf, "kiosk")
    assert result.printed and result.message == "已发送到打印机 kiosk（request id is kiosk-42 (1 file(s))）"
    fake_lp.write_text(f"#!/bin/sh\nexec {sleep} 30\n")  # a hung queue: given up on, the lp process killed
    started = time.monotonic()
    result = await send_to_printer(pdf, "kiosk", timeout=0.5)
    assert time.monotonic() - started < 10
    assert not result.printed
    assert result.message == f"打印机 kiosk 在 0.5 秒内没有响应，已放弃打印，打印版已保存到 {pdf}"


async def test_the_last_page_is_never_just_the_small_print(client, tmp_path) -> None:
    await signed_in(client)
    written = await write(await sources.ledger_document(client, now=NOW), tmp_path / "ledger.pdf")
    last = PdfReader(written.path).pages[-1].extract_text()
    assert "为保护个人信息，姓名只显示第一个字" in last and "收入合计" in last
    assert sum(1 for line in last.splitlines() if line.strip()[:4].isdigit()) >= 3  # rows of the table too


async def test_the_certificate_prints_on_one_page_with_its_code(client, tmp_path, api) -> None:
    await signed_in(client)
    cert = await client.deposit_certificate()
    written = await write(await sources.certificate_document(client, cert), tmp_path / "证明.pdf")
    assert written.pages == 1
    text = PdfReader(written.path).pages[0].extract_text()
    for expected in (
        "个人住房公积金缴存证明",
        "110105********0039",
        cert.code,
        "139,703.05",
        "演示市住房公积金管理中心",
        "2026-11-22",
        "特此证明",
    ):
        assert expected in text, expected
    assert "110105198503120039" not in text
    check = (await api.get(f"/certificates/{cert.code}")).json()  # the printed code is genuine
    assert check["genuine"] is True
    rows = sheet_rows((await write(await sources.certificate_document(client, cert), tmp_path / "证明.xlsx")).path)
    fields = {row[0]: row[1] for row in rows if row and row[0]}
    assert fields["账户余额"] == pytest.approx(139703.05) and fields["验证码"] == cert.code


async def test_one_masking_rule_for_every_export_borrowers_too(client, tmp_path) -> None:
    await signed_in(client)
    number = (await client.loans())[0].contract_no
    detail = await client.loan(number)
    path = (await write(await sources.loan_document(client, number, now=NOW), tmp_path / "l.xlsx")).path
    cells = [str(cell) for row in load_workbook(path).active.iter_rows(values_only=True) for cell in row if cell]
    text = "\n".join(cells)
    assert detail.borrower_name not in text  # 张伟 nowhere, 张* wherever a name is
    assert f"张*（{detail.borrower_id_masked}）" in text
    if detail.co_borrower_name:
        assert detail.co_borrower_name not in text and f"{detail.co_borrower_name[0]}*" in text
    assert f"为保护个人信息，{MASKING_RULE}" in text
    certificate = await write(await sources.certificate_document(client), tmp_path / "c.pdf")
    printed = "".join(PdfReader(certificate.path).pages[0].extract_text().split())
    assert "张伟" not in printed and "张*" in printed and "姓名只显示第一个字" in printed
