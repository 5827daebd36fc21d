"""The knowledge library: hub staff publish, partnerships propose and staff decide;
uploads are checked before they are read; the public library shows published
resources only, with filters and full-text search, at a constant query count."""

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from hub.models import Notification
from hub.services import ApplicationError
from landscapes import services_content as services
from landscapes.models_content import Resource
from partnerships.models import Partnership
from partnerships.roles import Role
from tests.hub.factories import StaffUserFactory, UserFactory
from tests.landscapes.factories import LandscapeFactory
from tests.landscapes.factories_content import ResourceFactory
from tests.partnerships.factories import MembershipFactory, PartnershipFactory
from tests.queries import assert_constant_queries

pytestmark = pytest.mark.django_db


def pdf(name="guide.pdf", size=None, content_type="application/pdf"):
    data = b"%PDF-1.4\n" + (b"0" * (size - 9) if size else b"1 0 obj\n")
    return SimpleUploadedFile(name, data, content_type=content_type)


def _propose(actor, partnership, **overrides):
    args = {
        "actor": actor,
        "partnership": partnership,
        "title": "Soil guide",
        "kind": Resource.Kind.GUIDE,
        "url": "https://example.org/soil",
    }
    args.update(overrides)
    return services.resource_propose(**args)


# ------------------------------------------------------------------------ workflow


def test_hub_staff_publish_a_resource_directly_with_tags_and_links():
    staff = StaffUserFactory()
    landscape = LandscapeFactory()

    resource = services.resource_create(
        actor=staff,
        title="Water balance tool",
        kind=Resource.Kind.TOOL,
        file=pdf(),
        tags=" Water, water ,Soil ",
        languages=["en", "es"],
        partnerships=[landscape.partnership],
        landscapes=[landscape],
    )

    assert resource.status == Resource.Status.PUBLISHED and resource.published_at
    assert resource.tags == ["water", "soil"]
    assert resource.languages == ["en", "es"]
    assert resource.file.name.endswith(".pdf")
    assert list(resource.partnerships.all()) == [landscape.partnership]
    assert list(resource.landscapes.all()) == [landscape]


def test_a_partnership_proposes_and_hub_staff_approve_and_the_proposer_is_told(partnership):
    editor = MembershipFactory(partnership=partnership, role=Role.EDITOR).user
    staff = StaffUserFactory()

    resource = _propose(editor, partnership)
    assert resource.status == Resource.Status.PROPOSED
    assert list(resource.partnerships.all()) == [partnership]
    assert Notification.objects.filter(recipient=staff, kind="content").count() == 1

    services.resource_approve(resource=resource, actor=staff)

    resource.refresh_from_db()
    assert resource.status == Resource.Status.PUBLISHED
    assert (resource.decided_by, resource.published_at is not None) == (staff, True)
    told = Notification.objects.get(recipient=editor, kind="content")
    assert told.url == reverse("library:detail", args=[resource.uuid])


def test_hub_staff_decline_with_a_reason_and_the_proposer_is_told(partnership):
    editor = MembershipFactory(partnership=partnership, role=Role.EDITOR).user
    resource = _propose(editor, partnership)

    services.resource_decline(resource=resource, actor=StaffUserFactory(), reason="Duplicate.")

    resource.refresh_from_db()
    assert (resource.status, resource.decline_reason) == (Resource.Status.DECLINED, "Duplicate.")
    told = Notification.objects.get(recipient=editor, kind="content")
    assert "Duplicate." in told.body


def test_declining_without_a_reason_is_refused_and_nothing_changes(partnership):
    resource = ResourceFactory(partnership=partnership, proposed=True)

    with pytest.raises(ApplicationError):
        services.resource_decline(resource=resource, actor=StaffUserFactory(), reason="")

    resource.refresh_from_db()
    assert resource.status == Resource.Status.PROPOSED


@pytest.mark.parametrize(
    ("role", "allowed"),
    [(Role.VIEWER, False), (Role.EDITOR, True), (Role.FINANCE_OFFICER, True), (Role.LEADER, True)],
)
def test_proposing_needs_edit_content(partnership, role, allowed):
    user = MembershipFactory(partnership=partnership, role=role).user

    if allowed:
        assert _propose(user, partnership).partnership == partnership
    else:
        with pytest.raises(PermissionDenied):
            _propose(user, partnership)
        assert Resource.objects.count() == 0


def test_members_cannot_approve_or_publish_directly(partnership):
    leader = MembershipFactory(partnership=partnership, role=Role.LEADER).user
    resource = ResourceFactory(partnership=partnership, proposed=True)

    with pytest.raises(PermissionDenied):
        services.resource_approve(resource=resource, actor=leader)
    with pytest.raises(PermissionDenied):
        services.resource_create(actor=leader, title="x", kind="guide", url="https://e.org")

    resource.refresh_from_db()
    assert resource.status == Resource.Status.PROPOSED
    assert Resource.objects.count() == 1


