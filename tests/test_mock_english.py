"""The mock's error messages in English when the request asks, Chinese otherwise; the client asks in its
language and shows what the server said.

Every Chinese text an error of the mock is made of must have its English: the static walk below finds
each one the code can send (fixed texts, ``Phrase`` templates and the tables their fields come from) and
fails on any without English, and on any message still built as an f-string or by ``+`` (which could not
be translated at all).
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import httpx
import pytest
from babel.messages.extract import extract_from_dir

from api_client import i18n
from api_client.domain.phrase import Listing, Phrase, say
from api_client.errors import CannotConnect, CredentialsInvalid, ValidationFailed
from mock_server.english import EN, ENGLISH, ZH, english_of, in_language, negotiate
from tests.conftest import (
    CAPTCHA,
    DEMO_PHONE,
    PASSWORD,
    SERVER,
    TODAY,
    client_for,
    fast_retries,
    free_port,
    get_token,
)
from tests.ui import captcha_ready, field_error, fill_login, screen_text, type_into, wait_until

ROOT = Path(__file__).resolve().parent.parent
CJK = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff01-\uff60]")
FIELD = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")
# The calls that make an error message, and where their message is: (positional index, keyword).
MESSAGE_CALLS = {
    "ApiProblem": (2, "message"),
    "validation": (0, "message"),
    "not_found": (0, "message"),
    "_problem": (0, "message"),
    "send_error": (3, "message"),
    "Phrase": (0, "template"),
    "Listing": (0, "items"),
}
ENGLISH_ASKS = ("en", "en-US", "en,zh-CN;q=0.5", "zh-CN;q=0.4, en-GB;q=0.8", "fr, en;q=0.3")
CHINESE_ASKS = (None, "", "zh-CN,zh;q=0.9", "zh", "fr", "*", "en;q=0", "zh;q=0.5, en;q=0.5", "de-DE")


@pytest.fixture(autouse=True)
def _chinese_afterwards():
    yield
    i18n.use("zh")


# --- every message the mock can send has its English ----------------------------------------------------


_PARSED: dict[Path, _Module] = {}


def _module(path: Path) -> _Module:
    if path not in _PARSED:
        _PARSED[path] = _Module(path)
    return _PARSED[path]


class _Module:
    """One module: its top-level values (its own and those it imports from gjj's packages) and its tree."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.imported: dict[str, tuple[Path, str]] = {}
        self.tree = ast.parse(path.read_text(encoding="utf-8"))
        self.parents = {child: node for node in ast.walk(self.tree) for child in ast.iter_child_nodes(node)}
        self.top: dict[str, ast.expr] = {}
        for node in self.tree.body:
            targets = (
                node.targets
                if isinstance(node, ast.Assign)
                else [node.target]
                if isinstance(node, ast.AnnAssign)
                else []
            )
            value = getattr(node, "value", None)
            for target in targets:
                if isinstance(target, ast.Name) and value is not None:
                    self.top[target.id] = value
            if isinstance(node, ast.ImportFrom) and (source := self._source(node)) is not None:
                for alias in node.names:
                    self.imported[alias.asname or alias.name] = (source, alias.name)

    def _source(self, node: ast.ImportFrom) -> Path | None:
        if node.level:
            base = self.path.parent
            for _ in range(node.level - 1):
                base = base.parent
            parts = (node.module or "").split(".") if node.module else []
        elif node.module and node.module.split(".")[0] in ("api_client", "mock_server"):
            base, parts = ROOT, node.module.split(".")
        else:
            return None
        candidate = base.joinpath(*parts)
        return candidate.with_suffix(".py") if candidate.with_suffix(".py").exists() else None

    def value_of(self, name: str, depth: int = 0) -> tuple[_Module, ast.expr] | None:
        """The value a top-level name of this module stands for (following imports), or None."""
        if name in self.top:
            return self, self.top[name]
        if name in self.imported and depth < 4:
            path, original = self.imported[name]
            return _module(path).value_of(original, depth + 1)
        return None

    def function_of(self, node: ast.AST) -> ast.FunctionDef | ast.AsyncFunctionDef | None:
        parent = self.parents.get(node)
        while parent is not None and not isinstance(parent, (ast.FunctionDef, ast.AsyncFunctionDef)):
            parent = self.parents.get(parent)
        return parent


class MessageWalk:
    """Collects the Chinese texts the mock's errors are made of, and the ways of making one untranslatable."""

    def __init__(self) -> None:
        self.modules = [_module(path) for path in sorted((ROOT / "mock_server").rglob("*.py"))]
        self.texts: dict[str, str] = {}  # Chinese text → where
        self.templates: dict[str, str] = {}  # Phrase templates → where
        self.untranslatable: list[str] = []
        self.parameters: set[tuple[str, str, int]] = set()  # (function, parameter, index) that feed messages

    def where(self, module: _Module, node: ast.AST) -> str:
        return f"{module.path.relative_to(ROOT)}:{getattr(node, 'lineno', '?')}"

    def run(self) -> MessageWalk:
        for module in self.modules:
            for node in ast.walk(module.tree):
                if isinstance(node, ast.Call) and (name := _called(node)) in MESSAGE_CALLS:
                    index, keyword = MESSAGE_CALLS[name]
                    values = [kw.value for kw in node.keywords if kw.arg == keyword]
                    if len(node.args) > index:
                        values.append(node.args[index])
                    if name == "Phrase":
                        for value in values:
                            self.collect(module, value, node, template=True)
                        values = [kw.value for kw in node.keywords if kw.arg != keyword]
                    elif name == "Listing" and len(node.args) > 1:
                        values.append(node.args[1])
                    for value in values:
                        self.collect(module, value, node)
                elif isinstance(node, ast.Call) and self.shared_rule(module, node):
                    # whatever the mock hands a shared rule (what="提取金额") may come back in its message
                    for value in [*node.args, *(kw.value for kw in node.keywords)]:
                        self.collect(module, value, node)
                elif (
                    isinstance(node, ast.Call)
                    and isinstance(node.func, ast.Attribute)
                    and node.func.attr == "append"
                    and isinstance(node.func.value, ast.Name)
                    and node.func.value.id.endswith("reasons")
                ):
                    # the reasons a refusal lists (a Listing of them is its message)
                    for value in node.args:
                        self.collect(module, value, node)
        # Arguments given, anywhere, to the parameters that feed a message (wrong_message=…, label=…),
        # until no new such parameter turns up (bounded: a parameter is visited once).
        done: set[tuple[str, str, int]] = set()
        while pending := self.parameters - done:
            done |= pending
            self.feed(pending)
        return self

    def feed(self, parameters: set[tuple[str, str, int]]) -> None:
        for module in self.modules:
            for node in ast.walk(module.tree):
                if not isinstance(node, ast.Call):
                    continue
                for function, parameter, index in parameters:
                    if _called(node) != function:
                        continue
                    given = [kw.value for kw in node.keywords if kw.arg == parameter]
                    if index < len(node.args):
                        given.append(node.args[index])
                    for value in given:
                        self.collect(module, value, node)

    @staticmethod
    def shared_rule(module: _Module, node: ast.Call) -> bool:
        name = node.func.id if isinstance(node.func, ast.Name) else None
        return name is not None and name in module.imported and "domain" in module.imported[name][0].parts

    def collect(self, module: _Module, value: ast.expr, at: ast.AST, *, template: bool = False, depth: int = 0) -> None:
        if depth > 6:
            return
        again = lambda item: self.collect(module, item, at, template=template, depth=depth + 1)  # noqa: E731
        if isinstance(value, ast.Constant) and isinstance(value.value, str):
            if CJK.search(value.value):
                (self.templates if template else self.texts).setdefault(value.value, self.where(module, value))
        elif isinstance(value, ast.JoinedStr):
            if any(isinstance(part, ast.Constant) and CJK.search(str(part.value)) for part in value.values):
                self.untranslatable.append(f"{self.where(module, value)}: an f-string message (use a Phrase)")
        elif isinstance(value, ast.BinOp) and isinstance(value.op, (ast.Add, ast.Mod)):
            if any(isinstance(n, ast.Constant) and CJK.search(str(n.value)) for n in ast.walk(value)):
                self.untranslatable.append(f"{self.where(module, value)}: a message built with + or % (use a Phrase)")
        elif isinstance(value, ast.Call) and isinstance(value.func, ast.Name) and value.func.id == "N_" and value.args:
            again(value.args[0])  # a label marked for the client's catalog (正常, 离职提取) is still Chinese text
        elif isinstance(value, ast.BoolOp):
            for item in value.values:
                again(item)
        elif isinstance(value, ast.IfExp):
            again(value.body)
            again(value.orelse)
        elif isinstance(value, (ast.Tuple, ast.List, ast.Set)):
            for item in value.elts:
                again(item)
        elif isinstance(value, ast.Dict):
            for item in value.values:
                again(item)
        elif isinstance(value, ast.Subscript):
            again(value.value)
        elif isinstance(value, ast.Call) and isinstance(value.func, ast.Attribute) and value.func.attr == "get":
            again(value.func.value)
            for item in value.args[1:]:
                again(item)
        elif isinstance(value, ast.Name):
            function = module.function_of(at)
            local = False
            if function is not None:
                for node in ast.walk(function):
                    if isinstance(node, ast.Assign) and any(
                        (isinstance(t, ast.Name) and t.id == value.id)
                        or (
                            isinstance(t, ast.Tuple)
                            and any(isinstance(e, ast.Name) and e.id == value.id for e in t.elts)
                        )
                        for t in node.targets
                    ):
                        local = True
                        again(node.value)
                arguments = function.args
                positional = [*arguments.posonlyargs, *arguments.args]
                defaults = dict(zip([a.arg for a in positional][::-1], arguments.defaults[::-1], strict=False))
                defaults |= {a.arg: d for a, d in zip(arguments.kwonlyargs, arguments.kw_defaults, strict=True) if d}
                names = [a.arg for a in positional] + [a.arg for a in arguments.kwonlyargs]
                if value.id in names:
                    local = True
                    if value.id in defaults:
                        again(defaults[value.id])
                    index = names.index(value.id) if value.id in [a.arg for a in positional] else 10**6
                    self.parameters.add((function.name, value.id, index))
            if not local and (found := module.value_of(value.id)) is not None:
                owner, expression = found
                self.collect(owner, expression, expression, template=template, depth=depth + 1)


def _called(node: ast.Call) -> str | None:
    if isinstance(node.func, ast.Name):
        return node.func.id
    if isinstance(node.func, ast.Attribute):
        return node.func.attr
    return None


def test_every_chinese_message_the_mock_can_send_has_its_english():
    walk = MessageWalk().run()
    assert len(walk.texts) + len(walk.templates) > 150  # the walk finds the messages at all
    assert "请先登录" in walk.texts and "此合同【{contract_no}】的贷款已结清" in walk.templates
    assert "原支付密码错误" in walk.texts  # given to a parameter that feeds a message
    assert {"提取金额", "离职提取", "正常", "账户余额为 0，没有可提取的金额", "请求"} <= set(walk.texts)
    assert "请求过于频繁，请稍后重试（模拟故障）" in walk.texts
    missing = [f"{where}: {text!r}" for text, where in {**walk.texts, **walk.templates}.items() if not english_of(text)]
    assert not walk.untranslatable, "\n".join(walk.untranslatable)
    assert not missing, "Chinese error messages without English (add them to mock_server/english.py):\n" + "\n".join(
        missing
    )
    wrong_fields = [
        f"{where}: {text!r} → {english_of(text)!r}"
        for text, where in walk.templates.items()
        if set(FIELD.findall(text)) != set(FIELD.findall(english_of(text) or ""))
    ]
    assert not wrong_fields, "English that does not keep the template's fields:\n" + "\n".join(wrong_fields)


def test_every_message_of_the_shared_rules_has_its_english_for_the_mock():
    """The domain's messages reach the mock's answers (ID numbers, amounts, passwords, loan rules…)."""
    shared = {
        message[0] if isinstance(message, tuple) else message
        for _file, _line, message, _comments, _context in extract_from_dir(ROOT / "api_client" / "domain")
    }
    assert {"证件号码校验位不正确，请核对", "{what}应大于 0", "YYYY年M月"} <= shared
    assert not [text for text in shared if not english_of(text)]


def test_the_english_table_is_english_and_keeps_its_fields():
    for chinese, english in ENGLISH.items():
        assert CJK.search(chinese), chinese
        assert not CJK.search(english), f"{chinese!r} → {english!r}"
        assert set(FIELD.findall(chinese)) == set(FIELD.findall(english)), f"{chinese!r} → {english!r}"


def test_a_message_with_a_piece_lacking_english_goes_out_whole_in_chinese():
    known = Phrase("未找到借款合同【{contract_no}】", contract_no="HT1")
    assert in_language(known, EN) == "No loan contract HT1"
    assert in_language(known, ZH) == "未找到借款合同【HT1】"
    half = Phrase("{wrong}，还可以再试 {remaining} 次", wrong="某个没有英文的说法", remaining=2)
    assert in_language(half, EN) == "某个没有英文的说法，还可以再试 2 次"
    listed = Phrase("暂不能申请公积金贷款：{reasons}", reasons=Listing(["账户已销户，不能办理提取", "请先登录"]))
    assert str(listed) == "暂不能申请公积金贷款：账户已销户，不能办理提取；请先登录"
    assert in_language(listed, EN) == (
        "You cannot apply for a provident fund loan yet: The account is closed: no withdrawal; Please log in first"
    )


def test_a_phrase_survives_copying_and_pickling():
    import copy
    import pickle

    from api_client.domain.formatting import Month

    phrase = Phrase(
        "不符合{kind}条件：{reasons}",
        kind="离职提取",
        reasons=Listing(
            [
                Phrase(
                    "尚未达到法定退休年龄（您的法定退休年龄为 {age}），{month}起可以申请",
                    age=Phrase("{years} 岁", years=60),
                    month=Month("2030-01"),
                )
            ]
        ),
    )
    for again in (copy.deepcopy(phrase), pickle.loads(pickle.dumps(phrase))):
        assert again == phrase and isinstance(again, Phrase)
        assert in_language(again, EN) == in_language(phrase, EN)
    assert "2030-01" in in_language(phrase, EN) and "2030年1月" in phrase


@pytest.mark.parametrize("header", ENGLISH_ASKS)
def test_english_is_chosen_when_preferred(header):
    assert negotiate(header) == EN


@pytest.mark.parametrize("header", CHINESE_ASKS)
def test_chinese_otherwise(header):
    assert negotiate(header) == ZH


def test_the_client_catalog_says_the_shared_phrases_in_english():
    from api_client.domain.amounts import AmountError, parse_amount
    from api_client.domain.formatting import Month, fmt_month
    from api_client.domain.phrase import localize

    with pytest.raises(AmountError) as caught:
        parse_amount("-5", what="退款金额")
    assert str(caught.value) == "退款金额只能是数字，如 12345.67"  # the rule's result: Chinese, always
    i18n.use("en")
    assert str(caught.value) == "退款金额只能是数字，如 12345.67"
    assert localize(caught.value) == "退款金额 must be a number, e.g. 12345.67"  # a label the catalog lacks stays
    assert localize(Phrase("{what}应大于 0", what="金额")) == "Amount must be more than 0"
    assert fmt_month("2026-01") == "2026-01"
    assert Month("2050-07") == "2050年7月" and say(Month("2050-07"), english_of_or_same) == "2050-07"
    i18n.use("zh")
    assert fmt_month("2026-01") == "2026年1月"


def english_of_or_same(text: str) -> str:
    return english_of(text) or text


# --- through the API -------------------------------------------------------------------------------------


async def _bad_captcha(api: httpx.AsyncClient, header: str | None) -> httpx.Response:
    captcha = (await api.post("/captcha")).json()
    headers = {"Accept-Language": header} if header is not None else {}
    body = {"username": DEMO_PHONE, "password": PASSWORD, "captcha_id": captcha["captcha_id"], "captcha_code": "ZZZZ"}
    return await api.post("/auth/login", json=body, headers=headers)


@pytest.mark.parametrize("header", ["en", "en-US", "en,zh-CN;q=0.5"])
async def test_the_mock_answers_in_english_when_asked(api, header):
    english = await _bad_captcha(api, header)
    chinese = await _bad_captcha(api, None)
    assert english.status_code == chinese.status_code == 400
    assert english.json()["error"]["message"] == "Wrong captcha. Please try again"
    assert chinese.json()["error"]["message"] == "验证码错误，请重新输入"
    assert english.headers["Content-Language"] == "en"
    assert chinese.headers["Content-Language"] == "zh-CN"
    # the same code, details and shape: only the message's language differs
    assert {**english.json()["error"], "message": ""} == {**chinese.json()["error"], "message": ""}


@pytest.mark.parametrize("header", [None, "zh-CN,zh;q=0.9", "fr-FR", "ja;q=0.9, de"])
async def test_the_mock_answers_in_chinese_by_default_and_for_other_languages(api, header):
    answer = await _bad_captcha(api, header)
    assert answer.json()["error"]["message"] == "验证码错误，请重新输入"
    assert answer.headers["Content-Language"] == "zh-CN"


async def test_english_validation_messages_route_errors_and_figures(api):
    en = {"Accept-Language": "en"}
    missing = await api.post("/auth/login", json={}, headers=en)
    assert missing.status_code == 422
    assert missing.json()["error"] == {
        "code": "VALIDATION_FAILED",
        "message": "ID number or mobile number is missing",
        "details": missing.json()["error"]["details"],
    }
    assert missing.json()["error"]["details"]["field"] == "username"
    nowhere = await api.get("/no/such/place", headers=en)
    assert (nowhere.status_code, nowhere.json()["error"]["message"]) == (404, "No such address")
    captcha = (await api.post("/captcha")).json()
    wrong = await api.post(
        "/auth/login",
        json={
            "username": DEMO_PHONE,
            "password": "wrongpass1",
            "captcha_id": captcha["captcha_id"],
            "captcha_code": CAPTCHA,
        },
        headers=en,
    )
    assert wrong.json()["error"]["message"] == "Wrong ID number, mobile number or password. 4 tries left"
    assert wrong.json()["error"]["details"]["remaining_attempts"] == 4
    too_big = await api.post("/auth/login", content=b"{" + b" " * 70_000 + b"}", headers=en)
    assert too_big.status_code == 413
    assert too_big.json()["error"]["message"] == "The request is too large (at most 64 KB)"


async def test_english_messages_from_the_shared_rules(api):
    """A domain rule's message (the ID number's check digit) and a refusal listing several reasons."""
    en = {"Accept-Language": "en"}
    captcha = (await api.post("/captcha")).json()
    identity = {
        "name": "吴磊",
        "id_number": "110101198001010097",
        "captcha_id": captcha["captcha_id"],
        "captcha_code": CAPTCHA,
    }
    bad_id = await api.post("/registration/identity", json=identity, headers=en)
    assert bad_id.status_code == 422
    assert bad_id.json()["error"]["message"] == "The ID number's check digit is wrong"
    token = await get_token(api, "13800000005")  # 刘洋: sealed for 3 months only
    refused = await api.post(
        "/me/withdrawals/sms", json={"kind": "resignation"}, headers={**en, "Authorization": f"Bearer {token}"}
    )
    assert refused.status_code == 409 and refused.json()["error"]["code"] == "NOT_ELIGIBLE"
    message = refused.json()["error"]["message"]
    assert message.startswith(
        "Not eligible for resignation withdrawal: The account has been sealed for less than 6 months"
    )
    assert not CJK.search(message)
    chinese = await api.post(
        "/me/withdrawals/sms", json={"kind": "resignation"}, headers={"Authorization": f"Bearer {token}"}
    )
    assert chinese.json()["error"]["message"].startswith("不符合离职提取条件：账户封存未满 6 个月")
    assert refused.json()["error"]["details"] == chinese.json()["error"]["details"]


# --- the client ------------------------------------------------------------------------------------------


class HeaderRecorder:
    """The in-process transport into the mock, keeping each request's Accept-Language."""

    def __init__(self, mock_app) -> None:
        from mock_server.inprocess import InProcessTransport

        self.inner = InProcessTransport(app=mock_app)
        self.sent: list[str | None] = []

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.sent.append(request.headers.get("Accept-Language"))
        return await self.inner.handle_async_request(request)

    async def aclose(self) -> None:
        await self.inner.aclose()


@pytest.mark.parametrize(
    ("language", "header", "message"),
    [
        ("zh", "zh-CN,zh;q=0.9", "证件号码/手机号或密码错误，还可以再试 4 次"),
        ("en", "en,zh-CN;q=0.5", "Wrong ID number, mobile number or password. 4 tries left"),
    ],
)
async def test_the_client_asks_in_its_language_and_raises_what_the_server_said(mock_app, language, header, message):
    from api_client.client import GjjClient

    i18n.use(language)
    recorder = HeaderRecorder(mock_app)
    client = GjjClient(SERVER, transport_factory=lambda: recorder, retry=fast_retries())  # type: ignore[arg-type,return-value]
    captcha = await client.captcha()
    with pytest.raises(CredentialsInvalid) as caught:
        await client.login(DEMO_PHONE, "wrongpass1", captcha.captcha_id, CAPTCHA)
    assert caught.value.message == message
    with pytest.raises(ValidationFailed):
        await client.login("", "x", captcha.captcha_id, CAPTCHA)
    await client.aclose()
    assert recorder.sent and set(recorder.sent) == {header}


async def test_the_clients_own_errors_read_in_english():
    from api_client.client import GjjClient

    port = free_port()  # nothing listens there
    i18n.use("en")
    client = GjjClient(f"http://127.0.0.1:{port}", label=f"127.0.0.1:{port}", retry=fast_retries(attempts=1), timeout=5)
    with pytest.raises(CannotConnect) as caught:
        await client.captcha()
    await client.aclose()
    assert str(caught.value) == f"Could not connect to server 127.0.0.1:{port}. Check the network or the server address"
    i18n.use("zh")
    client = GjjClient(f"http://127.0.0.1:{port}", label="本机", retry=fast_retries(attempts=1), timeout=5)
    with pytest.raises(CannotConnect) as caught:
        await client.captcha()
    await client.aclose()
    assert str(caught.value) == "无法连接服务器 本机，请检查网络或服务器地址"


async def test_an_english_client_shows_the_servers_english_error_and_the_rules_english_at_the_field(mock_app):
    from tui.app import GjjApp
    from tui.backend import DEMO_LABEL
    from tui.config import Config

    app = GjjApp(client_for(mock_app, DEMO_LABEL), demo=True, config=Config(lang="en"), today=lambda: TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        await captcha_ready(pilot)
        await fill_login(pilot, DEMO_PHONE, "wrongpass1")
        wanted = "Wrong ID number, mobile number or password. 4 tries left"
        await wait_until(pilot, lambda: field_error(app, "password") == wanted, what="the English refusal")
        assert "tries left" in screen_text(app)  # drawn, not only set
        # a shared rule checked before anything is sent: the ID number's check digit, in English
        app.screen.query_one("#username").value = ""
        await type_into(pilot, "#username", "110105198503120038")
        await type_into(pilot, "#captcha", "")  # submit from the last field, as a person does
        await pilot.press("enter")
        await wait_until(
            pilot,
            lambda: field_error(app, "username") == "The ID number's check digit is wrong",
            what="the rule's English",
        )
