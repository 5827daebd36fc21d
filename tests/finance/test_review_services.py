"""Funder review services: shares and their guardian grants, revoking, funder staff, the
review state machine, its refusals, audit, events and notifications."""

import pytest

from finance.models import (
    InvestmentReview,
    MessageKind,
    PortfolioShare,
    ReviewMessage,
    ReviewScore,
    ReviewStatus,
)
from finance.selectors import review as selectors
from finance.services import review as services
from hub import events
from hub.models import AuditEvent, Notification, User
from hub.notifications import kinds
from hub.services import ApplicationError
from partnerships.roles import Role
from tests.finance.factories import InvestmentFactory, PortfolioFactory
from tests.finance.review_fixtures import *  # noqa: F403
from tests.hub.factories import OrganizationFactory
from tests.partnerships.factories import MembershipFactory

pytestmark = pytest.mark.django_db


def fresh(user):
    """The user as a new request would load it (no permission caches)."""
    return User.objects.get(pk=user.pk)


def visible(user):
    return set(selectors.investments_shared_with(user=fresh(user)).values_list("name", flat=True))


@pytest.fixture
def published(monkeypatch):
    seen = []
    monkeypatch.setattr(events, "_subscribers", [seen.append])
    return seen


def notes(user):
    return list(
        Notification.objects.filter(recipient=user, kind=kinds.FUNDER_REVIEW).order_by("pk")
    )


# --- sharing ----------------------------------------------------------------------------


def test_sharing_the_whole_portfolio_grants_the_funder_group_every_investment(
    portfolio, investment, second_investment, funder_org, funder_user, sharer, published,
    django_capture_on_commit_callbacks,
):  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        share = services.portfolio_share(
            portfolio=portfolio, funder=funder_org, actor=sharer, message="Have a look"
        )

    user = fresh(funder_user)
    assert user.has_perm("finance.review_portfolio", portfolio)
    assert visible(funder_user) == {"River agroforestry", "Solar irrigation"}
    assert set(InvestmentReview.objects.values_list("investment__name", "status")) == {
        ("River agroforestry", ReviewStatus.SHARED),
        ("Solar irrigation", ReviewStatus.SHARED),
    }
    audit = AuditEvent.objects.get(action=AuditEvent.Action.SHARE)
    assert audit.actor == sharer and audit.partnership == portfolio.partnership
    assert audit.data["shared"] is True and audit.data["funder"] == str(funder_org.uuid)
    assert [e.type for e in published] == ["portfolio.shared"]
    assert published[0].data["funder"]["id"] == str(funder_org.uuid)
    assert published[0].object_uuid == share.uuid
    [note] = notes(funder_user)
    assert portfolio.partnership.name in note.title and note.url == "/funders/"


def test_investments_added_later_are_shared_with_a_whole_portfolio_share(
    share, portfolio, funder_user
):
    InvestmentFactory(portfolio=portfolio, name="Later one")

    assert "Later one" in visible(funder_user)


def test_sharing_chosen_investments_grants_only_those(
    portfolio, investment, second_investment, funder_org, funder_user, sharer
):
    services.portfolio_share(
        portfolio=portfolio,
        funder=funder_org,
        actor=sharer,
        whole_portfolio=False,
        investments=[second_investment],
    )

    user = fresh(funder_user)
    assert user.has_perm("finance.review_investment", second_investment)
    assert not user.has_perm("finance.review_investment", investment)
    assert not user.has_perm("finance.review_portfolio", portfolio)
    assert visible(funder_user) == {"Solar irrigation"}


@pytest.mark.parametrize("role", [Role.VIEWER, Role.EDITOR, Role.MEL_OFFICER])
def test_only_finance_officers_and_leaders_share(
    portfolio, investment, funder_org, funder_user, role
):
    member = MembershipFactory(partnership=portfolio.partnership, role=role).user

    with pytest.raises(ApplicationError):
        services.portfolio_share(portfolio=portfolio, funder=funder_org, actor=member)

    assert PortfolioShare.objects.count() == 0 and visible(funder_user) == set()


