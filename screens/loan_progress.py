"""个人贷款进度查询: the contract's fields and its steps as a timeline.

As in the manual, completed steps are yellow and the current one green; pending ones are dim. Each
also has its own mark (✔ ▶ ○), so the timeline reads the same without colour.
"""

from __future__ import annotations

from rich.cells import cell_len
from rich.text import Text
from textual.app import ComposeResult
from textual.widgets import Static

from api_client.domain.formatting import fmt_datetime, fmt_money
from api_client.domain.labels import STEP_STATE_LABELS
from api_client.i18n import N_, _, ngettext
from api_client.models import LoanProgress, ProgressStep
from screens.loan_base import LoanScreen
from tui.widgets.info import KeyValues

MARKS = {"done": "✔", "current": "▶", "pending": "○"}
STYLES = {"done": "bold yellow", "current": "bold green", "pending": "dim"}


def stepper(steps: list[ProgressStep]) -> Text:
    """受理 ━━ 审核 ━━ 审批 ── 签合同 …: one line, the finished part drawn heavy."""
    line = Text()
    for index, step in enumerate(steps):
        if index:
            line.append(" ━━ " if step.state != "pending" else " ── ", style=STYLES[step.state])
        line.append(f"{MARKS[step.state]} {step.name}", style=STYLES[step.state])
    return line


def timeline(steps: list[ProgressStep]) -> Text:
    text = Text()
    for step in steps:
        style = STYLES[step.state]
        label = _(STEP_STATE_LABELS[step.state])
        when = fmt_datetime(step.at, blank=label) if step.state == "done" else label
        handler = _("经办人：{handler}").format(handler=step.handler) if step.handler else ""
        text.append(f"{MARKS[step.state]} ", style=style)
        text.append(step.name + " " * (8 - cell_len(step.name)), style=style)
        text.append(
            f"  {when}{' ' * max(0, 16 - cell_len(when))}  {handler}\n", style=style if step.state != "done" else ""
        )
    text.rstrip()
    return text


class LoanProgressScreen(LoanScreen):
    SUBTITLE = N_("个人贷款进度查询")

    def compose_contract_body(self) -> ComposeResult:
        fields = KeyValues(id="progress-fields", pairs_per_line=2, wide_from=90)
        fields.border_title = _("合同信息")
        yield fields
        yield Static("", id="progress-stepper")
        flow = Static("", id="progress-timeline")
        flow.border_title = _("贷款流程")
        yield flow

    async def load_contract(self, contract_no: str) -> None:
        progress: LoanProgress = await self.client.loan_progress(contract_no)
        self.query_one("#progress-fields", KeyValues).show(
            [
                (_("借款合同编号"), progress.contract_no),
                (_("合同贷款金额"), _("{amount} 元").format(amount=fmt_money(progress.amount))),
                (_("贷款期数"), ngettext("{n} 期", "{n} 期", progress.periods).format(n=progress.periods)),
                (_("贷款类型"), progress.loan_type),
                (_("房屋性质"), progress.house_type),
                (_("受委托银行"), progress.bank_name),
                (_("合同状态"), _(progress.status_label)),
            ]
        )
        self.query_one("#progress-stepper", Static).update(stepper(progress.steps))
        self.query_one("#progress-timeline", Static).update(timeline(progress.steps))
