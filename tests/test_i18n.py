"""English: the catalog is complete and compiled, no UI text escapes it, and every screen reads in English.

The messages in the code are Chinese (the msgids); ``api_client/locale/en/LC_MESSAGES/gjj.po`` has their
English. ``make catalogs`` extracts, updates and compiles it; these tests fail when someone forgot to.
The screen walk logs in with ``lang = "en"`` and reads every screen, its F1 list and its dialogs as a
person would: any Chinese character on the terminal must come from the data the server sent (a name,
a bank, a unit), never from gjj.
"""

from __future__ import annotations

import ast
import io
import json
import re
from pathlib import Path

import httpx
import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from api_client import i18n
from tests.conftest import CAPTCHA, DEMO_PHONE, PASSWORD, SERVER, TODAY, ManualClock, fast_retries
from tests.ui import captcha_ready, screen_text, settle, type_into, wait_for_text, wait_until

ROOT = Path(__file__).resolve().parent.parent
PO = ROOT / "api_client/locale/en/LC_MESSAGES/gjj.po"
MO = PO.with_suffix(".mo")
SOURCES = ("api_client", "tui", "screens")
# Chinese characters and the full-width punctuation that goes with them (：，（）【】「」、。…).
CJK = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff01-\uff60]+")
FIELD = re.compile(r"\{[^{}]*\}")
# Files whose Chinese is data, not interface text.
NOT_UI = {"tui/pinyin.py"}
# A line whose Chinese is data (a server's value compared against, a palette search word): marked so.
DATA_MARK = "# i18n: data"


def catalog():
    with PO.open("rb") as file:
        return read_po(file)


def extracted() -> dict[str, set[str]]:
    """msgid → the files that use it, as ``make catalogs`` extracts them."""
    found: dict[str, set[str]] = {}
    for directory in SOURCES:
        for filename, _lineno, message, _comments, _context in extract_from_dir(ROOT / directory):
            msgid = message[0] if isinstance(message, tuple) else message
            found.setdefault(msgid, set()).add(f"{directory}/{filename}")
    return found


def test_every_message_has_its_english():
    po = catalog()
    missing = []
    for msgid, files in sorted(extracted().items()):
        entry = po.get(msgid)
        text = entry.string if entry is not None else None
        if isinstance(text, tuple):
            text = text[0] if all(text) else ""
        if not text or (entry is not None and entry.fuzzy):
            missing.append(f"{msgid!r} ({', '.join(sorted(files))})")
    assert not missing, f"{len(missing)} messages without English (run make catalogs, then translate):\n" + "\n".join(
        missing[:40]
    )


def test_the_catalog_has_no_stale_messages():
    in_code = set(extracted())
    stale = [
        message.id
        for message in catalog()
        if message.id and (message.id if isinstance(message.id, str) else message.id[0]) not in in_code
    ]
    assert not stale, f"messages no code uses any more (run make catalogs): {stale[:20]}"


def test_english_keeps_every_field_and_has_no_chinese():
    wrong = []
    for message in catalog():
        if not message.id or not message.string:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        wanted = set(FIELD.findall(ids[0]))
        for text in strings:
            if set(FIELD.findall(text)) != wanted:
                wrong.append(f"{ids[0]!r} → {text!r}: fields {sorted(wanted)}")
            if CJK.search(text):
                wrong.append(f"{ids[0]!r} → {text!r}: Chinese in the English")
    assert not wrong, "\n".join(wrong[:40])


def test_the_compiled_catalog_is_current():
    buffer = io.BytesIO()
    write_mo(buffer, catalog())
    assert MO.read_bytes() == buffer.getvalue(), "gjj.mo is not compiled from gjj.po: run make catalogs"


def _in_gettext_call(node: ast.AST, parents: dict[ast.AST, ast.AST]) -> bool:
    parent = parents.get(node)
    while parent is not None and not isinstance(parent, ast.Call):
        if isinstance(parent, (ast.stmt, ast.Dict, ast.List, ast.Tuple)):
            return False
        parent = parents.get(parent)
    return (
        isinstance(parent, ast.Call) and isinstance(parent.func, ast.Name) and parent.func.id in ("_", "N_", "ngettext")
    )


