"""The header's date is the backend's business date (GET /business-time), not the machine's, and it turns
over at midnight on every screen, the login screen included. The app's clock is injected: no waiting."""

from __future__ import annotations

from tests.conftest import TODAY, client_for
from tests.ui import login, screen_text, wait_until


class FakeClock:
    """Monotonic seconds that move only when the test says."""

    def __init__(self) -> None:
        self.seconds = 1000.0

    def __call__(self) -> float:
        return self.seconds


def header(app) -> str:  # type: ignore[no-untyped-def]
    return screen_text(app).splitlines()[0]


async def test_the_api_says_the_business_date(api) -> None:  # type: ignore[no-untyped-def]
    answer = (await api.get("/business-time")).json()
    assert answer == {"today": TODAY.isoformat(), "now": f"{TODAY.isoformat()}T09:00:00+08:00"}


async def test_the_header_turns_over_at_midnight_on_every_screen(mock_app) -> None:  # type: ignore[no-untyped-def]
    from tui.app import GjjApp
    from tui.backend import DEMO_LABEL

    clock = FakeClock()
    app = GjjApp(client_for(mock_app, DEMO_LABEL), demo=True, monotonic=clock)
    async with app.run_test(size=(100, 30)) as pilot:
        # the mock's business day (2026-11-22, 09:00), whatever this machine's date is
        await wait_until(pilot, lambda: header(app).endswith("2026-11-22"), what="the business date")
        clock.seconds += 15 * 3600 - 1  # 23:59:59
        app.check_date()  # what the timer does every second: nothing to change yet
        await pilot.pause()
        assert header(app).endswith("2026-11-22")
        clock.seconds += 1  # midnight
        await wait_until(pilot, lambda: header(app).endswith("2026-11-23"), what="midnight on the login screen")
        await login(pilot)
        assert header(app).endswith("2026-11-23") and "张*" in header(app)
        clock.seconds += 24 * 3600
        await wait_until(pilot, lambda: header(app).endswith("2026-11-24"), what="midnight on the home page")
        await pilot.press("f2")
        await wait_until(pilot, lambda: "个人账户基本信息" in header(app))
        assert header(app).endswith("2026-11-24")