def test_only_pending_proposals_can_be_withdrawn(partnership):
    editor = MembershipFactory(partnership=partnership, role=Role.EDITOR).user
    pending = ResourceFactory(partnership=partnership, proposed=True)
    published = ResourceFactory(partnership=partnership)

    services.resource_withdraw(resource=pending, actor=editor)
    with pytest.raises(ApplicationError):
        services.resource_withdraw(resource=published, actor=editor)

    assert list(Resource.objects.all()) == [published]


# ------------------------------------------------------------------------ uploads


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (SimpleUploadedFile("tool.exe", b"MZ...", "application/octet-stream"), "not accepted"),
        (SimpleUploadedFile("page.html", b"<script></script>", "text/html"), "not accepted"),
        (pdf("guide.pdf", content_type="text/html"), "does not match"),
        (pdf("big.pdf", size=10 * 1024 * 1024 + 1), "10 MB"),
        (SimpleUploadedFile("empty.pdf", b"", "application/pdf"), "empty"),
    ],
    ids=["exe", "html", "mismatched-type", "too-big", "empty"],
)
def test_a_bad_file_is_refused_and_nothing_is_saved(partnership, upload, message):
    editor = MembershipFactory(partnership=partnership, role=Role.EDITOR).user

    with pytest.raises(ApplicationError) as error:
        _propose(editor, partnership, url="", file=upload)

    assert error.value.field == "file"
    assert message in error.value.message
    assert Resource.objects.count() == 0
    assert Notification.objects.count() == 0


def test_a_file_and_a_link_together_are_refused(partnership):
    editor = MembershipFactory(partnership=partnership, role=Role.EDITOR).user

    with pytest.raises(Exception) as error:
        _propose(editor, partnership, file=pdf())

    assert "url" in str(error.value)
    assert Resource.objects.count() == 0


def test_the_proposal_form_shows_upload_errors_and_saves_nothing(client, partnership):
    client.force_login(MembershipFactory(partnership=partnership, role=Role.EDITOR).user)

    response = client.post(
        reverse("content:resource-propose", args=[partnership.slug]),
        {
            "title": "Tool",
            "kind": "tool",
            "file": SimpleUploadedFile("x.exe", b"MZ", "application/octet-stream"),
        },
    )

    assert response.status_code == 400
    assert response.context["form"].errors["file"]
    assert Resource.objects.count() == 0


def test_the_proposal_form_needs_a_file_or_a_link(client, partnership):
    client.force_login(MembershipFactory(partnership=partnership, role=Role.EDITOR).user)

    response = client.post(
        reverse("content:resource-propose", args=[partnership.slug]),
        {"title": "Tool", "kind": "tool"},
    )

    assert response.status_code == 400
    assert response.context["form"].errors["file"]
    assert Resource.objects.count() == 0


def test_an_editor_proposes_a_file_through_the_form(client, partnership):
    editor = MembershipFactory(partnership=partnership, role=Role.EDITOR).user
    landscape = LandscapeFactory(partnership=partnership)
    client.force_login(editor)

    response = client.post(
        reverse("content:resource-propose", args=[partnership.slug]),
        {
            "title": "Grazing plan template",
            "kind": "tool",
            "file": pdf("plan.pdf"),
            "tags": "grazing, planning",
            "languages": ["en", "fr"],
            "landscapes": [landscape.pk],
        },
    )

    assert response.status_code == 302
    resource = Resource.objects.get()
    assert (resource.partnership, resource.proposed_by, resource.status) == (
        partnership,
        editor,
        Resource.Status.PROPOSED,
    )
    assert resource.tags == ["grazing", "planning"]
    assert list(resource.landscapes.all()) == [landscape]


# ------------------------------------------------------------------ public library


def test_the_public_library_lists_published_resources_only(client):
    published = ResourceFactory(title="Published guide")
    ResourceFactory(title="Pending proposal", proposed=True, partnership=PartnershipFactory())
    ResourceFactory(
        title="Declined one",
        status=Resource.Status.DECLINED,
        published_at=None,
        decline_reason="No.",
    )

    response = client.get(reverse("library:list"))

    assert response.status_code == 200
    assert [r.pk for r in response.context["resources"]] == [published.pk]
    assert "Pending proposal" not in response.content.decode()


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"kind": "dataset"}, ["Rainfall data"]),
        ({"tag": "water"}, ["Rainfall data", "Irrigation guide"]),
        ({"language": "fr"}, ["Irrigation guide"]),
        ({"q": "rainfall"}, ["Rainfall data"]),
        ({"q": "agroforestería"}, ["Guía de agroforestería"]),
        ({"q": "irrigation", "language": "es"}, []),
    ],
)
def test_the_library_filters_and_searches(client, query, expected):
    ResourceFactory(title="Irrigation guide", kind="guide", tags=["water"], languages=["en", "fr"])
    ResourceFactory(
        title="Rainfall data",
        description="Daily rainfall since 1990.",
        kind="dataset",
        tags=["water", "climate"],
    )
    ResourceFactory(title="Guía de agroforestería", kind="guide", tags=["trees"], languages=["es"])

    response = client.get(reverse("library:list"), query)

    assert sorted(r.title for r in response.context["resources"]) == sorted(expected)


