"""Global search (/search/): language-aware matching in the four platform languages,
ranking, visibility, grouping, highlighting and escaping, constant queries, odd input."""

import re

import pytest
from django.urls import reverse

from landscapes.models_content import Story
from partnerships.models import Partnership
from tests.hub.factories import OrganizationFactory
from tests.landscapes.factories import LandscapeFactory
from tests.landscapes.factories_content import ResourceFactory, StoryFactory
from tests.partnerships.factories import MembershipFactory, PartnershipFactory
from tests.queries import assert_constant_queries

pytestmark = pytest.mark.django_db

URL = reverse("hub:search")


def search(client, q, **params):
    response = client.get(URL, {"q": q, **params})
    assert response.status_code == 200
    return response


def group_titles(response, key: str) -> list[str]:
    """The plain titles of one result group (highlighting removed)."""
    for group in response.context["groups"]:
        if group.source.key == key:
            return [re.sub(r"</?mark>", "", str(hit.title)) for hit in group.results.hits]
    return []


# ------------------------------------------------------------------ languages, stemming


def test_english_stemming_finds_the_singular_from_the_plural(client):
    LandscapeFactory(
        name="Upper Tana catchment",
        description="<p>Farmers restore the degraded forest above the reservoir.</p>",
    )
    response = search(client, "restoring forests")
    assert group_titles(response, "landscapes") == ["Upper Tana catchment"]


def test_spanish_stemming_and_accents(client):
    PartnershipFactory(
        name="Alianza del Paisaje Sierra Madre",
        short_description="Restauración de bosques y cuencas con comunidades campesinas.",
    )
    # a plural, and the same word typed without its accent
    assert group_titles(search(client, "restauraciones"), "partnerships") == [
        "Alianza del Paisaje Sierra Madre"
    ]
    assert group_titles(search(client, "restauracion bosques"), "partnerships") == [
        "Alianza del Paisaje Sierra Madre"
    ]


def test_french_stemming_finds_foret_from_forets(client):
    StoryFactory(
        published=True,
        language="fr",
        title="Les villages du Plateau Central protègent leur forêt",
        summary="Des comités villageois gèrent la forêt classée et ses pare-feux.",
    )
    response = search(client, "forêts")
    assert group_titles(response, "stories") == [
        "Les villages du Plateau Central protègent leur forêt"
    ]
    assert search(client, "forets").context["total"] == 1  # without the accent too


def test_portuguese_stemming(client):
    ResourceFactory(
        title="Guia de restauração de nascentes",
        description="Como proteger nascentes e matas ciliares em propriedades rurais.",
        languages=["pt"],
    )
    response = search(client, "nascente restaurações")
    assert group_titles(response, "resources") == ["Guia de restauração de nascentes"]


def test_a_story_is_stemmed_in_its_own_language(client):
    # "courant" is French (current) but English stemming of "courants" would differ;
    # the story is French, so the French stemmer joins singular and plural.
    StoryFactory(published=True, language="fr", title="Les courants de la rivière", summary="Eau.")
    assert group_titles(search(client, "courant"), "stories") == ["Les courants de la rivière"]


# ------------------------------------------------------------------------------ ranking


def test_a_title_match_ranks_above_a_body_match(client):
    StoryFactory(
        published=True,
        title="Market day in Kapchorwa",
        summary="Farmers sell coffee.",
        body="<p>The new beekeeping cooperative sold its first honey.</p>",
    )
    StoryFactory(
        published=True,
        title="Beekeeping on Mount Elgon",
        summary="Hives in the buffer zone.",
        body="<p>Farmers hang hives.</p>",
    )
    response = search(client, "beekeeping")
    assert group_titles(response, "stories") == [
        "Beekeeping on Mount Elgon",
        "Market day in Kapchorwa",
    ]


# --------------------------------------------------------------------------- visibility


