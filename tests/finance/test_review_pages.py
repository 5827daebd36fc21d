"""Funder review pages: the funder's one view and review page (/funders/...), and the
partnership's shares and review pages (/p/<slug>/finance/shares/...)."""

import pytest
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import reverse

from finance.models import (
    InvestmentDocument,
    InvestmentReview,
    PortfolioShare,
    ReviewMessage,
    ReviewScore,
    ReviewStatus,
)
from finance.services import review as services
from hub.models import Notification
from partnerships.roles import Role
from tests.finance.factories import FundingSourceFactory, InvestmentFactory, PortfolioFactory
from tests.finance.review_fixtures import *  # noqa: F403
from tests.hub.factories import OrganizationFactory, StaffUserFactory, UserFactory
from tests.partnerships.factories import MembershipFactory
from tests.queries import assert_constant_queries

pytestmark = pytest.mark.django_db


def client_for(user) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def callers(share, funder_user, make_funder, funder_org, partnership, sharer):
    """Every kind of caller of the funder pages, by name."""
    revoked_org = OrganizationFactory(type="donor")
    revoked = make_funder(revoked_org)
    revoked_share = services.portfolio_share(
        portfolio=share.portfolio, funder=revoked_org, actor=sharer
    )
    services.portfolio_share_revoke(share=revoked_share, actor=sharer)
    return {
        "funder_with_share": funder_user,
        "funder_without_share": make_funder(),
        "revoked_funder": revoked,
        "member": MembershipFactory(partnership=partnership, role=Role.LEADER).user,
        "staff": StaffUserFactory(),
        "outsider": UserFactory(),
        "anonymous": None,
    }


def outcome(response) -> str:
    if response.status_code in (301, 302) and "/accounts/login/" in response["Location"]:
        return "login"
    return str(response.status_code)


# --- the funder's list ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("caller", "expected", "sees_investment"),
    [
        ("funder_with_share", "200", True),
        ("funder_without_share", "200", False),
        ("revoked_funder", "200", False),
        ("member", "403", False),
        ("staff", "403", False),
        ("outsider", "403", False),
        ("anonymous", "login", False),
    ],
)
def test_funder_list_permissions(callers, investment, caller, expected, sees_investment):
    response = client_for(callers[caller]).get(reverse("funders:home"))

    assert outcome(response) == expected
    if expected == "200":
        assert (investment.name in response.content.decode()) is sees_investment


def test_funder_list_groups_by_partnership_with_gap_and_status(
    share, investment, funder_user, partnership
):
    FundingSourceFactory(investment=investment, amount=120000, currency="USD")
    services.review_start(investment=investment, actor=funder_user)

    response = client_for(funder_user).get(reverse("funders:home"))

    [group] = response.context["groups"]
    assert group.partnership == partnership
    [(row, figures)] = group.rows
    assert row == investment
    assert figures.gap == 380000 and figures.currency == "USD"
    assert row.review_status == ReviewStatus.UNDER_REVIEW
    assert "380,000 USD" in response.content.decode()


def test_funder_list_filters(share, investment, second_investment, funder_user):
    services.review_start(investment=investment, actor=funder_user)
    client = client_for(funder_user)

    def names(**params):
        response = client.get(reverse("funders:home"), params)
        return {i.name for g in response.context["groups"] for i, _f in g.rows}

    assert names(status="under_review") == {"River agroforestry"}
    assert names(status="shared") == {"Solar irrigation"}
    assert names(q="solar") == {"Solar irrigation"}
    assert names(stage="idea") == set()
    assert names(status="nonsense") == {"River agroforestry", "Solar irrigation"}


def test_funder_list_queries_do_not_grow_with_shared_portfolios(funder_org, funder_user):
    def share_one_more_portfolio():
        portfolio = PortfolioFactory()
        for _ in range(2):
            investment = InvestmentFactory(portfolio=portfolio)
            FundingSourceFactory(investment=investment)
        sharer = MembershipFactory(partnership=portfolio.partnership, role=Role.LEADER).user
        services.portfolio_share(portfolio=portfolio, funder=funder_org, actor=sharer)

    share_one_more_portfolio()
    client = client_for(funder_user)

    def grow():
        for _ in range(3):
            share_one_more_portfolio()

    assert_constant_queries(lambda: client.get(reverse("funders:home")), grow, max_queries=14)
    response = client.get(reverse("funders:home"))
    assert response.context["count"] == 8


