"""The OpenAPI schema is valid and lists every endpoint; the docs pages need no CDN."""

import re

import pytest
from django.core.management import call_command
from django.urls import URLPattern, URLResolver, get_resolver
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.validation import validate_schema

from tests.api.helpers import api_url

NOT_ENDPOINTS = {"schema/", "docs/", "redoc/"}


def _api_routes(patterns=None, prefix="") -> set[str]:
    """Every /api/v1/ route as an OpenAPI path: /api/v1/partnerships/{partnership_slug}/."""
    routes = set()
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            if route.startswith("api/v1/") or "api/v1/".startswith(route):
                routes |= _api_routes(entry.url_patterns, route)
        elif isinstance(entry, URLPattern) and route.startswith("api/v1/"):
            rest = route.removeprefix("api/v1/")
            if rest in NOT_ENDPOINTS or rest.endswith("$"):  # the docs; the JSON 404
                continue
            routes.add("/" + re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", route))
    return routes


@pytest.fixture(scope="module")
def schema():
    return SchemaGenerator().get_schema(request=None, public=True)


def test_the_schema_is_valid_openapi_3(schema):
    validate_schema(schema)

    assert schema["openapi"].startswith("3.")


def test_the_schema_lists_every_api_route(schema):
    routes = _api_routes()

    assert "/api/v1/partnerships/{partnership_slug}/members/{membership_uuid}/" in routes
    assert set(schema["paths"]) == routes


def test_every_operation_has_an_id_a_tag_and_the_error_shape(schema):
    ids = []
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            ids.append(operation["operationId"])
            assert operation.get("tags"), f"{method} {path} has no tag"
            for code in ("401", "429"):
                ref = operation["responses"][code]["content"]["application/json"]["schema"]
                assert ref == {"$ref": "#/components/schemas/Error"}, f"{method} {path} {code}"
    assert len(ids) == len(set(ids))
    assert {"partnerships_list", "partnerships_partial_update", "users_me_retrieve"} <= set(ids)


def test_the_error_component_describes_the_one_error_shape(schema):
    components = schema["components"]["schemas"]

    assert set(components["Error"]["required"]) == {"error"}
    body = components["ErrorBody"]
    assert set(body["properties"]) == {"status", "code", "message", "fields"}
    assert set(body["required"]) == {"status", "code", "message"}


def test_the_partnership_update_accepts_only_the_editable_fields(schema):
    request = schema["components"]["schemas"]["PatchedPartnershipUpdateRequest"]

    assert set(request["properties"]) == {
        "name", "short_description", "description", "shared_vision", "year_established",
        "status", "visibility", "join_policy", "contact_email", "website", "countries",
        "working_languages",
    }  # fmt: skip


def test_spectacular_validates_without_warnings(tmp_path):
    call_command(
        "spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "schema.yml")
    )

    assert (tmp_path / "schema.yml").read_text().startswith("openapi: 3.0.3")


@pytest.mark.django_db
def test_the_schema_endpoint_serves_json_to_anyone(client):
    response = client.get(api_url("schema"), {"format": "json"})

    assert response.status_code == 200
    assert response.json()["info"]["title"] == "Landscape Hub API"


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["docs", "redoc"])
def test_the_docs_pages_load_nothing_from_outside(client, name):
    response = client.get(api_url(name))

    html = response.content.decode()
    assert response.status_code == 200
    sources = re.findall(r'<(?:script|link)[^>]+(?:src|href)="([^"]+)"', html)
    assert sources, html
    assert all(src.startswith("/static/") for src in sources), sources
    assert any("drf_spectacular_sidecar" in src for src in sources)
    assert "cdn" not in html.lower()
    assert not re.search(r'(?:src|href)="https?://', html)


@pytest.mark.django_db
def test_redoc_may_not_fetch_images_or_fonts_from_outside(client):
    html = client.get(api_url("redoc")).content.decode()

    policy = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', html).group(1)
    assert "default-src 'self'" in policy
    assert "img-src 'self' data:;" in policy
    assert "fonts.googleapis" not in html