def test_search_ranks_title_matches_first(client):
    ResourceFactory(title="Community mapping", description="Soil is mentioned once.")
    ResourceFactory(title="Soil soil soil", description="All about soil.")

    response = client.get(reverse("library:list"), {"q": "soil"})

    assert [r.title for r in response.context["resources"]] == [
        "Soil soil soil",
        "Community mapping",
    ]


def test_a_published_resource_page_needs_no_sign_in_and_a_proposal_is_not_found(client):
    published = ResourceFactory(title="Open guide")
    pending = ResourceFactory(proposed=True, partnership=PartnershipFactory())

    assert client.get(reverse("library:detail", args=[published.uuid])).status_code == 200
    assert client.get(reverse("library:detail", args=[pending.uuid])).status_code == 404


def test_the_public_library_hides_links_to_private_partnerships(client):
    private = PartnershipFactory(visibility=Partnership.Visibility.PRIVATE, name="Hidden P")
    resource = ResourceFactory(title="Shared guide")
    resource.partnerships.set([private])
    resource.landscapes.set([LandscapeFactory(partnership=private, name="Hidden L")])

    content = client.get(reverse("library:detail", args=[resource.uuid])).content.decode()

    assert "Shared guide" in content
    assert "Hidden P" not in content and "Hidden L" not in content


def test_the_public_library_query_count_is_constant(client):
    def grow():
        for _ in range(3):
            landscape = LandscapeFactory()
            resource = ResourceFactory()
            resource.partnerships.set([landscape.partnership])
            resource.landscapes.set([landscape])

    grow()
    assert_constant_queries(lambda: client.get(reverse("library:list")), grow)
    assert_constant_queries(lambda: client.get(reverse("library:list"), {"q": "guide"}), grow)


# -------------------------------------------------------------- partnership pages


@pytest.mark.parametrize(
    ("role", "list_status", "propose_status"),
    [
        (None, 403, 403),
        (Role.VIEWER, 200, 403),
        (Role.EDITOR, 200, 200),
        (Role.MEL_OFFICER, 200, 200),
        (Role.LEADER, 200, 200),
    ],
)
def test_workspace_library_pages_permissions(
    client, partnership, role, list_status, propose_status
):
    user = MembershipFactory(partnership=partnership, role=role).user if role else UserFactory()
    client.force_login(user)

    assert client.get(reverse("content:resource-list", args=[partnership.slug])).status_code == (
        list_status
    )
    propose = reverse("content:resource-propose", args=[partnership.slug])
    assert client.get(propose).status_code == propose_status


def test_another_partnerships_proposal_cannot_be_withdrawn(client, partnership, other_partnership):
    client.force_login(MembershipFactory(partnership=partnership, role=Role.LEADER).user)
    theirs = ResourceFactory(partnership=other_partnership, proposed=True)

    url = reverse("content:resource-withdraw", args=[partnership.slug, theirs.uuid])

    assert client.post(url).status_code == 404
    assert Resource.objects.filter(pk=theirs.pk).exists()


def test_the_workspace_library_list_shows_only_this_partnerships_proposals(
    client, partnership, other_partnership
):
    client.force_login(MembershipFactory(partnership=partnership, role=Role.VIEWER).user)
    mine = ResourceFactory(partnership=partnership, proposed=True)
    ResourceFactory(partnership=other_partnership, proposed=True)

    response = client.get(reverse("content:resource-list", args=[partnership.slug]))

    assert [r.pk for r in response.context["resources"]] == [mine.pk]


def test_the_workspace_library_list_query_count_is_constant(client, partnership):
    client.force_login(MembershipFactory(partnership=partnership, role=Role.VIEWER).user)
    url = reverse("content:resource-list", args=[partnership.slug])

    def grow():
        for _ in range(3):
            ResourceFactory(partnership=partnership, proposed=True, proposed_by=UserFactory())

    grow()
    assert_constant_queries(lambda: client.get(url), grow)


# -------------------------------------------------------------- hub staff pages


@pytest.mark.parametrize("name", ["library:review", "library:create"])
def test_hub_staff_library_pages_need_staff(client, name):
    url = reverse(name)

    assert client.get(url).status_code == 302
    client.force_login(UserFactory())
    assert client.get(url).status_code == 403
    client.force_login(StaffUserFactory())
    assert client.get(url).status_code == 200


def test_hub_staff_approve_from_the_review_page(client, partnership):
    resource = ResourceFactory(partnership=partnership, proposed=True)
    client.force_login(StaffUserFactory())

    response = client.post(reverse("library:approve", args=[resource.uuid]))

    assert response.status_code == 302
    resource.refresh_from_db()
    assert resource.status == Resource.Status.PUBLISHED


def test_the_review_list_query_count_is_constant(client):
    client.force_login(StaffUserFactory())

    def grow():
        for _ in range(3):
            ResourceFactory(
                partnership=PartnershipFactory(), proposed=True, proposed_by=UserFactory()
            )

    grow()
    assert_constant_queries(lambda: client.get(reverse("library:review")), grow)
