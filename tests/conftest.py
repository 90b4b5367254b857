"""Shared fixtures: a mock server app per test (pinned date, frozen clock, fixed captcha), an httpx
client into it over ASGI, our own GjjClient on the same transport, and the gjj App around it.

No mocks of our own code: every test goes through the real mock server.
"""

from __future__ import annotations

import datetime as dt
import inspect
import sys
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import httpx
import pytest
from hypothesis import HealthCheck, settings

# Property tests check what holds, never how fast: a loaded CI machine (another process on a core)
# must not fail an example for taking 400 ms, nor a strategy for being slow to draw.
settings.register_profile("gjj", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("gjj")

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from api_client.client import GjjClient  # noqa: E402
from api_client.retry import RetryPolicy  # noqa: E402
from bench.mockproc import wait_until_up  # noqa: E402
from mock_server.app import create_app  # noqa: E402
from mock_server.settings import MockSettings  # noqa: E402
from tests.support import contract_check  # noqa: E402

TODAY = dt.date(2026, 11, 22)
# The account's wire names that other clients rely on (DESIGN.md): in the contract and in every answer.
ACCOUNT_WIRE_NAMES = frozenset(
    {
        "name", "id_number_masked", "phone_masked", "account_no", "status", "opened_on", "employer_name",
        "base", "employer_ratio", "personal_ratio", "monthly_deposit", "balance", "paid_up_to",
    }
)  # fmt: skip
CAPTCHA = "K7WX"
DEMO_PHONE = "13800000001"
DEMO_ID = "110105198503120039"
PASSWORD = "demo1234"
SERVER = "http://mock.test"


# scrypt's N for the tests' mocks: 16 times cheaper than the real cost, which hundreds of logins and
# registrations would pay for nothing (tests/test_api_auth.py checks the real one).
TEST_PASSWORD_COST = 2**10


def make_settings(**overrides: object) -> MockSettings:
    values: dict[str, object] = {
        "today": TODAY,
        "clock_frozen": True,
        "fixed_captcha": CAPTCHA,
        "password_cost": TEST_PASSWORD_COST,
    }
    values.update(overrides)
    return MockSettings(**values)


@pytest.fixture
def mock_app():
    return create_app(make_settings())


@pytest.fixture
def runtime(mock_app):
    return mock_app.state.runtime


@pytest.fixture
async def api(mock_app) -> AsyncIterator[httpx.AsyncClient]:
    """Raw HTTP into the mock: for API tests that look at status codes and bodies."""
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=mock_app), base_url=f"{SERVER}/api/v1") as http:
        yield http


@pytest.fixture
async def admin(mock_app) -> AsyncIterator[httpx.AsyncClient]:
    """The mock's /_mock API."""
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=mock_app), base_url=f"{SERVER}/_mock") as http:
        yield http


async def get_token(api: httpx.AsyncClient, username: str = DEMO_PHONE, password: str = PASSWORD) -> str:
    captcha = (await api.post("/captcha")).json()
    response = await api.post(
        "/auth/login",
        json={"username": username, "password": password, "captcha_id": captcha["captcha_id"], "captcha_code": CAPTCHA},
    )
    assert response.status_code == 200, response.text
    return str(response.json()["access_token"])


def latest_code(runtime, phone: str) -> str:
    """The last SMS code the mock sent to ``phone`` (what a tester reads in its outbox)."""
    row = runtime.store.conn.execute(
        "SELECT code FROM sms_codes WHERE phone = ? ORDER BY id DESC LIMIT 1", (phone,)
    ).fetchone()
    assert row is not None, f"no SMS sent to {phone}"
    return str(row[0])


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def client_for(mock_app, label: str = "测试服务器", **kwargs: object) -> GjjClient:
    """Our client into ``mock_app`` in-process, through the demo's transport (faults that drop the
    connection reach it as httpx exceptions, as over TCP)."""
    from mock_server.inprocess import InProcessTransport

    kwargs.setdefault("retry", fast_retries())
    return GjjClient(SERVER, transport_factory=lambda: InProcessTransport(app=mock_app), label=label, **kwargs)  # type: ignore[arg-type]


