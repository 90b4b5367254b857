"""The fault lab on the wire: each kind as a raw HTTP client meets it, over real TCP against a
``gjj-mock`` process and in-process through the demo's transport; validation, counts, globs, the
seeded replay, scenarios and ``gjj-mock --faults``."""

from __future__ import annotations

import asyncio
import subprocess
import sys
import time
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest

from bench.mockproc import wait_until_up
from mock_server.inprocess import InProcessTransport
from tests.conftest import CAPTCHA, DEMO_PHONE, PASSWORD, ROOT, SERVER, TODAY, free_port

META = "/api/v1/meta"


class Wire:
    """A raw HTTP client, the same calls over TCP (a ``gjj-mock`` process) or in-process."""

    def __init__(self, http: httpx.AsyncClient) -> None:
        self.http = http

    async def fault(self, **spec: Any) -> dict[str, Any]:
        response = await self.http.post("/_mock/faults", json=spec)
        assert response.status_code == 200, response.text
        return response.json()  # type: ignore[no-any-return]

    async def token(self) -> str:
        captcha = (await self.http.post("/api/v1/captcha")).json()
        body = {"username": DEMO_PHONE, "password": PASSWORD, "captcha_id": captcha["captcha_id"]}
        login = await self.http.post("/api/v1/auth/login", json=body | {"captcha_code": CAPTCHA})
        return str(login.json()["access_token"])

    async def journal(self) -> list[dict[str, Any]]:
        return (await self.http.get("/_mock/journal")).json()["items"]  # type: ignore[no-any-return]

    async def journal_with(self, fault: str) -> list[dict[str, Any]]:
        """The journal once it holds the request that met ``fault``: over TCP the server writes that
        entry when it has seen the connection go, which may be just after the client saw it."""
        deadline = time.monotonic() + 5
        while True:
            entries = await self.journal()
            if any(entry["fault"] == fault for entry in entries) or time.monotonic() > deadline:
                return entries
            await asyncio.sleep(0.02)


@pytest.fixture(params=["tcp", "in-process"])
async def wire(request, mock_app) -> AsyncIterator[Wire]:
    if request.param == "tcp":
        server = request.getfixturevalue("mock_process")
        async with httpx.AsyncClient(base_url=server, timeout=10) as http:
            (await http.post("/_mock/reset")).raise_for_status()
            yield Wire(http)
            await http.post("/_mock/reset")
    else:
        async with httpx.AsyncClient(transport=InProcessTransport(app=mock_app), base_url=SERVER) as http:
            yield Wire(http)


def chain(error: BaseException | None) -> str:
    """An exception's message with its causes' (anyio's ReadError says nothing; its cause does)."""
    words = []
    while error is not None:
        words.append(f"{error} {error!r}")
        error = error.__cause__ or error.__context__
    return " ".join(words)


# kind → (extra fields, what a raw client meets: an httpx exception and words of its message, or a status)
CONNECTION_FAULTS = {
    "empty_response": (httpx.RemoteProtocolError, "without sending a response"),
    "connection_reset": (httpx.ReadError, "ConnectionResetError"),
    "random_data_then_close": (httpx.RemoteProtocolError, "illegal status line"),
    "malformed_chunk": (httpx.RemoteProtocolError, "incomplete chunked read"),
    "lost_response": (httpx.RemoteProtocolError, "without sending a response"),
}


@pytest.mark.parametrize("kind", sorted(CONNECTION_FAULTS))
async def test_connection_faults_reach_the_client_as_httpx_errors(wire: Wire, kind: str) -> None:
    await wire.fault(kind=kind, path=META)
    error, words = CONNECTION_FAULTS[kind]
    with pytest.raises(error) as caught:
        await wire.http.get(META)
    assert words in chain(caught.value)
    answer = await wire.http.get(META)  # count 1: gone, and the connection pool copes
    assert answer.status_code == 200 and answer.json()["centre_name"]
    entries = [e for e in await wire.journal_with(kind) if e["path"] == META]
    assert sorted(e["fault"] or "" for e in entries) == ["", kind]
    entry = next(e for e in entries if e["fault"])
    # lost_response and malformed_chunk handled the request first; the others never reached a route
    assert entry["status"] == (200 if kind in ("lost_response", "malformed_chunk") else 0)


async def test_lost_response_commits_what_it_loses(wire: Wire) -> None:
    token = await wire.token()
    headers = {"Authorization": f"Bearer {token}"}
    unread = (await wire.http.get("/api/v1/me/messages", params={"status": "unread"}, headers=headers)).json()
    first = unread["items"][0]["id"]
    await wire.fault(kind="lost_response", path=f"/api/v1/me/messages/{first}/read", method="POST")
    with pytest.raises(httpx.RemoteProtocolError):
        await wire.http.post(f"/api/v1/me/messages/{first}/read", headers=headers)
    read = (await wire.http.get(f"/api/v1/me/messages/{first}", headers=headers)).json()
    assert read["status"] == "read"  # the answer was lost; the change was made


