"""``gjj --help`` and usage errors speak Chinese, argparse's own words included."""

from __future__ import annotations

import pytest

from tui.cli import main


def run(capsys, *args: str) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as done:
        main(list(args))
    out, err = capsys.readouterr()
    return int(done.value.code or 0), out, err


@pytest.mark.parametrize("args", [("--help",), ("query", "--help"), ("export", "-h")])
def test_help_has_no_english_of_argparse(capsys, args) -> None:
    code, out, err = run(capsys, *args)
    assert code == 0 and err == ""
    assert out.startswith("用法：gjj") and "选项:" in out and "-h, --help" in out and "显示本帮助并退出" in out
    for english in ("usage:", "options:", "positional arguments", "show this help message and exit"):
        assert english not in out


def test_the_commands_have_a_heading_of_their_own(capsys) -> None:
    _, out, _ = run(capsys, "--help")
    assert "命令:" in out and "query            查询" in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("query", "ledger", "--format", "xml"), "参数 --format：无效的选项：'xml'（可选：'table', 'json', 'csv'）"),
        (("query",), "缺少参数：kind"),
        (("--bogus",), "无法识别的参数：--bogus"),
        (("--demo-today", "x"), "参数 --demo-today：日期应为 YYYY-MM-DD：x"),
    ],
)
def test_usage_errors_are_one_chinese_line(capsys, args, message) -> None:
    code, out, err = run(capsys, *args)
    assert code == 2 and out == ""
    assert err == f"gjj: 参数错误：{message}（gjj --help 查看用法）\n"
