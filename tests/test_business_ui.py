"""The business screens driven with Pilot, against the real mock: withdrawals end to end, refusals,
messages, 我发起的, the loan application's live estimate, the certificate, and the sound switch."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from textual.app import App
from textual.widgets import Button, DataTable, Input, Select

from tests.conftest import latest_code, make_app
from tests.ui import (
    click_button,
    field_error,
    fill_login,
    login,
    open_function,
    screen_name,
    screen_text,
    settle,
    type_into,
    wait_for_screen,
    wait_for_text,
    wait_until,
)
from tui.sound import SoundSwitch

CHEN_JING = "13800000004"
LIU_YANG = "13800000005"
HUANG_YONG = "13800000006"
LI_NA = "13800000002"
WANG_QIANG = "13800000003"


@pytest.fixture
def sound_file(tmp_path):
    return tmp_path / "state" / "sound.json"


@pytest.fixture
def app_for(mock_app, sound_file):
    """The gjj App on the test's mock, remembering its sound switch in a temporary folder."""

    def build():
        app = make_app(mock_app)
        app.sound = SoundSwitch(sound_file)
        return app

    return build


@pytest.fixture
def bells(monkeypatch):
    """Every time the terminal bell really rings (Textual's own bell, below our mute switch)."""
    rung: list[int] = []
    monkeypatch.setattr(App, "bell", lambda self: rung.append(1))
    return rung


def paths(runtime) -> list[str]:
    return [f"{entry.method} {entry.path.removeprefix('/api/v1')}" for entry in runtime.journal]


# --- withdrawals ------------------------------------------------------------------------------------


async def test_a_withdrawal_end_to_end_then_in_applications_messages_and_the_balance(app_for, runtime, bells) -> None:
    app = app_for()
    async with app.run_test(size=(80, 24)) as pilot:
        await login(pilot, CHEN_JING)
        await open_function(pilot, "withdraw_resignation")
        text = screen_text(app)
        assert "账户余额   214,325.34 元" in text and "可提取金额 214,325.34 元" in text
        assert "最多可提取 214,325.34 元" in text and "演示市工商银行营业部 **** **** 2871" in text
        await type_into(pilot, "#amount", "12345.67")
        await type_into(pilot, "#pay-password", "135790")
        await pilot.click("#send-sms")
        await wait_until(
            pilot, lambda: "重新获取" in str(app.screen.query_one("#send-sms", Button).label), what="countdown"
        )
        assert app.screen.query_one("#send-sms", Button).disabled
        await type_into(pilot, "#sms-code", latest_code(runtime, CHEN_JING))
        await pilot.press("enter")  # Enter in the last field goes on to the confirmation
        await wait_for_text(pilot, "确认提交离职提取", "受理 → 审核 → 审批 → 办结")
        assert screen_name(app) == "WithdrawalConfirmDialog"
        text = screen_text(app)
        for fact in (
            "确认提交离职提取",
            "提取金额   12,345.67 元",
            "收款账户   演示市工商银行营业部 **** **** 2871",
            "提取后余额 201,979.67 元",
            "受理 → 审核 → 审批 → 办结",
        ):
            assert fact in text, fact
        rung_before = len(bells)
        await pilot.click("#submit")
        await wait_until(pilot, lambda: "离职提取申请已提交" in screen_text(app), what="result")
        assert len(bells) == rung_before + 1  # a finished submission rings
        number = runtime.store.conn.execute("SELECT number FROM applications WHERE member_id = 4").fetchone()[0]
        text = screen_text(app)
        assert f"业务编号 {number}" in text and "当前环节 受理（办理中）" in text
        assert "预计 2026-11-26 办结" in text and "【我发起的】（F9）" in text

        await pilot.click("#open-applications")
        await wait_until(pilot, lambda: screen_name(app) == "ApplicationsScreen" and number in screen_text(app))
        row = next(line for line in screen_text(app).splitlines() if number in line)
        assert "离职提取" in row and "12,345.67" in row and "受理" in row and "办理中" in row

        # Four working days later the centre has paid out; the old session has long expired.
        runtime.clock.set(dt.datetime(2026, 11, 26, 10, 30))
        await pilot.press("escape")
        await wait_until(pilot, lambda: "输入登录密码和验证码即可继续" in screen_text(app), what="the re-login dialog")
        await pilot.press("escape")  # not now: back to the login screen, with the reason
        await wait_until(pilot, lambda: screen_name(app) == "LoginScreen", what="the login screen")
        await wait_until(pilot, lambda: "登录已超时，请重新登录" in screen_text(app), what="back to login")
        await fill_login(pilot, CHEN_JING, "demo1234")
        await wait_for_screen(pilot, "HomeScreen")
        await settle(pilot)
        text = screen_text(app)
        assert "201,979.67 元" in text and "消息 4 条未读" in text
        await pilot.press("f8")
        await wait_for_screen(pilot, "MessagesScreen")
        await settle(pilot)
        assert screen_text(app).splitlines()[2].startswith("  2026-11-26 10:00  提取到账")
        await pilot.press("enter")
        await wait_for_text(pilot, f"离职提取申请（业务编号 {number}）已办结")
        assert screen_name(app) == "MessageDialog"
        assert f"离职提取申请（业务编号 {number}）已办结" in screen_text(app)


