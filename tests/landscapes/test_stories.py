"""Stories: the workflow and who may do what, sanitized text, checked images, public
pages and feeds (only published stories), and constant query counts on lists."""

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from hub.models import Notification
from hub.services import ApplicationError
from landscapes import services_content as services
from landscapes.models_content import Story
from partnerships.models import Partnership
from partnerships.roles import Role
from tests.hub.factories import StaffUserFactory, UserFactory
from tests.landscapes.factories import LandscapeFactory
from tests.landscapes.factories_content import StoryFactory, png_upload
from tests.partnerships.factories import MembershipFactory, PartnershipFactory
from tests.queries import assert_constant_queries

pytestmark = pytest.mark.django_db


def _create(actor, partnership, **overrides):
    args = {
        "actor": actor,
        "partnership": partnership,
        "title": "A river comes back",
        "summary": "How farmers restored the banks.",
        "body": "<p>It started with a meeting.</p>",
    }
    args.update(overrides)
    return services.story_create(**args)


# ------------------------------------------------------------------------ workflow


def test_an_editor_writes_a_draft_and_hub_staff_publish_it_and_the_author_is_told(
    partnership,
):
    editor = MembershipFactory(partnership=partnership, role=Role.EDITOR).user
    staff = StaffUserFactory()
    landscape = LandscapeFactory(partnership=partnership)

    story = _create(editor, partnership, landscapes=[landscape])
    assert story.status == Story.Status.DRAFT
    assert list(story.landscapes.all()) == [landscape]

    services.story_submit(story=story, actor=editor)
    story.refresh_from_db()
    assert story.status == Story.Status.IN_REVIEW
    assert Notification.objects.filter(recipient=staff, kind="content").count() == 1

    services.story_publish(story=story, actor=staff)
    story.refresh_from_db()
    assert story.status == Story.Status.PUBLISHED
    assert story.published_by == staff and story.published_at is not None
    told = Notification.objects.get(recipient=editor, kind="content")
    assert told.url == reverse("stories:detail", args=[story.uuid])


def test_hub_staff_return_a_story_with_a_note_and_it_is_a_draft_again(partnership):
    editor = MembershipFactory(partnership=partnership, role=Role.EDITOR).user
    story = StoryFactory(partnership=partnership, in_review=True, author=editor)

    services.story_return(story=story, actor=StaffUserFactory(), note="Add a photo credit.")

    story.refresh_from_db()
    assert (story.status, story.review_note) == (Story.Status.DRAFT, "Add a photo credit.")
    assert Notification.objects.filter(recipient=editor, kind="content").count() == 1


def test_returning_without_a_note_is_refused_and_nothing_changes(partnership):
    story = StoryFactory(partnership=partnership, in_review=True)

    with pytest.raises(ApplicationError):
        services.story_return(story=story, actor=StaffUserFactory(), note="  ")

    story.refresh_from_db()
    assert story.status == Story.Status.IN_REVIEW


def test_members_cannot_publish_their_own_story(partnership):
    leader = MembershipFactory(partnership=partnership, role=Role.LEADER).user
    story = StoryFactory(partnership=partnership, in_review=True)

    with pytest.raises(PermissionDenied):
        services.story_publish(story=story, actor=leader)

    story.refresh_from_db()
    assert story.status == Story.Status.IN_REVIEW


def test_a_partnership_story_cannot_be_published_from_draft(partnership):
    story = StoryFactory(partnership=partnership)

    with pytest.raises(ApplicationError):
        services.story_publish(story=story, actor=StaffUserFactory())


def test_hub_staff_publish_a_hub_story_directly():
    staff = StaffUserFactory()
    story = _create(staff, None)

    services.story_publish(story=story, actor=staff)

    story.refresh_from_db()
    assert story.status == Story.Status.PUBLISHED
    assert story.partnership is None


@pytest.mark.parametrize(
    ("role", "allowed"),
    [(Role.VIEWER, False), (Role.EDITOR, True), (Role.MEL_OFFICER, True), (Role.LEADER, True)],
)
def test_writing_a_story_needs_edit_content(partnership, role, allowed):
    user = MembershipFactory(partnership=partnership, role=role).user

    if allowed:
        assert _create(user, partnership).partnership == partnership
    else:
        with pytest.raises(PermissionDenied):
            _create(user, partnership)
        assert Story.objects.count() == 0


def test_only_hub_staff_write_hub_stories():
    with pytest.raises(PermissionDenied):
        _create(UserFactory(), None)
    assert Story.objects.count() == 0


