"""A short run of the load benchmark's member mix against a real ``gjj-mock`` process on 127.0.0.1.

Only correctness is asserted, never a time: under concurrent members no answer is a 5xx (nor any
other non-2xx), every 标为已阅 acknowledged is stored and nothing else changed, and one 离职提取
submitted again and again with the same ``Idempotency-Key`` made exactly one application.
"""

from __future__ import annotations

import asyncio

import pytest

from bench import load


@pytest.mark.slow
def test_concurrent_members_lose_and_double_no_write() -> None:
    with load.mock_server() as server:
        result = asyncio.run(load.run_mix(server.port, members=16, seconds=6.0, max_requests=20_000))
    assert result["requests"] > 0
    assert result["non_2xx_by_route"] == {}
    assert result["problems"] == []
    assert result["marked_read"] > 0, "no member marked a message read: the write half of the mix never ran"
    assert result["withdrawal_submissions"] >= 2, "the withdrawal was not submitted again with its key"
