"""The fault lab: failures a tester injects into the mock, and the ASGI middleware that applies them.

A fault says *which* requests it hits (a path glob, optionally a method, a probability and a count)
and *what* the client then sees (``kind``). The lab draws every probability from one seeded
``random.Random``: after ``/_mock/reset`` the same seed gives the same hits and misses, so a failing
run can be replayed.

HTTP-level kinds (``latency``, ``error``, ``dribble``, ``expired_token``) are plain ASGI. The
connection-level kinds (``empty_response``, ``connection_reset``, ``random_data_then_close``,
``malformed_chunk``, ``lost_response``) need the connection itself:

* over real TCP (``gjj-mock``, uvicorn) :class:`MockApp` keeps the server's own ``send`` in the scope;
  uvicorn's ``send`` is a method of its request cycle, which holds the asyncio transport. The lab then
  closes it, writes bytes to it, or aborts it with ``SO_LINGER`` 0 (a TCP reset).
* in-process (``httpx.ASGITransport``, the embedded demo) :class:`InProcessTransport` hands the app a
  :class:`InProcessConnection` through a context variable; the lab records the kind there, and the
  transport raises the httpx exception a real socket would have given.
"""

from __future__ import annotations

import asyncio
import contextvars
import datetime as dt
import fnmatch
import json
import logging
import math
import random
import re
import socket
import struct
import threading
import time
import tomllib
from collections.abc import Awaitable, Callable, Iterator, Mapping, MutableMapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from fastapi import FastAPI

from api_client.domain.phrase import Listing, Phrase

from .english import language_of
from .problems import ApiProblem, validation

if TYPE_CHECKING:
    from .runtime import Runtime

log = logging.getLogger("gjj.mock.faults")

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

KINDS = (
    "latency",
    "error",
    "empty_response",
    "connection_reset",
    "random_data_then_close",
    "malformed_chunk",
    "dribble",
    "lost_response",
    "expired_token",
)
# Names from before the lab: ``delay`` is latency, ``malformed`` an error answered with a proxy's HTML page.
LEGACY_KINDS = {"delay": "latency", "malformed": "error"}
CONNECTION_KINDS = frozenset({"empty_response", "connection_reset", "random_data_then_close", "malformed_chunk"})
METHODS = ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS")
COMMON_FIELDS = ("kind", "path", "path_prefix", "method", "probability", "count")
KIND_FIELDS: dict[str, tuple[str, ...]] = {
    "latency": ("delay_ms",),
    "error": ("status", "body", "headers"),
    "dribble": ("chunk_bytes", "interval_ms"),
}
MAX_DELAY_MS = 60_000
SCENARIO_DIR = Path(__file__).with_name("scenarios")

_ERROR_ANSWERS = {
    429: ("RATE_LIMITED", "请求过于频繁，请稍后重试（模拟故障）"),
    500: ("INTERNAL", "服务器内部错误，请稍后重试（模拟故障）"),
    502: ("BAD_GATEWAY", "网关错误，后端暂时无法访问（模拟故障）"),
    503: ("SERVICE_UNAVAILABLE", "服务暂时不可用，请稍后重试（模拟故障）"),
    504: ("GATEWAY_TIMEOUT", "网关超时，后端未能及时应答（模拟故障）"),
}
_LEGACY_MALFORMED_BODY = "<html><body><h1>502 Bad Gateway</h1></body></html>"


@dataclass
class JournalEntry:
    """One request: kept cheap to write (the time is formatted when the journal is read)."""

    at: dt.datetime
    method: str
    path: str
    status: int
    duration_ms: float
    member_id: int | None = None
    fault: str | None = None


