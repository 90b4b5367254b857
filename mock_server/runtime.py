"""Everything one running mock server holds: settings, clock, database, journal, faults."""

from __future__ import annotations

import datetime as dt
import random
import threading
from collections import deque
from dataclasses import asdict, dataclass, field
from typing import Any

from .clock import MockClock
from .settings import MockSettings
from .store import Store

_templates: dict[tuple[int, dt.date], Store] = {}
_templates_lock = threading.Lock()


def seeded_template(seed: int, today: dt.date) -> Store:
    """A seeded in-memory database per (seed, today), built once per process and then copied."""
    from .seed import seed_database

    key = (seed, today)
    with _templates_lock:
        template = _templates.get(key)
        if template is None:
            template = Store()
            template.create_schema()
            seed_database(template.conn, seed, today)
            _templates[key] = template
        return template


@dataclass
class Fault:
    """An injected failure: requests whose path starts with ``path_prefix`` get it ``count`` times."""

    path_prefix: str
    kind: str  # error | delay | malformed | disconnect
    status: int = 503
    delay_ms: int = 0
    count: int = 1
    method: str | None = None
    id: int = 0

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class JournalEntry:
    at: str
    method: str
    path: str
    status: int
    duration_ms: float
    member_id: int | None = None
    fault: str | None = None


@dataclass
class Runtime:
    settings: MockSettings
    clock: MockClock
    store: Store
    rng: random.Random
    journal: deque[JournalEntry] = field(default_factory=lambda: deque(maxlen=2000))
    faults: list[Fault] = field(default_factory=list)
    fixed_captcha: str | None = None
    reset_requires_phone: bool = False  # the forgotten-password variant; /_mock/settings switches it
    lock: threading.Lock = field(default_factory=threading.Lock)
    next_fault_id: int = 1

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
        return runtime

    def load(self, *, fresh: bool) -> None:
        """Create the schema and seed it, unless a database file already holds data."""
        if fresh or self.settings.db_path is None:
            self.store.copy_from(seeded_template(self.settings.seed, self.clock.today()))
            return
        self.store.create_schema()
        if self.store.is_empty():
            from .seed import seed_database

            seed_database(self.store.conn, self.settings.seed, self.clock.today())

    def reset(self) -> None:
        """Back to the seeded state (same seed, the clock's current date)."""
        self.rng = random.Random(self.settings.seed)
        self.faults.clear()
        self.journal.clear()
        self.fixed_captcha = self.settings.fixed_captcha
        self.reset_requires_phone = self.settings.reset_requires_phone
        if self.settings.db_path is None:
            self.store.copy_from(seeded_template(self.settings.seed, self.clock.today()))
        else:
            from .seed import seed_database

            self.store.wipe()
            self.store.create_schema()
            seed_database(self.store.conn, self.settings.seed, self.clock.today())

    def take_fault(self, method: str, path: str) -> Fault | None:
        with self.lock:
            for fault in self.faults:
                if path.startswith(fault.path_prefix) and (fault.method in (None, method)):
                    fault.count -= 1
                    if fault.count <= 0:
                        self.faults.remove(fault)
                    return fault
        return None

    def add_fault(self, fault: Fault) -> Fault:
        with self.lock:
            fault.id = self.next_fault_id
            self.next_fault_id += 1
            self.faults.append(fault)
        return fault
