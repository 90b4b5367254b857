"""Schemathesis against the mock, operation by operation: no server errors, responses as the contract
says (status codes, content types, schemas, Allow on 405), schema-violating requests refused, signed-in
endpoints refusing requests without the token.

Not checked: "schema-valid requests are accepted". A business API refuses valid-looking input on
purpose (a wrong captcha, an amount above the limit), with 400, 409 or 422 and its own code.
"""

from __future__ import annotations

import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance
from starlette.testclient import TestClient

from mock_server.app import create_app
from tests.conftest import CAPTCHA, make_settings

APP = create_app(make_settings())


def _token() -> str:
    with TestClient(APP) as http:
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


TOKEN = _token()
# Logging out would end the session the other operations use.
SCHEMA = schemathesis.openapi.from_asgi("/api/v1/openapi.json", APP).exclude(path_regex=r"/auth/logout$")


@SCHEMA.parametrize()
@settings(max_examples=12, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
def test_the_mock_keeps_its_contract(case) -> None:
    case.call_and_validate(headers={"Authorization": f"Bearer {TOKEN}"}, excluded_checks=[positive_data_acceptance])
