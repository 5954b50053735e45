"""Schemathesis: every API operation, fed generated requests, answers within its OpenAPI schema.

Requests that follow the schema and requests that break it (negative data: a slug outside the
pattern, an empty or out-of-range parameter, a wrong type). No 5xx, only documented status codes,
content types and headers, bodies that match the schema, and every request that breaks the schema
refused with a 4xx. `ATLAS_SCHEMATHESIS_EXAMPLES` sets examples per operation and mode (small
here; .ci/run asks for more).

Not checked: that every request following the schema gets a 2xx. OpenAPI 3.0 cannot say that
sync parameters exclude filters and page (the descriptions do), so such a request gets a
documented 400.
"""

import os

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import (
    content_type_conformance,
    negative_data_rejection,
    not_a_server_error,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
    unsupported_method,
)

from partners.services import api_key_create
from tests.factories import (
    AIModelFactory,
    CaseMetricFactory,
    CaseStudyFactory,
    FilingFactory,
    ProductFactory,
    ScenarioFactory,
    StatPointFactory,
    VendorFactory,
)

EXAMPLES = int(os.environ.get("ATLAS_SCHEMATHESIS_EXAMPLES", "8"))
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    negative_data_rejection,
    unsupported_method,
]


@pytest.fixture
def wsgi_keeps_the_test_connection():
    """Requests go through the real WSGI handler, whose request_started/finished signals close
    the database connection, and with it the test's transaction (on PostgreSQL). Django's test
    client disconnects them for the same reason."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def api_schema(db, wsgi_keeps_the_test_connection):
    from config.wsgi import application

    vendor = VendorFactory(slug="baidu", logo="logos/baidu.png")
    base = AIModelFactory(slug="ernie", vendor=vendor, price_input_per_mtok="0.8")
    AIModelFactory(slug="ernie-finance", vendor=vendor, base_model=base, tier="L1")
    AIModelFactory(slug="old", vendor=vendor, status="archived", successor=base)
    product = ProductFactory(slug="yiyan", vendor=vendor)
    product.ai_models.set([base])
    case = CaseStudyFactory(slug="bank", vendors=[vendor], ai_models=[base])
    case.scenarios.set([ScenarioFactory(slug="service")])
    CaseMetricFactory(case=case)
    StatPointFactory(series__slug="filings")
    FilingFactory(vendor=vendor, ai_model=base, extra={"备注": "x"})
    return schemathesis.openapi.from_wsgi("/api/v1/schema/", application)


@pytest.fixture
def partner_key(db):
    return api_key_create(name="Contract", owner="CI", rate_limit_per_minute=100_000)[1]


def check_operation(operation, headers, mode):
    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        derandomize=True,
        suppress_health_check=list(HealthCheck),
    )
    def honours_schema(case):
        case.call_and_validate(headers=headers, checks=CHECKS)

    honours_schema()


def test_every_operation_honours_the_schema(api_schema, partner_key):
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert len(operations) >= 19  # 9 resources × list + detail, the export, the insights charts
    for operation in operations:
        headers = {"X-API-Key": partner_key} if "export" in operation.path else None
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            check_operation(operation, headers, mode)
