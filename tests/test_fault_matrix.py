"""Every fault kind of the lab × every form's submit (and every SMS-code send): what the member is told,
that everything typed stays, that the button is usable again, and what the server stored — nothing
half-applied, nothing twice — then the member's own retry goes through.

Cheap on purpose: the member signs in through the client (one login, no login screen), the form is
opened straight over the login screen and filled by setting its inputs (each ``Input.Changed`` runs as
if typed), buttons are pressed, not clicked. Faults come from the mock's lab in-process; nothing of
ours is mocked.

The kinds and what a submission meets (the client retries a keyed submission — 提取, 贷款申请 — with
the same ``Idempotency-Key``; any other is sent once):

| kind | reaches the client as | the server |
| --- | --- | --- |
| error 503 | ``ServiceUnavailable`` (the API's body) | nothing done |
| empty_response, connection_reset | ``ConnectionLost`` | nothing done (the client cannot know) |
| random_data_then_close | ``AnswerUnreadable`` | nothing done (the client cannot know) |
| malformed_chunk, lost_response | ``AnswerUnreadable`` / ``ConnectionLost`` | done |
| latency over the deadline | ``TimedOut`` | nothing done (in-process the call is cancelled) |
| latency, dribble below it | the answer, late | done |
| expired_token (after the refresh too) | ``SessionExpired`` → the re-login dialog | nothing done |
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

import pytest
from textual.pilot import Pilot
from textual.widgets import Button, Input, Static

from tests.conftest import CAPTCHA, DEMO_PHONE, PASSWORD, TODAY, client_for, latest_code, signed_in
from tests.ui import screen_text, wait_for_text, wait_until
from tui.loads import MAYBE_SUBMITTED

CHEN_JING = "13800000004"  # 陈静: may take 离职提取
LI_NA = "13800000002"  # 李娜: no loan, may apply for one
WU_LEI = ("吴磊", "110101198001010096", "13800000008")  # in the records, not yet registered
ZHANG_WEI = ("张伟", "110105198503120039", DEMO_PHONE)
LOAN_FORM = {
    "loan-amount": "300000",
    "loan-periods": "240",
    "house-address": "演示市高新区梧桐路 18 号 2 栋 801 室",
    "house-area": "96.5",
    "house-price": "700000",
    "seller-name": "演示市安居置业有限公司",
    "seller-phone": "0571-88886666",
}
SLOW_MS = 300  # latency below the deadline: long enough to see the busy label
SUBMIT_DEADLINE = 0.5  # the client's deadline while a ``timeout`` case submits (seconds)

NEVER = "请检查网络或服务器地址"  # the server was reached in every case here

FAULTS: dict[str, dict[str, object]] = {
    "latency": {"kind": "latency", "delay_ms": SLOW_MS},
    "dribble": {"kind": "dribble", "chunk_bytes": 64, "interval_ms": 2},
    "error": {"kind": "error", "status": 503},
    "empty_response": {"kind": "empty_response"},
    "connection_reset": {"kind": "connection_reset"},
    "random_data_then_close": {"kind": "random_data_then_close"},
    "malformed_chunk": {"kind": "malformed_chunk"},
    "lost_response": {"kind": "lost_response"},
    "timeout": {"kind": "latency", "delay_ms": 30_000},
    "expired_token": {"kind": "expired_token"},
}
SLOW_KINDS = ("latency", "dribble")
COMMITTING = ("malformed_chunk", "lost_response")  # the server did it; only the answer went wrong
LOST = ("empty_response", "connection_reset", "lost_response")
UNREADABLE = ("random_data_then_close", "malformed_chunk")


def said(kind: str, keyed: bool) -> tuple[str, ...]:
    """What the message says for ``kind``: a keyed submission whose outcome is not known sends the member
    to look (and says why); any other says what happened."""
    if keyed:
        if kind == "error":
            return ("提交未完成", "服务暂时不可用")
        why = "连接中断" if kind in LOST else "应答不完整" if kind in UNREADABLE else "未在规定时间内应答"
        return (MAYBE_SUBMITTED, why, "不会重复办理")
    if kind == "error":
        return ("服务暂时不可用",)
    return (
        ("连接在请求发出后中断",)
        if kind in LOST
        else ("应答不完整或无法识别",)
        if kind in UNREADABLE
        else ("响应超时",)
    )


# --- the forms ---------------------------------------------------------------------------------------


def one(runtime, sql: str, *args: object) -> object:  # type: ignore[no-untyped-def]
    return runtime.store.conn.execute(sql, args).fetchone()[0]


def applications_of(phone: str) -> Callable[[object], object]:
    return lambda runtime: one(
        runtime, "SELECT COUNT(*) FROM applications a JOIN members m ON m.id = a.member_id WHERE m.phone = ?", phone
    )


def column_of(column: str, phone: str) -> Callable[[object], object]:
    return lambda runtime: one(runtime, f"SELECT {column} FROM members WHERE phone = ?", phone)


def sms_sent_to(phone: str) -> Callable[[object], object]:
    return lambda runtime: one(runtime, "SELECT COUNT(*) FROM sms_codes WHERE phone = ?", phone)


def fill(screen, values: dict[str, str]) -> None:  # type: ignore[no-untyped-def]
    for input_id, value in values.items():
        screen.query_one(f"#{input_id}", Input).value = value


def values_of(screen, ids) -> dict[str, str]:  # type: ignore[no-untyped-def]
    return {input_id: screen.query_one(f"#{input_id}", Input).value for input_id in ids}


async def press(pilot: Pilot, button_id: str) -> None:
    pilot.app.screen.query_one(f"#{button_id}", Button).press()
    await pilot.pause()


async def confirm(pilot: Pilot) -> None:
    """The confirmation a business form asks before it submits: 【提交】."""
    app = pilot.app
    await wait_until(pilot, lambda: type(app.screen).__name__.endswith("ConfirmDialog"), what="the confirmation")
    await wait_until(pilot, lambda: app.screen.is_mounted, what="the confirmation drawn")
    await press(pilot, "submit")


async def code_typed(pilot: Pilot, runtime, phone: str) -> None:  # type: ignore[no-untyped-def]
    """【获取短信验证码】, then the code from the mock's outbox typed in."""
    field = pilot.app.screen.sms_field
    field.button.press()
    await wait_until(pilot, lambda: field.counting_down, what="the code sent (the resend countdown runs)")
    field.control.value = latest_code(runtime, phone)


