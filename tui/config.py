"""Configuration: a TOML file in the platform's config folder, overridden by ``GJJ_*`` variables.

One table, the fields of :class:`Config`, says everything about a setting: its type, default,
environment variable, the line ``gjj config show`` prints and the README's row (``settings_markdown``;
a test keeps the README equal to it). Errors name the variable (``GJJ_TIMEOUT``) or the file and key as
the user wrote them. ``gjj config path`` prints where the file is looked for.
"""

from __future__ import annotations

import difflib
import os
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from api_client.i18n import N_, _

APP_NAME = "gjj"


class ConfigError(Exception):
    """A config file or variable is wrong; the message names the file (or variable) and key."""


def _setting(default: Any, kind: str, env: str | None, doc: str, unset: str = "") -> Any:
    """A row of the settings table. ``kind``: text, url, path, seconds, minutes or bool; ``unset``
    says what leaving an optional setting out means. ``doc`` and ``unset`` are marked with ``N_()``:
    ``gjj config show`` translates them, the README's table keeps the Chinese."""
    return field(default=default, metadata={"kind": kind, "env": env, "doc": doc, "unset": unset})


@dataclass
class Config:
    server: str | None = _setting(
        None,
        "url",
        "GJJ_SERVER",
        N_("后端地址（https://）"),
        N_("使用内置的演示后端"),
    )
    ca_bundle: str | None = _setting(
        None,
        "path",
        "GJJ_CA_BUNDLE",
        N_("后端 TLS 证书的额外 CA 文件"),
        N_("只用系统的 CA"),
    )
    timeout: float = _setting(15.0, "seconds", "GJJ_TIMEOUT", N_("每个请求的超时秒数"))
    export_dir: str | None = _setting(
        None,
        "path",
        "GJJ_EXPORT_DIR",
        N_("导出和打印的文件保存在哪里"),
        N_("文稿/公积金导出"),
    )
    printer: str | None = _setting(
        None,
        "text",
        "GJJ_PRINTER",
        N_("打印用的 lp 打印机"),
        N_("打印时保存 PDF 文件"),
    )
    idle_logout_minutes: float = _setting(
        0.0, "minutes", "GJJ_IDLE_LOGOUT", N_("空闲多少分钟后自动退出登录（0：从不；自助终端模式默认 3）")
    )
    kiosk: bool = _setting(False, "bool", "GJJ_KIOSK", N_("自助终端模式：不能退出到命令行"))
    kiosk_passphrase: str | None = _setting(
        None,
        "hash",
        None,
        N_("离开自助终端模式的管理口令（scrypt 散列，用 gjj config set-kiosk-passphrase 设置）"),
        N_("自助终端模式不能在界面中离开"),
    )
    lang: str = _setting("zh", "lang", "GJJ_LANG", N_("界面语言：zh（中文）或 en（English）"))
    keymap: dict[str, str] = field(default_factory=dict)
    path: Path | None = None
    # where each setting that is not its default came from: "环境变量 GJJ_TIMEOUT", the file, "命令行 --server"
    sources: dict[str, str] = field(default_factory=dict)


def settings() -> Iterator[Any]:
    """The settings table: the dataclass fields that carry a setting's metadata."""
    return (f for f in fields(Config) if "kind" in f.metadata)


def env_names() -> dict[str, str]:
    """``GJJ_*`` variable → setting name."""
    return {f.metadata["env"]: f.name for f in settings() if f.metadata["env"]}


def config_path(env: Mapping[str, str] = os.environ) -> Path:
    if env.get("GJJ_CONFIG"):
        return Path(env["GJJ_CONFIG"]).expanduser()
    from platformdirs import user_config_path

    return user_config_path(APP_NAME, appauthor=False) / "config.toml"


def state_dir(env: Mapping[str, str] = os.environ) -> Path:
    """Where gjj remembers small things between runs (the sound switch); ``GJJ_STATE_DIR`` overrides it."""
    if env.get("GJJ_STATE_DIR"):
        return Path(env["GJJ_STATE_DIR"]).expanduser()
    from platformdirs import user_state_path

    return user_state_path(APP_NAME, appauthor=False)


BOOLEAN_WORDS = {
    "true": True,
    "yes": True,
    "on": True,
    "1": True,
    "false": False,
    "no": False,
    "off": False,
    "0": False,
}
_KIND_NAMES = {
    "text": N_("字符串"),
    "url": N_("字符串（https:// 开头的地址）"),
    "path": N_("字符串（文件或文件夹路径）"),
    "hash": N_("字符串"),
    "seconds": N_("数字（秒）"),
    "minutes": N_("数字（分钟）"),
    "bool": N_("true 或 false"),
    "lang": N_("字符串：zh 或 en"),
}


