"""The functions of the service hall: one registry for the home menu, function keys and the palette.

Group, title and help are messages (``N_``): translate them with ``_()`` where they are shown (the home
menu, the palette, the function keys' descriptions). Keywords are search words, never shown.

Screens are named by import path ("module:Class") and imported only when opened, so the first frame never
pays for them. These names are also the one way ``tui`` reaches ``screens`` (which build on ``tui``): the
layer contracts in pyproject.toml forbid ``tui`` to import ``screens``, and a name in a string is no import.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from api_client.i18n import N_

if TYPE_CHECKING:
    from textual.screen import Screen


@dataclass(frozen=True)
class Function:
    id: str
    group: str
    title: str
    screen: str  # "module:Class"
    key: str | None = None  # function key, also remappable through [keymap] by id
    help: str = ""
    keywords: str = ""  # extra words for the command palette (pinyin initials, synonyms): search words, not shown

    def load(self) -> type[Screen[Any]]:
        return load_screen(self.screen)


# The two screens the App itself puts up: the login screen at the bottom of the stack, the home page over it.
LOGIN_SCREEN = "screens.login:LoginScreen"
HOME_SCREEN = "screens.home:HomeScreen"


def load_screen(name: str) -> type[Screen[Any]]:
    """The screen class ``name`` ("module:Class") names, imported now."""
    module_name, _, class_name = name.partition(":")
    screen_class: type[Screen[Any]] = getattr(importlib.import_module(module_name), class_name)
    return screen_class


FUNCTIONS: tuple[Function, ...] = (
    Function(
        "account",
        N_("公积金查询"),
        N_("个人账户基本信息"),
        "screens.account:AccountInfoScreen",
        "f2",
        N_("客户信息与账户信息"),
        "zhxx jbxx 账户 基本信息",  # i18n: data
    ),
    Function(
        "ledger",
        N_("公积金查询"),
        N_("个人账户明细"),
        "screens.ledger:LedgerScreen",
        "f3",
        N_("缴存支取信息：按日期和业务类型查询，含余额走势"),
        "zhmx jczq 明细 缴存 支取 流水",  # i18n: data
    ),
    Function(
        "loan_progress",
        N_("我要贷款"),
        N_("个人贷款进度查询"),
        "screens.loan_progress:LoanProgressScreen",
        "f4",
        N_("贷款办理进度"),
        "dkjd 贷款 进度",  # i18n: data
    ),
    Function(
        "loan_account",
        N_("我要贷款"),
        N_("公积金贷款账户信息"),
        "screens.loan_account:LoanAccountScreen",
        "f5",
        N_("贷款合同与账户信息"),
        "dkzh 贷款 账户 合同",  # i18n: data
    ),
    Function(
        "repayments",
        N_("我要贷款"),
        N_("公积金贷款还款明细"),
        "screens.repayments:RepaymentsScreen",
        "f6",
        N_("已还款记录，含罚息"),
        "hkmx 还款 明细",  # i18n: data
    ),
    Function(
        "plan",
        N_("我要贷款"),
        N_("公积金贷款还款计划查询"),
        "screens.repayment_plan:RepaymentPlanScreen",
        "f7",
        N_("还款计划表、余额走势与本息构成"),
        "hkjh 还款 计划",  # i18n: data
    ),
    Function(
        "change_password",
        N_("其他业务"),
        N_("登录密码变更"),
        "screens.password_change:LoginPasswordChangeScreen",
        help=N_("修改登录网上服务大厅的密码；其他设备上的登录随之退出"),
        keywords="修改密码 改密码 xgmm dlmm",  # i18n: data
    ),
    Function(
        "change_pay_password",
        N_("其他业务"),
        N_("支付密码变更"),
        "screens.password_change:PaymentPasswordChangeScreen",
        help=N_("修改办理提取等资金业务时使用的 6 位支付密码"),
        keywords="修改支付密码 zfmm",  # i18n: data
    ),
    Function(
        "reset_pay_password",
        N_("其他业务"),
        N_("支付密码找回"),
        "screens.payment_password_reset:PaymentPasswordResetScreen",
        help=N_("忘记支付密码：凭短信验证码重新设置"),
        keywords="忘记支付密码 重置支付密码 zfmm",  # i18n: data
    ),
    # --- business: 个人事务, 我要贷款, 我要提取, 其他业务
    Function(
        "messages",
        N_("个人事务"),
        N_("消息"),
        "screens.messages:MessagesScreen",
        key="f8",
        help=N_("未读消息：查看、标为已阅、删除"),
        keywords="xx xiaoxi 通知 未读",  # i18n: data
    ),
    Function(
        "applications",
        N_("个人事务"),
        N_("我发起的"),
        "screens.applications:ApplicationsScreen",
        key="f9",
        help=N_("我发起的业务及其办理进度"),
        keywords="wfqd 申请 进度 审批 流程",  # i18n: data
    ),
    Function(
        "read_messages",
        N_("个人事务"),
        N_("已阅"),
        "screens.messages:ReadMessagesScreen",
        help=N_("已阅读过的消息"),
        keywords="yy yiyue 已读 历史消息",  # i18n: data
    ),
    Function(
        "loan_application",
        N_("我要贷款"),
        N_("贷款申请"),
        "screens.loan_application:LoanApplicationScreen",
        help=N_("申请住房公积金贷款，边填边试算月还款额"),
        keywords="dksq daikuan 贷款 试算 额度",  # i18n: data
    ),
    Function(
        "withdraw_resignation",
        N_("我要提取"),
        N_("离职提取"),
        "screens.withdrawal:ResignationWithdrawalScreen",
        help=N_("账户封存满 6 个月后提取公积金"),
        keywords="lztq lizhi 提取 封存",  # i18n: data
    ),
    Function(
        "withdraw_retirement",
        N_("我要提取"),
        N_("离退休提取"),
        "screens.withdrawal:RetirementWithdrawalScreen",
        help=N_("达到法定退休年龄后提取全部余额并销户"),
        keywords="ltxtq tuixiu 退休 销户 提取",  # i18n: data
    ),
    Function(
        "certificate",
        N_("其他业务"),
        N_("个人住房公积金缴存证明"),
        "screens.certificate:CertificateScreen",
        help=N_("出具带验证码的缴存证明"),
        keywords="jczm zhengming 证明 缴存证明",  # i18n: data
    ),
)

GROUPS: tuple[str, ...] = (N_("个人事务"), N_("公积金查询"), N_("我要贷款"), N_("我要提取"), N_("其他业务"))


def by_id(function_id: str) -> Function:
    for function in FUNCTIONS:
        if function.id == function_id:
            return function
    raise KeyError(function_id)


def keys_of(function: Function, keymap: dict[str, str]) -> list[str]:
    """The keys that open ``function`` once ``[keymap]`` is applied (its binding id is ``open.<id>``)."""
    keys = keymap.get(f"open.{function.id}", function.key or "")
    return [key.strip() for key in keys.split(",") if key.strip()]


def grouped() -> list[tuple[str, list[Function]]]:
    return [
        (group, [f for f in FUNCTIONS if f.group == group])
        for group in GROUPS
        if any(f.group == group for f in FUNCTIONS)
    ]
