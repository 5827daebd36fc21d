"""Schemathesis against the published OpenAPI schema: every operation, called with a write
key of a real partnership, with generated input. The API must never answer 5xx, and every
answer must match what the schema says (status code, content type, body)."""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from partnerships.models import ApiKey
from partnerships.roles import Role
from tests.partnerships.factories import MembershipFactory, PartnershipFactory
from tests.partnerships.factories_api import ApiKeyFactory

pytestmark = pytest.mark.django_db

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
EXAMPLES_PER_OPERATION = 6


def _operations():
    schema = schemathesis.openapi.from_wsgi("/api/v1/schema/?format=json", get_wsgi_application())
    return [result.ok() for result in schema.get_all_operations()]


@pytest.fixture
def keep_test_connection():
    """The WSGI app closes "old" connections after each request, which would close the
    test's transaction; Django's test client switches that off the same way."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def test_every_operation_answers_as_documented(keep_test_connection):
    partnership = PartnershipFactory(slug="fuzzed")
    leader = MembershipFactory(partnership=partnership, role=Role.LEADER).user
    key = ApiKeyFactory(partnership=partnership, created_by=leader, scope=ApiKey.Scope.WRITE)
    headers = {"Authorization": f"Api-Key {key.raw_key}"}
    operations = _operations()
    failures = []

    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(
            max_examples=EXAMPLES_PER_OPERATION,
            deadline=None,
            derandomize=True,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        def call(case):
            if "partnership_slug" in (case.path_parameters or {}):
                case.path_parameters["partnership_slug"] = partnership.slug
            case.call_and_validate(headers=headers, checks=CHECKS)

        try:
            call()
        except (KeyboardInterrupt, SystemExit):
            raise
        except BaseException as error:  # collect every operation's failures
            failures.append(f"{operation.method.upper()} {operation.path}: {error}"[:1500])

    assert len(operations) > 50
    assert failures == [], "\n\n".join(failures)
