"""Export links: members create a tokenised CSV/JSON address of a dataset they may read;
it answers without a session with what its creator may see now, and 404 once revoked or
once the creator lost access (ADR 0011)."""

import csv
import datetime
import io
import re

import pytest
from django.test import Client
from django.urls import reverse

from partnerships.exports import DATASETS, Dataset, dataset_get
from partnerships.models import ExportLink
from partnerships.roles import PartnershipPerm, Role
from partnerships.services.exportlinks import exportlink_create
from tests.finance.factories import InvestmentFactory
from tests.mel.factories import IndicatorFactory, MeasurementFactory
from tests.queries import assert_constant_queries

pytestmark = pytest.mark.django_db


def page(partnership, name="exportlink-list", *args):
    return reverse(f"partnerships:{name}", args=[partnership.slug, *args])


def download_path(token, fmt):
    return reverse("exports:download", kwargs={"token": token, "fmt": fmt})


def make_link(member, dataset="measurements", fmt="csv"):
    return exportlink_create(partnership=member.partnership, actor=member.user,
                             name="Dashboard", dataset=dataset, format=fmt)  # fmt: skip


def read_csv(response) -> list[dict]:
    text = b"".join(response.streaming_content).decode()
    return list(csv.DictReader(io.StringIO(text)))


@pytest.mark.parametrize(
    ("role", "status"),
    [(None, 404), ("viewer", 200), ("editor", 200), ("mel_officer", 200),
     ("finance_officer", 200), ("leader", 200)],
)  # fmt: skip
def test_page_permissions(client, partnership, member_factory, user, role, status):
    partnership.visibility = "private"
    partnership.save()
    client.force_login(member_factory(role).user if role else user)

    assert client.get(page(partnership)).status_code == status


def test_a_member_creates_a_link_and_sees_its_url_once(client, member_factory):
    member = member_factory(Role.VIEWER)
    client.force_login(member.user)

    response = client.post(page(member.partnership, "exportlink-create"),
                           {"name": "Power BI", "dataset": "measurements", "format": "json"})  # fmt: skip

    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    link = ExportLink.objects.get()
    assert (link.name, link.dataset, link.format, link.created_by) == (
        "Power BI", "measurements", "json", member.user)  # fmt: skip
    url = re.search(r"http://testserver/exports/[^<\s]+\.json", response.content.decode()).group()
    token = url.removeprefix("http://testserver/exports/").removesuffix(".json")
    assert token.startswith(link.token_prefix + ".")
    assert token not in client.get(page(member.partnership)).content.decode()
    assert token.split(".")[1] not in link.token_hash


def test_the_form_offers_only_datasets_the_member_may_read(client, member_factory, monkeypatch):
    secret = Dataset(key="settings", label="Settings", perm=PartnershipPerm.MANAGE_SETTINGS,
                     columns=("x",), rows=lambda partnership: [])  # fmt: skip
    dataset_get("measurements")  # load the registry before adding to it
    monkeypatch.setitem(DATASETS, "settings", secret)
    member = member_factory(Role.VIEWER)
    client.force_login(member.user)

    response = client.get(page(member.partnership, "exportlink-create"))
    refused = client.post(page(member.partnership, "exportlink-create"),
                          {"name": "x", "dataset": "settings", "format": "csv"})  # fmt: skip

    choices = [key for key, _label in response.context["form"].fields["dataset"].choices]
    assert choices == ["measurements", "investments"]
    assert "dataset" in refused.context["form"].errors
    assert ExportLink.objects.count() == 0


def test_an_unknown_dataset_is_a_field_error_and_creates_nothing(client, member_factory):
    member = member_factory(Role.LEADER)
    client.force_login(member.user)

    response = client.post(page(member.partnership, "exportlink-create"),
                           {"name": "x", "dataset": "salaries", "format": "csv"})  # fmt: skip

    assert response.status_code == 200
    assert "dataset" in response.context["form"].errors
    assert ExportLink.objects.count() == 0


def test_the_csv_answers_without_a_session_with_the_partnerships_measurements(member_factory):
    member = member_factory(Role.VIEWER)
    indicator = IndicatorFactory(result__framework__partnership=member.partnership, code="HA-1")
    MeasurementFactory(indicator=indicator, value=12, narrative="=HYPERLINK(1)")
    MeasurementFactory()  # another partnership's
    link, token = make_link(member)

    response = Client().get(download_path(token, "csv"))

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = read_csv(response)
    assert [(r["indicator_code"], r["value"]) for r in rows] == [("HA-1", "12.0000")]
    assert rows[0]["narrative"] == "'=HYPERLINK(1)"  # never run as a formula
    link.refresh_from_db()
    assert link.last_used_at is not None


