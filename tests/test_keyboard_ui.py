"""The keyboard alone: where Tab stops, where the focus goes after a refusal, what F1 lists, the home
menu's arrows, the loan screen's keys and the command palette, driven with Pilot through the real mock.
"""

from __future__ import annotations

from textual.widgets import Button, Input

from tests.conftest import CAPTCHA, DEMO_ID, make_app
from tests.test_accounts_ui import (
    WU_ID,
    WU_NAME,
    ZHOU_ID,
    ZHOU_NAME,
    banner,
    fill,
    open_function,
    open_registration,
    open_reset,
    pass_identity,
    value,
)
from tests.ui import (
    captcha_ready,
    field_error,
    login,
    open_screen,
    screen_name,
    screen_text,
    settle,
    wait_for_screen,
    wait_until,
)
from tui.textual_internals import notifications, render_lines


def focused_id(app) -> str | None:
    return app.focused.id if app.focused is not None else None


async def tab_round(pilot, stops: int) -> None:
    for _ in range(stops):
        await pilot.press("tab")


# --- 1. Tab stops only where something can be typed or pressed ------------------------------------------


async def test_tab_goes_round_the_fields_of_the_pre_login_flows(mock_app) -> None:
    app = make_app(mock_app)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_registration(pilot)
        assert all(isinstance(w, (Input, Button)) for w in app.screen.focus_chain)  # no container
        assert focused_id(app) == "name"
        await tab_round(pilot, 4)  # 证件号码, 验证码, 【信息验证】, and 姓名 again
        await pilot.press(*"周")
        assert value(app, "name") == "周"
        await pilot.press("escape")
        await wait_for_screen(pilot, "ConfirmDialog")
        await pilot.press("y")
        await wait_for_screen(pilot, "LoginScreen")
        await open_reset(pilot)
        await tab_round(pilot, 4)
        await pilot.press(*"王")
        assert value(app, "name") == "王"


async def test_tab_goes_round_the_fields_of_the_password_screens(mock_app) -> None:
    app = make_app(mock_app)
    async with app.run_test(size=(80, 24)) as pilot:
        await login(pilot)
        for function_id in ("change_password", "change_pay_password"):
            await open_function(pilot, function_id)
            assert focused_id(app) == "old"
            await tab_round(pilot, 4)  # 新密码, 确认密码, 【提交】, and 原密码 again
            await pilot.press(*"135")
            assert value(app, "old") == "135", function_id
            await pilot.press("escape")  # something typed: leaving asks first
            await wait_until(pilot, lambda: screen_name(app) == "ConfirmDialog")
            await pilot.press("y")
            await wait_until(pilot, lambda: screen_name(app) == "HomeScreen")
        await open_function(pilot, "reset_pay_password")
        assert app.focused is app.screen.sms_field.button
        await tab_round(pilot, 3)  # 【下一步】, the code, and 【获取短信验证码】 again
        assert app.focused is app.screen.sms_field.button
        assert all(isinstance(w, (Input, Button)) for w in app.screen.focus_chain)  # no container


async def test_tab_goes_round_the_fields_of_the_business_forms(mock_app) -> None:
    from textual.widgets import Select

    for username, function_id in (("13800000004", "withdraw_resignation"), ("13800000002", "loan_application")):
        app = make_app(mock_app)
        async with app.run_test(size=(80, 24)) as pilot:
            await login(pilot, username=username)
            await open_function(pilot, function_id)
            chain = app.screen.focus_chain
            assert chain and all(isinstance(w, (Input, Button, Select)) for w in chain), function_id
    # The loan's side panel of figures is a Tab stop only when it has more than it shows (to scroll it).
    app = make_app(mock_app)
    async with app.run_test(size=(80, 16)) as pilot:
        await login(pilot, username="13800000002")
        await open_function(pilot, "loan_application")
        side = app.screen.query_one("#loan-side")
        assert side.max_scroll_y > 0 and side in app.screen.focus_chain


async def test_the_agreement_text_still_scrolls_with_the_keys(mock_app) -> None:
    app = make_app(mock_app)
    async with app.run_test(size=(80, 24)) as pilot:
        await captcha_ready(pilot)
        await pilot.press("f2")
        await wait_for_screen(pilot, "RegistrationAgreementScreen")
        assert focused_id(app) == "agreement-text"
        await pilot.press("pagedown")
        await settle(pilot)
        assert app.screen.query_one("#agreement-text").scroll_y > 0