def fast_retries(**overrides: object) -> RetryPolicy:
    """The client's retry policy with waits of a few milliseconds (and a seeded jitter), for tests."""
    import random

    values: dict[str, object] = {"base_delay": 0.005, "max_delay": 0.02, "rng": random.Random(0)}
    values.update(overrides)
    return RetryPolicy(**values)  # type: ignore[arg-type]


@pytest.fixture
async def client(mock_app) -> AsyncIterator[GjjClient]:
    gjj = client_for(mock_app)
    yield gjj
    await gjj.aclose()


async def signed_in(client: GjjClient, username: str = DEMO_PHONE, password: str = PASSWORD) -> GjjClient:
    captcha = await client.captcha()
    await client.login(username, password, captcha.captcha_id, CAPTCHA)
    return client


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="session")
def mock_process():
    """``gjj-mock`` as a real server process on 127.0.0.1 (fixed captcha K7WX, pinned date, frozen clock).

    One per test session and worker: tests that change its data start with ``POST /_mock/reset``."""
    import os
    import subprocess

    port = free_port()
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "mock_server",
            "--port",
            str(port),
            "--today",
            TODAY.isoformat(),
            "--frozen-clock",
            "--fixed-captcha",
            CAPTCHA,
            "--log-level",
            "warning",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        env=dict(os.environ),
        cwd=ROOT,
    )
    url = f"http://127.0.0.1:{port}"
    wait_until_up(process, url)
    yield url
    process.terminate()
    process.wait(timeout=10)


class ManualClock:
    """A monotonic clock that moves only when the test says (``make_app(..., monotonic=clock)``)."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture
def snap_compare(snap_compare):
    """pytest-textual-snapshot's, with the focused field's cursor held on once the steps are done.

    A focused Input blinks every 0.5 s (real time): on a busy machine the picture was sometimes taken
    in the off half-second (test_registration_refused_closed_account, test_payment_password_*,
    test_login_screen). Held on, not switched off: the committed pictures show the cursor, and stay.
    Only the focused field blinks; the others show no cursor at all."""
    from textual.widgets import Input

    from tui.textual_internals import hold_cursor

    def compare(app, *, run_before=None, **kwargs):
        async def steps(pilot) -> None:
            if run_before is not None:
                result = run_before(pilot)
                if inspect.isawaitable(result):
                    await result
            if isinstance(pilot.app.focused, Input):
                hold_cursor(pilot.app.focused)

        return snap_compare(app, run_before=steps, **kwargs)

    return compare


def make_app(mock_app, **kwargs):
    from tui.app import GjjApp
    from tui.backend import DEMO_LABEL

    return GjjApp(client_for(mock_app, DEMO_LABEL), demo=True, today=lambda: TODAY, **kwargs)


@pytest.fixture(autouse=True)
def _private_state_dir(tmp_path_factory, monkeypatch):
    """What gjj remembers between runs (the sound switch) goes to a temporary folder, never the user's."""
    monkeypatch.setenv("GJJ_STATE_DIR", str(tmp_path_factory.mktemp("state")))


contract_check.install()


@pytest.fixture(autouse=True)
def _responses_keep_the_contract() -> Iterator[None]:
    """Every response this test received from a mock app matches docs/openapi.json (openapi-core)."""
    contract_check.PENDING.clear()
    contract_check.FAILURES.clear()
    yield
    contract_check.validate_pending()
    failures = list(contract_check.FAILURES)
    contract_check.FAILURES.clear()
    assert not failures, "responses off the contract:\n" + "\n".join(failures[:10])


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The ``slow`` tests first (the order stays otherwise): the workers take them at the start and
    share out the short ones after, instead of one worker ending the run alone on a long test."""
    items.sort(key=lambda item: item.get_closest_marker("slow") is None)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    contract_check.write_stats()
