"""登录密码变更 and 支付密码变更: 原密码, 新密码, 确认密码 → 【提交】 → 修改成功.

What can be checked here is checked before any request (the rules, shown ✓/✗ as the member types;
the confirmation); what only the server knows (the old password is wrong, the new one equals it) comes
back at the field it concerns. Nothing typed is cleared by a refusal; every password is cleared once
the change is made.
"""

from __future__ import annotations

from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, ContentSwitcher, Input, Static

from api_client import errors
from api_client.domain.passwords import (
    Rule,
    login_password_error,
    login_password_rules,
    payment_password_error,
    payment_password_rules,
)
from api_client.i18n import N_, _, ngettext
from tui.forms import Form, next_empty
from tui.hall import HallScreen
from tui.loads import outcome_unknown
from tui.widgets.fields import Field
from tui.widgets.rules import RuleChecklist

LABEL_WIDTH = 14
INPUTS = ("old", "new", "confirm")
SERVER_FIELDS = {"old_password": "old", "new_password": "new"}


class PasswordChangeScreen(Form, HallScreen):
    """The form both changes share; subclasses say which password and which rules."""

    # Messages (N_), translated where they are shown; each sentence whole, per password (登录密码 / 支付密码).
    LABELS: ClassVar[tuple[str, str, str]] = (N_("原密码"), N_("新密码"), N_("确认密码"))
    PLACEHOLDER = ""
    MAX_LENGTH = 20
    RESTRICT: str | None = None
    LEAD = ""
    ASK_OLD = ""  # 请输入原登录密码
    ASK_NEW = ""
    ASK_AGAIN = ""
    MISMATCH = ""
    CHANGED = ""  # ✓ 登录密码修改成功
    # Said with 原密码错误 when the change before may have been made after all (its answer was lost).
    MAYBE_DONE_HINT = ""
    rules_of: ClassVar[staticmethod[[str], list[Rule]]]
    error_of: ClassVar[staticmethod[[str], str | None]]

    def compose_body(self) -> ComposeResult:
        # The form scrolls when it must (a focused field is scrolled into view), but is no Tab stop itself.
        with VerticalScroll(classes="flow-body", can_focus=False), Vertical(id="change-box", classes="flow-box") as box:
            box.border_title = _(self.SUBTITLE)
            with ContentSwitcher(initial="change-form", id="change-steps"):
                with Vertical(id="change-form", classes="flow-step"):
                    yield Static(_(self.LEAD), classes="flow-lead")
                    for input_id, label in zip(INPUTS, self.LABELS):
                        placeholder = _(self.PLACEHOLDER) if input_id == "new" else ""
                        yield Field(
                            _(label),
                            Input(
                                placeholder=placeholder,
                                password=True,
                                id=input_id,
                                max_length=self.MAX_LENGTH,
                                restrict=self.RESTRICT,
                                compact=True,
                            ),
                            label_width=LABEL_WIDTH,
                        )
                    yield RuleChecklist(id="rules")
                with Vertical(id="change-done", classes="flow-step"):
                    yield Static("", id="done-title", classes="flow-lead -ok")
                    yield Static("", id="done-note")
            yield Static("", id="flow-banner", classes="banner")
            with Horizontal(classes="flow-buttons"):
                yield Button(_("提交"), id="submit", variant="primary", compact=True)
                yield Button("", id="side", compact=True)

    def __init__(self) -> None:
        super().__init__()
        self.maybe_changed = False  # a change was sent and its answer lost: it may have been made

    def on_mount(self) -> None:
        self.query_one("#side", Button).display = False
        self.update_rules()
        self.query_one("#old", Input).focus()

    @property
    def done(self) -> bool:
        return self.query_one("#change-steps", ContentSwitcher).current == "change-done"

    def has_unsaved_input(self) -> bool:
        return not self.done and self.typed(*INPUTS)

    # --- typing ---------------------------------------------------------------------------------

    @on(Input.Changed)
    def _edited(self, event: Input.Changed) -> None:
        if event.input.id in INPUTS:
            self.field(event.input.id).set_error(None)
            self.show_banner(None)
        if event.input.id in ("new", "confirm"):
            self.update_rules()

    def update_rules(self) -> None:
        new, confirm = self.value("new"), self.value("confirm")
        rules = [*type(self).rules_of(new), Rule(_("两次输入一致"), bool(new) and new == confirm)]
        self.query_one("#rules", RuleChecklist).show(rules, typed=bool(new))

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        following = next_empty([self.query_one(f"#{name}", Input) for name in INPUTS], event.input)
        if following is not None:
            following.focus()
            return
        self.submit()

    @on(Button.Pressed, "#submit")
    def _submit_pressed(self) -> None:
        self.submit()

    @on(Button.Pressed, "#side")
    def _side_pressed(self) -> None:
        self.side_action()

    def side_action(self) -> None:
        """The second button, shown after some refusals."""

    # --- submit ---------------------------------------------------------------------------------

    def submit(self) -> None:
        button = self.query_one("#submit", Button)
        if button.disabled:
            return
        if self.done:
            self.app.pop_screen()
            return
        old, new, confirm = (self.value(input_id) for input_id in INPUTS)
        problems = {
            "old": None if old else _(self.ASK_OLD),
            "new": type(self).error_of(new) if new else _(self.ASK_NEW),
            "confirm": None,
        }
        if problems["new"] is None:
            problems["confirm"] = _(self.ASK_AGAIN) if not confirm else None if confirm == new else _(self.MISMATCH)
        if not self.refuse(problems):
            return
        self.change(old, new)

    async def call(self, old: str, new: str) -> str:
        """Make the change; the text to show once it is made."""
        raise NotImplementedError

    @work(exclusive=True, group="change", exit_on_error=False)
    async def change(self, old: str, new: str) -> None:
        with self.busy(_("正在提交…"), "submit") as button:
            try:
                note = await self.call(old, new)
            except errors.SessionExpired:
                raise
            except errors.GjjError as exc:
                self.refused(exc)
                return
        with self.prevent(Input.Changed):
            for input_id in INPUTS:
                self.query_one(f"#{input_id}", Input).value = ""  # no secret stays in a widget
        self.query_one("#done-title", Static).update(_(self.CHANGED))
        self.query_one("#done-note", Static).update(note)
        self.query_one("#change-steps", ContentSwitcher).current = "change-done"
        self.show_side(None)
        button.label = _("确定")
        button.focus()

    def refused(self, exc: errors.GjjError) -> None:
        """Shown at the field at fault, or in the message line. The member goes on from the way out
        offered (a subclass shows it first), else the field at fault, else the first field."""
        self.app.bell()
        target = SERVER_FIELDS.get(exc.field or "")
        message = exc.message
        if outcome_unknown(exc) is not None:
            self.maybe_changed = True
        elif self.maybe_changed and target == "old":
            message = _("{refusal}。上次提交后没有收到结果，修改可能已经生效：{hint}").format(
                refusal=message.rstrip("。"),  # i18n: data — the server's sentence, without its full stop
                hint=_(self.MAYBE_DONE_HINT),
            )
        if target:
            self.field(target).set_error(message)
        else:
            self.show_banner(message)
        side = self.query_one("#side", Button)
        (side if side.display else self.query_one(f"#{target or 'old'}", Input)).focus()