# --- 2. After a refusal, typing goes on where it makes sense --------------------------------------------


async def test_a_closed_account_is_refused_and_typing_starts_again_at_the_name(mock_app) -> None:
    app = make_app(mock_app)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_registration(pilot)
        await fill(pilot, {"name": ZHOU_NAME, "id_number": ZHOU_ID, "captcha": CAPTCHA})
        await pilot.click("#next")
        await wait_until(pilot, lambda: banner(app), what="refusal")
        await settle(pilot)
        assert banner(app) == "职工状态为销户状态，不允许注册。"
        assert focused_id(app) == "name"


async def test_already_registered_offers_direct_login_with_the_focus(mock_app) -> None:
    app = make_app(mock_app)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_registration(pilot)
        await fill(pilot, {"name": "张伟", "id_number": DEMO_ID, "captcha": CAPTCHA})
        await pilot.press("enter")
        await wait_until(pilot, lambda: banner(app), what="refusal")
        await settle(pilot)
        assert focused_id(app) == "side" and str(app.screen.query_one("#side", Button).label) == "直接登录"
        await pilot.press("enter")
        await wait_for_screen(pilot, "LoginScreen")
        assert value(app, "username") == DEMO_ID and focused_id(app) == "password"


async def test_a_wrong_name_in_forgotten_password_goes_back_to_the_name(mock_app) -> None:
    app = make_app(mock_app)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_reset(pilot)
        await fill(pilot, {"name": "张三", "id_number": DEMO_ID, "captcha": CAPTCHA})
        await pilot.press("enter")
        await wait_until(pilot, lambda: banner(app), what="refusal")
        await settle(pilot)
        assert banner(app) == "姓名与证件号码不符，请核对后重新验证。"
        assert focused_id(app) == "name"
        await pilot.press(*"张伟")  # the whole name was selected: typing replaces it
        assert value(app, "name") == "张伟" and value(app, "id_number") == DEMO_ID


async def test_not_registered_in_forgotten_password_offers_registration_with_the_focus(mock_app) -> None:
    app = make_app(mock_app)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_reset(pilot)
        await fill(pilot, {"name": WU_NAME, "id_number": WU_ID, "captcha": CAPTCHA})
        await pilot.press("enter")
        await wait_until(pilot, lambda: banner(app), what="refusal")
        await settle(pilot)
        assert focused_id(app) == "side"
        await pilot.press("enter")
        await wait_for_screen(pilot, "RegistrationAgreementScreen")


async def test_a_refused_sms_request_leaves_the_focus_where_enter_asks_again(mock_app, admin) -> None:
    app = make_app(mock_app)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_registration(pilot)
        await pass_identity(pilot, WU_NAME, WU_ID)
        await admin.post("/faults", json={"path_prefix": "/api/v1/registration/sms", "status": 503, "count": 1})
        await pilot.press("enter")  # 【获取短信验证码】
        await wait_until(pilot, lambda: field_error(app, "sms_code"), what="refusal")
        await settle(pilot)
        button = app.screen.sms_field.button
        assert app.focused is button
        await wait_until(pilot, lambda: not button.has_class("-active"), what="the press effect over")
        await pilot.press("enter")  # again, and this time it is sent
        await wait_until(pilot, lambda: app.screen.sms_field.sent_to, what="code sent")
        await settle(pilot)
        assert focused_id(app) == "sms_code"


async def test_password_change_refusals_keep_the_focus_in_the_form(mock_app, admin) -> None:
    app = make_app(mock_app)
    async with app.run_test(size=(80, 24)) as pilot:
        await login(pilot)
        await open_function(pilot, "change_password")
        await fill(pilot, {"old": "demo1234", "new": "newpass88", "confirm": "newpass88"})
        await admin.post("/faults", json={"path_prefix": "/api/v1/me/password", "status": 503, "count": 1})
        await pilot.click("#submit")
        await wait_until(pilot, lambda: app.screen.query_one("#flow-banner").display, what="refusal")
        await settle(pilot)
        assert focused_id(app) == "old"
        assert [value(app, i) for i in ("old", "new", "confirm")] == ["demo1234", "newpass88", "newpass88"]


