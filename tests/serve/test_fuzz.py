"""Schema-driven fuzzing of every endpoint from the served OpenAPI document (schemathesis):
no 5xx, and every response valid against its schema (status, content type, body)."""

from __future__ import annotations

import warnings

import pytest

pytest.importorskip("schemathesis", reason="fuzzing needs schemathesis (the test extra)")

import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import positive_data_acceptance

from tests.serve.conftest import EXAMPLES
from zona.serve.app import create_app

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    schema = schemathesis.openapi.from_asgi("/openapi.json", create_app([EXAMPLES]))

pytestmark = pytest.mark.slow


@schema.parametrize()
@settings(max_examples=25, deadline=None, derandomize=True,
          suppress_health_check=list(HealthCheck))
def test_every_endpoint_under_fuzzing(case: schemathesis.Case) -> None:
    # schema-valid answers may still be wrong answers (422), or a bare PortalRB list
    # without ?ruleset= (400): acceptance of valid data is not a property of scoring
    case.call_and_validate(excluded_checks=[positive_data_acceptance])
