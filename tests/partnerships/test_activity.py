"""The activity feeds: a partnership's activity page (/p/<slug>/activity/) and the hub
staff feed across partnerships (/activity/)."""

import datetime

import pghistory
import pytest
from django.urls import reverse
from django.utils import timezone

from partnerships import selectors
from partnerships.models import Meeting, Partnership
from partnerships.roles import Role
from partnerships.selectors import ActivityArea, partnership_activity
from partnerships.views import activity as activity_views
from tests.finance.factories import InvestmentFactory
from tests.hub.factories import StaffUserFactory, UserFactory
from tests.mel.factories import FrameworkFactory
from tests.partnerships.activity_time import set_event_time
from tests.partnerships.factories import MembershipFactory, PartnershipFactory
from tests.partnerships.factories_governance import MeetingFactory
from tests.queries import assert_constant_queries

pytestmark = pytest.mark.django_db


def activity_url(partnership: Partnership) -> str:
    return reverse("partnerships:activity", args=[partnership.slug])


def subjects(entries) -> list[str]:
    return [e.subject for e in entries]


# --- the partnership activity page ------------------------------------------------------


@pytest.mark.parametrize("role", [r.value for r in Role])
def test_every_member_role_opens_the_activity_page(client, partnership, role):
    member = MembershipFactory(partnership=partnership, role=role).user
    MeetingFactory(partnership=partnership, title="Annual assembly")
    client.force_login(member)

    response = client.get(activity_url(partnership))

    assert response.status_code == 200
    assert "Annual assembly" in response.content.decode()


def test_hub_staff_open_the_activity_page(client, partnership):
    MeetingFactory(partnership=partnership, title="Annual assembly")
    client.force_login(StaffUserFactory())

    response = client.get(activity_url(partnership))

    assert response.status_code == 200
    assert "Annual assembly" in response.content.decode()


def test_anonymous_is_sent_to_sign_in(client, partnership):
    response = client.get(activity_url(partnership))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_outsiders_and_other_partnerships_members_are_refused(client, partnership):
    other_member = MembershipFactory(partnership=PartnershipFactory(), role=Role.LEADER).user

    client.force_login(UserFactory())
    outsider = client.get(activity_url(partnership))
    client.force_login(other_member)
    other = client.get(activity_url(partnership))

    assert (outsider.status_code, other.status_code) == (403, 403)


def test_a_private_partnership_is_404_for_another_partnerships_member(client):
    private = PartnershipFactory(visibility=Partnership.Visibility.PRIVATE)
    MeetingFactory(partnership=private, title="Closed session")
    client.force_login(MembershipFactory(role=Role.LEADER).user)

    response = client.get(activity_url(private))

    assert response.status_code == 404
    assert b"Closed session" not in response.content


def test_the_page_never_shows_another_partnerships_changes(client, partnership):
    viewer = MembershipFactory(partnership=partnership, role=Role.VIEWER).user
    MeetingFactory(partnership=partnership, title="Our meeting")
    MeetingFactory(partnership=PartnershipFactory(), title="Their meeting")
    client.force_login(viewer)

    response = client.get(activity_url(partnership))

    assert "Our meeting" in subjects(response.context["activity"])
    assert "Their meeting" not in response.content.decode()


def test_the_workspace_links_to_all_activity(client, partnership):
    client.force_login(MembershipFactory(partnership=partnership, role=Role.VIEWER).user)

    response = client.get(reverse("partnerships:workspace", args=[partnership.slug]))

    assert f'href="{activity_url(partnership)}"' in response.content.decode()


def test_older_pages_continue_without_gaps_or_repeats(client, partnership, monkeypatch):
    # given more named changes than three pages of 8 (all in one transaction, so they
    # share a time and the cursor must order them by table and event id)
    monkeypatch.setattr(activity_views, "PAGE_SIZE", 8)
    leader = MembershipFactory(partnership=partnership, role=Role.LEADER).user
    for n in range(20):
        MeetingFactory(partnership=partnership, title=f"Meeting {n:02d}", body=None)
    everything = partnership_activity(partnership=partnership, limit=1000)
    client.force_login(leader)

    # when the leader follows "Older activity" to the end
    pages, url = [], activity_url(partnership)
    while url and len(pages) < 20:
        response = client.get(url)
        pages.append(response.context["activity"])
        cursor = response.context["next_cursor"]
        url = f"{activity_url(partnership)}?before={cursor}" if cursor else None

    # then the pages hold every change once, in the order of the whole feed
    assert [len(page) for page in pages[:-1]] == [8] * (len(pages) - 1)
    seen = [(e.model_label, e.subject) for page in pages for e in page]
    assert seen == [(e.model_label, e.subject) for e in everything]
    assert {f"Meeting {n:02d}" for n in range(20)} <= {subject for _label, subject in seen}
    assert "Older activity" not in response.content.decode()