async def test_business_submissions_that_fail_leave_enter_on_the_way_to_retry(mock_app, admin) -> None:
    from tests.test_accounts_ui import latest_code
    from tests.ui import type_into

    app = make_app(mock_app)
    async with app.run_test(size=(80, 24)) as pilot:
        await login(pilot, username="13800000004")  # 陈静: may take 离职提取
        await open_function(pilot, "withdraw_resignation")
        await type_into(pilot, "#amount", "1000")
        await type_into(pilot, "#pay-password", "135790")
        await admin.post("/faults", json={"path_prefix": "/api/v1/me/withdrawals/sms", "status": 503})
        await pilot.click("#send-sms")
        await wait_until(pilot, lambda: field_error(app, "sms-code"), what="SMS refusal")
        await settle(pilot)
        assert focused_id(app) == "send-sms"
        await wait_until(pilot, lambda: not app.screen.query_one("#send-sms").has_class("-active"), what="press over")
        await pilot.press("enter")
        await wait_until(pilot, lambda: focused_id(app) == "sms-code", what="code sent")
        await type_into(pilot, "#sms-code", latest_code(mock_app.state.runtime, "13800000004"))
        await pilot.press("enter")
        await wait_for_screen(pilot, "WithdrawalConfirmDialog")
        # A submission with an Idempotency-Key is retried by the client: the fault outlasts its four tries.
        fault = {"path_prefix": "/api/v1/me/withdrawals", "status": 503, "method": "POST", "count": 4}
        await admin.post("/faults", json=fault)
        await pilot.click("#submit")
        await wait_until(pilot, lambda: "提交未完成" in screen_text(app), what="failure")
        await settle(pilot)
        assert focused_id(app) == "next"
    app = make_app(mock_app)
    async with app.run_test(size=(80, 24)) as pilot:
        await login(pilot, username="13800000002")  # 李娜: may apply for a loan
        await open_function(pilot, "loan_application")
        for input_id, text in (
            ("loan-amount", "300000"),
            ("loan-periods", "120"),
            ("house-address", "梧桐路 18 号"),
            ("house-area", "90"),
            ("house-price", "600000"),
            ("seller-name", "安居置业"),
            ("seller-phone", "0571-88886666"),
        ):
            await type_into(pilot, f"#{input_id}", text)
        await pilot.press("ctrl+s")
        await wait_for_screen(pilot, "LoanConfirmDialog")
        await admin.post("/faults", json={"path_prefix": "/api/v1/me/loan-applications", "status": 503, "count": 4})
        await pilot.click("#submit")
        await wait_until(pilot, lambda: "提交未完成" in screen_text(app), what="failure")
        await settle(pilot)
        assert focused_id(app) == "submit"


async def test_not_registered_at_login_is_told_as_a_wrong_password(mock_app) -> None:
    """The login answer never says whether an account exists (issue 15): the member not yet registered
    reads what a wrong password reads, at the password, where the focus goes to try again."""
    from tests.ui import fill_login

    app = make_app(mock_app)
    async with app.run_test(size=(80, 24)) as pilot:
        await fill_login(pilot, WU_ID, "whatever1")
        await wait_until(pilot, lambda: field_error(app, "password"), what="refusal")
        await settle(pilot)
        assert field_error(app, "password") == "证件号码/手机号或密码错误，还可以再试 4 次"
        assert field_error(app, "username") == ""
        assert focused_id(app) == "password"


# --- 3. Keys that would do nothing are not offered -------------------------------------------------------


def offered(app, key: str) -> bool:
    """The key is live on the screen (and so in the footer when it is shown there, and in F1)."""
    active = app.screen.active_bindings.get(key)
    return active is not None and active.enabled


async def test_the_loan_detail_key_is_offered_only_with_a_detail_to_show(mock_app) -> None:
    from textual.widgets import Select

    app = make_app(mock_app)
    async with app.run_test(size=(100, 30)) as pilot:
        await login(pilot, username="13800000003")  # 王强: settled, approved but not disbursed, repaying
        await open_screen(pilot, "f5", "LoanAccountScreen")
        assert offered(app, "d") and "D 查看详细信息" in screen_text(app)
        assert not offered(app, "ctrl+t")  # nothing to switch between on this page
        approved = (await app.client.loans())[2].contract_no
        app.screen.query_one("#contract", Select).value = approved
        await wait_until(pilot, lambda: f"此合同【{approved}】的贷款未发放" in screen_text(app), what="answer")
        await settle(pilot)
        assert not offered(app, "d") and "查看详细信息" not in screen_text(app)
        await pilot.press("d")
        await pilot.pause()
        assert screen_name(app) == "LoanAccountScreen"
    app = make_app(mock_app)
    async with app.run_test(size=(100, 30)) as pilot:
        await login(pilot, username="13800000002")  # 李娜: no loan
        await open_screen(pilot, "f5", "LoanAccountScreen")
        assert "您未办理贷款业务" in screen_text(app)
        assert not offered(app, "d") and "查看详细信息" not in screen_text(app)


