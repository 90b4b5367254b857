"""``gjj query`` and ``gjj export`` against a ``gjj-mock`` process with faults: a single failure is
survived, a lasting one is one Chinese line with its documented exit code (4 backend, 5 network), and
the next run after the fault is gone works."""

from __future__ import annotations

import json
import time
from typing import Any

import httpx
import pytest

from tests.test_cli import api_get, creds, env_for, gjj

ACCOUNT = "/api/v1/me/account"


@pytest.fixture(autouse=True)
def fresh_server(mock_process) -> None:
    httpx.post(f"{mock_process}/_mock/reset").raise_for_status()


def inject(server: str, **spec: Any) -> None:
    response = httpx.post(f"{server}/_mock/faults", json=spec)
    assert response.status_code == 200, response.text


def requests_to(server: str, path: str, expected: int) -> int:
    """How many requests the journal holds for ``path``, once it holds ``expected`` (a request the
    client gave up on is written when the server has finished it) or after 5 s."""
    deadline = time.monotonic() + 5
    while True:
        items = httpx.get(f"{server}/_mock/journal", params={"limit": 2000}).json()["items"]
        count = sum(1 for item in items if item["path"] == path)
        if count >= expected or time.monotonic() > deadline:
            return count
        time.sleep(0.05)


@pytest.mark.parametrize(
    ("kind", "fields"),
    [
        ("error", {"status": 503}),
        ("connection_reset", {}),
        ("malformed_chunk", {}),
        ("expired_token", {}),
    ],
)
def test_query_survives_a_single_fault(mock_process, kind: str, fields: dict[str, Any]) -> None:
    expected = api_get(mock_process, "/me/account")
    httpx.delete(f"{mock_process}/_mock/journal")
    inject(mock_process, kind=kind, path=ACCOUNT, **fields)
    done = gjj("query", "account", "--format", "json", env=env_for(mock_process, **creds()))
    assert done.returncode == 0 and done.stderr == ""
    assert json.loads(done.stdout) == expected
    assert requests_to(mock_process, ACCOUNT, 2) == 2  # the failed try and the one that worked


def lost(server: str) -> str:
    return f"gjj: 与服务器 {server} 的连接中断，未收到应答，请稍后重试\n"


def unreadable(server: str) -> str:
    return f"gjj: 服务器 {server} 的应答不完整或无法识别，请稍后重试\n"


LASTING: dict[str, tuple[dict[str, Any], int, Any, int]] = {
    # case: (fault fields, exit code, the one line on stderr, requests sent to /me/account)
    "error 503": ({"status": 503}, 4, lambda s: "gjj: 服务暂时不可用，请稍后重试（模拟故障）\n", 4),
    "error 502 page": (
        {"status": 502, "body": "<html>Bad Gateway</html>"},
        4,
        lambda s: f"gjj: 服务器 {s} 出错（HTTP 502），请稍后重试\n",
        4,
    ),
    "empty_response": ({}, 5, lost, 4),
    "connection_reset": ({}, 5, lost, 4),
    "lost_response": ({}, 5, lost, 4),
    "random_data_then_close": ({}, 4, unreadable, 4),
    "malformed_chunk": ({}, 4, unreadable, 4),
    "latency": ({"delay_ms": 2500}, 5, lambda s: f"gjj: 服务器 {s} 响应超时，请稍后重试\n", 1),
    "expired_token": ({}, 3, lambda s: "gjj: 登录已失效，请重新登录\n", 2),
}


@pytest.mark.parametrize("case", sorted(LASTING))
def test_query_reports_a_lasting_fault_in_one_line_then_recovers(mock_process, case: str) -> None:
    fields, code, line, tries = LASTING[case]
    env = env_for(mock_process, **creds(), **({"GJJ_TIMEOUT": "2"} if case == "latency" else {}))
    inject(mock_process, kind=case.split()[0], path=ACCOUNT, count="unlimited", **fields)
    failed = gjj("query", "account", env=env)
    assert (failed.returncode, failed.stderr) == (code, line(mock_process))
    assert failed.stdout == ""
    assert requests_to(mock_process, ACCOUNT, tries) == tries
    httpx.delete(f"{mock_process}/_mock/faults")
    again = gjj("query", "account", env=env)
    assert again.returncode == 0 and "张伟" in again.stdout


def test_export_survives_a_503_and_reports_a_lasting_reset(mock_process, tmp_path) -> None:
    target = tmp_path / "明细.xlsx"
    env = env_for(mock_process, **creds())
    inject(mock_process, kind="error", path="/api/v1/me/ledger*", status=503)
    done = gjj("export", "ledger", "--from", "2026-01-01", "-o", str(target), env=env)
    assert done.returncode == 0 and done.stdout.strip() == f"已导出到 {target}"
    target.unlink()
    inject(mock_process, kind="connection_reset", path="/api/v1/me/ledger*", count="unlimited")
    failed = gjj("export", "ledger", "--from", "2026-01-01", "-o", str(target), env=env)
    assert (failed.returncode, failed.stderr) == (5, lost(mock_process))
    assert list(tmp_path.iterdir()) == []  # nothing half-written
    httpx.delete(f"{mock_process}/_mock/faults")
    assert gjj("export", "ledger", "--from", "2026-01-01", "-o", str(target), env=env).returncode == 0
    assert target.exists()
