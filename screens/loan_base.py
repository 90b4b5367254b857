"""What the four loan query screens share: choosing the contract.

The contract panel makes one request (``/me/loans``); a dropdown appears when there are several
contracts, a plain line when there is one, and a member without loans reads the manual's sentence.
The chosen contract is remembered for the session, so F4–F7 all open on the same one. Each screen then
loads its own panel for the chosen contract with one request (``load_contract``).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Select, Static

from api_client.errors import LoanNotDisbursed, LoanSettled
from api_client.i18n import N_, _
from api_client.models import Loan
from tui.export.document import Document
from tui.export.ui import start_export, start_print
from tui.hall import HallScreen

NO_LOAN = N_("您未办理贷款业务，如需办理贷款业务，请回到主页面进行贷款申请")
# Short enough for the dropdown at 80 columns: 2026102636010114（未发放）
SHORT_STATUS = {
    "processing": N_("审批中"),
    "approved": N_("未发放"),
    "repaying": N_("还款中"),
    "settled": N_("已结清"),
    "rejected": N_("未通过"),
}
LOADING = ""  # the dropdown's one entry until the contracts are in; no blank entry stays behind


class LoanScreen(HallScreen):
    """Subclasses implement ``compose_contract_body`` and ``load_contract``."""

    # What the screen shows for one contract: one request, then fill ``#contract-body``.
    load_contract: Callable[[str], Awaitable[None]]

    def __init__(self) -> None:
        super().__init__()
        self.loans: list[Loan] = []
        self.contract_no: str | None = None

    def compose_body(self) -> ComposeResult:
        with Vertical(classes="page"):
            with Horizontal(id="contract-row"):
                yield Static(_("借款合同编号"), classes="contract-label")
                yield Select[str](
                    [(_("正在加载合同…"), LOADING)],
                    allow_blank=False,
                    id="contract",
                    compact=True,
                    disabled=True,
                    type_to_search=False,  # C copies the contract number here, it does not search for "c"
                )
                yield from self.compose_contract_row()
            yield Static("", id="loan-message", classes="loan-message")
            with Vertical(id="contract-body"):
                yield from self.compose_contract_body()

    def copy_selection(self) -> tuple[str, str] | None:
        """C on a loan screen (unless a table row is focused): the chosen contract's number."""
        return (_("合同编号"), self.contract_no) if self.contract_no else None

    def compose_contract_row(self) -> ComposeResult:
        """What follows the dropdown on its line: by default the contract's state."""
        yield Static("", id="contract-status")

    def compose_contract_body(self) -> ComposeResult:
        yield from ()

    def on_mount(self) -> None:
        self.query_one("#contract-body").display = False
        self.query_one("#loan-message").display = False
        self.load_panel(self.query_one("#contract-row"), self.load_loans, group="loan.list")

    async def load_loans(self) -> None:
        self.loans = await self.client.loans()
        select = self.query_one("#contract", Select)
        if not self.loans:
            self.query_one("#contract-row").display = False
            self.show_message(_(NO_LOAN))
            return
        remembered = self.app.current_contract
        numbers = [loan.contract_no for loan in self.loans]
        if remembered not in numbers:
            active = [loan for loan in self.loans if loan.status == "repaying"]
            remembered = (active[0] if active else self.loans[0]).contract_no
        with self.prevent(Select.Changed):
            select.set_options(
                [
                    (
                        _("{contract_no}（{status}）").format(
                            contract_no=loan.contract_no, status=_(SHORT_STATUS[loan.status])
                        ),
                        loan.contract_no,
                    )
                    for loan in self.loans
                ]
            )
            select.value = remembered
        select.disabled = len(self.loans) == 1
        self.choose(remembered)

    @on(Select.Changed, "#contract")
    def _contract_changed(self, event: Select.Changed) -> None:
        if isinstance(event.value, str) and event.value != LOADING:
            self.choose(event.value)

    def choose(self, contract_no: str) -> None:
        self.contract_no = contract_no
        self.app.current_contract = contract_no
        loan = self.loan(contract_no)
        for status in self.query("#contract-status").results(Static):
            status.update(f"{_(loan.status_label)} · {_(loan.method_label)}" if loan else "")
        self.show_message(None)
        self.run_contract(contract_no)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("export", "print"):
            # Only when the contract's data is on screen (not the manual's "未发放 / 已结清" answer).
            return (
                self.contract_no is not None
                and not self.query_one("#loan-message").display
                and "loan.contract" not in self.failed_loads
            )
        return super().check_action(action, parameters)

    # Screens that offer 【导出】/【打印】 list EXPORT_BINDINGS and set this to build their document.
    build_document: Callable[[], Awaitable[Document]]

    def action_export(self) -> None:
        start_export(self, _(self.SUBTITLE), self.build_document, self.contract_no)

    def action_print(self) -> None:
        start_print(self, _(self.SUBTITLE), self.build_document, self.contract_no)

    def loan(self, contract_no: str) -> Loan | None:
        return next((loan for loan in self.loans if loan.contract_no == contract_no), None)

    def show_message(self, message: str | None) -> None:
        """The manual's answer in place of the contract's data (no loan, not disbursed, settled)."""
        notice = self.query_one("#loan-message", Static)
        notice.update(message or "")
        notice.display = bool(message)
        self.query_one("#contract-body").display = not message
        self.refresh_bindings()  # 【导出】/【打印】 come and go with the contract's data

    def run_contract(self, contract_no: str) -> None:
        self.load_panel(
            self.query_one("#contract-body"), lambda: self.fill_contract(contract_no), group="loan.contract"
        )

    async def fill_contract(self, contract_no: str) -> None:
        try:
            await self.load_contract(contract_no)
        except (LoanNotDisbursed, LoanSettled) as answer:
            self.show_message(answer.message)
        finally:
            self.refresh_bindings()
