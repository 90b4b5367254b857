"""``gjj login | logout | query | export``: the scripting side of gjj, on the same client, models and
export code as the screens.

Exit codes: 0 success, 2 usage, 3 authentication, 4 backend error (the server was reached: it refused,
failed or answered something unreadable), 5 network (no connection, the connection lost, no answer in
time). Errors are one line on stderr. Reads that fail in a way worth another try are retried by the
client (see ``api_client.retry``); on a terminal each retry is announced on stderr. Signing in: ``GJJ_USERNAME`` and ``GJJ_PASSWORD`` (and ``GJJ_CAPTCHA`` against a mock started
with ``--fixed-captcha``) for automation; otherwise the refresh token ``gjj login`` kept in the OS
keyring.
"""

from __future__ import annotations

import asyncio
import csv
import datetime as dt
import getpass
import json
import os
import sys
from collections.abc import Callable, Coroutine
from pathlib import Path
from typing import Any, TextIO

from api_client import errors
from api_client.client import GjjClient
from api_client.domain.formatting import parse_date
from api_client.domain.labels import PLAN_ROW_STATE_LABELS, STEP_STATE_LABELS
from api_client.domain.masking import mask_name
from api_client.i18n import N_, _

from .config import Config, listing
from .remember import KEYRING_SERVICE, keyring_backend

EXIT_OK, EXIT_USAGE, EXIT_AUTH, EXIT_BACKEND, EXIT_NETWORK = 0, 2, 3, 4, 5
EXIT_NOT_KEPT = 6  # gjj login signed in, but there is no keyring to keep the session in

AUTH_ERRORS = (
    errors.CaptchaInvalid,
    errors.CredentialsInvalid,
    errors.AccountLocked,
    errors.NotRegistered,
    errors.AccountClosed,
    errors.SessionExpired,
    errors.Unauthorized,
    errors.TokenExpired,
)


class UsageError(Exception):
    """The command line asks for something that cannot be done; exit 2."""


class NotSignedIn(Exception):
    """No session and no way to make one; exit 3."""


def fail(message: str, code: int, stream: TextIO | None = None) -> int:
    print(f"gjj: {' '.join(message.split())}", file=stream or sys.stderr)
    return code


def exit_code_of(exc: BaseException) -> int:
    if isinstance(exc, errors.NetworkError):
        return EXIT_NETWORK
    if isinstance(exc, (*AUTH_ERRORS, NotSignedIn)):
        return EXIT_AUTH
    if isinstance(exc, UsageError):
        return EXIT_USAGE
    return EXIT_BACKEND


def run(command: Callable[[], Coroutine[Any, Any, int]]) -> int:
    """Run an async command; every known failure becomes its exit code and one line on stderr."""
    from .export.output import ExportError

    try:
        return asyncio.run(command())
    except (errors.GjjError, UsageError, NotSignedIn) as exc:
        return fail(str(exc), exit_code_of(exc))
    except ExportError as exc:
        return fail(str(exc), EXIT_USAGE)
    except KeyboardInterrupt:
        return fail(_("已取消"), EXIT_USAGE)
    except BrokenPipeError:
        # The reader went away (`| head`): what it wanted it has. Quietly stop writing.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_OK


# --- client and session --------------------------------------------------------------------------


def make_client(config: Config, env: dict[str, str]) -> GjjClient:
    from .backend import embedded_client, remote_client

    if config.server:
        client = remote_client(config.server, ca_bundle=config.ca_bundle, timeout=config.timeout)
    else:
        captcha = env.get("GJJ_CAPTCHA") or None
        client = embedded_client(fixed_captcha=captcha.upper() if captcha else None)
    if sys.stderr.isatty():  # a person is watching: say why it is slow; a script's stderr keeps one line
        client.on_retry = retry_notice
    return client


def retry_notice(attempt: int, delay: float, reason: str) -> None:
    notice = _("{reason}，{delay} 秒后重试（第 {attempt} 次）…").format(
        reason=reason, delay=f"{delay:.1f}", attempt=attempt
    )
    print(f"gjj: {notice}", file=sys.stderr)


def keyring_account(client: GjjClient) -> str:
    return client.server


async def interactive_captcha(client: GjjClient, env: dict[str, str]) -> tuple[str, str]:
    """A captcha: its code from GJJ_CAPTCHA, or drawn on the terminal and typed by the person."""
    captcha = await client.captcha()
    if env.get("GJJ_CAPTCHA"):
        return captcha.captcha_id, env["GJJ_CAPTCHA"]
    if not sys.stdin.isatty():
        raise NotSignedIn(
            _("需要图形验证码：请在终端中运行，或设置 GJJ_CAPTCHA（模拟服务器以 --fixed-captcha 启动时）")
        )
    import base64

    from .halfblocks import png_to_halfblocks

    print("\n".join(png_to_halfblocks(base64.b64decode(captcha.image_png_base64), 32, 6)), file=sys.stderr)
    return captcha.captcha_id, input(_("验证码（见上图，不区分大小写）：")).strip()


