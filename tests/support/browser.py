"""Drive `gjj serve` in Debian's chromium (Playwright, no browser download) and read what the terminal shows.

xterm.js draws on a canvas, so the page's text is not in the DOM: an init script keeps the page's xterm
``Terminal`` (textual.js assigns it to a ``terminal`` property) and the tests read its buffer.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

import httpx

from tests.conftest import ROOT, free_port

CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = ROOT / "test-artifacts"  # gitignored: screenshots the browser tests keep

# Keep hold of xterm's Terminal when textual.js stores it (`this.terminal = new Terminal(...)`).
KEEP_TERMINAL = """
Object.defineProperty(Object.prototype, "terminal", {
  configurable: true,
  set(value) {
    Object.defineProperty(this, "terminal", { value, writable: true, configurable: true, enumerable: true });
    if (value && value.buffer && value.buffer.active) window.__gjjTerminal = value;
  },
});
"""

TERMINAL_TEXT = """() => {
  const terminal = window.__gjjTerminal;
  if (!terminal) return "";
  const buffer = terminal.buffer.active;
  const lines = [];
  for (let row = 0; row < buffer.length; row++) lines.push(buffer.getLine(row).translateToString(true));
  return lines.join("\\n");
}"""


def chromium_path() -> str | None:
    return CHROMIUM if os.path.exists(CHROMIUM) else shutil.which("chromium")


@contextmanager
def gjj_serve(*args: str, env: dict[str, str] | None = None) -> Iterator[str]:
    """`gjj serve` on 127.0.0.1 and a free port, as a real process; yields its URL."""
    port = free_port()
    process_env = {key: value for key, value in os.environ.items() if not key.startswith("GJJ_")}
    process_env.update({"PYTHONPATH": str(ROOT), "GJJ_CONFIG": str(ROOT / "tests" / "no-such-config.toml")})
    process_env.update(env or {})
    log = artifact(f"gjj-serve-{port}.log").open("wb")  # what it printed, for when a test fails
    process = subprocess.Popen(
        [sys.executable, "-m", "tui", "serve", "--port", str(port), *args],
        cwd=ROOT,
        env=process_env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,  # so that its sessions' gjj processes end with it
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    try:
        while True:
            try:
                httpx.get(f"{url}/", timeout=1)
                break
            except httpx.TransportError:
                if process.poll() is not None or time.monotonic() > deadline:
                    log.flush()
                    output = artifact(f"gjj-serve-{port}.log").read_text(errors="replace")
                    raise RuntimeError(f"gjj serve did not start:\n{output}") from None
                time.sleep(0.2)
        yield url
    finally:
        import signal

        with suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)
        log.close()


def wait_for_text(page, text: str | Callable[[str], bool], timeout: float = 30.0) -> str:  # type: ignore[no-untyped-def]
    """Wait until the terminal shows ``text`` (or its text satisfies it); the terminal's text then."""
    deadline = time.monotonic() + timeout
    while True:
        shown = str(page.evaluate(TERMINAL_TEXT))
        if text(shown) if callable(text) else text in shown:
            return shown
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {text!r} in the browser's terminal:\n{shown}")
        page.wait_for_timeout(100)


def cursor_below(label: str) -> Callable[[str], bool]:
    """The text cursor (▌) is in the input under ``label``: that field has the focus."""

    def check(shown: str) -> bool:
        lines = shown.splitlines()
        return any(label in line and "▌" in below for line, below in zip(lines, lines[1:]))

    check.__name__ = f"cursor below {label}"
    return check


def artifact(name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS / name
