import pytest

from tests.hub.factories import StaffUserFactory, UserFactory
from tests.partnerships.factories import MembershipFactory, PartnershipFactory


@pytest.fixture(autouse=True)
def _isolated_settings(settings, tmp_path):
    """Each test gets its own media and mail folders and an in-memory mailbox."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.CELERY_TASK_ALWAYS_EAGER = False


@pytest.fixture(autouse=True)
def _default_language():
    """Every test starts in the default language: a request in Spanish leaves Spanish
    active in the thread (LocaleMiddleware), which the next test must not inherit."""
    from django.utils import translation

    translation.deactivate()
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _clear_cache():
    from django.core.cache import cache

    cache.clear()
    yield


@pytest.fixture
def user(db):
    return UserFactory()


@pytest.fixture
def staff_user(db):
    return StaffUserFactory()


@pytest.fixture
def partnership(db):
    return PartnershipFactory()


@pytest.fixture
def other_partnership(db):
    return PartnershipFactory()


@pytest.fixture
def member_factory(db, partnership):
    def make(role: str = "viewer", **kwargs):
        return MembershipFactory(
            partnership=kwargs.pop("partnership", partnership), role=role, **kwargs
        )

    return make


from tests.worker import (  # noqa: E402, F401
    celery_eager,
    celery_worker,
    celery_worker_factory,
    smtp_server,
)