async def test_an_ineligible_member_sees_every_reason_before_typing_anything(app_for, runtime) -> None:
    app = app_for()
    async with app.run_test(size=(80, 24)) as pilot:
        await login(pilot)  # 张伟: working, with a loan
        runtime.journal.clear()
        await open_function(pilot, "withdraw_resignation")
        text = screen_text(app)
        assert "您暂不符合离职提取条件：" in text
        assert "1. 账户状态为正常（单位仍在为您缴存），离职提取须在账户封存后办理" in text
        assert "2. 有未结清的公积金贷款（合同 2015071536010038），须结清后才能办理" in text
        assert not app.screen.query_one("#form").display and "获取短信验证码" not in text
        assert paths(runtime) == ["POST /me/withdrawals/check"]


async def test_liu_yang_is_told_when_he_may_withdraw(app_for) -> None:
    app = app_for()
    async with app.run_test(size=(100, 30)) as pilot:
        await login(pilot, LIU_YANG)
        await open_function(pilot, "withdraw_resignation")
        assert "1. 账户封存未满 6 个月（封存日期 2026-08-22，已封存 3 个月），2027-02-22 起可以申请" in screen_text(app)


async def test_retirement_withdraws_the_whole_balance_fixed(app_for) -> None:
    app = app_for()
    async with app.run_test(size=(80, 24)) as pilot:
        await login(pilot, HUANG_YONG)
        await open_function(pilot, "withdraw_retirement")
        amount = app.screen.query_one("#amount", Input)
        assert amount.value == "184,135.80" and amount.disabled
        text = screen_text(app)
        assert "离退休提取须一次提取全部余额，办结后账户销户" in text and "法定退休年龄 60 岁" in text


