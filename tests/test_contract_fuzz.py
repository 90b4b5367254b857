"""Schemathesis against the mock, in-process over ASGI: every phase (examples, coverage, fuzzing,
stateful with the contract's links), at least 100 examples per operation, a fixed seed, signed in as
王强 (three contracts: the loan routes have data), and every check enabled, including "a schema-valid
request is not rejected".

A business API refuses some schema-valid requests on purpose (a wrong captcha, an amount above the
limit); the contract declares each such answer for the operation (``status_code_conformance`` holds
the server to that list), and the acceptance check allows those business statuses. What it does not
allow is a refusal the contract does not explain: 413, 415, 405 or any 5xx for a valid request.

The run is cut in three parts that xdist spreads over its workers, each against a mock of its own:
the examples, coverage and stateful phases; fuzzing of the operations that read (GET); fuzzing of the
others. Together they make the same phases over every operation, with the same seed and examples.

Nothing happens at import time: the app, the token and the schema are made inside the test.
"""

from __future__ import annotations

import collections
import time

import pytest

from tests.conftest import CAPTCHA, make_settings
from tests.support import contract_check

SEED = 20240601
EXAMPLES = 100
# Statuses a schema-valid request may get, each only where the operation's contract declares it.
BUSINESS_REFUSALS = ["2xx", "400", "401", "403", "404", "409", "422", "423", "429"]
PHASES = ("examples", "coverage", "fuzzing", "stateful")
# part: (its phases, which operations (None: all), at least this many requests). The floors add up to
# over 4,000 requests, what the run made in one piece (~5,300 measured).
PARTS = {
    "examples-coverage-stateful": (("examples", "coverage", "stateful"), None, 1600),
    "fuzzing-reads": (("fuzzing",), "GET", 900),
    "fuzzing-writes": (("fuzzing",), "other", 1600),
}


def _token(app) -> str:
    from starlette.testclient import TestClient

    with TestClient(app) as http:
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


@pytest.mark.timeout(600)
@pytest.mark.slow
@pytest.mark.parametrize("part", list(PARTS))
def test_the_mock_keeps_its_contract_under_fuzzing(part: str) -> None:
    import schemathesis
    from schemathesis.config import SchemathesisConfig
    from schemathesis.engine import events, from_schema

    from mock_server.app import create_app

    wanted, methods, floor = PARTS[part]
    app = create_app(make_settings())
    config = SchemathesisConfig.from_dict(
        {
            "seed": SEED,
            "headers": {"Authorization": f"Bearer {_token(app)}"},
            "generation": {"max-examples": EXAMPLES, "deterministic": True, "database": "none"},
            "phases": {phase: {"enabled": phase in wanted} for phase in PHASES},
            "checks": {"positive_data_acceptance": {"expected-statuses": BUSINESS_REFUSALS}},
            "suppress-health-check": ["all"],
        }
    )
    # Logging out would end the session every other operation uses (tests/test_api_auth.py covers it).
    schema = schemathesis.openapi.from_asgi("/api/v1/openapi.json", app, config=config).exclude(operation_id="logout")
    all_operations = {result.ok().label for result in schema.get_all_operations()}
    if methods == "GET":
        schema = schema.include(method="GET")
    elif methods == "other":
        schema = schema.exclude(method="GET")
    selected = {result.ok().label for result in schema.get_all_operations()}
    started = time.monotonic()
    requests = 0
    operations: set[str] = set()
    phases: set[str] = set()
    checks: collections.Counter[str] = collections.Counter()
    failed: collections.Counter[str] = collections.Counter()
    examples: list[str] = []
    errors: list[str] = []
    finished = None
    transitions = 0
    for event in from_schema(schema).execute():
        if isinstance(event, events.ScenarioFinished | events.FuzzScenarioFinished):
            recorder = event.recorder
            requests += len(recorder.interactions)
            operations.add(recorder.label)
            for case_id, nodes in recorder.checks.items():
                for node in nodes:
                    checks[node.name] += 1
                    if node.failure_info is not None:
                        failed[node.name] += 1
                        if len(examples) < 10:
                            case = recorder.cases[case_id].value
                            examples.append(f"{node.name} {case.operation.label}: {node.failure_info.failure}")
        elif isinstance(event, events.PhaseStarted) and event.phase.name.value == "stateful" and event.payload:
            transitions = event.payload.transitions_total
        elif isinstance(event, events.PhaseFinished) and event.status.value != "skip":
            phases.add(event.phase.name.value)
        elif isinstance(event, events.NonFatalError | events.FatalError):
            errors.append(repr(event))
        elif isinstance(event, events.EngineFinished):
            finished = event
    elapsed = time.monotonic() - started
    # Its responses also went through openapi-core (tests/support/contract_check.py): the autouse
    # fixture fails this test if any of them is off the contract.
    contract_check.validate_pending()
    validated = contract_check.STATS["validated"]
    print(
        f"\nschemathesis {part}: {len(operations)} operations, {requests} requests in {elapsed:.0f} s, "
        f"phases {sorted(phases)}, {transitions} stateful transitions, failures {dict(failed) or 0}, "
        f"checks {dict(checks)}, {validated} responses validated by openapi-core so far"
    )
    assert not errors, errors
    assert finished is not None and finished.stop_reason.value == "completed"
    assert not failed, "\n".join(examples)
    assert set(wanted) <= phases, phases
    assert len(all_operations) >= 40 and requests >= floor
    if "coverage" in wanted:  # every operation, and data on both sides of the schema
        assert operations >= all_operations, all_operations - operations
        assert {"positive_data_acceptance", "negative_data_rejection", "response_schema_conformance"} <= set(checks)
    else:  # every operation of its half
        assert operations == selected and len(selected) >= 15, selected
        assert {"positive_data_acceptance", "response_schema_conformance"} <= set(checks)
    if "stateful" in wanted:
        assert transitions >= 13
