"""Client of the provident-fund API: wire models, typed errors, pure domain helpers.

Never imports Textual. Heavy modules (httpx, pydantic) load only when first used, so importing this
package, or ``api_client.client``, costs almost nothing at start-up.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__all__ = ["GjjClient", "errors", "models"]

if TYPE_CHECKING:
    from . import errors, models
    from .client import GjjClient


def __getattr__(name: str) -> Any:
    import importlib

    if name == "GjjClient":
        return importlib.import_module(".client", __name__).GjjClient
    if name in ("errors", "models"):
        return importlib.import_module(f".{name}", __name__)
    raise AttributeError(name)
