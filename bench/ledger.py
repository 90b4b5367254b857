"""The 12,000-entry ledger of the benchmark persona (郑军).

1. Widget figures, from the moment the data is in the client: all 12,000 items are fetched first, then
   ``VirtualTable.set_rows`` → first rows on screen, and End → last row on screen. Textual's DataTable
   with the same rows is measured in the same run as the reference.
2. Loading in the real screen: the ledger page opened against the embedded mock, then End, PgUp ×40
   and Home, paging the history in as it scrolls; a ticker measures the longest stall of the event
   loop (a frame blocked) throughout.
3. Memory: resident set size of a process with the app, the embedded mock and the ledger open with all
   12,000 rows loaded, against a bare Textual app in a process of its own.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import subprocess
import sys
import time
from pathlib import Path

from .stats import median, ms

TODAY = dt.date(2026, 11, 22)
BENCH_USER = "13800000010"


def rss_mib() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


async def _next_frame(widget) -> float:
    done = asyncio.get_running_loop().create_future()
    widget.call_after_refresh(lambda: done.done() or done.set_result(time.perf_counter()))
    return await done


def _app():
    from tui.app import GjjApp
    from tui.backend import embedded_client

    return GjjApp(embedded_client(today=TODAY, fixed_captcha="K7WX"), demo=True, today=lambda: TODAY)


async def _login(app, pilot) -> None:
    from textual.widgets import Input

    while not getattr(app.screen, "captcha_id", None):
        await pilot.pause(0.02)
    app.screen.query_one("#username", Input).value = BENCH_USER
    app.screen.query_one("#password", Input).value = "demo1234"
    app.screen.query_one("#captcha", Input).value = "K7WX"
    app.screen.action_submit()
    while type(app.screen).__name__ != "HomeScreen":
        await pilot.pause(0.02)
    await app.workers.wait_for_complete()


async def _all_items(client) -> list:
    items: list = []
    page = 1
    while True:
        result = await client.ledger(page=page, page_size=1000, newest_first=True)
        items += result.items
        if len(items) >= result.total:
            return items
        page += 1


async def widget_figures(rounds: int) -> dict:
    from textual.app import App, ComposeResult
    from textual.widgets import DataTable

    from screens.ledger import COLUMNS, compact, ledger_cells
    from tui.widgets.table import VirtualTable

    app = _app()
    async with app.run_test(size=(100, 30)) as pilot:
        await _login(app, pilot)
        items = [compact(item) for item in await _all_items(app.client)]
    assert len(items) == 12000, len(items)

    class Bench(App[None]):
        def compose(self) -> ComposeResult:
            yield VirtualTable(COLUMNS, ledger_cells)
            yield DataTable()

    first: list[float] = []
    last: list[float] = []
    datatable: list[float] = []
    bench = Bench()
    async with bench.run_test(size=(100, 30)) as pilot:
        table = bench.query_one(VirtualTable)
        grid = bench.query_one(DataTable)
        for _ in range(rounds):
            grid.display = False
            table.display = True
            await pilot.pause()
            started = time.perf_counter()
            table.set_rows(items)
            first.append(await _next_frame(table) - started)
            started = time.perf_counter()
            table.action_last()
            last.append(await _next_frame(table) - started)
        # The reference: Textual's DataTable with the same 12,000 rows (formatted the same way).
        table.display = False
        grid.display = True
        grid.clear(columns=True)
        grid.add_columns(*(column.title for column in COLUMNS))
        await pilot.pause()
        started = time.perf_counter()
        grid.add_rows([[str(cell) for cell in ledger_cells(item)] for item in items])
        datatable.append(await _next_frame(grid) - started)
    return {
        "first_rows_median_s": median(first),
        "last_row_median_s": median(last),
        "datatable_first_rows_s": datatable[0],
        "rounds": rounds,
    }


async def loading_stalls() -> dict:
    from tui.widgets.table import VirtualTable

    app = _app()
    stalls: list[float] = []
    async with app.run_test(size=(100, 30)) as pilot:
        await _login(app, pilot)
        running = True

        async def ticker() -> None:
            tick = 0.005
            while running:
                before = time.perf_counter()
                await asyncio.sleep(tick)
                stalls.append(time.perf_counter() - before - tick)

        task = asyncio.get_running_loop().create_task(ticker())
        started = time.perf_counter()
        await pilot.press("f3")
        while type(app.screen).__name__ != "LedgerScreen":
            await pilot.pause(0.01)
        table = app.screen.query_one(VirtualTable)
        while table.row_count == 0:
            await pilot.pause(0.01)
        opened = time.perf_counter() - started
        await pilot.press("end")
        for _ in range(40):
            await pilot.press("pageup")
        await pilot.press("home")
        await app.workers.wait_for_complete()
        loaded_pages = table.rows.loaded_pages
        running = False
        await task
    return {
        "open_to_rows_s": opened,
        "max_stall_s": max(stalls),
        "median_tick_lag_s": median(stalls),
        "pages_loaded": loaded_pages,
    }


async def memory_child() -> dict:
    from screens.ledger import compact
    from tui.widgets.table import PagedRows, VirtualTable

    app = _app()
    async with app.run_test(size=(100, 30)) as pilot:
        await _login(app, pilot)
        opened_rss = None
        await pilot.press("f3")
        while type(app.screen).__name__ != "LedgerScreen":
            await pilot.pause(0.01)
        table = app.screen.query_one(VirtualTable)
        while table.row_count == 0:
            await pilot.pause(0.01)
        await pilot.pause(0.2)
        opened_rss = rss_mib()
        rows = table.rows
        assert isinstance(rows, PagedRows)
        for page in range((rows.total + rows.page_size - 1) // rows.page_size):  # every page in memory
            if not rows.has_page(page):
                result = await app.client.ledger(page=page + 1, page_size=rows.page_size, newest_first=True)
                rows.put_page(page, [compact(item) for item in result.items])
        await pilot.press("end")
        await pilot.pause(0.2)
        return {
            "rss_mib": rss_mib(),
            "rss_opened_mib": opened_rss,
            "rows_in_memory": sum(1 for index in range(len(rows)) if rows[index]),
        }


def _hello_child() -> dict:
    from textual.app import App, ComposeResult
    from textual.widgets import Static

    class Hello(App[None]):
        def compose(self) -> ComposeResult:
            yield Static("Hello, World")

    async def run() -> dict:
        async with Hello().run_test(size=(100, 30)) as pilot:
            await pilot.pause(0.2)
            return {"rss_mib": rss_mib()}

    return asyncio.run(run())


def _child(kind: str) -> dict:
    out = subprocess.run(
        [sys.executable, "-m", "bench.ledger", f"--child={kind}"],
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(__file__).resolve().parent.parent,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def measure(rounds: int = 15) -> dict:
    result = asyncio.run(widget_figures(rounds))
    result.update(asyncio.run(loading_stalls()))
    app_memory = _child("memory")
    hello_memory = _child("hello")
    result.update(
        {
            "rss_app_mib": app_memory["rss_mib"],
            "rows_in_memory": app_memory["rows_in_memory"],
            "rss_opened_mib": app_memory["rss_opened_mib"],
            "rss_hello_mib": hello_memory["rss_mib"],
        }
    )
    return result


def report(result: dict) -> str:
    return (
        "12,000-entry ledger (郑军)\n"
        f"  data in client → first rows drawn: median {ms(result['first_rows_median_s'])} (target ≤ 100 ms); "
        f"DataTable with the same rows: {ms(result['datatable_first_rows_s'])}\n"
        f"  jump to the last row: median {ms(result['last_row_median_s'])} (target ≤ 50 ms)\n"
        f"  real screen: open → rows {ms(result['open_to_rows_s'])}; paging through {result['pages_loaded']} pages, "
        f"longest event-loop stall {ms(result['max_stall_s'])} (target ≤ 100 ms)\n"
        f"  memory (app + embedded mock): ledger open {result['rss_opened_mib']:.1f} MiB, with all "
        f"{result['rows_in_memory']:,} rows loaded {result['rss_app_mib']:.1f} MiB (target ≤ 100 MiB; "
        f"bare Textual app {result['rss_hello_mib']:.1f} MiB)"
    )


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1].startswith("--child="):
        kind = sys.argv[1].split("=", 1)[1]
        data = asyncio.run(memory_child()) if kind == "memory" else _hello_child()
        print(json.dumps(data))
    else:
        print(report(measure()))
