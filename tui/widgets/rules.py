"""A live checklist of password rules: ✓ met, ✗ not met, ○ nothing typed yet (readable without colour)."""

from __future__ import annotations

from collections.abc import Sequence

from textual.content import Content
from textual.widgets import Static

from api_client.domain.passwords import Rule
from api_client.i18n import _


class RuleChecklist(Static):
    DEFAULT_CSS = """
    RuleChecklist { height: auto; width: 100%; }
    """

    def show(self, rules: Sequence[Rule], *, typed: bool) -> None:
        parts = []
        for rule in rules:
            label = _(rule.label)  # the domain's rules are shared with the mock: their labels are messages
            if not typed:
                parts.append(Content.from_markup("[dim]○ $label[/]", label=label))
            elif rule.ok:
                parts.append(Content.from_markup("[$success]✓[/] $label", label=label))
            else:
                parts.append(Content.from_markup("[$error]✗ $label[/]", label=label))
        self.update(Content("  ").join(parts))
        self.rules = tuple(rules)

    @property
    def all_met(self) -> bool:
        return all(rule.ok for rule in getattr(self, "rules", ()))
