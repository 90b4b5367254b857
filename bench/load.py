"""The mock under load, against a real ``gjj-mock`` process on 127.0.0.1.

(a) One route, ``GET /api/v1/me/account``, hammered by ``wrk -t1 -c50 -d15s`` (Debian package ``wrk``;
    ``make tools`` installs it), against a bare Starlette app answering the same bytes under the same
    uvicorn settings (``bench/bare_app.py``). Runs alternate bare, mock, bare, mock… and the report gives
    medians and the ratio, with the server's CPU time per request read from /proc. Without wrk the
    figure is left out (a Python client on this machine would be the bottleneck, not the server).
(b) The 50-member mix for 30 s: every member loops account → a ledger page → loans → a loan's plan,
    and some write too (标为已阅 on their messages; 陈静's members submit one 离职提取 again and again
    with the same ``Idempotency-Key``). Every non-2xx answer is counted; afterwards the server's state is
    checked: every message marked read is read, no other one is, and exactly one application came of
    the withdrawal, the one every answer named.

The load client is a minimal HTTP/1.1 keep-alive client on asyncio streams (one connection per
member): httpx would spend more CPU per request than the server does. Everything is bounded in time
and count and stops by itself; servers bind 127.0.0.1 only.
"""

from __future__ import annotations

import asyncio
import json
import os
import random
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path

from .stats import median

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"
TODAY = "2026-11-22"
CAPTCHA = "K7WX"
PASSWORD = "demo1234"
PAY_PASSWORD = "135790"
# the registered personas who can log in (周芳 and 吴磊 are not registered)
PHONES = [f"138000000{n:02d}" for n in (1, 2, 3, 4, 5, 6, 9, 10)]
WITHDRAWER = "13800000004"  # 陈静: sealed 7 months, may take 离职提取
WRITE_EVERY = 4  # a member writes on every 4th round


# --- servers --------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


