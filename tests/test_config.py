"""Settings that cannot be got wrong: the table, the words a yes/no setting takes, errors that name what the
user wrote, [keymap] ids checked with the closest matches, `gjj config show`, and remapped keys shown."""

from __future__ import annotations

import importlib
import inspect
import os
import pkgutil
import subprocess
import sys
from pathlib import Path

import pytest
from textual.binding import Binding
from textual.dom import DOMNode

from tests.conftest import ROOT
from tests.ui import login, screen_text, wait_until
from tui.config import BINDING_IDS, Config, ConfigError, env_names, load_config, settings_markdown


def load(tmp_path: Path, text: str | None = None, **env: str) -> Config:
    path = tmp_path / "config.toml"
    if text is not None:
        path.write_text(text, encoding="utf-8")
    return load_config(path, env=env)


@pytest.mark.parametrize(
    ("word", "expected"),
    [("true", True), ("YES", True), ("On", True), ("1", True), ("false", False), ("no", False), ("OFF", False)],
)
def test_a_yes_no_variable_takes_the_usual_words(tmp_path, word, expected) -> None:  # type: ignore[no-untyped-def]
    config = load(tmp_path, GJJ_KIOSK=word)
    assert config.kiosk is expected
    assert config.sources["kiosk"] == "环境变量 GJJ_KIOSK"


@pytest.mark.parametrize("word", ["是", "y", "enable", "2", "truee"])
def test_any_other_word_is_refused_naming_the_variable(tmp_path, word) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ConfigError) as error:
        load(tmp_path, GJJ_KIOSK=word)
    assert str(error.value) == f"环境变量 GJJ_KIOSK：应为 true/false、yes/no、on/off 或 1/0，而不是「{word}」"


def test_a_number_variable_names_itself_as_written(tmp_path) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ConfigError, match=r"^环境变量 GJJ_TIMEOUT：应为数字（秒），而不是「abc」$"):
        load(tmp_path, GJJ_TIMEOUT="abc")
    with pytest.raises(ConfigError, match=r"^环境变量 GJJ_IDLE_LOGOUT：应为不小于 0 的数字"):
        load(tmp_path, GJJ_IDLE_LOGOUT="-1")
    assert load(tmp_path, GJJ_IDLE_LOGOUT="2.5").idle_logout_minutes == 2.5


def test_file_errors_name_the_file_and_the_key(tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "config.toml"
    with pytest.raises(ConfigError) as error:
        load(tmp_path, 'kiosk = "yes"\n')
    assert str(error.value) == f"{path}：键 kiosk：应为 true 或 false（不加引号）"
    with pytest.raises(ConfigError) as error:
        load(tmp_path, "timeout = true\n")
    assert str(error.value) == f"{path}：键 timeout：应为数字（秒），例如 15"
    with pytest.raises(ConfigError) as error:
        load(tmp_path, "timout = 3\n")
    assert str(error.value) == f"{path}：未知的键 timout，是不是 timeout？"


def test_unknown_keymap_ids_are_refused_with_the_closest_ones(tmp_path) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ConfigError) as error:
        load(tmp_path, '[keymap]\nlogut = "f12"\n')
    assert "[keymap] 中没有 logut 这个按键编号，是不是 logout" in str(error.value)
    with pytest.raises(ConfigError, match="没有 zzzz 这个按键编号（按 F1 可看到每个按键的编号）"):
        load(tmp_path, '[keymap]\nzzzz = "f12"\n')
    with pytest.raises(ConfigError, match=r"open\.acount.*是不是 open\.account"):
        load(tmp_path, '[keymap]\n"open.acount" = "f12"\n')


def test_a_dotted_keymap_id_may_be_written_bare(tmp_path) -> None:  # type: ignore[no-untyped-def]
    # TOML reads open.account = ... as a table named open: it still means the binding id open.account
    config = load(tmp_path, '[keymap]\nopen.account = "f12"\nlogout = "f10, ctrl+l"\n')
    assert config.keymap == {"open.account": "f12", "logout": "f10,ctrl+l"}


def test_binding_ids_are_the_ids_the_app_really_has() -> None:
    found: set[str] = set()
    import screens
    import tui
    import tui.export
    import tui.widgets

    for package in (screens, tui, tui.widgets, tui.export):
        for module_info in pkgutil.iter_modules(package.__path__):
            if module_info.name in ("__main__", "cli"):
                continue
            module = importlib.import_module(f"{package.__name__}.{module_info.name}")
            for thing in vars(module).values():
                if inspect.isclass(thing) and issubclass(thing, DOMNode):
                    found.update(b.id for b in thing.BINDINGS if isinstance(b, Binding) and b.id)
    assert found == BINDING_IDS