def test_a_story_cannot_link_another_partnerships_landscape(partnership, other_partnership):
    editor = MembershipFactory(partnership=partnership, role=Role.EDITOR).user
    foreign = LandscapeFactory(partnership=other_partnership)

    with pytest.raises(ApplicationError) as error:
        _create(editor, partnership, landscapes=[foreign])

    assert error.value.field == "landscapes"
    assert Story.objects.count() == 0


def test_members_edit_drafts_only(partnership):
    editor = MembershipFactory(partnership=partnership, role=Role.EDITOR).user
    story = StoryFactory(partnership=partnership, in_review=True, title="Before")

    with pytest.raises(ApplicationError):
        services.story_update(story=story, actor=editor, title="After")

    story.refresh_from_db()
    assert story.title == "Before"


# -------------------------------------------------------------- sanitizing and images


def test_the_story_text_is_sanitized(partnership):
    editor = MembershipFactory(partnership=partnership, role=Role.EDITOR).user

    story = _create(
        editor,
        partnership,
        body=(
            '<p onclick="steal()">Hello <strong>world</strong></p>'
            "<script>alert(1)</script>"
            '<img src="x" onerror="alert(2)">'
            '<a href="javascript:alert(3)">bad</a> <a href="https://example.org">good</a>'
            '<iframe src="https://evil.example"></iframe>'
        ),
    )

    body = story.body.lower()
    for forbidden in (
        "<script",
        "onclick",
        "onerror",
        "javascript:",
        "<iframe",
        "<img",
        "alert(1)",
    ):
        assert forbidden not in body, forbidden
    assert "<strong>world</strong>" in story.body
    assert 'href="https://example.org"' in story.body


def test_plain_text_becomes_paragraphs(partnership):
    editor = MembershipFactory(partnership=partnership, role=Role.EDITOR).user

    story = _create(editor, partnership, body="First part.\n\nSecond & last.")

    assert story.body == "<p>First part.</p><p>Second &amp; last.</p>"


def test_an_image_is_stored_with_its_alt_text(partnership):
    editor = MembershipFactory(partnership=partnership, role=Role.EDITOR).user

    story = _create(editor, partnership, image=png_upload(), image_alt="A green field")

    assert story.image.name.endswith(".png")
    assert story.image_alt == "A green field"


def test_an_image_without_alt_text_is_refused_and_nothing_is_saved(partnership):
    editor = MembershipFactory(partnership=partnership, role=Role.EDITOR).user

    with pytest.raises(Exception) as error:
        _create(editor, partnership, image=png_upload(), image_alt="")

    assert "image_alt" in str(error.value)
    assert Story.objects.count() == 0


@pytest.mark.parametrize(
    "upload",
    [
        SimpleUploadedFile("photo.png", b"<script>not an image</script>", "image/png"),
        SimpleUploadedFile("photo.gif", b"GIF89a" + b"\x00" * 20, "image/gif"),
        SimpleUploadedFile("big.png", b"\x89PNG" + b"\x00" * (5 * 1024 * 1024 + 1), "image/png"),
    ],
    ids=["not-an-image", "gif", "too-big"],
)
def test_a_bad_image_is_refused_and_nothing_is_saved(partnership, upload):
    editor = MembershipFactory(partnership=partnership, role=Role.EDITOR).user

    with pytest.raises(ApplicationError) as error:
        _create(editor, partnership, image=upload, image_alt="A picture")

    assert error.value.field == "image"
    assert Story.objects.count() == 0


# ------------------------------------------------------------------ public pages


def test_the_public_list_shows_published_stories_of_public_partnerships_only(client):
    published = StoryFactory(published=True, title="Published one")
    hub_story = StoryFactory(partnership=None, published=True, title="Hub one")
    StoryFactory(title="A draft")
    StoryFactory(in_review=True, title="In review")
    private = PartnershipFactory(visibility=Partnership.Visibility.PRIVATE)
    StoryFactory(partnership=private, published=True, title="Private one")

    response = client.get(reverse("stories:list"))

    assert response.status_code == 200
    assert [s.pk for s in response.context["stories"]] == [hub_story.pk, published.pk]
    content = response.content.decode()
    assert "A draft" not in content and "Private one" not in content


def test_a_published_story_page_needs_no_sign_in(client):
    landscape = LandscapeFactory()
    story = StoryFactory(
        partnership=landscape.partnership, published=True, body="<p>Rivers run again.</p>"
    )
    story.landscapes.set([landscape])

    response = client.get(reverse("stories:detail", args=[story.uuid]))

    assert response.status_code == 200
    content = response.content.decode()
    assert "<p>Rivers run again.</p>" in content
    assert landscape.name in content


