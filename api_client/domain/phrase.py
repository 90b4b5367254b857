"""Messages the client and the mock share, said in Chinese and able to be said in another language.

The domain's rules answer in Chinese whatever the interface's language, because the mock server uses
them too and answers each request in the language that request asks for. A message made from a
template keeps it: ``Phrase(N_("{what}应大于 0"), what=N_("金额"))`` is the string ``"金额应大于 0"`` (so
comparing, storing and logging it work as before) that also knows its template and its fields, so
``phrase.say(translate)`` says it again in another language: the template and every text field are
translated, numbers keep their format. ``Listing`` does the same for a list of messages joined with
``；``. ``localize(text)`` says any of them (or a plain message, or an error carrying one) in the
interface's language; the mock passes its own ``translate``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from ..i18n import N_

Translate = Callable[[str], str]


class Phrase(str):
    """A Chinese message (the string itself) made from ``template`` and ``fields``."""

    template: str
    fields: dict[str, Any]

    def __new__(cls, template: str, /, **fields: Any) -> Phrase:
        self = super().__new__(cls, template.format(**fields))
        self.template = template
        self.fields = fields
        return self

    def __getnewargs_ex__(self) -> tuple[tuple[str], dict[str, Any]]:  # copy and pickle rebuild it whole
        return (self.template,), dict(self.fields)

    def say(self, translate: Translate) -> str:
        """The message in the language of ``translate`` (a msgid → text function)."""
        fields = {
            name: say(value, translate) if isinstance(value, str) else value for name, value in self.fields.items()
        }
        return translate(self.template).format(**fields)


SEPARATOR = N_("；")


class Listing(str):
    """Several messages as one, joined with ``separator`` (``；`` in Chinese, translated when said)."""

    items: tuple[str, ...]
    separator: str

    def __new__(cls, items: Iterable[str], separator: str = SEPARATOR) -> Listing:
        kept = tuple(items)
        self = super().__new__(cls, separator.join(kept))
        self.items = kept
        self.separator = separator
        return self

    def __getnewargs_ex__(self) -> tuple[tuple[tuple[str, ...], str], dict[str, Any]]:
        return (self.items, self.separator), {}

    def say(self, translate: Translate) -> str:
        return translate(self.separator).join(say(item, translate) for item in self.items)


class PhrasedError(ValueError):
    """A refusal whose message is fit to show at the field; ``message`` keeps its template."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def say(text: str | BaseException, translate: Translate) -> str:
    """``text`` (a message, a ``Phrase``, a ``Listing``, or an error carrying one) through ``translate``."""
    if isinstance(text, PhrasedError):
        text = text.message
    elif isinstance(text, BaseException):
        text = str(text)
    said = getattr(text, "say", None)  # a Phrase, a Listing, a formatting.Month
    if callable(said):
        return str(said(translate))
    return translate(text) if text else text


def localize(text: str | BaseException) -> str:
    """``text`` in the interface's language (``api_client.i18n``): for the screens, never for the mock."""
    from ..i18n import _

    return say(text, _)