def test_a_leader_shares(portfolio, investment, funder_org, funder_user):
    leader = MembershipFactory(partnership=portfolio.partnership, role=Role.LEADER).user

    services.portfolio_share(portfolio=portfolio, funder=funder_org, actor=leader)

    assert visible(funder_user) == {"River agroforestry"}


def test_sharing_refuses_bad_requests_and_saves_nothing(
    portfolio, investment, funder_org, funder_user, sharer, partnership
):
    other = InvestmentFactory()  # another partnership's portfolio
    no_staff = OrganizationFactory(type="donor")
    cases = [
        ({"funder": funder_org, "whole_portfolio": False}, "investments"),
        ({"funder": funder_org, "whole_portfolio": False, "investments": [other]}, "investments"),
        ({"funder": no_staff}, "funder"),
        ({"funder": funder_org, "message": "x" * 6000}, "message"),
    ]
    for kwargs, field in cases:
        with pytest.raises(ApplicationError) as error:
            services.portfolio_share(portfolio=portfolio, actor=sharer, **kwargs)
        assert error.value.field == field

    assert PortfolioShare.objects.count() == 0
    assert InvestmentReview.objects.count() == 0
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.SHARE).exists()


def test_sharing_twice_with_the_same_funder_is_refused(share, portfolio, funder_org, sharer):
    with pytest.raises(ApplicationError) as error:
        services.portfolio_share(portfolio=portfolio, funder=funder_org, actor=sharer)

    assert error.value.field == "funder"
    assert PortfolioShare.objects.count() == 1


# --- revoking --------------------------------------------------------------------------


def test_revoking_removes_access_at_once(share, portfolio, investment, funder_user, sharer):
    assert visible(funder_user) == {"River agroforestry"}

    services.portfolio_share_revoke(share=share, actor=sharer)

    user = fresh(funder_user)
    assert not user.has_perm("finance.review_portfolio", portfolio)
    assert visible(funder_user) == set()
    with pytest.raises(type(investment).DoesNotExist):
        selectors.shared_investment_get(user=user, uuid=investment.uuid)
    share.refresh_from_db()
    assert share.revoked_at is not None and share.revoked_by == sharer
    revoke = AuditEvent.objects.filter(action=AuditEvent.Action.SHARE).order_by("-pk").first()
    assert revoke.data["shared"] is False
    assert "stopped sharing" in notes(funder_user)[-1].title


def test_revoking_a_chosen_investments_share_removes_their_grants(
    portfolio, investment, funder_org, funder_user, sharer
):
    share = services.portfolio_share(
        portfolio=portfolio,
        funder=funder_org,
        actor=sharer,
        whole_portfolio=False,
        investments=[investment],
    )

    services.portfolio_share_revoke(share=share, actor=sharer)

    assert not fresh(funder_user).has_perm("finance.review_investment", investment)
    assert visible(funder_user) == set()


def test_a_revoked_funder_cannot_act_on_the_review(share, investment, funder_user, sharer):
    services.portfolio_share_revoke(share=share, actor=sharer)

    with pytest.raises(ApplicationError):
        services.review_comment(investment=investment, actor=fresh(funder_user), body="Hello?")

    assert ReviewMessage.objects.count() == 0


def test_revoking_twice_or_by_a_viewer_is_refused(share, sharer, partnership, funder_user):
    viewer = MembershipFactory(partnership=partnership, role=Role.VIEWER).user
    with pytest.raises(ApplicationError):
        services.portfolio_share_revoke(share=share, actor=viewer)
    assert visible(funder_user) == {"River agroforestry"}

    services.portfolio_share_revoke(share=share, actor=sharer)
    with pytest.raises(ApplicationError):
        services.portfolio_share_revoke(share=share, actor=sharer)


