"""个人账户基本信息: the member's customer information and account information (one request).

Every figure is a cursor stop (Tab between the two panels, arrows from figure to figure): C copies the
one under the cursor as shown, masked numbers masked.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import VerticalScroll

from api_client.domain.formatting import fmt_date, fmt_month, fmt_rate
from api_client.domain.masking import mask_name
from api_client.i18n import N_, _
from tui.hall import HallScreen
from tui.widgets.info import KeyValues, yuan


class AccountInfoScreen(HallScreen):
    SUBTITLE = N_("个人账户基本信息")

    def compose_body(self) -> ComposeResult:
        # The page scrolls to the figure under the cursor; the figures, not the page, are the Tab stops.
        with VerticalScroll(id="account-info", classes="page", can_focus=False):
            customer = KeyValues(id="customer", pairs_per_line=2, figures=True)
            customer.border_title = _("客户信息")
            yield customer
            account = KeyValues(id="account", pairs_per_line=2, wide_from=100, figures=True)
            account.border_title = _("账户信息")
            yield account

    def on_mount(self) -> None:
        self.load_panel(list(self.query(KeyValues)), self.load, group="account")

    async def load(self) -> None:
        info = await self.client.account()
        customer = self.query_one("#customer", KeyValues)
        customer.show(
            [
                (_("姓名"), mask_name(info.name)),
                (_("证件号码"), info.id_number_masked),
                (_("手机号码"), info.phone_masked),
                (_("性别"), _("男") if info.gender == "male" else _("女")),
            ]
        )
        self.query_one("#account", KeyValues).show(
            [
                (_("个人账号"), info.account_no),
                (_("账户状态"), _(info.status_label)),
                (_("开户日期"), fmt_date(info.opened_on)),
                (_("开户银行"), info.bank_name),
                (_("单位名称"), info.employer_name),
                (_("单位账号"), info.employer_account_no),
                (_("缴存基数"), yuan(info.base)),
                (
                    _("缴存比例"),
                    _("单位 {employer} / 个人 {personal}").format(
                        employer=fmt_rate(info.employer_ratio), personal=fmt_rate(info.personal_ratio)
                    ),
                ),
                (_("月缴存额"), yuan(info.monthly_deposit)),
                (_("账户余额"), yuan(info.balance)),
                (_("缴至年月"), fmt_month(info.paid_up_to)),
                (_("当年缴存金额"), yuan(info.year_deposit)),
                (_("上年结转金额"), yuan(info.carried_over)),
                (_("冻结金额"), yuan(info.frozen_amount)),
                *([(_("封存日期"), fmt_date(info.sealed_on))] if info.sealed_on else []),
            ]
        )
        if self.focused is None:
            customer.focus()  # C copies the figure under the cursor: start at the first one
