"""Funder API (/api/v1/funder/...) and the partnership's share and review endpoints: a
funder sees exactly what is shared with their organization, and loses it at once when
the share is revoked."""

import pytest
from rest_framework.test import APIClient

from finance.models import InvestmentReview, ReviewMessage, ReviewStatus
from finance.services.review import funder_staff_add, portfolio_share
from partnerships.models import ApiKey
from partnerships.roles import Role
from tests.api.helpers import api_url, assert_error
from tests.finance.factories import (
    FundingSourceFactory,
    InvestmentFactory,
    PortfolioFactory,
    ReviewCriterionFactory,
)
from tests.hub.factories import OrganizationFactory, UserFactory
from tests.partnerships.factories import MembershipFactory, PartnershipFactory
from tests.partnerships.factories_api import ApiKeyFactory, key_header
from tests.queries import assert_constant_queries

pytestmark = pytest.mark.django_db


def _api(user=None):
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


def _funder():
    organization = OrganizationFactory(type="donor")
    user = UserFactory()
    funder_staff_add(organization=organization, user=user)
    return organization, user


def _shared_portfolio(funder, *, investments=2, whole=True):
    partnership = PartnershipFactory()
    leader = MembershipFactory(partnership=partnership, role=Role.LEADER).user
    portfolio = PortfolioFactory(partnership=partnership)
    rows = [InvestmentFactory(portfolio=portfolio) for _ in range(investments)]
    share = portfolio_share(
        portfolio=portfolio, funder=funder, actor=leader, whole_portfolio=whole,
        investments=[] if whole else rows[:1],
    )  # fmt: skip
    return share, rows, leader


def test_a_funder_lists_exactly_what_is_shared_with_them():
    funder, user = _funder()
    _share, whole, _leader = _shared_portfolio(funder)
    _share, chosen, _leader = _shared_portfolio(funder, whole=False)
    InvestmentFactory()  # not shared

    body = _api(user).get(api_url("funder-investment-list")).json()

    listed = {row["investment"]["uuid"] for row in body["results"]}
    assert listed == {str(i.uuid) for i in [*whole, chosen[0]]}
    row = body["results"][0]
    assert row["review"]["status"] == "shared"
    assert set(row["partnership"]) == {"slug", "name"}


def test_investments_not_shared_with_the_funder_are_not_found():
    funder, user = _funder()
    _share, chosen, _leader = _shared_portfolio(funder, whole=False)
    other_funder, _other_user = _funder()
    _share, theirs, _leader = _shared_portfolio(other_funder)
    client = _api(user)

    for investment in (chosen[1], theirs[0]):
        url = api_url("funder-investment-detail", investment_uuid=investment.uuid)
        assert_error(client.get(url), 404, "not_found")
        message = api_url("funder-investment-message", investment_uuid=investment.uuid)
        body = {"kind": "comment", "body": "Hello"}
        assert_error(client.post(message, body, format="json"), 404, "not_found")
    assert ReviewMessage.objects.count() == 0
    assert (
        client.get(api_url("funder-investment-detail", investment_uuid=chosen[0].uuid)).status_code
        == 200
    )


def test_revoking_a_share_removes_the_funders_access_at_once():
    funder, user = _funder()
    share, rows, leader = _shared_portfolio(funder)
    client = _api(user)
    detail = api_url("funder-investment-detail", investment_uuid=rows[0].uuid)
    review = InvestmentReview.objects.get(investment=rows[0], funder=funder)
    assert client.get(detail).status_code == 200

    revoked = _api(leader).post(
        api_url(
            "finance-share-revoke", partnership_slug=share.partnership.slug, share_uuid=share.uuid
        )
    )

    assert revoked.status_code == 200
    assert revoked.json()["is_active"] is False
    assert_error(client.get(detail), 404, "not_found")
    assert client.get(api_url("funder-investment-list")).json()["results"] == []
    assert_error(
        client.get(api_url("funder-review-detail", review_uuid=review.uuid)), 404, "not_found"
    )


def test_api_keys_and_anonymous_callers_cannot_use_the_funder_endpoints():
    funder, _user = _funder()
    _shared_portfolio(funder)
    key = ApiKeyFactory(scope=ApiKey.Scope.WRITE)
    url = api_url("funder-investment-list")

    assert_error(_api().get(url), 403, "not_authenticated")
    assert_error(_api().get(url, **key_header(key)), 403, "not_authenticated")


def test_a_member_without_funder_role_sees_nothing():
    funder, _user = _funder()
    _share, rows, leader = _shared_portfolio(funder)

    assert _api(leader).get(api_url("funder-investment-list")).json()["results"] == []
    assert_error(
        _api(leader).get(api_url("funder-investment-detail", investment_uuid=rows[0].uuid)),
        404,
        "not_found",
    )