@pytest.fixture
def private_partnership():
    return PartnershipFactory(
        name="Quiet Valley Partnership",
        visibility=Partnership.Visibility.PRIVATE,
        short_description="Wetland restoration",
    )


def test_a_private_partnerships_landscape_is_hidden_from_outsiders(
    client, user, private_partnership
):
    LandscapeFactory(partnership=private_partnership, name="Hidden Wetland")
    assert search(client, "hidden wetland").context["groups"] == []
    client.force_login(user)
    assert search(client, "hidden wetland").context["groups"] == []
    assert search(client, "quiet valley").context["groups"] == []


def test_a_private_partnerships_landscape_is_found_by_its_members_and_staff(
    client, user, staff_user, private_partnership
):
    LandscapeFactory(partnership=private_partnership, name="Hidden Wetland")
    MembershipFactory(partnership=private_partnership, user=user)
    client.force_login(user)
    assert group_titles(search(client, "hidden wetland"), "landscapes") == ["Hidden Wetland"]
    assert group_titles(search(client, "quiet valley"), "partnerships") == [
        "Quiet Valley Partnership"
    ]
    client.force_login(staff_user)
    assert group_titles(search(client, "hidden wetland"), "landscapes") == ["Hidden Wetland"]


def test_a_proposed_partnership_is_not_found_by_the_public(client):
    PartnershipFactory(name="Pending Ridge Alliance", approval=Partnership.Approval.PROPOSED)
    assert search(client, "pending ridge").context["groups"] == []


def test_unpublished_stories_and_proposed_resources_are_never_found_by_the_public(
    client, user, partnership
):
    StoryFactory(partnership=partnership, title="Draft about mangroves")
    StoryFactory(partnership=partnership, in_review=True, title="Mangroves in review")
    ResourceFactory(partnership=partnership, proposed=True, title="Mangrove guide proposal")
    MembershipFactory(partnership=partnership, user=user, role="leader")
    assert search(client, "mangroves").context["groups"] == []
    client.force_login(user)
    assert search(client, "mangroves").context["groups"] == []


def test_a_published_story_of_a_private_partnership_is_hidden(client, private_partnership):
    StoryFactory(partnership=private_partnership, published=True, title="Secret mangroves")
    assert search(client, "mangroves").context["groups"] == []


def test_hub_staff_find_draft_stories_opened_in_review(client, staff_user, partnership):
    story = StoryFactory(partnership=partnership, title="Draft about mangroves")
    client.force_login(staff_user)
    response = search(client, "mangroves")
    (hit,) = response.context["groups"][0].results.hits
    assert hit.url == reverse("stories:review-detail", kwargs={"story_uuid": story.uuid})
    assert str(Story.Status.DRAFT.label) in hit.meta


def test_organizations_are_searched_by_signed_in_people_only(client, user):
    OrganizationFactory(name="Kenya Forest Service", acronym="KFS")
    assert search(client, "kfs").context["groups"] == []
    client.force_login(user)
    assert group_titles(search(client, "kfs"), "organizations") == ["Kenya Forest Service"]


# ----------------------------------------------------------------- grouping, pagination


def test_results_are_grouped_by_type_with_counts_and_a_link_to_all(client):
    partnership = PartnershipFactory(name="Mau Forest Partnership")
    for n in range(7):
        LandscapeFactory(partnership=partnership, name=f"Mau forest block {n}")
    StoryFactory(partnership=partnership, published=True, title="Forest guards")
    response = search(client, "forest")
    groups = {g.source.key: g for g in response.context["groups"]}
    assert list(groups) == ["partnerships", "landscapes", "stories"]
    assert groups["landscapes"].results.total == 7
    assert len(groups["landscapes"].results.hits) == 5
    assert groups["landscapes"].more_url == f"{URL}?q=forest&type=landscapes"
    assert groups["stories"].more_url == ""
    content = response.content.decode()
    assert 'data-testid="search-count-landscapes">7<' in content
    assert response.context["total"] == 9