def test_older_pages_keep_the_filters(client, partnership, monkeypatch):
    monkeypatch.setattr(activity_views, "PAGE_SIZE", 2)
    for n in range(3):
        MeetingFactory(partnership=partnership, title=f"Meeting {n}", body=None)
    client.force_login(MembershipFactory(partnership=partnership, role=Role.LEADER).user)

    first = client.get(activity_url(partnership), {"area": "governance"})
    second = client.get(
        activity_url(partnership),
        {"area": "governance", "before": str(first.context["next_cursor"])},
    )

    assert 'href="?area=governance&amp;before=' in first.content.decode()
    assert sorted(subjects(first.context["activity"]) + subjects(second.context["activity"])) == [
        "Meeting 0",
        "Meeting 1",
        "Meeting 2",
    ]
    assert second.context["next_cursor"] is None


def test_a_broken_cursor_shows_the_newest_page(client, partnership):
    MeetingFactory(partnership=partnership, title="Annual assembly")
    client.force_login(MembershipFactory(partnership=partnership, role=Role.VIEWER).user)

    response = client.get(activity_url(partnership), {"before": "yesterday~x~y"})

    assert response.status_code == 200
    assert "Annual assembly" in subjects(response.context["activity"])


def test_the_area_filter_keeps_that_area(client, partnership):
    MeetingFactory(partnership=partnership, title="Annual assembly")
    FrameworkFactory(partnership=partnership, name="Results framework 2030")
    client.force_login(MembershipFactory(partnership=partnership, role=Role.VIEWER).user)

    governance = client.get(activity_url(partnership), {"area": "governance"})
    mel = client.get(activity_url(partnership), {"area": "mel"})

    assert {e.area for e in governance.context["activity"]} == {ActivityArea.GOVERNANCE}
    assert "Annual assembly" in subjects(governance.context["activity"])
    assert {e.area for e in mel.context["activity"]} == {ActivityArea.MEL}
    assert "Results framework 2030" in subjects(mel.context["activity"])


def test_the_period_filter_leaves_out_older_changes(client, partnership):
    MeetingFactory(partnership=partnership, title="Old meeting")
    MeetingFactory(partnership=partnership, title="New meeting")
    set_event_time(Meeting, timezone.now() - datetime.timedelta(days=60), title="Old meeting")
    client.force_login(MembershipFactory(partnership=partnership, role=Role.VIEWER).user)

    month = client.get(activity_url(partnership), {"period": "30"})
    quarter = client.get(activity_url(partnership), {"period": "90"})

    assert "New meeting" in subjects(month.context["activity"])
    assert "Old meeting" not in subjects(month.context["activity"])
    assert {"New meeting", "Old meeting"} <= set(subjects(quarter.context["activity"]))


def test_finance_changes_stay_with_people_who_may_see_finance(client, partnership):
    # given an investment: every role sees the portfolio, hub staff do not
    InvestmentFactory(portfolio__partnership=partnership, name="Coffee agroforestry")
    viewer = MembershipFactory(partnership=partnership, role=Role.VIEWER).user

    client.force_login(viewer)
    as_viewer = client.get(activity_url(partnership))
    client.force_login(StaffUserFactory())
    as_staff = client.get(activity_url(partnership))
    asked = client.get(activity_url(partnership), {"area": "finance"})

    assert "Coffee agroforestry" in subjects(as_viewer.context["activity"])
    assert "Coffee agroforestry" not in as_staff.content.decode()
    assert ActivityArea.FINANCE not in {e.area for e in as_staff.context["activity"]}
    assert "Coffee agroforestry" not in asked.content.decode()


def test_activity_page_query_count_is_constant(client, partnership):
    leader = MembershipFactory(partnership=partnership, role=Role.LEADER).user
    client.force_login(leader)
    with pghistory.context(user=leader.pk):
        MeetingFactory.create_batch(3, partnership=partnership)

    def grow():
        with pghistory.context(user=MembershipFactory(partnership=partnership).user.pk):
            MeetingFactory.create_batch(6, partnership=partnership)
            FrameworkFactory.create_batch(3, partnership=partnership)

    assert_constant_queries(lambda: client.get(activity_url(partnership)), grow, max_queries=8)