def test_every_setting_has_a_variable_and_the_readme_shows_the_table() -> None:
    assert env_names() == {
        "GJJ_SERVER": "server",
        "GJJ_CA_BUNDLE": "ca_bundle",
        "GJJ_TIMEOUT": "timeout",
        "GJJ_EXPORT_DIR": "export_dir",
        "GJJ_PRINTER": "printer",
        "GJJ_IDLE_LOGOUT": "idle_logout_minutes",
        "GJJ_KIOSK": "kiosk",
        "GJJ_LANG": "lang",
    }
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert settings_markdown() in readme, "README's settings table is stale: python -m tui.config prints it"


def run_gjj(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("GJJ_")}
    clean.update(env, PYTHONPATH=str(ROOT))
    return subprocess.run(
        [sys.executable, "-m", "tui", *args], capture_output=True, text=True, env=clean, cwd=ROOT, timeout=60
    )


def test_config_show_prints_what_is_set_and_where_from(tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "config.toml"
    path.write_text('timeout = 30\n[keymap]\nlogout = "f12"\n', encoding="utf-8")
    done = run_gjj("--server", "https://gjj.example.cn", "config", "show", GJJ_CONFIG=str(path), GJJ_KIOSK="yes")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert f"# 配置文件：{path}" in lines
    assert 'server = "https://gjj.example.cn"  # 命令行 --server' in lines
    assert f"timeout = 30  # {path}" in lines
    assert "kiosk = true  # 环境变量 GJJ_KIOSK" in lines
    assert "idle_logout_minutes = 0  # 默认值" in lines
    assert "# printer 未设置：打印时保存 PDF 文件" in lines
    assert 'logout = "f12"' in lines
    assert "None" not in done.stdout


def test_a_wrong_variable_stops_gjj_with_one_line(tmp_path) -> None:  # type: ignore[no-untyped-def]
    done = run_gjj("config", "show", GJJ_CONFIG=str(tmp_path / "none.toml"), GJJ_KIOSK="是")
    assert done.returncode == 2
    assert done.stderr == "gjj: 环境变量 GJJ_KIOSK：应为 true/false、yes/no、on/off 或 1/0，而不是「是」\n"


def help_rows(text: str) -> dict[str, str]:
    """F1's list as drawn: binding id (last column) → keys (first column)."""
    rows = {}
    for line in text.splitlines():
        inside = line.split("█")[1].split() if line.count("█") >= 2 else []
        if len(inside) >= 3:
            rows[inside[-1]] = inside[0]
    return rows


async def test_remapped_keys_show_on_the_home_menu_footer_and_help(mock_app) -> None:  # type: ignore[no-untyped-def]
    from tests.conftest import make_app

    app = make_app(mock_app, config=Config(keymap={"open.account": "f12", "logout": "ctrl+l"}))
    async with app.run_test(size=(120, 40)) as pilot:
        await login(pilot)
        text = screen_text(app)
        assert "个人账户基本信息  F12" in text
        assert "个人账户基本信息  F2" not in text
        assert "Ctrl+L 退出" in text  # the footer
        await pilot.press("f1")
        await wait_until(pilot, lambda: "open.account" in screen_text(app), what="F1's list")
        rows = help_rows(screen_text(app))
        assert rows["open.account"] == "F12" and rows["logout"] == "Ctrl+L"
        await pilot.press("escape")
        await pilot.press("f12")
        await wait_until(pilot, lambda: "客户信息" in screen_text(app), what="account screen by F12")


def test_the_kiosk_passphrase_is_kept_as_a_hash_only(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from tui.kiosk import verify_passphrase

    path = tmp_path / "config.toml"
    path.write_text('kiosk = true\n\n[keymap]\nlogout = "f12"\n', encoding="utf-8")
    clean = {k: v for k, v in os.environ.items() if not k.startswith("GJJ_")}
    clean.update(GJJ_CONFIG=str(path), PYTHONPATH=str(ROOT))

    def set_it(stdin: str) -> subprocess.CompletedProcess[str]:
        command = [sys.executable, "-m", "tui", "config", "set-kiosk-passphrase"]
        return subprocess.run(command, input=stdin, capture_output=True, text=True, env=clean, cwd=ROOT, timeout=60)

    assert set_it("short\nshort\n").stderr == "gjj: 管理口令至少 8 个字符\n"
    assert set_it("柜台管理口令2026\n柜台管理口令2025\n").stderr == "gjj: 两次输入的管理口令不一致\n"
    done = set_it("柜台管理口令2026\n柜台管理口令2026\n")
    assert done.returncode == 0, done.stderr
    text = path.read_text(encoding="utf-8")
    assert "柜台管理口令2026" not in text and 'logout = "f12"' in text
    config = load_config(path, env={})
    assert config.kiosk and config.keymap == {"logout": "f12"}
    assert config.kiosk_passphrase is not None and config.kiosk_passphrase.startswith("scrypt$")
    assert verify_passphrase("柜台管理口令2026", config.kiosk_passphrase)
    assert not verify_passphrase("柜台管理口令2025", config.kiosk_passphrase)
    assert set_it("另一个管理口令99\n另一个管理口令99\n").returncode == 0  # replaced, not added twice
    assert path.read_text(encoding="utf-8").count("kiosk_passphrase") == 1
