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

APP_NAME = "gjj"


class ConfigError(Exception):
    """A config file or variable is wrong; the message names the file (or variable) and key."""


def _setting(default: Any, kind: str, env: str | None, doc: str, unset: str = "") -> Any:
    """A row of the settings table. ``kind``: text, url, path, seconds, minutes or bool; ``unset``
    says what leaving an optional setting out means."""
    return field(default=default, metadata={"kind": kind, "env": env, "doc": doc, "unset": unset})


@dataclass
class Config:
    server: str | None = _setting(
        None,
        "url",
        "GJJ_SERVER",
        "后端地址（https://）",
        "使用内置的演示后端",
    )
    ca_bundle: str | None = _setting(
        None,
        "path",
        "GJJ_CA_BUNDLE",
        "后端 TLS 证书的额外 CA 文件",
        "只用系统的 CA",
    )
    timeout: float = _setting(15.0, "seconds", "GJJ_TIMEOUT", "每个请求的超时秒数")
    export_dir: str | None = _setting(
        None,
        "path",
        "GJJ_EXPORT_DIR",
        "导出和打印的文件保存在哪里",
        "文稿/公积金导出",
    )
    printer: str | None = _setting(
        None,
        "text",
        "GJJ_PRINTER",
        "打印用的 lp 打印机",
        "打印时保存 PDF 文件",
    )
    idle_logout_minutes: float = _setting(
        0.0, "minutes", "GJJ_IDLE_LOGOUT", "空闲多少分钟后自动退出登录（0：从不；自助终端模式默认 3）"
    )
    kiosk: bool = _setting(False, "bool", "GJJ_KIOSK", "自助终端模式：不能退出到命令行")
    kiosk_passphrase: str | None = _setting(
        None,
        "hash",
        None,
        "离开自助终端模式的管理口令（scrypt 散列，用 gjj config set-kiosk-passphrase 设置）",
        "自助终端模式不能在界面中离开",
    )
    lang: str = _setting("zh", "lang", "GJJ_LANG", "界面语言：zh（中文）或 en（English）")
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
    "text": "字符串",
    "url": "字符串（https:// 开头的地址）",
    "path": "字符串（文件或文件夹路径）",
    "hash": "字符串",
    "seconds": "数字（秒）",
    "minutes": "数字（分钟）",
    "bool": "true 或 false",
    "lang": "字符串：zh 或 en",
}


def _check(source: str, key: str, kind: str, value: object) -> object:
    """A value from the TOML file, checked against its kind; ``source`` is how the user wrote it."""
    if kind in ("seconds", "minutes"):
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise ConfigError(f"{source}：应为{_KIND_NAMES[kind]}，例如 15")
        if value < 0:
            raise ConfigError(f"{source}：不能为负数")
        return float(value)
    if kind == "bool":
        if not isinstance(value, bool):
            raise ConfigError(f"{source}：应为 true 或 false（不加引号）")
        return value
    if not isinstance(value, str):
        raise ConfigError(f"{source}：应为{_KIND_NAMES[kind]}（加引号）")
    if kind == "url":
        return validate_server(value, source)
    if kind == "lang":
        from api_client.i18n import normalize

        lang = normalize(value)
        if lang is None:
            raise ConfigError(f"{source}：应为 zh（中文）或 en（English），而不是「{value}」")
        return lang
    if kind == "hash" and not value.startswith("scrypt$"):
        raise ConfigError(f"{source}：应为 gjj config set-kiosk-passphrase 写入的散列值")
    return value


def _from_env(source: str, kind: str, text: str) -> object:
    """A value from an environment variable: text, converted by kind, refused when it is not one."""
    if kind == "bool":
        word = text.strip().lower()
        if word not in BOOLEAN_WORDS:
            raise ConfigError(f"{source}：应为 true/false、yes/no、on/off 或 1/0，而不是「{text}」")
        return BOOLEAN_WORDS[word]
    if kind in ("seconds", "minutes"):
        try:
            number = float(text)
        except ValueError:
            raise ConfigError(f"{source}：应为{_KIND_NAMES[kind]}，而不是「{text}」") from None
        if not number >= 0 or number == float("inf"):  # also refuses nan
            raise ConfigError(f"{source}：应为不小于 0 的数字，而不是「{text}」")
        return number
    return _check(source, "", kind, text)


