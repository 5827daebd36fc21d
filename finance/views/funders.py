"""Funder pages across partnerships (/funders/...): one read-only view of everything
shared with the signed-in funder user, the review of each shared investment, and the
investment marketplace.

Access: a funder user sees an investment only through a guardian grant to their funder
organization's group (``finance.selectors.review.investments_shared_with``); anything
else, including an investment whose share was just revoked, answers 404.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView
from django_countries import countries

from finance.models import (
    Investment,
    InvestmentKind,
    ReviewStatus,
    Sector,
    Stage,
)
from finance.selectors import review as selectors
from finance.services import marketplace as market_services
from finance.services import review as services
from finance.services.marketplace import PUBLISHABLE_STAGES
from hub.forms import ApplicationErrorFormMixin
from hub.services import ApplicationError


class FunderMixin(LoginRequiredMixin):
    """Signed-in funder users (FunderStaff); others get 403."""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not self.allowed(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def allowed(self, user) -> bool:
        return selectors.is_funder(user)


class SharedInvestmentMixin(FunderMixin):
    """Loads ``self.investment`` shared with the user, or 404."""

    def load(self) -> Investment:
        try:
            return selectors.shared_investment_get(
                user=self.request.user, uuid=self.kwargs["investment_uuid"]
            )
        except Investment.DoesNotExist:
            raise Http404 from None

    def back(self) -> HttpResponseRedirect:
        return HttpResponseRedirect(
            reverse("funders:investment", args=[self.kwargs["investment_uuid"]])
        )


class FunderHomeView(FunderMixin, TemplateView):
    template_name = "finance/funders/home.html"

    def get_context_data(self, **kwargs):
        get = self.request.GET
        filters = {
            "partnership": get.get("partnership", "")[:80],
            "status": get.get("status", "") if get.get("status") in ReviewStatus.values else "",
            "stage": get.get("stage", "") if get.get("stage") in Stage.values else "",
            "sector": get.get("sector", "") if get.get("sector") in Sector.values else "",
            "q": get.get("q", "").strip()[:100],
        }
        user = self.request.user
        groups, page = selectors.funder_overview(user=user, page=get.get("page", 1), **filters)
        return super().get_context_data(
            groups=groups,
            count=page.paginator.count,
            page=page,
            filter_query=urlencode({k: v for k, v in filters.items() if v}),
            filters=filters,
            filtered=any(filters.values()),
            organizations=selectors.funder_organizations(user=user),
            partnerships=selectors.shared_partnerships(user=user),
            statuses=ReviewStatus.choices,
            stages=Stage.choices,
            sectors=Sector.choices,
            **kwargs,
        )


class MessageForm(ApplicationErrorFormMixin, forms.Form):
    body = forms.CharField(
        label=gettext_lazy("Message"),
        max_length=services.MAX_MESSAGE,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class DecisionForm(ApplicationErrorFormMixin, forms.Form):
    decision = forms.ChoiceField(
        label=gettext_lazy("Decision"),
        choices=[
            ("interest", gettext_lazy("Express interest")),
            ("decline", gettext_lazy("Decline")),
        ],
        widget=forms.RadioSelect,
    )
    message = forms.CharField(
        label=gettext_lazy("Message to the partnership"),
        max_length=services.MAX_MESSAGE,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ScoreForm(ApplicationErrorFormMixin, forms.Form):
    """One 1–5 score and a comment per active criterion."""

    def __init__(self, *args, criteria, initial_scores=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        initial_scores = initial_scores or {}
        for criterion in criteria:
            previous = initial_scores.get(criterion.pk)
            self.fields[f"score_{criterion.pk}"] = forms.TypedChoiceField(
                label=criterion.name,
                help_text=criterion.description,
                choices=[("", "—")] + [(str(n), str(n)) for n in range(1, 6)],
                coerce=int,
                empty_value=None,
                required=False,
                initial=str(previous.score) if previous else "",
            )
            self.fields[f"comment_{criterion.pk}"] = forms.CharField(
                label=gettext_lazy("Comment on %(criterion)s") % {"criterion": criterion.name},
                required=False,
                max_length=services.MAX_MESSAGE,
                initial=previous.comment if previous else "",
            )

    def rows(self):
        return [(c, self[f"score_{c.pk}"], self[f"comment_{c.pk}"]) for c in self.criteria]

    def scores(self):
        scores, comments = {}, {}
        for criterion in self.criteria:
            score = self.cleaned_data.get(f"score_{criterion.pk}")
            if score is not None:
                scores[criterion] = score
                comments[criterion] = self.cleaned_data.get(f"comment_{criterion.pk}", "")
        return scores, comments


class InvestmentReviewView(SharedInvestmentMixin, TemplateView):
    """The funder's review page of one shared investment."""

    template_name = "finance/funders/investment.html"

    def get_context_data(self, **kwargs):
        investment = self.load()
        user = self.request.user
        review = selectors.review_for_funder(user=user, investment=investment)
        criteria = selectors.criteria_active()
        scores = selectors.review_scores(review=review) if review else []
        figures = selectors.funding_figures([investment])[investment.pk]
        status = review.status if review else ReviewStatus.SHARED
        return super().get_context_data(
            investment=investment,
            review=review,
            status=status,
            status_label=ReviewStatus(status).label,
            is_open=status not in services.DECIDED_STATUSES,
            figures=figures,
            scores=scores,
            conversation=selectors.review_conversation(review=review) if review else [],
            comment_form=kwargs.pop("comment_form", None) or MessageForm(prefix="comment"),
            question_form=kwargs.pop("question_form", None) or MessageForm(prefix="question"),
            decision_form=kwargs.pop("decision_form", None) or DecisionForm(),
            score_form=kwargs.pop("score_form", None)
            or ScoreForm(criteria=criteria, initial_scores={s.criterion_id: s for s in scores}),
            **kwargs,
        )

    def invalid(self, **forms_with_errors):
        response = self.render_to_response(self.get_context_data(**forms_with_errors))
        response.status_code = 400
        return response