def _docstrings(tree: ast.AST) -> set[ast.AST]:
    found: set[ast.AST] = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                found.add(first.value)
    return found


def untranslated_literals() -> list[str]:
    """Chinese string literals in the client's code that are neither in ``_()``/``N_()``/``ngettext()``,
    nor a docstring, nor on a line marked ``# i18n: data``."""
    found = []
    for directory in SOURCES:
        for path in sorted((ROOT / directory).rglob("*.py")):
            relative = path.relative_to(ROOT).as_posix()
            if relative in NOT_UI:
                continue
            source = path.read_text(encoding="utf-8")
            lines = source.splitlines()
            tree = ast.parse(source)
            parents = {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}
            docstrings = _docstrings(tree)
            for node in ast.walk(tree):
                if not (isinstance(node, ast.Constant) and isinstance(node.value, str) and CJK.search(node.value)):
                    continue
                if node in docstrings or DATA_MARK in lines[node.lineno - 1]:
                    continue
                owner = parents.get(node)
                if isinstance(owner, ast.JoinedStr):  # a piece of an f-string: the f-string is the literal
                    node = owner
                if _in_gettext_call(node, parents):
                    continue
                found.append(f"{relative}:{node.lineno}: {lines[node.lineno - 1].strip()[:100]}")
    return sorted(set(found))


def test_no_interface_text_escapes_the_catalog():
    found = untranslated_literals()
    assert not found, (
        f"{len(found)} Chinese literals outside _()/N_() (or mark data with {DATA_MARK!r}):\n" + "\n".join(found[:60])
    )


# --- every screen in English ------------------------------------------------------------------------------


class RecordingTransport:
    """The demo's in-process transport into the mock, keeping every string the server sent: the only
    place Chinese on an English screen may come from."""

    def __init__(self, mock_app) -> None:
        from mock_server.inprocess import InProcessTransport

        self.inner = InProcessTransport(app=mock_app)
        self.data: set[str] = set()

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        response = await self.inner.handle_async_request(request)
        body = await response.aread()
        if response.headers.get("content-type", "").startswith("application/json"):
            self._keep(json.loads(body))
        return httpx.Response(response.status_code, headers=response.headers, content=body, request=request)

    def _keep(self, value: object) -> None:
        if isinstance(value, str):
            self.data.add(value)
        elif isinstance(value, dict):
            for item in value.values():
                self._keep(item)
        elif isinstance(value, list):
            for item in value:
                self._keep(item)

    async def aclose(self) -> None:
        await self.inner.aclose()


def stray_chinese(text: str, data: set[str]) -> list[str]:
    """The runs of Chinese in ``text`` that no string of ``data`` contains."""
    return sorted({run for run in CJK.findall(text) if not any(run in value for value in data)})


def english_app(mock_app, config=None, **kwargs):
    from api_client.client import GjjClient
    from tui.app import GjjApp
    from tui.backend import DEMO_LABEL
    from tui.config import Config

    recorder = RecordingTransport(mock_app)
    client = GjjClient(
        SERVER,
        transport_factory=lambda: recorder,
        label=DEMO_LABEL,
        retry=fast_retries(),  # type: ignore[arg-type,return-value]
    )
    app = GjjApp(client, demo=True, config=config or Config(lang="en"), today=lambda: TODAY, **kwargs)
    return app, recorder


def en(message: str) -> str:
    return i18n.catalog("en").gettext(message)


@pytest.fixture(autouse=True)
def _chinese_afterwards():
    yield
    i18n.use("zh")


