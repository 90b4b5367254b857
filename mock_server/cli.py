"""``gjj-mock``: run the mock provident-fund server with uvicorn."""

from __future__ import annotations

import argparse
import datetime as dt
import logging
import sys


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
    parser.add_argument("--log-level", default="info", choices=["debug", "info", "warning", "error"])
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    import uvicorn

    from .app import create_app
    from .personas import PERSONAS
    from .settings import MockSettings

    logging.basicConfig(level=args.log_level.upper(), format="%(asctime)s %(name)s %(levelname)s %(message)s")
    log = logging.getLogger("gjj.mock")

    def print_sms(phone: str, code: str, purpose: str) -> None:
        log.info("SMS to %s (%s): %s", phone, purpose, code)

    settings = MockSettings(
        db_path=args.db,
        seed=args.seed,
        today=args.today,
        clock_frozen=args.frozen_clock,
        fixed_captcha=args.fixed_captcha,
        reset_requires_phone=args.reset_requires_phone,
        faults=args.faults,
        sms_listener=print_sms,
    )
    app = create_app(settings)
    if args.host not in ("127.0.0.1", "localhost", "::1"):
        print(f"注意：模拟服务器监听 {args.host}，同一网络中的其他机器也能访问。", file=sys.stderr)
    print(f"gjj-mock 运行于 http://{args.host}:{args.port}  （API 文档：/api/v1/docs）")
    if args.faults is not None:
        print(f"故障场景：{args.faults.name}（{len(args.faults.faults)} 个故障，GET /_mock/faults 查看）")
    print("演示账号（密码见 DESIGN 或 GET /_mock/personas）：")
    for persona in PERSONAS:
        print(f"  {persona.phone}  {persona.name}  {persona.situation}")
    uvicorn.run(app, host=args.host, port=args.port, log_level=args.log_level)
    return 0


if __name__ == "__main__":
    sys.exit(main())
