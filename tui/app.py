"""The gjj App: holds the client and the session, and moves between the login and the hall.

Kept small on purpose: screens live in ``screens/``, widgets in ``tui/widgets``. Nothing heavy is
imported here: httpx, pydantic, the mock server and the hall's screens load in a thread right after the
first frame (``_warm_up``).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import os
import sys
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

from textual import events
from textual.app import App
from textual.binding import Binding
from textual.screen import Screen

from api_client.i18n import N_, _
from api_client.i18n import use as use_language

from .config import Config
from .quiet_gc import QuietCollector

if TYPE_CHECKING:
    from collections.abc import Iterable

    from textual.app import SystemCommand
    from textual.command import Provider

    from api_client.client import GjjClient
    from api_client.models import Profile

    from .backend import DemoHooks
    from .remember import RememberedLogin


@runtime_checkable
class SignInScreen(Protocol):
    """The screen at the bottom of the stack (``screens.login``): what ending a session asks of it."""

    def reset(self, notice: str | None = None) -> None: ...


APP_TITLE = N_("住房公积金个人网上服务大厅")
# What the embedded mock says an SMS code is for (mock_server/services/sms.py, in its own Chinese words, handed
# to the demo's notice): the same words as messages, so that the notice reads in the UI's language.
SMS_PURPOSES = (N_("注册"), N_("找回登录密码"), N_("找回支付密码"), N_("提取"))
# Everything past the login screen: parsed right after its first frame, not before it.
HALL_CSS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "hall.tcss")

# Imported in the background once the login screen is drawn, so that logging in feels instant.
_WARM_MODULES = (
    "api_client.domain.idcard",  # the login form's checks, on its first submit
    "tui.loads",  # what a failure says
    "screens.home",
    "tui.dialogs",
    "api_client.models",
    "PIL.Image",
    "PIL.ImageOps",
    "PIL.PngImagePlugin",
    "tui.widgets.charts",  # textual-plotext: ~150 ms to import, never on the UI thread
)


def _freeze_warmed_up(_: object) -> None:
    """What the warm-up imported and built (the client, httpx, pydantic's models, embedded: the whole mock)
    lives as long as the app: frozen like start-up's, so that no collection walks it again. Left in the
    collector's oldest generation it was ~100,000 objects, and every full collection (one every few
    logins) stopped the app for 50-80 ms, mostly in the middle of drawing a page."""
    import gc

    gc.freeze()


def _textual_in_our_words() -> None:
    """The words Textual's own widgets put in the footer, in ours: an open dropdown's Esc (translated where
    it is shown, like every binding's)."""
    from .textual_internals import select_overlay, set_class_bindings

    set_class_bindings(select_overlay(), [Binding("escape", "dismiss", N_("收起列表"))])


def _palette_commands() -> type[Provider]:
    from .commands import GjjCommands

    return GjjCommands


class GjjApp(App[None]):
    CSS_PATH = "gjj.tcss"
    TITLE = APP_TITLE
    # The app's own commands (get_system_commands) and the hall's, from one provider: Textual's system
    # provider would match neither pinyin nor a query that finds nothing, in Chinese.
    COMMANDS = {_palette_commands}
    BINDINGS = [
        Binding("f1", "help", N_("帮助"), id="help", tooltip=N_("显示当前页面可用的按键")),
        Binding("ctrl+q", "quit", N_("退出程序"), id="quit", show=False, priority=True),
        Binding(
            "c",
            "copy",
            N_("复制"),
            id="copy",
            show=False,
            tooltip=N_("复制选中的数值、表格行或合同编号（经终端送到本机剪贴板，SSH 下也可用）"),
        ),
        Binding(
            "ctrl+p",
            "command_palette",
            N_("命令"),
            id="palette",
            show=False,
            priority=True,
            tooltip=N_("命令面板：按名称查找功能"),
        ),
    ]

    def __init__(
        self,
        client: GjjClient,
        *,
        demo: bool = False,
        config: Config | None = None,
        today: Callable[[], dt.date] | None = None,
        hooks: DemoHooks | None = None,
        startup_probe: str | None = None,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        # In 16 colours, ANSI colours stay the terminal's own: converted to RGB through Textual's palette
        # and back, the progress steps' yellow came out bright red.
        super().__init__(ansi_color=True if os.environ.get("TEXTUAL_COLOR_SYSTEM") in ("standard", "windows") else None)
        # What the idle logout, the SMS countdown and the business date measure time with (tui/clock.py):
        # tests move it on.
        self.monotonic = monotonic
        self.client = client
        self.demo = demo
        self.config = config or Config()
        use_language(self.config.lang)
        self.title = _(APP_TITLE)
        self._today = today
        self._business_time: tuple[dt.datetime, float] | None = None  # (the backend's now, monotonic() then)
        self._shown_date: dt.date | None = None
        self._remembered: RememberedLogin | None = None
        self.hooks = hooks
        self.startup_probe = startup_probe
        self._backend_ready: asyncio.Task[None] | None = None
        self.current_contract: str | None = None  # the loan screens open on the last contract chosen
        self.last_activity = monotonic()
        self._idle_warning_open = False
        self._ending_session = False
        self.signed_in_as: str | None = None  # what the member logged in with: the re-login dialog asks for it
        self._relogin_open = False
        self._after_relogin: list[Callable[[], object]] = []  # reads the ended session interrupted
        self._relogin_reason = ""
        self._retry_notice_until = 0.0  # one retry notice on screen at a time
        self.first_frame_at: float | None = None
        self._prepared_home: Screen[Any] | None = None  # see prepare_home
        # full garbage collections while nobody waits (tui/quiet_gc.py)
        self.quiet_gc = QuietCollector(lambda: self.monotonic() - self.last_activity)

    # --- state ---------------------------------------------------------------------------------

    def today(self) -> dt.date:
        """The business date: the backend's (``GET /business-time``), moved on by the app's clock; the
        machine's own date only until the backend has answered."""
        if self._today is not None:
            return self._today()
        if self._business_time is not None:
            said, at = self._business_time
            return (said + dt.timedelta(seconds=self.monotonic() - at)).date()
        return dt.date.today()

    def check_date(self) -> None:
        """Every second: once the business date turns over (midnight), every screen's header shows it."""
        today = self.today()
        if today == self._shown_date:
            return
        self._shown_date = today
        for screen in self.screen_stack:
            for header in screen.query("#app-header"):
                header.refresh()

    async def _fetch_business_time(self) -> None:
        from api_client.errors import GjjError
        from api_client.models import CENTRE_TZ

        await self.backend_ready()
        try:
            answer = await self.client.business_time()
        except GjjError:  # an older backend, or none reachable yet: the machine's date until the next try
            return
        said = answer.now.astimezone(CENTRE_TZ).replace(tzinfo=None) if answer.now.tzinfo else answer.now
        self._business_time = (said, self.monotonic())
        self.check_date()

    @property
    def profile(self) -> Profile | None:
        return self.client.profile

    @property
    def server_label(self) -> str:
        """Which server, for the header: 演示模式 (translated), or the backend's address."""
        return _(self.client.label)

    # --- start-up ------------------------------------------------------------------------------

    def get_default_screen(self) -> Screen[Any]:
        # The login screen is the bottom of the stack: no blank default screen is drawn first.
        from .menu import LOGIN_SCREEN, load_screen

        return load_screen(LOGIN_SCREEN)()

    def on_mount(self) -> None:
        _textual_in_our_words()
        if self.config.keymap:
            self.set_keymap(self.config.keymap)
        if self.hooks is not None:
            self.hooks.on_sms = self._demo_sms
        self.client.on_retry = self.client_retrying
        if self.idle_limit:
            self.set_interval(min(5.0, self.idle_limit / 4), self.check_idle_logout, name="idle-logout")
        self.set_interval(1.0, self.check_date, name="business-date")
        self.quiet_gc.start()
        self.set_interval(0.5, self.quiet_gc.tick, name="quiet-gc")
        # the backend's clock is the one that counts: asked again every hour, in case either drifts
        self.set_interval(3600.0, self._ask_business_time, name="business-time")

    def on_unmount(self) -> None:
        self.quiet_gc.stop()

    def _ask_business_time(self) -> None:
        if self._today is not None:  # a pinned date (tests, snapshots): nothing to ask
            return
        self.run_worker(self._fetch_business_time(), group="business-time", exclusive=True, exit_on_error=False)

    def client_retrying(self, attempt: int, delay: float, reason: str) -> None:
        """The client is about to try a read (or a keyed submission) again: say so while it waits, so a
        panel that stays at loading a little longer is explained. Several panels retrying at once say
        it once."""
        now = self.monotonic()
        if now < self._retry_notice_until:
            return
        timeout = max(2.0, delay + 1.5)
        self._retry_notice_until = now + timeout
        self.notify(
            _("{reason}，正在重试（第 {attempt} 次）…").format(reason=reason, attempt=attempt),
            title=_("网络不稳定"),
            severity="warning",
            timeout=timeout,
        )

    # --- idle logout (kiosks) -------------------------------------------------------------------

    @property
    def idle_limit(self) -> float:
        """Seconds without a key or a click before a signed-in session ends; kiosks default to 3 minutes."""
        minutes = self.config.idle_logout_minutes or (3.0 if self.config.kiosk else 0.0)
        return minutes * 60

    async def on_event(self, event: events.Event) -> None:
        if isinstance(
            event, (events.Key, events.MouseDown, events.MouseScrollDown, events.MouseScrollUp, events.Paste)
        ):
            self.last_activity = self.monotonic()
        await super().on_event(event)

    def check_idle_logout(self) -> None:
        """Warn, then end the session, once nothing was pressed or clicked for ``idle_limit`` (a timer runs
        this every few seconds)."""
        if self._idle_warning_open or not self.client.signed_in:
            return
        if self.monotonic() - self.last_activity < self.idle_limit:
            return
        from tui.dialogs import IdleWarning

        def decided(leave: bool | None) -> None:
            self._idle_warning_open = False
            self.last_activity = self.monotonic()
            if leave:
                self.run_worker(self._idle_logout(), exclusive=True, group="session")

        self._idle_warning_open = True
        self.push_screen(IdleWarning(seconds=round(min(30.0, self.idle_limit / 4))), decided)

    async def _idle_logout(self) -> None:
        import contextlib

        from api_client.errors import GjjError

        with contextlib.suppress(GjjError):  # the session is dropped here whatever the server says
            await self.client.logout()
        await self.end_session(_("由于长时间未操作，已自动退出登录。"))

    def _demo_sms(self, phone: str, code: str, purpose: str) -> None:
        """In the demo there is no phone: show the SMS the mock just "sent" (called from its thread)."""
        from api_client.domain.masking import mask_phone

        def show() -> None:
            said = _("发往 {phone} 的{purpose}验证码：{code}（5 分钟内有效）")
            # the mock names the purpose in Chinese (its own words): translated when it is one of them
            words = _(purpose) if purpose in SMS_PURPOSES else purpose
            self.notify(said.format(phone=mask_phone(phone), purpose=words, code=code), title=_("演示短信"), timeout=30)

        from .textual_internals import on_app_thread

        if on_app_thread(self):
            show()
        else:
            self.call_from_thread(show)

    def first_frame(self) -> None:
        """Called by the login screen once it is on the terminal."""
        if self.first_frame_at is not None:
            return
        self.first_frame_at = time.perf_counter()
        import gc

        gc.freeze()  # what start-up built lives as long as the app: keep it out of every collection
        gc.enable()
        if self.startup_probe:
            modules = sorted(sys.modules)  # before the probe's own json
            import json

            stylesheets = sorted({path for path, _ in self.stylesheet.source if path.endswith(".tcss")})
            with open(self.startup_probe, "w", encoding="utf-8") as handle:
                json.dump({"modules": modules, "stylesheets": stylesheets, "pid": os.getpid()}, handle)
            self.exit()
            return
        self.load_hall_css()
        self.backend_ready().add_done_callback(lambda _: self.prepare_home())
        self._ask_business_time()
        self.run_worker(self._restore_login(), group="session", exit_on_error=False)

    def remembered_login(self) -> RememberedLogin:
        """记住登录 for this server (keyring is imported on first use, after the first frame)."""
        if self._remembered is None:
            from .remember import RememberedLogin

            self._remembered = RememberedLogin(self.client, kiosk=self.config.kiosk, demo=self.demo)
        return self._remembered

    async def _restore_login(self) -> None:
        """A remembered login that is still valid: straight to the home page."""
        remembered = self.remembered_login()
        if remembered.unavailable or remembered.saved_token() is None:
            return
        await self.backend_ready()
        if await remembered.restore() and len(self.screen_stack) == 1 and self.client.signed_in:
            await self.start_session()

    def load_hall_css(self) -> None:
        """Add hall.tcss to the app's stylesheet (once): only it is parsed, the rest comes from the cache."""
        if self.stylesheet.has_source(HALL_CSS):
            return
        self.stylesheet.read(HALL_CSS)
        self.stylesheet.update(self)

    def backend_ready(self) -> asyncio.Task[None]:
        """A task that finishes once the client (and, embedded, the mock) is built and warm."""
        if self._backend_ready is None:
            self._backend_ready = asyncio.get_running_loop().create_task(asyncio.to_thread(self._warm_up))
            self._backend_ready.add_done_callback(_freeze_warmed_up)
        return self._backend_ready

    def _warm_up(self) -> None:
        import importlib

        self.client.warm_up()
        for module in _WARM_MODULES:
            importlib.import_module(module)

    # --- session -------------------------------------------------------------------------------

    # The login screen stays at the bottom of the stack; the hall's screens go on top of it.
    HOME_DEPTH = 2

    @property
    def prepared_home(self) -> Screen[Any] | None:
        """The home page built for the next login (``prepare_home``), if there is one."""
        return self._prepared_home

    def prepare_home(self) -> None:
        """Build the home page before anyone has signed in, while the login screen waits for its member
        (and at the latest while the login is on its way): composed, styled and mounted off screen, so
        that a successful login only fills and shows it. Kept for the next attempt when a login fails."""
        if (self._prepared_home is not None and self._prepared_home.is_running) or not self.is_running:
            return
        if self.client.signed_in or len(self.screen_stack) != 1:
            return  # a session is open: its page is built
        from .menu import HOME_SCREEN, load_screen
        from .textual_internals import start_offscreen

        self._prepared_home = load_screen(HOME_SCREEN)()
        start_offscreen(self, self._prepared_home)

    async def start_session(self, username: str | None = None) -> None:
        """After a successful login: the home page (built during the login, see ``prepare_home``) goes over
        the login screen, its requests already under way, so that what answers at once is drawn with it
        (see ``HomeScreen.opened``)."""
        from .menu import HOME_SCREEN, load_screen

        self.signed_in_as = username
        prepared, self._prepared_home = self._prepared_home, None
        if prepared is not None and not prepared.is_running:
            prepared = None
        home = load_screen(HOME_SCREEN)
        opened = getattr(home, "opened", None)
        if opened is not None:
            self.push_screen(await opened(self.client, prepared))
        else:
            self.push_screen(prepared or home())

    async def end_session(self, message: str | None = None) -> None:
        """Back to the login screen: every screen of the session is dropped, the form is wiped."""
        self._ending_session = True
        try:
            while len(self.screen_stack) > 1:
                await self.pop_screen()
            self.clear_notifications()  # SMS codes, file paths: nothing of the session stays on screen
            self.current_contract = None
            self.signed_in_as = None
            self._after_relogin = []
            login = self.screen
            if isinstance(login, SignInScreen):
                login.reset(notice=message)
        finally:
            self._ending_session = False
        self.prepare_home()  # for the next member, while they type

    def session_expired(self, message: str, *, retry: Callable[[], object] | None = None) -> None:
        """The server ended the session mid-use: a re-login dialog over the current screen, and after it
        ``retry`` (the interrupted read) runs again. Without a member to sign in again, back to login."""
        if self._ending_session:
            return  # already on the way out (logout, idle logout): let that finish
        if retry is not None:
            self._after_relogin.append(retry)
        if self._relogin_open:
            return  # one dialog for every panel the ending interrupted
        if not self.signed_in_as or len(self.screen_stack) < self.HOME_DEPTH:
            if self._remembered is not None:
                self._remembered.forget()  # the server refused it: nothing worth keeping
            # From the app's own worker, not the dying screen's.
            self.run_worker(self.end_session(message), group="session")
            return
        from .relogin import ReloginDialog

        self._relogin_open = True
        self._relogin_reason = message
        self.push_screen(ReloginDialog(self.signed_in_as, message), self._relogged_in)

    def _relogged_in(self, signed_in: bool | None) -> None:
        self._relogin_open = False
        interrupted, self._after_relogin = self._after_relogin, []
        if not signed_in:
            if self._remembered is not None:
                self._remembered.forget()  # the member would not sign in again: nothing worth keeping
            self.run_worker(self.end_session(self._relogin_reason), group="session")
            return
        for retry in interrupted:
            retry()

    async def open_function(self, function_id: str, *, ask: bool = True) -> None:
        """Open a hall function over the home page (replacing any other function screen). A form with
        something typed in it asks first (``HallScreen.has_unsaved_input``), unless the form itself sends
        the person on (``ask=False``)."""
        leave_then = getattr(self.screen, "leave_then", None)
        if ask and len(self.screen_stack) > self.HOME_DEPTH and leave_then and self.screen.has_unsaved_input():  # type: ignore[attr-defined]
            leave_then(lambda: self.call_later(self._open_function, function_id))
            return
        await self._open_function(function_id)

    async def _open_function(self, function_id: str) -> None:
        from . import menu

        function = menu.by_id(function_id)
        screen_class = function.load()
        while len(self.screen_stack) > self.HOME_DEPTH + 1:
            await self.pop_screen()
        if len(self.screen_stack) > self.HOME_DEPTH:
            # From one function straight to the next: the home page underneath is not shown in between. Shown,
            # it would load its panels again, and a session found ended there would open the re-login dialog
            # while the new screen goes on top of it (a dialog half-built under a screen).
            await self.switch_screen(screen_class())
        else:
            await self.push_screen(screen_class())

    # --- actions -------------------------------------------------------------------------------

    def action_help_quit(self) -> None:
        """Ctrl+C (Textual's reflex-quit hint), in Chinese; a kiosk has no way out, so it says nothing."""
        if self.config.kiosk:
            return
        keys = [key for key, active in self.active_bindings.items() if active.binding.action in ("quit", "app.quit")]
        if keys:
            self.notify(_("按 {key} 退出程序。").format(key=self.key_name(keys[0])), title=_("要退出吗？"))

    # Letters are shown in capitals (E 导出, 是(Y)) and Caps Lock may be on: a letter key that no binding
    # takes as typed is tried once more in lower case, after every widget (an Input types "E" as "E").
    @staticmethod
    def _lower_letter(key: str) -> str | None:
        if len(key) == 1 and "A" <= key <= "Z":
            return key.lower()
        if key.startswith("shift+") and len(key) == 7 and "a" <= key[-1] <= "z":
            return key[-1]
        return None

    async def _check_bindings(self, key: str, priority: bool = False) -> bool:
        if await super()._check_bindings(key, priority):
            return True
        lower = None if priority else self._lower_letter(key)  # priority bindings come before any Input
        return lower is not None and await super()._check_bindings(lower, priority)

    def action_help(self) -> None:
        from tui.dialogs import HelpScreen

        if isinstance(self.screen, HelpScreen):
            self.screen.dismiss()
            return
        self.push_screen(HelpScreen(self.key_help(self.screen)))

    def key_help(self, screen: Screen[Any]) -> list[tuple[str, str, str]]:
        """(keys, what they do, binding ids) of every named binding live on ``screen``, keys that do the
        same sharing a row (←/→ 切换列); the ids are what ``[keymap]`` in the config file remaps."""
        keys_of: dict[str, list[str]] = {}  # binding id → its keys, nearest the focus first
        text_of: dict[str, str] = {}
        taken: set[str] = set()
        # What Screen.active_bindings reads, but a widget's own unnamed key (an Input's Enter) does not
        # hide a named binding of the same key further out: that is what the key ends up doing (Enter on
        # the login form: the next field, then 登录).
        from .textual_internals import action_state, modal_binding_chain

        for namespace, bindings in modal_binding_chain(screen):
            for key, binding in bindings:
                if key in taken or not binding.id or not binding.description:
                    continue
                if not action_state(self, binding.action, namespace):
                    continue  # hidden or disabled here: not a key to offer
                taken.add(key)
                keys_of.setdefault(binding.id, []).append(binding.key_display or self.key_name(key))
                text_of.setdefault(binding.id, _(binding.tooltip or binding.description))
        rows: dict[str, tuple[list[str], list[str]]] = {}  # what they do → (keys, ids)
        for binding_id, keys in keys_of.items():
            same_keys, same_ids = rows.setdefault(text_of[binding_id], ([], []))
            same_keys.extend(key for key in keys if key not in same_keys)
            same_ids.append(binding_id)
        help_rows = [("/".join(keys), text, " ".join(ids)) for text, (keys, ids) in rows.items()]
        help_rows.append(("Tab/Shift+Tab", _("在输入框、按钮和列表之间移动"), ""))
        return help_rows

    # Keys as printed on the keyboard (the footer, F1): PgUp rather than Pageup, arrows as arrows.
    KEY_NAMES = {
        "escape": "Esc",
        "enter": "Enter",
        "tab": "Tab",
        "space": N_("空格"),
        "delete": "Del",
        "insert": "Ins",
        "backspace": "Backspace",
        "pageup": "PgUp",
        "pagedown": "PgDn",
        "home": "Home",
        "end": "End",
        "left": "←",
        "right": "→",
        "up": "↑",
        "down": "↓",
    }

    def key_name(self, key: str) -> str:
        """One key as a person reads it: ``ctrl+pagedown`` → Ctrl+PgDn, ``f5`` → F5."""

        def name(part: str) -> str:
            if part in self.KEY_NAMES:
                return _(self.KEY_NAMES[part])
            if len(part) == 1 or part[0] == "f" and part[1:].isdigit():
                return part.upper()  # D, F5
            return part.capitalize()  # Ctrl, Shift

        return "+".join(name(part) for part in key.strip().split("+"))

    def keys_for(self, binding_id: str, default: str) -> str:
        """The keys of a binding as remapped by ``[keymap]`` and named as on the keyboard (F10, Ctrl+L)."""
        keys = self.config.keymap.get(binding_id, default)
        return "/".join(self.key_name(key) for key in keys.split(",") if key.strip())

    def get_key_display(self, binding: Binding) -> str:
        """Keys as a kiosk user reads them on the keyboard: F5, Ctrl+P, Esc, Enter, PgDn, ←."""
        if binding.key_display:
            return binding.key_display
        return "/".join(self.key_name(key) for key in binding.key.split(","))

    # Kiosk: nothing may lead out of the app to a shell (quit, suspend), from keys or the palette.
    # No member-visible setting either (the theme would stay for the next member). Quit stays only where a
    # clerk's admin passphrase is configured, and then asks for it.
    KIOSK_FORBIDDEN = frozenset({"quit", "suspend_process", "change_theme"})

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "copy":
            return self.copy_target() is not None  # F1 offers C only where there is something to copy
        if self.config.kiosk and action in self.KIOSK_FORBIDDEN:
            return action == "quit" and self.config.kiosk_passphrase is not None
        return super().check_action(action, parameters)

    async def action_quit(self) -> None:
        if not self.config.kiosk:
            await super().action_quit()
            return
        if self.config.kiosk_passphrase is None:
            return
        from .widgets.kiosk_exit import KioskExitDialog

        def decided(leave: bool | None) -> None:
            if leave:
                self.exit()

        await self.push_screen(KioskExitDialog(self.config.kiosk_passphrase), decided)

    # Pinyin initials and other words the palette also finds the app's own commands by (see below), by the
    # command's title as written in the code (its msgid). Search words, not text on the screen.
    PALETTE_KEYWORDS = {
        "帮助：本页按键": "bz bangzhu 按键 快捷键 F1",  # i18n: data
        "切换配色主题": "qhpszt zt pszt 主题 颜色 深色 浅色",  # i18n: data
        "注册（首次使用）": "zc zhuce 新用户 首次",  # i18n: data
        "忘记密码": "wjmm zhmm 找回密码 重设密码 解锁",  # i18n: data
        "换一张验证码": "hyzyzm yzm 验证码 刷新",  # i18n: data
        "退出服务大厅": "tc tcfwdt tuichu 注销 登出",  # i18n: data
        "退出程序": "tc tccx tuichu 关闭",  # i18n: data
        "退出自助终端模式": "tc zzzd guanli 管理员 工作人员",  # i18n: data
    }

    def palette_commands(self, screen: Screen[Any]) -> Iterable[tuple[str, str, Callable[[], Any]]]:
        """(title, help, callback) of the palette's own commands, as written in the code (the msgids);
        none that leaves the app in kiosk mode. Before login, what the screen offers by its keys too:
        注册, 忘记密码 (the login screen), a new captcha."""
        yield N_("帮助：本页按键"), N_("列出当前页面可用的按键"), self.action_help
        if not self.config.kiosk:
            yield N_("切换配色主题"), N_("选择界面的配色（深色、浅色等）"), self.action_change_theme
        for action, title, help_text in (
            ("register", N_("注册（首次使用）"), N_("首次使用：注册网上服务大厅")),
            ("forgot_password", N_("忘记密码"), N_("验证身份后设置新的登录密码（也解除密码错误造成的锁定）")),
            ("new_captcha", N_("换一张验证码"), N_("看不清时换一张验证码图片")),
        ):
            method = getattr(screen, f"action_{action}", None)
            if method is not None and screen.check_action(action, ()):
                yield title, help_text, method
        if self.client.signed_in:
            yield N_("退出服务大厅"), N_("退出登录，回到登录页（需确认）"), self._palette_logout
        if not self.config.kiosk:
            yield N_("退出程序"), N_("关闭 gjj"), self.action_quit
        elif self.config.kiosk_passphrase is not None:
            yield N_("退出自助终端模式"), N_("仅限工作人员：输入管理口令后退出程序"), self.action_quit

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        """The palette's own commands (``palette_commands``) in the language in use."""
        from textual.app import SystemCommand

        for title, help_text, callback in self.palette_commands(screen):
            yield SystemCommand(_(title), _(help_text), callback)

    def action_command_palette(self) -> None:
        from textual.command import CommandPalette

        # Textual's own action, with the placeholder in our words.
        # (self.app: this App typed as Textual types every app, which is_open expects)
        if self.use_command_palette and not CommandPalette.is_open(self.app):
            self.push_screen(
                CommandPalette(placeholder=_("输入功能名称或拼音首字母（如 hkjh 还款计划）"), id="--command-palette")
            )

    def search_themes(self) -> None:
        from textual.command import CommandPalette

        from .commands import ThemeCommands

        self.push_screen(CommandPalette(providers=[ThemeCommands], placeholder=_("输入配色主题的名称")))

    def _palette_logout(self) -> None:
        action = getattr(self.screen, "action_logout", None)
        if action is not None:
            action()

    # --- copy (C): over SSH too, through the terminal (OSC 52) -------------------------------------

    def copy_target(self) -> tuple[str, str] | None:
        """(what it is, the text) of what C would copy: the focused widget's selection (a table's row),
        else the screen's own (a loan screen's contract number)."""
        for owner in (self.focused, self.screen):
            selection = getattr(owner, "copy_selection", None)
            if callable(selection):
                picked: tuple[str, str] | None = selection()
                if picked is not None:
                    return picked
        return None

    def action_copy(self) -> None:
        target = self.copy_target()
        if target is None:
            return
        what, text = target
        self.copy_to_clipboard(text)
        shown = text.replace("\t", "  ")
        shown = shown if len(shown) <= 60 else shown[:59] + "…"
        self.notify(_("已复制{what}：{text}").format(what=what, text=shown), title=_("复制"), timeout=4)

    # --- sound (关闭音效 / 开启音效) ---------------------------------------------------------------

    def bell(self) -> None:
        """Ring the terminal bell (errors, finished submissions) unless the member turned sound off."""
        from .sound import sound_for

        if sound_for(self).enabled:
            super().bell()
