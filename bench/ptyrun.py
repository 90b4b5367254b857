"""Run a program in a pseudo-terminal of a given size, as a real terminal would, and time it.

Used by the start-up benchmark and by the test that checks what is imported before the first frame.
"""

from __future__ import annotations

import fcntl
import os
import select
import struct
import subprocess
import sys
import termios
import time
from dataclasses import dataclass


@dataclass
class PtyRun:
    seconds_to_marker: float | None
    returncode: int | None
    output: bytes


def run_in_pty(
    argv: list[str],
    *,
    env: dict[str, str] | None = None,
    marker: bytes | None = None,
    size: tuple[int, int] = (80, 24),
    timeout: float = 30.0,
    cwd: str | None = None,
) -> PtyRun:
    """Start ``argv`` on a fresh pty; return when ``marker`` shows up in its output (or it exits)."""
    master, slave = os.openpty()
    columns, rows = size
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
    full_env = dict(os.environ if env is None else env)
    full_env.setdefault("TERM", "xterm-256color")
    full_env["COLUMNS"], full_env["LINES"] = str(columns), str(rows)
    started = time.perf_counter()
    process = subprocess.Popen(
        argv, stdin=slave, stdout=slave, stderr=slave, env=full_env, cwd=cwd, start_new_session=True, close_fds=True
    )
    os.close(slave)
    output = bytearray()
    found_at: float | None = None
    try:
        while time.perf_counter() - started < timeout:
            ready, _, _ = select.select([master], [], [], 0.05)
            if ready:
                try:
                    chunk = os.read(master, 65536)
                except OSError:
                    break
                if not chunk:
                    break
                output += chunk
                if marker is not None and found_at is None and marker in output:
                    found_at = time.perf_counter() - started
                    break
            elif process.poll() is not None:
                break
    finally:
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        os.close(master)
    return PtyRun(found_at, process.returncode, bytes(output))


def python() -> str:
    return sys.executable
