"""Typed errors raised by the client.

Every error the server sends has a code and a Chinese message; each code gets its own exception class
so callers can ``except CaptchaInvalid`` instead of comparing strings. Imports nothing heavy.
"""

from __future__ import annotations

from typing import Any, ClassVar

from .i18n import _


class GjjError(Exception):
    """Base of everything the client raises on purpose. ``message`` is fit to show: the client's own in the
    interface's language, the server's as the server said it (the client asks for its language)."""

    code: str = "ERROR"  # each class's own; an ApiError of an unknown code keeps the server's

    def __init__(self, message: str, *, status: int | None = None, details: dict[str, Any] | None = None):
        super().__init__(message)
        self.message = message
        self.status = status
        self.details = details or {}

    def __str__(self) -> str:
        return self.message

    @property
    def field(self) -> str | None:
        """The request field the error is about, when the server says so (never for network errors)."""
        value = self.details.get("field")
        return value if isinstance(value, str) else None


class NetworkError(GjjError):
    """The server could not be reached, the connection broke, or it did not answer in time.

    ``retryable``: whether an idempotent request may safely be sent again after this.
    """

    code = "NETWORK"
    retryable: ClassVar[bool] = False


class CannotConnect(NetworkError):
    """No connection could be made: the request never reached the server."""

    code = "CANNOT_CONNECT"
    retryable = True


class ConnectionLost(NetworkError):
    """The connection broke after the request was sent: the server may have done what was asked.

    ``submission`` is true for a request that creates something (it carried an ``Idempotency-Key``):
    its message then sends the member to 【我发起的】 to see whether it was made.
    """

    code = "CONNECTION_LOST"
    retryable = True

    def __init__(self, message: str, *, submission: bool = False, **kwargs: Any) -> None:
        super().__init__(message, **kwargs)
        self.submission = submission


class CertificateInvalid(NetworkError):
    """The server's TLS certificate failed verification: gjj refuses to talk to it (not retried)."""

    code = "CERTIFICATE_INVALID"


class TimedOut(NetworkError):
    """The server was reached but did not answer within the client's deadline."""

    code = "TIMED_OUT"


class ProtocolError(GjjError):
    """The server answered something that is not the API (HTML error page, bad JSON, wrong shape)."""

    code = "PROTOCOL"
    retryable: ClassVar[bool] = False


class AnswerUnreadable(ProtocolError):
    """The server's answer was cut off or was not HTTP at all (garbage on the connection)."""

    code = "ANSWER_UNREADABLE"
    retryable = True


class ServerFailed(ProtocolError):
    """The server (or a gateway in front of it) failed with a 5xx that is not the API's error body."""

    code = "SERVER_FAILED"


class SessionExpired(GjjError):
    """The session is over (logged out elsewhere, refresh token expired): log in again."""

    code = "SESSION_EXPIRED"


class ApiError(GjjError):
    """An error the server reported in the uniform body ``{"error": {code, message, details}}``."""

    code = "API_ERROR"
    _by_code: ClassVar[dict[str, type[ApiError]]] = {}

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        ApiError._by_code[cls.code] = cls

    def __init__(
        self, message: str, *, code: str | None = None, status: int | None = None, details: dict[str, Any] | None = None
    ):
        super().__init__(message, status=status, details=details)
        if code is not None:
            self.code = code

    @classmethod
    def from_body(cls, code: str, message: str, status: int, details: dict[str, Any] | None) -> ApiError:
        error_cls = cls._by_code.get(code, ApiError)
        if error_cls is ApiError:
            return ApiError(message, code=code, status=status, details=details)
        return error_cls(message, status=status, details=details)


class CaptchaInvalid(ApiError):
    """Wrong, expired or used captcha."""

    code = "CAPTCHA_INVALID"


class CredentialsInvalid(ApiError):
    """Wrong username or password."""

    code = "CREDENTIALS_INVALID"


