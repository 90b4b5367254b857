"""Process start to the first frame of the login screen, against a bare Textual hello world.

Both run on an 80×24 pseudo-terminal; the clock stops when the frame's text reaches the terminal.
Runs alternate (hello, gjj, hello, gjj…) so that machine noise hits both alike.

gjj runs as installed: its modules byte-compiled first, as pip does when it installs a wheel, and as
Textual's own are in the virtual environment. Without that, an editable install under
``PYTHONDONTWRITEBYTECODE=1`` compiles gjj's ~35 first-frame modules from source on every start
(~20 ms here) while the baseline's Textual loads from bytecode.
"""

from __future__ import annotations

import compileall
import os
import sys
import tempfile
from pathlib import Path

from .ptyrun import run_in_pty
from .stats import median, ms, p95

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("tui", "screens", "api_client", "mock_server")
TARGET_RATIO = 1.25


def compile_like_an_install() -> None:
    """Byte-compile gjj's packages in place (``__pycache__``, ignored by git), as a wheel install does.

    Up-to-date files are skipped, so this costs nothing on a second run."""
    for package in PACKAGES:
        if not compileall.compile_dir(ROOT / package, quiet=1):
            raise RuntimeError(f"{package} does not byte-compile")


def measure(runs: int = 15) -> dict:
    compile_like_an_install()
    env = dict(os.environ)
    env["GJJ_CONFIG"] = str(Path(tempfile.gettempdir()) / "gjj-bench-no-config.toml")
    hello_cmd = [sys.executable, str(ROOT / "bench" / "hello_app.py")]
    gjj_cmd = [str(Path(sys.executable).with_name("gjj"))]  # the console script a user runs
    hello: list[float] = []
    gjj: list[float] = []
    for _ in range(2):  # warm the OS file cache for both
        run_in_pty(hello_cmd, env=env, marker=b"Hello, World", cwd=str(ROOT))
        run_in_pty(gjj_cmd, env=env, marker="演示账号".encode(), cwd=str(ROOT))
    for _ in range(runs):
        for command, marker, sink in ((hello_cmd, b"Hello, World", hello), (gjj_cmd, "演示账号".encode(), gjj)):
            result = run_in_pty(command, env=env, marker=marker, cwd=str(ROOT))
            if result.seconds_to_marker is None:
                raise RuntimeError(f"{command} never drew its first frame:\n{result.output[-1500:]!r}")
            sink.append(result.seconds_to_marker)
    return {
        "runs": runs,
        "load_average": os.getloadavg()[0],
        "hello_median_s": median(hello),
        "hello_p95_s": p95(hello),
        "gjj_median_s": median(gjj),
        "gjj_p95_s": p95(gjj),
        "ratio_of_medians": median(gjj) / median(hello),
        "target_ratio": TARGET_RATIO,
    }


def report(result: dict) -> str:
    return (
        f"first frame (80×24 pty, {result['runs']} runs each, load average {result['load_average']:.2f})\n"
        f"  textual hello world: median {ms(result['hello_median_s'])}, p95 {ms(result['hello_p95_s'])}\n"
        f"  gjj login screen:    median {ms(result['gjj_median_s'])}, p95 {ms(result['gjj_p95_s'])}\n"
        f"  ratio of medians:    {result['ratio_of_medians']:.2f}× (target ≤ {result['target_ratio']}×)"
    )


if __name__ == "__main__":
    print(report(measure()))
