"""``gjj``: start the terminal app (default), or ``gjj config path``.

Only the standard library and our config are imported before the App starts; everything else loads
after the first frame.
"""

from __future__ import annotations

import datetime as dt
import gc
import os
import sys
from typing import TYPE_CHECKING, Any, NoReturn

from api_client.i18n import N_

if TYPE_CHECKING:
    import argparse
    from collections.abc import Mapping
    from pathlib import Path

    from .config import Config


def _date(text: str) -> dt.date:
    import argparse

    from api_client.i18n import _

    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(_("日期应为 YYYY-MM-DD：{text}").format(text=text)) from None


# argparse's own words (--help and usage errors) → our message for them, whose English is argparse's
# own. argparse looks each one up through gettext; the few a person meets are answered in the language
# in use, any other stays as argparse has it.
ARGPARSE_WORDS = {
    "usage: ": N_("用法："),
    "positional arguments": N_("参数"),
    "options": N_("选项"),
    "show this help message and exit": N_("显示本帮助并退出"),
    "the following arguments are required: %s": N_("缺少参数：%s"),
    "unrecognized arguments: %s": N_("无法识别的参数：%s"),
    "argument %(argument_name)s: %(message)s": N_("参数 %(argument_name)s：%(message)s"),
    "invalid choice: %(value)r (choose from %(choices)s)": N_("无效的选项：%(value)r（可选：%(choices)s）"),
    "invalid %(type)s value: %(value)r": N_("无效的 %(type)s 值：%(value)r"),
    "expected one argument": N_("需要一个值"),
    "expected at most one argument": N_("最多需要一个值"),
    "expected at least one argument": N_("至少需要一个值"),
    "ambiguous option: %(option)s could match %(matches)s": N_("选项不明确：%(option)s 可以是 %(matches)s"),
    "not allowed with argument %s": N_("不能与参数 %s 同时使用"),
    "one of the arguments %s is required": N_("需要参数 %s 之一"),
    "ignored explicit argument %r": N_("多余的值 %r"),
}


def _parser_class() -> type[argparse.ArgumentParser]:
    import argparse
    import gettext

    from api_client.i18n import _

    def ours(message: str) -> str:
        return _(ARGPARSE_WORDS[message]) if message in ARGPARSE_WORDS else gettext.gettext(message)

    # argparse calls gettext as its module-level ``_`` (bound at import): the one place to answer it.
    argparse._ = ours  # type: ignore[attr-defined]  # typeshed leaves out argparse's private gettext alias

    class Parser(argparse.ArgumentParser):
        """Usage errors in one line on stderr, exit code 2."""

        def error(self, message: str) -> NoReturn:
            self.exit(2, "gjj: " + _("参数错误：{message}（gjj --help 查看用法）").format(message=message) + "\n")

    return Parser