def test_the_selector_groups_and_pages_across_partnerships(partnership, other_partnership):
    MeetingFactory(partnership=partnership, title="Here")
    MeetingFactory(partnership=other_partnership, title="There")

    feed = partnership_activity(
        partnerships=Partnership.objects.filter(pk__in=[partnership.pk, other_partnership.pk]),
        areas=[ActivityArea.GOVERNANCE],
        limit=50,
    )

    meetings = {e.subject: e.partnership for e in feed if e.model_label == "partnerships.Meeting"}
    assert meetings == {"Here": partnership, "There": other_partnership}
    with pytest.raises(ValueError):
        partnership_activity(limit=5)


# --- the hub feed -----------------------------------------------------------------------

HUB_URL = "/activity/"


def test_the_hub_feed_is_for_hub_staff_only(client, partnership):
    leader = MembershipFactory(partnership=partnership, role=Role.LEADER).user

    anonymous = client.get(HUB_URL)
    client.force_login(leader)
    member = client.get(HUB_URL)
    client.force_login(StaffUserFactory())
    staff = client.get(HUB_URL)

    assert reverse("activity:hub") == HUB_URL
    assert (anonymous.status_code, member.status_code, staff.status_code) == (404, 404, 200)


def test_the_hub_feed_names_and_links_each_partnership(client):
    elgon = PartnershipFactory(name="Mount Elgon Partnership")
    mayo = PartnershipFactory(
        name="Alianza Alto Mayo", countries=["PE"], visibility=Partnership.Visibility.PRIVATE
    )
    MeetingFactory(partnership=elgon, title="Elgon assembly")
    MeetingFactory(partnership=mayo, title="Mayo assembly")
    client.force_login(StaffUserFactory())

    response = client.get(HUB_URL)

    html = response.content.decode()
    assert "Elgon assembly" in html and "Mayo assembly" in html
    assert f'href="{reverse("partnerships:workspace", args=[mayo.slug])}"' in html
    by_subject = {e.subject: e.partnership for e in response.context["activity"]}
    assert by_subject["Elgon assembly"] == elgon
    assert by_subject["Mayo assembly"] == mayo


def test_the_hub_feed_filters_by_partnership_country_and_area(client):
    elgon = PartnershipFactory(countries=["KE", "UG"])
    mayo = PartnershipFactory(countries=["PE"])
    MeetingFactory(partnership=elgon, title="Elgon assembly")
    MeetingFactory(partnership=mayo, title="Mayo assembly")
    FrameworkFactory(partnership=mayo, name="Mayo framework")
    client.force_login(StaffUserFactory())

    by_partnership = client.get(HUB_URL, {"partnership": elgon.slug})
    by_country = client.get(HUB_URL, {"country": "PE"})
    by_area = client.get(HUB_URL, {"country": "PE", "area": "mel"})

    assert {e.partnership for e in by_partnership.context["activity"]} == {elgon}
    assert {e.partnership for e in by_country.context["activity"]} == {mayo}
    assert "Mayo assembly" in subjects(by_country.context["activity"])
    assert subjects(by_area.context["activity"]) == ["Mayo framework"]


def test_the_hub_feed_query_count_is_constant(client):
    staff = StaffUserFactory()
    client.force_login(staff)
    with pghistory.context(user=staff.pk):
        MeetingFactory(partnership=PartnershipFactory())

    def grow():
        for _n in range(3):
            p = PartnershipFactory()
            with pghistory.context(user=MembershipFactory(partnership=p).user.pk):
                MeetingFactory.create_batch(2, partnership=p)

    assert_constant_queries(lambda: client.get(HUB_URL), grow, max_queries=8)


def test_the_navbar_links_staff_to_the_hub_feed(client, partnership):
    client.force_login(MembershipFactory(partnership=partnership).user)
    member_home = client.get(reverse("hub:home")).content.decode()
    client.force_login(StaffUserFactory())
    staff_home = client.get(reverse("hub:home")).content.decode()

    assert f'href="{HUB_URL}"' in staff_home
    assert f'href="{HUB_URL}"' not in member_home


def test_areas_come_from_the_app_of_the_model():
    from finance.models import Investment
    from mel.models import Framework
    from partnerships.models import Membership

    assert selectors.activity_area(Meeting) == ActivityArea.GOVERNANCE
    assert selectors.activity_area(Membership) == ActivityArea.MEMBERS
    assert selectors.activity_area(Framework) == ActivityArea.MEL
    assert selectors.activity_area(Investment) == ActivityArea.FINANCE