async def test_switch_view_is_offered_where_there_are_views_to_switch(mock_app) -> None:
    app = make_app(mock_app)
    async with app.run_test(size=(100, 30)) as pilot:
        await login(pilot, username="13800000002")  # 李娜: no loan, so no plan and its charts
        await open_screen(pilot, "f7", "RepaymentPlanScreen")
        assert "您未办理贷款业务" in screen_text(app)
        assert not offered(app, "ctrl+t") and "切换视图" not in screen_text(app)
    app = make_app(mock_app)
    async with app.run_test(size=(100, 30)) as pilot:
        await login(pilot)
        await open_screen(pilot, "f7", "RepaymentPlanScreen")
        assert offered(app, "ctrl+t") and "切换视图" in screen_text(app)
        tabs = app.screen.query_one("#plan-tabs")
        await pilot.press("ctrl+t")
        await wait_until(pilot, lambda: tabs.active == "tab-balance", what="the next view")


async def test_the_contract_dropdown_lists_only_contracts_once_loaded(mock_app) -> None:
    from textual.widgets import Select

    app = make_app(mock_app)
    async with app.run_test(size=(100, 30)) as pilot:
        await login(pilot, username="13800000003")  # 王强: three contracts
        await open_screen(pilot, "f5", "LoanAccountScreen")
        select = app.screen.query_one("#contract", Select)
        select.focus()
        await pilot.press("enter")
        await wait_until(pilot, lambda: select.expanded, what="the list open")
        await settle(pilot)
        text = screen_text(app)
        assert all(loan.contract_no in text for loan in await app.client.loans())
        assert "正在加载合同" not in text
        await pilot.press("escape")
        await pilot.pause()
        assert select.value == app.screen.contract_no and not select.is_blank()


# --- 4. The home menu's arrows, and F1 on the home page and the login screen -----------------------------


async def test_the_menu_arrows_stop_at_the_edges(mock_app) -> None:
    app = make_app(mock_app)
    async with app.run_test(size=(80, 24)) as pilot:
        await login(pilot)
        left, right = app.screen.query_one("#menu-0"), app.screen.query_one("#menu-1")
        left.focus()
        await pilot.press("right")
        assert app.focused is right
        await pilot.press("right")  # no wrap back to the left column
        assert app.focused is right
        await pilot.press("left", "left")
        assert app.focused is left


async def test_f1_on_the_home_page_lists_the_menu_keys_with_their_ids(mock_app) -> None:
    app = make_app(mock_app)
    async with app.run_test(size=(80, 24)) as pilot:
        await login(pilot)
        rows = {keys: (text, ids) for keys, text, ids in app.key_help(app.screen)}
        assert rows["←/→"] == ("切换到左列/右列", "home.left home.right")
        assert rows["Enter"] == ("打开所选功能", "home.open")
        await pilot.press("f1")
        await wait_for_screen(pilot, "HelpScreen")
        await settle(pilot)
        line = next(line for line in screen_text(app).splitlines() if "←/→" in line)
        assert "切换到左列/右列" in line and "home.left home.right" in line
        assert "编号" in screen_text(app)


async def test_f1_on_the_login_screen_lists_enter(mock_app) -> None:
    app = make_app(mock_app)
    async with app.run_test(size=(80, 24)) as pilot:
        await captcha_ready(pilot)
        assert focused_id(app) == "username"
        await pilot.press("f1")
        await wait_for_screen(pilot, "HelpScreen")
        await settle(pilot)
        line = next((line for line in screen_text(app).splitlines() if "Enter" in line), "")
        assert "到下一个未填的输入框；都填好后登录" in line and "login.submit" in line


# --- 5. F1 fits at 80×24, scrolls only up and down, and names keys as printed -----------------------------


