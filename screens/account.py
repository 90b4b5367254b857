"""个人账户基本信息: the member's customer information and account information (one request)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import VerticalScroll

from api_client.domain.formatting import fmt_date, fmt_money, fmt_month, fmt_rate
from api_client.domain.masking import mask_name
from tui.hall import HallScreen
from tui.widgets.info import KeyValues


class AccountInfoScreen(HallScreen):
    SUBTITLE = "个人账户基本信息"

    def compose_body(self) -> ComposeResult:
        with VerticalScroll(id="account-info", classes="page"):
            customer = KeyValues(id="customer", pairs_per_line=2)
            customer.border_title = "客户信息"
            yield customer
            account = KeyValues(id="account", pairs_per_line=2, wide_from=100)
            account.border_title = "账户信息"
            yield account

    def on_mount(self) -> None:
        self.load_panel(list(self.query(KeyValues)), self.load, group="account")

    async def load(self) -> None:
        info = await self.client.account()
        self.query_one("#customer", KeyValues).show(
            [
                ("姓名", mask_name(info.name)),
                ("证件号码", info.id_number_masked),
                ("手机号码", info.phone_masked),
                ("性别", "男" if info.gender == "male" else "女"),
            ]
        )
        self.query_one("#account", KeyValues).show(
            [
                ("个人账号", info.account_no),
                ("账户状态", info.status_label),
                ("开户日期", fmt_date(info.opened_on)),
                ("开户银行", info.bank_name),
                ("单位名称", info.employer_name),
                ("单位账号", info.employer_account_no),
                ("缴存基数", f"{fmt_money(info.base)} 元"),
                ("缴存比例", f"单位 {fmt_rate(info.employer_ratio)} / 个人 {fmt_rate(info.personal_ratio)}"),
                ("月缴存额", f"{fmt_money(info.monthly_deposit)} 元"),
                ("账户余额", f"{fmt_money(info.balance)} 元"),
                ("缴至年月", fmt_month(info.paid_up_to)),
                ("当年缴存金额", f"{fmt_money(info.year_deposit)} 元"),
                ("上年结转金额", f"{fmt_money(info.carried_over)} 元"),
                ("冻结金额", f"{fmt_money(info.frozen_amount)} 元"),
                *([("封存日期", fmt_date(info.sealed_on))] if info.sealed_on else []),
            ]
        )
