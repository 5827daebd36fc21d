import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.loader import render_to_string
from django.urls import reverse

from hub.services import ApplicationError
from partnerships.models import ProcessStage, StageEvidence, StageProgress
from partnerships.roles import Role
from partnerships.selectors.process import process_journey
from partnerships.services import process as services
from tests.partnerships.factories_governance import StageEvidenceFactory, StageProgressFactory
from tests.queries import assert_constant_queries

pytestmark = pytest.mark.django_db


def stages():
    return list(ProcessStage.objects.filter(is_active=True).order_by("order"))


def test_journey_lists_every_active_stage_with_not_started_by_default(partnership):
    _first, second, *_ = stages()
    StageProgressFactory(partnership=partnership, stage=second, status="completed",
                         completed_on=datetime.date(2024, 6, 1))  # fmt: skip

    steps = process_journey(partnership=partnership)

    assert [s.stage for s in steps] == stages()
    assert [s.status for s in steps[:2]] == ["not_started", "completed"]
    assert StageProgress.objects.count() == 1


def test_open_creates_the_row_once(partnership):
    stage = stages()[0]

    first = services.stage_progress_open(partnership=partnership, stage=stage)
    again = services.stage_progress_open(partnership=partnership, stage=stage)

    assert first.pk == again.pk and first.status == "not_started"


def test_open_refuses_a_stage_no_longer_in_use(partnership):
    stage = ProcessStage.objects.create(key="retired", name="Retired", is_active=False)

    with pytest.raises(ApplicationError):
        services.stage_progress_open(partnership=partnership, stage=stage)

    assert StageProgress.objects.count() == 0


@pytest.mark.parametrize(
    "status, started, completed, field",
    [
        ("completed", datetime.date(2024, 1, 1), None, "completed_on"),
        ("completed", datetime.date(2024, 5, 1), datetime.date(2024, 1, 1), "completed_on"),
        ("not_started", datetime.date(2024, 1, 1), None, "status"),
        ("in_progress", datetime.date(2024, 1, 1), datetime.date(2024, 2, 1), "completed_on"),
    ],
)
def test_progress_update_refuses_inconsistent_dates(partnership, status, started, completed, field):
    progress = StageProgressFactory(partnership=partnership, status="in_progress", notes="kept")

    with pytest.raises(ApplicationError) as error:
        services.stage_progress_update(
            progress=progress, status=status, started_on=started, completed_on=completed, notes="x"
        )

    progress.refresh_from_db()
    assert error.value.field == field
    assert (progress.status, progress.notes) == ("in_progress", "kept")


def test_evidence_needs_a_link_or_an_accepted_file(partnership):
    progress = StageProgressFactory(partnership=partnership)

    link = services.stage_evidence_add(
        progress=progress, title="Vision", url="https://example.org/v"
    )
    with pytest.raises(ApplicationError):
        services.stage_evidence_add(progress=progress, title="Nothing")
    with pytest.raises(ApplicationError):
        services.stage_evidence_add(
            progress=progress, title="Script",
            file=SimpleUploadedFile("x.html", b"<script>", content_type="text/html"),
        )  # fmt: skip

    assert list(StageEvidence.objects.values_list("title", flat=True)) == ["Vision"]
    assert link.partnership_id == partnership.pk


def test_process_page_renders_for_a_viewer_without_creating_rows(client, member_factory):
    member = member_factory(Role.VIEWER)
    client.force_login(member.user)

    response = client.get(reverse("partnerships:process", args=[member.partnership.slug]))

    assert response.status_code == 200
    assert response.content.decode().count("Not started") >= len(stages())
    assert b"Update" not in response.content
    assert StageProgress.objects.count() == 0


def test_process_page_query_count_is_constant(client, member_factory):
    member = member_factory(Role.EDITOR)
    p = member.partnership
    client.force_login(member.user)
    remaining = iter(stages())

    def grow():
        progress = StageProgressFactory(partnership=p, stage=next(remaining))
        StageEvidenceFactory(progress=progress, partnership=p)
        StageEvidenceFactory(progress=progress, partnership=p, file="", url="https://example.org")

    grow()
    url = reverse("partnerships:process", args=[p.slug])
    client.get(url)  # warm the content-type cache
    assert_constant_queries(lambda: client.get(url), grow)


def test_editor_opens_a_stage_and_updates_it(client, member_factory):
    member = member_factory(Role.EDITOR)
    p = member.partnership
    stage = stages()[0]
    client.force_login(member.user)

    opened = client.post(
        reverse("partnerships:process-stage-open", args=[p.slug]), {"stage": stage.key}
    )
    progress = StageProgress.objects.get()
    saved = client.post(
        reverse("partnerships:process-edit", args=[p.slug, progress.uuid]),
        {
            "status": "completed",
            "started_on": "2024-01-01",
            "completed_on": "2024-03-01",
            "notes": "Workshops held",
        },
    )
    invalid = client.post(
        reverse("partnerships:process-edit", args=[p.slug, progress.uuid]),
        {"status": "completed", "started_on": "2024-04-01", "completed_on": "2024-03-01"},
    )

    progress.refresh_from_db()
    assert opened.status_code == 302
    assert opened["Location"] == reverse("partnerships:process-edit", args=[p.slug, progress.uuid])
    assert saved.status_code == 302
    assert (progress.status, progress.completed_on) == ("completed", datetime.date(2024, 3, 1))
    assert invalid.status_code == 400 and "completed_on" in invalid.context["form"].errors


