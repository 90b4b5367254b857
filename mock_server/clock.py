"""The mock's controllable clock.

Starts at the pinned date (09:00) or the real now, then runs with real time unless frozen; tests and
testers move it with ``/_mock/clock``. Everything time-based in the mock (tokens, lockouts, captchas,
SMS codes, application states) reads this clock, never the system's.
"""

from __future__ import annotations

import datetime as dt
import threading
import time


class MockClock:
    def __init__(self, today: dt.date | None = None, *, frozen: bool = False) -> None:
        start = dt.datetime.combine(today, dt.time(9, 0)) if today else dt.datetime.now().replace(microsecond=0)
        self._lock = threading.Lock()
        self._base = start
        self._mono = time.monotonic()
        self._frozen = frozen

    def now(self) -> dt.datetime:
        with self._lock:
            if self._frozen:
                return self._base
            elapsed = time.monotonic() - self._mono
            return self._base + dt.timedelta(seconds=elapsed)

    def today(self) -> dt.date:
        return self.now().date()

    @property
    def frozen(self) -> bool:
        return self._frozen

    def set(self, when: dt.datetime) -> None:
        with self._lock:
            self._base = when
            self._mono = time.monotonic()

    def advance(self, seconds: float) -> None:
        self.set(self.now() + dt.timedelta(seconds=seconds))

    def freeze(self, frozen: bool) -> None:
        current = self.now()
        with self._lock:
            self._frozen = frozen
            self._base = current
            self._mono = time.monotonic()