async def test_every_hall_screen_and_its_keys_read_in_english(mock_app):
    from tui import menu

    app, recorder = english_app(mock_app)
    problems: dict[str, list[str]] = {}

    def check(where: str, text: str) -> None:
        stray = stray_chinese(text, recorder.data)
        if stray:
            problems[where] = stray

    async with app.run_test(size=(120, 40)) as pilot:
        await captcha_ready(pilot)
        check("login", screen_text(app))
        for selector, value in (("#username", DEMO_PHONE), ("#password", PASSWORD), ("#captcha", CAPTCHA)):
            await type_into(pilot, selector, value)
        await pilot.press("enter")
        await wait_for_text(pilot, en("功能菜单"))
        await settle(pilot)
        check("home", screen_text(app))
        await pilot.press("f1")
        await wait_for_text(pilot, en("帮助：本页按键"))
        await settle(pilot)
        check("home F1", screen_text(app))
        await pilot.press("escape")
        for function in menu.FUNCTIONS:
            await app.open_function(function.id)
            await wait_for_text(pilot, en(function.title))
            await settle(pilot)
            check(function.id, screen_text(app))
            if function.id == "account":  # the status the server words in Chinese reads in English
                assert "Normal" in screen_text(app) and "正常" not in screen_text(app)
            await pilot.press("f1")
            await wait_for_text(pilot, en("帮助：本页按键"))
            await settle(pilot)
            check(f"{function.id} F1", screen_text(app))
            await pilot.press("escape")
    assert not problems, "Chinese that is not data on English screens:\n" + "\n".join(
        f"{where}: {stray}" for where, stray in problems.items()
    )


async def test_the_guest_screens_and_the_dialogs_read_in_english(mock_app, admin):
    """One kiosk app in English, walked as a person would: the login screen, the registration agreement,
    registration (and the question going back asks), the password reset; then, signed in, the logout
    question, the idle warning, the command palette with a query typed, the kiosk's exit dialog, a load
    that fails in place (and R), and the re-login dialog once the session ends. Every screen on the way
    may show Chinese only where the server sent it."""
    from screens.agreement import RegistrationAgreementScreen
    from screens.login import LoginScreen
    from screens.password_reset import PasswordResetScreen
    from screens.registration import RegistrationScreen
    from tui.config import Config
    from tui.kiosk import hash_passphrase

    clock = ManualClock()
    config = Config(lang="en", kiosk=True, kiosk_passphrase=hash_passphrase("clerk-passphrase"), idle_logout_minutes=5)
    app, recorder = english_app(mock_app, config=config, monotonic=clock)
    problems: dict[str, list[str]] = {}

    def check(where: str) -> None:
        stray = stray_chinese(screen_text(app), recorder.data)
        if stray:
            problems[where] = stray

    async def reach(where: str, *texts: str) -> None:
        await wait_for_text(pilot, *texts)
        await settle(pilot)
        check(where)

    async with app.run_test(size=(120, 40)) as pilot:
        await captcha_ready(pilot)
        await reach("login", en(LoginScreen.SUBTITLE))
        # 注册: the agreement, read to its end, then agreed to
        await pilot.press("f2")
        await reach("registration agreement", en(RegistrationAgreementScreen.SUBTITLE))
        await pilot.press("end")
        await wait_until(pilot, lambda: getattr(app.screen, "read_to_end", False), what="the agreement read")
        check("registration agreement, read")
        await pilot.click("#agree")
        await captcha_ready(pilot)
        await reach("registration", en(RegistrationScreen.SUBTITLE))
        await type_into(pilot, "#name", "Zhang")
        await pilot.press("escape")  # something typed: going back asks first
        await reach("registration, going back", en("返回登录"))
        await pilot.press("y")
        await captcha_ready(pilot)
        await wait_for_text(pilot, en(LoginScreen.SUBTITLE))
        # 忘记密码
        await pilot.press("f3")
        await captcha_ready(pilot)
        await reach("password reset", en(PasswordResetScreen.SUBTITLE))
        await pilot.press("escape")
        await captcha_ready(pilot)

        for selector, value in (("#username", DEMO_PHONE), ("#password", PASSWORD), ("#captcha", CAPTCHA)):
            await type_into(pilot, selector, value)
        await pilot.press("enter")
        await reach("home", en("功能菜单"))

        await pilot.press("f10")
        await reach("logout question", en("确定要退出服务大厅吗？"))
        await pilot.press("n")

        clock.advance(app.idle_limit)
        app.check_idle_logout()  # what the timer does every few seconds
        await reach("idle warning", en("长时间未操作"))
        await pilot.press("space")  # any key keeps the session
        await wait_for_text(pilot, en("功能菜单"))

        await pilot.press("ctrl+p")
        await wait_for_text(pilot, en("输入功能名称或拼音首字母（如 hkjh 还款计划）")[:20])
        await pilot.press(*"repay")
        await reach("command palette, 'repay' typed", en("公积金贷款还款计划查询"))
        await pilot.press("escape")

        await pilot.press("ctrl+q")  # in kiosk mode: the clerk's passphrase
        await reach("kiosk exit", en("退出自助终端模式"))
        await pilot.press("escape")

        await admin.post("/faults", json={"path_prefix": "/api/v1/me/account", "count": 1000, "kind": "error"})
        await app.open_function("account")
        failed = en("加载失败：{reason}。按 R 重试").split("{reason}")[0]
        await reach("account, failed to load", failed)
        await admin.delete("/faults")
        await pilot.press("r")
        await wait_until(pilot, lambda: failed not in screen_text(app), what="the account, loaded again")
        await settle(pilot)
        check("account, loaded again with R")

        await admin.post("/clock", json={"advance_seconds": 9 * 3600})  # past the refresh token too
        await app.open_function("ledger")
        await reach("re-login", en("登录已失效"))
        await pilot.press("escape")  # leave: back to the login page, which says why
        await captcha_ready(pilot)
        await reach("login, after the session ended", en(LoginScreen.SUBTITLE))
    assert not problems, "Chinese that is not data on English screens:\n" + "\n".join(
        f"{where}: {stray}" for where, stray in problems.items()
    )


