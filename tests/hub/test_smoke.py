import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_home_page_is_public(client):
    response = client.get(reverse("hub:home"))
    assert response.status_code == 200


def test_dashboard_requires_login(client):
    response = client.get(reverse("hub:dashboard"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