class AccountLocked(ApiError):
    """Too many wrong passwords: locked for a while."""

    code = "ACCOUNT_LOCKED"


class TokenExpired(ApiError):
    """The access token is past its time."""

    code = "TOKEN_EXPIRED"


class Unauthorized(ApiError):
    """No valid session (missing or revoked token)."""

    code = "UNAUTHORIZED"


class ValidationFailed(ApiError):
    """A request field is invalid."""

    code = "VALIDATION_FAILED"


class NotFound(ApiError):
    """No such thing, or not the member's."""

    code = "NOT_FOUND"


class LoanNotDisbursed(ApiError):
    """此合同【…】的贷款未发放."""

    code = "LOAN_NOT_DISBURSED"


class LoanSettled(ApiError):
    """此合同【…】的贷款已结清."""

    code = "LOAN_SETTLED"


class NoLoan(ApiError):
    """The member has no loan."""

    code = "NO_LOAN"


class AccountClosed(ApiError):
    """The account is closed (销户)."""

    code = "ACCOUNT_CLOSED"


class AlreadyRegistered(ApiError):
    """Already registered: log in."""

    code = "ALREADY_REGISTERED"


class NotRegistered(ApiError):
    """In the records but not registered yet."""

    code = "NOT_REGISTERED"


class IdentityMismatch(ApiError):
    """Name and ID do not match the records."""

    code = "IDENTITY_MISMATCH"


class SmsCodeInvalid(ApiError):
    """Wrong, expired or used SMS code."""

    code = "SMS_CODE_INVALID"


class SmsRateLimited(ApiError):
    """Too many SMS requests."""

    code = "SMS_RATE_LIMITED"


class PasswordRules(ApiError):
    """The new password breaks a rule."""

    code = "PASSWORD_RULES"


class PasswordSameAsOld(ApiError):
    """New password equals the old."""

    code = "PASSWORD_SAME_AS_OLD"


class PasswordWrong(ApiError):
    """The old or payment password is wrong."""

    code = "PASSWORD_WRONG"


class NotEligible(ApiError):
    """Business rules refuse the request."""

    code = "NOT_ELIGIBLE"


class TicketInvalid(ApiError):
    """A flow ticket is unknown, used, expired or early."""

    code = "TICKET_INVALID"


class Conflict(ApiError):
    """The request clashes with the current state."""

    code = "CONFLICT"


class ServiceUnavailable(ApiError):
    """The server is busy or down."""

    code = "SERVICE_UNAVAILABLE"


class InternalError(ApiError):
    """The server failed."""

    code = "INTERNAL"


class PaymentPasswordNotSet(ApiError):
    """The member has no payment password yet: set one through 支付密码找回."""

    code = "PAYMENT_PASSWORD_NOT_SET"


def certificate_problem(exc: BaseException) -> str | None:
    """The server's TLS certificate failed verification: why, in the interface's language (None: another failure).

    Looks down the exception's chain for the ``ssl.SSLCertVerificationError`` that httpx wraps."""
    import ssl

    seen: set[int] = set()
    cause: BaseException | None = exc
    while cause is not None and id(cause) not in seen:
        seen.add(id(cause))
        if isinstance(cause, ssl.SSLCertVerificationError):
            reason = str(cause.verify_message or cause.reason or "")
            lowered = reason.lower()
            if "mismatch" in lowered:
                return _("证书上的名称与服务器地址不符")
            if "expired" in lowered:
                return _("证书已过期")
            if "not yet valid" in lowered:
                return _("证书尚未生效")
            if "issuer" in lowered or "self-signed" in lowered or "self signed" in lowered:
                return _("证书不是受信任的机构签发的（中心自有 CA 的证书可用 ca_bundle 或 GJJ_CA_BUNDLE 指定）")
            return reason or _("证书校验失败")
        cause = cause.__cause__ or cause.__context__
    return None