def test_every_screen_describes_its_keys_in_the_language_in_use():
    """Every Screen class of gjj mixes in SpeaksBindings (translated key descriptions), and keeps the
    CSS of its real base (Textual inherits CSS through the first DOMNode base only)."""
    import importlib
    import inspect
    import pkgutil

    from textual.screen import Screen

    import screens
    import tui
    import tui.export
    import tui.widgets
    from tui.language import SpeaksBindings

    missing = []
    for package in (screens, tui, tui.widgets, tui.export):
        for module_info in pkgutil.iter_modules(package.__path__):
            if module_info.name in ("__main__", "cli"):
                continue
            module = importlib.import_module(f"{package.__name__}.{module_info.name}")
            for thing in vars(module).values():
                ours = inspect.isclass(thing) and issubclass(thing, Screen) and thing.__module__ == module.__name__
                if ours and not issubclass(thing, SpeaksBindings):
                    missing.append(thing.__qualname__)
    assert not missing, f"screens whose keys would stay in Chinese: {missing}"
    assert not issubclass(SpeaksBindings, Screen), "a Screen mixin first in the bases drops the real base's CSS"


def test_the_wheel_ships_the_compiled_catalog(tmp_path):
    """What `pip install gjj` gets speaks English: the wheel holds the .mo, and it is this catalog."""
    import gettext
    import zipfile

    from hatchling.builders.wheel import WheelBuilder

    (wheel,) = WheelBuilder(str(ROOT)).build(directory=str(tmp_path), versions=["standard"])
    with zipfile.ZipFile(wheel) as archive:
        compiled = archive.read("api_client/locale/en/LC_MESSAGES/gjj.mo")
    assert compiled == MO.read_bytes()
    assert (
        gettext.GNUTranslations(io.BytesIO(compiled)).gettext("个人账户基本信息")
        == en("个人账户基本信息")
        != "个人账户基本信息"
    )
