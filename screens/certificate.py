"""个人住房公积金缴存证明: issued by the centre when the page opens (one request), laid out like the paper
document, with its issue date and the verification code anyone holding it can check with the centre.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Static

from api_client.domain.formatting import fmt_date, fmt_money, fmt_month, fmt_rate
from api_client.domain.masking import mask_name
from api_client.models import DepositCertificate
from tui.export.document import Document
from tui.export.ui import EXPORT_BINDINGS, start_export, start_print
from tui.hall import HallScreen
from tui.widgets.info import KeyValues


def month_range(first: str | None, last: str | None) -> str:
    if not first or not last:
        return "—"
    return f"{fmt_month(first)} 至 {fmt_month(last)}"


class CertificateScreen(HallScreen):
    SUBTITLE = "个人住房公积金缴存证明"
    BINDINGS = [*EXPORT_BINDINGS]

    def __init__(self) -> None:
        super().__init__()
        self.cert: DepositCertificate | None = None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("export", "print"):
            return self.cert is not None  # only the certificate on screen, with its own code
        return super().check_action(action, parameters)

    async def build_document(self) -> Document:
        from tui.export.sources import certificate_document

        return await certificate_document(self.client, self.cert)

    def action_export(self) -> None:
        start_export(self, self.SUBTITLE, self.build_document)

    def action_print(self) -> None:
        start_print(self, self.SUBTITLE, self.build_document)

    def compose_body(self) -> ComposeResult:
        with VerticalScroll(classes="page", id="certificate-page"):
            with Vertical(id="certificate") as paper:
                paper.display = False
                yield Static("个人住房公积金缴存证明", id="cert-title")
                yield Static("", id="cert-intro", markup=False)
                yield KeyValues(id="cert-person")
                yield KeyValues(id="cert-figures", pairs_per_line=2)
                yield KeyValues(id="cert-loans")
                yield Static("特此证明。", id="cert-closing")
                yield Static("", id="cert-issuer", markup=False)
                yield Static("", id="cert-code", markup=False)
            yield Static("", id="cert-note", classes="page-note", markup=False)

    def on_mount(self) -> None:
        self.load_panel(self.query_one("#certificate-page"), self.load, group="certificate.load")

    async def load(self) -> None:
        cert = await self.client.deposit_certificate()
        self.query_one("#cert-intro", Static).update("兹证明下列职工在我中心缴存住房公积金，情况如下：")
        self.query_one("#cert-person", KeyValues).show(
            [
                ("姓　　名", mask_name(cert.name)),
                ("证件号码", cert.id_number_masked),
                ("个人账号", cert.account_no),
                ("单位名称", cert.employer_name),
            ]
        )
        self.query_one("#cert-figures", KeyValues).show(
            [
                ("开户日期", fmt_date(cert.opened_on)),
                ("账户状态", cert.status_label),
                ("缴存基数", f"{fmt_money(cert.base)} 元"),
                ("月缴存额", f"{fmt_money(cert.monthly_deposit)} 元"),
                ("缴存比例", f"单位 {fmt_rate(cert.employer_ratio)} 个人 {fmt_rate(cert.personal_ratio)}"),
                ("账户余额", f"{fmt_money(cert.balance)} 元"),
                ("缴存年月", month_range(cert.first_month, cert.last_month)),
                ("缴存月数", f"{cert.deposit_months} 个月"),
            ]
        )
        loans = [("贷款记录", cert.loan_record)]
        for loan in cert.loans:
            state = (
                f"{fmt_date(loan.disbursed_on)} 发放 {loan.status_label}" if loan.disbursed_on else loan.status_label
            )
            loans.append(("", f"{loan.contract_no} {fmt_money(loan.amount)} 元 {state}"))
        self.query_one("#cert-loans", KeyValues).show(loans)
        self.query_one("#cert-issuer", Static).update(f"{cert.centre_name}\n出具日期：{fmt_date(cert.issued_on)}")
        self.query_one("#cert-code", Static).update(f"验证码：{cert.code}")
        self.query_one("#cert-note", Static).update(
            f"本证明反映出具日的缴存情况。持证明者可凭验证码向{cert.centre_name}核验真伪。"
        )
        self.query_one("#certificate").display = True
        self.cert = cert
        self.refresh_bindings()