async def sign_in(client: GjjClient, env: dict[str, str], username: str | None = None) -> None:
    """Log in with GJJ_USERNAME/GJJ_PASSWORD (or ask), answering the captcha."""
    name = username or env.get("GJJ_USERNAME")
    password = env.get("GJJ_PASSWORD")
    interactive = sys.stdin.isatty()
    if not name:
        if not interactive:
            raise NotSignedIn(_("未登录：请设置 GJJ_USERNAME 和 GJJ_PASSWORD，或先运行 gjj login"))
        name = input(_("证件号码/手机号：")).strip()
    if not password:
        if not interactive:
            raise NotSignedIn(_("未登录：请设置 GJJ_PASSWORD，或先运行 gjj login"))
        password = getpass.getpass(_("登录密码（输入时不显示）："))
    from api_client.domain.idcard import validate_login_name

    problem = validate_login_name(name)
    if problem:
        raise UsageError(_(problem))  # the domain's message is marked for the catalog
    captcha_id, code = await interactive_captcha(client, env)
    await client.login(name, password, captcha_id, code)


async def open_session(client: GjjClient, env: dict[str, str]) -> None:
    """Credentials from the environment first, then the token ``gjj login`` kept."""
    if env.get("GJJ_USERNAME") and env.get("GJJ_PASSWORD"):
        await sign_in(client, env)
        return
    backend = keyring_backend() if client.server != _demo_server() else None
    token = backend.get_password(KEYRING_SERVICE, keyring_account(client)) if backend else None
    if backend is None or not token:
        raise NotSignedIn(_("未登录：请先运行 gjj login，或设置 GJJ_USERNAME 和 GJJ_PASSWORD"))
    client.refresh_token = token
    try:
        await client.refresh()
    except errors.SessionExpired:
        backend.delete_password(KEYRING_SERVICE, keyring_account(client))
        raise errors.SessionExpired(_("保存的登录已过期，请重新运行 gjj login")) from None
    backend.set_password(KEYRING_SERVICE, keyring_account(client), client.refresh_token or "")


def _demo_server() -> str:
    from .backend import DEMO_SERVER

    return DEMO_SERVER


async def command_login(config: Config, env: dict[str, str], username: str | None) -> int:
    client = make_client(config, env)
    if client.server == _demo_server():
        raise UsageError(
            _(
                "演示模式下每条命令都使用新的内置模拟服务器，登录状态无法保存；"
                "请用 --server 指定服务器，或为每条命令设置 GJJ_USERNAME 和 GJJ_PASSWORD"
            )
        )
    try:
        await sign_in(client, env, username)
        backend = keyring_backend()
        profile = client.profile
        who = (
            _("{name}（{id_number}）").format(name=mask_name(profile.name), id_number=profile.id_number_masked)
            if profile
            else ""
        )
        if backend is None:
            print(
                _(
                    "已登录 {who}。本机没有可用的系统钥匙串（keyring），登录状态不会保存："
                    "之后的命令请设置 GJJ_USERNAME 和 GJJ_PASSWORD。"
                ).format(who=who)
            )
            await client.logout()
            return EXIT_NOT_KEPT
        backend.set_password(KEYRING_SERVICE, keyring_account(client), client.refresh_token or "")
        print(_("已登录 {who}，登录状态已保存在系统钥匙串中（8 小时内有效）。").format(who=who))
        return EXIT_OK
    finally:
        await client.aclose()


async def command_logout(config: Config, env: dict[str, str]) -> int:
    client = make_client(config, env)
    backend = keyring_backend()
    token = backend.get_password(KEYRING_SERVICE, keyring_account(client)) if backend else None
    if backend is None or not token:
        print(_("当前没有保存的登录。"))
        return EXIT_OK
    try:
        client.refresh_token = token
        try:
            await client.refresh()
            await client.logout()
        except errors.GjjError:
            pass  # already expired or revoked on the server: forgetting it locally is what matters
    finally:
        backend.delete_password(KEYRING_SERVICE, keyring_account(client))
        await client.aclose()
    print(_("已退出登录，保存的登录状态已删除。"))
    return EXIT_OK


# --- query ---------------------------------------------------------------------------------------


def date_arg(text: str | None, label: str) -> dt.date | None:
    if not text:
        return None
    try:
        return parse_date(text)
    except ValueError as exc:
        raise UsageError(_("{option}：{problem}").format(option=label, problem=_(str(exc)))) from None