def test_one_type_is_paginated(client, partnership):
    for n in range(23):
        LandscapeFactory(partnership=partnership, name=f"Terrace site {n}")
    first = search(client, "terrace", type="landscapes")
    assert [g.source.key for g in first.context["groups"]] == ["landscapes"]
    assert len(first.context["groups"][0].results.hits) == 20
    assert first.context["page"].num_pages == 2
    second = search(client, "terrace", type="landscapes", page="2")
    assert len(second.context["groups"][0].results.hits) == 3
    # past the end: the first page
    beyond = search(client, "terrace", type="landscapes", page="9")
    assert beyond.context["page"].number == 1


# ---------------------------------------------------------------- highlighting, escaping


def test_matches_are_highlighted(client):
    LandscapeFactory(
        name="Nakanbé basin",
        description="<p>Villages restore <strong>degraded</strong> land with stone bunds.</p>",
    )
    hit = search(client, "stone bunds").context["groups"][0].results.hits[0]
    assert "<mark>stone</mark> <mark>bunds</mark>" in str(hit.snippet)
    assert "<strong>" not in str(hit.snippet)


def test_content_is_escaped_and_only_mark_tags_survive(client):
    StoryFactory(
        published=True,
        title='<script>alert("x")</script> Erosion & gullies',
        summary="<img src=x onerror=alert(1)> erosion control",
        body="<p>Check dams &amp; &lt;b&gt;gabions&lt;/b&gt; stop erosion.</p>",
    )
    response = search(client, "erosion")
    content = response.content.decode()
    assert "<script>alert" not in content
    assert "<img src=x" not in content
    assert (
        "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; <mark>Erosion</mark> &amp; gullies"
        in content
    )
    hit = response.context["groups"][0].results.hits[0]
    assert "&lt;b&gt;gabions&lt;/b&gt;" in str(hit.snippet)
    assert set(re.findall(r"</?([a-z]+)", str(hit.title) + str(hit.snippet))) == {"mark"}


# ------------------------------------------------------------------------------ queries


def test_the_query_count_is_constant(client, user, partnership):
    MembershipFactory(partnership=partnership, user=user)
    client.force_login(user)

    made = iter(range(1000))

    def grow(n):
        for _ in range(n):
            i = next(made)
            p = PartnershipFactory(name=f"River partnership {i}")
            LandscapeFactory(partnership=p, name=f"River landscape {i}")
            StoryFactory(partnership=p, published=True, title=f"River story {i}")
            ResourceFactory(title=f"River resource {i}")
            OrganizationFactory(name=f"River organization {i}")

    grow(3)
    assert_constant_queries(lambda: search(client, "river"), lambda: grow(3))
    assert_constant_queries(lambda: search(client, "river", type="landscapes"), lambda: grow(3))


def test_anonymous_search_runs_one_query_per_public_source(client, django_assert_num_queries):
    LandscapeFactory(name="River landscape")
    with django_assert_num_queries(4):  # partnerships, landscapes, stories, resources
        search(client, "river")


# --------------------------------------------------------------------------- odd input


@pytest.mark.parametrize(
    "q", ["&&", "'", "!!!", "(", "::*", "\\", "-", '"', "or or", "<script>", "x" * 5000]
)
def test_odd_queries_answer_without_error(client, q):
    LandscapeFactory(name="River landscape")
    response = search(client, q)
    assert response.context["groups"] == []


def test_a_blank_or_too_short_query_asks_for_more(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        blank = search(client, "   ")
    assert 'data-testid="search-empty-query"' in blank.content.decode()
    short = search(client, "a")
    assert 'data-testid="search-too-short"' in short.content.decode()


def test_the_navbar_has_a_search_box(client):
    content = client.get(reverse("hub:home")).content.decode()
    assert f'action="{URL}"' in content
    assert 'role="search"' in content
