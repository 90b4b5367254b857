"""The ``/_mock`` API for testers: reset, personas, SMS outbox, clock, faults, journal, captcha switch.

Never part of a real backend, so left out of the OpenAPI contract (documented in docs/mock.md).
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import asdict, replace
from typing import Any

from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel, Field

from api_client.domain.phrase import Listing, Phrase

from . import faults
from .deps import RuntimeDep, require_admin
from .personas import PERSONAS
from .problems import validation
from .services import workflow

router = APIRouter(prefix="/_mock", tags=["mock"], include_in_schema=False, dependencies=[Depends(require_admin)])


@router.post("/reset")
def reset(runtime: RuntimeDep) -> dict[str, Any]:
    """Back to the seeded state: data, captcha switch, faults and journal."""
    runtime.reset()
    return {"ok": True, "today": runtime.clock.today().isoformat()}


@router.get("/personas")
def personas(runtime: RuntimeDep) -> dict[str, Any]:
    """The seeded personas; their passwords only on loopback (never served over a network)."""
    secrets = not runtime.settings.exposed
    return {
        "items": [
            {
                "key": p.key,
                "name": p.name,
                "id_number": p.id_number,
                "phone": p.phone,
                "password": p.password if secrets else None,
                "payment_password": p.payment_password if p.password and secrets else None,
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


@router.get("/faults")
def list_faults(runtime: RuntimeDep) -> dict[str, Any]:
    """The lab's seed and every fault with its tally (hits, misses, what is left of its count)."""
    return {"seed": runtime.faults.seed, "items": [fault.to_dict() for fault in runtime.faults]}


@router.get("/faults/scenarios")
def list_scenarios() -> dict[str, Any]:
    """The scenarios shipped with the mock (``POST /_mock/faults {"scenario": name}`` sets one)."""
    items = []
    for name in faults.shipped_scenarios():
        scenario = faults.load_scenario(name)
        items.append({"name": name, "description": scenario.description, "faults": len(scenario.faults)})
    return {"items": items}


@router.post("/faults")
async def add_faults(request: Request, runtime: RuntimeDep) -> dict[str, Any]:
    """One fault (``{kind, path, …}``), several (``{seed?, faults: [...]}``) or a shipped scenario
    (``{scenario: "flaky-network", seed?}``). A scenario's ``seed`` restarts the hit/miss sequence."""
    try:
        data = json.loads(await request.body() or b"null")
    except ValueError:
        raise validation("请求体应为 JSON", field="body") from None
    if isinstance(data, dict) and "scenario" in data:
        unknown = sorted(set(data) - {"scenario", "seed"})
        if unknown:
            raise validation(Phrase("未知字段：{name}", name=unknown[0]), field=unknown[0])
        if not isinstance(data["scenario"], str) or data["scenario"] not in faults.shipped_scenarios():
            names = Listing(faults.shipped_scenarios(), "、")
            raise validation(
                Phrase("没有名为 {name} 的场景（可选：{names}）", name=str(data["scenario"]), names=names),
                field="scenario",
            )
        scenario = faults.load_scenario(data["scenario"])
        seed = data.get("seed")
        if seed is not None:
            if isinstance(seed, bool) or not isinstance(seed, int) or seed < 0:
                raise validation("seed 应为非负整数", field="seed")
            scenario = replace(scenario, seed=seed)
    elif isinstance(data, dict) and "faults" in data:
        scenario = faults.parse_scenario(data)
    else:
        fault = runtime.add_fault(faults.parse_fault(data))
        return fault.to_dict()
    if scenario.seed is not None:
        runtime.faults.reseed(scenario.seed)
    added = [runtime.add_fault(replace(fault)).to_dict() for fault in scenario.faults]
    return {"seed": runtime.faults.seed, "items": added}


@router.delete("/faults")
def clear_faults(runtime: RuntimeDep) -> dict[str, Any]:
    runtime.faults.clear()
    return {"ok": True}


@router.get("/journal")
def journal(runtime: RuntimeDep, limit: int = 100) -> dict[str, Any]:
    entries = list(runtime.journal)[-max(1, min(limit, 2000)) :]
    items = []
    for entry in entries:
        item = asdict(entry)
        item["at"] = faults.journal_time(entry.at)
        item["duration_ms"] = round(entry.duration_ms, 2)
        items.append(item)
    return {"items": items}


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