def build_parser() -> argparse.ArgumentParser:
    import argparse

    from api_client.domain.ledger_types import LEDGER_TYPE_LABELS, ledger_type_code
    from api_client.i18n import _

    from .config import listing

    type_names = listing(
        [_("{code} {label}").format(code=code, label=_(label)) for code, label in LEDGER_TYPE_LABELS.items()]
    )
    parser_class = _parser_class()
    parser = parser_class(
        prog="gjj",
        description=_("住房公积金个人网上服务大厅（终端版）。不指定服务器时使用内置的演示后端。"),
        epilog=_(
            "退出码：0 成功，2 参数错误，3 登录失败，4 后端报错，5 网络错误，6 已登录但无法保存登录状态（gjj login）。"
        ),
    )
    parser.add_argument(
        "--server", metavar="URL", help=_("后端地址，如 https://gjj.example.cn（也可用环境变量 GJJ_SERVER）")
    )
    parser.add_argument("--config", metavar="FILE", help=_("配置文件（默认见 gjj config path）"))
    parser.add_argument("--kiosk", action="store_true", help=_("自助终端模式：不能退出到命令行，空闲自动退出登录"))
    parser.add_argument("--demo-today", type=_date, metavar="DATE", help=_("演示模式下固定“今天”的日期"))
    parser.add_argument(
        "--lang",
        metavar="LANG",
        help=_(
            "界面语言：zh（中文，默认）或 en（English）；也可用环境变量 GJJ_LANG，"
            "或配置文件的 lang（读取配置后才生效，不影响本帮助）"
        ),
    )
    commands = parser.add_subparsers(title=_("命令"), dest="command", metavar="COMMAND", parser_class=parser_class)
    config = commands.add_parser("config", help=_("配置文件"))
    config.add_argument(
        "action",
        choices=["path", "show", "set-kiosk-passphrase"],
        help=_(
            "path：打印配置文件位置；show：打印生效的配置及其来源；set-kiosk-passphrase：设置离开自助终端模式的管理口令"
        ),
    )
    login = commands.add_parser(
        "login",
        help=_("登录并把登录状态保存在系统钥匙串中"),
        description=_(
            "登录并把登录状态保存在系统钥匙串中（8 小时内有效）。本机没有可用的钥匙串时登录状态无法保存，退出码为 6。"
        ),
    )
    login.add_argument("--username", metavar=_("证件号码或手机号"))
    commands.add_parser("logout", help=_("退出登录并删除保存的登录状态"))
    serve = commands.add_parser("serve", help=_("在浏览器中使用（供运行浏览器的自助终端）"))
    serve.add_argument(
        "--host",
        default="127.0.0.1",
        help=_("监听的地址（默认 127.0.0.1，仅本机；其他地址会给出警告）"),
    )
    serve.add_argument("--port", type=int, default=8000, metavar="N", help=_("端口（默认 8000）"))
    serve.add_argument("--kiosk", dest="serve_kiosk", action="store_true", help=_("以自助终端模式运行"))

    def ledger_type(text: str) -> str:
        code = ledger_type_code(text)
        if code is None:
            raise argparse.ArgumentTypeError(
                _("没有这种业务类型：{text}（可选：{choices}）").format(text=text, choices=type_names)
            )
        return code

    def range_options(sub: argparse.ArgumentParser) -> None:
        sub.add_argument("--contract", metavar="N", help=_("借款合同编号（有多笔贷款时需要）"))
        sub.add_argument("--from", dest="date_from", metavar="D", help=_("起始日期 YYYY-MM-DD"))
        sub.add_argument("--to", dest="date_to", metavar="D", help=_("截止日期 YYYY-MM-DD"))
        sub.add_argument(
            "--type",
            type=ledger_type,
            metavar="TYPE",
            help=_("明细的业务类型（仅 ledger），代码或中文名称均可：{choices}").format(choices=type_names),
        )

    query = commands.add_parser("query", help=_("查询：account ledger loans progress repayments plan"))
    query.add_argument("kind", choices=["account", "ledger", "loans", "progress", "repayments", "plan"])
    range_options(query)
    query.add_argument(
        "--format",
        choices=["table", "json", "csv"],
        default="table",
        help=_("输出格式（默认 table）；csv 为带 BOM 的 UTF-8，Windows 上的 Excel 可直接打开"),
    )
    export = commands.add_parser("export", help=_("导出为 .xlsx 或 .pdf：ledger loan repayments plan certificate"))
    export.add_argument("kind", choices=EXPORT_KINDS)
    range_options(export)
    export.add_argument("-o", "--output", required=True, metavar="FILE", help=_("输出文件，.xlsx 或 .pdf"))
    return parser


EXPORT_KINDS = ["ledger", "loan", "repayments", "plan", "certificate"]


class _Defaults:
    """What ``gjj`` with no arguments means, without paying for argparse before the first frame."""

    server = config = demo_today = command = lang = None
    kiosk = False


def main(argv: list[str] | None = None) -> int:
    # Start-up allocates a great deal and frees little: collecting garbage then is wasted time. The
    # app turns the collector back on (freezing what start-up made) once its first frame is drawn.
    gc.disable()
    try:
        return _main(sys.argv[1:] if argv is None else argv)
    finally:
        gc.enable()


def early_language(argv: list[str], env: Mapping[str, str]) -> str | None:
    """The language asked for on the command line (``--lang``) or in ``GJJ_LANG``, before anything is
    parsed: the usage text and the config file's errors are written in it. A ``--lang`` that names no
    language gjj speaks (the full parse reports it) leaves ``GJJ_LANG`` to say. None: neither asks."""
    from api_client.i18n import normalize

    for index, word in enumerate(argv):
        asked = argv[index + 1] if word == "--lang" and index + 1 < len(argv) else None
        if word.startswith("--lang="):
            asked = word.partition("=")[2]
        if asked is not None and normalize(asked):
            return normalize(asked)
    return normalize(env["GJJ_LANG"]) if env.get("GJJ_LANG") else None


