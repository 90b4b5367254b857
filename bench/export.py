"""Exporting 100,000 ledger rows to .xlsx, against a bare openpyxl write-only loop writing the same rows.

Both run in processes of their own, fed the same synthetic rows a page (1,000 rows) at a time, as they
would arrive from the server. Ours goes through the real path: LedgerItem models → ``ledger_rows`` →
``write_xlsx`` (title block, formats, totals, worker thread per page). The baseline appends the same
values with the same number formats and nothing else. Memory: peak RSS during the export minus RSS just
before it.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import subprocess
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

from .stats import median

ROWS = 100_000
PAGE = 1000


def _status_mib(field: str) -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field):
            return int(line.split()[1]) / 1024
    return float("nan")


def rss_mib() -> float:
    return _status_mib("VmRSS:")


def peak_mib() -> float:
    # VmHWM, this process's own high-water mark. Not getrusage's ru_maxrss: that one carries over the
    # parent's resident size from the fork, so under `make bench` (after the ledger suite) it read ~120 MiB.
    return _status_mib("VmHWM:")


def synthetic_page(page: int):
    from api_client.models import LedgerItem

    start = page * PAGE
    day = dt.date(1990, 1, 1)
    items = []
    for seq in range(start + 1, start + PAGE + 1):
        amount = Decimal(seq % 5000) / 7
        items.append(
            LedgerItem(
                seq=seq,
                posted_on=day + dt.timedelta(days=seq // 10),
                type="remit",
                type_label="汇缴",
                contribution_month="2020-01",
                amount=amount.quantize(Decimal("0.01")),
                interest=Decimal("0.00"),
                balance=(Decimal(seq) * 3).quantize(Decimal("0.01")),
                summary="2020年1月汇缴",
                org="市直管理部",
                channel="单位网厅",
            )
        )
    return items


def run_ours(path: Path) -> None:
    from tui.export.document import Column, Document
    from tui.export.sources import LEDGER_COLUMNS, ledger_rows
    from tui.export.xlsx import write_xlsx

    async def pages():
        for page in range(ROWS // PAGE):
            yield ledger_rows(synthetic_page(page))

    document = Document(
        kind="ledger",
        title="个人账户明细",
        about=[("姓名", "郑*"), ("查询范围", "全部")],
        columns=list(LEDGER_COLUMNS) or [Column("x", 1)],
        pages=pages,
        total_rows=ROWS,
        totals=[("记录条数", ROWS)],
    )
    asyncio.run(write_xlsx(document, path))


def run_bare(path: Path) -> None:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    from tui.export.sources import ledger_rows

    book = Workbook(write_only=True)
    sheet = book.create_sheet("ledger")
    for page in range(ROWS // PAGE):
        for row in ledger_rows(synthetic_page(page)):
            cells = []
            for value in row:
                if isinstance(value, Decimal):
                    cell = WriteOnlyCell(sheet, value=value)
                    cell.number_format = "#,##0.00"
                    cells.append(cell)
                elif isinstance(value, dt.date):
                    cell = WriteOnlyCell(sheet, value=value)
                    cell.number_format = "yyyy-mm-dd"
                    cells.append(cell)
                else:
                    cells.append(value)
            sheet.append(cells)
    book.save(path)


def child(kind: str) -> dict:
    import openpyxl  # noqa: F401  (imports paid before the baseline, as in a running app)

    import api_client.models  # noqa: F401
    import tui.export.xlsx  # noqa: F401

    synthetic_page(0)
    before = rss_mib()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"{kind}.xlsx"
        started = time.perf_counter()
        (run_ours if kind == "ours" else run_bare)(path)
        seconds = time.perf_counter() - started
        size = path.stat().st_size
    return {"seconds": seconds, "rss_before_mib": before, "peak_mib": peak_mib(), "size": size}


def _spawn(kind: str) -> dict:
    out = subprocess.run(
        [sys.executable, "-m", "bench.export", f"--child={kind}"],
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(__file__).resolve().parent.parent,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def measure(rounds: int = 3) -> dict:
    ours, bare = [], []
    for _ in range(rounds):
        bare.append(_spawn("bare"))
        ours.append(_spawn("ours"))
    ours_s = median([r["seconds"] for r in ours])
    bare_s = median([r["seconds"] for r in bare])
    return {
        "rows": ROWS,
        "rounds": rounds,
        "ours_median_s": ours_s,
        "bare_median_s": bare_s,
        "ratio": ours_s / bare_s,
        "ours_extra_mib": max(r["peak_mib"] - r["rss_before_mib"] for r in ours),
        "bare_extra_mib": max(r["peak_mib"] - r["rss_before_mib"] for r in bare),
        "ours_file_kib": ours[0]["size"] / 1024,
    }


def report(result: dict) -> str:
    return (
        f"export {result['rows']:,} ledger rows to .xlsx ({result['rounds']} runs each)\n"
        f"  gjj exporter: median {result['ours_median_s']:.2f} s; bare openpyxl write-only loop: "
        f"{result['bare_median_s']:.2f} s; ratio {result['ratio']:.2f}× (target ≤ 1.2×)\n"
        f"  peak memory above the process's baseline: gjj {result['ours_extra_mib']:.1f} MiB "
        f"(target ≤ 60 MiB), bare loop {result['bare_extra_mib']:.1f} MiB; file {result['ours_file_kib']:.0f} KiB"
    )


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1].startswith("--child="):
        print(json.dumps(child(sys.argv[1].split("=", 1)[1])))
    else:
        print(report(measure()))
