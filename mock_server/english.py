"""The language of the mock's error messages: Chinese, or English when the request prefers it.

A request that prefers English in its ``Accept-Language`` (``en``, ``en-US``, ``en,zh-CN;q=0.5``) gets
every error ``message`` in English; any other request, or none, gets Chinese. Codes, details and the
shape of the body never change, and every error answer says which it is in ``Content-Language``.

The messages are written in Chinese where they are raised: a fixed text, or a ``Phrase`` (a template and
its fields, ``api_client.domain.phrase``) when it carries figures. ``ENGLISH`` below has the English of each
Chinese text and template the mock says itself; what the shared domain rules say (ID numbers, amounts,
passwords, loan rules, retirement) has its English in the client's catalog, which both use. A message
with any piece lacking English goes out whole in Chinese rather than half translated (and is logged);
``tests/test_mock_english.py`` fails on any such piece the mock can send.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable

from api_client.domain.phrase import say
from api_client.i18n import catalog

log = logging.getLogger("gjj.mock")

ZH, EN = "zh-CN", "en"
CJK = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff01-\uff60]")


def negotiate(accept_language: str | None) -> str:
    """``EN`` when ``accept_language`` prefers English to Chinese, else ``ZH`` (the default).

    Each range weighs its ``q`` (1 when absent; 0 refuses it), a tie going to the one listed first;
    ranges of other languages, ``*`` and unreadable parts count for nothing."""
    ranked: list[tuple[float, int, str]] = []
    for position, part in enumerate((accept_language or "").split(",")):
        tag, _, params = part.strip().partition(";")
        primary = tag.strip().lower().split("-")[0]
        if primary not in ("en", "zh"):
            continue
        q = 1.0
        for param in params.split(";"):
            name, _, value = param.strip().partition("=")
            if name.strip().lower() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        if q > 0:
            ranked.append((q, -position, EN if primary == "en" else ZH))
    return max(ranked)[2] if ranked else ZH


def language_of(headers: Iterable[tuple[bytes, bytes]]) -> str:
    """The language of the answer to a request with these (ASGI) headers."""
    for name, value in headers:
        if name.lower() == b"accept-language":
            return negotiate(value.decode("latin-1"))
    return ZH


def header_language(headers: object) -> str:
    """The language of the answer to a request with these headers (Starlette's ``request.headers``)."""
    getter = getattr(headers, "get", None)
    return negotiate(getter("accept-language") if callable(getter) else None)


def english_of(text: str) -> str | None:
    """The English of one Chinese text or template, or None when there is none."""
    if text in ENGLISH:
        return ENGLISH[text]
    translated = catalog("en").gettext(text)
    return translated if translated != text else None


def _translate(text: str) -> str:
    english = english_of(text)
    return text if english is None else english


def in_language(message: str, language: str) -> str:
    """``message`` (Chinese, a ``Phrase`` or a ``Listing``) in ``language``: itself in Chinese; in English
    when every piece of it has English, else (logged) the Chinese whole."""
    if language != EN or not CJK.search(message):
        return str(message)
    english = say(message, _translate)
    if CJK.search(english):
        log.warning("no English for the error message %r", str(message))
        return str(message)
    return english


# The English of every Chinese text and template the mock's errors are made of. Keys are the Chinese
# exactly as the code writes it (with its {fields}); values keep the same fields.
ENGLISH: dict[str, str] = {
    # the API's own refusals (app.py)
    "请求的地址不存在": "No such address",
    "不支持该请求方法": "This method is not allowed here",
    "请求内容无法解析：应为 UTF-8 编码的 JSON 对象": "The request body cannot be read: it must be a UTF-8 JSON object",
    "服务器内部错误，请稍后重试": "The server failed. Please try again later",
    "请求内容不是有效的 JSON": "The request body is not valid JSON",
    "请求内容应为 JSON 对象": "The request body must be a JSON object",
    "缺少 Idempotency-Key 请求头：每次提交须带一个唯一的键，重试时沿用": (
        "The Idempotency-Key header is missing: send a unique key with each submission and reuse it on retry"
    ),
    "Idempotency-Key 应为 8–64 位英文字母、数字、- 或 _": "Idempotency-Key must be 8-64 letters, digits, - or _",
    "缺少{label}": "{label} is missing",
    "{label}格式不正确，应为 YYYY-MM-DD": "{label} must be a date, YYYY-MM-DD",
    "{label}应为整数": "{label} must be a whole number",
    "{label}超出允许的范围": "{label} is out of range",
    "{label}长度不正确": "{label} has the wrong length",
    "{label}应为文本": "{label} must be text",
    "{label}不正确": "{label} is not valid",
    "不支持的业务类型：{value}": "Unknown transaction type: {value}",
    "排序只能是 asc（从早到晚）或 desc（从晚到早）": "Order must be asc (oldest first) or desc (newest first)",
    "请求内容过大（不能超过 {limit} KB）": "The request is too large (at most {limit} KB)",
    "需要模拟服务器的管理令牌（gjj-mock --admin-token）": "The mock server's admin token is required (gjj-mock --admin-token)",
    "请求": "Request",
    # the request fields, as the validation messages name them
    "证件号码/手机号": "ID number or mobile number",
    "密码": "Password",
    "验证码": "Captcha",
    "起始日期": "Start date",
    "截止日期": "End date",
    "页码": "Page",
    "每页条数": "Page size",
    "业务类型": "Transaction type",
    "姓名": "Name",
    "证件号码": "ID number",
    "手机号码": "Mobile number",
    "办理凭证": "Ticket",
    "短信验证码": "SMS code",
    "原密码": "Old password",
    "新密码": "New password",
    "消息状态": "Message status",
    "排序": "Order",
    "提取类型": "Withdrawal type",
    "金额": "Amount",
    "贷款期数": "Term",
    "业务编号": "Application number",
    "消息编号": "Message number",
    "合同编号": "Contract number",
    # queries
    "起始日期不能晚于截止日期": "The start date cannot be after the end date",
    "未找到请求的数据": "Not found",
    "页码从 1 开始": "Pages start at 1",
    "页码不能超过 {max_page}": "The page cannot be over {max_page}",
    "每页条数应在 1 到 {max_size} 之间": "The page size must be 1 to {max_size}",
    "未找到该业务": "No such application",
    "未找到该缴存人": "No such member",
    "status 应为 unread（消息）或 read（已阅）": "status must be unread or read",
    "该消息不存在或已删除": "No such message, or it was deleted",
    "未找到借款合同【{contract_no}】": "No loan contract {contract_no}",
    "此合同【{contract_no}】的贷款未发放": "The loan of contract {contract_no} has not been disbursed",
    "此合同【{contract_no}】的贷款已结清": "The loan of contract {contract_no} is settled",
    "验证码应为 {length} 位字母和数字（如 ABCD-EFGH-JKMN）": (
        "The certificate code is {length} letters and digits (e.g. ABCD-EFGH-JKMN)"
    ),
    # login and sessions
    "验证码已失效，请刷新后重新输入": "The captcha is no longer valid. Refresh it and try again",
    "验证码已过期，请刷新后重新输入": "The captcha has expired. Refresh it and try again",
    "验证码错误，请重新输入": "Wrong captcha. Please try again",
    "证件号码/手机号或密码错误，还可以再试 {remaining} 次": (
        "Wrong ID number, mobile number or password. {remaining} tries left"
    ),
    "密码连续输错 {failures} 次，账户已锁定，请 {minutes} 分钟后再试，或通过【忘记密码】重设密码": (
        "Wrong password {failures} times: the account is locked. Try again in {minutes} minutes, "
        "or reset the password with Forgot password"
    ),
    "登录已失效，请重新登录": "Your session has ended. Please log in again",
    "登录已超时，请重新登录": "Your session has timed out. Please log in again",
    "请先登录": "Please log in first",
    "访问令牌已过期": "The access token has expired",
    # SMS codes
    "短信验证码发送过于频繁，请 {seconds} 秒后再试": "SMS codes were sent too often. Try again in {seconds} seconds",
    "该手机号一小时内获取验证码已达 5 次上限，请稍后再试": (
        "This mobile number has had 5 SMS codes this hour, the most allowed. Please try again later"
    ),
    "请先获取短信验证码": "Get an SMS code first",
    "短信验证码已过期，请重新获取": "The SMS code has expired. Get a new one",
    "短信验证码错误次数过多，已失效，请重新获取": "Too many wrong SMS codes: this one no longer works. Get a new one",
    "短信验证码错误，还可以再试 {remaining} 次": "Wrong SMS code. {remaining} tries left",
    "请输入短信验证码": "Enter the SMS code",
    "短信验证码为 6 位数字": "The SMS code is 6 digits",
    # registration, password reset, password changes
    "注册": "registration",
    "找回登录密码": "login password reset",
    "找回支付密码": "payment password reset",
    "请重新进行信息校验": "Please verify your identity again",
    "请重新获取短信验证码": "Please get a new SMS code",
    "{flow}信息已失效，{restart}": "This {flow} is no longer valid. {restart}",
    "本次{flow}已经完成，请勿重复提交": "This {flow} is already complete. Do not submit it again",
    "操作超时（{minutes} 分钟内未完成），{restart}": "Timed out (not completed within {minutes} minutes). {restart}",
    "请先完成短信校验": "Verify the SMS code first",
    "请及时告知单位经办人，由单位经办人在网厅单位版上进行修改。": (
        "Ask your employer's handler to correct it in the hall's employer edition."
    ),
    "如果没有在中心登记手机号码，需要到中心所属任一服务大厅登记手机号码。": (
        "If no mobile number is on the records, register one at any of the fund centre's service halls."
    ),
    "请按步骤办理": "Please follow the steps in order",
    "办理信息已失效，请重新开始": "This session is no longer valid. Please start again",
    "请输入姓名": "Enter your name",
    "请输入手机号码": "Enter your mobile number",
    "手机号码应为以 1 开头的 11 位数字": "The mobile number is 11 digits starting with 1",
    "个人信息有误，注册失败：姓名与证件号码不符，或未在中心登记。{advice}": (
        "Registration failed: the name does not match the ID number, or you are not on the fund centre's "
        "records. {advice}"
    ),
    "职工状态为销户状态，不允许注册。": "The account is closed: it cannot be registered.",
    "您已注册过个人信息，请直接使用证件号码或手机号登录，不需要重复注册。": (
        "You are already registered. Log in with your ID number or mobile number."
    ),
    "姓名与证件号码不符，请核对后重新验证。": "The name does not match the ID number. Please check and try again.",
    "该公积金账户已销户，不能找回网上服务大厅的登录密码。": (
        "This provident fund account is closed: its Online Service Hall password cannot be reset."
    ),
    "您尚未注册网上服务大厅，请先注册。": "You are not registered for the Online Service Hall. Please register first.",
    "手机号码与在中心预留的手机号码不一致。{advice}": (
        "The mobile number is not the one on the fund centre's records. {advice}"
    ),
    "新密码不能与原密码相同": "The new password must differ from the old one",
    "原密码连续输错 {failures} 次，账户已锁定 15 分钟并退出登录": (
        "Wrong old password {failures} times: the account is locked for 15 minutes and logged out"
    ),
    "原密码错误，还可以再试 {remaining} 次": "Wrong old password. {remaining} tries left",
    "您尚未设置支付密码，请通过【支付密码找回】设置。": (
        "You have no payment password yet. Set one with Payment password recovery."
    ),
    "找回支付密码信息已失效，{restart}": "This payment password reset is no longer valid. {restart}",
    # payment password
    "支付密码错误": "Wrong payment password",
    "原支付密码错误": "Wrong old payment password",
    "{wrong}，还可以再试 {remaining} 次": "{wrong}. {remaining} tries left",
    "支付密码今日已连续输错 {tries} 次，请明日再试，或通过【支付密码找回】重新设置": (
        "Wrong payment password {tries} times today. Try again tomorrow, or set a new one with Payment "
        "password recovery"
    ),
    "支付密码已连续输错 {tries} 次，今日不能再使用支付密码，请明日再试或通过【支付密码找回】重新设置": (
        "Wrong payment password {tries} times: it cannot be used again today. Try again tomorrow, or set a new "
        "one with Payment password recovery"
    ),
    # withdrawals
    "请输入支付密码": "Enter the payment password",
    "请填写收款银行卡的开户银行": "Enter the bank of the receiving card",
    "该 Idempotency-Key 已用于另一笔不同的申请，请使用新的键": (
        "This Idempotency-Key was used for a different application. Use a new key"
    ),
    "不符合{kind}条件：{reasons}": "Not eligible for {kind}: {reasons}",
    "提取金额不能超过可提取金额 {amount} 元": "The amount cannot exceed the {amount} CNY available",
    "提取金额": "Withdrawal amount",
    "离退休提取须一次提取账户全部余额 {amount} 元": "A retirement withdrawal takes the whole balance, {amount} CNY, at once",
    "账户已冻结（冻结金额 {amount} 元），冻结期间不能办理提取": (
        "The account is frozen ({amount} CNY frozen): no withdrawal while it is frozen"
    ),
    "账户已销户，不能办理提取": "The account is closed: no withdrawal",
    "账户状态为正常（单位仍在为您缴存），离职提取须在账户封存后办理": (
        "The account is active (your employer still deposits): a resignation withdrawal needs a sealed account"
    ),
    "账户封存未满 {months} 个月（封存日期 {sealed_on}，已封存 {sealed} 个月），{ready} 起可以申请": (
        "The account has been sealed for less than {months} months (sealed on {sealed_on}, {sealed} months so "
        "far). You may apply from {ready}"
    ),
    "尚未达到法定退休年龄（您的法定退休年龄为 {age}），{month}起可以申请": (
        "You have not reached the statutory retirement age ({age}). You may apply from {month}"
    ),
    "有未结清的公积金贷款（合同 {contract_no}），须结清后才能办理": (
        "A provident fund loan is outstanding (contract {contract_no}): settle it first"
    ),
    "有正在办理的公积金贷款（合同 {contract_no}），须办结并结清后才能办理": (
        "A provident fund loan is in progress (contract {contract_no}): it must be finished and settled first"
    ),
    "已有{kind}申请（业务编号 {number}）正在办理中，办结后才能再次申请": (
        "A {kind} application ({number}) is in progress. You may apply again once it is finished"
    ),
    "账户余额为 0，没有可提取的金额": "The balance is 0: there is nothing to withdraw",
    # the centre's names the messages use
    "离职提取": "resignation withdrawal",
    "离退休提取": "retirement withdrawal",
    "购房提取": "house purchase withdrawal",
    "偿还贷款提取": "loan repayment withdrawal",
    "公积金贷款": "provident fund loan",
    "正常": "active",
    "封存": "sealed",
    "冻结": "frozen",
    "销户": "closed",
    # loan applications
    "暂不能申请公积金贷款：{reasons}": "You cannot apply for a provident fund loan yet: {reasons}",
    "账户状态为{status}，只有状态正常的账户可以申请公积金贷款": (
        "The account is {status}: only an active account may apply for a provident fund loan"
    ),
    "须连续缴存 {required} 个月以上才能申请（目前连续缴存 {months} 个月）": (
        "You need {required} months of deposits in a row to apply (so far: {months})"
    ),
    "有未结清的公积金贷款（合同 {contract_no}），结清后才能再次申请": (
        "A provident fund loan is outstanding (contract {contract_no}): settle it before applying again"
    ),
    "有正在办理的公积金贷款（合同 {contract_no}），不能重复申请": (
        "A provident fund loan is in progress (contract {contract_no}): you cannot apply twice"
    ),
    "按账户余额计算的可贷额度 {limit} 元，低于最低贷款金额 {minimum} 元": (
        "The loan limit from your balance, {limit} CNY, is below the minimum loan of {minimum} CNY"
    ),
    "请填写{label}": "Enter the {label}",
    "{label}应为 {low}–{high} 个字": "{label} must be {low}-{high} characters",
    "房屋坐落": "house address",
    "售房人": "seller",
    "房屋性质应为{choices}": "The house type must be {choices}",
    "或": " or ",
    "商品房": "commercial housing",
    "二手房": "second-hand housing",
    "建筑面积应为数字，如 89.5": "The floor area must be a number, e.g. 89.5",
    "建筑面积应在 10–1000 平方米之间": "The floor area must be 10-1000 square metres",
    "售房人联系电话应为 11 位手机号或带区号的固定电话": (
        "The seller's phone must be an 11-digit mobile number or a landline with its area code"
    ),
    "请选择受委托银行": "Choose the lending bank",
    "贷款金额不能低于 {amount} 元": "The loan amount cannot be below {amount} CNY",
    "贷款金额超过可贷额度 {amount} 元（{basis}）": "The loan amount is over the limit of {amount} CNY ({basis})",
    "贷款金额": "Loan amount",
    "房屋总价": "House price",
    # the fault lab and the rest of /_mock
    "请求过于频繁，请稍后重试（模拟故障）": "Too many requests. Please try again later (simulated fault)",
    "服务器内部错误，请稍后重试（模拟故障）": "The server failed. Please try again later (simulated fault)",
    "网关错误，后端暂时无法访问（模拟故障）": "Bad gateway: the backend cannot be reached (simulated fault)",
    "服务暂时不可用，请稍后重试（模拟故障）": "The service is unavailable. Please try again later (simulated fault)",
    "网关超时，后端未能及时应答（模拟故障）": "Gateway timeout: the backend did not answer in time (simulated fault)",
    "模拟故障（HTTP {status}）": "Simulated fault (HTTP {status})",
    "请求体应为 JSON": "The request body must be JSON",
    "未知字段：{name}": "Unknown field: {name}",
    "没有名为 {name} 的场景（可选：{names}）": "No scenario named {name} (choose from: {names})",
    "seed 应为非负整数": "seed must be a whole number, 0 or more",
    "固定验证码只能包含字母和数字": "The fixed captcha may hold only letters and digits",
    "字段 {name} 应为整数": "Field {name} must be a whole number",
    "字段 {name} 应为数字": "Field {name} must be a number",
    "字段 {name} 应在 {low} 到 {high} 之间": "Field {name} must be between {low} and {high}",
    "delay_ms.uniform 应为 [最小毫秒, 最大毫秒]": "delay_ms.uniform must be [min ms, max ms]",
    "delay_ms.uniform 的最小值不能大于最大值": "delay_ms.uniform's minimum cannot be over its maximum",
    "delay_ms.lognormal 需要 median_ms 和 sigma": "delay_ms.lognormal needs median_ms and sigma",
    'delay_ms 应为毫秒数、{"uniform": [最小, 最大]} 或 {"lognormal": {median_ms, sigma}}': (
        'delay_ms must be milliseconds, {"uniform": [min, max]} or {"lognormal": {median_ms, sigma}}'
    ),
    "每个故障应为一个对象（JSON object / TOML table）": "Each fault must be an object (JSON object / TOML table)",
    "未知的故障类型：{kind}（可选：{kinds}）": "Unknown fault kind: {kind} (choose from: {kinds})",
    "字段 {name} 不适用于故障类型 {kind}": "Field {name} does not apply to the fault kind {kind}",
    "{name} 应以 / 开头，如 /api/v1/me/ledger*": "{name} must start with /, e.g. /api/v1/me/ledger*",
    "path 与 path_prefix 只能给出一个": "Give path or path_prefix, not both",
    "缺少 path（路径通配符，如 /api/v1/me/*）": "path is missing (a path pattern, e.g. /api/v1/me/*)",
    "method 应为 {methods} 之一": "method must be one of {methods}",
    "body 应为文本或 JSON 对象": "body must be text or a JSON object",
    "headers 应为 {名称: 值} 对象": "headers must be a {name: value} object",
    "场景应为一个对象": "A scenario must be an object",
    "第 {number} 个故障：{problem}": "Fault {number}: {problem}",
    "faults 应为至少含一个故障的列表": "faults must be a list of at least one fault",
    # joining (the shared "；" is in the client's catalog)
    "、": ", ",
}
