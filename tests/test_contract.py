"""The committed OpenAPI document is the contract a real backend implements: it must match the code."""

from __future__ import annotations

import json
import re

from mock_server.openapi import CONTRACT, render
from tests.conftest import ACCOUNT_WIRE_NAMES


def test_committed_contract_matches_the_app() -> None:
    assert CONTRACT.read_text(encoding="utf-8") == render(), "API changed: run `make openapi` and review the diff"


def test_contract_keeps_the_wire_names_others_rely_on() -> None:
    schemas = json.loads(CONTRACT.read_text(encoding="utf-8"))["components"]["schemas"]
    account = set(schemas["Account"]["properties"])
    assert account >= ACCOUNT_WIRE_NAMES
    assert schemas["Account"]["properties"]["balance"]["type"] == "string"
    error = schemas["ErrorInfo"]["properties"]
    assert set(error) == {"code", "message", "details"}


def test_every_error_code_the_server_sends_is_listed_in_docs_mock_md() -> None:
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    sent: set[str] = set()
    for source in (root / "mock_server").rglob("*.py"):
        text = source.read_text(encoding="utf-8")
        sent |= set(re.findall(r'(?:ApiProblem\(|send_error\(\s*send,)\s*(?:\w+|\d{3}),\s*"([A-Z][A-Z_]+)"', text))
    sent.add("VALIDATION_FAILED")  # built in app._validation_problem
    assert {"CREDENTIALS_INVALID", "PAYLOAD_TOO_LARGE", "ADMIN_TOKEN_REQUIRED", "INTERNAL"} <= sent
    listed = set(re.findall(r"`([A-Z][A-Z_]+)`", (root / "docs" / "mock.md").read_text(encoding="utf-8")))
    assert sent - listed == set()


def test_every_operation_has_a_short_stable_id_and_a_tag() -> None:
    document = json.loads(CONTRACT.read_text(encoding="utf-8"))
    operations = [op for path in document["paths"].values() for op in path.values()]
    ids = [op["operationId"] for op in operations]
    assert len(ids) == len(set(ids)) == len(operations) >= 40
    assert all(re.fullmatch(r"[a-z][A-Za-z]{2,30}", op_id) for op_id in ids), ids
    assert {"getAccount", "getRepaymentPlan", "login", "submitWithdrawal", "listLedger"} <= set(ids)
    assert all(len(op["tags"]) == 1 for op in operations)
    withdraw = document["paths"]["/api/v1/me/withdrawals"]["post"]
    assert {"200", "201", "413", "422"} <= set(withdraw["responses"])
    key = next(p for p in withdraw["parameters"] if p["name"] == "Idempotency-Key")
    assert key["required"] is True and key["schema"]["pattern"] == "^[A-Za-z0-9_-]+$"
