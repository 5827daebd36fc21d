import csv
import datetime
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from hub.jobs import services
from hub.jobs.runner import JobError, JobResult, job_task
from hub.jobs.tasks import demo_export_task
from hub.models import Job, Notification
from hub.notifications import kinds
from tests.hub.factories import UserFactory
from tests.queries import assert_constant_queries

DEMO = "hub.jobs.tasks.demo_export_task"


@job_task()
def refusing_task(job):
    raise JobError("The file has no header row. Add one and upload it again.")


@job_task()
def crashing_task(job):
    raise RuntimeError("password=hunter2 at db.internal")


@job_task()
def progress_task(job):
    services.job_progress(job=job, percent=140, message="Almost")
    return JobResult(filename="out.txt", content="ok")


@job_task()
def translating_task(job):
    return JobResult(filename="t.txt", content=gettext("This field is required."))


def make_job(owner, task=DEMO, **fields) -> Job:
    defaults = {"kind": "export", "title": "Export", "task_name": task, "attempts": 1}
    return Job.objects.create(owner=owner, **{**defaults, **fields})


def read_csv(job: Job) -> list[list[str]]:
    with job.result_file.open("rb") as handle:
        return list(csv.reader(io.StringIO(handle.read().decode())))


def login(client, user):
    client.force_login(user)


# --- services and the task wrapper ----------------------------------------------------


