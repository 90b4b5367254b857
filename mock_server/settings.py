"""Settings of one mock server instance."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .faults import Scenario


@dataclass
class MockSettings:
    """What makes one mock server differ from another.

    ``db_path`` None keeps the database in memory. ``today`` pins the clock's date (the seeded history
    runs up to it); None means the real date. ``fixed_captcha`` makes every captcha accept (and show)
    that code, for automated tests. ``reset_requires_phone`` chooses the forgotten-password variant
    that also asks for the phone number (one of the two manuals does). ``faults`` is a scenario of
    the fault lab in force from the start and after every ``/_mock/reset``.
    ``exposed`` says the server listens beyond loopback; ``admin_token`` (required then) guards
    ``/_mock`` and the API docs.
    """

    db_path: str | None = None
    seed: int = 20240601
    today: dt.date | None = None
    clock_frozen: bool = False
    fixed_captcha: str | None = None
    reset_requires_phone: bool = False
    # Faults in force from the start and again after every reset (``gjj-mock --faults``).
    faults: Scenario | None = None
    centre_name: str = "演示市住房公积金管理中心"
    # Listening on more than loopback: /_mock and the docs then need ``admin_token``, and personas'
    # passwords are never served.
    exposed: bool = False
    admin_token: str | None = field(default=None, repr=False)
    # scrypt's N for the passwords this server stores (seeded and set): the real cost by default; the
    # test suite's mocks use a cheaper one (logins by the hundred), one test keeps this default.
    password_cost: int = 2**14
    # Called with (phone, code, purpose) whenever an SMS is "sent": the embedded demo shows it.
    sms_listener: Callable[[str, str, str], None] | None = field(default=None, repr=False)
