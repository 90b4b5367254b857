"""Schemathesis against the mock, operation by operation: no server errors, responses as the contract
says (status codes, content types, schemas, Allow on 405), schema-violating requests refused, signed-in
endpoints refusing requests without the token.

Not checked: "schema-valid requests are accepted". A business API refuses valid-looking input on
purpose (a wrong captcha, an amount above the limit), with 400, 409 or 422 and its own code.

Nothing happens when the module is imported: the mock, its schema and the signed-in session are
fixtures (schemathesis reads the schema from the ``contract`` fixture when the test runs).
"""

from __future__ import annotations

from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance
from starlette.testclient import TestClient

from tests.conftest import CAPTCHA, make_settings


@pytest.fixture(scope="module")
def fuzzed_app() -> Any:
    from mock_server.app import create_app

    return create_app(make_settings())


@pytest.fixture(scope="module")
def contract(fuzzed_app: Any) -> Any:
    # Logging out would end the session the other operations use.
    return schemathesis.openapi.from_asgi("/api/v1/openapi.json", fuzzed_app).exclude(path_regex=r"/auth/logout$")


@pytest.fixture(scope="module")
def token(fuzzed_app: Any) -> str:
    with TestClient(fuzzed_app) as http:
        captcha = http.post("/api/v1/captcha").json()
        body = http.post(
            "/api/v1/auth/login",
            json={
                "username": "13800000003",
                "password": "demo1234",
                "captcha_id": captcha["captcha_id"],
                "captcha_code": CAPTCHA,
            },
        )
        return str(body.json()["access_token"])


SCHEMA = schemathesis.pytest.from_fixture("contract")


@SCHEMA.parametrize()
@settings(max_examples=12, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
def test_the_mock_keeps_its_contract(case: Any, token: str) -> None:
    case.call_and_validate(headers={"Authorization": f"Bearer {token}"}, excluded_checks=[positive_data_acceptance])