async def test_latency_fixed_and_drawn(wire: Wire) -> None:
    await wire.fault(kind="latency", path=META, delay_ms=60)
    started = time.monotonic()
    assert (await wire.http.get(META)).status_code == 200
    assert time.monotonic() - started >= 0.06
    await wire.fault(kind="latency", path=META, delay_ms={"uniform": [20, 40]}, count=2)
    await wire.fault(kind="latency", path=META, delay_ms={"lognormal": {"median_ms": 10, "sigma": 0.1}})
    for _ in range(3):
        started = time.monotonic()
        assert (await wire.http.get(META)).status_code == 200
        assert time.monotonic() - started >= 0.005


async def test_error_with_default_body_and_with_its_own(wire: Wire) -> None:
    await wire.fault(kind="error", path=META, status=503, headers={"Retry-After": "7"})
    answer = await wire.http.get(META)
    assert answer.status_code == 503 and answer.headers["retry-after"] == "7"
    assert answer.json()["error"]["code"] == "SERVICE_UNAVAILABLE"
    assert answer.json()["error"]["message"] == "服务暂时不可用，请稍后重试（模拟故障）"
    await wire.fault(kind="error", path=META, status=502, body="<html>bad gateway</html>")
    page = await wire.http.get(META)
    assert page.status_code == 502 and page.text == "<html>bad gateway</html>"
    mine = {"error": {"code": "MAINTENANCE", "message": "系统维护中", "details": {}}}
    await wire.fault(kind="error", path=META, status=500, body=mine)
    assert (await wire.http.get(META)).json() == mine


async def test_dribble_sends_the_real_answer_a_few_bytes_at_a_time(wire: Wire) -> None:
    whole = (await wire.http.get(META)).content
    await wire.fault(kind="dribble", path=META, chunk_bytes=8, interval_ms=5)
    started = time.monotonic()
    async with wire.http.stream("GET", META) as answer:
        chunks = [chunk async for chunk in answer.aiter_raw()]
    assert b"".join(chunks) == whole
    steps = (len(whole) + 7) // 8
    assert time.monotonic() - started >= (steps - 1) * 0.005
    if isinstance(wire.http._transport, httpx.AsyncHTTPTransport):  # over TCP the pieces arrive apart
        assert len(chunks) > 1


async def test_expired_token_for_a_token_still_valid(wire: Wire) -> None:
    token = await wire.token()
    headers = {"Authorization": f"Bearer {token}"}
    await wire.fault(kind="expired_token", path="/api/v1/me/*")
    assert (await wire.http.get(META)).status_code == 200  # no token: not its target, count untouched
    expired = await wire.http.get("/api/v1/me/account", headers=headers)
    assert expired.status_code == 401 and expired.json()["error"]["code"] == "TOKEN_EXPIRED"
    assert (await wire.http.get("/api/v1/me/account", headers=headers)).status_code == 200  # it never was


async def test_glob_method_count_and_the_tally(wire: Wire) -> None:
    await wire.fault(kind="error", path="/api/v1/me*", method="post", status=500, count=2)
    await wire.fault(kind="error", path_prefix="/api/v1/loan-", status=504)  # the older spelling
    assert (await wire.http.get("/api/v1/me/account")).status_code == 401  # GET: not this fault's method
    assert (await wire.http.post("/api/v1/me/withdrawals/check", json={})).status_code == 500
    assert (await wire.http.post("/api/v1/me/withdrawals/check", json={})).status_code == 500
    assert (await wire.http.post("/api/v1/me/withdrawals/check", json={})).status_code == 401  # count spent
    assert (await wire.http.get(META)).status_code == 200
    assert (await wire.http.get("/api/v1/loan-rules")).status_code == 504
    listed = (await wire.http.get("/_mock/faults")).json()["items"]
    assert [(f["path"], f["method"], f["hits"], f["remaining"]) for f in listed] == [
        ("/api/v1/me*", "POST", 2, 0),
        (None, None, 1, 0),
    ]
    assert listed[1]["path_prefix"] == "/api/v1/loan-"
    assert (await wire.http.get("/_mock/faults")).status_code == 200  # /_mock itself never fails


