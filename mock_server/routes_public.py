"""Public endpoints: captcha and authentication."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from api_client import models as m

from .deps import BearerDep, RuntimeDep, bearer_token
from .services import auth

ERRORS: dict[int | str, dict[str, Any]] = {status: {"model": m.ErrorBody} for status in (400, 401, 403, 422, 423)}

router = APIRouter(tags=["public"], responses=ERRORS)


@router.post("/captcha", response_model=m.Captcha, summary="获取图形验证码")
def captcha(runtime: RuntimeDep) -> dict[str, Any]:
    """A single-use 4-character captcha, valid for 2 minutes."""
    return auth.issue_captcha(runtime)


@router.post("/auth/login", response_model=m.LoginResult, summary="登录")
def login(body: m.LoginRequest, runtime: RuntimeDep) -> dict[str, Any]:
    """Log in with an ID number or phone number. 5 wrong passwords lock the account for 15 minutes."""
    return auth.login(runtime, body.username, body.password, body.captcha_id, body.captcha_code)


@router.post("/auth/refresh", response_model=m.TokenPair, summary="刷新令牌")
def refresh(body: m.RefreshRequest, runtime: RuntimeDep) -> dict[str, Any]:
    return auth.refresh(runtime, body.refresh_token)


@router.post("/auth/logout", response_model=m.Ok, summary="退出登录")
def logout(runtime: RuntimeDep, credentials: BearerDep) -> dict[str, Any]:
    """Revoke the session: the access and refresh tokens stop working."""
    auth.logout(runtime, bearer_token(credentials))
    return {"ok": True, "message": "已退出登录"}
