"""The mock provident-fund server (FastAPI + SQLite), embedded in gjj or run as ``gjj-mock``."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .app import create_app
    from .settings import MockSettings

__all__ = ["create_app", "MockSettings"]


def __getattr__(name: str) -> Any:
    if name == "create_app":
        from .app import create_app

        return create_app
    if name == "MockSettings":
        from .settings import MockSettings

        return MockSettings
    raise AttributeError(name)
