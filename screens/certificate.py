"""个人住房公积金缴存证明: issued by the centre when the page opens (one request), laid out like the paper
document, with its issue date and the verification code anyone holding it can check with the centre.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Static

from api_client.domain.formatting import fmt_date, fmt_month, fmt_rate
from api_client.domain.masking import mask_name
from api_client.i18n import N_, _, ngettext
from api_client.models import DepositCertificate
from tui.export.document import Document
from tui.export.ui import EXPORT_BINDINGS, start_export, start_print
from tui.hall import HallScreen
from tui.widgets.info import KeyValues, yuan


def month_range(first: str | None, last: str | None) -> str:
    if not first or not last:
        return "—"
    return _("{first} 至 {last}").format(first=fmt_month(first), last=fmt_month(last))


class CertificateScreen(HallScreen):
    SUBTITLE = N_("个人住房公积金缴存证明")
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
        start_export(self, _(self.SUBTITLE), self.build_document)

    def action_print(self) -> None:
        start_print(self, _(self.SUBTITLE), self.build_document)

    def compose_body(self) -> ComposeResult:
        with VerticalScroll(classes="page", id="certificate-page"):
            with Vertical(id="certificate") as paper:
                paper.display = False
                yield Static(_("个人住房公积金缴存证明"), id="cert-title")
                yield Static("", id="cert-intro", markup=False)
                yield KeyValues(id="cert-person")
                yield KeyValues(id="cert-figures", pairs_per_line=2)
                yield KeyValues(id="cert-loans")
                yield Static(_("特此证明。"), id="cert-closing")
                yield Static("", id="cert-issuer", markup=False)
                yield Static("", id="cert-code", markup=False)
            yield Static("", id="cert-note", classes="page-note", markup=False)

    def on_mount(self) -> None:
        self.load_panel(self.query_one("#certificate-page"), self.load, group="certificate.load")

    async def load(self) -> None:
        cert = await self.client.deposit_certificate()
        self.query_one("#cert-intro", Static).update(_("兹证明下列职工在我中心缴存住房公积金，情况如下："))
        self.query_one("#cert-person", KeyValues).show(
            [
                (_("姓　　名"), mask_name(cert.name)),
                (_("证件号码"), cert.id_number_masked),
                (_("个人账号"), cert.account_no),
                (_("单位名称"), cert.employer_name),
            ]
        )
        self.query_one("#cert-figures", KeyValues).show(
            [
                (_("开户日期"), fmt_date(cert.opened_on)),
                (_("账户状态"), _(cert.status_label)),
                (_("缴存基数"), yuan(cert.base)),
                (_("月缴存额"), yuan(cert.monthly_deposit)),
                (
                    _("缴存比例"),
                    _("单位 {employer} 个人 {personal}").format(
                        employer=fmt_rate(cert.employer_ratio), personal=fmt_rate(cert.personal_ratio)
                    ),
                ),
                (_("账户余额"), yuan(cert.balance)),
                (_("缴存年月"), month_range(cert.first_month, cert.last_month)),
                (
                    _("缴存月数"),
                    ngettext("{count} 个月", "{count} 个月", cert.deposit_months).format(count=cert.deposit_months),
                ),
            ]
        )
        loans = [(_("贷款记录"), cert.loan_record)]
        for loan in cert.loans:
            state = (
                _("{date} 发放 {status}").format(date=fmt_date(loan.disbursed_on), status=_(loan.status_label))
                if loan.disbursed_on
                else _(loan.status_label)
            )
            loans.append(("", f"{loan.contract_no} {yuan(loan.amount)} {state}"))
        self.query_one("#cert-loans", KeyValues).show(loans)
        self.query_one("#cert-issuer", Static).update(
            _("{centre}\n出具日期：{date}").format(centre=cert.centre_name, date=fmt_date(cert.issued_on))
        )
        self.query_one("#cert-code", Static).update(_("验证码：{code}").format(code=cert.code))
        self.query_one("#cert-note", Static).update(
            _("本证明反映出具日的缴存情况。持证明者可凭验证码向{centre}核验真伪。").format(centre=cert.centre_name)
        )
        self.query_one("#certificate").display = True
        self.cert = cert
        self.refresh_bindings()
