"""``gjj``: start the terminal app (default), or ``gjj config path``.

Only the standard library and our config are imported before the App starts; everything else loads
after the first frame.
"""

from __future__ import annotations

import datetime as dt
import gc
import os
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import argparse


def _date(text: str) -> dt.date:
    import argparse

    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"日期应为 YYYY-MM-DD：{text}") from None


def build_parser() -> argparse.ArgumentParser:
    import argparse

    parser = argparse.ArgumentParser(
        prog="gjj",
        description="住房公积金个人网上服务大厅（终端版）。不指定服务器时使用内置的演示后端。",
    )
    parser.add_argument("--server", metavar="URL", help="后端地址，如 https://gjj.example.cn（也可用环境变量 GJJ_SERVER）")
    parser.add_argument("--config", metavar="FILE", help="配置文件（默认见 gjj config path）")
    parser.add_argument("--kiosk", action="store_true", help="自助终端模式：不能退出到命令行，空闲自动退出登录")
    parser.add_argument("--demo-today", type=_date, metavar="DATE", help="演示模式下固定“今天”的日期")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    config = commands.add_parser("config", help="配置文件")
    config.add_argument("action", choices=["path", "show"], help="path：打印配置文件位置；show：打印生效的配置")
    return parser


class _Defaults:
    """What ``gjj`` with no arguments means, without paying for argparse before the first frame."""

    server = config = demo_today = command = None
    kiosk = False


def main(argv: list[str] | None = None) -> int:
    # Start-up allocates a great deal and frees little: collecting garbage then is wasted time. The
    # app turns the collector back on (freezing what start-up made) once its first frame is drawn.
    gc.disable()
    try:
        return _main(sys.argv[1:] if argv is None else argv)
    finally:
        gc.enable()


def _main(argv: list[str]) -> int:
    args = build_parser().parse_args(argv) if argv else _Defaults()
    from .config import ConfigError, config_path, load_config

    try:
        config = load_config(config_path() if not args.config else _path(args.config))
        if args.server:
            from .config import validate_server

            config.server = validate_server(args.server)
    except ConfigError as exc:
        print(f"gjj: {exc}", file=sys.stderr)
        return 2
    if args.kiosk:
        config.kiosk = True
    if args.command == "config":
        return _config_command(args.action, config)
    return run_app(config, demo_today=args.demo_today)


def _path(text: str):  # type: ignore[no-untyped-def]
    from pathlib import Path

    return Path(text).expanduser()


def _config_command(action: str, config) -> int:  # type: ignore[no-untyped-def]
    if action == "path":
        print(config.path)
        return 0
    for key in ("server", "ca_bundle", "timeout", "export_dir", "printer", "idle_logout_minutes", "kiosk"):
        print(f"{key} = {getattr(config, key)!r}")
    for binding_id, keys in sorted(config.keymap.items()):
        print(f"keymap.{binding_id} = {keys!r}")
    return 0


def run_app(config, *, demo_today: dt.date | None = None) -> int:  # type: ignore[no-untyped-def]
    from .app import GjjApp
    from .backend import DemoHooks, embedded_client, remote_client

    if config.server:
        client = remote_client(config.server, ca_bundle=config.ca_bundle, timeout=config.timeout)
        app = GjjApp(client, config=config, startup_probe=os.environ.get("GJJ_STARTUP_PROBE"))
    else:
        hooks = DemoHooks()
        client = embedded_client(today=demo_today, hooks=hooks)
        app = GjjApp(client, demo=True, config=config, hooks=hooks,
                     today=(lambda: demo_today) if demo_today else None,
                     startup_probe=os.environ.get("GJJ_STARTUP_PROBE"))
    app.run()
    return app.return_code or 0


if __name__ == "__main__":
    sys.exit(main())