async def test_form_problems_are_shown_at_their_fields_and_nothing_typed_is_lost(app_for, runtime) -> None:
    app = app_for()
    async with app.run_test(size=(80, 24)) as pilot:
        await login(pilot, CHEN_JING)
        await open_function(pilot, "withdraw_resignation")
        runtime.journal.clear()
        await pilot.click("#next")
        await pilot.pause()
        assert field_error(app, "amount") == "请输入提取金额"
        assert field_error(app, "pay-password") == "请输入支付密码"
        assert field_error(app, "sms-code") == "请输入短信验证码"
        await type_into(pilot, "#amount", "300000")
        await click_button(pilot, "#next")
        await wait_until(pilot, lambda: "超过" in field_error(app, "amount"), what="the amount's new error")
        assert field_error(app, "amount") == "提取金额不能超过可提取金额 214,325.34 元"
        assert paths(runtime) == []  # caught before any request
        # Another card, checked as it would be by the bank.
        app.screen.query_one("#account-choice", Select).value = "other"
        await pilot.pause()
        await type_into(pilot, "#card", "6222021234567890124")
        await click_button(pilot, "#next")
        await wait_until(pilot, lambda: field_error(app, "card"), what="the card's error")
        assert field_error(app, "card") == "银行卡号校验不正确，请核对"
        assert field_error(app, "bank") == "请填写收款银行卡的开户银行"

        # A wrong payment password comes back from the centre, at its field, with everything kept.
        app.screen.query_one("#account-choice", Select).value = "registered"
        amount = app.screen.query_one("#amount", Input)
        amount.value = ""
        await type_into(pilot, "#amount", "1000")
        await type_into(pilot, "#pay-password", "246810")
        await pilot.click("#send-sms")
        await wait_until(pilot, lambda: app.screen.query_one("#send-sms", Button).disabled)
        await settle(pilot)
        code = latest_code(runtime, CHEN_JING)
        await type_into(pilot, "#sms-code", code)
        await pilot.press("ctrl+s")
        await wait_for_screen(pilot, "WithdrawalConfirmDialog")
        await pilot.click("#submit")
        await wait_until(pilot, lambda: field_error(app, "pay-password"), what="password error")
        assert field_error(app, "pay-password") == "支付密码错误，还可以再试 4 次"
        assert app.screen.query_one("#amount", Input).value == "1000"
        assert app.screen.query_one("#sms-code", Input).value == code
        assert app.screen.query_one("#pay-password", Input).value == "246810"
        assert runtime.store.conn.execute("SELECT COUNT(*) FROM applications WHERE member_id = 4").fetchone()[0] == 0


# --- messages --------------------------------------------------------------------------------------


async def test_view_mark_read_and_delete_messages(app_for, runtime) -> None:
    app = app_for()
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await login(pilot)
        await pilot.click("#task-messages")
        await wait_for_screen(pilot, "MessagesScreen")
        await settle(pilot)
        assert "共 3 条，已全部显示" in screen_text(app)
        newest = runtime.store.conn.execute(
            "SELECT id, content FROM messages WHERE member_id = 1 AND status = 'unread' ORDER BY sent_at DESC"
        ).fetchone()
        await pilot.press("enter")
        await wait_for_text(pilot, "业务名称 贷款还款", "第 136 期已扣款 1,871.39")
        assert screen_name(app) == "MessageDialog"
        text = screen_text(app)
        assert "业务名称 贷款还款" in text and "发送渠道 短信" in text and "发送时间 2026-11-15" in text
        assert "第 136 期已扣款 1,871.39" in text
        await pilot.click("#read")
        await wait_until(pilot, lambda: "共 2 条" in screen_text(app), what="moved to 已阅")
        await wait_until(pilot, lambda: "已标记为已阅" in screen_text(app), what="notice")
        status = runtime.store.conn.execute("SELECT status FROM messages WHERE id = ?", (newest[0],)).fetchone()[0]
        assert status == "read"
        second = runtime.store.conn.execute(
            "SELECT id FROM messages WHERE member_id = 1 AND status = 'unread' ORDER BY sent_at DESC"
        ).fetchone()[0]
        await pilot.press("delete")
        await wait_for_text(pilot, "确定要删除这条“缴存到账”消息吗？")
        assert screen_name(app) == "ConfirmDialog"
        assert "确定要删除这条“缴存到账”消息吗？" in screen_text(app)
        await pilot.press("n")
        await wait_for_text(pilot, "共 2 条")
        assert screen_name(app) == "MessagesScreen"
        assert "共 2 条" in screen_text(app)
        await pilot.press("delete")
        await wait_for_screen(pilot, "ConfirmDialog")
        await pilot.press("y")
        await wait_until(pilot, lambda: "共 1 条" in screen_text(app), what="deleted")
        await wait_until(pilot, lambda: "消息已删除" in screen_text(app), what="notice")
        assert (
            runtime.store.conn.execute("SELECT status FROM messages WHERE id = ?", (second,)).fetchone()[0] == "deleted"
        )
        # Back home, the counters follow.
        await pilot.press("escape")
        await wait_until(pilot, lambda: "消息 1 条未读" in screen_text(app), what="home counters")
        assert "已阅 12 条" in screen_text(app)
        # 已阅: the message just read is on top, and older ones come with 更多.
        await pilot.click("#task-read")
        await wait_for_screen(pilot, "ReadMessagesScreen")
        await settle(pilot)
        table = app.screen.query_one(DataTable)
        assert table.row_count == 10 and "共 12 条，已显示 10 条" in screen_text(app)
        assert table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value == str(newest[0])
        assert "标为已阅" not in screen_text(app)
        await pilot.press("m")
        await wait_until(pilot, lambda: table.row_count == 12, what="更多")
        assert "共 12 条，已全部显示" in screen_text(app) and app.screen.query_one("#more", Button).disabled


