"""The mock's kept answers (mock_server/answers.py): the same bytes as the route, and never stale.

``/me/account``, ``/me/tasks`` and ``/me/loans`` are answered again without running the route while
nothing was written, the day is the same and the token is still good. These tests hold every kept answer
against the route's own (the same path with a query string always goes to the route), after each kind of
thing that changes what the route would say.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mock_server.app import create_app
from tests.conftest import SERVER, make_settings
from tests.test_api_business import CHEN_JING, ZHANG_WEI, login, set_clock, withdraw

KEPT = ("/me/account", "/me/tasks", "/me/loans")


@contextlib.contextmanager
def statements(runtime) -> Iterator[list[str]]:  # type: ignore[no-untyped-def]
    """The SQL the mock runs meanwhile (SQLite's own trace hook)."""
    seen: list[str] = []
    runtime.store.conn.set_trace_callback(seen.append)
    try:
        yield seen
    finally:
        runtime.store.conn.set_trace_callback(None)


async def answer(api, path: str, headers: dict[str, str]) -> tuple[int, bytes, list[tuple[str, str]]]:
    response = await api.get(path, headers=headers)
    return response.status_code, response.content, sorted(response.headers.items())


async def routes_answer(api, path: str, headers: dict[str, str]) -> tuple[int, bytes, list[tuple[str, str]]]:
    """What the route itself says now: a query string is never answered from what was kept."""
    response = await api.get(path, params={"fresh": "1"}, headers=headers)
    return response.status_code, response.content, sorted(response.headers.items())


async def assert_current(api, headers: dict[str, str]) -> None:
    for path in KEPT:
        assert await answer(api, path, headers) == await routes_answer(api, path, headers), path


@pytest.mark.parametrize("path", KEPT)
async def test_a_kept_answer_is_the_routes_bytes_and_runs_no_query(api, runtime, path) -> None:
    headers = await login(api, ZHANG_WEI)
    with statements(runtime) as first:
        made = await answer(api, path, headers)
    assert made[0] == 200 and first, "the first answer is the route's, from the database"
    with statements(runtime) as second:
        again = await answer(api, path, headers)
    assert again == made
    assert second == [], f"a kept answer ran {second}"
    assert again == await routes_answer(api, path, headers)
    entry = runtime.journal[-2]  # the kept answer's request, before the route's
    assert (entry.path, entry.status, entry.member_id) == (f"/api/v1{path}", 200, 1)


async def test_what_a_member_does_is_in_the_next_answer(api, admin, runtime) -> None:
    headers = await login(api, CHEN_JING)
    tasks = (await api.get("/me/tasks", headers=headers)).json()
    account = (await api.get("/me/account", headers=headers)).json()
    message = (await api.get("/me/messages", params={"status": "unread"}, headers=headers)).json()["items"][0]
    assert (await api.post(f"/me/messages/{message['id']}/read", headers=headers)).status_code == 200
    after_read = (await api.get("/me/tasks", headers=headers)).json()
    assert after_read["unread_messages"] == tasks["unread_messages"] - 1
    assert after_read["read_messages"] == tasks["read_messages"] + 1

    assert (await withdraw(api, admin, headers, CHEN_JING, "12345.67")).status_code == 201
    assert (await api.get("/me/tasks", headers=headers)).json()["applications_in_progress"] == (
        after_read["applications_in_progress"] + 1
    )
    # The back office pays out on the fourth working day: the kept account is not shown after it.
    await set_clock(admin, "2026-11-26T10:00:00")
    paid = (await api.get("/me/account", headers=await login(api, CHEN_JING))).json()
    assert paid["balance"] == "201979.67" and account["balance"] == "214325.34"


async def test_a_token_that_stopped_working_is_never_answered_from_what_was_kept(api, admin) -> None:
    headers = await login(api, ZHANG_WEI)
    assert (await api.get("/me/account", headers=headers)).status_code == 200
    # Expired: the clock passes the access token's lifetime (nothing written).
    assert (await admin.post("/clock", json={"advance_seconds": 3 * 3600})).status_code == 200
    expired = await api.get("/me/account", headers=headers)
    assert expired.status_code == 401 and expired.json()["error"]["code"] == "TOKEN_EXPIRED"
    # Logged out.
    headers = await login(api, ZHANG_WEI)
    assert (await api.get("/me/loans", headers=headers)).status_code == 200
    assert (await api.post("/auth/logout", headers=headers)).status_code == 200
    assert (await api.get("/me/loans", headers=headers)).status_code == 401
    # Reset: every session is gone.
    headers = await login(api, ZHANG_WEI)
    assert (await api.get("/me/tasks", headers=headers)).status_code == 200
    assert (await admin.post("/reset")).status_code == 200
    assert (await api.get("/me/tasks", headers=headers)).status_code == 401


async def test_faults_still_meet_a_request_whose_answer_is_kept(api, admin) -> None:
    headers = await login(api, ZHANG_WEI)
    kept = await api.get("/me/account", headers=headers)
    fault = {"kind": "error", "status": 503, "path": "/api/v1/me/account", "count": 1}
    assert (await admin.post("/faults", json=fault)).status_code in (200, 201)
    assert (await api.get("/me/account", headers=headers)).status_code == 503
    assert (await api.get("/me/account", headers=headers)).content == kept.content


async def test_a_new_day_is_answered_by_the_route(api, admin, runtime) -> None:
    headers = await login(api, ZHANG_WEI)
    assert (await api.get("/me/loans", headers=headers)).status_code == 200
    await set_clock(admin, "2026-11-22T23:59:00")
    headers = await login(api, ZHANG_WEI)
    assert (await api.get("/me/loans", headers=headers)).status_code == 200
    # Past midnight nothing is written (frozen clock, no work due on a Sunday night): only the day changed.
    await set_clock(admin, "2026-11-23T00:01:00")
    with statements(runtime) as seen:
        await api.get("/me/loans", headers=headers)
    assert seen, "the new day's answer is the route's"
    await assert_current(api, headers)


ACTIONS = st.lists(
    st.sampled_from(["read", "delete", "withdraw", "hour", "day", "relogin", "logout", "reset"]),
    min_size=1,
    max_size=6,
)


@settings(max_examples=12, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(actions=ACTIONS)
async def test_whatever_happens_every_answer_is_the_routes(actions: list[str]) -> None:
    import httpx

    app = create_app(make_settings())
    transport = httpx.ASGITransport(app=app)
    async with (
        httpx.AsyncClient(transport=transport, base_url=f"{SERVER}/api/v1") as api,
        httpx.AsyncClient(transport=transport, base_url=f"{SERVER}/_mock") as admin,
    ):
        headers = await login(api, CHEN_JING)
        await assert_current(api, headers)
        for action in actions:
            unread = (await api.get("/me/messages", params={"status": "unread"}, headers=headers)).json()
            items = unread.get("items") or []
            if action == "read" and items:
                await api.post(f"/me/messages/{items[0]['id']}/read", headers=headers)
            elif action == "delete" and items:
                await api.delete(f"/me/messages/{items[-1]['id']}", headers=headers)
            elif action == "withdraw":  # refused while one is in progress: the answers must not care
                sent = await api.post("/me/withdrawals/sms", json={"kind": "resignation"}, headers=headers)
                if sent.status_code == 200:
                    await withdraw(api, admin, headers, CHEN_JING, "100.00", send=False)
            elif action == "hour":
                await admin.post("/clock", json={"advance_seconds": 3600})
            elif action == "day":
                await admin.post("/clock", json={"advance_days": 1})
            elif action == "relogin":
                headers = await login(api, CHEN_JING)
            elif action == "logout":
                await api.post("/auth/logout", headers=headers)
            elif action == "reset":
                await admin.post("/reset")
            await assert_current(api, headers)