@pytest.mark.django_db
def test_job_create_saves_pending_row_and_enqueues_only_after_commit(
    user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        job = services.job_create(owner=user, kind="export", title="Export", task_name=DEMO)

    job.refresh_from_db()
    assert (job.status, job.progress, job.attempts, job.params) == (Job.Status.PENDING, 0, 1, {})
    assert len(callbacks) == 1


@pytest.mark.django_db
def test_job_create_runs_the_named_task_on_commit(
    user, celery_eager, django_capture_on_commit_callbacks
):
    Notification.objects.create(recipient=user, kind="system", title="Welcome", body="Hi")

    with django_capture_on_commit_callbacks(execute=True):
        job = services.job_create(owner=user, kind="export", title="Export", task_name=DEMO)

    job.refresh_from_db()
    assert job.status == Job.Status.SUCCEEDED
    assert job.progress == 100
    assert job.result_file.name.startswith(f"jobs/{timezone.now():%Y/%m}/{job.uuid}/")
    rows = read_csv(job)
    assert rows[0] == ["Date", "Kind", "Title", "Message", "Link", "Read"]
    assert [r[1:] for r in rows[1:]] == [["system", "Welcome", "Hi", "", "no"]]


@pytest.mark.django_db
def test_demo_export_neutralises_spreadsheet_formulas(user):
    Notification.objects.create(recipient=user, kind="system", title="=HYPERLINK(1)")
    job = make_job(user)

    demo_export_task.apply(args=[job.pk])

    job.refresh_from_db()
    assert read_csv(job)[1][2] == "'=HYPERLINK(1)"


@pytest.mark.django_db
def test_finished_job_notifies_the_owner(user):
    job = make_job(user, title="Annual report")

    demo_export_task.apply(args=[job.pk])

    notification = Notification.objects.get(recipient=user)
    assert notification.kind == kinds.JOB_FINISHED
    assert notification.title == "“Annual report” is ready"
    assert notification.url == reverse("jobs:detail", args=[job.uuid])


@pytest.mark.django_db
def test_succeeded_job_is_not_run_again(user):
    job = make_job(user)
    demo_export_task.apply(args=[job.pk])
    job.refresh_from_db()
    first = (job.result_file.name, job.finished_at, job.started_at)

    demo_export_task.apply(args=[job.pk])

    job.refresh_from_db()
    assert (job.result_file.name, job.finished_at, job.started_at) == first
    assert Notification.objects.filter(recipient=user).count() == 1


@pytest.mark.django_db
def test_job_error_is_shown_to_the_owner(user):
    job = make_job(user, task="tests.hub.test_jobs.refusing_task")

    refusing_task.apply(args=[job.pk])

    job.refresh_from_db()
    assert job.status == Job.Status.FAILED
    assert job.error == "The file has no header row. Add one and upload it again."
    assert job.finished_at is not None
    notification = Notification.objects.get(recipient=user)
    assert notification.body == job.error


@pytest.mark.django_db
def test_unexpected_error_shows_a_generic_message_not_internals(user):
    job = make_job(user, task="tests.hub.test_jobs.crashing_task")

    crashing_task.apply(args=[job.pk])

    job.refresh_from_db()
    assert job.status == Job.Status.FAILED
    assert job.error.startswith("Something went wrong on our side.")
    assert "hunter2" not in job.error


@pytest.mark.django_db
def test_job_task_runs_in_the_owner_language(user):
    # Our own catalogues have no Spanish yet; Django's own strings do, so a task
    # that translates one of them shows which language was active.
    spanish = UserFactory(preferred_language="es")
    job = make_job(spanish, task="tests.hub.test_jobs.translating_task")

    translating_task.apply(args=[job.pk])

    job.refresh_from_db()
    with job.result_file.open("rb") as handle:
        assert handle.read().decode() == "Este campo es requerido."


@pytest.mark.django_db
def test_job_progress_is_clamped_and_saved(user):
    job = make_job(user, task="tests.hub.test_jobs.progress_task")
    job.status = Job.Status.RUNNING
    job.save()

    services.job_progress(job=job, percent=140, message="Almost")
    stored = Job.objects.get(pk=job.pk)

    assert (stored.progress, stored.progress_message) == (100, "Almost")


@pytest.mark.django_db
def test_job_progress_does_not_touch_a_finished_job(user):
    job = make_job(user, status=Job.Status.SUCCEEDED, progress=100)

    services.job_progress(job=job, percent=10, message="late")

    assert Job.objects.get(pk=job.pk).progress_message == ""


@pytest.mark.django_db
def test_job_retry_resets_and_requeues_a_failed_job(user, django_capture_on_commit_callbacks):
    job = make_job(user, status=Job.Status.FAILED, error="Boom", progress=40,
                   finished_at=timezone.now())  # fmt: skip

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.job_retry(job=job, actor=user)

    job.refresh_from_db()
    assert (job.status, job.error, job.progress, job.attempts, job.finished_at) == (
        Job.Status.PENDING, "", 0, 2, None,
    )  # fmt: skip
    assert len(callbacks) == 1


@pytest.mark.django_db
def test_job_retry_refuses_other_people_and_unfailed_jobs(user):
    other = UserFactory()
    failed = make_job(user, status=Job.Status.FAILED, error="Boom")
    done = make_job(user, status=Job.Status.SUCCEEDED)

    with pytest.raises(PermissionDenied):
        services.job_retry(job=failed, actor=other)
    with pytest.raises(ValidationError):
        services.job_retry(job=done, actor=user)

    assert Job.objects.get(pk=failed.pk).attempts == 1
    assert Job.objects.get(pk=done.pk).status == Job.Status.SUCCEEDED


@pytest.mark.django_db
def test_job_cleanup_deletes_old_finished_jobs_and_their_files(user, settings):
    old = make_job(user)
    demo_export_task.apply(args=[old.pk])
    old.refresh_from_db()
    old_file = old.result_file.name
    long_ago = timezone.now() - datetime.timedelta(days=settings.HUB_JOB_RESULT_RETENTION_DAYS + 1)
    Job.objects.filter(pk=old.pk).update(finished_at=long_ago)
    recent = make_job(user, status=Job.Status.FAILED, finished_at=timezone.now())
    stuck = make_job(user, status=Job.Status.RUNNING)
    Job.objects.filter(pk=stuck.pk).update(created_at=long_ago)

    from hub.tasks import job_cleanup_task

    deleted = job_cleanup_task.apply().get()

    assert deleted == 1
    assert set(Job.objects.values_list("pk", flat=True)) == {recent.pk, stuck.pk}
    assert not default_storage.exists(old_file)


# --- pages ----------------------------------------------------------------------------


@pytest.mark.django_db
def test_job_list_shows_only_my_jobs(client, user):
    mine = make_job(user, title="My export")
    make_job(UserFactory(), title="Someone else's export")
    login(client, user)

    response = client.get(reverse("jobs:list"))

    assert response.status_code == 200
    assert list(response.context["jobs"]) == [mine]
    assert "Someone else" not in response.content.decode()


@pytest.mark.django_db
def test_job_pages_require_sign_in(client, user):
    job = make_job(user)

    for url in (reverse("jobs:list"), reverse("jobs:detail", args=[job.uuid])):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))


@pytest.mark.django_db
def test_job_list_query_count_is_constant(client, user):
    login(client, user)
    make_job(user)

    assert_constant_queries(
        lambda: client.get(reverse("jobs:list")),
        lambda: [make_job(user) for _ in range(5)],
    )


