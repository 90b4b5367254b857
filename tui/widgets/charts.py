"""Charts drawn in the terminal.

``BalanceChart``: a balance over time (plotext through textual-plotext, braille dots, readable without
colour). ``ShareBars``: per year, how a total splits into two parts, as a bar of two different
characters (█ and ░) so it reads the same in colour and in NO_COLOR.

textual-plotext is heavy to import (~150 ms): the app imports it in its warm-up thread right after the
first frame, so opening a chart never pays for it on the UI thread.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from rich.table import Table
from rich.text import Text
from textual.widgets import Static
from textual_plotext import PlotextPlot

from api_client.domain.formatting import fmt_money
from api_client.i18n import N_, _


class BalanceChart(PlotextPlot):
    """Balances over time; ``labels`` name the points (months or dates), ticks show the years."""

    DEFAULT_CSS = """
    BalanceChart { height: 1fr; min-height: 10; }
    """

    def show(self, labels: Sequence[str], values: Sequence[Decimal], *, unit: str = N_("元")) -> None:
        """``unit``: of the values, a message (translated here)."""
        plt = self.plt
        plt.clear_data()
        plt.clear_figure()
        unit = _(unit)
        if not values:
            plt.title(_("没有数据"))
            self.refresh()
            return
        xs = list(range(len(values)))
        if max(values) >= 100000:
            scale, suffix = Decimal(10000), _("万{unit}").format(unit=unit)
        else:
            scale, suffix = Decimal(1), unit
        plt.plot(xs, [float(value / scale) for value in values], marker="braille")
        years = [
            (index, label[:4]) for index, label in enumerate(labels) if index == 0 or label[:4] != labels[index - 1][:4]
        ]
        step = max(1, len(years) // 8)
        shown = years[::step]
        plt.xticks([index for index, _ in shown], [year for _, year in shown])
        plt.ylabel(suffix)
        plt.xlim(0, max(1, len(values) - 1))
        self.refresh()


class ShareBars(Static):
    """One row per group: a bar split between two parts, with the amounts and the share of the first."""

    DEFAULT_CSS = """
    ShareBars { height: auto; }
    """

    def show(
        self, rows: Sequence[tuple[str, Decimal, Decimal]], first: str, second: str, *, bar_width: int = 24
    ) -> None:
        table = Table(box=None, padding=(0, 1), expand=False, show_edge=False)
        table.add_column(_("年份"), no_wrap=True)
        table.add_column(f"█ {first}  ░ {second}", no_wrap=True)
        table.add_column(first, justify="right", no_wrap=True)
        table.add_column(second, justify="right", no_wrap=True)
        table.add_column(_("{part}占比").format(part=first), justify="right", no_wrap=True)
        for label, part_a, part_b in rows:
            total = part_a + part_b
            share = part_a / total if total else Decimal(0)
            filled = int((share * bar_width).to_integral_value())
            bar = Text("█" * filled, style="bold") + Text("░" * (bar_width - filled), style="dim")
            table.add_row(label, bar, fmt_money(part_a), fmt_money(part_b), f"{share * 100:.1f}%")
        self.update(table)