@dataclass(frozen=True)
class Form:
    """One form: how to bring it to its submit point, how to submit, and what the submit writes."""

    name: str
    path: str  # the submit's path (the lab's glob) and method
    method: str
    keyed: bool  # sent with an Idempotency-Key (and retried by the client)
    phone: str | None  # who signs in first (None: a form used before login)
    open: Callable[[Pilot, object], Awaitable[None]]  # open the form and fill it up to the submit
    submit: Callable[[Pilot], Awaitable[None]]
    kept: tuple[str, ...]  # the inputs whose values must survive a failure
    button: str  # the submit button's id, and its label when idle
    label: str
    done: str  # what the screen says once submitted…
    done_at: str  # …in this widget
    written: Callable[[object], object]  # what the submit changes in the store
    # What the member's retry shows when the first try was done although its answer went wrong (a keyed
    # submission: the same application; a flow: its ticket is spent; a change: the old password is not).
    again: tuple[str, str] | None = None  # (text, at)


async def open_function(pilot: Pilot, function_id: str, ready: str) -> None:
    app = pilot.app
    await app.open_function(function_id)  # type: ignore[attr-defined]
    await wait_until(pilot, lambda: app.screen.is_mounted and app.screen.query(ready), what=function_id)


async def open_loan(pilot: Pilot, runtime) -> None:  # type: ignore[no-untyped-def]
    await open_function(pilot, "loan_application", "#loan-amount")
    await wait_until(pilot, lambda: pilot.app.screen.quota is not None, what="the quota")
    fill(pilot.app.screen, LOAN_FORM)


