"""SQLite storage of the mock, through the standard library.

One connection per server, used from FastAPI's worker threads under one lock: every request's writes run
inside ``Store.transaction()``, so they are applied whole or not at all, and two requests racing for the
same balance are serialized. Reads (``Store.reading()``) take the lock one query at a time. Amounts are stored as decimal text and read back as ``Decimal``.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from decimal import Decimal
from typing import Concatenate, ParamSpec, TypeVar, cast

from .problems import ApiProblem

SCHEMA = """
CREATE TABLE IF NOT EXISTS members (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    id_number TEXT NOT NULL UNIQUE,
    phone TEXT NOT NULL UNIQUE,
    gender TEXT NOT NULL,
    birth_date TEXT NOT NULL,
    female_cadre INTEGER NOT NULL DEFAULT 0,
    registered INTEGER NOT NULL DEFAULT 0,
    password_hash TEXT,
    pay_password_hash TEXT,
    failed_logins INTEGER NOT NULL DEFAULT 0,
    locked_until TEXT,
    account_no TEXT NOT NULL UNIQUE,
    status TEXT NOT NULL,
    opened_on TEXT NOT NULL,
    sealed_on TEXT,
    closed_on TEXT,
    employer_name TEXT NOT NULL,
    employer_account_no TEXT NOT NULL,
    bank_name TEXT NOT NULL,
    bank_account TEXT NOT NULL,
    base TEXT NOT NULL,
    employer_ratio TEXT NOT NULL,
    personal_ratio TEXT NOT NULL,
    paid_up_to TEXT,
    frozen_amount TEXT NOT NULL DEFAULT '0.00',
    org TEXT NOT NULL
);

CREATE TABLE IF NOT EXISTS ledger (
    member_id INTEGER NOT NULL REFERENCES members(id),
    seq INTEGER NOT NULL,
    posted_on TEXT NOT NULL,
    type TEXT NOT NULL,
    contribution_month TEXT,
    amount TEXT NOT NULL,
    interest TEXT NOT NULL,
    balance TEXT NOT NULL,
    summary TEXT NOT NULL,
    org TEXT NOT NULL,
    channel TEXT NOT NULL,
    PRIMARY KEY (member_id, seq)
);
CREATE INDEX IF NOT EXISTS ledger_by_date ON ledger(member_id, posted_on, seq);
CREATE INDEX IF NOT EXISTS ledger_by_type ON ledger(member_id, type, posted_on);

CREATE TABLE IF NOT EXISTS loans (
    contract_no TEXT PRIMARY KEY,
    member_id INTEGER NOT NULL REFERENCES members(id),
    status TEXT NOT NULL,
    amount TEXT NOT NULL,
    periods INTEGER NOT NULL,
    method TEXT NOT NULL,
    annual_rate TEXT NOT NULL,
    applied_on TEXT NOT NULL,
    disbursed_on TEXT,
    repayment_day INTEGER,
    settled_on TEXT,
    bank_name TEXT NOT NULL,
    loan_type TEXT NOT NULL,
    house_type TEXT NOT NULL,
    house_address TEXT NOT NULL,
    seller TEXT NOT NULL DEFAULT '',
    repayment_account TEXT,
    co_borrower_name TEXT,
    co_borrower_id TEXT,
    application_id INTEGER
);
CREATE INDEX IF NOT EXISTS loans_by_member ON loans(member_id);

CREATE TABLE IF NOT EXISTS loan_rate_changes (
    contract_no TEXT NOT NULL REFERENCES loans(contract_no),
    effective_on TEXT NOT NULL,
    annual_rate TEXT NOT NULL,
    PRIMARY KEY (contract_no, effective_on)
);

CREATE TABLE IF NOT EXISTS repayments (
    contract_no TEXT NOT NULL REFERENCES loans(contract_no),
    period INTEGER NOT NULL,
    paid_on TEXT NOT NULL,
    month TEXT NOT NULL,
    amount TEXT NOT NULL,
    principal TEXT NOT NULL,
    interest TEXT NOT NULL,
    penalty TEXT NOT NULL,
    balance TEXT NOT NULL,
    PRIMARY KEY (contract_no, period)
);

CREATE TABLE IF NOT EXISTS loan_steps (
    contract_no TEXT NOT NULL REFERENCES loans(contract_no),
    idx INTEGER NOT NULL,
    name TEXT NOT NULL,
    done_at TEXT,
    handler TEXT,
    PRIMARY KEY (contract_no, idx)
);

CREATE TABLE IF NOT EXISTS messages (
    id INTEGER PRIMARY KEY,
    member_id INTEGER NOT NULL REFERENCES members(id),
    business TEXT NOT NULL,
    content TEXT NOT NULL,
    channel TEXT NOT NULL,
    sent_at TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'unread'
);
CREATE INDEX IF NOT EXISTS messages_by_member ON messages(member_id, status, sent_at);

