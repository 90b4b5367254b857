"""The interface's language on screen: key descriptions in the footer and F1 in the language in use.

Messages live in ``api_client.i18n``. Most text is made when it is shown, inside ``_()``. A class's
``BINDINGS`` are written once, when its module is imported, before any language is chosen (and tests
run Chinese and English apps in one process), so their descriptions are marked with ``N_()`` and
translated here, where Textual reads them: ``Screen.active_bindings``, which the footer, F1 and the
command palette's key list all go through. Every screen of gjj mixes in ``SpeaksBindings``
(tests/test_i18n.py checks).
"""

from __future__ import annotations

import dataclasses
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from textual.binding import ActiveBinding, Binding

from api_client.i18n import _, language


@lru_cache(maxsize=1024)
def _translated(binding: Binding, lang: str) -> Binding:
    return dataclasses.replace(
        binding,
        description=_(binding.description),
        tooltip=_(binding.tooltip),
    )


def translated(binding: Binding) -> Binding:
    """``binding`` with its description and tooltip in the language in use."""
    return _translated(binding, language())


if TYPE_CHECKING:
    from textual.screen import Screen

    _ScreenMixin = Screen[Any]
else:
    # Not a DOMNode at run time: Textual takes a class's inherited CSS (DEFAULT_CSS, type selectors) from
    # its first DOMNode base only, so a Screen here, first in ``class Dialog(SpeaksBindings, ModalScreen)``,
    # would drop ModalScreen's (its see-through background: the page behind a dialog went blank).
    _ScreenMixin = object


class SpeaksBindings(_ScreenMixin):
    """Mixed in first, before the screen's base: its keys are described in the language in use."""

    @property
    def active_bindings(self) -> dict[str, ActiveBinding]:
        return {
            key: ActiveBinding(active.node, translated(active.binding), active.enabled, _(active.tooltip))
            for key, active in super().active_bindings.items()
        }