@pytest.mark.django_db
def test_job_detail_polls_while_unfinished(client, user):
    job = make_job(user)
    login(client, user)

    page = client.get(reverse("jobs:detail", args=[job.uuid]))
    partial = client.get(reverse("jobs:detail", args=[job.uuid]), headers={"HX-Request": "true"})

    assert page.status_code == partial.status_code == 200
    assert "HX-Request" in partial["Vary"]
    assert "<html" in page.content.decode()
    body = partial.content.decode()
    assert "<html" not in body
    assert body.strip().startswith('<section id="job-status"')
    assert 'hx-trigger="every 2s"' in body
    assert 'aria-valuenow="0"' in body


@pytest.mark.django_db
def test_job_detail_stops_polling_and_offers_download_when_done(client, user):
    job = make_job(user)
    demo_export_task.apply(args=[job.pk])
    login(client, user)

    body = client.get(
        reverse("jobs:detail", args=[job.uuid]), headers={"HX-Request": "true"}
    ).content.decode()

    assert "hx-trigger" not in body
    assert reverse("jobs:download", args=[job.uuid]) in body


@pytest.mark.django_db
def test_failed_job_detail_shows_error_and_retry(client, user):
    job = make_job(user, status=Job.Status.FAILED, error="The file has no header row.")
    login(client, user)

    body = client.get(reverse("jobs:detail", args=[job.uuid])).content.decode()

    assert "The file has no header row." in body
    assert reverse("jobs:retry", args=[job.uuid]) in body


@pytest.mark.django_db
def test_another_users_job_is_404_everywhere(client, user):
    job = make_job(UserFactory(), status=Job.Status.FAILED, error="Boom")
    login(client, user)

    assert client.get(reverse("jobs:detail", args=[job.uuid])).status_code == 404
    assert client.get(reverse("jobs:download", args=[job.uuid])).status_code == 404
    assert client.post(reverse("jobs:retry", args=[job.uuid])).status_code == 404
    job.refresh_from_db()
    assert (job.status, job.attempts) == (Job.Status.FAILED, 1)


@pytest.mark.django_db
def test_download_streams_the_result_to_the_owner(client, user):
    Notification.objects.create(recipient=user, kind="system", title="Welcome")
    job = make_job(user)
    demo_export_task.apply(args=[job.pk])
    job.refresh_from_db()
    login(client, user)

    response = client.get(reverse("jobs:download", args=[job.uuid]))

    assert response.status_code == 200
    filename = job.result_file.name.rsplit("/", 1)[1]
    assert filename.startswith("notifications-") and filename.endswith(".csv")
    assert response["Content-Disposition"] == f'attachment; filename="{filename}"'
    content = b"".join(response.streaming_content).decode()
    assert content.splitlines()[0] == "Date,Kind,Title,Message,Link,Read"
    assert ",system,Welcome,,,no" in content


@pytest.mark.django_db
def test_download_of_unfinished_job_is_404(client, user):
    job = make_job(user)
    login(client, user)

    assert client.get(reverse("jobs:download", args=[job.uuid])).status_code == 404


@pytest.mark.django_db
def test_retry_button_requeues_my_failed_job(client, user, django_capture_on_commit_callbacks):
    job = make_job(user, status=Job.Status.FAILED, error="Boom")
    login(client, user)

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post(reverse("jobs:retry", args=[job.uuid]))

    assert response.status_code == 302
    assert response["Location"] == reverse("jobs:detail", args=[job.uuid])
    job.refresh_from_db()
    assert (job.status, job.attempts) == (Job.Status.PENDING, 2)
    assert len(callbacks) == 1


@pytest.mark.django_db
def test_retry_of_a_finished_job_changes_nothing(client, user):
    job = make_job(user, status=Job.Status.SUCCEEDED)
    login(client, user)

    response = client.post(reverse("jobs:retry", args=[job.uuid]), follow=True)

    assert "Only a failed job can be tried again." in response.content.decode()
    job.refresh_from_db()
    assert (job.status, job.attempts) == (Job.Status.SUCCEEDED, 1)


@pytest.mark.django_db
def test_retry_is_post_only(client, user):
    job = make_job(user, status=Job.Status.FAILED)
    login(client, user)

    assert client.get(reverse("jobs:retry", args=[job.uuid])).status_code == 405


@pytest.mark.django_db
def test_demo_export_button_runs_a_job_end_to_end(
    client, user, celery_eager, django_capture_on_commit_callbacks
):
    login(client, user)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("jobs:demo-export"))

    job = Job.objects.get(owner=user)
    assert response["Location"] == reverse("jobs:detail", args=[job.uuid])
    assert (job.title, job.status) == ("Export my notifications as CSV", Job.Status.SUCCEEDED)