def _main(argv: list[str]) -> int:
    from api_client.i18n import _, language, normalize, use

    use(early_language(argv, os.environ) or "zh")
    args: Any = build_parser().parse_args(argv) if argv else _Defaults()  # argparse's namespace is untyped
    from .config import ConfigError, config_path, language_error, load_config

    path = config_path() if not args.config else _path(args.config)
    try:
        if args.lang and normalize(args.lang) is None:
            raise ConfigError(language_error(_("命令行 --lang"), args.lang))
        config = load_config(path)
        if not args.lang and config.lang != language():
            # Only the file names the language: from now on gjj speaks it, and reads the file again so
            # that what it says about the settings (where each came from) is in that language too.
            use(config.lang)
            config = load_config(path)
        if args.server:
            from .config import validate_server

            config.server = validate_server(args.server)
            config.sources["server"] = _("命令行 --server")
        if args.lang:
            config.lang = normalize(args.lang) or config.lang
            config.sources["lang"] = _("命令行 --lang")
    except ConfigError as exc:
        print(f"gjj: {exc}", file=sys.stderr)
        return 2
    use(config.lang)
    if args.kiosk:
        config.kiosk = True
        config.sources["kiosk"] = _("命令行 --kiosk")
    try:
        return _dispatch(args, config)
    except ConfigError as exc:  # found late: an unreadable ca_bundle
        print(f"gjj: {exc}", file=sys.stderr)
        return 2


def _dispatch(args, config) -> int:  # type: ignore[no-untyped-def]
    if args.command == "config":
        return _config_command(args.action, config)
    if args.command == "serve":
        return _serve(args, config)
    if args.command in ("login", "logout", "query", "export"):
        gc.enable()  # a long export should not grow without collection
        from . import cli_commands as c

        env = c.environment()
        if args.command == "login":
            return c.run(lambda: c.command_login(config, env, args.username))
        if args.command == "logout":
            return c.run(lambda: c.command_logout(config, env))
        if args.command == "query":
            return c.run(lambda: c.command_query(config, env, args, sys.stdout))
        return c.run(lambda: c.command_export(config, env, args))
    return run_app(config, demo_today=args.demo_today)


def _serve(args: argparse.Namespace, config: Config) -> int:
    from api_client.i18n import _

    from .serve import serve

    if not 0 < args.port < 65536:
        message = _("参数错误：端口应在 1 到 65535 之间：{port}").format(port=args.port)
        print(f"gjj: {message}", file=sys.stderr)
        return 2
    # each browser session runs `gjj` with the same choices
    argv = ["--config", str(config.path)]
    if config.server:
        argv += ["--server", config.server]
    if config.kiosk or args.serve_kiosk:
        argv.append("--kiosk")
    if args.demo_today:
        argv += ["--demo-today", args.demo_today.isoformat()]
    argv += ["--lang", config.lang]
    return serve(argv, args.host, args.port)


def _path(text: str) -> Path:
    from pathlib import Path

    return Path(text).expanduser()


def _config_command(action: str, config: Config) -> int:
    if action == "path":
        print(config.path)
        return 0
    if action == "set-kiosk-passphrase":
        from .kiosk import set_passphrase_interactively

        return set_passphrase_interactively(config.path)
    from .config import show_lines

    print("\n".join(show_lines(config)))
    return 0


def run_app(config: Config, *, demo_today: dt.date | None = None) -> int:
    from .app import GjjApp
    from .backend import DemoHooks, embedded_client, remote_client

    if config.server:
        client = remote_client(config.server, ca_bundle=config.ca_bundle, timeout=config.timeout)
        app = GjjApp(client, config=config, startup_probe=os.environ.get("GJJ_STARTUP_PROBE"))
    else:
        hooks = DemoHooks()
        client = embedded_client(today=demo_today, hooks=hooks)
        app = GjjApp(
            client,
            demo=True,
            config=config,
            hooks=hooks,
            startup_probe=os.environ.get("GJJ_STARTUP_PROBE"),
        )
    app.run()
    return app.return_code or 0


if __name__ == "__main__":
    sys.exit(main())
