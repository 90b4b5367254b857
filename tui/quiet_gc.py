"""Full garbage collections while nobody waits for the app.

Python collects its oldest generation after every ten collections of the middle one (once the objects
that survived since the last full collection are a quarter of those it kept). In gjj that is every few
pages, and a full collection walks every object Textual keeps in its caches (100,000-200,000 once a few
pages were drawn: 20-140 ms measured, stopping the app) wherever it happens to fall, most often in the
middle of drawing a page somebody is waiting for. While the app runs, Python's own full collections are
made ten times rarer (still there, in case nobody ever stops typing), and the app makes them itself once
nothing was pressed for a second and one is due.
"""

from __future__ import annotations

import gc
from collections.abc import Callable

QUIET_S = 1.0  # seconds without a key or a click before a full collection may run
DUE = 10  # middle-generation collections since the last full one: when Python itself would consider one
SAFETY_NET = 100  # Python's own threshold for a full collection while the app runs (10 by default)


class QuietCollector:
    """``quiet_for()``: seconds since the last key or click (the app's own clock)."""

    def __init__(self, quiet_for: Callable[[], float]) -> None:
        self.quiet_for = quiet_for
        self._saved: tuple[int, int, int] | None = None
        self.collections = 0

    def start(self) -> None:
        """Make Python's own full collections rare (until ``stop``)."""
        if self._saved is None:
            self._saved = gc.get_threshold()
            young, middle, _ = self._saved
            gc.set_threshold(young, middle, SAFETY_NET)

    def stop(self) -> None:
        """Python's thresholds as they were before ``start``."""
        if self._saved is not None:
            gc.set_threshold(*self._saved)
            self._saved = None

    def tick(self) -> bool:
        """Collect everything now if it is quiet and a full collection is due (a timer calls this)."""
        if not gc.isenabled() or self.quiet_for() < QUIET_S or gc.get_count()[2] < DUE:
            return False
        gc.collect()
        self.collections += 1
        return True
