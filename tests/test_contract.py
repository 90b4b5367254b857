"""The committed OpenAPI document is the contract a real backend implements: it must match the code."""

from __future__ import annotations

import json

from mock_server.openapi import CONTRACT, render


def test_committed_contract_matches_the_app() -> None:
    assert CONTRACT.read_text(encoding="utf-8") == render(), "API changed: run `make openapi` and review the diff"


def test_contract_keeps_the_wire_names_others_rely_on() -> None:
    schemas = json.loads(CONTRACT.read_text(encoding="utf-8"))["components"]["schemas"]
    account = set(schemas["Account"]["properties"])
    assert {
        "name",
        "id_number_masked",
        "phone_masked",
        "account_no",
        "status",
        "opened_on",
        "employer_name",
        "base",
        "employer_ratio",
        "personal_ratio",
        "monthly_deposit",
        "balance",
        "paid_up_to",
    } <= account
    assert schemas["Account"]["properties"]["balance"]["type"] == "string"
    error = schemas["ErrorInfo"]["properties"]
    assert set(error) == {"code", "message", "details"}