@pytest.mark.parametrize(
    ("spec", "field", "words"),
    [
        ({"kind": "latency", "path": META, "probabilty": 0.5}, "probabilty", "未知字段：probabilty"),
        ({"kind": "teapot", "path": META}, "kind", "未知的故障类型：teapot"),
        ({"kind": "error", "path": META, "probability": 1.5}, "probability", "0 到 1 之间"),
        ({"kind": "error", "path": META, "status": 200}, "status", "400 到 599 之间"),
        ({"kind": "latency", "path": META, "status": 503}, "status", "不适用于故障类型 latency"),
        ({"kind": "latency", "path": META, "delay_ms": {"uniform": [50, 10]}}, "delay_ms", "最小值不能大于最大值"),
        ({"kind": "latency", "path": META, "delay_ms": {"lognormal": {"median": 5}}}, None, "lognormal"),
        ({"kind": "error", "path": "api/v1"}, "path", "应以 / 开头"),
        ({"kind": "error"}, "path", "缺少 path"),
        ({"kind": "error", "path": META, "count": 0}, "count", "1 到"),
        ({"kind": "error", "path": META, "method": "BREW"}, "method", "method 应为"),
        ({"faults": [{"kind": "error", "path": META}, {"kind": "nope", "path": META}]}, "kind", "第 2 个故障"),
        ({"scenario": "sunny-day"}, "scenario", "没有名为 sunny-day 的场景"),
    ],
)
async def test_wrong_fields_and_kinds_are_422_naming_the_field(mock_app, spec, field, words) -> None:
    async with httpx.AsyncClient(transport=InProcessTransport(app=mock_app), base_url=SERVER) as http:
        answer = await http.post("/_mock/faults", json=spec)
        assert answer.status_code == 422
        error = answer.json()["error"]
        assert error["code"] == "VALIDATION_FAILED" and words in error["message"]
        if field:
            assert error["details"]["field"] == field
        assert (await http.get("/_mock/faults")).json()["items"] == []  # nothing half-added


async def replay(wire: Wire, seed: int) -> list[int]:
    await wire.http.post("/_mock/reset")
    await wire.fault(seed=seed, faults=[{"kind": "error", "path": META, "probability": 0.4, "count": "unlimited"}])
    return [(await wire.http.get(META)).status_code for _ in range(24)]


async def test_a_seeded_scenario_replays_the_same_hits_and_misses(wire: Wire) -> None:
    first = await replay(wire, 11)
    assert set(first) == {200, 503}  # some of each
    listed = (await wire.http.get("/_mock/faults")).json()
    assert listed["seed"] == 11
    assert listed["items"][0]["hits"] == first.count(503) and listed["items"][0]["misses"] == first.count(200)
    assert await replay(wire, 11) == first
    assert await replay(wire, 12) != first


async def test_shipped_scenarios(wire: Wire) -> None:
    names = {item["name"] for item in (await wire.http.get("/_mock/faults/scenarios")).json()["items"]}
    assert {"flaky-network", "slow-backend", "backend-down"} <= names
    added = await wire.fault(scenario="backend-down")
    assert [f["count"] for f in added["items"]] == ["unlimited"]
    for _ in range(3):
        down = await wire.http.get(META)
        assert down.status_code == 503 and down.headers["retry-after"] == "30"
        assert down.json()["error"]["message"] == "系统维护中，请稍后再试"
    await wire.http.post("/_mock/reset")
    assert (await wire.http.get(META)).status_code == 200
    flaky = await wire.fault(scenario="flaky-network", seed=5)
    assert flaky["seed"] == 5 and len(flaky["items"]) == 4


def test_gjj_mock_starts_with_a_scenario_file_and_reset_restores_it(tmp_path) -> None:
    scenario = tmp_path / "maintenance.toml"
    scenario.write_text(
        'seed = 3\n[[faults]]\nkind = "error"\npath = "/api/v1/loan-rules"\nstatus = 503\n', encoding="utf-8"
    )
    bad = tmp_path / "bad.toml"
    bad.write_text('[[faults]]\nkind = "error"\npath = "/x"\nstatuss = 503\n', encoding="utf-8")
    refused = subprocess.run(
        [sys.executable, "-m", "mock_server", "--faults", str(bad)], capture_output=True, text=True, cwd=ROOT
    )
    assert refused.returncode == 2 and "未知字段：statuss" in refused.stderr
    port = free_port()
    command = [sys.executable, "-m", "mock_server", "--port", str(port), "--today", TODAY.isoformat()]
    process = subprocess.Popen(
        [*command, "--faults", str(scenario), "--log-level", "warning"],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        cwd=ROOT,
    )
    try:
        url = f"http://127.0.0.1:{port}"
        wait_until_up(process, url)
        for _ in range(2):
            assert httpx.get(f"{url}/api/v1/loan-rules").status_code == 503
            listed = httpx.get(f"{url}/_mock/faults").json()
            assert listed["seed"] == 3 and listed["items"][0]["hits"] == 1
            httpx.post(f"{url}/_mock/reset").raise_for_status()  # back to the start-up scenario
    finally:
        process.terminate()
        process.wait(timeout=10)
