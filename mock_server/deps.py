"""Request dependencies: the server's runtime and the signed-in member."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from .runtime import Runtime
from .services import auth

_bearer = HTTPBearer(auto_error=False, description="access_token from /auth/login")


def get_runtime(request: Request) -> Runtime:
    runtime: Runtime = request.app.state.runtime
    return runtime


@dataclass(frozen=True)
class Member:
    id: int
    session_id: int


def bearer_token(credentials: HTTPAuthorizationCredentials | None) -> str | None:
    return credentials.credentials if credentials else None


def current_member(
    request: Request,
    runtime: Annotated[Runtime, Depends(get_runtime)],
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> Member:
    member_id, session_id = auth.session_for(runtime, bearer_token(credentials))
    request.state.member_id = member_id
    return Member(member_id, session_id)


RuntimeDep = Annotated[Runtime, Depends(get_runtime)]
MemberDep = Annotated[Member, Depends(current_member)]
BearerDep = Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)]
