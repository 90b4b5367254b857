"""When and how the client tries a request again (stdlib only; nothing heavy is imported).

A request is tried again only when sending it twice cannot do anything twice: a ``GET`` (or ``HEAD``),
or a submission that carries an ``Idempotency-Key`` (sent again with the same key, so the server
answers with what the first one made). It is tried again after a failure that says nothing was
answered — no connection, a connection lost, an answer cut off or unreadable — and after ``429``,
``502``, ``503`` and ``504``, waiting as ``Retry-After`` asks or else an exponential backoff with
jitter, a few times, and never past the call's deadline.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import random
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

from .i18n import _

RETRY_STATUSES = frozenset({429, 502, 503, 504})
IDEMPOTENT_METHODS = frozenset({"GET", "HEAD"})

RetryHook = Callable[[int, float, str], None]
"""``on_retry(attempt, delay, reason)``: attempt ``attempt`` failed for ``reason`` (short, fit to show, in  # i18n: data
the interface's language: "服务器暂时不可用（HTTP 503）"); the next one starts in ``delay`` seconds."""


@dataclass
class RetryPolicy:
    """How many tries, and how long between them.

    ``attempts`` counts every try (the first included). Before retry *n* the client waits
    ``Retry-After`` when the server gave one (up to ``max_retry_after`` seconds; a longer one is not
    waited for), otherwise a delay drawn between half and all of ``min(max_delay, base_delay·2ⁿ⁻¹)``.
    ``sleep``, ``clock`` (monotonic seconds, which the call's deadline is measured on) and ``rng`` are
    injectable so tests neither wait nor depend on chance.
    """

    attempts: int = 4
    base_delay: float = 0.25
    max_delay: float = 4.0
    max_retry_after: float = 30.0
    rng: random.Random = field(default_factory=random.Random)
    sleep: Callable[[float], Awaitable[None]] = asyncio.sleep
    clock: Callable[[], float] = time.monotonic

    def backoff(self, retry: int) -> float:
        """The wait before retry number ``retry`` (1 for the first retry)."""
        ceiling = min(self.max_delay, self.base_delay * 2.0 ** (retry - 1))
        return ceiling / 2 + self.rng.uniform(0, ceiling / 2)


def retry_after_seconds(value: str | None, now: dt.datetime | None = None) -> float | None:
    """``Retry-After`` in seconds (a number of seconds or an HTTP date); None if absent or unreadable."""
    if not value:
        return None
    text = value.strip()
    if text.isdigit():
        return float(text)
    from email.utils import parsedate_to_datetime  # only for an HTTP date: the email package costs ~20 ms to import

    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    return max(0.0, (when - (now or dt.datetime.now(dt.UTC))).total_seconds())


def status_reason(status: int) -> str:
    """Why a status is worth another try, in the words the UI shows."""
    if status == 429:
        return _("服务器繁忙（HTTP 429）")
    if status == 504:
        return _("网关超时（HTTP 504）")
    return _("服务器暂时不可用（HTTP {status}）").format(status=status)
