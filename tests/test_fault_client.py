"""The client against every fault kind, over real TCP (a ``gjj-mock`` process) and in-process: what
it retries, how (backoff, Retry-After, the deadline, the same Idempotency-Key), and the typed error
that says what happened when retrying does not help."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator
from decimal import Decimal
from typing import Any

import httpx
import pytest

from api_client import errors
from api_client.client import GjjClient, new_idempotency_key
from api_client.retry import RetryPolicy, retry_after_seconds
from tests.conftest import client_for, fast_retries, signed_in

LABEL = "测试服务器"
CHEN_JING = "13800000004"  # sealed 7 months: may take 离职提取
ACCOUNT = "/api/v1/me/account"


class Lab:
    """The server under test: its /_mock API, and clients of it (TCP or in-process)."""

    def __init__(self, admin: httpx.AsyncClient, make_client: Any) -> None:
        self.admin = admin
        self.make_client = make_client
        self.retries: list[tuple[int, float, str]] = []

    def client(self, **kwargs: Any) -> GjjClient:
        kwargs.setdefault("on_retry", lambda *notice: self.retries.append(notice))
        return self.make_client(**kwargs)  # type: ignore[no-any-return]

    async def fault(self, **spec: Any) -> None:
        response = await self.admin.post("/_mock/faults", json=spec)
        assert response.status_code == 200, response.text

    async def requests(self, path: str) -> list[dict[str, Any]]:
        items = (await self.admin.get("/_mock/journal", params={"limit": 2000})).json()["items"]
        return [item for item in items if item["path"] == path]


@pytest.fixture(params=["tcp", "in-process"])
async def lab(request, mock_app) -> AsyncIterator[Lab]:
    if request.param == "tcp":
        server = request.getfixturevalue("mock_process")
        async with httpx.AsyncClient(base_url=server, timeout=10) as admin:
            (await admin.post("/_mock/reset")).raise_for_status()
            kwargs = {"label": LABEL, "retry": fast_retries(), "timeout": 5.0}
            yield Lab(admin, lambda **extra: GjjClient(server, **(kwargs | extra)))
            await admin.post("/_mock/reset")
    else:
        from mock_server.inprocess import InProcessTransport

        async with httpx.AsyncClient(transport=InProcessTransport(app=mock_app), base_url="http://mock.test") as admin:
            yield Lab(admin, lambda **extra: client_for(mock_app, LABEL, **({"timeout": 5.0} | extra)))


# kind and its fields → the reason the client gives while it retries
ONE_OFF = {
    "empty_response": ({}, "连接中断"),
    "connection_reset": ({}, "连接中断"),
    "lost_response": ({}, "连接中断"),
    "random_data_then_close": ({}, "应答不完整"),
    "malformed_chunk": ({}, "应答不完整"),
    "error 503": ({"status": 503}, "服务器暂时不可用（HTTP 503）"),
    "error 502 page": ({"status": 502, "body": "<html>Bad Gateway</html>"}, "服务器暂时不可用（HTTP 502）"),
    "error 504": ({"status": 504}, "网关超时（HTTP 504）"),
    "error 429": ({"status": 429, "headers": {"Retry-After": "0"}}, "服务器繁忙（HTTP 429）"),
}


@pytest.mark.parametrize("case", sorted(ONE_OFF))
async def test_a_read_survives_one_fault_by_retrying(lab: Lab, case: str) -> None:
    fields, reason = ONE_OFF[case]
    client = await signed_in(lab.client())
    await lab.fault(kind=case.split()[0], path=ACCOUNT, **fields)
    account = await client.account()
    assert account.name == "张伟" and account.balance == Decimal("139703.05")
    assert [(attempt, why) for attempt, _, why in lab.retries] == [(1, reason)]
    assert len(await lab.requests(ACCOUNT)) == 2
    await client.aclose()


@pytest.mark.parametrize(
    ("kind", "fields"), [("latency", {"delay_ms": 30}), ("dribble", {"chunk_bytes": 64, "interval_ms": 2})]
)
async def test_slow_answers_are_waited_for_not_retried(lab: Lab, kind: str, fields: dict[str, Any]) -> None:
    client = await signed_in(lab.client())
    await lab.fault(kind=kind, path=ACCOUNT, **fields)
    assert (await client.account()).name == "张伟"
    assert lab.retries == [] and len(await lab.requests(ACCOUNT)) == 1
    await client.aclose()


async def test_an_expired_token_that_was_valid_is_refreshed_once(lab: Lab) -> None:
    client = await signed_in(lab.client())
    before = client.access_token
    await lab.fault(kind="expired_token", path="/api/v1/me/*")
    assert (await client.account()).name == "张伟"
    assert client.access_token != before and len(await lab.requests("/api/v1/auth/refresh")) == 1
    assert [entry["status"] for entry in await lab.requests(ACCOUNT)] == [401, 200]
    # It keeps saying so: one refresh, then the session is over (log in again), not a loop.
    await lab.fault(kind="expired_token", path="/api/v1/me/*", count="unlimited")
    with pytest.raises(errors.SessionExpired):
        await client.account()
    assert len(await lab.requests("/api/v1/auth/refresh")) == 2 and not client.signed_in
    await client.aclose()


LOST = f"与服务器 {LABEL} 的连接中断，未收到应答，请稍后重试"
UNREADABLE = f"服务器 {LABEL} 的应答不完整或无法识别，请稍后重试"
PERSISTENT = {
    "empty_response": ({}, errors.ConnectionLost, LOST, 4),
    "connection_reset": ({}, errors.ConnectionLost, LOST, 4),
    "lost_response": ({}, errors.ConnectionLost, LOST, 4),
    "random_data_then_close": ({}, errors.AnswerUnreadable, UNREADABLE, 4),
    "malformed_chunk": ({}, errors.AnswerUnreadable, UNREADABLE, 4),
    "error 503": ({"status": 503}, errors.ServiceUnavailable, "服务暂时不可用，请稍后重试（模拟故障）", 4),
    "error 502 page": (
        {"status": 502, "body": "<html>Bad Gateway</html>"},
        errors.ServerFailed,
        f"服务器 {LABEL} 出错（HTTP 502），请稍后重试",
        4,
    ),
    "error 500": ({"status": 500}, errors.InternalError, "服务器内部错误，请稍后重试（模拟故障）", 1),
    "latency": ({"delay_ms": 400}, errors.TimedOut, f"服务器 {LABEL} 响应超时，请稍后重试", 1),
}


@pytest.mark.parametrize("case", sorted(PERSISTENT))
async def test_a_fault_that_persists_is_a_typed_error_saying_what_happened(lab: Lab, case: str) -> None:
    fields, error, message, tries = PERSISTENT[case]
    client = await signed_in(lab.client())
    if case == "latency":  # the same session in a client with a short deadline (login itself may be slow)
        short = lab.client(timeout=0.3)
        short.access_token, short.refresh_token = client.access_token, client.refresh_token
        await client.aclose()
        client = short
    await lab.fault(kind=case.split()[0], path=ACCOUNT, count="unlimited", **fields)
    sent = client.request_count
    with pytest.raises(error) as caught:
        await client.account()
    assert caught.value.message == message
    assert "请检查网络或服务器地址" not in message  # the server was reached
    assert client.request_count - sent == tries and len(lab.retries) == tries - 1
    await lab.admin.delete("/_mock/faults")
    assert (await client.account()).name == "张伟"  # and all is well once the fault is gone
    await client.aclose()


async def submit(lab: Lab, client: GjjClient, key: str) -> Any:
    await client.withdrawal_sms("resignation")
    sms = (await lab.admin.get("/_mock/sms", params={"phone": CHEN_JING, "limit": 1})).json()["items"][0]["code"]
    return await client.submit_withdrawal(
        "resignation", Decimal("1000.00"), sms_code=sms, payment_password="135790", idempotency_key=key
    )


async def test_a_submission_whose_answer_was_lost_is_retried_with_the_same_key(lab: Lab) -> None:
    client = await signed_in(lab.client(), CHEN_JING)
    await lab.fault(kind="lost_response", path="/api/v1/me/withdrawals", method="POST")
    application = await submit(lab, client, new_idempotency_key())
    assert application.state and [why for _, _, why in lab.retries] == ["连接中断"]
    assert [e["status"] for e in await lab.requests("/api/v1/me/withdrawals")] == [201, 200]  # made once, then found
    mine = await client.applications()
    assert [item.id for item in mine.items if item.id == application.id] == [application.id]
    assert sum(1 for item in mine.items if item.kind == "resignation") == 1
    await client.aclose()


async def test_a_submission_lost_every_time_says_it_may_have_been_made(lab: Lab) -> None:
    client = await signed_in(lab.client(), CHEN_JING)
    await lab.fault(kind="lost_response", path="/api/v1/me/withdrawals", method="POST", count="unlimited")
    key = new_idempotency_key()
    with pytest.raises(errors.ConnectionLost) as caught:
        await submit(lab, client, key)
    assert caught.value.submission
    assert caught.value.message == f"与服务器 {LABEL} 的连接在提交后中断：可能已提交，请在【我发起的】查看"
    await lab.admin.delete("/_mock/faults")
    again = await client.submit_withdrawal(  # the member retries the same submission: the same key
        "resignation", Decimal("1000.00"), sms_code="000000", payment_password="135790", idempotency_key=key
    )
    mine = await client.applications()
    assert [item.id for item in mine.items if item.kind == "resignation"] == [again.id]
    await client.aclose()


async def test_a_post_without_a_key_is_never_replayed(lab: Lab) -> None:
    client = await signed_in(lab.client(), CHEN_JING)
    for kind in ("lost_response", "connection_reset"):
        await lab.fault(kind=kind, path="/api/v1/me/withdrawals/sms", method="POST")
        with pytest.raises(errors.ConnectionLost) as caught:
            await client.withdrawal_sms("resignation")
        assert caught.value.message == f"与服务器 {LABEL} 的连接在请求发出后中断：操作可能已完成，请确认后再试"
        assert not caught.value.submission
    await lab.fault(kind="error", path="/api/v1/me/withdrawals/sms", status=503)
    with pytest.raises(errors.ServiceUnavailable):
        await client.withdrawal_sms("resignation")
    assert len(await lab.requests("/api/v1/me/withdrawals/sms")) == 3 and lab.retries == []
    await client.aclose()


async def test_marking_a_message_read_is_sent_again_when_its_answer_is_lost(lab: Lab) -> None:
    """标为已阅 changes nothing the second time: a lost answer is retried, not reported as "may have been done"."""
    client = await signed_in(lab.client())
    unread = (await client.messages("unread")).items
    path = f"/api/v1/me/messages/{unread[0].id}/read"
    await lab.fault(kind="lost_response", path=path, method="POST")
    marked = await client.mark_message_read(unread[0].id)
    assert marked.id == unread[0].id and marked.status == "read"
    assert [item["status"] for item in await lab.requests(path)] == [200, 200]  # the lost one, then the retry
    assert [m.id for m in (await client.messages("unread")).items] == [m.id for m in unread[1:]]
    await client.aclose()


async def test_retry_after_is_honoured_and_a_long_one_not_waited_for(mock_app) -> None:
    waits: list[float] = []

    async def sleep(seconds: float) -> None:
        waits.append(seconds)

    runtime = mock_app.state.runtime
    from mock_server.faults import parse_fault

    client = await signed_in(client_for(mock_app, LABEL, retry=fast_retries(sleep=sleep), timeout=60.0))
    runtime.add_fault(parse_fault({"kind": "error", "path": ACCOUNT, "headers": {"Retry-After": "3"}}))
    assert (await client.account()).name == "张伟"
    assert waits == [3.0]
    runtime.add_fault(parse_fault({"kind": "error", "path": ACCOUNT, "headers": {"Retry-After": "120"}}))
    with pytest.raises(errors.ServiceUnavailable):
        await client.account()  # longer than anyone waits (and than the deadline): said at once
    assert waits == [3.0]
    await client.aclose()


async def test_retries_stay_inside_the_deadline(mock_app) -> None:
    from mock_server.faults import parse_fault

    now = [1000.0]
    waits: list[float] = []

    async def sleep(seconds: float) -> None:
        waits.append(seconds)
        now[0] += seconds

    policy = fast_retries(base_delay=0.8, max_delay=10.0, sleep=sleep, clock=lambda: now[0])
    client = await signed_in(client_for(mock_app, LABEL, retry=policy, timeout=2.0))
    mock_app.state.runtime.add_fault(parse_fault({"kind": "error", "path": ACCOUNT, "count": "unlimited"}))
    with pytest.raises(errors.ServiceUnavailable):
        await client.account()
    # Waits of 0.4–0.8 s, then 0.8–1.6 s: a third (1.6–3.2 s) can never fit in the 2 s deadline.
    assert 1 <= len(waits) <= 2 and sum(waits) < 2.0
    await client.aclose()


def test_backoff_grows_with_jitter_and_retry_after_reads_both_forms() -> None:
    import random

    policy = RetryPolicy(base_delay=0.25, max_delay=1.0, rng=random.Random(1))
    for retry, ceiling in [(1, 0.25), (2, 0.5), (3, 1.0), (4, 1.0)]:
        draws = {policy.backoff(retry) for _ in range(20)}
        assert all(ceiling / 2 <= d <= ceiling for d in draws) and len(draws) > 1
    now = dt.datetime(2026, 11, 22, 9, 0, tzinfo=dt.UTC)
    assert retry_after_seconds("7") == 7.0
    assert retry_after_seconds("Sun, 22 Nov 2026 09:00:12 GMT", now) == 12.0
    assert retry_after_seconds("soon") is None and retry_after_seconds(None) is None


async def test_could_not_connect_is_retried_then_says_so() -> None:
    from tests.conftest import free_port

    notices: list[tuple[int, float, str]] = []
    port = free_port()
    client = GjjClient(f"http://127.0.0.1:{port}", retry=fast_retries(), on_retry=lambda *n: notices.append(n))
    with pytest.raises(errors.CannotConnect) as caught:
        await client.captcha()
    assert caught.value.message == f"无法连接服务器 http://127.0.0.1:{port}，请检查网络或服务器地址"
    assert [(attempt, why) for attempt, _, why in notices] == [
        (1, "无法连接服务器"),
        (2, "无法连接服务器"),
        (3, "无法连接服务器"),
    ]
    await client.aclose()


def raising(error: Exception) -> httpx.MockTransport:
    def handler(request: httpx.Request) -> httpx.Response:
        raise error

    return httpx.MockTransport(handler)


HTTPX_ERRORS = [
    (httpx.ConnectError("refused"), errors.CannotConnect),
    (httpx.ConnectTimeout("slow connect"), errors.CannotConnect),
    (httpx.ReadTimeout("slow read"), errors.TimedOut),
    (httpx.WriteTimeout("slow write"), errors.TimedOut),
    (httpx.PoolTimeout("pool"), errors.TimedOut),
    (httpx.ReadError("reset"), errors.ConnectionLost),
    (httpx.WriteError("broken pipe"), errors.ConnectionLost),
    (httpx.CloseError("close"), errors.NetworkError),
    (httpx.RemoteProtocolError("Server disconnected without sending a response."), errors.ConnectionLost),
    (httpx.RemoteProtocolError("illegal status line"), errors.AnswerUnreadable),
    (httpx.LocalProtocolError("bad request"), errors.ProtocolError),
    (httpx.ProxyError("proxy"), errors.NetworkError),
    (httpx.UnsupportedProtocol("ftp"), errors.CannotConnect),
    (httpx.DecodingError("gzip"), errors.AnswerUnreadable),
    (httpx.TooManyRedirects("loop"), errors.ProtocolError),
    (httpx.StreamConsumed(), errors.NetworkError),
    (httpx.InvalidURL("bad url"), errors.CannotConnect),
    (ConnectionResetError(104, "reset"), errors.ConnectionLost),
    (ConnectionRefusedError(111, "refused"), errors.CannotConnect),
    (OSError(113, "No route to host"), errors.NetworkError),
]


@pytest.mark.parametrize(("error", "typed"), HTTPX_ERRORS, ids=lambda e: type(e).__name__)
async def test_nothing_but_a_gjj_error_leaves_the_client(error: Exception, typed: type[errors.GjjError]) -> None:
    client = GjjClient("http://gjj.test", transport_factory=lambda: raising(error), retry=fast_retries())
    with pytest.raises(errors.GjjError) as caught:
        await client.captcha()
    assert type(caught.value) is typed
    assert caught.value.message.isascii() is False and "Traceback" not in caught.value.message  # Chinese
    await client.aclose()


async def test_the_embedded_demo_meets_the_same_faults() -> None:
    from tui.backend import embedded_client

    client = embedded_client(today=dt.date(2026, 11, 22), fixed_captcha="ABCD")
    client.retry = fast_retries()
    await client.captcha()  # builds the embedded mock
    transport = client._http._transport  # type: ignore[union-attr]
    runtime = transport.app.state.runtime
    from mock_server.faults import parse_fault

    runtime.add_fault(parse_fault({"kind": "connection_reset", "path": "/api/v1/captcha", "count": "unlimited"}))
    with pytest.raises(errors.ConnectionLost):
        await client.captcha()
    runtime.faults.clear()
    assert (await client.captcha()).captcha_id
    await client.aclose()


async def test_backend_down_is_said_at_once_not_waited_out(lab: Lab) -> None:
    client = await signed_in(lab.client())
    await lab.fault(scenario="backend-down")  # 503 with Retry-After: 30, longer than the call's deadline
    sent = client.request_count
    with pytest.raises(errors.ServiceUnavailable) as caught:
        await client.account()
    assert caught.value.message == "系统维护中，请稍后再试"
    assert client.request_count - sent == 1 and lab.retries == []
    await client.aclose()


async def outcomes(lab: Lab, seed: int) -> tuple[list[str], list[str]]:
    """20 reads under a seeded mix of faults: each read's outcome, and the retries' reasons in order."""
    await lab.admin.post("/_mock/reset")
    lab.retries.clear()
    client = await signed_in(lab.client())
    mix = [
        {"kind": "connection_reset", "path": "/api/v1/me/*", "probability": 0.2},
        {"kind": "malformed_chunk", "path": "/api/v1/me/*", "probability": 0.1},
        {"kind": "error", "path": "/api/v1/me/*", "status": 503, "probability": 0.1},
    ]
    await lab.fault(seed=seed, faults=mix)
    seen = []
    for _ in range(20):
        try:
            seen.append((await client.account()).name)
        except errors.GjjError as exc:
            seen.append(type(exc).__name__)
    await client.aclose()
    return seen, [why for _, _, why in lab.retries]


async def test_a_seeded_mix_of_faults_replays_the_same_for_the_client(lab: Lab) -> None:
    first = await outcomes(lab, 21)
    assert len(first[1]) >= 5 and {"连接中断", "应答不完整", "服务器暂时不可用（HTTP 503）"} <= set(first[1])
    assert first[0].count("张伟") >= 18  # retries absorb nearly all of it
    assert await outcomes(lab, 21) == first