@pytest.mark.parametrize("state", ["draft", "in_review"])
def test_unpublished_stories_are_not_found_even_for_their_authors(client, partnership, state):
    leader = MembershipFactory(partnership=partnership, role=Role.LEADER).user
    story = StoryFactory(partnership=partnership, status=state)
    client.force_login(leader)

    response = client.get(reverse("stories:detail", args=[story.uuid]))

    assert response.status_code == 404


def test_a_published_story_of_a_private_partnership_is_not_public(client):
    private = PartnershipFactory(visibility=Partnership.Visibility.PRIVATE)
    story = StoryFactory(partnership=private, published=True)

    assert client.get(reverse("stories:detail", args=[story.uuid])).status_code == 404


@pytest.mark.parametrize(
    ("name", "content_type"),
    [("stories:feed-rss", "application/rss+xml"), ("stories:feed-atom", "application/atom+xml")],
)
def test_the_feeds_list_published_stories_only(client, name, content_type):
    StoryFactory(published=True, title="Water returns", summary="A spring flows again.")
    StoryFactory(title="Secret draft")

    response = client.get(reverse(name))

    assert response.status_code == 200
    assert response["Content-Type"].startswith(content_type)
    content = response.content.decode()
    assert "Water returns" in content and "A spring flows again." in content
    assert "Secret draft" not in content


def test_the_public_story_list_query_count_is_constant(client):
    def grow():
        for _ in range(3):
            landscape = LandscapeFactory()
            story = StoryFactory(partnership=landscape.partnership, published=True)
            story.landscapes.set([landscape])

    grow()
    assert_constant_queries(lambda: client.get(reverse("stories:list")), grow)


def test_the_rss_feed_query_count_is_constant(client):
    def grow():
        for _ in range(3):
            landscape = LandscapeFactory()
            story = StoryFactory(partnership=landscape.partnership, published=True)
            story.landscapes.set([landscape])

    grow()
    client.get(reverse("stories:feed-rss"))  # the first request caches the current Site
    assert_constant_queries(lambda: client.get(reverse("stories:feed-rss")), grow)


# -------------------------------------------------------------- partnership pages


@pytest.mark.parametrize(
    ("role", "list_status", "create_status"),
    [
        (None, 403, 403),
        (Role.VIEWER, 200, 403),
        (Role.EDITOR, 200, 200),
        (Role.FINANCE_OFFICER, 200, 200),
        (Role.LEADER, 200, 200),
    ],
)
def test_workspace_story_pages_permissions(client, partnership, role, list_status, create_status):
    user = MembershipFactory(partnership=partnership, role=role).user if role else UserFactory()
    client.force_login(user)

    assert client.get(reverse("content:story-list", args=[partnership.slug])).status_code == (
        list_status
    )
    assert client.get(reverse("content:story-create", args=[partnership.slug])).status_code == (
        create_status
    )


def test_workspace_story_pages_of_a_private_partnership_are_not_found_for_outsiders(client):
    private = PartnershipFactory(visibility=Partnership.Visibility.PRIVATE)
    client.force_login(UserFactory())

    assert client.get(reverse("content:story-list", args=[private.slug])).status_code == 404


def test_another_partnerships_story_is_not_found(client, partnership, other_partnership):
    client.force_login(MembershipFactory(partnership=partnership, role=Role.LEADER).user)
    theirs = StoryFactory(partnership=other_partnership)

    for name in ("story-detail", "story-edit", "story-delete"):
        url = reverse(f"content:{name}", args=[partnership.slug, theirs.uuid])
        assert client.get(url).status_code == 404, name
    url = reverse("content:story-submit", args=[partnership.slug, theirs.uuid])
    assert client.post(url).status_code == 404
    theirs.refresh_from_db()
    assert theirs.status == Story.Status.DRAFT


def test_an_editor_writes_a_story_with_an_image_through_the_form(client, partnership):
    editor = MembershipFactory(partnership=partnership, role=Role.EDITOR).user
    landscape = LandscapeFactory(partnership=partnership)
    client.force_login(editor)

    response = client.post(
        reverse("content:story-create", args=[partnership.slug]),
        {
            "title": "Bees are back",
            "summary": "Hedges brought the pollinators back.",
            "body": "Paragraph one.\n\nParagraph two.",
            "language": "en",
            "landscapes": [landscape.pk],
            "image": png_upload(),
            "image_alt": "A bee on a flower",
        },
    )

    story = Story.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "content:story-detail", args=[partnership.slug, story.uuid]
    )
    assert (story.author, story.partnership, story.status) == (
        editor,
        partnership,
        Story.Status.DRAFT,
    )
    assert list(story.landscapes.all()) == [landscape]