# --- 我发起的 --------------------------------------------------------------------------------------


async def test_applications_flow_marks_the_current_node(app_for, runtime) -> None:
    app = app_for()
    async with app.run_test(size=(80, 24)) as pilot:
        await login(pilot, WANG_QIANG)
        await pilot.press("f9")
        await wait_for_screen(pilot, "ApplicationsScreen")
        await settle(pilot)
        text = screen_text(app)
        assert "SQ2026102600004" in text and "抵押登记  办理中" in text
        runtime.journal.clear()
        await pilot.press("enter")  # the newest first: the loan in progress
        await wait_for_screen(pilot, "ApplicationDetailScreen")
        await settle(pilot)
        assert paths(runtime) == [f"GET /me/applications/{4}"]
        text = screen_text(app)
        assert "✔ 受理 ─ ✔ 审核 ─ ✔ 审批 ─ ✔ 签合同 ─ ▶ 抵押登记 ─ ○ 放款" in text
        handler = runtime.store.conn.execute(
            "SELECT handler FROM loan_steps WHERE contract_no = '2026102636010114' AND idx = 4"
        ).fetchone()[0]
        row = next(line for line in text.splitlines() if line.strip().startswith("抵押登记"))
        assert "▶ 办理中" in row and handler in row
        assert "审核通过" in text and "由中心经办人办理中，办结后将通过消息通知您" in text
        await pilot.press("escape")
        await wait_for_screen(pilot, "ApplicationsScreen")


# --- the loan application ----------------------------------------------------------------------------


async def test_loan_application_live_estimate_to_the_fen_and_submission(app_for, runtime, bells) -> None:
    app = app_for()
    async with app.run_test(size=(80, 24)) as pilot:
        await login(pilot, LI_NA)
        apply = app.screen.query_one("#apply-loan", Button)
        assert apply.display  # 李娜 has no loan: 我的贷款 offers the application
        await pilot.click("#apply-loan")
        await wait_for_screen(pilot, "LoanApplicationScreen")
        await settle(pilot)
        text = screen_text(app)
        assert "可贷额度         800,000.00 元" in text and "最长期限              283 个月" in text
        assert "· 账户余额 × 15" in text and "· 须在 2050年7月前还清" in text
        await type_into(pilot, "#loan-amount", "500000")
        await type_into(pilot, "#loan-periods", "240")
        text = screen_text(app)
        assert "年利率                   2.60%" in text
        assert "月还款额           2,673.94 元" in text
        assert "利息总额         141,745.64 元" in text and "还款总额         641,745.64 元" in text
        app.screen.query_one("#loan-method", Select).value = "equal_principal"
        text = await wait_for_text(pilot, "首月还款           3,166.66 元", "末月还款           2,088.65 元")
        assert "利息总额         130,541.88 元" in text
        await type_into(pilot, "#loan-periods", "")
        app.screen.query_one("#loan-periods", Input).value = "48"
        await wait_for_text(pilot, "年利率                   2.10%")  # 60 months or less
        app.screen.query_one("#loan-periods", Input).value = "240"
        await type_into(pilot, "#house-price", "550000")
        assert field_error(app, "loan-amount") == "超过可贷额度 440,000.00 元"
        assert "依据            房屋总价 × 80%" in screen_text(app)
        app.screen.query_one("#house-price", Input).value = "700000"
        await pilot.pause()
        assert field_error(app, "loan-amount") == ""
        await type_into(pilot, "#house-address", "演示市高新区梧桐路 18 号 2 栋 801 室")
        await type_into(pilot, "#house-area", "96.5")
        await type_into(pilot, "#seller-name", "演示市安居置业有限公司")
        await type_into(pilot, "#seller-phone", "0571-88886666")
        await pilot.press("ctrl+s")
        await wait_for_text(pilot, "月还款额   首月 3,166.66 元，末月 2,088.65 元")
        assert screen_name(app) == "LoanConfirmDialog"
        text = screen_text(app)
        assert "月还款额   首月 3,166.66 元，末月 2,088.65 元" in text and "受委托银行 演示市建设银行城南支行" in text
        await pilot.click("#submit")
        await wait_until(pilot, lambda: "贷款申请已提交" in screen_text(app), what="result")
        assert bells  # finished submission
        loan = runtime.store.conn.execute(
            "SELECT contract_no, status, amount, periods, method, annual_rate FROM loans WHERE member_id = 2"
        ).fetchone()
        assert tuple(loan)[1:] == ("processing", "500000.00", 240, "equal_principal", "2.60")
        text = screen_text(app)
        assert f"借款合同编号 {loan[0]}" in text and "利息总额     130,541.88 元" in text
        await pilot.press("escape")
        await wait_until(pilot, lambda: "审批中" in screen_text(app), what="home shows the contract")
        assert not app.screen.query_one("#apply-loan", Button).display
        row = next(line for line in screen_text(app).splitlines() if "贷款金额" in line)
        assert row.rstrip(" │").endswith("500,000.00 元")


