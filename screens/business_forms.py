"""Small pieces the business forms share: finding a control's field, reporting a server error at the
field it names, and the list of reasons a member may not do something."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from textual.widget import Widget
from textual.widgets import Static

from api_client.errors import ApiError, GjjError
from tui.widgets.fields import Field


def field_of(control: Widget) -> Field:
    """The ``Field`` a control sits in."""
    return next(ancestor for ancestor in control.ancestors if isinstance(ancestor, Field))


def error_field(exc: GjjError, fields: Mapping[str, str]) -> str | None:
    """The id of the control to blame for ``exc``: the server's ``details.field`` mapped to our ids."""
    if isinstance(exc, ApiError) and exc.field:
        return fields.get(exc.field)
    return None


def reasons_text(title: str, reasons: Sequence[str]) -> str:
    """``title`` and one numbered line per reason, as plain text (no markup: reasons quote 【…】)."""
    lines = [title]
    lines += [f"{index}. {reason}" for index, reason in enumerate(reasons, start=1)]
    return "\n".join(lines)


class Banner(Static):
    """A message that belongs to no single field: shown above the form until the next attempt."""

    DEFAULT_CSS = """
    Banner { height: auto; color: $error; text-style: bold; display: none; }
    Banner.-shown { display: block; }
    """

    def show(self, message: str | None) -> None:
        self.update(message or "")
        self.set_class(bool(message), "-shown")