# --- what a fault is -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Delay:
    """A fixed delay, or one drawn from ``uniform`` [low, high] or ``lognormal`` (median, sigma), in ms."""

    fixed_ms: float = 0.0
    uniform: tuple[float, float] | None = None
    lognormal: tuple[float, float] | None = None

    def draw(self, rng: random.Random) -> float:
        if self.uniform is not None:
            return rng.uniform(*self.uniform)
        if self.lognormal is not None:
            median, sigma = self.lognormal
            return min(MAX_DELAY_MS, rng.lognormvariate(math.log(median), sigma))
        return self.fixed_ms

    def to_json(self) -> Any:
        if self.uniform is not None:
            return {"uniform": list(self.uniform)}
        if self.lognormal is not None:
            return {"lognormal": {"median_ms": self.lognormal[0], "sigma": self.lognormal[1]}}
        return self.fixed_ms


@dataclass
class Fault:
    """One injected failure and its tally.

    Build one from a tester's JSON with :func:`parse_fault` (which checks every field); the
    constructor is for code and keeps today's ``path_prefix`` spelling working.
    """

    kind: str = "error"
    path: str | None = None  # a glob: /api/v1/me/ledger*
    path_prefix: str | None = None  # the older spelling: every path that starts with it
    method: str | None = None
    probability: float = 1.0
    count: int | None = 1  # None: no limit
    delay_ms: Delay | float = 0.0
    status: int = 503
    body: Any = None
    headers: dict[str, str] = field(default_factory=dict)
    chunk_bytes: int = 16
    interval_ms: float = 50.0
    id: int = 0
    hits: int = 0
    misses: int = 0
    _pattern: re.Pattern[str] | None = field(default=None, repr=False, compare=False)

    def __post_init__(self) -> None:
        if self.kind == "malformed":
            self.body = _LEGACY_MALFORMED_BODY if self.body is None else self.body
            self.headers = {"Content-Type": "text/html; charset=utf-8", **self.headers}
        self.kind = LEGACY_KINDS.get(self.kind, self.kind)
        if not isinstance(self.delay_ms, Delay):
            self.delay_ms = Delay(fixed_ms=float(self.delay_ms))
        if self.method:
            self.method = self.method.upper()
        if self.path is None and self.path_prefix is None:
            self.path = "/*"
        if self.path is not None:
            self._pattern = re.compile(fnmatch.translate(self.path))
        else:
            self._pattern = re.compile(re.escape(self.path_prefix or "") + ".*", re.DOTALL)

    @property
    def remaining(self) -> int | None:
        return None if self.count is None else max(0, self.count - self.hits)

    def matches(self, method: str, path: str, has_token: bool) -> bool:
        if self.count is not None and self.hits >= self.count:
            return False
        if self.method is not None and self.method != method:
            return False
        if self.kind == "expired_token" and not has_token:
            return False  # only a request that carries a token can be told it expired
        assert self._pattern is not None
        return self._pattern.match(path) is not None

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"id": self.id, "kind": self.kind}
        data["path"] = self.path
        if self.path_prefix is not None:
            data["path_prefix"] = self.path_prefix
        data |= {"method": self.method, "probability": self.probability}
        data["count"] = "unlimited" if self.count is None else self.count
        if self.kind == "latency":
            assert isinstance(self.delay_ms, Delay)
            data["delay_ms"] = self.delay_ms.to_json()
        elif self.kind == "error":
            data |= {"status": self.status, "body": self.body, "headers": self.headers}
        elif self.kind == "dribble":
            data |= {"chunk_bytes": self.chunk_bytes, "interval_ms": self.interval_ms}
        remaining = self.remaining
        data |= {"hits": self.hits, "misses": self.misses, "remaining": "unlimited" if remaining is None else remaining}
        return data


def _problem(message: str, field_name: str, **details: Any) -> ApiProblem:
    return validation(message, field=field_name, **details)