def test_the_funder_reviews_questions_scores_and_expresses_interest_and_the_partnership_answers():
    funder, user = _funder()
    share, rows, leader = _shared_portfolio(funder, investments=1)
    investment = rows[0]
    ReviewCriterionFactory(name="Impact")
    client = _api(user)
    slug = share.partnership.slug

    asked = client.post(
        api_url("funder-investment-message", investment_uuid=investment.uuid),
        {"kind": "question", "body": "Who maintains the terraces?"}, format="json",
    )  # fmt: skip
    review_uuid = asked.json()["uuid"]
    answered = _api(leader).post(
        api_url("finance-review-answer", partnership_slug=slug, review_uuid=review_uuid),
        {"body": "The farmers' cooperative."}, format="json",
    )  # fmt: skip
    scored = client.post(
        api_url("funder-investment-score", investment_uuid=investment.uuid),
        {"criterion": "Impact", "score": 4, "comment": "Strong"}, format="json",
    )  # fmt: skip
    decided = client.post(
        api_url("funder-investment-decision", investment_uuid=investment.uuid),
        {"decision": "interest_expressed", "message": "Let us talk."}, format="json",
    )  # fmt: skip

    assert asked.status_code == 201
    assert asked.json()["status"] == ReviewStatus.INFORMATION_REQUESTED
    assert answered.status_code == 201
    assert answered.json()["kind"] == "answer"
    assert answered.json()["from_funder"] is False
    assert scored.json()["scores"] == [
        {"criterion": "Impact", "score": 4, "comment": "Strong",
         "updated_at": scored.json()["scores"][0]["updated_at"]}
    ]  # fmt: skip
    assert decided.status_code == 200
    assert decided.json()["status"] == ReviewStatus.INTEREST_EXPRESSED
    kinds = [m["kind"] for m in decided.json()["messages"]]
    assert kinds == ["question", "answer", "comment"]
    partnership_view = _api(leader).get(
        api_url("finance-review-detail", partnership_slug=slug, review_uuid=review_uuid)
    )
    assert partnership_view.json()["status"] == ReviewStatus.INTEREST_EXPRESSED


def test_funder_input_is_checked_and_the_review_status_cannot_be_set():
    funder, user = _funder()
    share, rows, leader = _shared_portfolio(funder, investments=1)
    investment = rows[0]
    ReviewCriterionFactory(name="Impact")
    client = _api(user)
    review = InvestmentReview.objects.get(investment=investment)

    bad_score = client.post(
        api_url("funder-investment-score", investment_uuid=investment.uuid),
        {"criterion": "Impact", "score": 6}, format="json",
    )  # fmt: skip
    unknown = client.post(
        api_url("funder-investment-score", investment_uuid=investment.uuid),
        {"criterion": "Nope", "score": 3}, format="json",
    )  # fmt: skip
    status_set = client.post(
        api_url("funder-investment-message", investment_uuid=investment.uuid),
        {"kind": "comment", "body": "Hi", "status": "interest_expressed"}, format="json",
    )  # fmt: skip
    answer_status = _api(leader).post(
        api_url("finance-review-answer", partnership_slug=share.partnership.slug,
                review_uuid=review.uuid),
        {"body": "Hi", "status": "declined"}, format="json",
    )  # fmt: skip

    assert list(assert_error(bad_score, 400, "invalid")["fields"]) == ["score"]
    assert list(assert_error(unknown, 400, "invalid")["fields"]) == ["criterion"]
    assert assert_error(status_set, 400, "invalid")["fields"] == {
        "status": ["This field cannot be set here."]
    }
    assert list(assert_error(answer_status, 400, "invalid")["fields"]) == ["status"]
    review.refresh_from_db()
    assert review.status == ReviewStatus.SHARED
    assert not review.scores.exists() and not review.messages.exists()


def test_a_viewer_may_read_reviews_but_not_answer():
    funder, _user = _funder()
    share, rows, _leader = _shared_portfolio(funder, investments=1)
    viewer = MembershipFactory(partnership=share.partnership, role=Role.VIEWER).user
    review = InvestmentReview.objects.get(investment=rows[0])
    slug = share.partnership.slug

    listed = _api(viewer).get(api_url("finance-review-list", partnership_slug=slug))
    answered = _api(viewer).post(
        api_url("finance-review-answer", partnership_slug=slug, review_uuid=review.uuid),
        {"body": "Hello"}, format="json",
    )  # fmt: skip

    assert [r["uuid"] for r in listed.json()["results"]] == [str(review.uuid)]
    assert_error(answered, 403, "permission_denied")
    assert not review.messages.exists()


def test_the_funder_list_uses_constant_queries_across_portfolios():
    funder, user = _funder()
    client = _api(user)
    url = api_url("funder-investment-list")

    def grow():
        for _ in range(2):
            _share, rows, _leader = _shared_portfolio(funder)
            FundingSourceFactory(investment=rows[0])

    grow()
    client.get(url)
    assert_constant_queries(lambda: client.get(url), grow)
    reviews = api_url("funder-review-list")
    assert_constant_queries(lambda: client.get(reviews), grow)