def test_evidence_form_errors_are_shown(client, member_factory):
    member = member_factory(Role.LEADER)
    progress = StageProgressFactory(partnership=member.partnership)
    client.force_login(member.user)

    response = client.post(
        reverse("partnerships:process-evidence-add", args=[member.partnership.slug, progress.uuid]),
        {"title": "Report"},
    )

    assert response.status_code == 400
    assert response.context["evidence_form"].errors["url"] == ["Add a link or a file."]
    assert StageEvidence.objects.count() == 0


def test_journey_partial_renders_steps_with_status(partnership):
    StageProgressFactory(partnership=partnership, stage=stages()[0], status="completed",
                         completed_on=datetime.date(2024, 1, 1))  # fmt: skip

    html = render_to_string(
        "partnerships/process/partials/journey.html",
        {
            "steps": process_journey(partnership=partnership, with_evidence=False),
            "partnership": partnership,
            "link_stages": True,
        },
    )

    assert html.count("<li") == len(stages())
    assert "Completed" in html and f"/p/{partnership.slug}/process/#stage-" in html


# --- API --------------------------------------------------------------------------------


def test_api_starts_tracking_a_stage_once_and_updates_it(client, member_factory):
    member = member_factory(Role.EDITOR)
    p = member.partnership
    stage = stages()[0]
    client.force_login(member.user)
    list_url = reverse("api-v1:process-progress-list", args=[p.slug])

    created = client.post(list_url, {"stage": stage.key, "status": "in_progress",
                                     "started_on": "2024-02-01"}, content_type="application/json")  # fmt: skip
    twice = client.post(list_url, {"stage": stage.key}, content_type="application/json")
    progress = StageProgress.objects.get()
    detail = reverse("api-v1:process-progress-detail", args=[p.slug, progress.uuid])
    patched = client.patch(detail, {"status": "completed", "completed_on": "2024-09-01"},
                           content_type="application/json")  # fmt: skip
    bad = client.patch(detail, {"completed_on": "2023-01-01"}, content_type="application/json")
    listed = client.get(list_url)

    assert created.status_code == 201 and created.json()["stage"] == stage.key
    assert twice.status_code == 400 and list(twice.json()["error"]["fields"]) == ["stage"]
    assert patched.status_code == 200 and patched.json()["status"] == "completed"
    assert bad.status_code == 400 and list(bad.json()["error"]["fields"]) == ["completed_on"]
    assert [row["uuid"] for row in listed.json()["results"]] == [str(progress.uuid)]
    assert client.delete(detail).status_code == 405


def test_api_progress_list_query_count_is_constant(client, member_factory):
    member = member_factory(Role.VIEWER)
    p = member.partnership
    client.force_login(member.user)
    remaining = iter(stages())

    def grow():
        progress = StageProgressFactory(partnership=p, stage=next(remaining))
        StageEvidenceFactory(progress=progress, partnership=p)

    grow()
    url = reverse("api-v1:process-progress-list", args=[p.slug])
    client.get(url)  # warm the content-type cache
    assert_constant_queries(lambda: client.get(url), grow)


@pytest.mark.parametrize(
    "language, name, description",
    [
        ("en", "Convene the partnership", "stakeholders together and agree how to work"),
        ("es", "Convocar la alianza", "Reunir a los actores del paisaje"),
        ("fr", "Réunir le partenariat", "Rassembler les acteurs du paysage"),
        ("pt", "Reunir a parceria", "Reunir os atores da paisagem"),
    ],
)
def test_process_page_names_the_stages_in_the_readers_language(
    client, member_factory, language, name, description
):
    member = member_factory(Role.VIEWER)
    member.user.preferred_language = language
    member.user.save(update_fields=["preferred_language"])
    client.force_login(member.user)

    response = client.get(reverse("partnerships:process", args=[member.partnership.slug]))

    assert name in response.text
    assert description in response.text


def test_a_stage_without_a_translation_shows_its_english_name(client, member_factory):
    ProcessStage.objects.create(key="celebrate", name="Celebrate together", order=9)
    member = member_factory(Role.VIEWER)
    member.user.preferred_language = "es"
    member.user.save(update_fields=["preferred_language"])
    client.force_login(member.user)

    response = client.get(reverse("partnerships:process", args=[member.partnership.slug]))

    assert "Convocar la alianza" in response.text
    assert "Celebrate together" in response.text
