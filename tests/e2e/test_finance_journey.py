"""A finance officer builds a portfolio with funding (through the portfolio pages),
shares it with a funder; a funder reviewer asks a question, scores and expresses
interest; the partnership is notified at each step and responds; revoking the share
removes the funder's access at once."""

import re

import pytest

from finance.models import FundingSource, Investment, InvestmentReview, ReviewStatus
from finance.services.review import funder_staff_add
from hub.models import Notification
from hub.notifications import kinds
from partnerships.roles import Role
from tests.e2e.test_partnership_journey import sign_in
from tests.finance.factories import ReviewCriterionFactory
from tests.hub.factories import OrganizationFactory, UserFactory
from tests.landscapes.factories import LandscapeFactory
from tests.partnerships.factories import MembershipFactory, PartnershipFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_officer_shares_funder_reviews_partnership_responds_and_revokes(page):
    partnership = PartnershipFactory(name="Mau Forest Partnership")
    LandscapeFactory(partnership=partnership, name="Mau Forest")
    officer = MembershipFactory(partnership=partnership, role=Role.FINANCE_OFFICER).user
    OrganizationFactory(name="Nakuru County Government", type="government")
    fund = OrganizationFactory(name="Green Ventures Fund", type="donor")
    reviewer = UserFactory(email="reviewer@greenventures.example")
    funder_staff_add(organization=fund, user=reviewer)
    ReviewCriterionFactory(name="Restoration impact", position=1)
    base = f"/p/{partnership.slug}/finance/"

    # the finance officer builds the portfolio: an investment and its funding
    sign_in(page, officer.email)
    page.goto(base + "investments/new/")
    page.fill("[name=name]", "River agroforestry")
    page.fill("[name=summary]", "Trees on 400 smallholder farms along the Njoro river.")
    page.select_option("[name=kind]", "asset")
    page.select_option("[name=sector]", "restoration")
    page.select_option("[name=stage]", "ready")
    page.fill("[name=total_cost]", "500000")
    page.select_option("[name=currency]", "USD")
    page.fill("[name=start_date]", "2026-01-01")
    page.fill("[name=end_date]", "2029-12-31")
    page.get_by_role("button", name="Save the investment").click()
    page.wait_for_url(re.compile(r".*/finance/investments/[0-9a-f-]{36}/$"))
    investment = Investment.objects.get(name="River agroforestry")
    page.goto(base + f"investments/{investment.uuid}/funding/new/")
    page.select_option("[name=funder]", label="Nakuru County Government")
    page.select_option("[name=source_type]", "public")
    page.select_option("[name=instrument]", "grant")
    page.fill("[name=amount]", "150000")
    page.select_option("[name=currency]", "USD")
    page.select_option("[name=status]", "committed")
    page.fill("[name=committed_on]", "2026-02-01")
    page.get_by_role("button", name="Save").click()
    page.wait_for_url(re.compile(rf".*/finance/investments/{investment.uuid}/$"))
    assert FundingSource.objects.filter(investment=investment, amount=150000).exists()

    # ... and shares the whole portfolio with the fund
    page.goto(base + "shares/")
    page.get_by_role("link", name="Share with a funder").click()
    page.select_option("[name=funder]", label="Green Ventures Fund")
    page.fill("[name=message]", "Our pipeline for 2026.")
    page.get_by_role("button", name="Share", exact=True).click()
    page.wait_for_url(f"**{base}shares/")
    page.get_by_text("Shared. The funder's reviewers were notified.").wait_for()

    # the funder reviewer sees it with its funding gap, asks a question and scores
    sign_in(page, reviewer.email)
    page.goto("/funders/")
    row = page.locator("tr", has_text="River agroforestry")
    assert "350,000 USD" in row.inner_text()
    row.get_by_role("link", name="River agroforestry").click()
    page.get_by_role("button", name="Start review").click()
    page.get_by_text("Review started").wait_for()
    page.get_by_label("Ask the partnership a question").fill("Who holds the land titles?")
    page.get_by_role("button", name="Ask").click()
    page.get_by_text("Question sent").wait_for()
    page.get_by_label("Score for Restoration impact (1–5)").select_option("4")
    page.get_by_role("button", name="Save scores").click()
    page.get_by_text("Scores saved").wait_for()
    review = InvestmentReview.objects.get(investment=investment, funder=fund)
    assert review.status == ReviewStatus.INFORMATION_REQUESTED

    # the partnership is notified and answers
    sign_in(page, officer.email)
    assert Notification.objects.filter(
        recipient=officer, kind=kinds.FUNDER_REVIEW, title__contains="asks about"
    ).exists()
    page.goto(base + "shares/")
    page.get_by_role("link", name=re.compile("River agroforestry · Green Ventures Fund")).click()
    page.get_by_text("Who holds the land titles?").wait_for()
    page.get_by_label("Answer the funder's question").fill("The farmers, with title deeds.")
    page.get_by_role("button", name="Send").click()
    page.get_by_text("Answer sent").wait_for()
    review.refresh_from_db()
    assert review.status == ReviewStatus.UNDER_REVIEW

    # the funder expresses interest
    sign_in(page, reviewer.email)
    page.goto(f"/funders/investments/{investment.uuid}/")
    page.get_by_text("The farmers, with title deeds.").wait_for()
    page.get_by_label("Express interest").check()
    page.get_by_label("Message to the partnership").fill("We would like to co-finance.")
    page.get_by_role("button", name="Send decision").click()
    page.get_by_text("Interest expressed; the partnership was notified.").wait_for()

    # the partnership is notified and responds
    sign_in(page, officer.email)
    note = Notification.objects.get(recipient=officer, title__contains="is interested")
    assert note.url.endswith(f"/finance/shares/reviews/{review.uuid}/")
    page.goto(note.url)
    page.get_by_text("We would like to co-finance.").wait_for()
    page.get_by_label("Reply to the funder").fill("Wonderful, let us meet next week.")
    page.get_by_role("button", name="Send").click()
    page.get_by_text("Answer sent").wait_for()
    review.refresh_from_db()
    assert review.status == ReviewStatus.INTEREST_EXPRESSED
    assert Notification.objects.filter(recipient=reviewer, title__contains="answered").count() == 2

    # revoking removes the funder's access at once
    page.goto(base + "shares/")
    page.get_by_role("link", name="Revoke").click()
    page.get_by_role("button", name="Revoke").click()
    page.get_by_text("they no longer see it").wait_for()
    sign_in(page, reviewer.email)
    response = page.goto(f"/funders/investments/{investment.uuid}/")
    assert response.status == 404
    page.goto("/funders/")
    assert page.locator("tr", has_text="River agroforestry").count() == 0
