"""SQLite storage of the mock, through the standard library.

One connection per server, used from FastAPI's worker threads under one lock: every request's work runs
inside ``Store.transaction()``, so it is applied whole or not at all, and two requests racing for the
same balance are serialized. Amounts are stored as decimal text and read back as ``Decimal``.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal

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
        with self._lock:
            yield self.conn

    def copy_from(self, other: Store) -> None:
        """Replace this database's content with ``other``'s (fast: SQLite's backup API)."""
        with self._lock, other._lock:
            other.conn.backup(self.conn)

    def wipe(self) -> None:
        with self._lock:
            tables = [r[0] for r in self.conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
            self.conn.execute("PRAGMA foreign_keys = OFF")
            for table in tables:
                self.conn.execute(f"DROP TABLE IF EXISTS {table}")
            self.conn.execute("PRAGMA foreign_keys = ON")

    def close(self) -> None:
        with self._lock:
            self.conn.close()