async def submit_loan(pilot: Pilot) -> None:
    await pilot.press("ctrl+s")
    await confirm(pilot)


async def withdrawal_to_sms(pilot: Pilot, runtime) -> None:  # type: ignore[no-untyped-def]
    await open_function(pilot, "withdraw_resignation", "#amount")
    await wait_until(pilot, lambda: pilot.app.screen.query_one("#form").display, what="the form")
    fill(pilot.app.screen, {"amount": "1000", "pay-password": "135790"})


async def open_withdrawal(pilot: Pilot, runtime) -> None:  # type: ignore[no-untyped-def]
    await withdrawal_to_sms(pilot, runtime)
    await code_typed(pilot, runtime, CHEN_JING)


async def submit_withdrawal(pilot: Pilot) -> None:
    await press(pilot, "next")
    await confirm(pilot)


def open_change(function_id: str, values: dict[str, str]) -> Callable[[Pilot, object], Awaitable[None]]:
    async def open_it(pilot: Pilot, runtime) -> None:  # type: ignore[no-untyped-def]
        await open_function(pilot, function_id, "#old")
        fill(pilot.app.screen, values)

    return open_it


async def submit_change(pilot: Pilot) -> None:
    await press(pilot, "submit")


async def pay_reset_to_sms(pilot: Pilot, runtime) -> None:  # type: ignore[no-untyped-def]
    await open_function(pilot, "reset_pay_password", "#sms_code")


async def open_pay_reset(pilot: Pilot, runtime) -> None:  # type: ignore[no-untyped-def]
    await pay_reset_to_sms(pilot, runtime)
    await code_typed(pilot, runtime, DEMO_PHONE)
    screen = pilot.app.screen
    await press(pilot, "next")
    await wait_until(pilot, lambda: screen.step == 1, what="设置支付密码")
    fill(screen, {"new": "246810", "confirm": "246810"})


async def submit_next(pilot: Pilot) -> None:
    await press(pilot, "next")


def identity_to_sms(screen_path: str, who: tuple[str, str, str]) -> Callable[[Pilot, object], Awaitable[None]]:
    async def open_it(pilot: Pilot, runtime) -> None:  # type: ignore[no-untyped-def]
        import importlib

        module, name = screen_path.rsplit(".", 1)
        app = pilot.app
        await app.push_screen(getattr(importlib.import_module(module), name)())
        screen = app.screen
        await wait_until(pilot, lambda: screen.captcha_id and getattr(screen, "variant_known", True), what="captcha")
        fill(screen, {"name": who[0], "id_number": who[1], "captcha": CAPTCHA})
        await press(pilot, "next")
        await wait_until(pilot, lambda: screen.step == 1, what="短信校验")

    return open_it


def open_identity_flow(screen_path: str, who: tuple[str, str, str]) -> Callable[[Pilot, object], Awaitable[None]]:
    async def open_it(pilot: Pilot, runtime) -> None:  # type: ignore[no-untyped-def]
        await identity_to_sms(screen_path, who)(pilot, runtime)
        screen = pilot.app.screen
        await code_typed(pilot, runtime, who[2])
        await press(pilot, "next")
        await wait_until(pilot, lambda: screen.step == 2, what="设置密码")
        fill(screen, {"password": "newpass88", "confirm": "newpass88"})

    return open_it


@dataclass(frozen=True)
class SmsSend:
    """A form's 【获取短信验证码】: how to get there, and what accepting the code leads to."""

    path: str
    phone: str
    to_sms: Callable[[Pilot, object], Awaitable[None]]
    kept: tuple[str, ...]  # inputs typed before the code is asked for
    use_code: Callable[[Pilot], Awaitable[None]]  # the code typed: go on
    accepted: tuple[str, str]  # what the screen then says, and where


async def verify_code(pilot: Pilot) -> None:
    await press(pilot, "next")