def test_funder_list_shows_fifty_investments_a_page_and_keeps_the_filters(
    funder_org, funder_user, monkeypatch
):
    monkeypatch.setattr("finance.selectors.review.FUNDER_PAGE_SIZE", 2)
    portfolio = PortfolioFactory()
    for name in ["Alpha solar", "Beta solar", "Gamma solar", "Delta wind"]:
        InvestmentFactory(portfolio=portfolio, name=name)
    sharer = MembershipFactory(partnership=portfolio.partnership, role=Role.LEADER).user
    services.portfolio_share(portfolio=portfolio, funder=funder_org, actor=sharer)
    client = client_for(funder_user)

    first = client.get(reverse("funders:home"), {"q": "solar"})
    second = client.get(reverse("funders:home"), {"q": "solar", "page": 2})

    def names(response):
        return [i.name for g in response.context["groups"] for i, _f in g.rows]

    assert names(first) == ["Alpha solar", "Beta solar"]
    assert names(second) == ["Gamma solar"]
    assert first.context["count"] == second.context["count"] == 3
    assert 'href="?q=solar&amp;page=2"' in first.content.decode()
    assert "Page 2 of 2" in second.content.decode()


# --- the funder's review page -----------------------------------------------------------


@pytest.mark.parametrize(
    ("caller", "expected"),
    [
        ("funder_with_share", "200"),
        ("funder_without_share", "404"),
        ("revoked_funder", "404"),
        ("member", "403"),
        ("staff", "403"),
        ("outsider", "403"),
        ("anonymous", "login"),
    ],
)
def test_review_page_permissions(callers, investment, caller, expected):
    url = reverse("funders:investment", args=[investment.uuid])

    assert outcome(client_for(callers[caller]).get(url)) == expected


@pytest.mark.parametrize(
    "name", ["review-start", "review-comment", "review-ask", "review-score", "review-decide"]
)
def test_review_actions_answer_404_to_a_funder_without_share(name, investment, make_funder, share):
    response = client_for(make_funder()).post(
        reverse(f"funders:{name}", args=[investment.uuid]), {"body": "x", "message": "x"}
    )

    assert response.status_code == 404
    assert ReviewMessage.objects.count() == 0
    assert InvestmentReview.objects.get().status == ReviewStatus.SHARED


def test_revoking_removes_the_review_page_at_once(share, investment, funder_user, sharer):
    client = client_for(funder_user)
    url = reverse("funders:investment", args=[investment.uuid])
    assert client.get(url).status_code == 200

    services.portfolio_share_revoke(share=share, actor=sharer)

    assert client.get(url).status_code == 404
    assert client.post(reverse("funders:review-start", args=[investment.uuid])).status_code == 404


def test_the_funder_reviews_through_the_page(share, investment, funder_user, sharer, criteria):
    client = client_for(funder_user)
    args = [investment.uuid]

    assert client.post(reverse("funders:review-start", args=args)).status_code == 302
    response = client.post(
        reverse("funders:review-ask", args=args), {"question-body": "What is the IRR?"}
    )
    assert response.status_code == 302
    assert InvestmentReview.objects.get().status == ReviewStatus.INFORMATION_REQUESTED
    client.post(reverse("funders:review-comment", args=args), {"comment-body": "Promising."})
    response = client.post(
        reverse("funders:review-score", args=args),
        {
            f"score_{criteria[0].pk}": "4",
            f"comment_{criteria[0].pk}": "Good",
            f"score_{criteria[1].pk}": "",
        },
    )
    assert response.status_code == 302
    assert list(ReviewScore.objects.values_list("score", "comment")) == [(4, "Good")]
    response = client.post(
        reverse("funders:review-decide", args=args),
        {"decision": "interest", "message": "We would like to co-finance."},
    )
    assert response.status_code == 302
    assert InvestmentReview.objects.get().status == ReviewStatus.INTEREST_EXPRESSED
    page = client.get(reverse("funders:investment", args=args)).content.decode()
    assert "What is the IRR?" in page and "We would like to co-finance." in page
    assert Notification.objects.filter(recipient=sharer).count() == 5


def test_bad_review_input_shows_errors_and_saves_nothing(share, investment, funder_user, criteria):
    client = client_for(funder_user)
    args = [investment.uuid]

    ask = client.post(reverse("funders:review-ask", args=args), {"question-body": "  "})
    score = client.post(
        reverse("funders:review-score", args=args), {f"score_{criteria[0].pk}": "9"}
    )
    empty_score = client.post(reverse("funders:review-score", args=args), {})
    decide = client.post(reverse("funders:review-decide", args=args), {"decision": "interest"})

    assert [r.status_code for r in (ask, score, empty_score, decide)] == [400, 400, 400, 400]
    assert "Score at least one criterion." in empty_score.content.decode()
    assert ReviewMessage.objects.count() == 0 and ReviewScore.objects.count() == 0
    assert InvestmentReview.objects.get().status == ReviewStatus.SHARED


def test_only_documents_visible_to_funders_download(share, investment, funder_user, partnership):
    def document(title, visible):
        doc = InvestmentDocument(
            partnership=partnership, investment=investment, title=title, shared_with_funders=visible
        )
        doc.file.save(f"{title}.pdf", ContentFile(b"%PDF-1.4 test"), save=False)
        doc.save()
        return doc

    shown, hidden = document("Business plan", True), document("Internal memo", False)
    client = client_for(funder_user)

    page = client.get(reverse("funders:investment", args=[investment.uuid])).content.decode()
    ok = client.get(reverse("funders:document", args=[investment.uuid, shown.uuid]))
    denied = client.get(reverse("funders:document", args=[investment.uuid, hidden.uuid]))

    assert "Business plan" in page and "Internal memo" not in page
    assert ok.status_code == 200 and b"".join(ok.streaming_content) == b"%PDF-1.4 test"
    assert denied.status_code == 404


