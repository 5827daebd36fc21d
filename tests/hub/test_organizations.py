import uuid

import pytest
from django.urls import reverse

from hub.models import Organization
from hub.organizations.selectors import organization_list
from tests.hub.factories import OrganizationFactory
from tests.queries import assert_constant_queries

pytestmark = pytest.mark.django_db

LIST_URL = "organizations:organization-list"


@pytest.fixture
def orgs():
    return {
        "wwf": OrganizationFactory(
            name="World Wide Fund for Nature",
            acronym="WWF",
            type=Organization.Type.NGO,
            description="Conservation of forests and rivers.",
        ),
        "forest_ministry": OrganizationFactory(
            name="Ministry of Forests",
            acronym="MoF",
            type=Organization.Type.GOVERNMENT,
            description="Forest policy, forest management and forest restoration.",
        ),
        "coop": OrganizationFactory(
            name="Coffee Growers Cooperative",
            type=Organization.Type.COMMUNITY,
            description="Smallholder coffee farmers near the forest edge.",
        ),
        "bank": OrganizationFactory(
            name="Green Bank",
            type=Organization.Type.FINANCE,
            description="Loans for agroforestry.",
        ),
    }


def test_search_ranks_the_best_match_first(orgs):
    results = list(organization_list(query="forest"))

    assert results == [orgs["forest_ministry"], orgs["coop"], orgs["wwf"]]


def test_search_matches_acronym_and_filters_by_type(orgs):
    assert list(organization_list(query="wwf")) == [orgs["wwf"]]
    assert list(organization_list(query="forest", type=Organization.Type.NGO)) == [orgs["wwf"]]
    assert list(organization_list(type=Organization.Type.FINANCE)) == [orgs["bank"]]


def test_search_without_query_lists_all_by_name(orgs):
    assert [o.name for o in organization_list()] == [
        "Coffee Growers Cooperative",
        "Green Bank",
        "Ministry of Forests",
        "World Wide Fund for Nature",
    ]


def test_search_requires_every_word(orgs):
    assert list(organization_list(query="coffee forest")) == [orgs["coop"]]
    assert list(organization_list(query="coffee bank")) == []


def test_search_ignores_operators_and_punctuation(orgs):
    assert list(organization_list(query="Forest' & | ! (:*")) == list(
        organization_list(query="forest")
    )
    assert list(organization_list(query="&|!")) == list(organization_list())


def test_search_can_use_the_gin_index(orgs):
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")

    plan = organization_list(query="forest").explain()

    assert "organization_search_idx" in plan


def test_list_page_requires_login(client):
    response = client.get(reverse(LIST_URL))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_detail_page_requires_login(client, orgs):
    response = client.get(reverse("organizations:organization-detail", args=[orgs["wwf"].uuid]))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_list_page_searches_and_filters(client, user, orgs):
    client.force_login(user)

    response = client.get(reverse(LIST_URL), {"q": "forest", "type": "government"})

    assert response.status_code == 200
    assert list(response.context["organizations"]) == [orgs["forest_ministry"]]
    body = response.content.decode()
    assert "Ministry of Forests (MoF)" in body
    assert "World Wide Fund" not in body


def test_list_page_ignores_an_unknown_type(client, user, orgs):
    client.force_login(user)

    response = client.get(reverse(LIST_URL), {"type": "aliens"})

    assert len(response.context["organizations"]) == 4


def test_list_page_htmx_returns_only_the_results(client, user, orgs):
    client.force_login(user)

    response = client.get(reverse(LIST_URL), {"q": "bank"}, headers={"HX-Request": "true"})

    body = response.content.decode()
    assert "Green Bank" in body
    assert "<form" not in body


def test_list_page_is_paginated(client, user):
    OrganizationFactory.create_batch(30)
    client.force_login(user)

    first = client.get(reverse(LIST_URL))
    second = client.get(reverse(LIST_URL), {"page": 2})

    assert len(first.context["organizations"]) == 25
    assert len(second.context["organizations"]) == 5
    assert first.context["paginator"].count == 30


def test_list_page_query_count_is_constant(client, user):
    OrganizationFactory.create_batch(3)
    client.force_login(user)

    assert_constant_queries(
        lambda: client.get(reverse(LIST_URL), {"q": "organization"}),
        lambda: OrganizationFactory.create_batch(6),
    )


def test_detail_page(client, user, orgs):
    client.force_login(user)

    response = client.get(reverse("organizations:organization-detail", args=[orgs["wwf"].uuid]))

    assert response.status_code == 200
    assert "Conservation of forests and rivers." in response.content.decode()
    assert "Kenya" in response.content.decode()


def test_detail_page_unknown_uuid_is_404(client, user):
    client.force_login(user)

    response = client.get(reverse("organizations:organization-detail", args=[uuid.uuid4()]))

    assert response.status_code == 404
