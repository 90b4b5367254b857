"""注册: 信息校验 (姓名, 证件号码, captcha) → 短信校验 → 设置登录密码 → 注册完成, then straight to login.

Reached from the login screen (F2) through 用户注册协议 (``screens.agreement``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from api_client import errors
from api_client.i18n import N_, _

from .account_flow import IdentityFlowScreen

if TYPE_CHECKING:
    from api_client.models import FlowCompleted, IdentityVerified, Ok, SmsSent


class RegistrationScreen(IdentityFlowScreen):
    # Written when the module is imported, translated where they are shown.
    SUBTITLE = N_("用户注册")
    FLOW_NAME = N_("注册")
    STEPS = (N_("信息校验"), N_("短信校验"), N_("设置密码"), N_("注册完成"))
    BUTTONS = (N_("信息验证"), N_("下一步"), N_("确认注册"), N_("立即登录"))
    IDENTITY_LEAD = N_("请填写在公积金中心登记的姓名和证件号码，输入验证码后按【信息验证】。")
    IDENTITY_NOTE = N_("如果没有在中心登记手机号码，需要到中心所属任一服务大厅登记手机号码。")
    PASSWORD_LEAD = N_("验证通过！请设置您的登录密码以完成注册。")
    DONE_NOTICE = N_("注册成功，请输入刚设置的登录密码和验证码登录。")

    async def call_identity(
        self, name: str, number: str, phone: str | None, captcha_id: str, code: str
    ) -> IdentityVerified:
        return await self.client.registration_identity(name, number, captcha_id, code)

    async def call_send_sms(self, ticket: str) -> SmsSent:
        return await self.client.registration_sms(ticket)

    async def call_verify_sms(self, ticket: str, code: str) -> Ok:
        return await self.client.registration_verify_sms(ticket, code)

    async def call_complete(self, ticket: str, password: str) -> FlowCompleted:
        return await self.client.registration_complete(ticket, password)

    def person_refused(self, exc: errors.GjjError) -> None:
        if isinstance(exc, errors.AlreadyRegistered):
            self.show_side(_("直接登录"))

    def side_action(self) -> None:
        number = self.value("id_number").strip().upper()
        self.leave(username=number, notice=_("您已注册过，请输入登录密码和验证码登录。"))
