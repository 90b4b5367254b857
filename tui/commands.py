"""The command palette (Ctrl+P): the app's own commands and every hall function, by name, title or pinyin
initials (``hkjh`` 还款计划, ``bz`` 帮助).

One provider for all of it, so that a search that finds nothing says so in Chinese, with a hint,
instead of Textual's "No matches found". Before login the hall's functions are not offered, but a
search for one says plainly that it needs login.
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, cast

from textual.command import DiscoveryHit, Hit, Hits, Matcher, Provider
from textual.content import Content
from textual.theme import ThemeProvider

from . import menu
from .pinyin import pinyin_keywords

if TYPE_CHECKING:
    from textual.types import IgnoreReturnCallbackType

    from .app import GjjApp

NOTHING_FOUND_HELP = "可输入功能名称或拼音首字母，如 hkjh（还款计划）、bz（帮助）"


def _score(matcher: Matcher, title: str, keywords: str) -> float:
    """The title counts most; the group, synonyms and pinyin a little less. Its full initials and full
    pinyin (``zfmmzh``, ``zhifumimazhaohui``) are matched each as a whole word too."""
    pinyin = pinyin_keywords(title)
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

    def _app_commands(self) -> list[tuple[str, str, IgnoreReturnCallbackType, str, bool]]:
        """(title, help, callback, keywords, shown before typing) of the app's own commands here."""
        keywords = self.gjj.PALETTE_KEYWORDS
        return [
            (command.title, command.help, command.callback, keywords.get(command.title, ""), command.discover)
            for command in self.app.get_system_commands(self.screen)
        ]

    async def discover(self) -> Hits:
        for title, help_text, callback, _, discover in self._app_commands():
            if discover:
                yield DiscoveryHit(title, callback, help=help_text)
        if self._signed_in:
            for function in menu.FUNCTIONS:
                yield DiscoveryHit(
                    function.title, partial(self._open, function.id), help=function.help or function.group
                )

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        found = False
        for title, help_text, callback, keywords, _ in self._app_commands():
            score = _score(matcher, title, keywords)
            if score > 0:
                found = True
                yield Hit(score, matcher.highlight(title), callback, text=title, help=help_text)
        signed_in = self._signed_in
        for function in menu.FUNCTIONS:
            score = _score(matcher, function.title, f"{function.group} {function.keywords}")
            if score <= 0:
                continue
            found = True
            if signed_in:
                yield Hit(
                    score,
                    matcher.highlight(function.title),
                    partial(self._open, function.id),
                    text=function.title,
                    help=f"{function.group} · {function.help}" if function.help else function.group,
                )
            else:
                yield Hit(
                    score * 0.5,
                    Content("登录后可用：") + matcher.highlight(function.title),
                    partial(self._needs_login, function.title),
                    text=f"登录后可用：{function.title}",
                    help="请先登录网上服务大厅，再使用此功能",
                )
        if not found:
            yield Hit(
                0.01, Content(f"没有找到“{query}”"), self._nothing, text=f"没有找到“{query}”", help=NOTHING_FOUND_HELP
            )

    async def _open(self, function_id: str) -> None:
        await self.gjj.open_function(function_id)

    def _needs_login(self, title: str) -> None:
        self.app.notify(f"请先登录，再使用【{title}】。", title="需要登录")

    def _nothing(self) -> None:
        """Choosing the "nothing found" line just closes the palette."""


class ThemeCommands(ThemeProvider):
    """Textual's themes, with the same Chinese line when none matches."""

    async def search(self, query: str) -> Hits:
        found = False
        async for hit in super().search(query):
            found = True
            yield hit
        if not found:
            yield Hit(
                0.01,
                Content(f"没有找到“{query}”"),
                lambda: None,
                text=f"没有找到“{query}”",
                help="可输入主题名称的一部分，如 dark、light",
            )