@dataclass
class Server:
    process: subprocess.Popen[bytes]
    port: int

    @property
    def base(self) -> str:
        return f"http://{HOST}:{self.port}"

    def cpu_seconds(self) -> float:
        """User + system CPU the server process has used so far (all its threads)."""
        fields = Path(f"/proc/{self.process.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


@contextmanager
def _running(argv: list[str], port: int, ready_path: str, timeout: float = 60.0) -> Iterator[Server]:
    process = subprocess.Popen(argv, cwd=str(ROOT), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    server = Server(process, port)
    try:
        deadline = time.monotonic() + timeout
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"{argv} exited: {process.stderr.read().decode()[-1500:] if process.stderr else ''}")
            try:
                with urllib.request.urlopen(server.base + ready_path, timeout=2):
                    break
            except OSError:
                if time.monotonic() > deadline:
                    raise RuntimeError(f"{argv} did not answer within {timeout:.0f} s") from None
                time.sleep(0.1)
        yield server
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


def mock_server() -> AbstractContextManager[Server]:
    """A fresh ``gjj-mock`` (in-memory data, today pinned, frozen clock, fixed captcha, no access log)."""
    port = free_port()
    argv = [sys.executable, "-m", "mock_server", "--port", str(port), "--today", TODAY, "--frozen-clock"]
    argv += ["--fixed-captcha", CAPTCHA, "--log-level", "warning"]
    return _running(argv, port, "/_mock/clock")


def bare_server(body_file: Path) -> AbstractContextManager[Server]:
    port = free_port()
    return _running([sys.executable, "-m", "bench.bare_app", str(port), str(body_file)], port, "/api/v1/me/account")


# --- a small HTTP/1.1 client ----------------------------------------------------------------------


class Connection:
    """One keep-alive HTTP/1.1 connection; enough for the mock's answers (always with Content-Length)."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.reconnects = 0
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def request(
        self, method: str, path: str, *, token: str | None = None, body: object = None, headers: dict | None = None
    ) -> tuple[int, bytes]:
        """One request; once more on a new connection when the server had closed an idle one (uvicorn
        drops keep-alive connections idle for 5 s: the members' logins before the clock can take that
        long). Every request of the mix may be repeated: reads, 标为已阅, and a keyed submission."""
        try:
            return await self._request(method, path, token=token, body=body, headers=headers)
        except (asyncio.IncompleteReadError, ConnectionResetError, BrokenPipeError) as exc:
            if isinstance(exc, asyncio.IncompleteReadError) and exc.partial:
                raise  # the answer broke off midway: not an idle connection
            await self.close()
            self.reconnects += 1
            return await self._request(method, path, token=token, body=body, headers=headers)

    async def _request(
        self, method: str, path: str, *, token: str | None = None, body: object = None, headers: dict | None = None
    ) -> tuple[int, bytes]:
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection(HOST, self.port)
        assert self.reader is not None
        lines = [f"{method} {path} HTTP/1.1", f"Host: {HOST}:{self.port}"]
        if token:
            lines.append(f"Authorization: Bearer {token}")
        for name, value in (headers or {}).items():
            lines.append(f"{name}: {value}")
        payload = b""
        if body is not None:
            payload = json.dumps(body).encode()
            lines += ["Content-Type: application/json", f"Content-Length: {len(payload)}"]
        self.writer.write(("\r\n".join(lines) + "\r\n\r\n").encode() + payload)
        head = await self.reader.readuntil(b"\r\n\r\n")
        status = int(head[9:12])
        match = re.search(rb"\r\ncontent-length:\s*(\d+)", head, re.IGNORECASE)
        if match is None:
            raise RuntimeError(f"answer without Content-Length: {head[:200]!r}")
        content = await self.reader.readexactly(int(match.group(1)))
        if re.search(rb"\r\nconnection:\s*close", head, re.IGNORECASE):
            await self.close()
        return status, content

    async def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
            with suppress(OSError):
                await self.writer.wait_closed()
        self.reader = self.writer = None


async def login(conn: Connection, phone: str) -> str:
    status, body = await conn.request("POST", "/api/v1/captcha")
    if status != 200:
        raise RuntimeError(f"captcha: {status} {body[:200]!r}")
    captcha_id = json.loads(body)["captcha_id"]
    form = {"username": phone, "password": PASSWORD, "captcha_id": captcha_id, "captcha_code": CAPTCHA}
    status, body = await conn.request("POST", "/api/v1/auth/login", body=form)
    if status != 200:
        raise RuntimeError(f"login {phone}: {status} {body[:200]!r}")
    return str(json.loads(body)["access_token"])


# --- (b) the mix ----------------------------------------------------------------------------------


@dataclass
class MixResult:
    members: int
    seconds: float
    requests: int = 0
    non_2xx: dict[str, int] = field(default_factory=dict)
    latencies: list[float] = field(default_factory=list)
    marked_read: int = 0
    withdrawal_submissions: int = 0
    problems: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        ordered = sorted(self.latencies)

        def pct(q: float) -> float:
            return ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else 0.0

        return {
            "members": self.members,
            "seconds": round(self.seconds, 2),
            "requests": self.requests,
            "req_per_s": round(self.requests / self.seconds, 1) if self.seconds else 0.0,
            "p50_ms": round(pct(0.50) * 1000, 1),
            "p99_ms": round(pct(0.99) * 1000, 1),
            "non_2xx": sum(self.non_2xx.values()),
            "non_2xx_by_route": self.non_2xx,
            "marked_read": self.marked_read,
            "withdrawal_submissions": self.withdrawal_submissions,
            "problems": self.problems,
        }


async def _all_messages(conn: Connection, token: str) -> dict[int, str]:
    """Every message of the member: id → status (unread | read)."""
    found: dict[int, str] = {}
    for status_name in ("unread", "read"):
        for page in range(1, 41):
            status, body = await conn.request(
                "GET", f"/api/v1/me/messages?status={status_name}&page={page}&page_size=50", token=token
            )
            if status != 200:
                raise RuntimeError(f"messages: {status} {body[:200]!r}")
            data = json.loads(body)
            found.update({item["id"]: item["status"] for item in data["items"]})
            if page * data["page_size"] >= data["total"]:
                break
    return found


async def _withdrawals(conn: Connection, token: str) -> list[dict]:
    status, body = await conn.request("GET", "/api/v1/me/applications?page=1&page_size=50", token=token)
    if status != 200:
        raise RuntimeError(f"applications: {status} {body[:200]!r}")
    return [item for item in json.loads(body)["items"] if item["kind"] == "resignation"]


async def run_mix(port: int, *, members: int = 50, seconds: float = 30.0, max_requests: int = 400_000) -> dict:
    """The mix against a fresh mock on ``port``; returns the figures and every correctness problem found."""
    rng = random.Random(20261122)
    conns = [Connection(port) for _ in range(members)]
    phones = [PHONES[i % len(PHONES)] for i in range(members)]
    tokens = [await login(conns[i], phones[i]) for i in range(members)]  # one session each, before the clock
    first_of: dict[str, int] = {}
    for i, phone in enumerate(phones):
        first_of.setdefault(phone, i)

    # What each persona has before: messages (to mark some read), a repaying loan (for its plan), ledger size.
    before: dict[str, dict[int, str]] = {}
    contract: dict[str, str | None] = {}
    ledger_pages: dict[str, int] = {}
    for phone, i in first_of.items():
        before[phone] = await _all_messages(conns[i], tokens[i])
        _, body = await conns[i].request("GET", "/api/v1/me/loans", token=tokens[i])
        repaying = [loan["contract_no"] for loan in json.loads(body)["items"] if loan["status"] == "repaying"]
        contract[phone] = repaying[0] if repaying else None
        _, body = await conns[i].request("GET", "/api/v1/me/ledger?page=1&page_size=20", token=tokens[i])
        ledger_pages[phone] = max(1, -(-json.loads(body)["total"] // 20))

    # 陈静's withdrawal: one SMS code, one key; her members submit it again and again.
    w = first_of[WITHDRAWER]
    withdrawals_before = await _withdrawals(conns[w], tokens[w])
    status, body = await conns[w].request(
        "POST", "/api/v1/me/withdrawals/sms", token=tokens[w], body={"kind": "resignation"}
    )
    if status != 200:
        raise RuntimeError(f"withdrawal sms: {status} {body[:200]!r}")
    status, body = await conns[w].request("GET", f"/_mock/sms?phone={WITHDRAWER}&limit=1")
    sms_code = json.loads(body)["items"][0]["code"] if status == 200 else ""
    key = f"load-{rng.randrange(16**12):012x}"
    withdrawal = {"kind": "resignation", "amount": "1000.00", "sms_code": sms_code, "payment_password": PAY_PASSWORD}

    unread_of = {phone: sorted(i for i, s in msgs.items() if s == "unread") for phone, msgs in before.items()}
    result = MixResult(members=members, seconds=0.0)
    marked: dict[str, set[int]] = {phone: set() for phone in first_of}
    withdrawal_ids: set[int] = set()
    deadline = 0.0

    def count(route: str, status: int, started: float) -> None:
        result.requests += 1
        result.latencies.append(time.perf_counter() - started)
        if not 200 <= status < 300:
            result.non_2xx[f"{status} {route}"] = result.non_2xx.get(f"{status} {route}", 0) + 1

    async def member(i: int) -> None:
        conn, token, phone = conns[i], tokens[i], phones[i]
        unread = unread_of[phone]
        rounds = 0
        while time.perf_counter() < deadline and result.requests < max_requests:
            steps: list[tuple[str, str, str, object, dict | None]] = [
                ("account", "GET", "/api/v1/me/account", None, None),
                (
                    "ledger",
                    "GET",
                    f"/api/v1/me/ledger?page={rng.randint(1, ledger_pages[phone])}&page_size=20",
                    None,
                    None,
                ),
                ("loans", "GET", "/api/v1/me/loans", None, None),
            ]
            if contract[phone]:
                steps.append(("plan", "GET", f"/api/v1/me/loans/{contract[phone]}/plan", None, None))
            if rounds % WRITE_EVERY == WRITE_EVERY - 1:
                if phone == WITHDRAWER:
                    steps.append(("withdrawal", "POST", "/api/v1/me/withdrawals", withdrawal, {"Idempotency-Key": key}))
                elif unread:
                    message_id = unread[(i + rounds) % len(unread)]
                    steps.append(("read", "POST", f"/api/v1/me/messages/{message_id}/read", None, None))
            for route, method, path, body, headers in steps:
                started = time.perf_counter()
                status, content = await conn.request(method, path, token=token, body=body, headers=headers)
                count(route, status, started)
                if route == "read" and status == 200:
                    marked[phone].add(int(path.split("/")[-2]))
                    result.marked_read += 1
                elif route == "withdrawal" and status in (200, 201):
                    withdrawal_ids.add(int(json.loads(content)["id"]))
                    result.withdrawal_submissions += 1
            rounds += 1

    started = time.perf_counter()
    deadline = started + seconds
    await asyncio.gather(*(member(i) for i in range(members)))
    result.seconds = time.perf_counter() - started

    # Afterwards: exactly the writes acknowledged, each once.
    for phone, i in first_of.items():
        after = await _all_messages(conns[i], tokens[i])
        if set(after) != set(before[phone]):
            result.problems.append(f"{phone}: messages appeared or vanished ({len(before[phone])} → {len(after)})")
        expected = {mid: ("read" if mid in marked[phone] else s) for mid, s in before[phone].items()}
        wrong = sorted(mid for mid in expected if after.get(mid) != expected[mid])
        if wrong:
            result.problems.append(f"{phone}: messages {wrong[:10]} not as written")
    withdrawals_after = await _withdrawals(conns[w], tokens[w])
    new = [a for a in withdrawals_after if a["id"] not in {b["id"] for b in withdrawals_before}]
    if result.withdrawal_submissions and (len(new) != 1 or {a["id"] for a in new} != withdrawal_ids):
        result.problems.append(f"withdrawal: {len(new)} new applications, answers named {sorted(withdrawal_ids)}")
    for conn in conns:
        await conn.close()
    return result.as_dict()


# --- (a) one route against the bare app -----------------------------------------------------------


def _wrk(url: str, token: str, seconds: int) -> dict:
    wrk = shutil.which("wrk")
    assert wrk is not None
    out = subprocess.run(
        [wrk, "-t1", "-c50", f"-d{seconds}s", "--latency", "-H", f"Authorization: Bearer {token}", url],
        capture_output=True,
        text=True,
        timeout=seconds + 60,
        check=True,
    ).stdout
    rate = float(re.search(r"Requests/sec:\s*([\d.]+)", out).group(1))  # type: ignore[union-attr]
    total = int(re.search(r"(\d+) requests in", out).group(1))  # type: ignore[union-attr]
    non_2xx = re.search(r"Non-2xx or 3xx responses:\s*(\d+)", out)
    errors = re.search(r"Socket errors:.*", out)
    return {
        "req_per_s": rate,
        "requests": total,
        "non_2xx": int(non_2xx.group(1)) if non_2xx else 0,
        "socket_errors": errors.group(0) if errors else "",
    }


def single_route(runs: int = 3, seconds: int = 15) -> dict:
    if shutil.which("wrk") is None:
        return {"skipped": "wrk is not installed (make tools)"}
    bare_rates: list[float] = []
    mock_rates: list[float] = []
    bare_cpu: list[float] = []
    mock_cpu: list[float] = []
    checks: list[dict] = []
    with mock_server() as mock, tempfile.TemporaryDirectory() as tmp:
        token = asyncio.run(_token(mock.port))
        with urllib.request.urlopen(
            urllib.request.Request(mock.base + "/api/v1/me/account", headers={"Authorization": f"Bearer {token}"})
        ) as answer:
            body_file = Path(tmp) / "account.json"
            body_file.write_bytes(answer.read())
        with bare_server(body_file) as bare:
            for _ in range(runs):
                for server, rates, cpu in ((bare, bare_rates, bare_cpu), (mock, mock_rates, mock_cpu)):
                    cpu_before = server.cpu_seconds()
                    figures = _wrk(server.base + "/api/v1/me/account", token, seconds)
                    cpu.append((server.cpu_seconds() - cpu_before) / max(1, figures["requests"]))
                    rates.append(figures["req_per_s"])
                    checks.append(figures)
    return {
        "runs": runs,
        "seconds": seconds,
        "bare_req_per_s": bare_rates,
        "mock_req_per_s": mock_rates,
        "bare_median": median(bare_rates),
        "mock_median": median(mock_rates),
        "ratio": median(mock_rates) / median(bare_rates),
        "bare_cpu_ms_per_request": round(median(bare_cpu) * 1000, 3),
        "mock_cpu_ms_per_request": round(median(mock_cpu) * 1000, 3),
        "non_2xx": sum(c["non_2xx"] for c in checks),
        "socket_errors": sorted({c["socket_errors"] for c in checks if c["socket_errors"]}),
    }


async def _token(port: int) -> str:
    conn = Connection(port)
    try:
        return await login(conn, PHONES[0])
    finally:
        await conn.close()


def mix(runs: int = 3, members: int = 50, seconds: float = 30.0) -> dict:
    outcomes = []
    for _ in range(runs):
        with mock_server() as mock:  # a fresh server each run: the writes are checked against its seed
            outcomes.append(asyncio.run(run_mix(mock.port, members=members, seconds=seconds)))
    return {
        "runs": outcomes,
        "req_per_s": median([o["req_per_s"] for o in outcomes]),
        "p50_ms": median([o["p50_ms"] for o in outcomes]),
        "p99_ms": median([o["p99_ms"] for o in outcomes]),
        "non_2xx": sum(o["non_2xx"] for o in outcomes),
        "problems": [p for o in outcomes for p in o["problems"]],
    }


def measure() -> dict:
    return {"single_route": single_route(), "mix": mix()}


def report(result: dict) -> str:
    single, mixed = result["single_route"], result["mix"]
    if "skipped" in single:
        first = f"  GET /api/v1/me/account: skipped ({single['skipped']})"
    else:
        first = (
            f"  GET /api/v1/me/account, wrk -t1 -c50 -d{single['seconds']}s, median of {single['runs']}:\n"
            f"    bare Starlette {single['bare_median']:.0f} req/s ({single['bare_cpu_ms_per_request']} ms CPU/request), "
            f"gjj-mock {single['mock_median']:.0f} req/s ({single['mock_cpu_ms_per_request']} ms CPU/request): "
            f"{single['ratio']:.3f}× (target ≥ 0.5×); non-2xx {single['non_2xx']}"
        )
    runs = mixed["runs"]
    return (
        "the mock under load (real gjj-mock process on 127.0.0.1)\n"
        + first
        + "\n"
        + f"  {runs[0]['members']}-member mix, {runs[0]['seconds']:.0f} s, median of {len(runs)}: "
        f"{mixed['req_per_s']:.0f} req/s, p50 {mixed['p50_ms']:.1f} ms, p99 {mixed['p99_ms']:.1f} ms, "
        f"non-2xx {mixed['non_2xx']}, writes checked: {'all kept, none doubled' if not mixed['problems'] else mixed['problems']}"
    )


if __name__ == "__main__":
    print(report(measure()))