class LoginPasswordChangeScreen(PasswordChangeScreen):
    SUBTITLE = N_("登录密码变更")
    PLACEHOLDER = N_("8–20 位字母和数字")
    LEAD = N_("请输入原密码、新密码以及确认密码，无误后按【提交】。\n修改后，您在其他设备上的登录将全部退出。")
    ASK_OLD = N_("请输入原登录密码")
    ASK_NEW = N_("请输入新登录密码")
    ASK_AGAIN = N_("请再输入一次新登录密码")
    MISMATCH = N_("两次输入的新登录密码不一致")
    CHANGED = N_("✓ 登录密码修改成功")
    MAYBE_DONE_HINT = N_("下次登录请先试用新密码")
    rules_of = staticmethod(login_password_rules)
    error_of = staticmethod(login_password_error)

    async def call(self, old: str, new: str) -> str:
        result = await self.client.change_password(old, new)
        if result.other_sessions_revoked:
            return ngettext(
                "下次请使用新密码登录。您在其他设备上的 {count} 处登录已退出。",
                "下次请使用新密码登录。您在其他设备上的 {count} 处登录已退出。",
                result.other_sessions_revoked,
            ).format(count=result.other_sessions_revoked)
        return _("下次请使用新密码登录。")


class PaymentPasswordChangeScreen(PasswordChangeScreen):
    SUBTITLE = N_("支付密码变更")
    LABELS = (N_("原支付密码"), N_("新支付密码"), N_("确认支付密码"))
    PLACEHOLDER = N_("6 位数字")
    MAX_LENGTH = 6
    RESTRICT = r"[0-9]*"
    LEAD = N_(
        "请输入原支付密码、新支付密码以及确认密码，无误后按【提交】。\n支付密码用于提取等资金业务，请勿告诉他人。"
    )
    ASK_OLD = N_("请输入原支付密码")
    ASK_NEW = N_("请输入新支付密码")
    ASK_AGAIN = N_("请再输入一次新支付密码")
    MISMATCH = N_("两次输入的新支付密码不一致")
    CHANGED = N_("✓ 支付密码修改成功")
    MAYBE_DONE_HINT = N_("办理提取时请先试用新支付密码")
    rules_of = staticmethod(payment_password_rules)
    error_of = staticmethod(payment_password_error)

    async def call(self, old: str, new: str) -> str:
        await self.client.change_payment_password(old, new)
        return _("办理提取等业务时，请使用新的支付密码。")

    def refused(self, exc: errors.GjjError) -> None:
        if isinstance(exc, errors.PaymentPasswordNotSet):
            self.show_side(_("支付密码找回"))
        super().refused(exc)

    def side_action(self) -> None:
        # The app's worker, not this screen's: opening the other function closes this screen.
        self.app.run_worker(self.app.open_function("reset_pay_password", ask=False), group="open")
