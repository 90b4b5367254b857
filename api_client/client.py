"""The async client of the provident-fund API.

One ``GjjClient`` per session of the app. It wraps ``httpx.AsyncClient`` with an injectable transport:
real HTTP(S) to a backend, or ``httpx.ASGITransport`` straight into the mock app when embedded.

httpx and pydantic are imported when the client first does something (or on ``warm_up()``), not when
this module is imported, so the TUI can build a client before its first frame without paying for them.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import importlib
import threading
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from .errors import (
    AnswerUnreadable,
    ApiError,
    CannotConnect,
    CertificateInvalid,
    ConnectionLost,
    GjjError,
    NetworkError,
    ProtocolError,
    ServerFailed,
    SessionExpired,
    TimedOut,
    TokenExpired,
    Unauthorized,
    certificate_problem,
)
from .i18n import ACCEPT_LANGUAGE, N_, _, language
from .retry import IDEMPOTENT_METHODS, RETRY_STATUSES, RetryHook, RetryPolicy, retry_after_seconds, status_reason

if TYPE_CHECKING:
    from decimal import Decimal

    import httpx
    from pydantic import BaseModel

    from . import models as m

API_PREFIX = "/api/v1"
DEFAULT_TIMEOUT = 15.0
USER_AGENT = "gjj-terminal/0.1"

TransportFactory = Callable[[], "httpx.AsyncBaseTransport"]
# Short reasons for the retry notice (msgids: translated when the notice is made).
RETRY_REASONS: dict[type[GjjError], str] = {
    CannotConnect: N_("无法连接服务器"),
    ConnectionLost: N_("连接中断"),
    AnswerUnreadable: N_("应答不完整"),
}
ModelT = TypeVar("ModelT", bound="BaseModel")


class GjjClient:
    """Talks to one provident-fund backend on behalf of one member.

    ``server`` is the backend's root URL (``https://gjj.example.cn``); the API lives under ``/api/v1``.
    ``transport_factory`` replaces the network with any httpx transport (the embedded mock uses
    ``mock_server.inprocess.InProcessTransport``); it is called once, when the client is first used.

    ``timeout`` (seconds) is each call's overall deadline: every try, every wait between tries and a
    token refresh fit in it (the attribute of that name may be changed between calls; httpx's own
    per-phase timeouts keep the value the client was built with). ``retry`` says how requests that may safely be sent again are retried
    (``api_client.retry``; ``RetryPolicy(attempts=1)`` never retries). ``on_retry(attempt, delay,
    reason)`` is called (also settable later as ``client.on_retry``) just before each wait, so a screen
    can say "服务器暂时不可用（HTTP 503），正在重试…"; it must not raise.

    Every failure is raised as a ``GjjError`` subclass: ``CannotConnect``, ``ConnectionLost`` (its
    ``submission`` says a submission may have been made), ``TimedOut`` (all ``NetworkError``),
    ``AnswerUnreadable``, ``ServerFailed`` (``ProtocolError``), the server's own ``ApiError`` by code,
    and ``SessionExpired`` when the session is over.
    """

    def __init__(
        self,
        server: str,
        *,
        transport_factory: TransportFactory | None = None,
        timeout: float = DEFAULT_TIMEOUT,
        verify: bool | str = True,
        label: str | None = None,
        retry: RetryPolicy | None = None,
        on_retry: RetryHook | None = None,
    ) -> None:
        self.server = server.rstrip("/")
        self.label = label or self.server
        self._transport_factory = transport_factory
        self.timeout = timeout
        self._verify = verify
        self.retry = retry or RetryPolicy()
        self.on_retry = on_retry
        self._http: httpx.AsyncClient | None = None
        self._build_lock = threading.Lock()
        self._refresh_lock: asyncio.Lock | None = None
        self.access_token: str | None = None
        self.refresh_token: str | None = None
        # told each new refresh token (they rotate on every refresh), e.g. to keep a remembered login current
        self.on_refresh_token: Callable[[str], None] | None = None
        self.profile: m.Profile | None = None
        self.request_count = 0

    # --- plumbing ------------------------------------------------------------------------------

    def warm_up(self) -> None:
        """Import httpx and the models and build the transport now (safe to call from a thread)."""
        self._ensure_http()

    def _ensure_http(self) -> httpx.AsyncClient:
        with self._build_lock:
            if self._http is None:
                import httpx

                importlib.import_module(f"{__package__}.models")
                transport = self._transport_factory() if self._transport_factory else None
                self._http = httpx.AsyncClient(
                    base_url=self.server + API_PREFIX,
                    transport=transport,
                    timeout=self.timeout,
                    verify=self._verify,
                    headers={"User-Agent": USER_AGENT, "Accept": "application/json"},
                    follow_redirects=False,
                )
            return self._http

    async def aclose(self) -> None:
        if self._http is not None:
            await self._http.aclose()
            self._http = None

    @property
    def signed_in(self) -> bool:
        return self.access_token is not None

    def _forget_session(self) -> None:
        self.access_token = None
        self.refresh_token = None
        self.profile = None

    async def _send(
        self,
        method: str,
        path: str,
        *,
        json: Any = None,
        params: Mapping[str, Any] | None = None,
        headers: Mapping[str, str] | None = None,
        token: str | None = None,
        deadline: float | None = None,
        replayable: bool | None = None,
    ) -> httpx.Response:
        """Send one request, again if it may safely be sent again (see ``api_client.retry``).

        Returns the last answer (the caller turns an error status into its typed error); raises the
        typed error of a failure that left no answer. ``deadline`` (on ``retry.clock``) bounds every try
        and every wait; by default the client's timeout from now.
        """
        retry = self.retry
        has_key = any(name.lower() == "idempotency-key" for name in headers or {})
        if replayable is None:
            replayable = method in IDEMPOTENT_METHODS or has_key
        if deadline is None:
            deadline = retry.clock() + self.timeout
        attempt = 1
        while True:
            response: httpx.Response | None = None
            try:
                response = await self._send_once(
                    method, path, json=json, params=params, headers=headers, token=token, deadline=deadline
                )
            except (NetworkError, ProtocolError) as exc:
                if not (replayable and exc.retryable):
                    raise
                failure: GjjError = exc
                known = RETRY_REASONS.get(type(exc))
                reason, wait = (_(known) if known else exc.message), None
            else:
                if not (replayable and response.status_code in RETRY_STATUSES):
                    return response
                reason = status_reason(response.status_code)
                wait = retry_after_seconds(response.headers.get("Retry-After"))
            delay = retry.backoff(attempt) if wait is None else wait
            if attempt >= retry.attempts or delay > retry.max_retry_after or retry.clock() + delay >= deadline:
                if response is not None:
                    return response
                raise failure
            if self.on_retry is not None:
                self.on_retry(attempt, delay, reason)
            await retry.sleep(delay)
            attempt += 1

    async def _send_once(
        self,
        method: str,
        path: str,
        *,
        json: Any,
        params: Mapping[str, Any] | None,
        headers: Mapping[str, str] | None,
        token: str | None,
        deadline: float,
    ) -> httpx.Response:
        http = self._ensure_http()
        all_headers = dict(headers or {})
        all_headers.setdefault("Accept-Language", ACCEPT_LANGUAGE[language()])
        if token:
            all_headers["Authorization"] = f"Bearer {token}"
        clean_params = {k: v for k, v in (params or {}).items() if v is not None and v != ""}
        remaining = deadline - self.retry.clock()
        if remaining <= 0:
            raise TimedOut(_("服务器 {server} 响应超时，请稍后重试").format(server=_(self.label)))
        self.request_count += 1
        try:
            # httpx times each phase (connect, read…); the deadline also covers a server that trickles
            # bytes, the waits between tries, and transports without timeouts of their own (ASGI).
            return await asyncio.wait_for(
                http.request(method, path, json=json, params=clean_params, headers=all_headers), timeout=remaining
            )
        except Exception as exc:
            error = self._transport_error(exc, method=method, headers=all_headers)
            if error is None:
                raise
            raise error from exc

    def _transport_error(self, exc: BaseException, *, method: str, headers: Mapping[str, str]) -> GjjError | None:
        """The typed error for what httpx (or the socket under it) raised; None for anything else.

        The one place that maps transport failures: could not connect / connection lost after the
        request was sent / no answer in time / an answer that cannot be read.
        """
        import httpx

        label = _(self.label)
        if problem := certificate_problem(exc):  # refused with the reason; never retried, never unverified
            return CertificateInvalid(
                _("服务器证书无法验证：{problem}（{server}）").format(problem=problem, server=label)
            )
        if isinstance(exc, httpx.ConnectTimeout):
            return CannotConnect(_("连接服务器 {server} 超时，请检查网络或服务器地址").format(server=label))
        if isinstance(exc, (httpx.TimeoutException, TimeoutError)):
            return TimedOut(_("服务器 {server} 响应超时，请稍后重试").format(server=label))
        if isinstance(exc, (httpx.ConnectError, ConnectionRefusedError)):
            return CannotConnect(_("无法连接服务器 {server}，请检查网络或服务器地址").format(server=label))
        if isinstance(exc, httpx.LocalProtocolError):  # ours could not be sent: nothing reached the server
            return ProtocolError(_("请求无法发送到服务器 {server}，请稍后重试").format(server=label))
        lost = isinstance(exc, (httpx.ReadError, httpx.WriteError, ConnectionError)) or (
            isinstance(exc, httpx.RemoteProtocolError) and "without sending a response" in str(exc)
        )
        if lost:
            if method in IDEMPOTENT_METHODS:
                return ConnectionLost(_("与服务器 {server} 的连接中断，未收到应答，请稍后重试").format(server=label))
            if any(name.lower() == "idempotency-key" for name in headers):
                return ConnectionLost(
                    _("与服务器 {server} 的连接在提交后中断：可能已提交，请在【我发起的】查看").format(server=label),
                    submission=True,
                )
            return ConnectionLost(
                _("与服务器 {server} 的连接在请求发出后中断：操作可能已完成，请确认后再试").format(server=label)
            )
        if isinstance(exc, (httpx.ProtocolError, httpx.DecodingError)):
            return AnswerUnreadable(_("服务器 {server} 的应答不完整或无法识别，请稍后重试").format(server=label))
        if isinstance(exc, (httpx.UnsupportedProtocol, httpx.InvalidURL)):
            return CannotConnect(_("服务器地址 {server} 无法使用，请检查服务器地址").format(server=label))
        if isinstance(exc, httpx.TooManyRedirects):
            return ProtocolError(_("服务器 {server} 的应答不是预期的接口（重定向过多）").format(server=label))
        if isinstance(exc, (httpx.HTTPError, httpx.StreamError, OSError)):
            return NetworkError(_("与服务器 {server} 通信失败，请稍后重试").format(server=label))
        return None

    def _raise_for_error(self, response: httpx.Response) -> None:
        if response.status_code < 400:
            return
        try:
            body = response.json()
            error = body["error"]
            code, message = str(error["code"]), str(error["message"])
            details = error.get("details") or {}
        except Exception:  # not our error body: a proxy page, a crash
            if response.status_code >= 500:
                raise ServerFailed(
                    _("服务器 {server} 出错（HTTP {status}），请稍后重试").format(
                        server=_(self.label), status=response.status_code
                    ),
                    status=response.status_code,
                ) from None
            raise ProtocolError(
                _("服务器返回了无法识别的错误（HTTP {status}）").format(status=response.status_code),
                status=response.status_code,
            ) from None
        raise ApiError.from_body(code, message, response.status_code, details if isinstance(details, dict) else {})

    async def _call(
        self,
        method: str,
        path: str,
        *,
        json: Any = None,
        params: Mapping[str, Any] | None = None,
        headers: Mapping[str, str] | None = None,
        auth: bool = True,
        replayable: bool | None = None,
    ) -> Any:
        """One API call: bearer token, retries where safe, one refresh-and-retry on TOKEN_EXPIRED, errors typed.

        ``replayable`` overrides whether the request may be sent again (default: GET, or a submission
        with an ``Idempotency-Key``); the whole call, retries and refresh included, keeps one deadline.
        """
        token = self.access_token if auth else None
        if auth and token is None:
            raise SessionExpired(_("尚未登录或登录已失效，请重新登录"))
        deadline = self.retry.clock() + self.timeout
        response = await self._send(
            method,
            path,
            json=json,
            params=params,
            headers=headers,
            token=token,
            deadline=deadline,
            replayable=replayable,
        )
        if auth and response.status_code == 401:
            # Another call may have refreshed the tokens while this one was on its way: its old token is
            # then simply unknown. Otherwise only TOKEN_EXPIRED is worth one refresh.
            refreshed_meanwhile = bool(self.access_token) and self.access_token != token
            if not refreshed_meanwhile:
                try:
                    self._raise_for_error(response)
                except Unauthorized:
                    self._forget_session()
                    raise SessionExpired(_("登录已失效，请重新登录")) from None
                except TokenExpired:
                    await self._refresh_once(token)
            response = await self._send(
                method,
                path,
                json=json,
                params=params,
                headers=headers,
                token=self.access_token,
                deadline=deadline,
                replayable=replayable,
            )
            if response.status_code == 401 and not refreshed_meanwhile:
                # Refused again with the tokens just issued: only a new login can help (never a loop).
                self._forget_session()
                raise SessionExpired(_("登录已失效，请重新登录"))
        self._raise_for_error(response)
        if response.status_code == 204 or not response.content:
            return None
        try:
            return response.json()
        except ValueError:
            raise ProtocolError(_("服务器返回的数据无法解析")) from None

    async def _refresh_once(self, stale_token: str | None) -> None:
        # Several panels may hit an expired token at once: only the first refreshes.
        if self._refresh_lock is None:
            self._refresh_lock = asyncio.Lock()
        async with self._refresh_lock:
            if self.access_token != stale_token:
                return
            await self.refresh()

    @staticmethod
    def _parse(model: type[ModelT], data: Any) -> ModelT:
        from pydantic import ValidationError

        try:
            return model.model_validate(data)
        except ValidationError as exc:
            raise ProtocolError(_("服务器返回的数据格式不符（{model}）").format(model=model.__name__)) from exc

    # --- public endpoints ----------------------------------------------------------------------

    async def business_time(self) -> m.BusinessTime:
        """The centre's business date and time (public): the date its rules and the header go by."""
        from . import models as m

        return self._parse(m.BusinessTime, await self._call("GET", "/business-time", auth=False))

    async def captcha(self) -> m.Captcha:
        """A fresh single-use captcha (PNG, base64)."""
        from . import models as m

        # A captcha asked for twice costs nothing but an unused captcha: safe to send again.
        return self._parse(m.Captcha, await self._call("POST", "/captcha", auth=False, replayable=True))

    async def login(self, username: str, password: str, captcha_id: str, captcha_code: str) -> m.LoginResult:
        """Log in with an ID number or phone; keeps the tokens and the profile."""
        from . import models as m

        body = {
            "username": username.strip(),
            "password": password,
            "captcha_id": captcha_id,
            "captcha_code": captcha_code.strip(),
        }
        result = self._parse(m.LoginResult, await self._call("POST", "/auth/login", json=body, auth=False))
        self.access_token = result.access_token
        self.refresh_token = result.refresh_token
        self.profile = result.profile
        return result

    async def refresh(self) -> None:
        """Trade the refresh token for a new pair; a refused refresh ends the session."""
        from . import models as m

        if not self.refresh_token:
            self._forget_session()
            raise SessionExpired(_("登录已失效，请重新登录"))
        try:
            data = await self._call("POST", "/auth/refresh", json={"refresh_token": self.refresh_token}, auth=False)
        except ApiError:
            self._forget_session()
            raise SessionExpired(_("登录已超时，请重新登录")) from None
        pair = self._parse(m.TokenPair, data)
        self.access_token = pair.access_token
        self.refresh_token = pair.refresh_token
        if self.on_refresh_token is not None:
            self.on_refresh_token(pair.refresh_token)

    async def logout(self) -> None:
        """Revoke both tokens on the server; the local session is forgotten whatever happens."""
        refresh, access = self.refresh_token, self.access_token
        self._forget_session()
        if access is None:
            return
        response = await self._send("POST", "/auth/logout", json={"refresh_token": refresh or ""}, token=access)
        if response.status_code >= 400 and response.status_code != 401:
            self._raise_for_error(response)

    # --- accounts: 注册, 忘记密码, password change and recovery ---------------------------------------

    async def service_info(self) -> m.ServiceInfo:
        """The centre's name and which variant of 忘记密码 it uses (public)."""
        from . import models as m

        return self._parse(m.ServiceInfo, await self._call("GET", "/meta", auth=False))

    async def registration_identity(
        self, name: str, id_number: str, captcha_id: str, captcha_code: str
    ) -> m.IdentityVerified:
        """注册 step 1, 信息校验: a ticket for the next steps and the phone on record, masked."""
        from . import models as m

        body = {
            "name": name.strip(),
            "id_number": id_number.strip().upper(),
            "captcha_id": captcha_id,
            "captcha_code": captcha_code.strip(),
        }
        return self._parse(
            m.IdentityVerified, await self._call("POST", "/registration/identity", json=body, auth=False)
        )

    async def registration_sms(self, ticket: str) -> m.SmsSent:
        """注册: send (or resend) the SMS code to the phone on record."""
        from . import models as m

        return self._parse(
            m.SmsSent, await self._call("POST", "/registration/sms", json={"ticket": ticket}, auth=False)
        )

    async def registration_verify_sms(self, ticket: str, sms_code: str) -> m.Ok:
        """注册 step 2, 短信校验: the code is checked and spent; the ticket moves on."""
        from . import models as m

        body = {"ticket": ticket, "sms_code": sms_code.strip()}
        return self._parse(m.Ok, await self._call("POST", "/registration/sms/verify", json=body, auth=False))

    async def registration_complete(self, ticket: str, password: str, sms_code: str | None = None) -> m.FlowCompleted:
        """注册 step 3: the login password; ``sms_code`` is needed only if the code was not verified first."""
        from . import models as m

        body = {"ticket": ticket, "password": password, "sms_code": sms_code}
        return self._parse(m.FlowCompleted, await self._call("POST", "/registration/complete", json=body, auth=False))

    async def password_reset_identity(
        self, name: str, id_number: str, phone: str | None, captcha_id: str, captcha_code: str
    ) -> m.IdentityVerified:
        """忘记密码 step 1 (``phone`` where the centre asks for it, see ``service_info``)."""
        from . import models as m

        body = {
            "name": name.strip(),
            "id_number": id_number.strip().upper(),
            "phone": phone.strip() if phone else None,
            "captcha_id": captcha_id,
            "captcha_code": captcha_code.strip(),
        }
        return self._parse(
            m.IdentityVerified, await self._call("POST", "/password-reset/identity", json=body, auth=False)
        )

    async def password_reset_sms(self, ticket: str) -> m.SmsSent:
        from . import models as m

        return self._parse(
            m.SmsSent, await self._call("POST", "/password-reset/sms", json={"ticket": ticket}, auth=False)
        )

    async def password_reset_verify_sms(self, ticket: str, sms_code: str) -> m.Ok:
        from . import models as m

        body = {"ticket": ticket, "sms_code": sms_code.strip()}
        return self._parse(m.Ok, await self._call("POST", "/password-reset/sms/verify", json=body, auth=False))

    async def password_reset_complete(
        self, ticket: str, new_password: str, sms_code: str | None = None
    ) -> m.FlowCompleted:
        """忘记密码 last step: the new login password; every session of the member ends."""
        from . import models as m

        body = {"ticket": ticket, "new_password": new_password, "sms_code": sms_code}
        return self._parse(m.FlowCompleted, await self._call("POST", "/password-reset/complete", json=body, auth=False))

    async def change_password(self, old_password: str, new_password: str) -> m.PasswordChanged:
        """登录密码变更: this session carries on, the member's others end."""
        from . import models as m

        body = {"old_password": old_password, "new_password": new_password}
        return self._parse(m.PasswordChanged, await self._call("PUT", "/me/password", json=body))

    async def change_payment_password(self, old_password: str, new_password: str) -> m.Ok:
        """支付密码变更."""
        from . import models as m

        body = {"old_password": old_password, "new_password": new_password}
        return self._parse(m.Ok, await self._call("PUT", "/me/payment-password", json=body))

    async def payment_password_sms(self) -> m.SmsSent:
        """支付密码找回: an SMS code to the member's phone on record."""
        from . import models as m

        return self._parse(m.SmsSent, await self._call("POST", "/me/payment-password/sms"))

    async def payment_password_verify_sms(self, sms_code: str) -> m.SmsVerified:
        """支付密码找回 【下一步】: spends the code for a ticket that ``reset_payment_password`` accepts."""
        from . import models as m

        body = {"sms_code": sms_code.strip()}
        return self._parse(m.SmsVerified, await self._call("POST", "/me/payment-password/sms/verify", json=body))

    async def reset_payment_password(
        self, new_password: str, *, ticket: str | None = None, sms_code: str | None = None
    ) -> m.Ok:
        """支付密码找回: the new payment password, with the verify step's ticket or the SMS code."""
        from . import models as m

        body = {"new_password": new_password, "ticket": ticket, "sms_code": sms_code.strip() if sms_code else None}
        return self._parse(m.Ok, await self._call("POST", "/me/payment-password/reset", json=body))

    # --- signed in -----------------------------------------------------------------------------

    async def account(self) -> m.Account:
        """个人账户基本信息."""
        from . import models as m

        return self._parse(m.Account, await self._call("GET", "/me/account"))

    async def tasks(self) -> m.Tasks:
        """The home page's counters: unread and read messages, applications."""
        from . import models as m

        return self._parse(m.Tasks, await self._call("GET", "/me/tasks"))

    async def ledger(
        self,
        *,
        start: dt.date | None = None,
        end: dt.date | None = None,
        type: str | None = None,
        page: int = 1,
        page_size: int = 100,
        newest_first: bool = False,
    ) -> m.LedgerPage:
        """One page of 个人账户明细 with the range's totals (oldest first unless ``newest_first``)."""
        from . import models as m

        params = {
            "start": start.isoformat() if start else None,
            "end": end.isoformat() if end else None,
            "type": type,
            "page": page,
            "page_size": page_size,
            "order": "desc" if newest_first else None,
        }
        return self._parse(m.LedgerPage, await self._call("GET", "/me/ledger", params=params))

    async def balance_series(self, *, start: dt.date | None = None, end: dt.date | None = None) -> m.BalanceSeries:
        """Month-end fund balances over a range (the ledger's chart)."""
        from . import models as m

        params = {"start": start.isoformat() if start else None, "end": end.isoformat() if end else None}
        return self._parse(m.BalanceSeries, await self._call("GET", "/me/ledger/series", params=params))

    async def loans(self) -> list[m.Loan]:
        """The member's loan contracts (may be empty)."""
        from . import models as m

        return self._parse(m.LoanList, await self._call("GET", "/me/loans")).items

    async def loan(self, contract_no: str) -> m.LoanDetail:
        from . import models as m

        return self._parse(m.LoanDetail, await self._call("GET", f"/me/loans/{contract_no}"))

    async def loan_progress(self, contract_no: str) -> m.LoanProgress:
        from . import models as m

        return self._parse(m.LoanProgress, await self._call("GET", f"/me/loans/{contract_no}/progress"))

    async def repayments(
        self, contract_no: str, *, start: dt.date | None = None, end: dt.date | None = None
    ) -> m.RepaymentList:
        from . import models as m

        params = {"start": start.isoformat() if start else None, "end": end.isoformat() if end else None}
        return self._parse(
            m.RepaymentList,
            await self._call("GET", f"/me/loans/{contract_no}/repayments", params=params),
        )

    async def plan(
        self, contract_no: str, *, start: dt.date | None = None, end: dt.date | None = None
    ) -> m.RepaymentPlan:
        from . import models as m

        params = {"start": start.isoformat() if start else None, "end": end.isoformat() if end else None}
        return self._parse(m.RepaymentPlan, await self._call("GET", f"/me/loans/{contract_no}/plan", params=params))

    # --- business ------------------------------------------------------------------------------

    async def withdrawal_check(self, kind: str) -> m.WithdrawalCheck:
        """Whether the member may take 离职提取 (``resignation``) or 离退休提取 (``retirement``), and why not."""
        from . import models as m

        return self._parse(m.WithdrawalCheck, await self._call("POST", "/me/withdrawals/check", json={"kind": kind}))

    async def withdrawal_sms(self, kind: str | None = None) -> m.SmsSent:
        """Send the SMS code a withdrawal needs (refused first if the member may not take ``kind``)."""
        from . import models as m

        return self._parse(m.SmsSent, await self._call("POST", "/me/withdrawals/sms", json={"kind": kind}))

    async def submit_withdrawal(
        self,
        kind: str,
        amount: Decimal,
        *,
        sms_code: str,
        payment_password: str,
        idempotency_key: str,
        bank_account: str | None = None,
        bank_name: str | None = None,
    ) -> m.ApplicationDetail:
        """Submit a withdrawal. A retry of the same submission must send the same ``idempotency_key``."""
        from . import models as m

        body = {
            "kind": kind,
            "amount": f"{amount:.2f}",
            "bank_account": bank_account,
            "bank_name": bank_name,
            "sms_code": sms_code,
            "payment_password": payment_password,
        }
        data = await self._call("POST", "/me/withdrawals", json=body, headers={"Idempotency-Key": idempotency_key})
        return self._parse(m.ApplicationDetail, data)

    async def loan_rules(self) -> m.LoanRuleInfo:
        """The centre's published rule for new loans (public)."""
        from . import models as m

        return self._parse(m.LoanRuleInfo, await self._call("GET", "/loan-rules", auth=False))

    async def loan_quota(self) -> m.LoanQuota:
        """What the member may borrow today, with every reason why not."""
        from . import models as m

        return self._parse(m.LoanQuota, await self._call("GET", "/me/loan-quota"))

    async def apply_for_loan(self, application: Mapping[str, Any], *, idempotency_key: str) -> m.LoanApplicationResult:
        """Submit a loan application (the fields of ``LoanApplicationRequest``)."""
        from . import models as m

        data = await self._call(
            "POST", "/me/loan-applications", json=dict(application), headers={"Idempotency-Key": idempotency_key}
        )
        return self._parse(m.LoanApplicationResult, data)

    async def applications(self, *, page: int = 1, page_size: int = 10) -> m.ApplicationPage:
        """我发起的, newest first."""
        from . import models as m

        params = {"page": page, "page_size": page_size}
        return self._parse(m.ApplicationPage, await self._call("GET", "/me/applications", params=params))

    async def application(self, application_id: int) -> m.ApplicationDetail:
        """One application with its approval flow."""
        from . import models as m

        return self._parse(m.ApplicationDetail, await self._call("GET", f"/me/applications/{application_id}"))

    async def messages(self, status: str = "unread", *, page: int = 1, page_size: int = 10) -> m.MessagePage:
        """消息 (``unread``) or 已阅 (``read``), newest first."""
        from . import models as m

        params = {"status": status, "page": page, "page_size": page_size}
        return self._parse(m.MessagePage, await self._call("GET", "/me/messages", params=params))

    async def message(self, message_id: int) -> m.Message:
        from . import models as m

        return self._parse(m.Message, await self._call("GET", f"/me/messages/{message_id}"))

    async def mark_message_read(self, message_id: int) -> m.Message:
        """标为已阅. Sent again when its answer is lost: marking a read message again changes nothing."""
        from . import models as m

        return self._parse(m.Message, await self._call("POST", f"/me/messages/{message_id}/read", replayable=True))

    async def delete_message(self, message_id: int) -> None:
        await self._call("DELETE", f"/me/messages/{message_id}")

    async def deposit_certificate(self) -> m.DepositCertificate:
        """个人住房公积金缴存证明, with its verification code."""
        from . import models as m

        return self._parse(m.DepositCertificate, await self._call("GET", "/me/deposit-certificate"))

    async def verify_certificate(self, code: str) -> m.CertificateCheck:
        """Whether a certificate's verification code is genuine (public: no login needed)."""
        from urllib.parse import quote

        from . import models as m

        return self._parse(
            m.CertificateCheck, await self._call("GET", f"/certificates/{quote(code, safe='')}", auth=False)
        )


def new_idempotency_key() -> str:
    """A fresh key for one user-intended submission (sent as ``Idempotency-Key``)."""
    import uuid

    return uuid.uuid4().hex
