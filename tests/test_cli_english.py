"""The command line and the documents in English (``--lang en``, ``GJJ_LANG=en``, ``lang = "en"``), as a
script would run them: real ``gjj`` processes against a real ``gjj-mock`` process. Help, usage and
config errors, ``gjj config show``, ``gjj query`` tables, the Excel and PDF files. Chinese stays the
default (tests/test_cli.py, tests/test_cli_help.py); any Chinese left in English output is data the
server sent (or, in ``--help``, the Chinese ledger type names ``--type`` accepts)."""

from __future__ import annotations

import re

import httpx
import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from api_client.domain.ledger_types import LEDGER_TYPE_LABELS
from tests.test_cli import api_get, creds, env_for, gjj
from tests.test_pdf_fonts import fonts_of

# Chinese characters and the full-width punctuation that goes with them (：，（）【】「」、。…).
CJK = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff01-\uff60]+")
NO_SERVER = "http://127.0.0.1:9"  # never reached: these commands stop before any request


def strings_in(value: object) -> list[str]:
    """Every string in a JSON answer: what the server sent, the only Chinese English output may show."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [text for item in value.values() for text in strings_in(item)]
    if isinstance(value, list):
        return [text for item in value for text in strings_in(item)]
    return []


def stray_chinese(text: str, allowed: list[str]) -> list[str]:
    return sorted({run for run in CJK.findall(text) if not any(run in value for value in allowed)})


def english(server: str = NO_SERVER, **extra: str) -> dict[str, str]:
    return env_for(server, GJJ_LANG="en", **extra)


@pytest.fixture
def mock(mock_process) -> str:
    """The session's ``gjj-mock`` process, its data as it started (a wrong password counts against a person)."""
    httpx.post(f"{mock_process}/_mock/reset").raise_for_status()
    return mock_process


# --- help and usage ------------------------------------------------------------------------------


@pytest.mark.parametrize("command", [(), ("config",), ("login",), ("logout",), ("serve",), ("query",), ("export",)])
@pytest.mark.parametrize("asked", ["--lang", "GJJ_LANG"])
def test_help_in_english_has_no_chinese(command, asked) -> None:
    if asked == "--lang":
        done = gjj("--lang", "en", *command, "--help", env=env_for(NO_SERVER))
    else:
        done = gjj(*command, "--help", env=english())
    assert done.returncode == 0 and done.stderr == ""
    assert done.stdout.startswith("usage: gjj") and "\noptions:\n" in done.stdout
    assert "-h, --help" in done.stdout and "show this help message and exit" in done.stdout
    assert stray_chinese(done.stdout, list(LEDGER_TYPE_LABELS.values())) == []


def test_the_top_help_says_when_each_way_of_choosing_the_language_applies() -> None:
    done = gjj("--lang", "en", "--help", env=env_for(NO_SERVER))
    text = " ".join(done.stdout.split())
    assert "commands:" in text and "query: account ledger loans progress repayments plan" in text
    assert "or lang in the config file (which applies once the file is read, so not to this help)" in text
    assert "Exit codes: 0 success, 2 usage error, 3 login failed, 4 backend error, 5 network error" in text


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ("query", "ledger", "--format", "xml"),
            "argument --format: invalid choice: 'xml' (choose from 'table', 'json', 'csv')",
        ),
        (("query",), "the following arguments are required: kind"),
        (("--bogus",), "unrecognized arguments: --bogus"),
        (("--demo-today", "x"), "argument --demo-today: a date should be YYYY-MM-DD: x"),
        (("serve", "--port", "0"), None),
    ],
)
def test_usage_errors_are_one_english_line_exit_2(args, message) -> None:
    done = gjj(*args, env=english())
    assert done.returncode == 2 and done.stdout == ""
    if message is None:
        assert done.stderr == "gjj: usage error: the port should be between 1 and 65535: 0\n"
    else:
        assert done.stderr == f"gjj: usage error: {message} (see gjj --help)\n"


# --- the language setting and the config ----------------------------------------------------------


@pytest.mark.parametrize(
    ("where", "english_asked", "message"),
    [
        ("env", False, "gjj: 环境变量 GJJ_LANG：应为 zh（中文）或 en（English），而不是「fr」\n"),
        ("--lang", False, "gjj: 命令行 --lang：应为 zh（中文）或 en（English），而不是「fr」\n"),
        ("--lang", True, 'gjj: command line --lang: should be zh (Chinese) or en (English), not "fr"\n'),
        ("file", False, "gjj: {file}：键 lang：应为 zh（中文）或 en（English），而不是「fr」\n"),
        ("file", True, 'gjj: {file}: key lang: should be zh (Chinese) or en (English), not "fr"\n'),
    ],
)
def test_a_language_gjj_does_not_speak_is_refused_naming_where_it_was_written(
    tmp_path, where, english_asked, message
) -> None:
    file = tmp_path / "config.toml"
    file.write_text('lang = "fr"\n' if where == "file" else "", encoding="utf-8")
    env = env_for(NO_SERVER, GJJ_CONFIG=str(file))
    if english_asked:
        env["GJJ_LANG"] = "en"
    if where == "env":
        env["GJJ_LANG"] = "fr"
    args = ["--lang", "fr"] if where == "--lang" else []
    done = gjj(*args, "config", "show", env=env)
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr == message.format(file=file)