async def pick_contract(client: GjjClient, given: str | None, kind: str) -> str:
    """The contract a command is about: the one given, or the only one that has such data."""
    if given:
        return given
    loans = await client.loans()
    if not loans:
        raise errors.NoLoan(_("您未办理贷款业务，如需办理贷款业务，请回到主页面进行贷款申请"))
    if kind == "progress":
        candidates = loans
    else:  # repayments, plan, loan account: a disbursed contract not yet settled, else any disbursed one
        candidates = [loan for loan in loans if loan.disbursed_on and loan.status != "settled"] or [
            loan for loan in loans if loan.disbursed_on
        ]
    if len(candidates) == 1:
        return candidates[0].contract_no
    numbers = listing([loan.contract_no for loan in (candidates or loans)])
    raise UsageError(_("有多笔贷款，请用 --contract 指定借款合同编号（{numbers}）").format(numbers=numbers))


async def fetch(client: GjjClient, kind: str, args: Any) -> tuple[Any, list[dict[str, Any]]]:
    """(the API's data as JSON, the rows of its main list) for one query kind."""
    start, end = date_arg(args.date_from, "--from"), date_arg(args.date_to, "--to")
    if start and end and start > end:
        raise UsageError(_("--from 不能晚于 --to"))
    if kind == "account":
        data = (await client.account()).model_dump(mode="json")
        return data, [
            {"field": key, "label": _(ACCOUNT_LABELS[key]) if key in ACCOUNT_LABELS else key, "value": value}
            for key, value in data.items()
        ]
    if kind == "loans":
        loans = [loan.model_dump(mode="json") for loan in await client.loans()]
        return {"items": loans}, loans
    if kind == "ledger":
        items: list[dict[str, Any]] = []
        page = 1
        while True:
            result = await client.ledger(start=start, end=end, type=args.type, page=page, page_size=1000)
            items += [item.model_dump(mode="json") for item in result.items]
            if len(items) >= result.total or not result.items:
                break
            page += 1
        return {"items": items, "total": result.total, "totals": result.totals.model_dump(mode="json")}, items
    contract = await pick_contract(client, args.contract, kind)
    if kind == "progress":
        data = (await client.loan_progress(contract)).model_dump(mode="json")
        return data, data["steps"]
    if kind == "repayments":
        data = (await client.repayments(contract, start=start, end=end)).model_dump(mode="json")
        return data, data["items"]
    data = (await client.plan(contract, start=start, end=end)).model_dump(mode="json")
    return data, data["rows"]


def write_csv(rows: list[dict[str, Any]], out: TextIO) -> None:
    if not rows:
        return
    # A UTF-8 BOM first: Excel on Windows reads the file as UTF-8 only with it (Chinese is garbled without).
    out.write("\ufeff")
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)


HEADINGS = {
    "seq": N_("编号"),
    "posted_on": N_("记账日期"),
    "type_label": N_("业务类型"),
    "contribution_month": N_("汇补缴年月"),
    "amount": N_("金额"),
    "interest": N_("利息"),
    "balance": N_("余额"),
    "summary": N_("摘要"),
    "org": N_("机构"),
    "channel": N_("渠道"),
    "contract_no": N_("合同编号"),
    "status_label": N_("状态"),
    "periods": N_("期数"),
    "method_label": N_("还款方式"),
    "annual_rate": N_("利率(%)"),
    "disbursed_on": N_("发放日期"),
    "monthly_payment": N_("月还款额"),
    "period": N_("期数"),
    "paid_on": N_("还款日期"),
    "month": N_("月份"),
    "principal": N_("本金"),
    "penalty": N_("罚息"),
    "due_on": N_("计划还款日期"),
    "opening_balance": N_("期初余额"),
    "payment": N_("月还款额"),
    "closing_balance": N_("期末余额"),
    "state": N_("状态"),
    "name": N_("节点"),
    "at": N_("时间"),
    "handler": N_("经办人"),
    "label": N_("项目"),
    "value": N_("内容"),
}
ACCOUNT_LABELS = {
    "name": N_("姓名"),
    "id_number_masked": N_("证件号码"),
    "phone_masked": N_("手机号码"),
    "account_no": N_("个人账号"),
    "status": N_("账户状态代码"),
    "status_label": N_("账户状态"),
    "opened_on": N_("开户日期"),
    "sealed_on": N_("封存日期"),
    "employer_name": N_("单位名称"),
    "employer_account_no": N_("单位账号"),
    "base": N_("缴存基数"),
    "employer_ratio": N_("单位缴存比例(%)"),
    "personal_ratio": N_("个人缴存比例(%)"),
    "monthly_deposit": N_("月缴存额"),
    "balance": N_("账户余额"),
    "paid_up_to": N_("缴至年月"),
    "year_deposit": N_("当年缴存金额"),
    "carried_over": N_("上年结转金额"),
    "frozen_amount": N_("冻结金额"),
    "bank_name": N_("开户银行"),
    "gender": N_("性别"),
    "birth_date": N_("出生日期"),
}
WORDS = {
    "male": N_("男"),
    "female": N_("女"),
    "normal": N_("正常"),
    "sealed": N_("封存"),
    "frozen": N_("冻结"),
    "closed": N_("销户"),
}
STATES = {**PLAN_ROW_STATE_LABELS, **STEP_STATE_LABELS}
HIDDEN = {
    "type",
    "status",
    "method",
    "applied_on",
    "paid_periods",
    "loan_type",
    "house_type",
    "bank_name",
    "maturity_on",
    "repayment_day",
    "settled_on",
}