# --- the partnership's side ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "list_status", "create_status"),
    [
        (Role.VIEWER, 200, 403),
        (Role.EDITOR, 200, 403),
        (Role.MEL_OFFICER, 200, 403),
        (Role.FINANCE_OFFICER, 200, 200),
        (Role.LEADER, 200, 200),
    ],
)
def test_share_pages_permissions(partnership, portfolio, role, list_status, create_status):
    client = client_for(MembershipFactory(partnership=partnership, role=role).user)

    assert (
        client.get(reverse("finance:share-list", args=[partnership.slug])).status_code
        == list_status
    )
    assert (
        client.get(reverse("finance:share-create", args=[partnership.slug])).status_code
        == create_status
    )


def test_share_list_query_count_is_constant(partnership, portfolio, sharer, make_funder):
    client = client_for(sharer)

    def add_share():
        org = OrganizationFactory(type="donor")
        make_funder(org)
        investment = InvestmentFactory(portfolio=portfolio)
        services.portfolio_share(
            portfolio=portfolio, funder=org, actor=sharer, whole_portfolio=False,
            investments=[investment],
        )  # fmt: skip

    add_share()
    assert_constant_queries(
        lambda: client.get(reverse("finance:share-list", args=[partnership.slug])),
        lambda: [add_share() for _ in range(3)],
    )


def test_a_finance_officer_shares_and_revokes_through_the_pages(
    partnership, portfolio, investment, second_investment, funder_org, funder_user, sharer
):
    client = client_for(sharer)

    response = client.post(
        reverse("finance:share-create", args=[partnership.slug]),
        {"funder": funder_org.pk, "whole_portfolio": "0", "investments": [second_investment.pk]},
    )

    assert response.status_code == 302
    share = PortfolioShare.objects.get()
    assert list(share.investments.all()) == [second_investment]
    funder = client_for(funder_user)
    assert (
        funder.get(reverse("funders:investment", args=[second_investment.uuid])).status_code == 200
    )
    assert funder.get(reverse("funders:investment", args=[investment.uuid])).status_code == 404

    response = client.post(reverse("finance:share-revoke", args=[partnership.slug, share.uuid]))

    assert response.status_code == 302
    assert (
        funder.get(reverse("funders:investment", args=[second_investment.uuid])).status_code == 404
    )


def test_share_form_errors_save_nothing(
    partnership, portfolio, investment, funder_org, funder_user, sharer
):
    client = client_for(sharer)
    url = reverse("finance:share-create", args=[partnership.slug])

    no_choice = client.post(url, {"funder": funder_org.pk, "whole_portfolio": "0"})
    no_funder = client.post(url, {"whole_portfolio": "1"})
    non_funder = client.post(url, {"funder": OrganizationFactory().pk, "whole_portfolio": "1"})

    assert [r.status_code for r in (no_choice, no_funder, non_funder)] == [400, 400, 400]
    assert "Choose at least one investment to share." in no_choice.content.decode()
    assert PortfolioShare.objects.count() == 0


def test_the_partnership_answers_on_the_review_page(
    share, investment, funder_user, sharer, partnership
):
    services.review_ask(investment=investment, actor=funder_user, body="Who owns the land?")
    review = InvestmentReview.objects.get()
    client = client_for(sharer)

    page = client.get(reverse("finance:review-detail", args=[partnership.slug, review.uuid]))
    response = client.post(
        reverse("finance:review-answer", args=[partnership.slug, review.uuid]),
        {"body": "The community forest association."},
    )

    assert "Who owns the land?" in page.content.decode()
    assert response.status_code == 302
    review.refresh_from_db()
    assert review.status == ReviewStatus.UNDER_REVIEW
    assert Notification.objects.filter(recipient=funder_user, title__contains="answered").exists()


def test_a_viewer_cannot_answer(share, investment, funder_user, partnership):
    services.review_ask(investment=investment, actor=funder_user, body="Question?")
    review = InvestmentReview.objects.get()
    viewer = MembershipFactory(partnership=partnership, role=Role.VIEWER).user

    response = client_for(viewer).post(
        reverse("finance:review-answer", args=[partnership.slug, review.uuid]), {"body": "Hi"}
    )

    assert response.status_code == 403
    assert ReviewMessage.objects.count() == 1


def test_another_partnerships_review_is_404(share, investment, funder_user, other_partnership):
    services.review_start(investment=investment, actor=funder_user)
    review = InvestmentReview.objects.get()
    leader = MembershipFactory(partnership=other_partnership, role=Role.LEADER).user

    response = client_for(leader).get(
        reverse("finance:review-detail", args=[other_partnership.slug, review.uuid])
    )

    assert response.status_code == 404
