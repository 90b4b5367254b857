"""Public endpoints: captcha and authentication."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from api_client import models as m

from .deps import BearerDep, RuntimeDep, bearer_token
from .problems import responses
from .services import auth

router = APIRouter(tags=["auth"])


@router.post(
    "/captcha",
    response_model=m.Captcha,
    summary="获取图形验证码",
    operation_id="createCaptcha",
    responses=responses(413),
)
def captcha(runtime: RuntimeDep) -> dict[str, Any]:
    """A single-use 4-character captcha, valid for 2 minutes."""
    return auth.issue_captcha(runtime)


@router.post(
    "/auth/login",
    response_model=m.LoginResult,
    summary="登录",
    operation_id="login",
    responses=responses(400, 401, 413, 422, 423),
)
def login(body: m.LoginRequest, runtime: RuntimeDep) -> dict[str, Any]:
    """Log in with an ID number or phone number. 5 wrong passwords lock the account for 15 minutes.

    An unknown username, a wrong password, a closed (销户) or unregistered account all get the same
    answer (401 CREDENTIALS_INVALID, then 423 ACCOUNT_LOCKED after 5 tries), so the answer never tells
    whether someone is a member."""
    return auth.login(runtime, body.username, body.password, body.captcha_id, body.captcha_code)


@router.post(
    "/auth/refresh",
    response_model=m.TokenPair,
    summary="刷新令牌",
    operation_id="refreshToken",
    responses=responses(401, 413, 422),
)
def refresh(body: m.RefreshRequest, runtime: RuntimeDep) -> dict[str, Any]:
    return auth.refresh(runtime, body.refresh_token)


@router.post(
    "/auth/logout", response_model=m.Ok, summary="退出登录", operation_id="logout", responses=responses(401, 413)
)
def logout(runtime: RuntimeDep, credentials: BearerDep) -> dict[str, Any]:
    """Revoke the session: the access and refresh tokens stop working (a revoked token gets 401)."""
    auth.logout(runtime, bearer_token(credentials))
    return {"ok": True, "message": "已退出登录"}