VERIFIED = ("验证通过！", "#step-password .flow-lead")
REGISTRATION = "screens.registration.RegistrationScreen"
PASSWORD_RESET = "screens.password_reset.PasswordResetScreen"
SMS_SENDS = {
    "withdrawal": SmsSend(
        "/api/v1/me/withdrawals/sms", CHEN_JING, withdrawal_to_sms, ("amount", "pay-password"), submit_withdrawal,
        ("离职提取申请已提交", "#done-title"),
    ),
    "reset_pay_password": SmsSend(
        "/api/v1/me/payment-password/sms", DEMO_PHONE, pay_reset_to_sms, (), verify_code, VERIFIED
    ),
    "registration": SmsSend(
        "/api/v1/registration/sms", WU_LEI[2], identity_to_sms(REGISTRATION, WU_LEI), ("name", "id_number"),
        verify_code, VERIFIED,
    ),
    "password_reset": SmsSend(
        "/api/v1/password-reset/sms", DEMO_PHONE, identity_to_sms(PASSWORD_RESET, ZHANG_WEI), ("name", "id_number"),
        verify_code, VERIFIED,
    ),
}  # fmt: skip


MAYBE_DONE = ("修改可能已经生效", ".field-error")
FORMS = {
    "loan_application": Form(
        "贷款申请", "/api/v1/me/loan-applications", "POST", True, LI_NA, open_loan, submit_loan,
        tuple(LOAN_FORM), "submit", "提交申请", "贷款申请已提交", "#done-title", applications_of(LI_NA),
    ),
    "withdrawal": Form(
        "离职提取", "/api/v1/me/withdrawals", "POST", True, CHEN_JING, open_withdrawal, submit_withdrawal,
        ("amount", "pay-password", "sms-code"), "next", "下一步", "离职提取申请已提交", "#done-title",
        applications_of(CHEN_JING),
    ),
    "change_password": Form(
        "登录密码变更", "/api/v1/me/password", "PUT", False, DEMO_PHONE,
        open_change("change_password", {"old": PASSWORD, "new": "newpass88", "confirm": "newpass88"}),
        submit_change, ("old", "new", "confirm"), "submit", "提交", "登录密码修改成功", "#done-title",
        column_of("password_hash", DEMO_PHONE), again=MAYBE_DONE,
    ),
    "change_pay_password": Form(
        "支付密码变更", "/api/v1/me/payment-password", "PUT", False, DEMO_PHONE,
        open_change("change_pay_password", {"old": "135790", "new": "246810", "confirm": "246810"}),
        submit_change, ("old", "new", "confirm"), "submit", "提交", "支付密码修改成功", "#done-title",
        column_of("pay_password_hash", DEMO_PHONE), again=MAYBE_DONE,
    ),
    "reset_pay_password": Form(
        "支付密码找回", "/api/v1/me/payment-password/reset", "POST", False, DEMO_PHONE, open_pay_reset, submit_next,
        ("new", "confirm"), "next", "提交", "支付密码设置成功", "#step-done .flow-lead",
        column_of("pay_password_hash", DEMO_PHONE),
    ),
    "registration": Form(
        "注册", "/api/v1/registration/complete", "POST", False, None,
        open_identity_flow(REGISTRATION, WU_LEI), submit_next,
        ("password", "confirm", "name", "id_number"), "next", "确认注册", "注册成功", "#done-title",
        column_of("password_hash", WU_LEI[2]), again=("本次注册已经完成", "#done-title"),
    ),
    "password_reset": Form(
        "忘记密码", "/api/v1/password-reset/complete", "POST", False, None,
        open_identity_flow(PASSWORD_RESET, ZHANG_WEI), submit_next,
        ("password", "confirm", "name", "id_number"), "next", "提交", "修改成功", "#done-title",
        column_of("password_hash", DEMO_PHONE), again=("本次找回密码已经完成", "#done-title"),
    ),
}  # fmt: skip


# --- one case ----------------------------------------------------------------------------------------


