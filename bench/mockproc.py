"""Waiting for a ``gjj-mock`` (or ``gjj serve``) process to answer: shared by the tests and the benchmarks."""

from __future__ import annotations

import subprocess
import time
from typing import Any


def wait_until_up(
    process: subprocess.Popen[Any], url: str, *, path: str = "/api/v1/meta", timeout: float = 60.0, **client: Any
) -> None:
    """Return once ``url + path`` answers at all; kill the process and raise, with what it printed, if it
    exits first or does not answer within ``timeout`` seconds (bounded: never waits for ever)."""
    import httpx

    deadline = time.monotonic() + timeout
    while True:
        try:
            httpx.get(f"{url}{path}", timeout=1, **client)
            return
        except httpx.TransportError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                output = process.communicate()[0] if process.stdout is not None else ""
                text = output.decode(errors="replace") if isinstance(output, bytes) else str(output or "")
                raise RuntimeError(f"{url} did not start:\n{text[-2000:]}") from None
            time.sleep(0.2)
