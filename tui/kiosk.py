"""The kiosk's admin passphrase: only its scrypt hash is kept, in the config file's ``kiosk_passphrase``.

A clerk leaves kiosk mode (to quit gjj on the kiosk) by typing it; ``gjj config set-kiosk-passphrase``
sets it. Nothing here imports Textual.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import re
import sys
from pathlib import Path

from api_client.i18n import _

# scrypt's cost: 2**14 × 8 × 16 MiB ≈ 16 MiB and ~50 ms a try, slow enough for a guesser at the kiosk
_N, _R, _P = 2**14, 8, 1
MIN_LENGTH = 8


def hash_passphrase(passphrase: str, *, salt: bytes | None = None) -> str:
    salt = salt or os.urandom(16)
    digest = hashlib.scrypt(passphrase.encode("utf-8"), salt=salt, n=_N, r=_R, p=_P, dklen=32)
    encode = base64.urlsafe_b64encode
    return f"scrypt${_N}${_R}${_P}${encode(salt).decode()}${encode(digest).decode()}"


def verify_passphrase(passphrase: str, stored: str) -> bool:
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
        if scheme != "scrypt":
            return False
        expected = base64.urlsafe_b64decode(digest)
        actual = hashlib.scrypt(
            passphrase.encode("utf-8"),
            salt=base64.urlsafe_b64decode(salt),
            n=int(n),
            r=int(r),
            p=int(p),
            dklen=len(expected),
        )
    except ValueError:  # a hand-edited, broken hash: nobody's passphrase matches it
        return False
    return hmac.compare_digest(actual, expected)


def passphrase_problem(passphrase: str) -> str | None:
    if len(passphrase) < MIN_LENGTH:
        return _("管理口令至少 {count} 个字符").format(count=MIN_LENGTH)
    return None


_LINE = re.compile(r"^\s*kiosk_passphrase\s*=.*$", re.MULTILINE)


def store_hash(path: Path, hashed: str) -> None:
    """Write ``kiosk_passphrase = "<hash>"`` into the config file, keeping everything else as it was."""
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    line = f'kiosk_passphrase = "{hashed}"'
    if _LINE.search(text):
        text = _LINE.sub(line, text, count=1)
    else:
        # a top-level key goes before the first [table]
        table = re.search(r"^\s*\[", text, re.MULTILINE)
        at = table.start() if table else len(text)
        head = text[:at]
        if head and not head.endswith("\n"):
            head += "\n"
        text = head + line + "\n" + text[at:]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def set_passphrase_interactively(path: Path | None) -> int:
    """``gjj config set-kiosk-passphrase``: asked twice (hidden on a terminal; two lines from a pipe)."""
    from .config import ConfigError, config_path, load_config

    path = path or config_path()
    if sys.stdin.isatty():
        import getpass

        first = getpass.getpass(_("新的管理口令："))
        second = getpass.getpass(_("再输入一次："))
    else:
        first = sys.stdin.readline().rstrip("\n")
        second = sys.stdin.readline().rstrip("\n")
    problem = passphrase_problem(first)
    if problem:
        print(f"gjj: {problem}", file=sys.stderr)
        return 2
    if first != second:
        print(_("gjj: 两次输入的管理口令不一致"), file=sys.stderr)
        return 2
    store_hash(path, hash_passphrase(first))
    try:
        load_config(path, env={})
    except ConfigError as exc:  # the rest of the file was already wrong: say so now
        print(_("gjj: 已写入管理口令，但配置文件有误：{problem}").format(problem=exc), file=sys.stderr)
        return 2
    print(_("已设置自助终端的管理口令（{path}）").format(path=path))
    return 0
