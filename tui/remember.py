"""记住登录: only the refresh token, in the OS keyring, under the server's address (as ``gjj login`` keeps it).

The next start trades it for a session and goes straight to the home page; it follows the token as it
rotates; logging out, or the server refusing it, forgets it. Never in kiosk mode or the embedded demo
(whose data lives only as long as the process). keyring is imported only when this is first used.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from api_client.client import GjjClient

from api_client.i18n import _

KEYRING_SERVICE = "gjj"  # the same entry `gjj login` uses


def keyring_backend() -> Any | None:
    """The OS keyring, or None when this machine has none (keyring's 'fail' backend)."""
    try:
        import keyring
        from keyring.backends import fail as failing
    except ImportError:
        return None
    backend = keyring.get_keyring()
    if isinstance(backend, failing.Keyring):
        return None
    return backend


class RememberedLogin:
    def __init__(self, client: GjjClient, *, kiosk: bool, demo: bool) -> None:
        self.client = client
        self.unavailable: str | None = None  # why 记住登录 cannot be offered, said (briefly) next to it
        self._backend: Any | None = None
        if kiosk:
            self.unavailable = _("自助终端不保存")
        elif demo:
            self.unavailable = _("演示模式不保存")
        else:
            self._backend = keyring_backend()
            if self._backend is None:
                self.unavailable = _("本机没有系统钥匙串")

    @property
    def account(self) -> str:
        return self.client.server

    def saved_token(self) -> str | None:
        if self._backend is None:
            return None
        token = self._backend.get_password(KEYRING_SERVICE, self.account)
        return str(token) if token else None

    def remember(self) -> None:
        """Keep the client's refresh token, and every one that replaces it."""
        if self._backend is None or not self.client.refresh_token:
            return
        self._backend.set_password(KEYRING_SERVICE, self.account, self.client.refresh_token)
        self.client.on_refresh_token = self._rotated

    def _rotated(self, token: str) -> None:
        if self._backend is not None:
            self._backend.set_password(KEYRING_SERVICE, self.account, token)

    def forget(self) -> None:
        self.client.on_refresh_token = None
        if self._backend is None:
            return
        import contextlib

        from keyring.errors import PasswordDeleteError

        with contextlib.suppress(PasswordDeleteError):  # nothing was kept
            self._backend.delete_password(KEYRING_SERVICE, self.account)

    async def restore(self) -> bool:
        """Sign in with the kept token: True when the session (and the member's profile) is back."""
        from api_client import models as m
        from api_client.errors import GjjError, SessionExpired

        token = self.saved_token()
        if token is None:
            return False
        self.client.refresh_token = token
        try:
            await self.client.refresh()
        except SessionExpired:  # expired or revoked: forget it
            self.forget()
            return False
        except GjjError:  # the server is not answering now: the token may still be good next time
            return False
        self.remember()  # the token just rotated
        try:
            account = await self.client.account()
        except GjjError:
            return False
        self.client.profile = m.Profile(
            name=account.name,
            id_number_masked=account.id_number_masked,
            phone_masked=account.phone_masked,
            account_no=account.account_no,
        )
        return True
