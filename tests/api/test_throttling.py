import pytest
from django.core.cache import cache

from tests.api.helpers import api_url, assert_error
from tests.partnerships.factories_api import ApiKeyFactory, key_header

pytestmark = pytest.mark.django_db


@pytest.fixture
def three_per_minute(settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"api": "3/minute"},
    }
    cache.clear()
    yield
    cache.clear()


def test_each_key_has_its_own_allowance(client, three_per_minute):
    first, second = ApiKeyFactory(), ApiKeyFactory()
    url = api_url("user-me")

    answers = [client.get(url, **key_header(first)).status_code for _ in range(3)]
    throttled = client.get(url, **key_header(first))
    other_key = client.get(url, **key_header(second))

    assert answers == [200, 200, 200]
    error = assert_error(throttled, 429, "throttled")
    assert error["message"].startswith("Request was throttled. Expected available in ")
    assert 0 < int(throttled["Retry-After"]) <= 60
    assert other_key.status_code == 200


def test_a_key_and_its_creators_session_are_counted_apart(client, three_per_minute):
    key = ApiKeyFactory()
    url = api_url("user-me")
    for _ in range(3):
        client.get(url, **key_header(key))
    client.force_login(key.created_by)

    by_session = client.get(url)

    assert by_session.status_code == 200
    assert client.get(url, **key_header(key)).status_code == 429
