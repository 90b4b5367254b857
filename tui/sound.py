"""关闭音效 / 开启音效: whether gjj rings the terminal bell, remembered between runs.

The choice lives in a small JSON file in gjj's state folder (``tui.config.state_dir()``); an app (or a
test) may hand in another place by setting ``app.sound = SoundSwitch(path)`` before it runs. A missing
or unreadable file means sound on; a file that cannot be written keeps the choice for this run only.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

FILE_NAME = "sound.json"


class SoundSwitch:
    def __init__(self, path: Path) -> None:
        self.path = path
        self._enabled: bool | None = None
        self.save_error: str | None = None

    @property
    def enabled(self) -> bool:
        if self._enabled is None:
            self._enabled = self._load()
        return self._enabled

    def _load(self) -> bool:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return True
        return not (isinstance(data, dict) and data.get("enabled") is False)

    def set_enabled(self, enabled: bool) -> bool:
        """Turn sound on or off and remember it; False when it could not be saved (kept for this run)."""
        self._enabled = enabled
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            temporary = self.path.with_suffix(".tmp")
            temporary.write_text(json.dumps({"enabled": enabled}), encoding="utf-8")
            os.replace(temporary, self.path)
        except OSError as exc:
            self.save_error = exc.strerror or str(exc)
            return False
        self.save_error = None
        return True


def default_path() -> Path:
    from .config import state_dir

    return state_dir() / FILE_NAME


def sound_for(app: Any) -> SoundSwitch:
    """The app's sound switch, made on first use from the default place unless one was handed in."""
    switch = getattr(app, "sound", None)
    if not isinstance(switch, SoundSwitch):
        switch = SoundSwitch(default_path())
        app.sound = switch
    return switch
