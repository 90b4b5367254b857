"""``gjj-mock``: run the mock provident-fund server with uvicorn."""

from __future__ import annotations

import argparse
import datetime as dt
import ipaddress
import logging
import os
import sys

MIN_TOKEN_LENGTH = 12


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"日期应为 YYYY-MM-DD：{text}") from None


def _captcha(text: str) -> str:
    from .captcha import drawable

    if not drawable(text) or len(text) > 8:
        raise argparse.ArgumentTypeError("固定验证码只能是 1–8 位字母或数字")
    return text.upper()


def _scenario(text: str):  # type: ignore[no-untyped-def]
    from .faults import load_scenario

    try:
        return load_scenario(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="gjj-mock",
        description="模拟的住房公积金个人网上服务大厅后端（测试与演示用）。",
    )
    parser.add_argument("--host", default="127.0.0.1", help="监听地址（默认 127.0.0.1，仅本机）")
    parser.add_argument("--port", type=int, default=8765, help="端口（默认 8765）")
    parser.add_argument("--db", default=None, help="SQLite 数据库文件；不指定则使用内存数据库")
    parser.add_argument("--seed", type=int, default=20240601, help="随机种子：同一种子得到同样的数据")
    parser.add_argument("--today", type=_date, default=None, help="固定“今天”的日期，如 2026-11-22")
    parser.add_argument("--frozen-clock", action="store_true", help="冻结时钟：只在 /_mock/clock 调整时前进")
    parser.add_argument(
        "--fixed-captcha", type=_captcha, default=None, metavar="CODE", help="每个图形验证码都接受 CODE（自动化测试用）"
    )
    parser.add_argument(
        "--reset-requires-phone", action="store_true", help="忘记密码时还要求输入手机号码（另一种中心的流程）"
    )
    parser.add_argument(
        "--faults",
        type=_scenario,
        default=None,
        metavar="SCENARIO",
        help="启动时注入的故障场景：自带场景名（flaky-network、slow-backend、backend-down）或 TOML 文件；"
        "/_mock/reset 后恢复",
    )
    parser.add_argument(
        "--admin-token",
        default=os.environ.get("GJJ_MOCK_ADMIN_TOKEN") or None,
        metavar="TOKEN",
        help="/_mock 与 API 文档的管理令牌（环境变量 GJJ_MOCK_ADMIN_TOKEN）；监听本机以外的地址时必须提供",
    )
    parser.add_argument(
        "--log-sms", action="store_true", help="把发出的短信验证码写进日志（默认不写：在 /_mock/sms 查看）"
    )
    parser.add_argument("--tls-cert", default=None, metavar="FILE", help="以 HTTPS 提供服务：证书文件（PEM）")
    parser.add_argument("--tls-key", default=None, metavar="FILE", help="以 HTTPS 提供服务：私钥文件（PEM）")
    parser.add_argument("--log-level", default="info", choices=["debug", "info", "warning", "error"])
    return parser


def is_loopback(host: str) -> bool:
    """Whether only this machine can reach ``host`` (0.0.0.0, :: and names other than localhost cannot be)."""
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def _problem(args: argparse.Namespace, exposed: bool) -> str | None:
    """What keeps the server from starting as asked, in Chinese (None: nothing)."""
    if exposed and not args.admin_token:
        return (
            f"监听 {args.host} 会让同一网络中的其他机器访问模拟服务器：请用 --admin-token（或环境变量 "
            "GJJ_MOCK_ADMIN_TOKEN）设置管理令牌，/_mock 与 API 文档凭它访问"
        )
    if args.admin_token is not None and len(args.admin_token) < MIN_TOKEN_LENGTH:
        return f"管理令牌至少 {MIN_TOKEN_LENGTH} 个字符"
    if bool(args.tls_cert) != bool(args.tls_key):
        return "HTTPS 需要同时指定 --tls-cert 和 --tls-key"
    for option, path in (("--tls-cert", args.tls_cert), ("--tls-key", args.tls_key)):
        if path and not os.path.isfile(path):
            return f"{option} 指定的文件不存在：{path}"
    return None


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    exposed = not is_loopback(args.host)
    problem = _problem(args, exposed)
    if problem:
        print(f"gjj-mock：{problem}", file=sys.stderr)
        return 2

    from .app import create_app
    from .personas import PERSONAS
    from .settings import MockSettings

    logging.basicConfig(level=args.log_level.upper(), format="%(asctime)s %(name)s %(levelname)s %(message)s")
    log = logging.getLogger("gjj.mock")

    def log_sms(phone: str, code: str, purpose: str) -> None:
        log.info("SMS to %s (%s): %s", phone, purpose, code)

    settings = MockSettings(
        db_path=args.db,
        seed=args.seed,
        today=args.today,
        clock_frozen=args.frozen_clock,
        fixed_captcha=args.fixed_captcha,
        reset_requires_phone=args.reset_requires_phone,
        faults=args.faults,
        sms_listener=log_sms if args.log_sms else None,
        exposed=exposed,
        admin_token=args.admin_token,
    )
    app = create_app(settings)
    scheme = "https" if args.tls_cert else "http"
    if exposed:
        print(f"注意：模拟服务器监听 {args.host}，同一网络中的其他机器也能访问；/_mock 与 API 文档需要管理令牌。")
    print(f"gjj-mock 运行于 {scheme}://{args.host}:{args.port}  （API 文档：/api/v1/docs）")
    if args.faults is not None:
        print(f"故障场景：{args.faults.name}（{len(args.faults.faults)} 个故障，GET /_mock/faults 查看）")
    if exposed:
        print("演示账号（密码见 DESIGN.md；不经网络提供）：")
    else:
        print("演示账号（密码见 DESIGN.md 或 GET /_mock/personas）：")
    for persona in PERSONAS:
        print(f"  {persona.phone}  {persona.name}  {persona.situation}")
    sys.stdout.flush()
    serve(
        app,
        host=args.host,
        port=args.port,
        log_level=args.log_level,
        ssl_certfile=args.tls_cert,
        ssl_keyfile=args.tls_key,
    )
    return 0


# The server stack, named rather than left to what happens to be installed: the standard library's
# event loop and h11, which checks every answer's HTTP/1.1 framing (the fault injection relies on a
# server that frames strictly). uvloop + httptools (uvicorn[standard]) were measured on one route
# with wrk: they take a bare Starlette app from 0.077 to 0.026 ms of CPU per request, and the mock
# from ~0.45 ms by less than the noise (its time is in FastAPI and the app), so they stay out.
UVICORN_STACK = {"loop": "asyncio", "http": "h11"}


def serve(
    app: object,
    *,
    host: str,
    port: int,
    log_level: str,
    ssl_certfile: str | None = None,
    ssl_keyfile: str | None = None,
) -> None:
    """Run an ASGI app the way ``gjj-mock`` does (the load benchmark serves its bare baseline app the same way)."""
    import uvicorn

    uvicorn.run(
        app,  # type: ignore[arg-type]
        host=host,
        port=port,
        log_level=log_level,
        ssl_certfile=ssl_certfile,
        ssl_keyfile=ssl_keyfile,
        **UVICORN_STACK,  # type: ignore[arg-type]
    )


if __name__ == "__main__":
    sys.exit(main())
