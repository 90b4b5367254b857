"""Login submit → home page drawn with all three panels filled, against the embedded mock, and the floor.

The UI is driven in one process. Each round fills the login form, then, with the clock running, posts
the Enter key to the app as the terminal would (no Pilot waits: ``Pilot.press`` sleeps at least 40 ms
for the CPU to go idle after a key, and a pause after that) and stops the clock on the first frame the
app hands to its terminal in which the home page shows all three panels filled (the balance, the loan,
the task counters: read from the frame itself). The CPU time of the round (every thread of the process,
the embedded mock included) is measured over the same span. Then it logs out (not timed).

The floor is what the same client spends on the same requests with no UI at all: the login (with its
password hash) and the three requests the home page makes (account, loans, tasks, at once as the home
page sends them), against its own embedded mock in the same process. Rounds alternate (UI, floor, UI,
floor…) so that machine noise hits both alike.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import gc
import time
from typing import Any

from .stats import median, ms, p95

TODAY = dt.date(2026, 11, 22)
PHONE, PASSWORD, CAPTCHA = "13800000001", "demo1234", "K7WX"
# What the demo member's filled home page shows, one per panel: 我的公积金, 我的贷款, the task counters.
FILLED = ("账户余额", "合同编号", "条未读")
ROUND_LIMIT = 10.0  # seconds: a round that takes longer has failed


async def _floor_round(client: Any) -> tuple[float, float]:
    captcha = await client.captcha()  # shown before the submit in the UI too: not timed
    started, cpu = time.perf_counter(), time.process_time()
    await client.login(PHONE, PASSWORD, captcha.captcha_id, CAPTCHA)
    await asyncio.gather(client.account(), client.loans(), client.tasks())
    elapsed, cpu_used = time.perf_counter() - started, time.process_time() - cpu
    await client.logout()
    return elapsed, cpu_used


class FilledFrame:
    """Watches the frames the app hands to its terminal; ``seen`` is set on the first one of the home page
    with every panel filled, ``at`` is when that frame was handed over."""

    def __init__(self, app: Any) -> None:
        self.app = app
        self.seen = asyncio.Event()
        self.at = 0.0
        self.frames = 0
        self._display = app._display
        app._display = self._watch

    def arm(self) -> None:
        self.seen.clear()
        self.frames = 0

    def _watch(self, screen: Any, renderable: Any) -> None:
        self._display(screen, renderable)
        if renderable is None or self.seen.is_set() or type(screen).__name__ != "HomeScreen":
            return
        at = time.perf_counter()
        self.frames += 1
        from tui.textual_internals import render_lines

        text = "\n".join(strip.text for strip in render_lines(screen))
        if all(mark in text for mark in FILLED):
            self.at = at
            self.seen.set()


async def _measure(rounds: int) -> dict[str, list[float]]:
    from textual import events
    from textual.widgets import Input

    from tui.app import GjjApp
    from tui.backend import embedded_client

    app = GjjApp(embedded_client(today=TODAY, fixed_captcha=CAPTCHA), demo=True, today=lambda: TODAY)
    floor_client = embedded_client(today=TODAY, fixed_captcha=CAPTCHA)
    out: dict[str, list[float]] = {"ui": [], "ui_cpu": [], "frames": [], "full_gc": [], "floor": [], "floor_cpu": []}
    full: list[int] = [0]

    def count_full(phase: str, info: dict[str, int]) -> None:
        if phase == "start" and info["generation"] == 2:
            full[0] += 1

    gc.callbacks.append(count_full)
    async with app.run_test(size=(80, 24)) as pilot:
        watch = FilledFrame(app)
        for _ in range(rounds):
            deadline = time.monotonic() + ROUND_LIMIT
            while not getattr(app.screen, "captcha_id", None):
                if time.monotonic() > deadline:
                    raise TimeoutError("the login screen never showed its captcha")
                await pilot.pause(0.01)
            screen = app.screen
            screen.query_one("#username", Input).value = PHONE
            screen.query_one("#password", Input).value = PASSWORD
            captcha = screen.query_one("#captcha", Input)
            captcha.value = CAPTCHA
            captcha.focus()
            await pilot.pause()
            watch.arm()
            full[0] = 0
            key = events.Key("enter", "\r")
            key.set_sender(app)
            started, cpu = time.perf_counter(), time.process_time()
            app._driver.send_message(key)  # as a terminal's Enter arrives
            await asyncio.wait_for(watch.seen.wait(), ROUND_LIMIT)
            out["ui_cpu"].append(time.process_time() - cpu)
            out["ui"].append(watch.at - started)
            out["frames"].append(watch.frames)
            out["full_gc"].append(full[0])
            await pilot.pause()
            await pilot.press("f10")
            await pilot.pause()
            await pilot.press("y")
            while type(app.screen).__name__ != "LoginScreen":
                if time.monotonic() > deadline:
                    raise TimeoutError("the logout never came back to the login screen")
                await pilot.pause(0.01)
            elapsed, cpu_used = await _floor_round(floor_client)
            out["floor"].append(elapsed)
            out["floor_cpu"].append(cpu_used)
    await floor_client.aclose()
    gc.callbacks.remove(count_full)
    return out


def measure(rounds: int = 25) -> dict[str, Any]:
    out = asyncio.run(_measure(rounds + 3))
    out = {name: values[3:] for name, values in out.items()}  # the first rounds import and warm caches
    ui, floor = out["ui"], out["floor"]
    return {
        "rounds": rounds,
        "median_s": median(ui),
        "p95_s": p95(ui),
        "max_s": max(ui),
        "cpu_median_s": median(out["ui_cpu"]),
        "frames_median": median(out["frames"]),
        "full_collections": int(sum(out["full_gc"])),
        "floor_median_s": median(floor),
        "floor_p95_s": p95(floor),
        "floor_cpu_median_s": median(out["floor_cpu"]),
        "ratio_to_floor": median(ui) / median(floor),
        "p95_to_median": p95(ui) / median(ui),
    }


def report(result: dict[str, Any]) -> str:
    return (
        f"login submit → home drawn, three panels filled (embedded mock, {result['rounds']} rounds)\n"
        f"  gjj:   median {ms(result['median_s'])}, p95 {ms(result['p95_s'])}, max {ms(result['max_s'])}; "
        f"CPU {ms(result['cpu_median_s'])}, {result['frames_median']:g} frame(s) of the home page, "
        f"{result['full_collections']} full garbage collection(s) in all the rounds\n"
        f"  floor: median {ms(result['floor_median_s'])}, p95 {ms(result['floor_p95_s'])}, "
        f"CPU {ms(result['floor_cpu_median_s'])} (same client and requests, no UI)\n"
        f"  median {result['ratio_to_floor']:.2f}× the floor (target ≤ 1.5×), "
        f"p95 {result['p95_to_median']:.2f}× the median (target ≤ 1.3×)"
    )


if __name__ == "__main__":
    print(report(measure()))
