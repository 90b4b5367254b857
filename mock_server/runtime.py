"""Everything one running mock server holds: settings, clock, database, journal, faults."""

from __future__ import annotations

import datetime as dt
import random
import threading
from collections import deque
from dataclasses import dataclass, field, replace

from .clock import MockClock
from .faults import Fault, FaultLab, JournalEntry
from .settings import MockSettings
from .store import Store

__all__ = ["Fault", "JournalEntry", "Runtime", "seeded_template"]

_templates: dict[tuple[int, dt.date, int], Store] = {}
_templates_lock = threading.Lock()


def seeded_template(seed: int, today: dt.date, password_cost: int) -> Store:
    """A seeded in-memory database per (seed, today, password cost), built once per process and then copied."""
    from .seed import seed_database

    key = (seed, today, password_cost)
    with _templates_lock:
        template = _templates.get(key)
        if template is None:
            template = Store()
            template.create_schema()
            seed_database(template.conn, seed, today, password_cost)
            _templates[key] = template
        return template


@dataclass
class Runtime:
    settings: MockSettings
    clock: MockClock
    store: Store
    rng: random.Random
    journal: deque[JournalEntry] = field(default_factory=lambda: deque(maxlen=2000))
    faults: FaultLab = field(default_factory=lambda: FaultLab(0))
    fixed_captcha: str | None = None
    reset_requires_phone: bool = False  # the forgotten-password variant; /_mock/settings switches it
    lock: threading.Lock = field(default_factory=threading.Lock)  # guards rng

    @classmethod
    def start(cls, settings: MockSettings) -> Runtime:
        clock = MockClock(settings.today, frozen=settings.clock_frozen)
        store = Store(settings.db_path)
        runtime = cls(
            settings=settings,
            clock=clock,
            store=store,
            rng=random.Random(settings.seed),
            fixed_captcha=settings.fixed_captcha,
            reset_requires_phone=settings.reset_requires_phone,
        )
        runtime.load(fresh=settings.db_path is None)
        runtime.reset_faults()
        return runtime

    def seeded(self) -> Store:
        return seeded_template(self.settings.seed, self.clock.today(), self.settings.password_cost)

    def load(self, *, fresh: bool) -> None:
        """Create the schema and seed it, unless a database file already holds data."""
        if fresh or self.settings.db_path is None:
            self.store.copy_from(self.seeded())
            return
        self.store.create_schema()
        if self.store.is_empty():
            from .seed import seed_database

            seed_database(self.store.conn, self.settings.seed, self.clock.today(), self.settings.password_cost)

    def reset(self) -> None:
        """Back to the seeded state (same seed, the clock's current date)."""
        self.rng = random.Random(self.settings.seed)
        self.reset_faults()
        self.journal.clear()
        self.fixed_captcha = self.settings.fixed_captcha
        self.reset_requires_phone = self.settings.reset_requires_phone
        if self.settings.db_path is None:
            self.store.copy_from(self.seeded())
        else:
            from .seed import seed_database

            self.store.wipe()
            self.store.create_schema()
            seed_database(self.store.conn, self.settings.seed, self.clock.today(), self.settings.password_cost)

    def reset_faults(self) -> None:
        """No faults but the start-up scenario (``--faults``); the lab's draws start again from its seed."""
        scenario = self.settings.faults
        seed = scenario.seed if scenario and scenario.seed is not None else self.settings.seed
        self.faults.reset(seed)
        if scenario is not None:
            for fault in scenario.faults:
                self.faults.add(replace(fault, hits=0, misses=0))

    def add_fault(self, fault: Fault) -> Fault:
        """Inject ``fault`` (see ``mock_server.faults``); returns it with its id."""
        return self.faults.add(fault)
