"""Structure that must not erode: import directions (DESIGN.md) and what loads before the first frame."""

from __future__ import annotations

import ast
import json
import os
import sys
from pathlib import Path

from bench.ptyrun import run_in_pty

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("api_client", "mock_server", "tui", "screens")

# What each package may import, of our own packages and of the big frameworks.
FORBIDDEN = {
    "api_client": {"tui", "screens", "mock_server", "textual", "fastapi", "starlette", "uvicorn"},
    "mock_server": {"tui", "screens", "textual"},
    "tui": set(),
    "screens": {"mock_server", "fastapi", "uvicorn"},
}
HEAVY_BEFORE_FIRST_FRAME = (
    "httpx",
    "openpyxl",
    "keyring",
    "fastapi",
    "uvicorn",
    "pydantic",
    "mock_server.app",
    "PIL",
    "reportlab",
    "starlette",
)


def top_level_imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
    return names


def test_import_directions() -> None:
    problems = []
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            bad = top_level_imports(path) & FORBIDDEN[package]
            if bad:
                problems.append(f"{path.relative_to(ROOT)} imports {sorted(bad)}")
    assert problems == []


def test_nothing_but_tui_imports_screens() -> None:
    for package in ("api_client", "mock_server"):
        for path in (ROOT / package).rglob("*.py"):
            assert "screens" not in top_level_imports(path), path


def test_heavy_libraries_load_only_after_the_first_frame(tmp_path) -> None:
    probe = tmp_path / "modules.json"
    env = dict(os.environ, GJJ_STARTUP_PROBE=str(probe), GJJ_CONFIG=str(tmp_path / "none.toml"))
    run = run_in_pty([sys.executable, "-m", "tui"], env=env, timeout=60, cwd=str(ROOT))
    assert probe.exists(), run.output[-2000:]
    found = json.loads(probe.read_text())
    modules = set(found["modules"])
    # Only the login screen's stylesheet is parsed before its first frame; the hall's comes after.
    assert [Path(path).name for path in found["stylesheets"]] == ["gjj.tcss"]
    assert "screens.login" in modules and "textual.app" in modules  # the probe ran at the first frame
    loaded = sorted(
        name for name in modules if name.split(".")[0] in HEAVY_BEFORE_FIRST_FRAME or name in HEAVY_BEFORE_FIRST_FRAME
    )
    assert loaded == []
    assert run.returncode == 0