def test_config_errors_in_english_name_the_variable_or_the_file_and_key(tmp_path) -> None:
    done = gjj("config", "show", env=english(GJJ_TIMEOUT="abc"))
    assert done.returncode == 2
    assert done.stderr == 'gjj: environment variable GJJ_TIMEOUT: should be a number (seconds), not "abc"\n'
    file = tmp_path / "config.toml"
    file.write_text("timout = 3\n", encoding="utf-8")
    done = gjj("config", "show", env=english(GJJ_CONFIG=str(file)))
    assert done.returncode == 2 and done.stderr == f"gjj: {file}: unknown key timout; did you mean timeout?\n"
    file.write_text('[keymap]\nlogut = "f10"\n', encoding="utf-8")
    done = gjj("config", "show", env=english(GJJ_CONFIG=str(file)))
    assert done.returncode == 2
    assert (
        done.stderr == f"gjj: {file}: [keymap] has no key id logut; did you mean logout, login.submit, loan.submit?\n"
    )


def test_a_config_file_that_says_english_applies_once_it_is_read(tmp_path) -> None:
    file = tmp_path / "config.toml"
    file.write_text('lang = "en"\ntimeout = 20\n', encoding="utf-8")
    env = env_for(NO_SERVER, GJJ_CONFIG=str(file))
    env.pop("GJJ_SERVER")
    helped = gjj("--help", env=env)
    assert helped.stdout.startswith("用法：gjj")  # read before the file is: the help says so
    shown = gjj("config", "show", env={**env, "GJJ_KIOSK": "yes"})
    assert shown.returncode == 0, shown.stderr
    assert shown.stdout.splitlines() == [
        f"# config file: {file}",
        "# server not set: the built-in demo backend is used",
        "# ca_bundle not set: only the system's CAs",
        f"timeout = 20  # {file}",
        "# export_dir not set: Documents/Provident fund exports",
        "# printer not set: printing saves a PDF file",
        "idle_logout_minutes = 0  # default",
        "kiosk = true  # environment variable GJJ_KIOSK",
        "# kiosk_passphrase: not set",
        f'lang = "en"  # {file}',
    ]


def test_the_command_line_language_wins_and_says_so_in_config_show(tmp_path) -> None:
    file = tmp_path / "config.toml"
    file.write_text('lang = "en"\n', encoding="utf-8")
    done = gjj(
        "--lang",
        "zh",
        "--server",
        "https://gjj.example.cn",
        "config",
        "show",
        env=env_for(NO_SERVER, GJJ_CONFIG=str(file)),
    )
    assert done.returncode == 0, done.stderr
    assert 'server = "https://gjj.example.cn"  # 命令行 --server' in done.stdout.splitlines()
    assert 'lang = "zh"  # 命令行 --lang' in done.stdout.splitlines()


# --- gjj query -------------------------------------------------------------------------------------


def test_query_account_in_english(mock) -> None:
    done = gjj("query", "account", env=english(mock, **creds()))
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert re.search(r"Item\s+┃ Details", lines[1])
    labels = [line.split("│")[1].strip() for line in lines[3:-1]]
    assert labels[:4] == ["Name", "ID number", "Mobile number", "Account number"]
    assert {"Account status", "Deposit base", "Monthly deposit", "Account balance", "Gender"} <= set(labels)
    assert stray_chinese(done.stdout, strings_in(api_get(mock, "/me/account"))) == []


def test_query_tables_have_english_headings_and_the_data_as_sent(mock) -> None:
    done = gjj("query", "ledger", "--to", "2009-01-31", env=english(mock, **creds()))
    assert done.returncode == 0, done.stderr
    heading = done.stdout.splitlines()[1]
    assert [word.strip() for word in heading.strip("┃").split("┃")] == [
        "No.",
        "Posted on",
        "Type",
        "For month",
        "Amount",
        "Interest",
        "Balance",
        "Summary",
        "Branch",
        "Channel",
    ]
    sent = api_get(mock, "/me/ledger", end="2009-01-31", page_size="100")
    assert stray_chinese(done.stdout, strings_in(sent)) == []
    nothing = gjj("query", "ledger", "--from", "1990-01-01", "--to", "1990-12-31", env=english(mock, **creds()))
    assert nothing.returncode == 0 and nothing.stdout == "No records match.\n"


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (("query", "account"), 3, "not logged in: run gjj login first, or set GJJ_USERNAME and GJJ_PASSWORD"),
        (("query", "ledger", "--from", "2026-01-01", "--to", "2025-01-01"), 2, "--from cannot be later than --to"),
        (
            ("export", "plan", "-o", "plan.docx"),
            2,
            "The file name should end in .xlsx (Excel) or .pdf (print version)",
        ),
    ],
)
def test_our_own_messages_are_english_and_exit_codes_unchanged(mock, args, code, message) -> None:
    done = gjj(*args, env=english(mock, **(creds() if code != 3 else {})))
    assert done.returncode == code and done.stdout == ""
    assert done.stderr == f"gjj: {message}\n"


