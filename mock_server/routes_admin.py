"""The ``/_mock`` API for testers: reset, personas, SMS outbox, clock, faults, journal, captcha switch.

Never part of a real backend, so left out of the OpenAPI contract (documented in docs/mock.md).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict
from typing import Any, Literal

from fastapi import APIRouter
from pydantic import BaseModel, Field

from .deps import RuntimeDep
from .personas import PERSONAS
from .problems import validation
from .runtime import Fault
from .services import workflow

router = APIRouter(prefix="/_mock", tags=["mock"], include_in_schema=False)


@router.post("/reset")
def reset(runtime: RuntimeDep) -> dict[str, Any]:
    """Back to the seeded state: data, captcha switch, faults and journal."""
    runtime.reset()
    return {"ok": True, "today": runtime.clock.today().isoformat()}


@router.get("/personas")
def personas() -> dict[str, Any]:
    return {
        "items": [
            {
                "key": p.key,
                "name": p.name,
                "id_number": p.id_number,
                "phone": p.phone,
                "password": p.password,
                "payment_password": p.payment_password if p.password else None,
                "situation": p.situation,
            }
            for p in PERSONAS
        ]
    }


@router.get("/sms")
def sms_outbox(runtime: RuntimeDep, phone: str | None = None, limit: int = 50) -> dict[str, Any]:
    """The simulated SMS outbox, newest first."""
    query = "SELECT phone, code, purpose, sent_at, expires_at, used FROM sms_codes"
    params: list[object] = []
    if phone:
        query += " WHERE phone = ?"
        params.append(phone)
    query += " ORDER BY id DESC LIMIT ?"
    params.append(max(1, min(limit, 500)))
    with runtime.store.reading() as db:
        rows = db.execute(query, params).fetchall()
    return {"items": [dict(row) | {"used": bool(row["used"])} for row in rows]}


class ClockChange(BaseModel):
    now: dt.datetime | None = None
    advance_seconds: float | None = None
    advance_days: int | None = None
    frozen: bool | None = None


@router.get("/clock")
def get_clock(runtime: RuntimeDep) -> dict[str, Any]:
    now = runtime.clock.now()
    return {"now": now.isoformat(timespec="seconds"), "today": now.date().isoformat(), "frozen": runtime.clock.frozen}


@router.post("/clock")
def set_clock(change: ClockChange, runtime: RuntimeDep) -> dict[str, Any]:
    """Set, advance or freeze the mock's clock. Data seeded earlier is not re-seeded."""
    if change.now is not None:
        runtime.clock.set(change.now.replace(tzinfo=None))
    if change.advance_seconds:
        runtime.clock.advance(change.advance_seconds)
    if change.advance_days:
        runtime.clock.advance(change.advance_days * 86400)
    if change.frozen is not None:
        runtime.clock.freeze(change.frozen)
    workflow.catch_up(runtime)  # applications move on with the clock
    return get_clock(runtime)


class FaultSpec(BaseModel):
    path_prefix: str = Field(description="e.g. /api/v1/me/ledger")
    kind: Literal["error", "delay", "malformed"] = "error"
    status: int = Field(503, ge=400, le=599)
    delay_ms: int = Field(0, ge=0, le=60000)
    count: int = Field(1, ge=1, le=1000)
    method: str | None = None


@router.get("/faults")
def list_faults(runtime: RuntimeDep) -> dict[str, Any]:
    return {"items": [fault.to_dict() for fault in runtime.faults]}


@router.post("/faults")
def add_fault(spec: FaultSpec, runtime: RuntimeDep) -> dict[str, Any]:
    if not spec.path_prefix.startswith("/"):
        raise validation("path_prefix 应以 / 开头", field="path_prefix")
    fault = runtime.add_fault(Fault(**spec.model_dump()))
    return fault.to_dict()


@router.delete("/faults")
def clear_faults(runtime: RuntimeDep) -> dict[str, Any]:
    runtime.faults.clear()
    return {"ok": True}


@router.get("/journal")
def journal(runtime: RuntimeDep, limit: int = 100) -> dict[str, Any]:
    entries = list(runtime.journal)[-max(1, min(limit, 2000)) :]
    return {"items": [asdict(entry) for entry in entries]}


@router.delete("/journal")
def clear_journal(runtime: RuntimeDep) -> dict[str, Any]:
    runtime.journal.clear()
    return {"ok": True}


class CaptchaSwitch(BaseModel):
    fixed: str | None = Field(None, min_length=1, max_length=8)


@router.post("/captcha")
def captcha_switch(switch: CaptchaSwitch, runtime: RuntimeDep) -> dict[str, Any]:
    """Make every new captcha accept (and show) ``fixed``; null goes back to random codes."""
    from .captcha import drawable

    if switch.fixed is not None and not drawable(switch.fixed):
        raise validation("固定验证码只能包含字母和数字", field="fixed")
    runtime.fixed_captcha = switch.fixed.upper() if switch.fixed else None
    return {"fixed": runtime.fixed_captcha}


class SettingsChange(BaseModel):
    reset_requires_phone: bool | None = None


@router.get("/settings")
def get_settings(runtime: RuntimeDep) -> dict[str, Any]:
    """The switches that choose between centres' variants of a flow (``reset`` restores them)."""
    return {"reset_requires_phone": runtime.reset_requires_phone}


@router.post("/settings")
def change_settings(change: SettingsChange, runtime: RuntimeDep) -> dict[str, Any]:
    """``{reset_requires_phone: true}``: 忘记密码 also asks for the phone number on record."""
    if change.reset_requires_phone is not None:
        runtime.reset_requires_phone = change.reset_requires_phone
    return get_settings(runtime)
