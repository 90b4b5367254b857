"""A light request while heavy ones run: ``/me/account`` latency while 8 clients fetch the heaviest
answers (a balance series with a distant end, a 1,000-row ledger page of the 12,000-entry persona, a
360-row plan) from a real ``gjj-mock`` process on 127.0.0.1, over kept-alive connections.

``python -m bench contention``; ``GJJ_BENCH_MOCK_ROOT=/path/to/other/checkout`` measures another
checkout's mock the same way (how the "before" figure was taken). Bounded: at most ``LIGHT`` light
requests and ``MAX_SECONDS`` of load.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx

from .mockproc import wait_until_up

ROOT = Path(__file__).resolve().parent.parent
HEAVY_CLIENTS = 8
LIGHT = 200
MAX_SECONDS = 60.0
CAPTCHA = "K7WX"
BENCH_PHONE = "13800000010"  # 郑军: 12,000 ledger entries, a 360-period loan
DEMO_PHONE = "13800000001"


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _token(http: httpx.Client, phone: str) -> str:
    captcha = http.post("/api/v1/captcha").json()
    body = {"username": phone, "password": "demo1234", "captcha_id": captcha["captcha_id"], "captcha_code": CAPTCHA}
    return str(http.post("/api/v1/auth/login", json=body).json()["access_token"])


def run(url: str, heavy_clients: int = HEAVY_CLIENTS, light: int = LIGHT, max_seconds: float = MAX_SECONDS) -> dict:
    """Light latencies (ms) alone and under load, with the heavy requests' count; against ``url``."""
    with httpx.Client(base_url=url, timeout=120) as http:
        heavy_token = _token(http, BENCH_PHONE)
        light_token = _token(http, DEMO_PHONE)
        contract = http.get("/api/v1/me/loans", headers={"Authorization": f"Bearer {heavy_token}"}).json()
        contract_no = next(loan["contract_no"] for loan in contract["items"] if loan["status"] == "repaying")
    heavy_paths = [
        ("/api/v1/me/ledger/series", {"start": "1990-01-01", "end": "2999-12-31"}),
        ("/api/v1/me/ledger", {"page_size": "1000", "page": "3"}),
        (f"/api/v1/me/loans/{contract_no}/plan", {}),
    ]

    def light_latencies(count: int, deadline: float) -> list[float]:
        times: list[float] = []
        with httpx.Client(base_url=url, timeout=120, headers={"Authorization": f"Bearer {light_token}"}) as http:
            for _ in range(count):
                if time.monotonic() > deadline:
                    break
                started = time.perf_counter()
                response = http.get("/api/v1/me/account")
                times.append((time.perf_counter() - started) * 1000)
                assert response.status_code == 200, response.text
        return times

    alone = light_latencies(min(light, 50), time.monotonic() + max_seconds)
    stop = threading.Event()
    heavy_done = [0] * heavy_clients
    heavy_failed: list[str] = []

    def heavy(index: int) -> None:
        path, params = heavy_paths[index % len(heavy_paths)]
        with httpx.Client(base_url=url, timeout=120, headers={"Authorization": f"Bearer {heavy_token}"}) as http:
            while not stop.is_set():
                response = http.get(path, params=params)
                if response.status_code != 200:
                    heavy_failed.append(f"{path} {response.status_code}")
                    return
                heavy_done[index] += 1

    threads = [threading.Thread(target=heavy, args=(i,), daemon=True) for i in range(heavy_clients)]
    for thread in threads:
        thread.start()
    time.sleep(0.5)  # every heavy client has a request in flight
    try:
        loaded = light_latencies(light, time.monotonic() + max_seconds)
    finally:
        stop.set()
        for thread in threads:
            thread.join(timeout=max_seconds * 2)
    return {
        "alone_ms": _summary(alone),
        "loaded_ms": _summary(loaded),
        "heavy_requests": sum(heavy_done),
        "heavy_failed": heavy_failed,
    }


def _summary(times: list[float]) -> dict:
    ordered = sorted(times)

    def pct(p: float) -> float:
        return round(ordered[min(len(ordered) - 1, int(p * len(ordered)))], 1) if ordered else 0.0

    return {
        "n": len(ordered),
        "median": round(statistics.median(ordered), 1) if ordered else 0.0,
        "p99": pct(0.99),
        "max": round(ordered[-1], 1) if ordered else 0.0,
    }


def measure() -> dict:
    root = Path(os.environ.get("GJJ_BENCH_MOCK_ROOT") or ROOT)
    port = _free_port()
    env = dict(os.environ, PYTHONPATH=str(root))
    process = subprocess.Popen(
        [sys.executable, "-m", "mock_server", "--port", str(port), "--today", "2026-11-22"]
        + ["--frozen-clock", "--fixed-captcha", CAPTCHA, "--log-level", "warning"],
        cwd=root,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(process, url)
        result = run(url)
    finally:
        process.terminate()
        process.wait(timeout=20)
    result["mock_root"] = str(root)
    return result


def report(result: dict) -> str:
    alone, loaded = result["alone_ms"], result["loaded_ms"]
    return (
        f"contention ({result['mock_root']}): /me/account alone median {alone['median']} ms, p99 {alone['p99']} ms; "
        f"with {HEAVY_CLIENTS} heavy clients median {loaded['median']} ms, p99 {loaded['p99']} ms, "
        f"max {loaded['max']} ms over {loaded['n']} requests ({result['heavy_requests']} heavy answered)"
    )