def _number(value: Any, name: str, *, low: float, high: float, integer: bool = False) -> float:
    kind_ok = isinstance(value, int) if integer else isinstance(value, (int, float))
    if isinstance(value, bool) or not kind_ok:
        raise _problem(Phrase("字段 {name} 应为整数" if integer else "字段 {name} 应为数字", name=name), name)
    if not low <= value <= high:
        raise _problem(
            Phrase("字段 {name} 应在 {low} 到 {high} 之间", name=name, low=f"{low:g}", high=f"{high:g}"), name
        )
    return float(value)


def _delay(value: Any) -> Delay:
    name = "delay_ms"
    if isinstance(value, Mapping):
        if set(value) == {"uniform"}:
            pair = value["uniform"]
            if not isinstance(pair, list) or len(pair) != 2:
                raise _problem("delay_ms.uniform 应为 [最小毫秒, 最大毫秒]", name)
            low = _number(pair[0], "delay_ms.uniform", low=0, high=MAX_DELAY_MS)
            high = _number(pair[1], "delay_ms.uniform", low=0, high=MAX_DELAY_MS)
            if low > high:
                raise _problem("delay_ms.uniform 的最小值不能大于最大值", name)
            return Delay(uniform=(float(low), float(high)))
        if set(value) == {"lognormal"} and isinstance(value["lognormal"], Mapping):
            spec = value["lognormal"]
            unknown = sorted(set(spec) - {"median_ms", "sigma"})
            if unknown:
                where = f"delay_ms.lognormal.{unknown[0]}"
                raise _problem(Phrase("未知字段：{name}", name=where), where)
            if "median_ms" not in spec or "sigma" not in spec:
                raise _problem("delay_ms.lognormal 需要 median_ms 和 sigma", name)
            median = _number(spec["median_ms"], "delay_ms.lognormal.median_ms", low=1, high=MAX_DELAY_MS)
            sigma = _number(spec["sigma"], "delay_ms.lognormal.sigma", low=0, high=5)
            return Delay(lognormal=(float(median), float(sigma)))
        raise _problem('delay_ms 应为毫秒数、{"uniform": [最小, 最大]} 或 {"lognormal": {median_ms, sigma}}', name)
    return Delay(fixed_ms=float(_number(value, name, low=0, high=MAX_DELAY_MS)))


def parse_fault(data: Any, *, default_count: int | None = 1) -> Fault:
    """A fault from a tester's JSON or TOML table; a wrong or unknown field is a 422 naming it."""
    if not isinstance(data, Mapping):
        raise _problem("每个故障应为一个对象（JSON object / TOML table）", "faults")
    kind = data.get("kind", "error")
    if kind not in KINDS and kind not in LEGACY_KINDS:
        raise _problem(
            Phrase("未知的故障类型：{kind}（可选：{kinds}）", kind=str(kind), kinds=Listing(KINDS, "、")),
            "kind",
            allowed=list(KINDS),
        )
    canonical = LEGACY_KINDS.get(str(kind), str(kind))
    allowed = set(COMMON_FIELDS) | set(KIND_FIELDS.get(canonical, ()))
    if kind == "malformed":
        allowed.add("status")
    for name in data:
        if name not in allowed:
            if any(name in fields for fields in KIND_FIELDS.values()):
                raise _problem(Phrase("字段 {name} 不适用于故障类型 {kind}", name=str(name), kind=canonical), str(name))
            raise _problem(Phrase("未知字段：{name}", name=str(name)), str(name))
    values: dict[str, Any] = {"kind": kind, "count": default_count}
    for name in ("path", "path_prefix"):
        if name in data:
            if not isinstance(data[name], str) or not data[name].startswith("/"):
                raise _problem(Phrase("{name} 应以 / 开头，如 /api/v1/me/ledger*", name=name), name)
            values[name] = data[name]
    if "path" in values and "path_prefix" in values:
        raise _problem("path 与 path_prefix 只能给出一个", "path_prefix")
    if "path" not in values and "path_prefix" not in values:
        raise _problem("缺少 path（路径通配符，如 /api/v1/me/*）", "path")
    if data.get("method") is not None:
        method = data["method"]
        if not isinstance(method, str) or method.upper() not in METHODS:
            raise _problem(Phrase("method 应为 {methods} 之一", methods=Listing(METHODS, "、")), "method")
        values["method"] = method.upper()
    if "probability" in data:
        values["probability"] = float(_number(data["probability"], "probability", low=0, high=1))
    if "count" in data:
        count = data["count"]
        values["count"] = (
            None if count in (None, "unlimited") else int(_number(count, "count", low=1, high=1_000_000, integer=True))
        )
    if "delay_ms" in data:
        values["delay_ms"] = _delay(data["delay_ms"])
    if "status" in data:
        values["status"] = int(_number(data["status"], "status", low=400, high=599, integer=True))
    if "body" in data:
        if not isinstance(data["body"], (str, Mapping, list)):
            raise _problem("body 应为文本或 JSON 对象", "body")
        values["body"] = data["body"]
    if "headers" in data:
        headers = data["headers"]
        if not isinstance(headers, Mapping) or not all(
            isinstance(k, str) and isinstance(v, (str, int)) and "\n" not in str(v) for k, v in headers.items()
        ):
            raise _problem("headers 应为 {名称: 值} 对象", "headers")
        values["headers"] = {str(k): str(v) for k, v in headers.items()}
    if "chunk_bytes" in data:
        values["chunk_bytes"] = int(_number(data["chunk_bytes"], "chunk_bytes", low=1, high=1_000_000, integer=True))
    if "interval_ms" in data:
        values["interval_ms"] = float(_number(data["interval_ms"], "interval_ms", low=0, high=10_000))
    return Fault(**values)


