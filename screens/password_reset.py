"""忘记密码: 信息校验 (姓名, 证件号码, and 手机号码 where the centre asks for it; captcha) → the phone on
record, masked → 短信验证码 → 新密码 twice → 修改成功 → login.

Which variant applies is the server's to say (``GET /meta``), asked for when the screen opens.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import work
from textual.widgets import Static

from api_client import errors
from api_client.i18n import N_, _

from .account_flow import IdentityFlowScreen

if TYPE_CHECKING:
    from api_client.models import FlowCompleted, IdentityVerified, Ok, SmsSent


class PasswordResetScreen(IdentityFlowScreen):
    # Written when the module is imported, translated where they are shown.
    SUBTITLE = N_("忘记密码")
    FLOW_NAME = N_("找回密码")
    STEPS = (N_("信息校验"), N_("短信校验"), N_("设置新密码"), N_("修改成功"))
    BUTTONS = (N_("信息验证"), N_("下一步"), N_("提交"), N_("登录"))
    IDENTITY_LEAD = N_("请输入姓名、证件号码和验证码，检查无误后按【信息验证】。")
    PASSWORD_LEAD = N_("验证通过！请设置新的登录密码。")
    PASSWORD_LABEL = N_("新密码")
    DONE_NOTICE = N_("登录密码已修改，请使用新密码登录。")

    def __init__(self) -> None:
        super().__init__()
        self.variant_known = False

    def prepare(self) -> None:
        self.load_variant()
        self.load_captcha()

    @work(exclusive=True, group="meta", exit_on_error=False)
    async def load_variant(self) -> None:
        """Whether this centre also asks for the phone number on record."""
        try:
            await self.app.backend_ready()
            info = await self.client.service_info()
        except errors.GjjError as exc:
            self.show_banner(_("无法获取服务信息：{message}（按 F5 重试）").format(message=exc.message))
            return
        self.variant_known = True
        self.asks_phone = info.reset_requires_phone
        phone = self.field("phone")
        phone.display = info.reset_requires_phone
        if info.reset_requires_phone:
            self.query_one("#step-identity .flow-lead", Static).update(
                _("请输入姓名、证件号码、预留手机号码和验证码，检查无误后按【信息验证】。")
            )
        self.refresh_bindings()

    def action_new_captcha(self) -> None:
        if not self.variant_known:
            self.show_banner(None)
            self.load_variant()
        super().action_new_captcha()

    def submit_identity(self) -> None:
        if not self.variant_known:
            self.show_banner(_("正在获取服务信息，请稍候再试（或按 F5）"))
            self.app.bell()
            return
        super().submit_identity()

    async def call_identity(
        self, name: str, number: str, phone: str | None, captcha_id: str, code: str
    ) -> IdentityVerified:
        return await self.client.password_reset_identity(name, number, phone, captcha_id, code)

    async def call_send_sms(self, ticket: str) -> SmsSent:
        return await self.client.password_reset_sms(ticket)

    async def call_verify_sms(self, ticket: str, code: str) -> Ok:
        return await self.client.password_reset_verify_sms(ticket, code)

    async def call_complete(self, ticket: str, password: str) -> FlowCompleted:
        return await self.client.password_reset_complete(ticket, password)

    def person_refused(self, exc: errors.GjjError) -> None:
        if isinstance(exc, errors.NotRegistered):
            self.show_side(_("去注册"))

    def side_action(self) -> None:
        from .agreement import RegistrationAgreementScreen

        self.app.switch_screen(RegistrationAgreementScreen())
