"""``gjj query | export | login | logout`` as a script would run them: real processes against a real
``gjj-mock`` process. JSON equals the API's data; exit codes and one-line errors as documented."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import httpx
import pytest
from openpyxl import load_workbook

from tests.conftest import CAPTCHA, ROOT, free_port

GJJ = [sys.executable, "-m", "tui"]


def env_for(server: str, **extra: str) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith("GJJ_")}
    env.update(
        {"GJJ_SERVER": server, "GJJ_CONFIG": str(ROOT / "tests" / "no-such-config.toml"), "PYTHONPATH": str(ROOT)}
    )
    env.update(extra)
    return env


def creds(who: str = "13800000001", password: str = "demo1234") -> dict[str, str]:
    return {"GJJ_USERNAME": who, "GJJ_PASSWORD": password, "GJJ_CAPTCHA": CAPTCHA}


def gjj(*args: str, env: dict[str, str], timeout: float = 60) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*GJJ, *args], capture_output=True, text=True, env=env, timeout=timeout, cwd=ROOT)


def api_get(server: str, path: str, who: str = "13800000001", **params: str) -> dict:
    with httpx.Client(base_url=f"{server}/api/v1") as http:
        captcha = http.post("/captcha").json()
        token = http.post(
            "/auth/login",
            json={
                "username": who,
                "password": "demo1234",
                "captcha_id": captcha["captcha_id"],
                "captcha_code": CAPTCHA,
            },
        ).json()["access_token"]
        return http.get(path, params=params, headers={"Authorization": f"Bearer {token}"}).json()


@pytest.fixture(autouse=True)
def fresh_server(mock_process) -> None:
    httpx.post(f"{mock_process}/_mock/reset").raise_for_status()


def test_account_json_equals_the_api(mock_process) -> None:
    done = gjj("query", "account", "--format", "json", env=env_for(mock_process, **creds()))
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == api_get(mock_process, "/me/account")


def test_ledger_json_covers_every_page_of_the_range(mock_process) -> None:
    done = gjj(
        "query",
        "ledger",
        "--from",
        "2010-01-01",
        "--to",
        "2020-12-31",
        "--type",
        "remit",
        "--format",
        "json",
        env=env_for(mock_process, **creds()),
    )
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    api = api_get(mock_process, "/me/ledger", start="2010-01-01", end="2020-12-31", type="remit", page_size="1000")
    assert data["items"] == api["items"] and data["total"] == api["total"] == 132 and data["totals"] == api["totals"]


def test_csv_for_scripts(mock_process) -> None:
    done = gjj(
        "query",
        "repayments",
        "--contract",
        "2019040836010077",
        "--from",
        "2021-03-01",
        "--to",
        "2021-03-31",
        "--format",
        "csv",
        env=env_for(mock_process, **creds("13800000003")),
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("\ufeffperiod,")  # a UTF-8 BOM: Excel on Windows reads the Chinese right
    lines = done.stdout.removeprefix("\ufeff").strip().splitlines()
    assert lines[0] == "period,paid_on,month,amount,principal,interest,penalty,balance"
    assert lines[1] == "23,2021-03-28,2021-03,1993.40,1250.00,738.02,5.38,271250.00"


def test_table_never_cuts_amounts(mock_process) -> None:
    env = env_for(mock_process, **creds(), COLUMNS="60")
    done = gjj("query", "plan", "--from", "2026-12-01", "--to", "2026-12-31", env=env)
    assert done.returncode == 0, done.stderr
    assert "313,969.50" in done.stdout and "1,871.39" in done.stdout and "待还" in done.stdout


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (("query", "ledger", "--format", "xml"), "无效的选项"),
        (("query",), "缺少参数"),
        (("query", "ledger", "--from", "2026-02-30"), "--from：日期无效，请检查年月日"),
        (("export", "plan", "-o", "plan.docx"), "文件名应以 .xlsx（Excel）或 .pdf（打印版）结尾"),
        (("query", "progress"), "有多笔贷款，请用 --contract 指定借款合同编号"),
        (("query", "ledger", "--type", "存款"), "没有这种业务类型：存款（可选：remit 汇缴、back_pay 补缴"),
        (("frobnicate",), "无效的选项"),
    ],
)
def test_usage_errors_exit_2_in_one_line(mock_process, args, fragment) -> None:
    done = gjj(*args, env=env_for(mock_process, **creds("13800000003")))
    assert done.returncode == 2, (done.stdout, done.stderr)
    assert done.stderr.count("\n") == 1 and done.stderr.startswith("gjj: ") and fragment in done.stderr
    assert done.stdout == ""


def test_authentication_backend_and_network_exit_codes(mock_process) -> None:
    wrong = gjj("query", "account", env=env_for(mock_process, **creds(password="wrong9999")))
    assert wrong.returncode == 3 and wrong.stderr == "gjj: 证件号码/手机号或密码错误，还可以再试 4 次\n"
    nobody = gjj("query", "account", env=env_for(mock_process))
    assert nobody.returncode == 3 and "未登录" in nobody.stderr
    missing = gjj("query", "plan", "--contract", "1999", env=env_for(mock_process, **creds()))
    assert missing.returncode == 4 and missing.stderr == "gjj: 未找到借款合同【1999】\n"
    settled = gjj("query", "plan", "--contract", "2006092036010040", env=env_for(mock_process, **creds("13800000003")))
    assert settled.returncode == 4 and "此合同【2006092036010040】的贷款已结清" in settled.stderr
    port = free_port()
    offline = gjj("query", "account", env=env_for(f"http://127.0.0.1:{port}", **creds()))
    assert (
        offline.returncode == 5
        and offline.stderr == f"gjj: 无法连接服务器 http://127.0.0.1:{port}，请检查网络或服务器地址\n"
    )


def test_export_writes_the_file(mock_process, tmp_path) -> None:
    target = tmp_path / "计划.xlsx"
    done = gjj("export", "plan", "-o", str(target), env=env_for(mock_process, **creds()))
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == f"已导出到 {target}"
    values = [row for row in load_workbook(target).active.iter_rows(values_only=True)]
    assert values[0][0] == "公积金贷款还款计划" and any(row[0] == 360 for row in values if row)
    pdf = tmp_path / "明细.pdf"
    done = gjj("export", "ledger", "--from", "2026-01-01", "-o", str(pdf), env=env_for(mock_process, **creds()))
    assert done.returncode == 0 and pdf.read_bytes().startswith(b"%PDF")


def test_login_keeps_the_session_in_the_keyring_and_logout_forgets_it(mock_process, tmp_path) -> None:
    store = tmp_path / "keyring.json"
    keyring_env = {
        "PYTHON_KEYRING_BACKEND": "tests.support.file_keyring.FileKeyring",
        "GJJ_TEST_KEYRING_FILE": str(store),
    }
    login = gjj("login", env=env_for(mock_process, **creds(), **keyring_env))
    assert login.returncode == 0, login.stderr
    assert "已登录 张*（110105********0039），登录状态已保存在系统钥匙串中" in login.stdout
    saved = json.loads(store.read_text())
    token = saved[f"gjj|{mock_process}"]
    assert token and "demo1234" not in store.read_text()
    # Later commands need no password: the refresh token, rotated each time, is enough.
    loans = gjj("query", "loans", "--format", "json", env=env_for(mock_process, **keyring_env))
    assert loans.returncode == 0, loans.stderr
    assert json.loads(loans.stdout)["items"][0]["contract_no"] == "2015071536010038"
    assert json.loads(store.read_text())[f"gjj|{mock_process}"] != token
    logout = gjj("logout", env=env_for(mock_process, **keyring_env))
    assert logout.returncode == 0 and "已退出登录" in logout.stdout
    assert json.loads(store.read_text()) == {}
    after = gjj("query", "loans", env=env_for(mock_process, **keyring_env))
    assert after.returncode == 3 and "未登录" in after.stderr


def test_without_a_keyring_login_says_so_plainly(mock_process) -> None:
    env = env_for(mock_process, **creds(), PYTHON_KEYRING_BACKEND="keyring.backends.fail.Keyring")
    done = gjj("login", env=env)
    assert done.returncode == 6  # signed in, but the login could not be kept: its own exit code
    assert "本机没有可用的系统钥匙串（keyring），登录状态不会保存" in done.stdout


def test_interactive_login_hides_the_password_and_draws_the_captcha(mock_process, tmp_path) -> None:
    import pty
    import select
    import time

    env = env_for(
        mock_process,
        PYTHON_KEYRING_BACKEND="tests.support.file_keyring.FileKeyring",
        GJJ_TEST_KEYRING_FILE=str(tmp_path / "k.json"),
    )
    master, slave = pty.openpty()
    process = subprocess.Popen(
        [*GJJ, "login"], stdin=slave, stdout=slave, stderr=slave, env=env, cwd=ROOT, start_new_session=True
    )
    os.close(slave)
    seen = b""

    def until(marker: str, timeout: float = 30) -> None:
        nonlocal seen
        deadline = time.monotonic() + timeout
        while marker.encode() not in seen:
            assert time.monotonic() < deadline, seen.decode(errors="replace")
            if select.select([master], [], [], 0.1)[0]:
                seen += os.read(master, 4096)

    try:
        until("证件号码/手机号：")
        os.write(master, b"13800000001\n")
        until("登录密码（输入时不显示）：")
        os.write(master, b"demo1234\n")
        until("验证码（见上图，不区分大小写）：")
        os.write(master, CAPTCHA.lower().encode() + b"\n")
        until("已登录")
        process.wait(timeout=30)
    finally:
        os.close(master)
    text = seen.decode(errors="replace")
    assert process.returncode == 0
    assert "demo1234" not in text  # never echoed
    assert "█" in text or "▀" in text  # the captcha was drawn


def test_export_certificate(mock_process, tmp_path) -> None:
    target = tmp_path / "证明.pdf"
    done = gjj("export", "certificate", "-o", str(target), env=env_for(mock_process, **creds()))
    assert done.returncode == 0, done.stderr
    from pypdf import PdfReader

    reader = PdfReader(target)
    assert len(reader.pages) == 1 and "个人住房公积金缴存证明" in reader.pages[0].extract_text()


def test_a_closed_pipe_is_not_an_error(mock_process) -> None:
    env = env_for(mock_process, **creds())
    done = subprocess.run(
        f"{sys.executable} -m tui query ledger --format json | head -c 50 >/dev/null",
        shell=True,
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=60,
    )
    assert done.stderr == "" and done.returncode == 0


def test_type_takes_the_chinese_name_and_help_says_what_each_code_is(mock_process) -> None:
    env = env_for(mock_process, **creds())
    by_code = gjj("query", "ledger", "--type", "withdraw", "--format", "json", env=env)
    by_name = gjj("query", "ledger", "--type", "提取", "--format", "json", env=env)
    assert by_code.returncode == by_name.returncode == 0, by_name.stderr
    items = json.loads(by_name.stdout)["items"]
    assert items and {item["type"] for item in items} == {"withdraw"}
    assert json.loads(by_code.stdout) == json.loads(by_name.stdout)
    helped = gjj("query", "--help", env=env)
    assert "remit 汇缴、back_pay 补缴、withdraw 提取、interest 结息" in " ".join(helped.stdout.split())
    assert "带 BOM 的 UTF-8" in helped.stdout
    assert "6 已登录但无法保存登录状态" in gjj("--help", env=env).stdout


def test_progress_prints_readable_times_and_account_its_status_once(mock_process) -> None:
    env = env_for(mock_process, **creds())
    progress = gjj("query", "progress", env=env, timeout=60)
    assert progress.returncode == 0, progress.stderr
    steps = api_get(mock_process, "/me/loans/2015071536010038/progress")["steps"]
    first = steps[0]["at"]  # ISO on the wire: 2015-06-02T09:30:00+08:00
    assert "T" in first and first not in progress.stdout
    assert f"{first[:10]} {first[11:16]}" in progress.stdout
    account = gjj("query", "account", env=env)
    assert account.returncode == 0, account.stderr
    assert account.stdout.count("账户状态") == 1 and "正常" in account.stdout


def test_repayments_picks_the_contract_as_plan_does(mock_process) -> None:
    env = env_for(mock_process, **creds("13800000003"))  # 王强: settled, undisbursed and repaying contracts
    plan = gjj("query", "plan", "--format", "json", env=env)
    repayments = gjj("query", "repayments", "--format", "json", env=env)
    assert plan.returncode == repayments.returncode == 0, repayments.stderr
    contract = json.loads(plan.stdout)["contract_no"]
    assert json.loads(repayments.stdout)["contract_no"] == contract
    assert contract == "2019040836010077"  # the one being repaid