@dataclass(frozen=True)
class Scenario:
    """Several faults set at once, optionally with the lab's seed."""

    faults: list[Fault]
    seed: int | None = None
    name: str | None = None
    description: str | None = None


def parse_scenario(data: Any, *, name: str | None = None) -> Scenario:
    """``{seed?, description?, faults: [...]}`` (JSON) or the same as TOML with ``[[faults]]`` tables."""
    if not isinstance(data, Mapping):
        raise _problem("场景应为一个对象", "faults")
    for key in data:
        if key not in ("seed", "faults", "description", "name"):
            raise _problem(Phrase("未知字段：{name}", name=str(key)), str(key))
    seed = data.get("seed")
    if seed is not None:
        seed = int(_number(seed, "seed", low=0, high=2**63 - 1, integer=True))
    items = data.get("faults")
    if not isinstance(items, list) or not items:
        raise _problem("faults 应为至少含一个故障的列表", "faults")
    faults: list[Fault] = []
    for index, item in enumerate(items):
        try:
            faults.append(parse_fault(item, default_count=None))  # a scenario lasts until cleared
        except ApiProblem as exc:
            exc.message = Phrase("第 {number} 个故障：{problem}", number=index + 1, problem=exc.message)
            exc.details["index"] = index
            raise
    description = data.get("description")
    return Scenario(faults, seed, name or data.get("name"), description if isinstance(description, str) else None)


def shipped_scenarios() -> dict[str, Path]:
    """The scenarios that come with the mock, by name (``flaky-network``, ``slow-backend``, …)."""
    return {path.stem: path for path in sorted(SCENARIO_DIR.glob("*.toml"))}


def load_scenario(name_or_path: str) -> Scenario:
    """A shipped scenario by name, or a TOML file; ``ValueError`` with a Chinese message if neither."""
    shipped = shipped_scenarios()
    path = shipped.get(name_or_path) or Path(name_or_path).expanduser()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        names = "、".join(shipped)
        raise ValueError(f"找不到故障场景 {name_or_path}（自带的场景：{names}）") from None
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ValueError(f"无法读取故障场景 {path}：{exc}") from None
    try:
        return parse_scenario(data, name=path.stem)
    except ApiProblem as exc:
        raise ValueError(f"故障场景 {path}：{exc.message}") from None


