from django.db.models import QuerySet

from hub.models import Job, User


def job_list(*, owner: User) -> QuerySet[Job]:
    return Job.objects.filter(owner=owner).order_by("-created_at", "-pk")


def job_get(*, owner: User, uuid) -> Job:
    """The owner's job; another person's job answers DoesNotExist, like a missing one."""
    return job_list(owner=owner).get(uuid=uuid)
