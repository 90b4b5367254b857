"""The functions of the service hall: one registry for the home menu, function keys and the palette.

Screens are named by import path ("module:Class") and imported only when opened, so the first frame never
pays for them. These names are also the one way ``tui`` reaches ``screens`` (which build on ``tui``): the
layer contracts in pyproject.toml forbid ``tui`` to import ``screens``, and a name in a string is no import.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

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
    keywords: str = ""  # extra words for the command palette (pinyin initials, synonyms)

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
        "公积金查询",
        "个人账户基本信息",
        "screens.account:AccountInfoScreen",
        "f2",
        "客户信息与账户信息",
        "zhxx jbxx 账户 基本信息",
    ),
    Function(
        "ledger",
        "公积金查询",
        "个人账户明细",
        "screens.ledger:LedgerScreen",
        "f3",
        "缴存支取信息：按日期和业务类型查询，含余额走势",
        "zhmx jczq 明细 缴存 支取 流水",
    ),
    Function(
        "loan_progress",
        "我要贷款",
        "个人贷款进度查询",
        "screens.loan_progress:LoanProgressScreen",
        "f4",
        "贷款办理进度",
        "dkjd 贷款 进度",
    ),
    Function(
        "loan_account",
        "我要贷款",
        "公积金贷款账户信息",
        "screens.loan_account:LoanAccountScreen",
        "f5",
        "贷款合同与账户信息",
        "dkzh 贷款 账户 合同",
    ),
    Function(
        "repayments",
        "我要贷款",
        "公积金贷款还款明细",
        "screens.repayments:RepaymentsScreen",
        "f6",
        "已还款记录，含罚息",
        "hkmx 还款 明细",
    ),
    Function(
        "plan",
        "我要贷款",
        "公积金贷款还款计划查询",
        "screens.repayment_plan:RepaymentPlanScreen",
        "f7",
        "还款计划表、余额走势与本息构成",
        "hkjh 还款 计划",
    ),
    Function(
        "change_password",
        "其他业务",
        "登录密码变更",
        "screens.password_change:LoginPasswordChangeScreen",
        help="修改登录网上服务大厅的密码；其他设备上的登录随之退出",
        keywords="修改密码 改密码 xgmm dlmm",
    ),
    Function(
        "change_pay_password",
        "其他业务",
        "支付密码变更",
        "screens.password_change:PaymentPasswordChangeScreen",
        help="修改办理提取等资金业务时使用的 6 位支付密码",
        keywords="修改支付密码 zfmm",
    ),
    Function(
        "reset_pay_password",
        "其他业务",
        "支付密码找回",
        "screens.payment_password_reset:PaymentPasswordResetScreen",
        help="忘记支付密码：凭短信验证码重新设置",
        keywords="忘记支付密码 重置支付密码 zfmm",
    ),
    # --- business: 个人事务, 我要贷款, 我要提取, 其他业务
    Function(
        "messages",
        "个人事务",
        "消息",
        "screens.messages:MessagesScreen",
        key="f8",
        help="未读消息：查看、标为已阅、删除",
        keywords="xx xiaoxi 通知 未读",
    ),
    Function(
        "applications",
        "个人事务",
        "我发起的",
        "screens.applications:ApplicationsScreen",
        key="f9",
        help="我发起的业务及其办理进度",
        keywords="wfqd 申请 进度 审批 流程",
    ),
    Function(
        "read_messages",
        "个人事务",
        "已阅",
        "screens.messages:ReadMessagesScreen",
        help="已阅读过的消息",
        keywords="yy yiyue 已读 历史消息",
    ),
    Function(
        "loan_application",
        "我要贷款",
        "贷款申请",
        "screens.loan_application:LoanApplicationScreen",
        help="申请住房公积金贷款，边填边试算月还款额",
        keywords="dksq daikuan 贷款 试算 额度",
    ),
    Function(
        "withdraw_resignation",
        "我要提取",
        "离职提取",
        "screens.withdrawal:ResignationWithdrawalScreen",
        help="账户封存满 6 个月后提取公积金",
        keywords="lztq lizhi 提取 封存",
    ),
    Function(
        "withdraw_retirement",
        "我要提取",
        "离退休提取",
        "screens.withdrawal:RetirementWithdrawalScreen",
        help="达到法定退休年龄后提取全部余额并销户",
        keywords="ltxtq tuixiu 退休 销户 提取",
    ),
    Function(
        "certificate",
        "其他业务",
        "个人住房公积金缴存证明",
        "screens.certificate:CertificateScreen",
        help="出具带验证码的缴存证明",
        keywords="jczm zhengming 证明 缴存证明",
    ),
)

GROUPS: tuple[str, ...] = ("个人事务", "公积金查询", "我要贷款", "我要提取", "其他业务")


def by_id(function_id: str) -> Function:
    for function in FUNCTIONS:
        if function.id == function_id:
            return function
    raise KeyError(function_id)


def grouped() -> list[tuple[str, list[Function]]]:
    return [
        (group, [f for f in FUNCTIONS if f.group == group])
        for group in GROUPS
        if any(f.group == group for f in FUNCTIONS)
    ]