async def test_who_may_not_borrow_is_told_why(app_for) -> None:
    app = app_for()
    async with app.run_test(size=(80, 24)) as pilot:
        await login(pilot)
        assert not app.screen.query_one("#apply-loan", Button).display
        await open_function(pilot, "loan_application")
        text = screen_text(app)
        assert "您暂不能申请公积金贷款：" in text
        assert "1. 有未结清的公积金贷款（合同 2015071536010038），结清后才能再次申请" in text
        assert "贷款条件：" in text and not app.screen.query_one("#loan-columns").display


# --- the certificate -------------------------------------------------------------------------------


async def test_certificate_shows_every_field_and_its_code_verifies(app_for) -> None:
    app = app_for()
    async with app.run_test(size=(80, 30)) as pilot:
        await login(pilot)
        await open_function(pilot, "certificate")
        text = screen_text(app)
        account = await app.client.account()
        for fact in (
            "个人住房公积金缴存证明",
            "姓　　名 张*",
            "证件号码 110105********0039",
            f"个人账号 {account.account_no}",
            "单位名称 演示市智联信息技术有限公司",
            "开户日期 2008-07-01",
            "账户状态 正常",
            "缴存基数 14,196.00 元",
            "月缴存额 3,407.04 元",
            "缴存比例 单位 12.00% 个人 12.00%",
            "账户余额 139,703.05 元",
            "缴存年月 2008年7月 至 2026年11月",
            "贷款记录 共 1 笔：还款中 1 笔",
            "2015071536010038 430,000.00 元 2015-07-15 发放 还款中",
            "演示市住房公积金管理中心",
            "出具日期：2026-11-22",
            "特此证明。",
        ):
            assert fact in text, fact
        assert "110105198503120039" not in text
        code = next(line for line in text.splitlines() if "验证码：" in line).split("验证码：")[1].split()[0]
        check = await app.client.verify_certificate(code)
        assert check.genuine and check.name_masked == "张*" and str(check.balance) == "139703.05"
        assert "E 导出" in text and "P 打印" in text  # the certificate can be exported and printed


# --- home and sound ----------------------------------------------------------------------------------