class _ReviewActionView(InvestmentReviewView):
    http_method_names = ["post"]
    success = ""

    def post(self, request, *args, **kwargs):
        investment = self.load()
        return self.act(investment)

    def done(self, message: str):
        messages.success(self.request, message)
        return self.back()


class ReviewStartView(_ReviewActionView):
    def act(self, investment):
        try:
            services.review_start(investment=investment, actor=self.request.user)
        except ApplicationError as error:
            messages.error(self.request, error.message)
            return self.back()
        return self.done(_("Review started; the partnership was notified."))


class ReviewMessageView(_ReviewActionView):
    """A comment or a question (which asks the partnership for information)."""

    question = False

    def act(self, investment):
        prefix = "question" if self.question else "comment"
        form = MessageForm(self.request.POST, prefix=prefix)
        if form.is_valid():
            service = services.review_ask if self.question else services.review_comment
            try:
                service(
                    investment=investment, actor=self.request.user, body=form.cleaned_data["body"]
                )
            except ApplicationError as error:
                form.add_application_error(error)
            else:
                return self.done(
                    _("Question sent; the partnership was asked for information.")
                    if self.question
                    else _("Comment added; the partnership was notified.")
                )
        return self.invalid(**{f"{prefix}_form": form})


class ReviewAskView(ReviewMessageView):
    question = True


class ReviewScoreView(_ReviewActionView):
    def act(self, investment):
        criteria = selectors.criteria_active()
        form = ScoreForm(self.request.POST, criteria=criteria)
        if form.is_valid():
            scores, comments = form.scores()
            try:
                services.review_score(
                    investment=investment,
                    actor=self.request.user,
                    scores=scores,
                    comments=comments,
                )
            except ApplicationError as error:
                form.add_error(None, error.message)
            else:
                return self.done(_("Scores saved; the partnership was notified."))
        return self.invalid(score_form=form)


class ReviewDecideView(_ReviewActionView):
    def act(self, investment):
        form = DecisionForm(self.request.POST)
        if form.is_valid():
            interest = form.cleaned_data["decision"] == "interest"
            service = services.review_express_interest if interest else services.review_decline
            try:
                service(
                    investment=investment,
                    actor=self.request.user,
                    message=form.cleaned_data["message"],
                )
            except ApplicationError as error:
                form.add_application_error(error)
            else:
                return self.done(
                    _("Interest expressed; the partnership was notified.")
                    if interest
                    else _("Declined; the partnership was notified.")
                )
        return self.invalid(decision_form=form)