# --- the lab -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Hit:
    """A fault that hit one request, with what was drawn for it."""

    fault: Fault
    delay_s: float = 0.0
    garbage: bytes = b""


class FaultLab:
    """The faults of one mock server and the seeded generator that decides their hits."""

    def __init__(self, seed: int) -> None:
        self.seed = seed
        self._rng = random.Random(seed)
        self._faults: list[Fault] = []  # every fault added, spent ones too (for the listing)
        self._active: list[Fault] = []  # those that can still hit: all the middleware looks at
        self._next_id = 1
        self._lock = threading.Lock()

    def __iter__(self) -> Iterator[Fault]:
        return iter(list(self._faults))

    def __len__(self) -> int:
        return len(self._faults)

    @property
    def armed(self) -> bool:
        """Whether any fault can still hit (read without the lock: a list's truth is atomic)."""
        return bool(self._active)

    def add(self, fault: Fault) -> Fault:
        with self._lock:
            fault.id = self._next_id
            self._next_id += 1
            self._faults.append(fault)
            self._active.append(fault)
        return fault

    def clear(self) -> None:
        with self._lock:
            self._faults.clear()
            self._active.clear()

    def reseed(self, seed: int | None = None) -> None:
        """Start the hit/miss sequence again (with a new seed if given)."""
        with self._lock:
            if seed is not None:
                self.seed = seed
            self._rng = random.Random(self.seed)

    def reset(self, seed: int) -> None:
        with self._lock:
            self._faults.clear()
            self._active.clear()
            self._next_id = 1
            self.seed = seed
            self._rng = random.Random(seed)

    def take(self, method: str, path: str, has_token: bool = False) -> Hit | None:
        """The fault this request meets, if any (its count and the draws are used up here)."""
        if not self._active:  # the usual case: no lock, nothing drawn
            return None
        with self._lock:
            for fault in self._active:
                if not fault.matches(method, path, has_token):
                    continue
                if fault.probability < 1.0 and self._rng.random() >= fault.probability:
                    fault.misses += 1
                    continue
                fault.hits += 1
                if fault.remaining == 0:
                    self._active.remove(fault)  # spent: listed still, never looked at again
                delay = fault.delay_ms.draw(self._rng) / 1000 if isinstance(fault.delay_ms, Delay) else 0.0
                garbage = self._rng.randbytes(44) + b"\r\n\r\n" if fault.kind == "random_data_then_close" else b""
                return Hit(fault, delay, garbage)
        return None


# --- connections: over TCP, and in-process ------------------------------------------------------


class TcpConnection:
    """uvicorn's connection behind one request: close it, write raw bytes to it, or reset it."""

    def __init__(self, cycle: Any) -> None:
        self._cycle = cycle
        self._transport: asyncio.Transport = cycle.transport

    async def drop(self, kind: str, send: Send, garbage: bytes = b"") -> None:
        transport = self._transport
        if kind == "connection_reset":
            sock = transport.get_extra_info("socket")
            if sock is not None:  # SO_LINGER on, 0 s: close() sends RST instead of FIN
                sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            transport.abort()
        else:
            if kind == "random_data_then_close":
                transport.write(garbage)
            transport.close()
        # Wait until uvicorn has seen the connection go, so it neither answers 500 nor logs an error.
        for turn in range(200):  # uvicorn hears of it on the loop's next turn or so
            if getattr(self._cycle, "disconnected", True):
                return
            await asyncio.sleep(0 if turn < 10 else 0.005)


class InProcessConnection:
    """The in-process stand-in: records what the connection would have done; the transport raises it."""

    def __init__(self) -> None:
        self.kind: str | None = None
        self.garbage = b""

    async def drop(self, kind: str, send: Send, garbage: bytes = b"", *, started: bool = False) -> None:
        self.kind, self.garbage = kind, garbage
        # httpx.ASGITransport insists on a finished response; it is never shown (the transport raises).
        if not started:
            await send({"type": "http.response.start", "status": 599, "headers": [(b"x-mock-fault", kind.encode())]})
        await send({"type": "http.response.body", "body": b"", "more_body": False})