async def test_sound_switch_is_remembered_and_silences_the_bell(app_for, sound_file, bells) -> None:
    app = app_for()
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await login(pilot)
        assert str(app.screen.query_one("#toggle-sound", Button).label) == "关闭音效"
        app.bell()
        assert len(bells) == 1
        await pilot.click("#toggle-sound")
        await pilot.pause()
        assert str(app.screen.query_one("#toggle-sound", Button).label) == "开启音效"
        await wait_until(pilot, lambda: "已关闭音效" in screen_text(app), what="notice")
        assert json.loads(sound_file.read_text(encoding="utf-8")) == {"enabled": False}
        app.bell()
        await a_refusal_rings_nothing_when_muted(pilot)
        assert len(bells) == 1
    again = app_for()  # the next run
    async with again.run_test(size=(80, 24)) as pilot:
        await login(pilot)
        assert str(again.screen.query_one("#toggle-sound", Button).label) == "开启音效"
        again.bell()
        assert len(bells) == 1
        await pilot.click("#toggle-sound")
        await pilot.pause()
        again.bell()
        assert len(bells) == 2 and json.loads(sound_file.read_text(encoding="utf-8")) == {"enabled": True}


async def a_refusal_rings_nothing_when_muted(pilot) -> None:
    """An error on a form (which rings when sound is on) stays silent when muted."""
    await open_function(pilot, "withdraw_resignation")
    await settle(pilot)  # 张伟 is refused: the refusal rings the bell, unless muted
    await pilot.press("escape")
    await settle(pilot)


def test_the_default_place_is_the_state_folder(tmp_path, monkeypatch) -> None:
    from tui.sound import default_path

    monkeypatch.setenv("GJJ_STATE_DIR", str(tmp_path / "gjj-state"))
    assert default_path() == tmp_path / "gjj-state" / "sound.json"


def test_an_unwritable_state_folder_keeps_the_choice_for_this_run(tmp_path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    switch = SoundSwitch(blocker / "sound.json")
    assert switch.enabled is True
    assert switch.set_enabled(False) is False and switch.enabled is False and switch.save_error
    (tmp_path / "bad.json").write_text("{not json")
    assert SoundSwitch(tmp_path / "bad.json").enabled is True


async def test_top_bar_opens_the_task_lists_and_logs_out(app_for, runtime) -> None:
    app = app_for()
    async with app.run_test(size=(80, 24)) as pilot:
        await login(pilot)
        runtime.journal.clear()
        await pilot.press("f1")
        await wait_for_screen(pilot, "HelpScreen")
        await pilot.press("escape")
        await wait_for_screen(pilot, "HomeScreen")
        await settle(pilot)
        assert paths(runtime) == []  # back from a dialog nothing has changed: no reload
        top = screen_text(app).splitlines()[1]
        assert (
            top.index("消息 3 条未读")
            < top.index("我发起的 3 项")
            < top.index("已阅 11 条")
            < top.index("关闭音效")
            < top.index("退出")
        )
        await pilot.click("#task-applications")
        await wait_for_screen(pilot, "ApplicationsScreen")
        await pilot.press("escape")
        await wait_for_screen(pilot, "HomeScreen")
        await pilot.click("#top-logout")
        await wait_for_text(pilot, "确定要退出服务大厅吗？")
        assert screen_name(app) == "ConfirmDialog"
        assert "确定要退出服务大厅吗？" in screen_text(app)


# --- requests per screen -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("phone", "function_id", "expected"),
    [
        (CHEN_JING, "withdraw_resignation", ["POST /me/withdrawals/check"]),
        (HUANG_YONG, "withdraw_retirement", ["POST /me/withdrawals/check"]),
        (LI_NA, "loan_application", ["GET /me/loan-quota"]),
        (LI_NA, "messages", ["GET /me/messages"]),
        (LI_NA, "read_messages", ["GET /me/messages"]),
        (LI_NA, "applications", ["GET /me/applications"]),
        (LI_NA, "certificate", ["GET /me/deposit-certificate"]),
    ],
)
async def test_each_screen_makes_one_request_when_it_opens(app_for, runtime, phone, function_id, expected) -> None:
    app = app_for()
    async with app.run_test(size=(80, 24)) as pilot:
        await login(pilot, phone)
        runtime.journal.clear()
        await open_function(pilot, function_id)
        assert paths(runtime) == expected
        runtime.journal.clear()
        await pilot.press("escape")
        await settle(pilot)
        # Back on the home page: one request per panel, so the counters and balance are fresh.
        assert sorted(paths(runtime)) == ["GET /me/account", "GET /me/loans", "GET /me/tasks"]