def print_table(kind: str, rows: list[dict[str, Any]], out: TextIO) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console(file=out, soft_wrap=False)
    if not rows:
        console.print(_("没有符合条件的记录。"))
        return
    if kind == "account":  # 账户状态 once, in words (its code is for scripts: --format json/csv)
        rows = [
            {"label": row["label"], "value": _(row["value"]) if row["field"].endswith("_label") else row["value"]}
            for row in rows
            if row["field"] not in HIDDEN
        ]
    keys = [key for key in rows[0] if key not in HIDDEN]
    table = Table(show_lines=False, header_style="bold")
    for key in keys:
        numeric = isinstance(rows[0][key], str) and _looks_like_amount(rows[0][key])
        heading = _(HEADINGS[key]) if key in HEADINGS else key
        table.add_column(heading, justify="right" if numeric else "left", no_wrap=True)
    for row in rows:
        table.add_row(
            *(
                _(STATES[row[key]])
                if key == "state" and row[key] in STATES
                else _(row[key])  # a label the server words (状态, 还款方式): in the interface's language
                if key.endswith("_label") and isinstance(row[key], str)
                else _shown(row[key])
                for key in keys
            )
        )
    # Never cut an amount to fit the terminal: a table wider than the screen may wrap, not lose digits.
    needed = Console(file=out, width=10_000).measure(table).maximum
    if needed > console.width:
        console = Console(file=out, soft_wrap=False, width=needed)
    console.print(table)


def _looks_like_amount(text: str) -> bool:
    head, _point, tail = text.lstrip("-").partition(".")
    return head.isdigit() and len(tail) == 2 and tail.isdigit()


def _shown(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, str) and len(value) > 16 and value[10:11] == "T":  # an ISO time: 2015-06-02 09:30
        try:
            moment = dt.datetime.fromisoformat(value)
        except ValueError:
            pass
        else:
            return moment.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, str) and value in WORDS:
        return _(WORDS[value])
    if isinstance(value, str) and _looks_like_amount(value):
        from decimal import Decimal

        return f"{Decimal(value):,.2f}"
    return str(value)


async def command_query(config: Config, env: dict[str, str], args: Any, out: TextIO) -> int:
    client = make_client(config, env)
    try:
        await open_session(client, env)
        data, rows = await fetch(client, args.kind, args)
    finally:
        await client.aclose()
    if args.format == "json":
        json.dump(data, out, ensure_ascii=False, indent=2)
        out.write("\n")
    elif args.format == "csv":
        write_csv(rows, out)
    else:
        print_table(args.kind, rows, out)
    return EXIT_OK


# --- export --------------------------------------------------------------------------------------


async def command_export(config: Config, env: dict[str, str], args: Any) -> int:
    from .export import sources
    from .export.output import check_target, write

    target = Path(args.output).expanduser()
    problem = check_target(target)
    if problem:
        raise UsageError(problem)  # already in the language in use
    start, end = date_arg(args.date_from, "--from"), date_arg(args.date_to, "--to")
    client = make_client(config, env)
    try:
        await open_session(client, env)
        if args.kind == "ledger":
            document = await sources.ledger_document(client, start=start, end=end, type=args.type)
        elif args.kind == "certificate":
            document = await sources.certificate_document(client)
        else:
            contract = await pick_contract(client, args.contract, args.kind)
            if args.kind == "loan":
                document = await sources.loan_document(client, contract)
            elif args.kind == "repayments":
                document = await sources.repayments_document(client, contract, start=start, end=end)
            else:
                document = await sources.plan_document(client, contract, start=start, end=end)
        path = (await write(document, target)).path
    finally:
        await client.aclose()
    print(_("已导出到 {path}").format(path=path))
    return EXIT_OK


def environment() -> dict[str, str]:
    return dict(os.environ)