def make_app(mock_app, **client_options):  # type: ignore[no-untyped-def]
    from tui.app import GjjApp
    from tui.backend import DEMO_LABEL

    client = client_for(mock_app, DEMO_LABEL, **client_options)
    return GjjApp(client, demo=True, today=lambda: TODAY)


async def start(app, form: Form) -> None:  # type: ignore[no-untyped-def]
    """Signed in through the client (no login screen), as the member ``form.phone``."""
    if form.phone is not None:
        await signed_in(app.client, form.phone)
        app.signed_in_as = form.phone


def changes(before: object, form: Form, runtime) -> int:  # type: ignore[no-untyped-def]
    """How many times the submit wrote: a count's growth, or 1 for a changed value."""
    now = form.written(runtime)
    if isinstance(before, int) and isinstance(now, int):
        return now - before
    return int(now != before)


def texts_at(app, selector: str) -> str:  # type: ignore[no-untyped-def]
    """What the widgets ``selector`` on the screen show (those displayed), as one text."""
    from tui.frame import shown

    widgets = app.screen.query(selector)
    return "\n".join(str(widget.render()) for widget in widgets if isinstance(widget, Static) and shown(widget))


def message_shown(app) -> str:  # type: ignore[no-untyped-def]
    """Every message line on the form that is displayed (the banner, a field's error), as one text."""
    return texts_at(app, ".banner, Banner, .field-error")


def idle(app, form: Form) -> bool:  # type: ignore[no-untyped-def]
    button = app.screen.query_one(f"#{form.button}", Button)
    return not button.disabled and button.label.plain == form.label


def requests_to(runtime, path: str, method: str = "POST") -> int:  # type: ignore[no-untyped-def]
    return sum(1 for entry in runtime.journal if entry.path == path and entry.method == method)


async def relogin(pilot: Pilot, form_screen) -> None:  # type: ignore[no-untyped-def]
    """The re-login dialog over the form: the password and a captcha, then back on the form."""
    app = pilot.app
    await wait_for_text(pilot, "输入登录密码和验证码即可继续")
    dialog = app.screen
    await wait_until(pilot, lambda: dialog.captcha_id, what="the dialog's captcha")
    dialog.query_one("#relogin-password", Input).value = PASSWORD
    dialog.query_one("#relogin-captcha", Input).value = CAPTCHA
    await press(pilot, "relogin-submit")
    await wait_until(pilot, lambda: app.screen is form_screen, what="back on the form")


def fault(path: str, method: str, kind: str, count: int) -> dict[str, object]:
    return {"path": path, "method": method, "count": count, **FAULTS[kind]}


CASES = [
    pytest.param(form_id, kind, id=f"{form_id}-{kind}")
    for form_id, form in FORMS.items()
    for kind in FAULTS
    if not (kind == "expired_token" and form.phone is None)  # before login no token can expire
]