class DocumentDownloadView(SharedInvestmentMixin, View):
    """A document of a shared investment that the partnership made visible to funders."""

    def get(self, request, *args, **kwargs):
        investment = self.load()
        document = next(
            (d for d in investment.funder_documents if str(d.uuid) == str(kwargs["document_uuid"])),
            None,
        )
        if document is None:
            raise Http404
        try:
            handle = document.file.open("rb")
        except (FileNotFoundError, OSError):
            raise Http404 from None
        return FileResponse(handle, as_attachment=True, filename=document.file.name.rsplit("/")[-1])


# --- the marketplace ------------------------------------------------------------------


class MarketplaceMixin(FunderMixin):
    """Funder users and hub staff."""

    def allowed(self, user) -> bool:
        return selectors.can_browse_marketplace(user)


def _decimal(value: str) -> Decimal | None:
    try:
        number = Decimal(value.replace(",", "").strip())
    except (InvalidOperation, AttributeError):
        return None
    return number if number.is_finite() and number >= 0 else None


class MarketplaceView(MarketplaceMixin, TemplateView):
    template_name = "finance/funders/marketplace.html"
    page_size = 50

    def get_context_data(self, **kwargs):
        get = self.request.GET
        country = get.get("country", "").upper()[:2]
        filters = {
            "sector": get.get("sector", "") if get.get("sector") in Sector.values else "",
            "stage": get.get("stage", "") if get.get("stage") in PUBLISHABLE_STAGES else "",
            "kind": get.get("kind", "") if get.get("kind") in InvestmentKind.values else "",
            "country": country if country in dict(countries) else "",
            "q": get.get("q", "").strip()[:100],
        }
        min_cost, max_cost = _decimal(get.get("min", "")), _decimal(get.get("max", ""))
        investments = list(
            selectors.marketplace_list(min_cost=min_cost, max_cost=max_cost, **filters)[
                : self.page_size + 1
            ]
        )
        return super().get_context_data(
            investments=investments[: self.page_size],
            more=len(investments) > self.page_size,
            filters=filters,
            min_cost=min_cost,
            max_cost=max_cost,
            filtered=any(filters.values()) or min_cost is not None or max_cost is not None,
            sectors=Sector.choices,
            stages=[(s, label) for s, label in Stage.choices if s in PUBLISHABLE_STAGES],
            kinds=InvestmentKind.choices,
            countries=list(countries),
            is_funder=selectors.is_funder(self.request.user),
            **kwargs,
        )


class InterestForm(ApplicationErrorFormMixin, forms.Form):
    message = forms.CharField(
        label=gettext_lazy("Message to the partnership"),
        required=False,
        max_length=services.MAX_MESSAGE,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class MarketplaceDetailView(MarketplaceMixin, TemplateView):
    template_name = "finance/funders/marketplace_detail.html"

    def load(self) -> Investment:
        try:
            return selectors.marketplace_get(uuid=self.kwargs["investment_uuid"])
        except Investment.DoesNotExist:
            raise Http404 from None

    def get_context_data(self, **kwargs):
        investment = kwargs.pop("investment", None) or self.load()
        return super().get_context_data(
            investment=investment,
            figures=selectors.funding_figures([investment])[investment.pk],
            is_funder=selectors.is_funder(self.request.user),
            form=kwargs.pop("form", None) or InterestForm(),
            **kwargs,
        )


class MarketplaceInterestView(MarketplaceDetailView):
    http_method_names = ["post"]

    def allowed(self, user) -> bool:
        return selectors.is_funder(user)

    def post(self, request, *args, **kwargs):
        investment = self.load()
        form = InterestForm(request.POST)
        if form.is_valid():
            try:
                market_services.marketplace_interest(
                    investment=investment, actor=request.user, message=form.cleaned_data["message"]
                )
            except ApplicationError as error:
                form.add_application_error(error)
            else:
                messages.success(
                    request, _("The partnership was told of your interest and will contact you.")
                )
                return HttpResponseRedirect(
                    reverse("funders:marketplace-detail", args=[investment.uuid])
                )
        response = self.render_to_response(self.get_context_data(investment=investment, form=form))
        response.status_code = 400
        return response