def validate_server(url: str, source: str = "--server") -> str:
    if not (url.startswith("https://") or url.startswith("http://")):
        raise ConfigError(f"{source}：服务器地址应以 https:// 开头，例如 https://gjj.example.cn")
    return url.rstrip("/")


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
        raise ConfigError(f'{path}：[keymap] 应为一个表，每行如 logout = "f10,ctrl+l"')
    keymap: dict[str, str] = {}
    for binding_id, keys in _flatten(value):
        if binding_id not in BINDING_IDS:
            close = difflib.get_close_matches(binding_id, sorted(BINDING_IDS), n=3, cutoff=0.5)
            hint = f"，是不是 {'、'.join(close)}？" if close else "（按 F1 可看到每个按键的编号）"
            raise ConfigError(f"{path}：[keymap] 中没有 {binding_id} 这个按键编号{hint}")
        if not isinstance(keys, str) or not all(part.strip() for part in keys.split(",")):
            raise ConfigError(f'{path}：[keymap] 的 {binding_id} 应为按键字符串，如 "f10" 或 "f10,ctrl+l"')
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
            raise ConfigError(f"{path}：不是有效的 TOML（{exc}）") from None
        for key, value in data.items():
            if key == "keymap":
                config.keymap = _check_keymap(path, value)
            elif key in table:
                setattr(config, key, _check(f"{path}：键 {key}", key, table[key].metadata["kind"], value))
                config.sources[key] = str(path)
            else:
                close = difflib.get_close_matches(key, [*table, "keymap"], n=3, cutoff=0.5)
                hint = f"，是不是 {'、'.join(close)}？" if close else ""
                raise ConfigError(f"{path}：未知的键 {key}{hint}")
    for variable, key in env_names().items():
        if env.get(variable, "").strip():
            setattr(config, key, _from_env(f"环境变量 {variable}", table[key].metadata["kind"], env[variable]))
            config.sources[key] = f"环境变量 {variable}"
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
    lines = [f"# 配置文件：{config.path}{'' if config.path and config.path.exists() else '（不存在）'}"]
    for setting in settings():
        value = getattr(config, setting.name)
        if setting.name == "kiosk_passphrase":
            where = config.sources.get(setting.name, "默认值")
            lines.append(f"# {setting.name}：{f'已设置（来自 {where}）' if value else '未设置'}")
            continue
        if value is None:
            lines.append(f"# {setting.name} 未设置：{setting.metadata['unset']}")
            continue
        where = config.sources.get(setting.name, "默认值")
        lines.append(f"{setting.name} = {_toml_value(value)}  # {where}")
    if config.keymap:
        lines.append("")
        lines.append(f"[keymap]  # {config.path}")
        lines.extend(f"{binding_id} = {_toml_value(keys)}" for binding_id, keys in sorted(config.keymap.items()))
    return lines


def settings_markdown() -> str:
    """The README's settings table (between its ``settings:begin``/``settings:end`` markers)."""
    rows = ["| 键 | 环境变量 | 类型 | 默认 | 说明 |", "| --- | --- | --- | --- | --- |"]
    for setting in settings():
        kind = _KIND_NAMES[setting.metadata["kind"]]
        default = setting.metadata["unset"] or _toml_value(setting.default)
        env = f"`{setting.metadata['env']}`" if setting.metadata["env"] else "—"
        rows.append(f"| `{setting.name}` | {env} | {kind} | {default} | {setting.metadata['doc']} |")
    rows.append(
        '| `[keymap]` | — | 表：按键编号 = 按键 | — | 改按键，如 `logout = "f10,ctrl+l"`；编号见 F1，写错的编号会被拒绝并提示相近的编号 |'
    )
    return "\n".join(rows)


if __name__ == "__main__":
    print(settings_markdown())
