"""The command palette (Ctrl+P): the app's own commands and every hall function, by name, title or pinyin
initials (``hkjh`` 还款计划, ``bz`` 帮助).

One provider for all of it, so that a search that finds nothing says so in our words, with a hint,
instead of Textual's "No matches found". Before login the hall's functions are not offered, but a
search for one says plainly that it needs login.

Titles and help are shown in the language in use; the search words stay the Chinese title's (its pinyin,
synonyms), and in another language the shown title and help are searched too.
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, cast

from textual.command import DiscoveryHit, Hit, Hits, Matcher, Provider
from textual.content import Content
from textual.theme import ThemeProvider

from api_client.i18n import DEFAULT_LANGUAGE, N_, _, language

from . import menu
from .pinyin import pinyin_keywords

if TYPE_CHECKING:
    from textual.types import IgnoreReturnCallbackType

    from .app import GjjApp

NOTHING_FOUND_HELP = N_("可输入功能名称或拼音首字母，如 hkjh（还款计划）、bz（帮助）")


def _score(matcher: Matcher, title: str, keywords: str, msgid: str | None = None) -> float:
    """The title (as shown) counts most; the group, synonyms and pinyin a little less. Its full initials
    and full pinyin (``zfmmzh``, ``zhifumimazhaohui``) are matched each as a whole word too. ``msgid``: the
    title as written in the code (Chinese), whose pinyin it is, when the title is shown in another language."""
    msgid = msgid or title
    pinyin = pinyin_keywords(msgid)
    if msgid != title:
        keywords = f"{keywords} {msgid}"
    score = max(matcher.match(title), matcher.match(f"{title} {keywords} {pinyin}") * 0.8)
    for word in pinyin.split():
        score = max(score, matcher.match(word) * 0.9)
    return score


class GjjCommands(Provider):
    @property
    def gjj(self) -> GjjApp:
        # A provider is no widget (textual.getters.app needs one); the palette only ever runs in GjjApp.
        return cast("GjjApp", self.app)

    @property
    def _signed_in(self) -> bool:
        return self.gjj.client.signed_in

    def _app_commands(self) -> list[tuple[str, str, IgnoreReturnCallbackType, str, str]]:
        """(title, help, callback, keywords, title as written) of the app's own commands here, shown in
        the language in use."""
        keywords = self.gjj.PALETTE_KEYWORDS
        commands = []
        for title, help_text, callback in self.gjj.palette_commands(self.screen):
            words = keywords.get(title, "")
            if language() != DEFAULT_LANGUAGE:
                words = f"{words} {_(help_text)}"
            commands.append((_(title), _(help_text), callback, words, title))
        return commands

    async def discover(self) -> Hits:
        for title, help_text, callback, _words, _msgid in self._app_commands():
            yield DiscoveryHit(title, callback, help=help_text)
        if self._signed_in:
            for function in menu.FUNCTIONS:
                yield DiscoveryHit(
                    _(function.title), partial(self._open, function.id), help=_(function.help or function.group)
                )

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        found = False
        for title, help_text, callback, keywords, msgid in self._app_commands():
            score = _score(matcher, title, keywords, msgid)
            if score > 0:
                found = True
                yield Hit(score, matcher.highlight(title), callback, text=title, help=help_text)
        signed_in = self._signed_in
        for function in menu.FUNCTIONS:
            title, group = _(function.title), _(function.group)
            keywords = f"{group} {function.keywords}"
            if language() != DEFAULT_LANGUAGE:
                keywords = f"{keywords} {function.group} {_(function.help)}"
            score = _score(matcher, title, keywords, function.title)
            if score <= 0:
                continue
            found = True
            if signed_in:
                yield Hit(
                    score,
                    matcher.highlight(title),
                    partial(self._open, function.id),
                    text=title,
                    help=f"{group} · {_(function.help)}" if function.help else group,
                )
            else:
                available = _("登录后可用：")
                yield Hit(
                    score * 0.5,
                    Content(available) + matcher.highlight(title),
                    partial(self._needs_login, title),
                    text=f"{available}{title}",
                    help=_("请先登录网上服务大厅，再使用此功能"),
                )
        if not found:
            nothing = _("没有找到“{query}”").format(query=query)
            yield Hit(0.01, Content(nothing), self._nothing, text=nothing, help=_(NOTHING_FOUND_HELP))

    async def _open(self, function_id: str) -> None:
        await self.gjj.open_function(function_id)

    def _needs_login(self, title: str) -> None:
        self.app.notify(_("请先登录，再使用【{title}】。").format(title=title), title=_("需要登录"))

    def _nothing(self) -> None:
        """Choosing the "nothing found" line just closes the palette."""


class ThemeCommands(ThemeProvider):
    """Textual's themes, with the same "nothing found" line when none matches."""

    async def search(self, query: str) -> Hits:
        found = False
        async for hit in super().search(query):
            found = True
            yield hit
        if not found:
            nothing = _("没有找到“{query}”").format(query=query)
            yield Hit(
                0.01, Content(nothing), lambda: None, text=nothing, help=_("可输入主题名称的一部分，如 dark、light")
            )