def test_a_server_refusal_keeps_its_exit_code_in_english(mock) -> None:
    wrong = gjj("query", "account", env=english(mock, **creds(password="wrong9999")))
    assert wrong.returncode == 3 and wrong.stderr.startswith("gjj: ") and wrong.stderr.count("\n") == 1
    missing = gjj("query", "plan", "--contract", "1999", env=english(mock, **creds()))
    assert missing.returncode == 4 and missing.stderr.startswith("gjj: ") and "1999" in missing.stderr


# --- the documents -----------------------------------------------------------------------------------


def sheet(path) -> list[tuple]:
    return list(load_workbook(path).active.iter_rows(values_only=True))


def test_an_english_excel_export_has_english_headers_and_the_same_data(mock, tmp_path) -> None:
    target = tmp_path / "ledger.xlsx"
    done = gjj("export", "ledger", "--to", "2012-12-31", "-o", str(target), env=english(mock, **creds()))
    assert done.returncode == 0, done.stderr
    assert done.stdout == f"Exported to {target}\n"
    rows = sheet(target)
    assert rows[0][0] == "Account statement"
    about = [row[0] for row in rows[1:7]]
    assert about == ["Name", "ID number", "Account number", "Date range", "Type", "Exported at"]
    assert rows[4][1] == "earliest to 2012-12-31" and rows[5][1] == "All"
    header = rows[8]
    assert header == (
        "No.",
        "Posted on",
        "Type",
        "For month",
        "Amount",
        "Interest",
        "Balance",
        "Summary",
        "Branch",
        "Channel",
    )
    totals = rows.index(("Totals",) + (None,) * (len(header) - 1))
    assert [row[0] for row in rows[totals + 1 : totals + 5]] == ["Records", "Total in", "Total out", "Total interest"]
    # The data is the server's, the same in either language: only the words around it change.
    chinese = tmp_path / "明细.xlsx"
    done = gjj("export", "ledger", "--to", "2012-12-31", "-o", str(chinese), env=env_for(mock, **creds()))
    assert done.returncode == 0, done.stderr
    zh_rows = sheet(chinese)
    assert zh_rows[8][:2] == ("编号", "记账日期")
    assert rows[9:totals] == zh_rows[9:totals] and len(rows) == len(zh_rows)
    assert rows[totals + 1][1] == zh_rows[totals + 1][1] == totals - 10


def test_an_english_pdf_has_an_english_title_and_still_embeds_the_chinese_font(mock, tmp_path) -> None:
    plan = tmp_path / "plan.pdf"
    done = gjj("export", "plan", "-o", str(plan), env=english(mock, **creds()))
    assert done.returncode == 0, done.stderr
    reader = PdfReader(plan)
    first = reader.pages[0].extract_text()
    assert "Provident fund loan repayment plan" in first
    assert f"Page 1 of {len(reader.pages)}" in first
    assert all(word in first for word in ("Due on", "Opening balance", "Closing balance", "Loan contract no."))
    assert reader.metadata.title == "Provident fund loan repayment plan"
    certificate = tmp_path / "certificate.pdf"
    done = gjj("export", "certificate", "-o", str(certificate), env=english(mock, **creds()))
    assert done.returncode == 0, done.stderr
    text = " ".join(PdfReader(certificate).pages[0].extract_text().split())
    assert "Housing provident fund deposit certificate" in text
    assert "This is to certify that 张* (ID number 110105********0039) deposits to the housing provident fund" in text
    assert "Issued by" in text and "Verification code" in text
    for path in (plan, certificate):  # names and banks may be Chinese: the font travels with the file
        used = fonts_of(path)
        assert used and all(used.values()), used


def test_an_english_certificate_in_excel_keeps_its_whole_title_above_a_sheet_name_cut_at_a_word(mock, tmp_path) -> None:
    target = tmp_path / "certificate.xlsx"
    done = gjj("export", "certificate", "-o", str(target), env=english(mock, **creds()))
    assert done.returncode == 0, done.stderr
    book = load_workbook(target)
    assert book.active.title == "Housing provident fund deposit"  # Excel allows 31 characters
    rows = list(book.active.iter_rows(values_only=True))
    assert rows[0][0] == "Housing provident fund deposit certificate"
    assert [row[0] for row in rows[1:5]] == ["Name", "ID number", "Issued on", "Verification code"]
    assert rows[6][:2] == ("Item", "Details")
    assert rows[-1][0] == "Verification code" and rows[-1][1] == rows[4][1]
