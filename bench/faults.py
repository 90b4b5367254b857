"""Each fault kind × ``gjj query account`` against a ``gjj-mock`` process on 127.0.0.1.

For every kind: a one-off fault (``count`` 1), which the client should survive, and a lasting one
(``unlimited``), which it must report in one line; then the fault is removed and the command run
again. Per case: the exit code, what the person saw on stderr, the requests that reached
``/me/account`` (from the mock's journal) and the command's wall time, median of ``rounds`` runs,
beside a same-run baseline without faults.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from .mockproc import wait_until_up
from .stats import median, ms

ROOT = Path(__file__).resolve().parent.parent
ACCOUNT = "/api/v1/me/account"
CASES: dict[str, dict[str, Any]] = {
    "latency 300 ms": {"kind": "latency", "delay_ms": 300},
    "error 503": {"kind": "error", "status": 503},
    "error 429 Retry-After 1": {"kind": "error", "status": 429, "headers": {"Retry-After": "1"}},
    "error 502 (HTML page)": {"kind": "error", "status": 502, "body": "<html>Bad Gateway</html>"},
    "empty_response": {"kind": "empty_response"},
    "connection_reset": {"kind": "connection_reset"},
    "random_data_then_close": {"kind": "random_data_then_close"},
    "malformed_chunk": {"kind": "malformed_chunk"},
    "dribble 64 B / 20 ms": {"kind": "dribble", "chunk_bytes": 64, "interval_ms": 20},
    "lost_response": {"kind": "lost_response"},
    "expired_token": {"kind": "expired_token"},
}


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _run(server: str, http: Any) -> tuple[int, str, int, float]:
    """One ``gjj query account``: exit code, stderr, requests to /me/account, seconds."""
    http.delete(f"{server}/_mock/journal")
    env = {key: value for key, value in os.environ.items() if not key.startswith("GJJ_")}
    env |= {
        "GJJ_SERVER": server,
        "GJJ_CONFIG": str(ROOT / "bench" / "no-such-config.toml"),
        "GJJ_USERNAME": "13800000001",
        "GJJ_PASSWORD": "demo1234",
        "GJJ_CAPTCHA": "K7WX",
        "GJJ_TIMEOUT": "5",
        "PYTHONPATH": str(ROOT),
    }
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "tui", "query", "account", "--format", "json"],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=120,
    )
    seconds = time.perf_counter() - started
    time.sleep(0.3)  # a request the client gave up on is journaled when the server finishes it
    items = http.get(f"{server}/_mock/journal", params={"limit": 2000}).json()["items"]
    return done.returncode, done.stderr.strip(), sum(1 for item in items if item["path"] == ACCOUNT), seconds


def _case(server: str, http: Any, spec: dict[str, Any] | None, rounds: int) -> dict[str, Any]:
    runs = []
    for _ in range(rounds):
        http.delete(f"{server}/_mock/faults")
        if spec is not None:
            http.post(f"{server}/_mock/faults", json={"path": ACCOUNT, **spec}).raise_for_status()
        runs.append(_run(server, http))
    code, stderr, requests, _ = runs[-1]
    return {"exit": code, "stderr": stderr, "requests": requests, "median_s": median([run[3] for run in runs])}


def measure(rounds: int = 3) -> dict[str, Any]:
    import httpx

    port = _free_port()
    server = f"http://127.0.0.1:{port}"
    command = [sys.executable, "-m", "mock_server", "--port", str(port), "--today", "2026-11-22"]
    process = subprocess.Popen(
        [*command, "--frozen-clock", "--fixed-captcha", "K7WX", "--log-level", "warning"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        cwd=ROOT,
    )
    try:
        with httpx.Client(timeout=10) as http:
            wait_until_up(process, server)
            cases: dict[str, Any] = {"baseline": _case(server, http, None, rounds)}
            for name, spec in CASES.items():
                cases[name] = {
                    "one-off": _case(server, http, {**spec, "count": 1}, rounds),
                    "lasting": _case(server, http, {**spec, "count": "unlimited"}, rounds),
                    "after": _case(server, http, None, 1),
                }
    finally:
        process.terminate()
        process.wait(timeout=10)
    return {"rounds": rounds, "cases": cases}


def report(result: dict[str, Any]) -> str:
    cases = result["cases"]
    base = cases["baseline"]["median_s"]
    lines = [
        f"gjj query account × fault kind (gjj-mock over TCP, median of {result['rounds']} runs; "
        f"baseline without faults {ms(base)}):",
        "| fault | one-off: exit, requests, time (over baseline) | lasting: exit, requests, time | what the person saw "
        "| after removal |",
        "| --- | --- | --- | --- | --- |",
    ]
    for name in CASES:
        one, lasting, after = cases[name]["one-off"], cases[name]["lasting"], cases[name]["after"]
        seen = lasting["stderr"] or "(the answer, no message)"
        lines.append(
            f"| {name} | {one['exit']}, {one['requests']}, {ms(one['median_s'])} (+{ms(one['median_s'] - base)}) "
            f"| {lasting['exit']}, {lasting['requests']}, {ms(lasting['median_s'])} | {seen} "
            f"| {after['exit']}, {ms(after['median_s'])} |"
        )
    return "\n".join(lines)