@pytest.mark.parametrize(("form_id", "kind"), CASES)
async def test_a_fault_at_a_forms_submit(mock_app, admin, form_id: str, kind: str) -> None:  # type: ignore[no-untyped-def]
    form = FORMS[form_id]
    runtime = mock_app.state.runtime
    app = make_app(mock_app)
    async with app.run_test(size=(80, 24)) as pilot:
        await start(app, form)
        await form.open(pilot, runtime)
        screen = app.screen
        typed = values_of(screen, form.kept)
        before = form.written(runtime)
        # As many hits as one press of the button sends: every try of a keyed submission; both tries of
        # a token refused again after its refresh.
        count = app.client.retry.attempts if form.keyed and kind not in (*SLOW_KINDS, "timeout") else 1
        count = 2 if kind == "expired_token" else count
        assert (await admin.post("/faults", json=fault(form.path, form.method, kind, count))).status_code == 200
        if kind == "timeout":
            app.client.timeout = SUBMIT_DEADLINE

        # Every look the button takes, as it changes: whether the busy look was seen must not depend on
        # polling fast enough to catch a 300 ms wait on a loaded machine.
        button = screen.query_one(f"#{form.button}", Button)
        looks: list[tuple[bool, str]] = []
        screen.watch(button, "label", lambda label: looks.append((button.disabled, str(label))), init=False)
        await form.submit(pilot)
        if kind in SLOW_KINDS:
            await wait_until(pilot, lambda: form.done in texts_at(app, form.done_at), what="the form submitted")
            if kind == "latency":  # while it waited, the button said so and could not be pressed again
                assert any(disabled and label.startswith("正在") for disabled, label in looks), looks
            assert form.done in screen_text(app)
            assert changes(before, form, runtime) == 1
            return

        if kind == "expired_token":
            await relogin(pilot, screen)
        else:
            await wait_until(
                pilot,
                lambda: all(part in message_shown(app) for part in said(kind, form.keyed)),
                what=said(kind, form.keyed),
            )
        await wait_until(pilot, lambda: idle(app, form), what="the button usable again")
        assert NEVER not in message_shown(app)
        assert values_of(screen, form.kept) == typed  # nothing typed is lost
        assert changes(before, form, runtime) == (1 if kind in COMMITTING else 0)

        # The member tries again (the fault is spent, the deadline back to normal).
        app.client.timeout = 15.0
        sent = requests_to(runtime, form.path, form.method)
        await form.submit(pilot)
        text, at = (form.done, form.done_at) if kind not in COMMITTING or form.again is None else form.again
        await wait_until(pilot, lambda: text in texts_at(app, at), what=text)
        assert requests_to(runtime, form.path, form.method) == sent + 1
        assert changes(before, form, runtime) == 1  # exactly once, never twice


SMS_CASES = [
    pytest.param(form_id, kind, id=f"{form_id}-{kind}")
    for form_id in SMS_SENDS
    for kind in FAULTS
    if kind not in SLOW_KINDS and not (kind == "expired_token" and FORMS[form_id].phone is None)
]


@pytest.mark.parametrize(("form_id", "kind"), SMS_CASES)
async def test_a_fault_at_an_sms_code_send(mock_app, admin, form_id: str, kind: str) -> None:  # type: ignore[no-untyped-def]
    form, send = FORMS[form_id], SMS_SENDS[form_id]
    runtime = mock_app.state.runtime
    app = make_app(mock_app)
    async with app.run_test(size=(80, 24)) as pilot:
        await start(app, form)
        await send.to_sms(pilot, runtime)
        screen = app.screen
        field = screen.sms_field
        typed = values_of(screen, send.kept)
        sent = sms_sent_to(send.phone)
        before = sent(runtime)
        count = 2 if kind == "expired_token" else 1
        assert (await admin.post("/faults", json=fault(send.path, "POST", kind, count))).status_code == 200
        if kind == "timeout":
            app.client.timeout = SUBMIT_DEADLINE

        field.button.press()
        if kind == "expired_token":
            await relogin(pilot, screen)
        else:
            await wait_until(
                pilot, lambda: all(part in message_shown(app) for part in said(kind, False)), what=said(kind, False)
            )
        # Not stuck at 正在发送…: it may be asked for again at once.
        await wait_until(pilot, lambda: not field.button.disabled, what="the button usable again")
        assert field.button.label.plain in ("获取短信验证码", "重新获取验证码")
        assert NEVER not in message_shown(app)
        assert values_of(screen, send.kept) == typed
        assert sent(runtime) == before + (1 if kind in COMMITTING else 0)

        app.client.timeout = 15.0
        if kind in (*LOST, *UNREADABLE, "timeout"):  # it may have gone out: the member may type it
            assert "验证码可能已经发出" in texts_at(app, ".field-hint")
        if kind in COMMITTING:  # …and it did: no second code is needed
            field.control.value = latest_code(runtime, send.phone)
        else:
            await code_typed(pilot, runtime, send.phone)
        await send.use_code(pilot)
        text, at = send.accepted
        await wait_until(pilot, lambda: text in texts_at(app, at), what=text)
        assert sent(runtime) == before + 1  # one code, whichever way it went