def test_sharing_again_after_a_revoke_continues_the_review(
    share, portfolio, investment, funder_org, funder_user, sharer
):
    services.review_start(investment=investment, actor=fresh(funder_user))
    services.portfolio_share_revoke(share=share, actor=sharer)

    again = services.portfolio_share(portfolio=portfolio, funder=funder_org, actor=sharer)

    review = InvestmentReview.objects.get()
    assert review.status == ReviewStatus.UNDER_REVIEW and review.share == again
    assert visible(funder_user) == {"River agroforestry"}


# --- funder staff ----------------------------------------------------------------------


def test_funder_staff_added_later_see_the_share_and_removed_ones_lose_it(
    share, funder_org, make_funder
):
    newcomer = make_funder(funder_org)
    assert visible(newcomer) == {"River agroforestry"}

    services.funder_staff_remove(organization=funder_org, user=newcomer)

    assert visible(newcomer) == set()
    assert not newcomer.funder_roles.exists()


def test_a_funder_of_another_organization_sees_nothing(share, make_funder):
    assert visible(make_funder()) == set()


# --- the review ------------------------------------------------------------------------


def test_the_review_goes_through_its_states_with_notifications_each_step(
    share, investment, funder_user, sharer, criteria, published,
    django_capture_on_commit_callbacks,
):  # fmt: skip
    funder = fresh(funder_user)

    review = services.review_start(investment=investment, actor=funder)
    assert review.status == ReviewStatus.UNDER_REVIEW
    assert "started reviewing" in notes(sharer)[-1].title

    services.review_ask(investment=investment, actor=funder, body="What is the payback period?")
    review.refresh_from_db()
    assert review.status == ReviewStatus.INFORMATION_REQUESTED
    assert "asks about" in notes(sharer)[-1].title
    assert (
        notes(sharer)[-1].url
        == f"/p/{investment.partnership.slug}/finance/shares/reviews/{review.uuid}/"
    )

    answer = services.review_answer(review=review, actor=sharer, body="Six years.")
    review.refresh_from_db()
    assert review.status == ReviewStatus.UNDER_REVIEW
    assert answer.kind == MessageKind.ANSWER and answer.from_funder is False
    assert "answered" in notes(funder_user)[-1].title
    assert notes(funder_user)[-1].url == f"/funders/investments/{investment.uuid}/"

    services.review_score(
        investment=investment,
        actor=funder,
        scores={criteria[0]: 4, criteria[1]: 3},
        comments={criteria[0]: "Strong restoration case"},
    )
    assert sorted(ReviewScore.objects.values_list("score", flat=True)) == [3, 4]
    assert "scored" in notes(sharer)[-1].title

    with django_capture_on_commit_callbacks(execute=True):
        services.review_express_interest(investment=investment, actor=funder, message="Let's talk.")
    review.refresh_from_db()
    assert review.status == ReviewStatus.INTEREST_EXPRESSED
    assert review.status_changed_by == funder_user
    assert "is interested" in notes(sharer)[-1].title
    assert [e.type for e in published] == ["review.decided"]
    assert published[0].data["decision"] == "interest_expressed"
    assert AuditEvent.objects.filter(data__decision="interest_expressed").exists()

    # the partnership responds after the decision; the status stays
    services.review_answer(review=review, actor=sharer, body="Great, we will call you.")
    review.refresh_from_db()
    assert review.status == ReviewStatus.INTEREST_EXPRESSED
    assert [m.kind for m in ReviewMessage.objects.order_by("created_at")] == [
        MessageKind.QUESTION, MessageKind.ANSWER, MessageKind.COMMENT, MessageKind.ANSWER,
    ]  # fmt: skip


def test_declining_is_final(share, investment, funder_user, sharer, criteria, published,
                            django_capture_on_commit_callbacks):  # fmt: skip
    funder = fresh(funder_user)
    with django_capture_on_commit_callbacks(execute=True):
        services.review_decline(investment=investment, actor=funder, message="Outside our scope.")

    for refused in (
        lambda: services.review_ask(investment=investment, actor=funder, body="?"),
        lambda: services.review_score(investment=investment, actor=funder, scores={criteria[0]: 5}),
        lambda: services.review_express_interest(investment=investment, actor=funder, message="a"),
        lambda: services.review_decline(investment=investment, actor=funder, message="again"),
        lambda: services.review_start(investment=investment, actor=funder),
    ):
        with pytest.raises(ApplicationError):
            refused()

    review = InvestmentReview.objects.get()
    assert review.status == ReviewStatus.DECLINED
    assert ReviewScore.objects.count() == 0 and ReviewMessage.objects.count() == 1
    assert published[0].data["decision"] == "declined"
    assert "declined" in notes(sharer)[-1].title
    # a comment is still welcome
    services.review_comment(investment=investment, actor=funder, body="Keep us posted.")