def test_the_form_shows_a_bad_image_as_a_field_error_and_saves_nothing(client, partnership):
    client.force_login(MembershipFactory(partnership=partnership, role=Role.EDITOR).user)

    response = client.post(
        reverse("content:story-create", args=[partnership.slug]),
        {
            "title": "T",
            "summary": "S",
            "body": "B",
            "language": "en",
            "image": SimpleUploadedFile("x.png", b"not a png", "image/png"),
            "image_alt": "Alt",
        },
    )

    assert response.status_code == 400
    assert response.context["form"].errors["image"]
    assert Story.objects.count() == 0


def test_the_form_requires_alt_text_with_an_image(client, partnership):
    client.force_login(MembershipFactory(partnership=partnership, role=Role.EDITOR).user)

    response = client.post(
        reverse("content:story-create", args=[partnership.slug]),
        {"title": "T", "summary": "S", "body": "B", "language": "en", "image": png_upload()},
    )

    assert response.status_code == 400
    assert response.context["form"].errors["image_alt"]
    assert Story.objects.count() == 0


def test_the_workspace_story_list_query_count_is_constant(client, partnership):
    client.force_login(MembershipFactory(partnership=partnership, role=Role.VIEWER).user)
    url = reverse("content:story-list", args=[partnership.slug])

    def grow():
        for _ in range(3):
            story = StoryFactory(partnership=partnership, author=UserFactory())
            story.landscapes.set([LandscapeFactory(partnership=partnership)])

    grow()
    assert_constant_queries(lambda: client.get(url), grow)


# -------------------------------------------------------------- hub staff pages


@pytest.mark.parametrize("name", ["stories:review", "stories:create"])
def test_hub_staff_pages_need_staff(client, name):
    url = reverse(name)

    assert client.get(url).status_code == 302
    client.force_login(UserFactory())
    assert client.get(url).status_code == 403
    client.force_login(StaffUserFactory())
    assert client.get(url).status_code == 200


def test_hub_staff_publish_from_the_review_page(client, partnership):
    story = StoryFactory(partnership=partnership, in_review=True)
    client.force_login(StaffUserFactory())

    response = client.post(reverse("stories:publish", args=[story.uuid]))

    assert response.status_code == 302
    story.refresh_from_db()
    assert story.status == Story.Status.PUBLISHED
    assert client.get(reverse("stories:detail", args=[story.uuid])).status_code == 200


def test_a_member_cannot_reach_the_publish_action(client, partnership):
    story = StoryFactory(partnership=partnership, in_review=True)
    client.force_login(MembershipFactory(partnership=partnership, role=Role.LEADER).user)

    assert client.post(reverse("stories:publish", args=[story.uuid])).status_code == 403
    story.refresh_from_db()
    assert story.status == Story.Status.IN_REVIEW


def test_the_review_list_query_count_is_constant(client):
    client.force_login(StaffUserFactory())

    def grow():
        for _ in range(3):
            landscape = LandscapeFactory()
            story = StoryFactory(
                partnership=landscape.partnership, in_review=True, author=UserFactory()
            )
            story.landscapes.set([landscape])

    grow()
    assert_constant_queries(lambda: client.get(reverse("stories:review")), grow)


def test_replacing_the_image_removes_the_old_file(partnership, django_capture_on_commit_callbacks):
    editor = MembershipFactory(partnership=partnership, role=Role.EDITOR).user
    story = _create(editor, partnership, image=png_upload(), image_alt="First")
    storage = story.image.storage
    first = story.image.name

    with django_capture_on_commit_callbacks(execute=True):
        story = services.story_update(
            story=story, actor=editor, image=png_upload("second.png"), image_alt="Second"
        )

    assert story.image.name != first
    assert storage.exists(story.image.name)
    assert not storage.exists(first)


def test_hub_staff_return_a_story_from_the_review_page(client, partnership):
    story = StoryFactory(partnership=partnership, in_review=True)
    client.force_login(StaffUserFactory())

    response = client.post(reverse("stories:return", args=[story.uuid]), {"note": "Shorter."})

    assert response.status_code == 302
    story.refresh_from_db()
    assert (story.status, story.review_note) == (Story.Status.DRAFT, "Shorter.")