def _check(source: str, key: str, kind: str, value: object) -> object:
    """A value from the TOML file, checked against its kind; ``source`` is how the user wrote it."""
    if kind in ("seconds", "minutes"):
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise ConfigError(_("{source}：应为{kind}，例如 15").format(source=source, kind=_(_KIND_NAMES[kind])))
        if value < 0:
            raise ConfigError(_("{source}：不能为负数").format(source=source))
        return float(value)
    if kind == "bool":
        if not isinstance(value, bool):
            raise ConfigError(_("{source}：应为 true 或 false（不加引号）").format(source=source))
        return value
    if not isinstance(value, str):
        raise ConfigError(_("{source}：应为{kind}（加引号）").format(source=source, kind=_(_KIND_NAMES[kind])))
    if kind == "url":
        return validate_server(value, source)
    if kind == "lang":
        from api_client.i18n import normalize

        lang = normalize(value)
        if lang is None:
            raise ConfigError(language_error(source, value))
        return lang
    if kind == "hash" and not value.startswith("scrypt$"):
        raise ConfigError(_("{source}：应为 gjj config set-kiosk-passphrase 写入的散列值").format(source=source))
    return value


def _from_env(source: str, kind: str, text: str) -> object:
    """A value from an environment variable: text, converted by kind, refused when it is not one."""
    if kind == "bool":
        word = text.strip().lower()
        if word not in BOOLEAN_WORDS:
            raise ConfigError(
                _("{source}：应为 true/false、yes/no、on/off 或 1/0，而不是「{value}」").format(
                    source=source, value=text
                )
            )
        return BOOLEAN_WORDS[word]
    if kind in ("seconds", "minutes"):
        try:
            number = float(text)
        except ValueError:
            raise ConfigError(
                _("{source}：应为{kind}，而不是「{value}」").format(
                    source=source, kind=_(_KIND_NAMES[kind]), value=text
                )
            ) from None
        if not number >= 0 or number == float("inf"):  # also refuses nan
            raise ConfigError(_("{source}：应为不小于 0 的数字，而不是「{value}」").format(source=source, value=text))
        return number
    return _check(source, "", kind, text)


def validate_server(url: str, source: str = "--server") -> str:
    if not (url.startswith("https://") or url.startswith("http://")):
        raise ConfigError(
            _("{source}：服务器地址应以 https:// 开头，例如 https://gjj.example.cn").format(source=source)
        )
    return url.rstrip("/")


def language_error(source: str, value: str) -> str:
    """What is wrong with a ``lang`` that names no language gjj speaks; ``source`` as the user wrote it."""
    return _("{source}：应为 zh（中文）或 en（English），而不是「{value}」").format(source=source, value=value)


def env_source(variable: str) -> str:
    """How an environment variable is named in messages and in ``gjj config show``."""
    return _("环境变量 {variable}").format(variable=variable)


def listing(words: list[str]) -> str:
    """``a、b、c`` in Chinese, ``a, b, c`` in English."""
    return _("、").join(words)


# Every binding id a [keymap] may name. tests/test_config.py keeps this equal to the ids the app's
# bindings really carry; kept as data so that checking a keymap imports no screen before the first frame.
BINDING_IDS = frozenset(
    {
        "applications.more",
        "applications.view",
        "back",
        "confirm.back",
        "confirm.no",
        "confirm.yes",
        "copy",
        "detail.close",
        "export",
        "export.cancel",
        "figures.down",
        "figures.first",
        "figures.last",
        "figures.left",
        "figures.right",
        "figures.up",
        "guest.back",
        "guest.captcha",
        "help",
        "help.close",
        "home.down",
        "home.fund_more",
        "home.left",
        "home.open",
        "home.right",
        "home.up",
        "kiosk-exit.cancel",
        "ledger.detail",
        "ledger.query",
        "loan-confirm.back",
        "loan.detail",
        "loan.submit",
        "login.captcha",
        "login.forgot",
        "login.register",
        "login.submit",
        "logout",
        "message.close",
        "messages.delete",
        "messages.more",
        "messages.read",
        "messages.view",
        "next_tab",
        "open.account",
        "open.applications",
        "open.ledger",
        "open.loan_account",
        "open.loan_progress",
        "open.messages",
        "open.plan",
        "open.repayments",
        "palette",
        "plan.query",
        "print",
        "print.cancel",
        "progress.cancel",
        "quit",
        "relogin.captcha",
        "relogin.leave",
        "repayments.detail",
        "retry",
        "table.down",
        "table.first",
        "table.last",
        "table.left",
        "table.pagedown",
        "table.pageup",
        "table.right",
        "table.up",
        "withdrawal.next",
    }
)


def _flatten(table: dict[str, Any], prefix: str = "") -> Iterator[tuple[str, object]]:
    """TOML reads ``open.account = "f12"`` as a table ``open`` holding ``account``: the id is the dotted name."""
    for key, value in table.items():
        if isinstance(value, dict):
            yield from _flatten(value, f"{prefix}{key}.")
        else:
            yield f"{prefix}{key}", value


