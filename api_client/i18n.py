"""The language of everything gjj says: gettext catalogs, Chinese by default.

The messages in the code are the Chinese text itself (the msgids): ``_("个人账户基本信息")``. The English
catalog (``api_client/locale/en/LC_MESSAGES/gjj.po``, compiled to ``.mo`` by ``make catalogs`` and in the
wheel) maps each one to English. Chinese needs no catalog: it is what the code says.

- ``_(message)``: the message in the language in use, for text made when it is shown.
- ``ngettext(singular, plural, n)``: the same, by count ("1 record" / "3 records").
- ``N_(message)``: marks a message for the catalog without translating it, for text written where no
  language is chosen yet (a module's constants, a class's ``BINDINGS``); translate it with ``_()`` where
  it is shown.
- ``use(language)``: the language from now on (``"zh"`` or ``"en"``); the App and the command line call
  it once they know the setting.

A format string goes through ``_()`` whole, with named fields filled afterwards:
``_("共 {count} 条").format(count=n)`` (never an f-string inside ``_()``: its text would not be a msgid).
This module is pure standard library, so the client, the domain and the TUI all use it. Chinese needs
no catalog, so ``gettext`` is imported only when another language is chosen (not before the first frame
of a Chinese start).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import gettext

DOMAIN = "gjj"
LOCALE_DIR = Path(__file__).parent / "locale"
DEFAULT_LANGUAGE = "zh"
LANGUAGES = {"zh": "中文", "en": "English"}  # i18n: data
# What a user may write for each language (--lang, GJJ_LANG, lang = … in the config).
ALIASES = {
    "zh": "zh",
    "zh-cn": "zh",
    "zh_cn": "zh",
    "cn": "zh",
    "chinese": "zh",
    "中文": "zh",  # i18n: data
    "en": "en",
    "en-us": "en",
    "en_us": "en",
    "en-gb": "en",
    "en_gb": "en",
    "english": "en",
}
# The HTTP Accept-Language the client sends for each language.
ACCEPT_LANGUAGE = {"zh": "zh-CN,zh;q=0.9", "en": "en,zh-CN;q=0.5"}

_language = DEFAULT_LANGUAGE
_catalog: gettext.NullTranslations | None = None  # None: Chinese, the messages as written
_loaded: dict[str, gettext.NullTranslations] = {}


def normalize(word: str) -> str | None:
    """The language ``word`` names ("en", "en_US", "English", "中文"…), or None when it names none."""
    cleaned = word.strip().lower()
    if cleaned in ALIASES:
        return ALIASES[cleaned]
    base = cleaned.replace("_", "-").split("-")[0].split(".")[0]
    return base if base in LANGUAGES else None


def catalog(language: str) -> gettext.NullTranslations:
    """The compiled catalog of ``language`` (Chinese: none, the messages are Chinese already)."""
    import gettext

    if language == DEFAULT_LANGUAGE:
        return gettext.NullTranslations()
    if language not in _loaded:
        path = LOCALE_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.mo"
        with path.open("rb") as file:
            _loaded[language] = gettext.GNUTranslations(file)
    return _loaded[language]


def use(language: str) -> None:
    """Speak ``language`` ("zh" or "en") from now on."""
    global _language, _catalog
    if language not in LANGUAGES:
        raise ValueError(f"unknown language {language!r}: one of {', '.join(LANGUAGES)}")
    _catalog = None if language == DEFAULT_LANGUAGE else catalog(language)
    _language = language


def language() -> str:
    """The language in use: "zh" or "en"."""
    return _language


def _(message: str) -> str:
    """``message`` (its Chinese text) in the language in use."""
    return _catalog.gettext(message) if message and _catalog is not None else message


def ngettext(singular: str, plural: str, n: int) -> str:
    """``singular`` or ``plural`` for ``n`` things, in the language in use."""
    if _catalog is None:
        return singular if n == 1 else plural
    return _catalog.ngettext(singular, plural, n)


def N_(message: str) -> str:
    """Marks ``message`` for the catalog; it is translated later, where it is shown, with ``_()``."""
    return message
