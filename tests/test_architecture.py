"""What loads before the first frame. The import directions (DESIGN.md) are import-linter contracts in
pyproject.toml ([tool.importlinter]), checked by ``make test`` (and ``make layers``)."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pytest

from bench.ptyrun import run_in_pty

ROOT = Path(__file__).resolve().parent.parent
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
    "email",  # ~20 ms; the client needs it only to read a Retry-After given as an HTTP date
    "json",  # only the start-up probe writes JSON before the first frame
    "gettext",  # Chinese needs no catalog: gettext loads when another language is chosen
)
# Every module of ours that may load before the login screen's first frame: what draws it, the client it
# is built with (httpx and the models come later) and the config. Another one (a hall screen, the panel
# loads, the ID-number rules the form checks on submit) is a choice to make here, with its cost.
OURS_BEFORE_FIRST_FRAME = {
    "api_client",
    "api_client.client",
    "api_client.domain",
    "api_client.domain.masking",
    "api_client.domain.phrase",
    "api_client.errors",
    "api_client.i18n",
    "api_client.retry",
    "screens",
    "screens.login",
    "tui",
    "tui.app",
    "tui.backend",
    "tui.cli",
    "tui.config",
    "tui.forms",
    "tui.frame",
    "tui.language",
    "tui.menu",
    "tui.quiet_gc",  # the app sets its collection thresholds as it starts (49 lines, gc only)
    "tui.textual_internals",
    "tui.widgets",
    "tui.widgets.captcha",
    "tui.widgets.fields",
    "tui.widgets.footer",
}


@pytest.mark.parametrize(
    ("start", "needed"),
    [
        ({}, set()),  # the embedded demo, in Chinese
        ({"GJJ_SERVER": "https://gjj.example.invalid"}, set()),  # a real backend: nothing is asked of it yet
        ({"GJJ_LANG": "en"}, {"gettext"}),  # English: its catalog draws the frame
    ],
    ids=["demo", "server", "english"],
)
def test_heavy_libraries_load_only_after_the_first_frame(tmp_path, start: dict[str, str], needed: set[str]) -> None:
    probe = tmp_path / "modules.json"
    env = dict(os.environ, GJJ_STARTUP_PROBE=str(probe), GJJ_CONFIG=str(tmp_path / "none.toml"), **start)
    run = run_in_pty([sys.executable, "-m", "tui"], env=env, timeout=60, cwd=str(ROOT))
    assert probe.exists(), run.output[-2000:]
    found = json.loads(probe.read_text())
    modules = set(found["modules"])
    # Only the login screen's stylesheet is parsed before its first frame; the hall's comes after.
    assert [Path(path).name for path in found["stylesheets"]] == ["gjj.tcss"]
    assert "screens.login" in modules and "textual.app" in modules  # the probe ran at the first frame
    loaded = sorted(
        name
        for name in modules - needed
        if name.split(".")[0] in HEAVY_BEFORE_FIRST_FRAME or name in HEAVY_BEFORE_FIRST_FRAME
    )
    assert loaded == []
    assert needed <= modules
    ours = {name for name in modules if name.split(".")[0] in ("tui", "screens", "api_client", "mock_server")}
    assert sorted(ours - OURS_BEFORE_FIRST_FRAME) == []
    assert run.returncode == 0
