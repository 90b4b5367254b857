"""Configuration: a TOML file in the platform's config folder, overridden by ``GJJ_*`` variables.

Errors name the file and the key. ``gjj config path`` prints where the file is looked for.

    server = "https://gjj.example.cn"     # omit for the embedded demo
    ca_bundle = "/etc/ssl/my-centre.pem"   # extra CA for the backend's TLS certificate
    timeout = 15
    export_dir = "~/公积金导出"
    printer = "kiosk-printer"              # lp destination; omit to save PDFs instead
    idle_logout_minutes = 3                # 0: never
    kiosk = false

    [keymap]                               # binding id = keys
    help = "f1"
    logout = "f10,ctrl+l"
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

APP_NAME = "gjj"


class ConfigError(Exception):
    """A config file or variable is wrong; the message names the file (or variable) and key."""


@dataclass
class Config:
    server: str | None = None
    ca_bundle: str | None = None
    timeout: float = 15.0
    export_dir: str | None = None
    printer: str | None = None
    idle_logout_minutes: float = 0.0
    kiosk: bool = False
    keymap: dict[str, str] = field(default_factory=dict)
    path: Path | None = None


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


_TYPES: dict[str, tuple[type, ...]] = {
    "server": (str,),
    "ca_bundle": (str,),
    "timeout": (int, float),
    "export_dir": (str,),
    "printer": (str,),
    "idle_logout_minutes": (int, float),
    "kiosk": (bool,),
}
_TYPE_NAMES = {str: "字符串", int: "数字", float: "数字", bool: "true 或 false"}

_ENV = {
    "GJJ_SERVER": "server",
    "GJJ_CA_BUNDLE": "ca_bundle",
    "GJJ_TIMEOUT": "timeout",
    "GJJ_EXPORT_DIR": "export_dir",
    "GJJ_PRINTER": "printer",
    "GJJ_IDLE_LOGOUT": "idle_logout_minutes",
    "GJJ_KIOSK": "kiosk",
}


def _check(source: str, key: str, value: object) -> object:
    expected = _TYPES[key]
    if isinstance(value, bool) and bool not in expected:
        value = None  # TOML true is not a number
    if value is None or not isinstance(value, expected):
        raise ConfigError(f"{source}：键 {key} 应为{_TYPE_NAMES[expected[0]]}")
    if key in ("timeout", "idle_logout_minutes") and isinstance(value, (int, float)) and value < 0:
        raise ConfigError(f"{source}：键 {key} 不能为负数")
    if key == "server":
        validate_server(str(value), source)
    return value


def validate_server(url: str, source: str = "--server") -> str:
    if not (url.startswith("https://") or url.startswith("http://")):
        raise ConfigError(f"{source}：服务器地址应以 https:// 开头，例如 https://gjj.example.cn")
    return url.rstrip("/")


def _from_env(key: str, text: str) -> object:
    if key == "kiosk":
        return text.strip().lower() in ("1", "true", "yes", "on")
    if key in ("timeout", "idle_logout_minutes"):
        try:
            return float(text)
        except ValueError:
            raise ConfigError(f"环境变量 {key.upper()}：应为数字") from None
    return text


def load_config(path: Path | None = None, env: Mapping[str, str] = os.environ) -> Config:
    path = path or config_path(env)
    config = Config(path=path)
    if path.exists():
        import tomllib

        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise ConfigError(f"{path}：不是有效的 TOML（{exc}）") from None
        for key, value in data.items():
            if key == "keymap":
                if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
                    raise ConfigError(f'{path}：[keymap] 中每个键的值应为按键字符串，如 "f10"')
                config.keymap = dict(value)
            elif key in _TYPES:
                setattr(config, key, _check(str(path), key, value))
            else:
                raise ConfigError(f"{path}：未知的键 {key}")
    for variable, key in _ENV.items():
        if env.get(variable):
            value = _from_env(key, env[variable])
            setattr(config, key, _check(f"环境变量 {variable}", key, value))
    return config
