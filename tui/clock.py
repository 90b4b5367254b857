"""The monotonic clock behind the UI's own timeouts: the idle logout and the SMS resend countdown.

The App holds it (``GjjApp(monotonic=...)``, ``time.monotonic`` unless a test hands in one it moves on
itself), so that a test advances time instead of waiting for it. Widgets read it with ``monotonic(self)``.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Protocol, runtime_checkable

if TYPE_CHECKING:
    from textual.message_pump import MessagePump

Monotonic = Callable[[], float]


@runtime_checkable
class HasMonotonic(Protocol):
    monotonic: Monotonic


def monotonic(node: MessagePump) -> float:
    """Seconds on the clock of ``node``'s app (only differences mean anything)."""
    app = node.app
    return app.monotonic() if isinstance(app, HasMonotonic) else time.monotonic()
