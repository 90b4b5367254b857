"""Password hashing and tokens.

Passwords are stored as salted scrypt hashes (standard library); tokens are random and stored only as
their SHA-256, so a copy of the database gives no one a working session.
"""

from __future__ import annotations

import ctypes
import hashlib
import hmac
import secrets
import sys

# scrypt cost: ~30-60 ms per hash on this class of machine; slow for an attacker, fine for a login.
# ``MockSettings.password_cost`` may choose another N (the tests' mocks hash cheaply); every hash
# records its own parameters, so a password is always checked at the cost it was stored with.
SCRYPT_N = 2**14
_R, _P = 8, 1


def _return_big_buffers_to_the_os() -> None:
    """Each scrypt call allocates 16 MiB. glibc raises its mmap threshold after the first one is freed,
    so later buffers come from per-thread heaps and stay resident (~16 MiB per worker thread that ever
    hashed). A fixed 1 MiB threshold keeps such buffers mmap'd, returned to the OS as soon as freed."""
    if not sys.platform.startswith("linux"):
        return
    try:
        libc = ctypes.CDLL("libc.so.6")
        libc.mallopt(-3, 1 << 20)  # M_MMAP_THRESHOLD
    except (OSError, AttributeError):  # not glibc (musl, …): nothing to tune
        pass


_return_big_buffers_to_the_os()


def hash_password(password: str, salt: bytes | None = None, *, cost: int = SCRYPT_N) -> str:
    """A salted scrypt hash; ``cost`` is scrypt's N (a power of two)."""
    salt = salt if salt is not None else secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode(), salt=salt, n=cost, r=_R, p=_P, dklen=32)
    return f"scrypt${cost}${_R}${_P}${salt.hex()}${digest.hex()}"


def verify_password(password: str, stored: str | None) -> bool:
    if not stored:
        return False
    try:
        scheme, n, r, p, salt_hex, digest_hex = stored.split("$")
    except ValueError:
        return False
    if scheme != "scrypt":
        return False
    digest = hashlib.scrypt(password.encode(), salt=bytes.fromhex(salt_hex), n=int(n), r=int(r), p=int(p), dklen=32)
    return hmac.compare_digest(digest.hex(), digest_hex)


def new_token() -> str:
    return secrets.token_urlsafe(32)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def new_sms_code() -> str:
    return f"{secrets.randbelow(10**6):06d}"