def _check_keymap(path: Path, value: object) -> dict[str, str]:
    if not isinstance(value, dict):
        raise ConfigError(_('{path}：[keymap] 应为一个表，每行如 logout = "f10,ctrl+l"').format(path=path))
    keymap: dict[str, str] = {}
    for binding_id, keys in _flatten(value):
        if binding_id not in BINDING_IDS:
            close = difflib.get_close_matches(binding_id, sorted(BINDING_IDS), n=3, cutoff=0.5)
            hint = (
                _("，是不是 {names}？").format(names=listing(close)) if close else _("（按 F1 可看到每个按键的编号）")
            )
            raise ConfigError(
                _("{path}：[keymap] 中没有 {binding_id} 这个按键编号{hint}").format(
                    path=path, binding_id=binding_id, hint=hint
                )
            )
        if not isinstance(keys, str) or not all(part.strip() for part in keys.split(",")):
            raise ConfigError(
                _('{path}：[keymap] 的 {binding_id} 应为按键字符串，如 "f10" 或 "f10,ctrl+l"').format(
                    path=path, binding_id=binding_id
                )
            )
        keymap[binding_id] = ",".join(part.strip() for part in keys.split(","))
    return keymap


def load_config(path: Path | None = None, env: Mapping[str, str] = os.environ) -> Config:
    path = path or config_path(env)
    config = Config(path=path)
    table = {f.name: f for f in settings()}
    if path.exists():
        import tomllib

        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise ConfigError(_("{path}：不是有效的 TOML（{error}）").format(path=path, error=exc)) from None
        for key, value in data.items():
            if key == "keymap":
                config.keymap = _check_keymap(path, value)
            elif key in table:
                source = _("{path}：键 {key}").format(path=path, key=key)
                setattr(config, key, _check(source, key, table[key].metadata["kind"], value))
                config.sources[key] = str(path)
            else:
                close = difflib.get_close_matches(key, [*table, "keymap"], n=3, cutoff=0.5)
                hint = _("，是不是 {names}？").format(names=listing(close)) if close else ""
                raise ConfigError(_("{path}：未知的键 {key}{hint}").format(path=path, key=key, hint=hint))
    for variable, key in env_names().items():
        if env.get(variable, "").strip():
            setattr(config, key, _from_env(env_source(variable), table[key].metadata["kind"], env[variable]))
            config.sources[key] = env_source(variable)
    return config


# --- what gjj config show prints, and the README's table ----------------------------------------


def _toml_value(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, str):
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return str(value)


def show_lines(config: Config) -> list[str]:
    """The settings in force as TOML a person can paste into the file, each with where it came from."""
    exists = config.path is not None and config.path.exists()
    lines = ["# " + (_("配置文件：{path}") if exists else _("配置文件：{path}（不存在）")).format(path=config.path)]
    for setting in settings():
        value = getattr(config, setting.name)
        where = config.sources.get(setting.name) or _("默认值")
        if setting.name == "kiosk_passphrase":
            said = _("{name}：已设置（来自 {where}）") if value else _("{name}：未设置")
            lines.append("# " + said.format(name=setting.name, where=where))
            continue
        if value is None:
            unset = _(setting.metadata["unset"])
            lines.append("# " + _("{name} 未设置：{unset}").format(name=setting.name, unset=unset))
            continue
        lines.append(f"{setting.name} = {_toml_value(value)}  # {where}")
    if config.keymap:
        lines.append("")
        lines.append(f"[keymap]  # {config.path}")
        lines.extend(f"{binding_id} = {_toml_value(keys)}" for binding_id, keys in sorted(config.keymap.items()))
    return lines


def settings_markdown() -> str:
    """The README's settings table (between its ``settings:begin``/``settings:end`` markers), in Chinese
    whatever the language in use: the README is written in Chinese."""
    rows = ["| 键 | 环境变量 | 类型 | 默认 | 说明 |", "| --- | --- | --- | --- | --- |"]  # i18n: data (the README)
    for setting in settings():
        kind = _KIND_NAMES[setting.metadata["kind"]]
        default = setting.metadata["unset"] or _toml_value(setting.default)
        env = f"`{setting.metadata['env']}`" if setting.metadata["env"] else "—"
        rows.append(f"| `{setting.name}` | {env} | {kind} | {default} | {setting.metadata['doc']} |")
    rows.append(
        '| `[keymap]` | — | 表：按键编号 = 按键 | — | 改按键，如 `logout = "f10,ctrl+l"`；编号见 F1，写错的编号会被拒绝并提示相近的编号 |'  # i18n: data (the README)
    )
    return "\n".join(rows)


if __name__ == "__main__":
    print(settings_markdown())