def test_the_json_answers_the_investments_for_finance_readers(member_factory):
    member = member_factory(Role.FINANCE_OFFICER)
    InvestmentFactory(partnership=member.partnership, name="Terraces")
    InvestmentFactory(name="Elsewhere")
    _link, token = make_link(member, dataset="investments", fmt="json")

    response = Client().get(download_path(token, "json"))

    body = response.json()
    assert body["dataset"] == "investments"
    assert [row["name"] for row in body["rows"]] == ["Terraces"]
    assert body["rows"][0]["total_cost"] == "500000.00"


def test_the_link_follows_the_creators_access_now(member_factory):
    member = member_factory(Role.VIEWER)
    _link, token = make_link(member)
    assert Client().get(download_path(token, "csv")).status_code == 200

    member.delete()  # the creator leaves the partnership

    assert Client().get(download_path(token, "csv")).status_code == 404


@pytest.mark.parametrize("mangle", ["wrong-format", "wrong-secret", "unknown-prefix"])
def test_a_bad_token_is_404(member_factory, mangle):
    _link, token = make_link(member_factory(Role.VIEWER))
    prefix, secret = token.split(".")
    other_last = "y" if secret.endswith("x") else "x"  # a secret may end with "x" itself
    path = {
        "wrong-format": download_path(token, "json"),
        "wrong-secret": download_path(f"{prefix}.{secret[:-1]}{other_last}", "csv"),
        "unknown-prefix": download_path(f"ex_zzzzzzzz.{secret}", "csv"),
    }[mangle]

    assert Client().get(path).status_code == 404


def test_the_creator_revokes_and_the_link_answers_404(client, member_factory):
    member = member_factory(Role.VIEWER)
    link, token = make_link(member)
    client.force_login(member.user)

    response = client.post(page(member.partnership, "exportlink-revoke", link.uuid))

    assert response.status_code == 302
    link.refresh_from_db()
    assert link.revoked_at is not None
    assert Client().get(download_path(token, "csv")).status_code == 404


def test_another_member_cannot_revoke_but_a_leader_can(client, member_factory):
    link, _token = make_link(member_factory(Role.VIEWER))
    client.force_login(member_factory(Role.EDITOR).user)

    client.post(page(link.partnership, "exportlink-revoke", link.uuid))
    link.refresh_from_db()
    assert link.revoked_at is None

    client.force_login(member_factory(Role.LEADER).user)
    client.post(page(link.partnership, "exportlink-revoke", link.uuid))
    link.refresh_from_db()
    assert link.revoked_at is not None


def test_members_list_their_own_links_and_leaders_all(client, member_factory):
    mine, _t = make_link(member_factory(Role.VIEWER))
    viewer = member_factory(Role.VIEWER)
    own, _t = make_link(viewer)
    client.force_login(viewer.user)
    as_viewer = list(client.get(page(viewer.partnership)).context["links"])

    client.force_login(member_factory(Role.LEADER).user)
    as_leader = list(client.get(page(viewer.partnership)).context["links"])

    assert as_viewer == [own]
    assert set(as_leader) == {mine, own}


def test_another_partnerships_link_is_404(client, member_factory, other_partnership):
    link, _token = make_link(member_factory(Role.LEADER, partnership=other_partnership))
    leader = member_factory(Role.LEADER)
    client.force_login(leader.user)

    response = client.post(page(leader.partnership, "exportlink-revoke", link.uuid))

    assert response.status_code == 404
    link.refresh_from_db()
    assert link.revoked_at is None


def test_the_link_is_rate_limited(member_factory, settings):
    settings.EXPORT_LINK_RATE = "2/hour"
    _link, token = make_link(member_factory(Role.VIEWER))
    client = Client()

    statuses = [client.get(download_path(token, "csv")).status_code for _ in range(3)]

    assert statuses == [200, 200, 429]


def test_the_download_uses_a_constant_number_of_queries(member_factory, monkeypatch):
    monkeypatch.setattr("partnerships.services.exportlinks.LAST_USED_EVERY", datetime.timedelta())
    member = member_factory(Role.VIEWER)
    here = {"indicator__result__framework__partnership": member.partnership}
    MeasurementFactory.create_batch(3, **here)
    _link, token = make_link(member, fmt="json")

    def grow():
        MeasurementFactory.create_batch(6, **here)

    def fetch():
        response = Client().get(download_path(token, "json"))
        assert response.status_code == 200

    assert_constant_queries(fetch, grow)


def test_the_list_page_uses_a_constant_number_of_queries(client, member_factory):
    leader = member_factory(Role.LEADER)
    client.force_login(leader.user)

    make_link(member_factory(Role.VIEWER))

    def grow():
        for _ in range(3):
            make_link(member_factory(Role.VIEWER))

    assert_constant_queries(lambda: client.get(page(leader.partnership)), grow)