async def test_f1_on_the_repayment_plan_fits_and_scrolls_only_vertically(mock_app) -> None:
    app = make_app(mock_app)
    async with app.run_test(size=(80, 24)) as pilot:
        await login(pilot)
        await open_screen(pilot, "f7", "RepaymentPlanScreen")
        await pilot.press("f1")
        await wait_for_screen(pilot, "HelpScreen")
        await settle(pilot)
        box = app.screen.query_one(".help-dialog")
        assert box.region.y >= 0 and box.region.bottom <= 24 and box.region.right <= 80
        scroll = app.screen.query_one("#help-keys")
        assert app.focused is scroll and scroll.max_scroll_x == 0
        text = screen_text(app)
        assert "PgUp" in text and "PgDn" in text and "Pageup" not in text and "Pagedown" not in text
        await pilot.press("end")
        await settle(pilot)
        assert scroll.scroll_x == 0 and scroll.scroll_y == scroll.max_scroll_y > 0
        text = screen_text(app)
        assert "Tab/Shift+Tab" in text  # the last row
        # The longest description is wrapped, not cut: every piece of it is on the screen.
        lines = text.splitlines()
        start = next(i for i, line in enumerate(lines) if "生成打印版" in line)
        assert "print" in lines[start]  # the id column
        joined = "".join(lines[start : start + 3]).replace("print", "")
        joined = "".join(ch for ch in joined if ch not in " █╸╺━▁▂▃▄▅▆▇▊▌▐")  # the scroll bar, wherever it is
        assert "P生成打印版PDF并发送到打印机（未配置打印机时保存文件）" in joined


# --- 6, 7. The command palette: Chinese throughout, and useful before login --------------------------------


async def palette_search(pilot, query: str) -> str:
    """Open Ctrl+P, type ``query`` and return what the palette shows once it has settled."""
    app = pilot.app
    if screen_name(app) != "CommandPalette":
        await pilot.press("ctrl+p")
        await wait_for_screen(pilot, "CommandPalette")
    await pilot.press(*query)
    await pilot.pause(0.8)  # past the palette's own wait before it says there is nothing
    await settle(pilot)
    return screen_text(app)


async def test_the_palette_speaks_chinese_even_when_nothing_matches(mock_app) -> None:
    from textual.command import CommandInput

    app = make_app(mock_app)
    async with app.run_test(size=(80, 24)) as pilot:
        await captcha_ready(pilot)
        await pilot.press("ctrl+p")
        await wait_for_screen(pilot, "CommandPalette")
        assert app.screen.query_one(CommandInput).placeholder == "输入功能名称或拼音首字母（如 hkjh 还款计划）"
        text = await palette_search(pilot, "qqqq")
        assert "没有找到“qqqq”" in text and "No matches" not in text
        await pilot.press("escape")
        await wait_for_screen(pilot, "LoginScreen")
        await pilot.press("ctrl+p")
        text = await palette_search(pilot, "pszt")
        await pilot.press("enter")  # 切换配色主题
        await wait_until(
            pilot,
            lambda: (
                screen_name(app) == "CommandPalette"
                and app.screen.query_one(CommandInput).placeholder == "输入配色主题的名称"
            ),
            what="themes",
        )
        text = await palette_search(pilot, "qqqq")
        assert "没有找到“qqqq”" in text and "No matches" not in text


async def test_before_login_the_palette_offers_what_the_login_screen_does(mock_app) -> None:
    app = make_app(mock_app)
    async with app.run_test(size=(80, 24)) as pilot:
        await captcha_ready(pilot)
        assert "注册（首次使用）" in await palette_search(pilot, "zc")
        await pilot.press("enter")
        await wait_for_screen(pilot, "RegistrationAgreementScreen")
        await pilot.press("escape")
        await wait_for_screen(pilot, "LoginScreen")
        assert "忘记密码" in await palette_search(pilot, "wjmm")
        await pilot.press("enter")
        await wait_for_screen(pilot, "PasswordResetScreen")
        await pilot.press("escape")
        await wait_for_screen(pilot, "LoginScreen")
        await captcha_ready(pilot)
        old = app.screen.captcha_id
        assert "换一张验证码" in await palette_search(pilot, "yzm")
        await pilot.press("enter")
        await wait_until(pilot, lambda: app.screen.captcha_id not in (None, old), what="a new captcha")
        assert "帮助：本页按键" in await palette_search(pilot, "bz")
        await pilot.press("escape")
        text = await palette_search(pilot, "tc")
        assert "退出程序" in text and "退出服务大厅" not in text  # nobody to log out yet