CREATE TABLE IF NOT EXISTS applications (
    id INTEGER PRIMARY KEY,
    member_id INTEGER NOT NULL REFERENCES members(id),
    number TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL,
    title TEXT NOT NULL,
    amount TEXT NOT NULL,
    created_at TEXT NOT NULL,
    finished_at TEXT,
    state TEXT NOT NULL,
    payload TEXT NOT NULL DEFAULT '{}',
    idempotency_key TEXT,
    UNIQUE (member_id, idempotency_key)
);

CREATE TABLE IF NOT EXISTS application_nodes (
    application_id INTEGER NOT NULL REFERENCES applications(id),
    idx INTEGER NOT NULL,
    node TEXT NOT NULL,
    handler TEXT,
    opinion TEXT,
    done_at TEXT,
    PRIMARY KEY (application_id, idx)
);

CREATE TABLE IF NOT EXISTS captchas (
    id TEXT PRIMARY KEY,
    code TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    used INTEGER NOT NULL DEFAULT 0
);

-- failed logins of usernames that name no member (a member's own count is in members)
CREATE TABLE IF NOT EXISTS login_failures (
    username TEXT PRIMARY KEY,
    failures INTEGER NOT NULL,
    locked_until TEXT
);

CREATE TABLE IF NOT EXISTS sessions (
    id INTEGER PRIMARY KEY,
    member_id INTEGER NOT NULL REFERENCES members(id),
    access_hash TEXT NOT NULL UNIQUE,
    access_expires TEXT NOT NULL,
    refresh_hash TEXT NOT NULL UNIQUE,
    refresh_expires TEXT NOT NULL,
    created_at TEXT NOT NULL,
    revoked INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE IF NOT EXISTS sms_codes (
    id INTEGER PRIMARY KEY,
    phone TEXT NOT NULL,
    purpose TEXT NOT NULL,
    code TEXT NOT NULL,
    sent_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    wrong_tries INTEGER NOT NULL DEFAULT 0,
    used INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS sms_by_phone ON sms_codes(phone, sent_at);

CREATE TABLE IF NOT EXISTS tickets (
    ticket TEXT PRIMARY KEY,
    purpose TEXT NOT NULL,
    member_id INTEGER NOT NULL REFERENCES members(id),
    stage TEXT NOT NULL,
    expires_at TEXT NOT NULL
);

CREATE TABLE IF NOT EXISTS certificates (
    code TEXT PRIMARY KEY,
    member_id INTEGER NOT NULL REFERENCES members(id),
    issued_at TEXT NOT NULL,
    snapshot TEXT NOT NULL
);

-- business: when each node of an application created in the mock falls due (services/workflow.py),
-- and wrong payment passwords per day (services/withdrawals.py)
CREATE TABLE IF NOT EXISTS application_schedule (
    application_id INTEGER NOT NULL REFERENCES applications(id),
    idx INTEGER NOT NULL,
    due_at TEXT NOT NULL,
    PRIMARY KEY (application_id, idx)
);
CREATE INDEX IF NOT EXISTS schedule_by_due ON application_schedule(due_at);

CREATE TABLE IF NOT EXISTS pay_password_failures (
    member_id INTEGER NOT NULL REFERENCES members(id),
    day TEXT NOT NULL,
    count INTEGER NOT NULL,
    PRIMARY KEY (member_id, day)
);
"""


class _Rows:
    """A query's rows, fetched whole under the lock and handed out after it is released."""

    __slots__ = ("_rows", "_next")

    def __init__(self, rows: list[sqlite3.Row]) -> None:
        self._rows = rows
        self._next = 0

    def fetchone(self) -> sqlite3.Row | None:
        if self._next >= len(self._rows):
            return None
        self._next += 1
        return self._rows[self._next - 1]

    def fetchall(self) -> list[sqlite3.Row]:
        rest = self._rows[self._next :]
        self._next = len(self._rows)
        return rest

    def __iter__(self) -> Iterator[sqlite3.Row]:
        return iter(self.fetchall())


class _Reader:
    """The read side of the connection: ``execute`` takes the lock for exactly one query."""

    __slots__ = ("_conn", "_lock")

    def __init__(self, conn: sqlite3.Connection, lock: threading.RLock) -> None:
        self._conn = conn
        self._lock = lock

    def execute(self, sql: str, parameters: Sequence[object] | dict[str, object] = ()) -> _Rows:
        with self._lock:
            return _Rows(self._conn.execute(sql, parameters).fetchall())


P = ParamSpec("P")
T = TypeVar("T")


def money(text: str | None) -> Decimal:
    return Decimal(text) if text is not None else Decimal("0.00")


class Store:
    """The mock's database: one connection, one lock, transactions around each request's work."""

    def __init__(self, path: str | None = None) -> None:
        self.path = path or ":memory:"
        self.conn = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None)
        self.conn.row_factory = sqlite3.Row
        self.conn.execute("PRAGMA foreign_keys = ON")
        if self.path != ":memory:":
            self.conn.execute("PRAGMA journal_mode = WAL")
        self._lock = threading.RLock()
        self._epoch = 0  # bumped whenever the whole content is replaced (see ``version``)
        # Figures derived from the data that are costly to recompute, kept by the services that use them
        # (their keys tell when a figure is stale); emptied whenever the whole content is replaced.
        self.memo: dict[object, object] = {}

    @property
    def version(self) -> tuple[int, int, int] | None:
        """Changes whenever anything stored may have changed; None while that cannot be known.

        SQLite's count of the rows this connection has written (``total_changes``: every INSERT, UPDATE and
        DELETE, committed or rolled back; a rolled-back write only costs a kept answer), an epoch for what
        that count does not see (a backup copied in, tables dropped), and for a database file SQLite's
        ``data_version``, which changes when another connection commits to the file. Read before the data
        it stands for: a write after it makes a later version, never the same one.
        """
        if self.path == ":memory:":
            return self._epoch, self.conn.total_changes, 0
        if not self._lock.acquire(blocking=False):
            return None  # a transaction is under way
        try:
            outside: int = self.conn.execute("PRAGMA data_version").fetchone()[0]
        finally:
            self._lock.release()
        return self._epoch, self.conn.total_changes, outside

    def create_schema(self) -> None:
        with self._lock:
            self.conn.executescript(SCHEMA)

    def is_empty(self) -> bool:
        with self._lock:
            count: int = self.conn.execute("SELECT COUNT(*) FROM members").fetchone()[0]
            return count == 0

    @contextmanager
    def transaction(self, *, keep_on_refusal: bool = False) -> Iterator[sqlite3.Connection]:
        """Everything inside happens whole or not at all, and alone.

        ``keep_on_refusal`` commits what was written before a business refusal (``ApiProblem``): a
        failed login still uses up its captcha and counts towards the lockout.
        """
        with self._lock:
            self.conn.execute("BEGIN IMMEDIATE")
            try:
                yield self.conn
            except ApiProblem:
                self.conn.execute("COMMIT" if keep_on_refusal else "ROLLBACK")
                raise
            except BaseException:
                self.conn.execute("ROLLBACK")
                raise
            else:
                self.conn.execute("COMMIT")

    @contextmanager
    def reading(self) -> Iterator[sqlite3.Connection]:
        """Reads, each query alone under the lock: a request that reads much (a 12,000-entry ledger's
        totals, a 360-row plan) holds the lock for its queries only, not while it computes and encodes,
        so a light request never waits behind a heavy one's Python work."""
        yield cast(sqlite3.Connection, _Reader(self.conn, self._lock))  # what services use of it: execute

    async def run(self, work: Callable[P, T], /, *args: P.args, **kwargs: P.kwargs) -> T:
        """``work(*args)`` under the store's lock, from a coroutine (a route or a dependency).

        When the lock is free the work runs right here on the event loop: a read takes tens of
        microseconds, less than the hand-over to a worker thread and back. When another request holds
        the lock (a login hashing its password inside its transaction), the work waits for it in a
        worker thread instead, so the event loop never blocks on the lock. Only for short work: nothing
        that hashes a password or sleeps.
        """
        if self._lock.acquire(blocking=False):
            try:
                return work(*args, **kwargs)
            finally:
                self._lock.release()
        from starlette.concurrency import run_in_threadpool

        def locked() -> T:
            with self._lock:
                return work(*args, **kwargs)

        return await run_in_threadpool(locked)

    async def read(
        self, work: Callable[Concatenate[sqlite3.Connection, P], T], /, *args: P.args, **kwargs: P.kwargs
    ) -> T:
        """``work(db, *args)`` with ``db`` as :meth:`reading` gives it: each query alone under the lock.

        Run right here on the event loop while the lock is free (no hand-over to a worker thread and
        back); while a transaction holds it (a write, a login), in a worker thread, so the event loop
        never waits on the lock. The lock is not held between the work's queries, so a heavy read's
        computing and encoding never hold a light request up.
        """
        with self.reading() as db:
            if self._lock.acquire(blocking=False):
                self._lock.release()
                return work(db, *args, **kwargs)
            from starlette.concurrency import run_in_threadpool

            return await run_in_threadpool(work, db, *args, **kwargs)

    async def write(
        self, work: Callable[Concatenate[sqlite3.Connection, P], T], /, *args: P.args, **kwargs: P.kwargs
    ) -> T:
        """``work(db, *args)`` in a :meth:`transaction`, as :meth:`run` runs it."""

        def in_transaction() -> T:
            with self.transaction() as db:
                return work(db, *args, **kwargs)

        return await self.run(in_transaction)

    def copy_from(self, other: Store) -> None:
        """Replace this database's content with ``other``'s (fast: SQLite's backup API)."""
        with self._lock, other._lock:
            other.conn.backup(self.conn)
            self._epoch += 1
            self.memo.clear()

    def wipe(self) -> None:
        with self._lock:
            tables = [r[0] for r in self.conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
            self.conn.execute("PRAGMA foreign_keys = OFF")
            for table in tables:
                self.conn.execute(f"DROP TABLE IF EXISTS {table}")
            self.conn.execute("PRAGMA foreign_keys = ON")
            self._epoch += 1
            self.memo.clear()

    def close(self) -> None:
        with self._lock:
            self.conn.close()