IN_PROCESS_CONNECTION: contextvars.ContextVar[InProcessConnection | None] = contextvars.ContextVar(
    "gjj_mock_in_process_connection", default=None
)
_RAW_SEND = "gjj.raw_send"


def connection_of(scope: Scope) -> TcpConnection | InProcessConnection | None:
    """The connection behind this request, where the server lets us at it."""
    conn = IN_PROCESS_CONNECTION.get()
    if conn is not None:
        return conn
    cycle = getattr(scope.get(_RAW_SEND), "__self__", None)
    if cycle is not None and isinstance(getattr(cycle, "transport", None), asyncio.Transport):
        return TcpConnection(cycle)
    return None


class MockApp(FastAPI):
    """FastAPI that keeps the server's own ``send`` in the scope, for the connection-level faults."""

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            scope[_RAW_SEND] = send
        await super().__call__(scope, receive, send)


# --- the middleware ------------------------------------------------------------------------------


class JournalAndFaults:
    """Plain ASGI middleware: applies the fault a request meets and writes the journal entry.

    The path without faults costs a list check and one small closure (for the journal's status).
    """

    def __init__(self, app: ASGIApp, runtime: Runtime) -> None:
        self.app = app
        self.runtime = runtime

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        runtime = self.runtime
        started = time.perf_counter()
        path: str = scope["path"]
        method: str = scope["method"]
        hit = None
        if runtime.faults.armed and not path.startswith("/_mock"):
            has_token = any(k == b"authorization" and v[:7].lower() == b"bearer " for k, v in scope["headers"])
            hit = runtime.faults.take(method, path, has_token)
        status = 0

        async def journal_send(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        if hit is None:
            await self.app(scope, receive, journal_send)
        else:
            applied = await self._apply(hit, scope, receive, journal_send)
            if applied is not None:  # what the client was meant to get (not the in-process placeholder)
                status = applied
        runtime.journal.append(
            JournalEntry(
                runtime.clock.now(),
                method,
                path,
                status,
                (time.perf_counter() - started) * 1000,
                scope.get("state", {}).get("member_id"),
                hit.fault.kind if hit else None,
            )
        )

    async def _apply(self, hit: Hit, scope: Scope, receive: Receive, send: Send) -> int | None:
        fault = hit.fault
        kind = fault.kind
        if kind == "latency":
            # Held before it is handled, as a slow link or a busy backend would (the request is then
            # handled late, even if the client gave up meanwhile); ``lost_response`` is "saved, answer lost".
            await asyncio.sleep(hit.delay_s)
            await self.app(scope, receive, send)
            return None
        if kind == "error":
            return await _send_error(fault, send, language_of(scope.get("headers") or ()))
        if kind == "expired_token":
            language = language_of(scope.get("headers") or ())
            expired = ApiProblem(401, "TOKEN_EXPIRED", "访问令牌已过期").body(language)
            return await _send_json(send, 401, expired, {FAULT_HEADER: kind, "Content-Language": language})
        if kind in ("empty_response", "connection_reset", "random_data_then_close"):
            await self._drop(scope, kind, send, hit.garbage)
            return 0
        # The rest need the real answer first: the request is handled (and committed) as usual.
        answer = await _capture(self.app, scope, receive)
        if kind == "lost_response":
            await self._drop(scope, "empty_response", send)
            return answer.status
        if kind == "malformed_chunk":
            headers = [(k, v) for k, v in answer.headers if k != b"content-length"]  # chunked, then cut
            headers.append((FAULT_HEADER.encode(), kind.encode()))
            await send({"type": "http.response.start", "status": answer.status, "headers": headers})
            half = answer.body[: max(1, len(answer.body) // 2)]
            await send({"type": "http.response.body", "body": half, "more_body": True})
            await self._drop(scope, "malformed_chunk", send, started=True)
            return answer.status
        # dribble: the whole real answer, chunk_bytes at a time
        await send({"type": "http.response.start", "status": answer.status, "headers": answer.headers})
        body, step = answer.body, fault.chunk_bytes
        for offset in range(0, len(body), step):
            last = offset + step >= len(body)
            await send({"type": "http.response.body", "body": body[offset : offset + step], "more_body": not last})
            if not last:
                await asyncio.sleep(fault.interval_ms / 1000)
        if not body:
            await send({"type": "http.response.body", "body": b"", "more_body": False})
        return answer.status

    @staticmethod
    async def _drop(scope: Scope, kind: str, send: Send, garbage: bytes = b"", *, started: bool = False) -> None:
        conn = connection_of(scope)
        if isinstance(conn, InProcessConnection):
            await conn.drop(kind, send, garbage, started=started)
        elif conn is not None:
            await conn.drop(kind, send, garbage)
        else:  # a server that does not let us at its connection: the nearest we can do is no answer
            log.warning("fault %s: this server gives no access to the connection", kind)
            if not started:
                await send(
                    {"type": "http.response.start", "status": 502, "headers": [(b"x-mock-fault", kind.encode())]}
                )
            await send({"type": "http.response.body", "body": b"", "more_body": False})


# Every answer the lab makes or cuts short says so, for testers and for the suite's contract check (an
# injected answer is off the contract on purpose); answers it only delays (latency, dribble) do not.
FAULT_HEADER = "X-Mock-Fault"


@dataclass
class _Answer:
    status: int = 500
    headers: list[tuple[bytes, bytes]] = field(default_factory=list)
    body: bytes = b""


async def _capture(app: ASGIApp, scope: Scope, receive: Receive) -> _Answer:
    answer = _Answer()
    parts: list[bytes] = []

    async def keep(message: Message) -> None:
        if message["type"] == "http.response.start":
            answer.status = message["status"]
            answer.headers = list(message.get("headers", []))
        elif message["type"] == "http.response.body":
            parts.append(message.get("body", b""))

    await app(scope, receive, keep)
    answer.body = b"".join(parts)
    return answer


async def _send_json(send: Send, status: int, body: Any, headers: Mapping[str, str] | None = None) -> int:
    payload = json.dumps(body, ensure_ascii=False).encode()
    raw = [(b"content-type", b"application/json"), (b"content-length", str(len(payload)).encode())]
    raw += [(k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in (headers or {}).items()]
    await send({"type": "http.response.start", "status": status, "headers": raw})
    await send({"type": "http.response.body", "body": payload})
    return status


async def _send_error(fault: Fault, send: Send, language: str) -> int:
    status = fault.status
    if fault.body is None or isinstance(fault.body, (Mapping, list)):
        body = fault.body
        headers = {**fault.headers, FAULT_HEADER: fault.kind}
        if body is None:  # the uniform body in the request's language; a body the fault gives is sent as given
            code, message = _ERROR_ANSWERS.get(
                status, ("FAULT_INJECTED", Phrase("模拟故障（HTTP {status}）", status=status))
            )
            body = ApiProblem(status, code, message, fault=fault.id).body(language)
            headers["Content-Language"] = language
        return await _send_json(send, status, body, headers)
    payload = str(fault.body).encode()
    headers = {"Content-Type": "text/plain; charset=utf-8", **fault.headers, FAULT_HEADER: fault.kind}
    raw = [(k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in headers.items()]
    raw.append((b"content-length", str(len(payload)).encode()))
    await send({"type": "http.response.start", "status": status, "headers": raw})
    await send({"type": "http.response.body", "body": payload})
    return status


def journal_time(value: dt.datetime | str) -> str:
    return value if isinstance(value, str) else value.isoformat(timespec="seconds")