async def test_before_login_a_hall_function_says_it_needs_login(mock_app) -> None:
    app = make_app(mock_app)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await captcha_ready(pilot)
        text = await palette_search(pilot, "hkjh")
        assert "登录后可用：公积金贷款还款计划查询" in text
        await pilot.press("enter")
        await wait_for_screen(pilot, "LoginScreen")
        await settle(pilot)
        assert "需要登录" in screen_text(app)  # the notice's title; its text wraps in the narrow toast
        assert [str(n.message) for n in notifications(app)] == ["请先登录，再使用【公积金贷款还款计划查询】。"]
        assert len(app.screen_stack) == 1 and not app.client.signed_in
        await login(pilot)
        assert "公积金贷款还款计划查询" in await palette_search(pilot, "hkjh")
        assert "登录后可用" not in screen_text(app)
        await pilot.press("enter")
        await wait_for_screen(pilot, "RepaymentPlanScreen")


# --- 9. The focused field is marked by a character, not only by a shade of grey -----------------------------


def first_cell(app, widget) -> str:
    """The character drawn in the widget's first column (what NO_COLOR leaves of it, too)."""
    x, y = widget.region.x, widget.region.y
    return str(render_lines(app.screen)[y].crop(x, x + 1).text)


async def marks_only_the_focused(pilot, input_ids: list[str]) -> None:
    app = pilot.app
    inputs = [app.screen.query_one(f"#{input_id}", Input) for input_id in input_ids]
    text_columns = {field.id: field.content_region.x for field in inputs}
    for current in inputs:
        current.focus()
        await settle(pilot)
        assert [first_cell(app, field) for field in inputs] == ["▌" if field is current else " " for field in inputs]
        # The column is kept free when unfocused: nothing moves as the focus does.
        assert {field.id: field.content_region.x for field in inputs} == text_columns


async def test_only_the_focused_field_shows_the_focus_bar(mock_app) -> None:
    app = make_app(mock_app)
    async with app.run_test(size=(80, 24)) as pilot:
        await captcha_ready(pilot)
        await marks_only_the_focused(pilot, ["username", "password", "captcha"])
        await open_reset(pilot)
        await marks_only_the_focused(pilot, ["name", "id_number", "captcha"])


async def test_the_form_keys_appear_in_the_footer_once_the_form_is_in(mock_app) -> None:
    app = make_app(mock_app)
    async with app.run_test(size=(80, 24)) as pilot:
        await login(pilot, username="13800000004")  # 陈静: may take 离职提取
        await open_function(pilot, "withdraw_resignation")
        await wait_until(pilot, lambda: "最多可提取" in screen_text(app), what="the form")
        await settle(pilot)
        assert offered(app, "ctrl+s") and "Ctrl+S 下一步" in screen_text(app).splitlines()[-1]
    app = make_app(mock_app)
    async with app.run_test(size=(80, 24)) as pilot:
        await login(pilot)  # the demo persona: a loan outstanding, so no 离职提取
        await open_function(pilot, "withdraw_resignation")
        await wait_until(pilot, lambda: "您暂不符合离职提取条件" in screen_text(app), what="the refusal")
        await settle(pilot)
        assert not offered(app, "ctrl+s") and "下一步" not in screen_text(app).splitlines()[-1]
    app = make_app(mock_app)
    async with app.run_test(size=(80, 24)) as pilot:
        await login(pilot, username="13800000002")  # 李娜: no loan, may apply
        await open_function(pilot, "loan_application")
        await wait_until(pilot, lambda: app.screen.query_one("#loan-columns").display, what="the loan form")
        await settle(pilot)
        assert offered(app, "ctrl+s") and "提交申请" in screen_text(app).splitlines()[-1]


async def test_an_open_dropdown_says_its_esc_in_chinese(mock_app) -> None:
    app = make_app(mock_app)
    async with app.run_test(size=(80, 24)) as pilot:
        await login(pilot, username="13800000004")  # 陈静: the 离职提取 form has the 收款账户 dropdown
        await open_function(pilot, "withdraw_resignation")
        await wait_until(pilot, lambda: "最多可提取" in screen_text(app), what="the form")
        app.screen.query_one("#account-choice").focus()
        await pilot.press("enter")
        await wait_until(pilot, lambda: "其他本人银行卡" in screen_text(app), what="the open list")
        await settle(pilot)
        footer = screen_text(app).splitlines()[-1]
        assert "Esc 收起列表" in footer and "Dismiss" not in footer
        await pilot.press("escape")
        await settle(pilot)
        assert screen_name(app) == "ResignationWithdrawalScreen" and "其他本人银行卡" not in screen_text(app)