def test_a_comment_starts_the_review_and_notifies_the_partnership(
    share, investment, funder_user, sharer
):
    message = services.review_comment(investment=investment, actor=fresh(funder_user), body="Nice")

    assert message.from_funder and message.kind == MessageKind.COMMENT
    assert InvestmentReview.objects.get().status == ReviewStatus.UNDER_REVIEW
    assert "commented" in notes(sharer)[-1].title


def test_starting_twice_is_refused(share, investment, funder_user):
    services.review_start(investment=investment, actor=fresh(funder_user))

    with pytest.raises(ApplicationError):
        services.review_start(investment=investment, actor=fresh(funder_user))


@pytest.mark.parametrize("score", [0, 6, None, -1])
def test_scores_outside_one_to_five_are_refused(share, investment, funder_user, criteria, score):
    with pytest.raises(ApplicationError) as error:
        services.review_score(
            investment=investment, actor=fresh(funder_user), scores={criteria[0]: score}
        )

    assert error.value.field == "scores"
    assert ReviewScore.objects.count() == 0


def test_an_inactive_criterion_cannot_be_scored(share, investment, funder_user, criteria):
    criteria[0].active = False
    criteria[0].save()

    with pytest.raises(ApplicationError):
        services.review_score(
            investment=investment, actor=fresh(funder_user), scores={criteria[0]: 3}
        )


def test_scoring_again_replaces_the_score(share, investment, funder_user, criteria):
    services.review_score(investment=investment, actor=fresh(funder_user), scores={criteria[0]: 2})
    services.review_score(investment=investment, actor=fresh(funder_user), scores={criteria[0]: 5})

    assert list(ReviewScore.objects.values_list("score", flat=True)) == [5]


def test_empty_messages_are_refused(share, investment, funder_user, sharer):
    with pytest.raises(ApplicationError):
        services.review_ask(investment=investment, actor=fresh(funder_user), body="   ")
    with pytest.raises(ApplicationError):
        services.review_express_interest(
            investment=investment, actor=fresh(funder_user), message=""
        )

    assert ReviewMessage.objects.count() == 0
    assert InvestmentReview.objects.get().status == ReviewStatus.SHARED


def test_a_funder_without_a_share_cannot_review(investment, make_funder, portfolio):
    with pytest.raises(ApplicationError):
        services.review_start(investment=investment, actor=make_funder())

    assert InvestmentReview.objects.count() == 0


def test_only_sharers_answer_and_not_after_a_revoke(
    share, investment, funder_user, sharer, partnership
):
    services.review_ask(investment=investment, actor=fresh(funder_user), body="Budget?")
    review = InvestmentReview.objects.get()
    viewer = MembershipFactory(partnership=partnership, role=Role.VIEWER).user

    with pytest.raises(ApplicationError):
        services.review_answer(review=review, actor=viewer, body="Hi")
    services.portfolio_share_revoke(share=share, actor=sharer)
    with pytest.raises(ApplicationError):
        services.review_answer(review=review, actor=sharer, body="Hi")

    assert ReviewMessage.objects.filter(kind=MessageKind.ANSWER).count() == 0
    review.refresh_from_db()
    assert review.status == ReviewStatus.INFORMATION_REQUESTED


def test_the_portfolio_of_another_partnership_stays_hidden(share, funder_user):
    other = PortfolioFactory()
    InvestmentFactory(portfolio=other, name="Elsewhere")

    assert visible(funder_user) == {"River agroforestry"}
