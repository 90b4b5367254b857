"""The command palette (Ctrl+P): every hall function by name, title or pinyin initials."""

from __future__ import annotations

from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider

from . import menu


class HallFunctions(Provider):
    """Only while signed in: before login there is nothing to open."""

    def _available(self) -> bool:
        return bool(getattr(self.app, "client", None) and self.app.client.signed_in)  # type: ignore[attr-defined]

    async def discover(self) -> Hits:
        if not self._available():
            return
        for function in menu.FUNCTIONS:
            yield DiscoveryHit(function.title, partial(self._open, function.id), help=function.help or function.group)

    async def search(self, query: str) -> Hits:
        if not self._available():
            return
        matcher = self.matcher(query)
        for function in menu.FUNCTIONS:
            haystack = f"{function.title} {function.group} {function.keywords}"
            score = max(matcher.match(function.title), matcher.match(haystack) * 0.8)
            if score > 0:
                yield Hit(score, matcher.highlight(function.title), partial(self._open, function.id),
                          help=f"{function.group} · {function.help}" if function.help else function.group)

    async def _open(self, function_id: str) -> None:
        await self.app.open_function(function_id)  # type: ignore[attr-defined]
